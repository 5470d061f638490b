import { useId } from 'react';
import type { ClientType } from '../../../shared/profile';

const options: { value: ClientType; title: string; text: string }[] = [
  { value: 'confidential', title: 'Confidential', text: 'Runs on a server and can keep a secret.' },
  {
    value: 'public',
    title: 'Public',
    text: 'A web, mobile or desktop app: anything shipped to users cannot keep a secret.',
  },
];

/**
 * The RFC 6749 client type as two radio buttons, each with a one-line explanation. `field` is the checked radio's
 * `data-field` (so a problem with the client type focuses it, lib/problem); with `publicOnly` (the reason, shown under
 * the choices) Confidential cannot be chosen.
 */
export function ClientTypeField(props: { value: ClientType; onChange: (value: ClientType) => void; field?: string; publicOnly?: string }) {
  const id = useId();
  return (
    <fieldset className="field choice-group" aria-describedby={props.publicOnly ? `${id}-why` : undefined}>
      <legend>Client type</legend>
      {options.map((o) => (
        <label key={o.value} className="choice">
          <input
            type="radio"
            name="clientType"
            value={o.value}
            checked={props.value === o.value}
            disabled={props.publicOnly !== undefined && o.value === 'confidential'}
            data-field={props.value === o.value ? props.field : undefined}
            onChange={() => props.onChange(o.value)}
          />
          <span>
            <strong>{o.title}</strong> <span className="choice-text">{o.text}</span>
          </span>
        </label>
      ))}
      {props.publicOnly && (
        <p id={`${id}-why`} className="field-hint">
          {props.publicOnly}
        </p>
      )}
    </fieldset>
  );
}
