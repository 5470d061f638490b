import { useId } from 'react';
import type { SigningAlg } from '../../../shared/oauth';
import { signingAlgLabels } from '../lib/oauth-labels';
import { SecretInput } from './SecretInput';
import { TextField } from './TextField';

/**
 * The private key that signs the profile's JWTs (private_key_jwt client assertions, JWT bearer assertions), with
 * the key ID and algorithm the server expects. The key is write-only (slot `private_key`).
 */
export function SigningKeyFields(props: {
  keyId: string;
  alg: SigningAlg;
  onKeyId: (keyId: string) => void;
  onAlg: (alg: SigningAlg) => void;
  /** What the key signs, in a few words. */
  signs: string;
}) {
  const id = useId();
  return (
    <fieldset className="nested-fields">
      <legend>Signing key</legend>
      <p className="field-hint">Signs {props.signs}. Register its public key with the authorization server.</p>
      <div className="field-row">
        <div className="grow">
          <TextField label="Key ID (optional)" value={props.keyId} onChange={props.onKeyId} hint="Sent as the JWT’s kid header, for servers that hold several keys." />
        </div>
        <div className="field grow">
          <label htmlFor={id}>Signing algorithm</label>
          <select id={id} value={props.alg} onChange={(e) => props.onAlg(e.target.value as SigningAlg)}>
            {(Object.keys(signingAlgLabels) as SigningAlg[]).map((a) => (
              <option key={a} value={a}>
                {signingAlgLabels[a]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <SecretInput slot="private_key" label="Private key (PEM)" required hint="PKCS#8 or traditional PEM. Stored in your OS keychain; Authdesk never shows it again." />
    </fieldset>
  );
}
