import { useId, useRef, useState } from 'react';
import { describeSecretText, type SecretTextKind } from '../lib/secret-text';
import { FilePick } from './FilePick';
import { useSlotAria } from './invalid-slot';
import '../styles/schemes.css';

const fileTypes: Record<SecretTextKind, { accept: string; placeholder: string }> = {
  pem: { accept: '.pem,.key,.txt', placeholder: '-----BEGIN PRIVATE KEY-----' },
  base64: { accept: '.p12,.pfx', placeholder: 'Choose the .p12 or .pfx file below, or paste it as base64' },
};

/**
 * A write-only multi-line secret (a PEM private key, a PKCS#12 bundle): a <textarea> that behaves like a password
 * field. Uncontrolled, masked, no autocomplete or spellcheck; its value lives only in the DOM until the form is
 * submitted (see readSecrets) and is emptied after. A file can fill it instead of pasting. Only a description of
 * what it holds (PEM type, length) is kept in state.
 */
export function SecretTextArea(props: { slot: string; label: string; kind: SecretTextKind; hint?: string; defaultValue?: string; required?: boolean }) {
  const id = useId();
  const aria = useSlotAria(props.slot, `${id}-summary ${id}-hint`);
  const area = useRef<HTMLTextAreaElement>(null);
  const [summary, setSummary] = useState('');
  const types = fileTypes[props.kind];
  const fromFile = (value: string, fileName: string) => {
    if (area.current) area.current.value = value;
    setSummary(`Read ${fileName}: ${describeSecretText(value, props.kind)}`);
  };
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <textarea
        id={id}
        ref={area}
        className="secret-text"
        rows={props.kind === 'pem' ? 4 : 2}
        data-secret-slot={props.slot}
        defaultValue={props.defaultValue}
        required={props.required}
        placeholder={types.placeholder}
        autoComplete="off"
        autoCorrect="off"
        autoCapitalize="off"
        spellCheck={false}
        {...aria}
        onInput={(e) => setSummary(describeSecretText(e.currentTarget.value, props.kind))}
      />
      <FilePick label="Or read it from a file:" accept={types.accept} kind={props.kind} onRead={fromFile} />
      <p id={`${id}-summary`} className="field-hint secret-summary" aria-live="polite">
        {summary}
      </p>
      {props.hint && (
        <p id={`${id}-hint`} className="field-hint">
          {props.hint}
        </p>
      )}
    </div>
  );
}
