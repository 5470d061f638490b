import { useId } from 'react';
import { usesClientCertificate, type TokenEndpointAuthMethod } from '../../../shared/oauth';
import type { ClientType } from '../../../shared/profile';
import { methodLabels } from '../lib/oauth-labels';
import { SecretInput } from './SecretInput';

/**
 * How the client proves itself at the token endpoint: the method, the raw-Basic interop switch and the write-only
 * client_secret. A public client gets no secret field; if the user picks a secret method anyway, a warning says why
 * that secret is not secret (RFC 8252 §8.5). private_key_jwt needs no secret: its key is in SigningKeyFields; the
 * mutual-TLS methods (RFC 8705 §2) neither: their certificate is in the client certificate fields.
 */
export function ClientAuthFields(props: {
  clientType: ClientType;
  method: TokenEndpointAuthMethod;
  sendRaw: boolean;
  onMethod: (method: TokenEndpointAuthMethod) => void;
  onSendRaw: (raw: boolean) => void;
  secretDefault?: string;
}) {
  const id = useId();
  const needsSecret = props.method === 'client_secret_basic' || props.method === 'client_secret_post';
  const certificate = usesClientCertificate({ grant: 'client_credentials', tokenEndpointAuthMethod: props.method });
  const hint = props.method === 'private_key_jwt' || certificate;
  return (
    <>
      <div className="field">
        <label htmlFor={id}>Client authentication</label>
        <select id={id} value={props.method} onChange={(e) => props.onMethod(e.target.value as TokenEndpointAuthMethod)} aria-describedby={hint ? `${id}-hint` : undefined}>
          {(Object.keys(methodLabels) as TokenEndpointAuthMethod[]).map((m) => (
            <option key={m} value={m}>
              {methodLabels[m]}
            </option>
          ))}
        </select>
        {props.method === 'private_key_jwt' && (
          <p id={`${id}-hint`} className="field-hint">
            No client_secret: each token request carries a short-lived JWT signed with the private key below (RFC 7523 §2.2).
          </p>
        )}
        {certificate && (
          <p id={`${id}-hint`} className="field-hint">
            No client_secret: the client certificate below is presented in the TLS handshake to the token endpoint, and to
            the API for certificate-bound tokens (RFC 8705). The client_id still goes in the request body.
          </p>
        )}
      </div>
      {props.clientType === 'public' && needsSecret && (
        <p className="warning" role="note">
          A public client (desktop, mobile or browser app) cannot keep a client_secret: anyone with a copy of the app
          can read it (RFC 8252 §8.5). Choose <strong>none</strong> and let PKCE protect the sign-in, unless your
          server insists on a secret.
        </p>
      )}
      {props.clientType === 'public' && props.method === 'tls_client_auth' && (
        <p className="warning" role="note">
          A public client cannot keep the private key of a certificate its CA issued to the client: anyone with a copy of
          the app can extract it (RFC 8252 §8.5). Use <strong>self_signed_tls_client_auth</strong> with a key made on
          each installation (RFC 8705 §2.2, §4), or <strong>none</strong> with PKCE.
        </p>
      )}
      {props.method === 'client_secret_basic' && (
        <label className="check">
          <input type="checkbox" checked={props.sendRaw} onChange={(e) => props.onSendRaw(e.target.checked)} />
          <span>
            Send the raw client_id and secret in Basic{' '}
            <span className="choice-text">(for servers that don’t form-decode them, against RFC 6749 §2.3.1)</span>
          </span>
        </label>
      )}
      {needsSecret && <SecretInput slot="client_secret" label="Client secret" defaultValue={props.secretDefault} hint="Stored in your OS keychain." />}
    </>
  );
}
