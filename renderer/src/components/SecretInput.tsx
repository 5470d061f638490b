import { useId } from 'react';

/**
 * A write-only secret field. It is uncontrolled on purpose: the value lives only in the DOM input until the form
 * is submitted (see readSecrets), never in React state. `slot` names the secret slot it fills.
 */
export function SecretInput(props: { slot: string; label: string; defaultValue?: string; hint?: string; required?: boolean }) {
  const id = useId();
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
      />
      {props.hint && <p className="field-hint">{props.hint}</p>}
    </div>
  );
}
