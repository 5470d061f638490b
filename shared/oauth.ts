import { z } from 'zod';
import { clientCertificateSchema } from './client-cert';
import { profileHeadersSchema } from './profile-headers';
import { parsesAsUrl } from './url';

/**
 * OAuth 2.0 client configuration of a profile (RFC 6749, 7636, 8252, 8414, 8628, 7009, 9207, 9700, 7523). The
 * client_secret and the private key are not here: they are secret slots in the keychain. Access tokens live in memory, refresh tokens in
 * the keychain; neither is ever in a profile file.
 */

const url = z
  .string()
  .max(4000)
  .refine((v) => /^https?:\/\//i.test(v) && parsesAsUrl(v), 'an absolute http:// or https:// URL');

/**
 * Grants Authdesk runs. `jwt_bearer` is RFC 7523 §2.1 (`urn:ietf:params:oauth:grant-type:jwt-bearer`);
 * `github_app` is a GitHub App installation token, obtained with an App JWT instead of a token endpoint.
 */
export const grantSchema = z.enum(['client_credentials', 'authorization_code', 'device_code', 'jwt_bearer', 'github_app']);
export type Grant = z.infer<typeof grantSchema>;

/**
 * RFC 6749 §2.3.1, RFC 7523 §2.2, RFC 8705 §2.1–2.2 and RFC 8414 §2 `token_endpoint_auth_methods_supported` values
 * Authdesk speaks.
 */
export const tokenEndpointAuthMethodSchema = z.enum(['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth', 'none']);
export type TokenEndpointAuthMethod = z.infer<typeof tokenEndpointAuthMethodSchema>;

/** JWS algorithms (RFC 7518 §3.1) for the JWTs Authdesk signs with the profile's private key; RS256 when unset. */
export const signingAlgSchema = z.enum(['RS256', 'ES256', 'PS256']);
export type SigningAlg = z.infer<typeof signingAlgSchema>;

export const DEFAULT_GITHUB_API = 'https://api.github.com';

const claim = z.string().min(1).max(2000);

export const oauthConfigSchema = z
  .object({
    scheme: z.literal('oauth2'),
    grant: grantSchema,
    issuer: url.optional(),
    authorizationEndpoint: url.optional(),
    /** Required by every grant but `github_app`. */
    tokenEndpoint: url.optional(),
    deviceAuthorizationEndpoint: url.optional(),
    revocationEndpoint: url.optional(),
    /** Required by every grant but `github_app`. */
    clientId: z.string().min(1).max(500).optional(),
    tokenEndpointAuthMethod: tokenEndpointAuthMethodSchema.default('client_secret_basic'),
    /** T12: send client_id/client_secret in Basic without form-encoding them first, for servers that compare raw. */
    sendRawClientCredentials: z.boolean().default(false),
    /**
     * tls_client_auth, self_signed_tls_client_auth (RFC 8705 §2): the client certificate presented to the token,
     * device authorization and revocation endpoints, and to the API (RFC 8705 §3: certificate-bound tokens). Its key
     * and passphrase are secret slots, as for the mtls scheme.
     */
    clientCertificate: clientCertificateSchema.optional(),
    /** The `kid` header of the JWTs signed with the private key (RFC 7515 §4.1.4), for servers holding several keys. */
    keyId: z.string().min(1).max(500).optional(),
    /** The JWS algorithm of those JWTs; RS256 when unset. */
    signingAlg: signingAlgSchema.optional(),
    /** jwt_bearer: the assertion's `iss` (RFC 7523 §3); the client_id when unset. */
    jwtIssuer: claim.optional(),
    /** jwt_bearer: the assertion's `sub`, the principal the token is for (RFC 7523 §3: required). */
    jwtSubject: claim.optional(),
    /** jwt_bearer: the assertion's `aud`; the token endpoint URL when unset (RFC 7523 §3). */
    jwtAudience: claim.optional(),
    /** github_app: the App ID (or the App's client ID), the JWT's `iss`. */
    appId: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'the GitHub App ID (digits) or its client ID').optional(),
    /** github_app: the installation whose token is requested. */
    installationId: z.string().regex(/^\d{1,20}$/, 'the installation ID: digits').optional(),
    /** github_app: the REST API base; https://api.github.com when unset (GitHub Enterprise Server: https://HOST/api/v3). */
    apiBase: url.optional(),
    /** Space-delimited scope (RFC 6749 §3.3). */
    scope: z.string().max(2000).optional(),
    audience: z.string().max(2000).optional(),
    resource: url.optional(),
    /** A fixed redirect URI; default: http://127.0.0.1:{ephemeral}/callback (RFC 8252 §7.3). */
    redirectUri: url.optional(),
    /** RFC 9207: reject authorization responses without `iss` (set from metadata). */
    requireIss: z.boolean().default(false),
    /** The Authorization scheme word for the access token (T11: Zoho-oauthtoken). */
    tokenPrefix: z.string().min(1).max(100).regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/).default('Bearer'),
    extraParams: z.record(z.string().max(200), z.string().max(2000)).optional(),
    /**
     * How token requests (code exchange, refresh, client credentials) are encoded: the RFC 6749 §4.1.3 form when
     * unset, or a JSON object of the same parameters where the provider documents only that (Notion).
     */
    tokenRequestBody: z.enum(['form', 'json']).optional(),
    /** Non-secret headers the token endpoint requires besides client authentication (Notion-Version). */
    tokenRequestHeaders: profileHeadersSchema.optional(),
  })
  .superRefine((c, ctx) => {
    const need = (field: keyof typeof c, why: string) => {
      if (c[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `The ${c.grant} grant needs ${field}: ${why}.` });
    };
    if (c.clientCertificate && !usesClientCertificate(c)) {
      ctx.addIssue({ code: 'custom', path: ['clientCertificate'], message: 'A client certificate is used with tls_client_auth or self_signed_tls_client_auth client authentication only (RFC 8705 §2).' });
    }
    if (c.grant === 'github_app') {
      need('appId', 'the GitHub App ID, the iss of the App JWT');
      need('installationId', 'the installation whose access token is requested');
      if (c.signingAlg && c.signingAlg !== 'RS256') ctx.addIssue({ code: 'custom', path: ['signingAlg'], message: 'GitHub App JWTs are signed with RS256.' });
      return;
    }
    need('tokenEndpoint', 'where tokens are requested (RFC 6749 §3.2)');
    need('clientId', 'the client identifier (RFC 6749 §2.2)');
    if (usesClientCertificate(c)) need('clientCertificate', 'the client certificate presented in the TLS handshake (RFC 8705 §2)');
    if (c.grant === 'jwt_bearer') need('jwtSubject', 'the assertion\'s sub, the principal the token is for (RFC 7523 §3)');
  });
export type OAuthConfig = z.infer<typeof oauthConfigSchema>;

/** Why a fixed redirect URI cannot serve a desktop client: its one wording, at profile creation, edit and sign-in. */
export const LOOPBACK_REDIRECT_RULE =
  'A redirect URI for a desktop client must be http://127.0.0.1, http://[::1] or http://localhost, spelled so, with a port 1–65535 (RFC 8252 §7.3), e.g. http://127.0.0.1:8400/callback.';

/**
 * The authority of a loopback redirect URI exactly as typed: one of the three loopback hosts spelled canonically
 * (localhost in any case) and an explicit decimal port without leading zeros. Checked on the typed text, not on the
 * URL parser's result, because the URI is saved and sent as typed and the authorization server compares it as a
 * string (RFC 6749 §3.1.2.3; RFC 8252 §7.3): `0x7f.0.0.1`, `2130706433` or `127.1` parse to 127.0.0.1 but do not match.
 */
const LOOPBACK_AUTHORITY = /^http:\/\/(?:127\.0\.0\.1|\[::1\]|localhost):([1-9][0-9]{0,4})(?=[/?#]|$)/i;

/**
 * The port a usable fixed redirect URI names (RFC 8252 §7.3: the client listens on it), or null when
 * {@link loopbackRedirectProblem} refuses the URI. Port 80 counts although the URL parser drops it as the default. Pure.
 * @param uri the redirect URI as the user typed it
 */
export function loopbackRedirectPort(uri: string): number | null {
  if (/[\\\s\u0000-\u001f\u007f]/.test(uri)) return null; // the URL parser drops or rewrites these: sent as typed they differ
  const m = LOOPBACK_AUTHORITY.exec(uri);
  const port = m ? Number(m[1]) : 0;
  return port >= 1 && port <= 65535 ? port : null;
}

/**
 * Whether a fixed redirect URI is one a native app can listen on (RFC 8252 §7.3, §8.3): `http` to 127.0.0.1, [::1]
 * or localhost (localhost is NOT RECOMMENDED by §8.3 but works: the listener binds 127.0.0.1) spelled exactly so,
 * with an explicit port 1–65535 (a fixed URI has no port chosen at request time: port 0 or none would never receive
 * the answer), no fragment (RFC 6749 §3.1.2), no user info. Pure.
 * @param uri the redirect URI as the user typed it
 * @returns null when it is usable, else {@link LOOPBACK_REDIRECT_RULE}
 */
export function loopbackRedirectProblem(uri: string): string | null {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return LOOPBACK_REDIRECT_RULE;
  }
  const loopback = u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname) && loopbackRedirectPort(uri) !== null;
  return loopback && !u.hash && !uri.includes('#') && !u.username && !u.password ? null : LOOPBACK_REDIRECT_RULE;
}

type SlotFacts = Pick<OAuthConfig, 'grant' | 'tokenEndpointAuthMethod'>;

/** Whether the profile sends a client_secret (RFC 6749 §2.3.1). A GitHub App proves itself with its key only. */
export function usesClientSecret(c: SlotFacts): boolean {
  return c.grant !== 'github_app' && (c.tokenEndpointAuthMethod === 'client_secret_basic' || c.tokenEndpointAuthMethod === 'client_secret_post');
}

/**
 * Whether the client authenticates with a TLS client certificate: tls_client_auth (a certificate from a CA the server
 * trusts, matched to the client by subject DN or SAN, RFC 8705 §2.1) or self_signed_tls_client_auth (a self-signed
 * certificate registered with the client, §2.2). A GitHub App proves itself with its key only.
 */
export function usesClientCertificate(c: SlotFacts): boolean {
  return c.grant !== 'github_app' && (c.tokenEndpointAuthMethod === 'tls_client_auth' || c.tokenEndpointAuthMethod === 'self_signed_tls_client_auth');
}

/** Whether the profile signs JWTs with a private key: private_key_jwt (RFC 7523 §2.2), the JWT bearer grant (§2.1), a GitHub App. */
export function usesPrivateKey(c: SlotFacts): boolean {
  return c.grant === 'jwt_bearer' || c.grant === 'github_app' || c.tokenEndpointAuthMethod === 'private_key_jwt';
}

/** A token set as the engine holds it. `expiresAt` is ms since the epoch or null when the server gave no expiry. */
export interface TokenSet {
  accessToken: string;
  tokenType: string;
  expiresAt: number | null;
  refreshToken: string | null;
  scope: string | null;
  idToken: string | null;
  /** Extra fields of the token response that are not secrets (Salesforce `instance_url`). */
  extra: Record<string, string>;
}

/** What the UI and CLI may see of a token set: never a token. */
export interface TokenInfo {
  tokenType: string;
  expiresAt: string | null;
  scope: string | null;
  hasRefreshToken: boolean;
  /** Where the token reply says the API lives (Salesforce `instance_url`, Zoho and Pipedrive `api_domain`), or null. */
  apiBaseUrl: string | null;
  source: 'cache' | 'fetched' | 'refreshed';
  warnings: string[];
}

/** Steps of a flow in progress, pushed to the UI (`oauth.progress`). */
export type FlowStep =
  /** Before a sign-in that replaces a refresh token the server refused (RFC 6749 §5.2 `invalid_grant`): why it is needed. */
  | { step: 'sign_in_again'; reason: string }
  | { step: 'waiting_for_browser'; authorizationUrl: string }
  | { step: 'exchanging_code' }
  | { step: 'device_code'; userCode: string; verificationUri: string; verificationUriComplete: string | null; expiresAt: number }
  | { step: 'polling'; intervalS: number }
  | { step: 'done' };

/** Why a sign-in is needed again when the server refused the saved refresh token (RFC 6749 §5.2 `invalid_grant`). */
export const REFRESH_REJECTED = 'the authorization server refused the saved refresh token (invalid_grant: revoked, rotated or expired)';

/** The one note of a revocation when the profile held no token (engine and CLI say it; the app words it as nothing to revoke). */
export const NO_TOKEN_HELD = 'no token was held for this profile';
