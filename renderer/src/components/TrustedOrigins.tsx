import { useId, useState } from 'react';
import { parseOrigin } from '../lib/origin';

/**
 * The "Trust redirects to" list: origins a redirect may carry this profile's credentials to. The explanation says
 * what the default is, because the list is an exception to it.
 */
export function TrustedOrigins(props: { origins: string[]; onChange: (origins: string[]) => void }) {
  const id = useId();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const add = () => {
    const origin = parseOrigin(text);
    if (!origin) {
      setProblem('Enter an origin such as https://files.example.com: scheme and host (and port), no path.');
      return;
    }
    setProblem(null);
    setText('');
    if (!props.origins.includes(origin)) props.onChange([...props.origins, origin]);
  };
  return (
    <fieldset className="field trusted-origins" aria-describedby={`${id}-why`}>
      <legend>Trust redirects to</legend>
      <p id={`${id}-why`} className="field-hint">
        When an API redirects, Authdesk never sends this profile&apos;s credentials to another origin, and never over an
        https → http downgrade. Add an origin only if this API redirects to a sibling host you trust; a downgrade to
        http still never carries credentials.
      </p>
      {props.origins.length > 0 && (
        <ul className="origin-list">
          {props.origins.map((o) => (
            <li key={o}>
              <code>{o}</code>
              <button
                type="button"
                className="btn btn-small"
                aria-label={`Stop trusting ${o}`}
                onClick={() => props.onChange(props.origins.filter((x) => x !== o))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="input-with-button">
        <label htmlFor={`${id}-new`} className="visually-hidden">
          Origin to trust
        </label>
        <input
          id={`${id}-new`}
          type="url"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
          placeholder="https://files.example.com"
          spellCheck={false}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
        />
        <button type="button" className="btn" onClick={add} disabled={text.trim() === ''}>
          Add origin
        </button>
      </div>
      {problem && (
        <p id={`${id}-problem`} className="field-error" role="alert">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
