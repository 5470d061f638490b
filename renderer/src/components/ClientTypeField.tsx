import type { ClientType } from '../../../shared/profile';

const options: { value: ClientType; title: string; text: string }[] = [
  { value: 'confidential', title: 'Confidential', text: 'Runs on a server and can keep a secret.' },
  {
    value: 'public',
    title: 'Public',
    text: 'A web, mobile or desktop app: anything shipped to users cannot keep a secret.',
  },
];

/** The RFC 6749 client type as two radio buttons, each with a one-line explanation. */
export function ClientTypeField(props: { value: ClientType; onChange: (value: ClientType) => void }) {
  return (
    <fieldset className="field choice-group">
      <legend>Client type</legend>
      {options.map((o) => (
        <label key={o.value} className="choice">
          <input
            type="radio"
            name="clientType"
            value={o.value}
            checked={props.value === o.value}
            onChange={() => props.onChange(o.value)}
          />
          <span>
            <strong>{o.title}</strong> <span className="choice-text">{o.text}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
