import { Fragment, type ReactNode } from 'react';
import { DEFAULT_GITHUB_API, usesPrivateKey, type OAuthConfig } from '../../../shared/oauth';

/** A value in code font, or a default in words when it is unset. */
const valueOr = (value: string | undefined, fallback: string): ReactNode => (value ? <code>{value}</code> : fallback);

/** The rows that apply to the profile's grant and client authentication; undefined ones are left out. */
function rowsOf(auth: OAuthConfig): [string, ReactNode][] {
  const code = (v: string | undefined) => (v ? <code>{v}</code> : undefined);
  if (auth.grant === 'github_app') {
    return [
      ['App ID', code(auth.appId)],
      ['Installation ID', code(auth.installationId)],
      ['GitHub API URL', valueOr(auth.apiBase, `${DEFAULT_GITHUB_API} (default)`)],
      ['App JWT', 'RS256, signed with the App’s private key'],
    ];
  }
  const jwt = auth.grant === 'jwt_bearer';
  return [
    ['Issuer', code(auth.issuer)],
    ['Authorization endpoint', code(auth.authorizationEndpoint)],
    ['Device authorization endpoint', code(auth.deviceAuthorizationEndpoint)],
    ['Token endpoint', code(auth.tokenEndpoint)],
    ['Revocation endpoint', code(auth.revocationEndpoint)],
    ['Scope', code(auth.scope)],
    ['Redirect URI', auth.grant === 'authorization_code' ? valueOr(auth.redirectUri, 'http://127.0.0.1:{random port}/callback') : undefined],
    ['JWT subject (sub)', jwt ? code(auth.jwtSubject) : undefined],
    ['JWT issuer (iss)', jwt ? valueOr(auth.jwtIssuer, 'the client ID (default)') : undefined],
    ['JWT audience (aud)', jwt ? valueOr(auth.jwtAudience, 'the token endpoint URL (default)') : undefined],
    ...(usesPrivateKey(auth)
      ? ([
          ['Signing algorithm', <code key="alg">{auth.signingAlg ?? 'RS256'}</code>],
          ['Key ID (kid)', valueOr(auth.keyId, 'none')],
        ] as [string, ReactNode][])
      : []),
  ];
}

/** The OAuth endpoints and options of a saved profile, as rows of the profile's definition list. */
export function OAuthSettings({ auth }: { auth: OAuthConfig }) {
  return (
    <>
      {rowsOf(auth)
        .filter(([, value]) => value !== undefined)
        .map(([label, value]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
    </>
  );
}
