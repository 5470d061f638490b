import type { AuthConfig } from '../../../shared/profile';
import { grantLabels } from '../lib/oauth-labels';

/** The non-secret part of a profile's auth configuration, in words. */
export function AuthSummary({ auth }: { auth: AuthConfig }) {
  switch (auth.scheme) {
    case 'basic':
      return <>Basic · username {auth.username === null ? '(secret)' : <code>{auth.username}</code>}</>;
    case 'bearer':
      return (
        <>
          Bearer · sent as <code>Authorization: {auth.prefix} …</code>
        </>
      );
    case 'apikey':
      return (
        <>
          API key in{' '}
          {auth.placements.map((p, i) => (
            <span key={i}>
              {i > 0 && ' and '}
              {p.in} <code>{p.name}</code>
              {p.prefix ? ` (prefix ${p.prefix})` : ''}
            </span>
          ))}
        </>
      );
    case 'oauth2':
      return (
        <>
          OAuth 2.0 · {grantLabels[auth.grant].title} · client_id <code>{auth.clientId}</code> · {auth.tokenEndpointAuthMethod}
        </>
      );
  }
}
