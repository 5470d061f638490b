import type { Grant, TokenEndpointAuthMethod, TokenInfo } from '../../../shared/oauth';

/** Words for the OAuth 2.0 choices, shared by the editor, the profile view and the sign-in panel (pure, no React). */

/** Each grant with the kind of app it is for. */
export const grantLabels: Record<Grant, { title: string; forWhom: string }> = {
  client_credentials: { title: 'Client credentials', forWhom: 'for servers: the app itself is the client, no person signs in' },
  authorization_code: { title: 'Authorization code + PKCE', forWhom: 'for apps where a user signs in in the browser' },
  device_code: { title: 'Device code', forWhom: 'for CLIs and TVs: the user signs in on another device' },
};

/** How each token endpoint authentication method sends the client's credentials (RFC 6749 §2.3.1, RFC 8414). */
export const methodLabels: Record<TokenEndpointAuthMethod, string> = {
  client_secret_basic: 'client_secret_basic — HTTP Basic header',
  client_secret_post: 'client_secret_post — in the form body',
  none: 'none — public client, no secret (PKCE protects the sign-in)',
};

/** Where a token came from, in words. */
export const sourceLabels: Record<TokenInfo['source'], string> = {
  cache: 'from the cache (still valid)',
  fetched: 'fetched from the token endpoint',
  refreshed: 'refreshed with the refresh token',
};
