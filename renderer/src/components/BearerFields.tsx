import { useId } from 'react';
import { SecretInput } from './SecretInput';

/** A bearer token and the word that precedes it in the Authorization header. */
export function BearerFields(props: { prefix: string; onPrefix: (value: string) => void }) {
  const id = useId();
  return (
    <>
      <SecretInput slot="token" label="Token" required hint="Stored in your OS keychain." />
      <div className="field">
        <label htmlFor={id}>Prefix</label>
        <input id={id} value={props.prefix} onChange={(e) => props.onPrefix(e.target.value)} spellCheck={false} />
        <p className="field-hint">
          Sent as <code>Authorization: {props.prefix || 'Bearer'} …</code>. Some APIs want <code>token</code> or{' '}
          <code>Zoho-oauthtoken</code>.
        </p>
      </div>
    </>
  );
}
