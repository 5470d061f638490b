import { useId } from 'react';
import { FilePick } from './FilePick';

/** A public PEM text (a certificate chain, a CA): a textarea that may be filled from a file; `field` as in TextField. */
export function PemField(props: { label: string; value: string; onChange: (value: string) => void; hint: string; field?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <textarea
        id={id}
        data-field={props.field}
        rows={4}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        placeholder="-----BEGIN CERTIFICATE-----"
        spellCheck={false}
        autoComplete="off"
        aria-describedby={`${id}-hint`}
      />
      <FilePick label="Or read it from a file:" accept=".pem,.crt,.cer" kind="pem" onRead={(value) => props.onChange(value)} />
      <p id={`${id}-hint`} className="field-hint">
        {props.hint}
      </p>
    </div>
  );
}
