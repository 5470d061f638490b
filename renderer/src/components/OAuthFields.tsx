import { useId } from 'react';
import type { Grant } from '../../../shared/oauth';
import type { ClientType } from '../../../shared/profile';
import { lintProfile } from '../../../shared/lint';
import { oauthConfigOf, type OAuthDraft } from '../lib/oauth-draft';
import { grantLabels } from '../lib/oauth-labels';
import { GitHubAppFields } from './GitHubAppFields';
import { LintWarnings } from './LintWarnings';
import { OAuthTokenClient } from './OAuthTokenClient';
import { TextField } from './TextField';

const clientTypeNotes: Record<ClientType, string> = {
  public:
    'Public client (desktop, mobile or browser app): it cannot keep a client_secret, so it authenticates with none and proves each sign-in with PKCE.',
  confidential: 'Confidential client (a server): it proves itself at the token endpoint with its client_secret, a private key or a client certificate.',
};

/**
 * The OAuth 2.0 part of the profile editor: grant, then what that grant needs. Token-endpoint grants get issuer
 * discovery, endpoints, client and scope (JWT bearer adds the assertion's claims); a GitHub App only its App ID,
 * installation and private key. Fields for a signing key appear when the grant or client authentication signs JWTs.
 */
export function OAuthFields(props: {
  draft: OAuthDraft;
  clientType: ClientType;
  onChange: (update: (d: OAuthDraft) => OAuthDraft) => void;
  onGrant: (grant: Grant) => void;
  secretDefault?: string;
  discoverOnMount?: boolean;
}) {
  const id = useId();
  const d = props.draft;
  const patch = (p: Partial<OAuthDraft>) => props.onChange((old) => ({ ...old, ...p }));
  const github = d.grant === 'github_app';
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-grant`}>Grant</label>
        <select id={`${id}-grant`} value={d.grant} onChange={(e) => props.onGrant(e.target.value as Grant)} aria-describedby={`${id}-client`}>
          {(Object.keys(grantLabels) as Grant[]).map((g) => (
            <option key={g} value={g}>
              {grantLabels[g].title} — {grantLabels[g].forWhom}
            </option>
          ))}
        </select>
        <p id={`${id}-client`} className="field-hint">
          {github ? 'The GitHub App itself is the client: it proves itself with its private key, no client_secret.' : clientTypeNotes[props.clientType]}
        </p>
      </div>
      {d.grant === 'client_credentials' && props.clientType === 'public' && (
        <p className="warning" role="note">
          Client credentials is for confidential clients only (RFC 6749 §4.4): a public client has no secret to prove itself with.
        </p>
      )}
      {github ? <GitHubAppFields draft={d} onChange={patch} /> : <OAuthTokenClient {...props} patch={patch} />}
      {!github && (
        <TextField
          label="Scope (optional)"
          value={d.scope}
          onChange={(scope) => patch({ scope })}
          placeholder="openid offline_access"
          hint="Space-delimited, as the server names them (RFC 6749 §3.3). Ask for the least you need."
        />
      )}
      {d.grant === 'authorization_code' && (
        <>
          <TextField
            label="Redirect URI (optional)"
            field="redirectUri"
            type="url"
            value={d.redirectUri}
            onChange={(redirectUri) => patch({ redirectUri })}
            placeholder="http://127.0.0.1:{random port}/callback"
            hint="Leave empty for http://127.0.0.1:{random port}/callback (RFC 8252 §7.3). Fix one only if your server demands an exact port."
          />
          {/* The profile view's warning about a "localhost" redirect URI (RFC 8252 §8.3), shown as it is typed. */}
          <LintWarnings
            warnings={lintProfile({ clientType: props.clientType, auth: oauthConfigOf(d) }).filter((w) => w.code === 'redirect-uri-localhost')}
          />
          <label className="check">
            <input type="checkbox" checked={d.requireIss} onChange={(e) => patch({ requireIss: e.target.checked })} />
            <span>
              Require iss in the sign-in response <span className="choice-text">(RFC 9207 mix-up defence; Discover sets it from the metadata)</span>
            </span>
          </label>
        </>
      )}
      <TextField
        label="Token prefix"
        field="tokenPrefix"
        value={d.tokenPrefix}
        onChange={(tokenPrefix) => patch({ tokenPrefix })}
        hint={
          <>
            Sent as <code>Authorization: {d.tokenPrefix.trim() || 'Bearer'} …</code>. Zoho wants <code>Zoho-oauthtoken</code>.
          </>
        }
      />
    </>
  );
}
