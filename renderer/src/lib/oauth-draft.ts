import type { DiscoveredEndpoints } from '../../../shared/contract';
import type { Grant, OAuthConfig, TokenEndpointAuthMethod } from '../../../shared/oauth';
import { isHttpUrl } from './url';

/** The OAuth 2.0 part of the profile editor: non-secret fields only (the client_secret stays in its input). */
export interface OAuthDraft {
  grant: Grant;
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  deviceAuthorizationEndpoint: string;
  revocationEndpoint: string;
  clientId: string;
  method: TokenEndpointAuthMethod;
  sendRaw: boolean;
  scope: string;
  tokenPrefix: string;
  redirectUri: string;
  requireIss: boolean;
}

/** A fresh OAuth draft: client credentials with client_secret_basic, optionally prefilled. */
export function newOAuthDraft(prefill?: Partial<OAuthDraft>): OAuthDraft {
  return {
    grant: 'client_credentials',
    issuer: '',
    authorizationEndpoint: '',
    tokenEndpoint: '',
    deviceAuthorizationEndpoint: '',
    revocationEndpoint: '',
    clientId: '',
    method: 'client_secret_basic',
    sendRaw: false,
    scope: '',
    tokenPrefix: 'Bearer',
    redirectUri: '',
    requireIss: false,
    ...prefill,
  };
}

/** The draft with what discovery found: endpoints the server named (others kept), its issuer and its iss policy. */
export function withDiscovered(d: OAuthDraft, found: DiscoveredEndpoints): OAuthDraft {
  return {
    ...d,
    issuer: found.issuer,
    authorizationEndpoint: found.authorizationEndpoint ?? d.authorizationEndpoint,
    tokenEndpoint: found.tokenEndpoint ?? d.tokenEndpoint,
    deviceAuthorizationEndpoint: found.deviceAuthorizationEndpoint ?? d.deviceAuthorizationEndpoint,
    revocationEndpoint: found.revocationEndpoint ?? d.revocationEndpoint,
    requireIss: found.requireIss,
  };
}

const urlFields = [
  ['issuer', 'Issuer'],
  ['authorizationEndpoint', 'Authorization endpoint'],
  ['tokenEndpoint', 'Token endpoint'],
  ['deviceAuthorizationEndpoint', 'Device authorization endpoint'],
  ['revocationEndpoint', 'Revocation endpoint'],
  ['redirectUri', 'Redirect URI'],
] as const;

/** The first thing to fix before an OAuth draft can be saved, or null. */
export function oauthProblem(d: OAuthDraft): string | null {
  if (!d.tokenEndpoint.trim()) return 'Enter the token endpoint, or the issuer and press Discover.';
  if (d.grant === 'authorization_code' && !d.authorizationEndpoint.trim()) return 'Enter the authorization endpoint, or the issuer and press Discover.';
  if (d.grant === 'device_code' && !d.deviceAuthorizationEndpoint.trim()) return 'Enter the device authorization endpoint, or the issuer and press Discover.';
  const bad = urlFields.find(([key]) => d[key].trim() !== '' && !isHttpUrl(d[key].trim()));
  if (bad) return `The ${bad[1].toLowerCase()} must be an absolute http:// or https:// URL.`;
  if (!d.clientId.trim()) return 'Enter the client_id the authorization server gave your app.';
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(d.tokenPrefix.trim() || 'Bearer')) return 'The token prefix is one word, such as Bearer.';
  return null;
}

const optional = (value: string) => (value.trim() ? value.trim() : undefined);

/** The contract's OAuth configuration for a draft; endpoints that do not apply to the grant are left out. */
export function oauthConfigOf(d: OAuthDraft): OAuthConfig {
  return {
    scheme: 'oauth2',
    grant: d.grant,
    tokenEndpoint: d.tokenEndpoint.trim(),
    clientId: d.clientId.trim(),
    tokenEndpointAuthMethod: d.method,
    sendRawClientCredentials: d.method === 'client_secret_basic' && d.sendRaw,
    requireIss: d.grant === 'authorization_code' && d.requireIss,
    tokenPrefix: d.tokenPrefix.trim() || 'Bearer',
    issuer: optional(d.issuer),
    authorizationEndpoint: d.grant === 'authorization_code' ? optional(d.authorizationEndpoint) : undefined,
    deviceAuthorizationEndpoint: d.grant === 'device_code' ? optional(d.deviceAuthorizationEndpoint) : undefined,
    revocationEndpoint: optional(d.revocationEndpoint),
    scope: optional(d.scope.split(/\s+/).join(' ')),
    redirectUri: d.grant === 'authorization_code' ? optional(d.redirectUri) : undefined,
  };
}
