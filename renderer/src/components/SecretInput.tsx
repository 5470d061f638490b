import { useId } from 'react';
import { secretTextKinds } from '../lib/secret-text';
import { useSlotAria } from './invalid-slot';
import { SecretTextArea } from './SecretTextArea';

/**
 * A write-only secret field. It is uncontrolled on purpose: the value lives only in the DOM input until the form
 * is submitted (see readSecrets), never in React state. `slot` names the secret slot it fills; slots that hold a
 * file's content (a PEM key, a PKCS#12 bundle) get a masked multi-line field with a file chooser instead.
 */
export function SecretInput(props: { slot: string; label: string; defaultValue?: string; hint?: string; required?: boolean }) {
  const id = useId();
  const aria = useSlotAria(props.slot, props.hint ? `${id}-hint` : '');
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
        {...aria}
      />
      {props.hint && (
        <p id={`${id}-hint`} className="field-hint">
          {props.hint}
        </p>
      )}
    </div>
  );
}
