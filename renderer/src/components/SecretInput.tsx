import { useId, useState } from 'react';
import { MIN_SECRET_LENGTH } from '../../../shared/redact';
import { secretTextKinds } from '../lib/secret-text';
import { useSlotAria } from './invalid-slot';
import { SecretTextArea } from './SecretTextArea';

/**
 * A write-only secret field. It is uncontrolled on purpose: the value lives only in the DOM input until the form
 * is submitted (see readSecrets), never in React state: only its length is kept, to say when it is too short to be
 * masked by value (shared/slot-value.ts `shortSecretWarnings`, as the CLI warns). `slot` names the secret slot it
 * fills; slots that hold a file's content (a PEM key, a PKCS#12 bundle) get a masked multi-line field with a file
 * chooser instead.
 */
export function SecretInput(props: { slot: string; label: string; defaultValue?: string; hint?: string; required?: boolean }) {
  const id = useId();
  const [length, setLength] = useState(0);
  const short = length > 0 && length < MIN_SECRET_LENGTH;
  const aria = useSlotAria(props.slot, [props.hint ? `${id}-hint` : '', short ? `${id}-short` : ''].filter(Boolean).join(' '));
  const kind = secretTextKinds[props.slot];
  if (kind) return <SecretTextArea {...props} kind={kind} />;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="password"
        autoComplete="off"
        spellCheck={false}
        data-secret-slot={props.slot}
        defaultValue={props.defaultValue}
        required={props.required}
        onInput={(e) => setLength(e.currentTarget.value.length)}
        {...aria}
      />
      {short && (
        <p id={`${id}-short`} className="field-hint field-warn">
          {length} character{length === 1 ? '' : 's'}: too short to be masked by value, so a server that echoes it back has it
          shown and stored as it is.
        </p>
      )}
      {props.hint && (
        <p id={`${id}-hint`} className="field-hint">
          {props.hint}
        </p>
      )}
    </div>
  );
}
