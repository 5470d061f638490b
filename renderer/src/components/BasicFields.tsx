import { useId } from 'react';
import { SecretInput } from './SecretInput';

/** HTTP Basic (RFC 7617): a username that may itself be a secret, and a password. */
export function BasicFields(props: {
  username: string;
  usernameSecret: boolean;
  onUsername: (value: string) => void;
  onUsernameSecret: (secret: boolean) => void;
  passwordDefault?: string;
}) {
  const id = useId();
  return (
    <>
      {props.usernameSecret ? (
        <SecretInput slot="username" label="Username (saved as a secret)" required />
      ) : (
        <div className="field">
          <label htmlFor={`${id}-user`}>Username</label>
          <input
            id={`${id}-user`}
            value={props.username}
            onChange={(e) => props.onUsername(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
      )}
      <label className="check">
        <input type="checkbox" checked={props.usernameSecret} onChange={(e) => props.onUsernameSecret(e.target.checked)} />
        Username is a secret too <span className="choice-text">(some APIs use the key as the username)</span>
      </label>
      <SecretInput
        slot="password"
        label="Password"
        defaultValue={props.passwordDefault}
        hint="May be empty. Stored in your OS keychain."
      />
    </>
  );
}
