import { Fragment } from 'react';
import type { OAuthConfig } from '../../../shared/oauth';

/** The OAuth endpoints and options of a saved profile, as rows of the profile's definition list. */
export function OAuthSettings({ auth }: { auth: OAuthConfig }) {
  const rows: [string, string | undefined][] = [
    ['Issuer', auth.issuer],
    ['Authorization endpoint', auth.authorizationEndpoint],
    ['Device authorization endpoint', auth.deviceAuthorizationEndpoint],
    ['Token endpoint', auth.tokenEndpoint],
    ['Revocation endpoint', auth.revocationEndpoint],
    ['Scope', auth.scope],
    ['Redirect URI', auth.grant === 'authorization_code' ? (auth.redirectUri ?? 'http://127.0.0.1:{random port}/callback') : undefined],
  ];
  return (
    <>
      {rows
        .filter((r): r is [string, string] => Boolean(r[1]))
        .map(([label, value]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd>
              <code>{value}</code>
            </dd>
          </Fragment>
        ))}
    </>
  );
}
