import type { DiscoveredEndpoints } from '../../../shared/contract';
import { endpointsToUse, type UsedEndpoints } from '../../../shared/mtls-aliases';
import { loopbackRedirectProblem, usesClientCertificate, usesPrivateKey, type Grant, type OAuthConfig, type SigningAlg, type TokenEndpointAuthMethod } from '../../../shared/oauth';
import { problemAt, type Problem } from './problem';
import { clientCertificateOf, mtlsProblem, newMtlsDraft, type MtlsDraft } from './scheme-draft';
import { isHttpUrl } from './url';

/** The OAuth 2.0 part of the profile editor: non-secret fields only (the client_secret and private key stay in their inputs). */
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
  /** The `kid` and algorithm of the JWTs signed with the private key (private_key_jwt, jwt_bearer). */
  keyId: string;
  signingAlg: SigningAlg;
  /** jwt_bearer: the assertion's iss, sub and aud (RFC 7523 §3); iss and aud have defaults. */
  jwtIssuer: string;
  jwtSubject: string;
  jwtAudience: string;
  /** github_app: the App ID, the installation and the REST API base. */
  appId: string;
  installationId: string;
  apiBase: string;
  /** tls_client_auth, self_signed_tls_client_auth: the client certificate's public part (its key stays in its input). */
  certificate: MtlsDraft;
  /** What Discover found last, so a switch to or from mutual TLS can swap in the RFC 8705 §5 endpoint aliases. */
  discovered: DiscoveredEndpoints | null;
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
    keyId: '',
    signingAlg: 'RS256',
    jwtIssuer: '',
    jwtSubject: '',
    jwtAudience: '',
    appId: '',
    installationId: '',
    apiBase: '',
    certificate: newMtlsDraft(),
    discovered: null,
    ...prefill,
  };
}

const endpointKeys = ['authorizationEndpoint', 'tokenEndpoint', 'deviceAuthorizationEndpoint', 'revocationEndpoint'] as const;

/** Whether the draft's client authentication presents a client certificate (RFC 8705 §2). */
const mutualTls = (d: Pick<OAuthDraft, 'grant' | 'method'>) => usesClientCertificate({ grant: d.grant, tokenEndpointAuthMethod: d.method });

/**
 * The draft with what discovery found: endpoints the server named (others kept; with mutual TLS its RFC 8705 §5
 * aliases), its issuer and its iss policy.
 */
export function withDiscovered(d: OAuthDraft, found: DiscoveredEndpoints): OAuthDraft {
  const use: UsedEndpoints = endpointsToUse(found, mutualTls(d));
  const next: OAuthDraft = { ...d, issuer: found.issuer, requireIss: found.requireIss, discovered: found };
  for (const key of endpointKeys) next[key] = use[key] ?? d[key];
  return next;
}

/**
 * The draft with another client authentication method. Switching to or from mutual TLS swaps each discovered
 * endpoint for its RFC 8705 §5 alias (or back), unless the person has edited it since.
 */
export function withMethod(d: OAuthDraft, method: TokenEndpointAuthMethod): OAuthDraft {
  const next: OAuthDraft = { ...d, method };
  if (!d.discovered || mutualTls(d) === mutualTls(next)) return next;
  const before = endpointsToUse(d.discovered, mutualTls(d));
  const after = endpointsToUse(d.discovered, mutualTls(next));
  for (const key of endpointKeys) if (d[key] === before[key] && after[key]) next[key] = after[key];
  return next;
}

/**
 * The URL fields of the non-GitHub grants, each with the grant that saves it (none: every grant). A field the grant
 * does not save (see {@link oauthConfigOf}) is hidden and not checked: a value left there from another grant must not
 * block saving from a field nobody can see.
 */
const urlFields = [
  ['issuer', 'Issuer', null],
  ['authorizationEndpoint', 'Authorization endpoint', 'authorization_code'],
  ['tokenEndpoint', 'Token endpoint', null],
  ['deviceAuthorizationEndpoint', 'Device authorization endpoint', 'device_code'],
  ['revocationEndpoint', 'Revocation endpoint', null],
  ['redirectUri', 'Redirect URI', 'authorization_code'],
] as const satisfies readonly (readonly [keyof OAuthDraft, string, Grant | null])[];

/** The first thing to fix before a GitHub App draft can be saved, or null. */
function githubAppProblem(d: OAuthDraft): Problem | null {
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(d.appId.trim())) return problemAt('appId', 'Enter the App ID from the GitHub App’s settings page (digits), or its client ID.');
  if (!/^\d{1,20}$/.test(d.installationId.trim())) return problemAt('installationId', 'Enter the installation ID: the digits at the end of the installation’s settings URL.');
  if (d.apiBase.trim() && !isHttpUrl(d.apiBase.trim())) return problemAt('apiBase', 'The GitHub API URL must be an absolute http:// or https:// URL.');
  return null;
}

/** The first thing to fix before an OAuth draft can be saved, and the draft field it is in, or null. */
export function oauthProblem(d: OAuthDraft): Problem | null {
  if (d.grant === 'github_app') return githubAppProblem(d);
  if (!d.tokenEndpoint.trim()) return problemAt('tokenEndpoint', 'Enter the token endpoint, or the issuer and press Discover.');
  if (d.grant === 'authorization_code' && !d.authorizationEndpoint.trim()) return problemAt('authorizationEndpoint', 'Enter the authorization endpoint, or the issuer and press Discover.');
  if (d.grant === 'device_code' && !d.deviceAuthorizationEndpoint.trim()) return problemAt('deviceAuthorizationEndpoint', 'Enter the device authorization endpoint, or the issuer and press Discover.');
  const bad = urlFields.find(([key, , grant]) => (grant === null || grant === d.grant) && d[key].trim() !== '' && !isHttpUrl(d[key].trim()));
  if (bad) return problemAt(bad[0], `The ${bad[1][0]!.toLowerCase()}${bad[1].slice(1)} must be an absolute http:// or https:// URL.`);
  // The engine refuses it too (RFC 8252 §7.3); said here, it names and focuses the field.
  const redirect = d.grant === 'authorization_code' && d.redirectUri.trim() ? loopbackRedirectProblem(d.redirectUri.trim()) : null;
  if (redirect) return problemAt('redirectUri', redirect);
  if (!d.clientId.trim()) return problemAt('clientId', 'Enter the client_id the authorization server gave your app.');
  if (d.grant === 'jwt_bearer' && !d.jwtSubject.trim()) return problemAt('jwtSubject', 'Enter the JWT subject: the user or service account the token is for.');
  if (mutualTls(d)) return mtlsProblem(d.certificate);
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(d.tokenPrefix.trim() || 'Bearer')) return problemAt('tokenPrefix', 'The token prefix is one word, such as Bearer.');
  return null;
}

const optional = (value: string) => (value.trim() ? value.trim() : undefined);

/** The schema's defaults, which the contract's output type requires. */
const oauthDefaults = { scheme: 'oauth2', tokenEndpointAuthMethod: 'client_secret_basic', sendRawClientCredentials: false, requireIss: false } as const;

/** The contract's OAuth configuration for a draft; fields that do not apply to the grant are left out. */
export function oauthConfigOf(d: OAuthDraft): OAuthConfig {
  const tokenPrefix = d.tokenPrefix.trim() || 'Bearer';
  if (d.grant === 'github_app') {
    return { ...oauthDefaults, grant: d.grant, tokenPrefix, appId: d.appId.trim(), installationId: d.installationId.trim(), apiBase: optional(d.apiBase) };
  }
  const signs = usesPrivateKey({ grant: d.grant, tokenEndpointAuthMethod: d.method });
  const jwt = d.grant === 'jwt_bearer';
  return {
    ...oauthDefaults,
    grant: d.grant,
    tokenEndpoint: d.tokenEndpoint.trim(),
    clientId: d.clientId.trim(),
    tokenEndpointAuthMethod: d.method,
    sendRawClientCredentials: d.method === 'client_secret_basic' && d.sendRaw,
    requireIss: d.grant === 'authorization_code' && d.requireIss,
    tokenPrefix,
    issuer: optional(d.issuer),
    authorizationEndpoint: d.grant === 'authorization_code' ? optional(d.authorizationEndpoint) : undefined,
    deviceAuthorizationEndpoint: d.grant === 'device_code' ? optional(d.deviceAuthorizationEndpoint) : undefined,
    revocationEndpoint: optional(d.revocationEndpoint),
    scope: optional(d.scope.split(/\s+/).join(' ')),
    redirectUri: d.grant === 'authorization_code' ? optional(d.redirectUri) : undefined,
    keyId: signs ? optional(d.keyId) : undefined,
    signingAlg: signs ? d.signingAlg : undefined,
    jwtIssuer: jwt ? optional(d.jwtIssuer) : undefined,
    jwtSubject: jwt ? optional(d.jwtSubject) : undefined,
    jwtAudience: jwt ? optional(d.jwtAudience) : undefined,
    clientCertificate: mutualTls(d) ? clientCertificateOf(d.certificate) : undefined,
  };
}
