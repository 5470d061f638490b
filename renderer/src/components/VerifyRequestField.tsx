import { useId } from 'react';
import type { VerifyRequest } from '../../../shared/profile';

const methods: VerifyRequest['method'][] = ['GET', 'HEAD', 'POST'];

/** The verify request ("am I authenticated?" call): a method and a path on the base URL or an absolute URL. */
export function VerifyRequestField(props: {
  method: VerifyRequest['method'];
  target: string;
  onMethod: (m: VerifyRequest['method']) => void;
  onTarget: (t: string) => void;
  /** The target input's `data-field` (see lib/problem). */
  field?: string;
}) {
  const id = useId();
  return (
    <fieldset className="field" aria-describedby={`${id}-hint`}>
      <legend>Verify request</legend>
      <div className="url-bar">
        <label htmlFor={`${id}-method`} className="visually-hidden">
          Verify method
        </label>
        <select id={`${id}-method`} value={props.method} onChange={(e) => props.onMethod(e.target.value as VerifyRequest['method'])}>
          {methods.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
        <label htmlFor={`${id}-target`} className="visually-hidden">
          Verify target
        </label>
        <input
          id={`${id}-target`}
          data-field={props.field}
          value={props.target}
          onChange={(e) => props.onTarget(e.target.value)}
          placeholder="/user"
          spellCheck={false}
          autoComplete="off"
        />
      </div>
      <p id={`${id}-hint`} className="field-hint">
        The &quot;am I authenticated?&quot; call behind <strong>Test credentials</strong>: a path on the base URL (such as
        /user) or an absolute URL. Leave empty for none.
      </p>
    </fieldset>
  );
}
