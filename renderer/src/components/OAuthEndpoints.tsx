import type { Grant } from '../../../shared/oauth';
import type { OAuthDraft } from '../lib/oauth-draft';
import { TextField } from './TextField';

type EndpointKey = 'authorizationEndpoint' | 'tokenEndpoint' | 'deviceAuthorizationEndpoint' | 'revocationEndpoint';

const endpoints: { key: EndpointKey; label: string; grants: Grant[]; hint?: string }[] = [
  { key: 'authorizationEndpoint', label: 'Authorization endpoint', grants: ['authorization_code'], hint: 'Opened in your browser to sign in.' },
  { key: 'deviceAuthorizationEndpoint', label: 'Device authorization endpoint', grants: ['device_code'], hint: 'Gives the code you type on the other device.' },
  { key: 'tokenEndpoint', label: 'Token endpoint', grants: ['client_credentials', 'authorization_code', 'device_code', 'jwt_bearer'] },
  { key: 'revocationEndpoint', label: 'Revocation endpoint (optional)', grants: ['client_credentials', 'authorization_code', 'device_code', 'jwt_bearer'], hint: 'Used by Revoke tokens (RFC 7009).' },
];

/** The endpoint URLs the chosen grant uses; Discover fills them in, a person may edit them. */
export function OAuthEndpoints(props: { draft: OAuthDraft; onChange: (patch: Partial<OAuthDraft>) => void }) {
  return (
    <>
      {endpoints
        .filter((e) => e.grants.includes(props.draft.grant))
        .map((e) => (
          <TextField
            key={e.key}
            field={e.key}
            label={e.label}
            type="url"
            value={props.draft[e.key]}
            onChange={(value) => props.onChange({ [e.key]: value })}
            hint={e.hint}
          />
        ))}
    </>
  );
}
