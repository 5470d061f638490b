import type { Grant, SigningAlg, TokenEndpointAuthMethod, TokenInfo } from '../../../shared/oauth';

/** Words for the OAuth 2.0 choices, shared by the editor, the profile view and the sign-in panel (pure, no React). */

/** Each grant with the kind of app it is for. */
export const grantLabels: Record<Grant, { title: string; forWhom: string }> = {
  client_credentials: { title: 'Client credentials', forWhom: 'for servers: the app itself is the client, no person signs in' },
  authorization_code: { title: 'Authorization code + PKCE', forWhom: 'for apps where a user signs in in the browser' },
  device_code: { title: 'Device code', forWhom: 'for CLIs and TVs: the user signs in on another device' },
  jwt_bearer: { title: 'JWT bearer', forWhom: 'for servers: a JWT you sign is the grant (RFC 7523)' },
  github_app: { title: 'GitHub App', forWhom: 'for a GitHub App acting as one of its installations' },
};

/** Whether a person signs in for the grant's tokens (browser or another device); the other grants run unattended. */
export const signsIn = (grant: Grant): grant is SignInGrant => grant === 'authorization_code' || grant === 'device_code';
type SignInGrant = 'authorization_code' | 'device_code';

/** How an unattended grant obtains its token, in words. */
export const unattendedSources: Record<Exclude<Grant, SignInGrant>, string> = {
  client_credentials: 'with the client’s credentials',
  jwt_bearer: 'with a freshly signed JWT assertion',
  github_app: 'with a freshly signed App JWT (installation tokens last an hour)',
};

/** How each token endpoint authentication method sends the client's credentials (RFC 6749 §2.3.1, RFC 8414). */
export const methodLabels: Record<TokenEndpointAuthMethod, string> = {
  client_secret_basic: 'client_secret_basic — HTTP Basic header',
  client_secret_post: 'client_secret_post — in the form body',
  private_key_jwt: 'private_key_jwt — a JWT signed with your private key (RFC 7523)',
  tls_client_auth: 'tls_client_auth — a client certificate from a CA the server trusts (RFC 8705)',
  self_signed_tls_client_auth: 'self_signed_tls_client_auth — a self-signed client certificate (RFC 8705)',
  none: 'none — public client, no secret (PKCE protects the sign-in)',
};

/** Where a token came from, in words. */
export const sourceLabels: Record<TokenInfo['source'], string> = {
  cache: 'from the cache (still valid)',
  fetched: 'fetched from the token endpoint',
  refreshed: 'refreshed with the refresh token',
};

/** The JWS algorithms Authdesk signs with, and the key each needs (RFC 7518 §3.1). */
export const signingAlgLabels: Record<SigningAlg, string> = {
  RS256: 'RS256 (RSA)',
  PS256: 'PS256 (RSA-PSS)',
  ES256: 'ES256 (EC P-256)',
};
