import type { ClientTls } from '../../../shared/client-cert';
import { base64Utf8, formEncode } from '../../../shared/encoding';
import type { OAuthConfig, TokenSet } from '../../../shared/oauth';
import { AuthdeskError, saveAgainHint, type ServerQuote } from '../errors';
import { clientAssertion, CLIENT_ASSERTION_TYPE, JWT_BEARER_GRANT } from './assertions';
import { postTokenRequest, type FormReply } from './http';

/** An OAuth error response (RFC 6749 §5.2) turned into a user-facing error; `oauthError` is the `error` code. */
export class OAuthError extends AuthdeskError {
  constructor(
    readonly oauthError: string,
    message: string | ServerQuote,
  ) {
    super(oauthError === 'invalid_grant' ? 'login_required' : 'auth_failed', message);
  }
}

/** What the client sends and who it is: the token endpoint's client authentication (RFC 6749 §2.3). */
export interface ClientAuth {
  config: Pick<OAuthConfig, 'clientId' | 'tokenEndpointAuthMethod' | 'sendRawClientCredentials' | 'tokenEndpoint' | 'keyId' | 'signingAlg' | 'tokenRequestBody' | 'tokenRequestHeaders'>;
  clientSecret: string | null;
  /** private_key_jwt: the client's PEM private key (slot `private_key`). */
  privateKey?: string | null;
  /** tls_client_auth, self_signed_tls_client_auth: the client certificate for the TLS handshake (RFC 8705 §2). */
  tls?: ClientTls | null;
  /** Teaches redaction a derived credential: each client assertion. */
  learn?: (values: string[]) => void;
}

/**
 * Adds client authentication to a token, device or revocation request.
 * - `client_secret_basic`: `Authorization: Basic base64(formenc(client_id) ":" formenc(client_secret))`
 *   (RFC 6749 §2.3.1, TRAPS T12), or the raw values when `sendRawClientCredentials` is set.
 * - `client_secret_post`: `client_id` and `client_secret` in the form body (RFC 6749 §2.3.1).
 * - `private_key_jwt`: a fresh signed client assertion per request in `client_assertion` with
 *   `client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer` (RFC 7523 §2.2; RFC 7521 §4.2:
 *   no client_id needed, the assertion names the client). Each assertion is learnt as a secret.
 * - `tls_client_auth` (RFC 8705 §2.1) and `self_signed_tls_client_auth` (§2.2): the client certificate in the TLS
 *   handshake proves the client; `client_id` goes in the body (§2: REQUIRED there), no secret is sent.
 * - `none` (public clients, RFC 6749 §2.1): `client_id` only; no secret is ever sent.
 * Returns the headers to add, the client certificate to present (mutual TLS only) and a description for the timeline.
 * The `client_id:client_secret` pair of `client_secret_basic` is learnt as a secret (its form-encoded secret and the
 * base64 Basic credential are then redacted too).
 * @throws AuthdeskError `invalid_request` without a client_id, or when the private key cannot sign; `secret_missing`
 *   without the private key or the client certificate the method needs
 */
export async function applyClientAuth(auth: ClientAuth, params: URLSearchParams): Promise<{ headers: Record<string, string>; description: string; tls?: ClientTls }> {
  const { clientId, tokenEndpointAuthMethod: method, sendRawClientCredentials: raw } = auth.config;
  if (!clientId) throw new AuthdeskError('invalid_request', 'This profile has no client_id (RFC 6749 §2.2). Add it.');
  if (method === 'private_key_jwt') {
    if (!auth.privateKey) throw new AuthdeskError('secret_missing', `private_key_jwt needs the private key. ${saveAgainHint(null)}.`);
    const assertion = await clientAssertion(clientId, auth.config.tokenEndpoint, auth.privateKey, auth.config);
    auth.learn?.([assertion]);
    params.set('client_assertion_type', CLIENT_ASSERTION_TYPE);
    params.set('client_assertion', assertion);
    return { headers: {}, description: `private_key_jwt (${auth.config.signingAlg ?? 'RS256'} client assertion, RFC 7523 §2.2)` };
  }
  if (method === 'tls_client_auth' || method === 'self_signed_tls_client_auth') {
    if (!auth.tls) throw new AuthdeskError('secret_missing', `${method} needs the client certificate and its private key. ${saveAgainHint(null, 'them')}.`);
    params.set('client_id', clientId);
    const kind = method === 'tls_client_auth' ? 'client certificate in the TLS handshake, RFC 8705 §2.1' : 'self-signed client certificate in the TLS handshake, RFC 8705 §2.2';
    return { headers: {}, tls: auth.tls, description: `${method} (${kind})` };
  }
  if (method === 'none' || auth.clientSecret === null) {
    params.set('client_id', clientId);
    return { headers: {}, description: 'public client: client_id only, no secret' };
  }
  if (method === 'client_secret_post') {
    params.set('client_id', clientId);
    params.set('client_secret', auth.clientSecret);
    return { headers: {}, description: 'client_secret_post' };
  }
  const pair = raw ? `${clientId}:${auth.clientSecret}` : `${formEncode(clientId)}:${formEncode(auth.clientSecret)}`;
  auth.learn?.([pair]); // its base64 is the Basic credential, which a server may echo
  return {
    headers: { Authorization: `Basic ${base64Utf8(pair)}` },
    description: raw ? 'client_secret_basic (raw values, not form-encoded)' : 'client_secret_basic (form-encoded per RFC 6749 §2.3.1)',
  };
}

/** Parses a token-endpoint body: JSON as RFC 6749 §5.1 says, form-encoded as GitHub answers when not asked (T8). */
function parseBody(reply: FormReply, warnings: string[]): Record<string, unknown> {
  const type = reply.contentType.toLowerCase();
  const tryJson = () => {
    try {
      const v = JSON.parse(reply.text) as unknown;
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  };
  const form = () => Object.fromEntries(new URLSearchParams(reply.text));
  if (type.includes('json')) {
    const json = tryJson();
    if (json) return json;
  } else if (type.includes('application/x-www-form-urlencoded') || (!tryJson() && /^[\w.~-]+=/.test(reply.text))) {
    warnings.push('Deviation: the token endpoint answered application/x-www-form-urlencoded instead of JSON (RFC 6749 §5.1). Parsed it.');
    return form();
  } else {
    const json = tryJson();
    if (json) {
      warnings.push(`Deviation: the token endpoint sent JSON as "${reply.contentType || 'no Content-Type'}" (RFC 6749 §5.1 requires application/json).`);
      return json;
    }
  }
  throw new AuthdeskError(
    'auth_failed',
    `The token endpoint answered HTTP ${reply.status} with ${reply.contentType || 'no Content-Type'} that is neither JSON nor a form: not an OAuth reply. Check the token endpoint URL.`,
  );
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * The longest `expires_in` read as a lifetime: 10 years, in seconds. RFC 6749 §5.1 gives no bound, but a larger value
 * (`1e30`) is no usable expiry, and as an absolute time it is not even a valid date.
 */
export const MAX_EXPIRES_IN_S = 10 * 365 * 24 * 3600;

/** token_type values (lower case) that bind the token to a proof of possession, which a bearer client cannot send. */
const PROOF_TOKEN_TYPES = new Set(['dpop', 'mac', 'pop']);

/**
 * Turns a parsed successful token response into a {@link TokenSet}, reporting deviations (T8–T10). `expires_in`
 * (RFC 6749 §5.1: the lifetime in seconds, a number or a string of digits) becomes `expiresAt`, ms since the epoch;
 * absent, unreadable or beyond {@link MAX_EXPIRES_IN_S} it is null (unknown), with a warning unless absent. An absent
 * `scope` is the one requested (`requestedScope`, §5.1: scope may be omitted when identical to the request).
 * @throws AuthdeskError `auth_failed` when there is no access_token, or its token_type needs a proof of possession
 *   (DPoP, MAC, PoP: RFC 6749 §7.1, the client must not use a type it does not understand)
 */
export function toTokenSet(body: Record<string, unknown>, receivedAt: number, warnings: string[], previousRefresh: string | null = null, requestedScope: string | null = null): TokenSet {
  const accessToken = str(body.access_token);
  if (!accessToken) throw new AuthdeskError('auth_failed', 'The token endpoint answered without an access_token (RFC 6749 §5.1): no token was obtained.');
  let tokenType = str(body.token_type);
  if (!tokenType) {
    warnings.push('Deviation: the token response has no token_type (RFC 6749 §5.1 requires it). Assumed Bearer.');
    tokenType = 'Bearer';
  } else if (tokenType.toLowerCase() === 'bearer') {
    if (tokenType !== 'Bearer') warnings.push(`Note: token_type "${tokenType}" is case-insensitive (RFC 6749 §5.1); sending the canonical "Bearer".`);
    tokenType = 'Bearer';
  } else if (PROOF_TOKEN_TYPES.has(tokenType.toLowerCase())) {
    // RFC 6749 §7.1: a client must not use a token whose type it does not understand; these need a proof Authdesk does not make.
    throw new AuthdeskError('auth_failed', {
      before: 'The token endpoint issued a token of type "',
      text: tokenType,
      after: '", which must be sent with a proof of possession (DPoP, RFC 9449; MAC or PoP): Authdesk sends bearer tokens only and did not use it (RFC 6749 §7.1). Ask the provider for Bearer tokens for this client (for example, turn off DPoP binding).',
    });
  } else {
    warnings.push(`The token_type "${tokenType}" is not Bearer. Authdesk sends it with the profile's token prefix; set the prefix if the API expects another word.`);
  }
  let expiresAt: number | null = null;
  const e = body.expires_in;
  const digits = typeof e === 'string' && /^\d+$/.test(e.trim());
  const seconds = typeof e === 'number' ? e : digits ? Number(e) : NaN;
  if (digits) warnings.push(`Deviation: expires_in is the string "${e}" instead of a number (RFC 6749 §5.1). Read it as ${seconds} s.`);
  if (Number.isFinite(seconds) && seconds >= 0 && seconds <= MAX_EXPIRES_IN_S) expiresAt = receivedAt + seconds * 1000;
  else if (seconds > MAX_EXPIRES_IN_S) warnings.push(`The server's expires_in (${seconds} s) is out of range (more than 10 years); the token's expiry is unknown.`);
  else if (e !== undefined) warnings.push('Deviation: expires_in is not a number of seconds; the expiry is unknown.');
  const extra: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    if (!['access_token', 'refresh_token', 'id_token', 'token_type', 'expires_in', 'scope'].includes(k) && typeof v === 'string' && (k.endsWith('_url') || k === 'api_domain')) extra[k] = v;
  }
  return {
    accessToken,
    tokenType,
    expiresAt,
    refreshToken: str(body.refresh_token) ?? previousRefresh,
    scope: str(body.scope) ?? requestedScope,
    idToken: str(body.id_token),
    extra,
  };
}

/** Providers' own error codes and the RFC 6749 §5.2 code whose advice fits (GitHub's token endpoint, Zoho's invalid_code). */
const PROVIDER_CODES: Record<string, string> = { incorrect_client_credentials: 'invalid_client', bad_verification_code: 'invalid_grant', invalid_code: 'invalid_grant' };

/**
 * A token endpoint that answered with a redirect: not followed (the client credentials and the grant would go
 * wherever it points), and said so with where it pointed, so a moved endpoint can be fixed.
 */
function redirected(status: number, location: string, tokenEndpoint: string): AuthdeskError {
  let to = location;
  try {
    to = new URL(location, tokenEndpoint).toString();
  } catch {
    // quoted as the server sent it
  }
  return new AuthdeskError('auth_failed', {
    before: `The token endpoint answered with a redirect (HTTP ${status}) to `,
    text: to,
    after: ", which Authdesk does not follow for a token request (the client credentials and the grant would go with it). If that is the token endpoint now, set it as the profile's token endpoint.",
  });
}

/** An RFC 6749 §5.2 `error` code: printable ASCII without `"` and `\` (NQSCHAR). */
const ERROR_CODE = /^[\x20\x21\x23-\x5b\x5d-\x7e]+$/;

/** The error of an OAuth error response, explained (RFC 6749 §5.2); an `error` outside its character set is no code. */
function oauthFailure(body: Record<string, unknown> | null, status: number, clientAuth: string, grantType: string | null): OAuthError {
  const raw = str(body?.error);
  const valid = raw !== null && ERROR_CODE.test(raw) ? raw : null;
  const code = valid ?? `http_${status}`;
  const description = str(body?.error_description);
  const hints: Record<string, string> = {
    invalid_client: clientAuth.startsWith('private_key_jwt')
      ? `The server did not accept the client assertion (${clientAuth}). Check the client_id, that the server holds the public key of this private key (and its kid), the signing algorithm, and this computer's clock.`
      : /^(self_signed_)?tls_client_auth/.test(clientAuth)
        ? `The server did not accept the client certificate for this client_id (${clientAuth}). Check that it is the certificate registered for the client (for tls_client_auth its subject DN or SAN; for self_signed_tls_client_auth the certificate itself, in the client's jwks), that it has not expired, and that the token endpoint is the server's mutual-TLS one (mtls_endpoint_aliases, RFC 8705 §5).`
        : `The server did not accept the client credentials (sent as ${clientAuth}). Check client_id and client_secret, or try the other client authentication method (client_secret_basic ↔ client_secret_post, or the "send raw" switch).`,
    invalid_grant:
      grantType === JWT_BEARER_GRANT
        ? 'The server rejected the JWT bearer assertion (RFC 7523 §3.1): check its issuer, subject and audience, that the server trusts this key, and this computer\'s clock.'
        : 'The grant is no longer valid (code used twice or expired, redirect_uri mismatch, or a rotated or revoked refresh token). Sign in again.',
    unauthorized_client: 'This client is not allowed to use this grant type. Enable it for the client at the provider.',
    unsupported_grant_type: 'The server does not support this grant type.',
    invalid_scope: 'The requested scope is invalid or not allowed for this client. Check the scope.',
    invalid_request: 'The server found the token request malformed.',
  };
  if (valid === null) {
    // Not an OAuth error reply (an HTML error page, a proxy's 502, a malformed code): say what kind of failure it is, not "refused".
    const hint =
      status >= 500
        ? 'The token endpoint failed: the server, or a proxy in front of it, has a problem, and it did not answer with an OAuth error (RFC 6749 §5.2). Try again later; if it goes on, check the token endpoint URL and the provider\'s status.'
        : raw !== null
          ? 'The token endpoint answered with an error code that is not valid (RFC 6749 §5.2: printable ASCII without quotes or backslashes): a broken server or something in between.'
          : 'The token endpoint answered without an OAuth error (RFC 6749 §5.2): check the token endpoint URL.';
    return new OAuthError(code, { before: `HTTP ${status}`, text: description ? `: ${description}` : '', after: `. ${hint}` });
  }
  const hint = hints[code] ?? hints[PROVIDER_CODES[code] ?? ''] ?? 'The token endpoint refused the request.';
  return new OAuthError(code, { before: '', text: `${code}${description ? `: ${description}` : ''}`, after: ` (HTTP ${status}). ${hint}` });
}

export interface TokenResult {
  tokens: TokenSet;
  warnings: string[];
  durationMs: number;
  clientAuth: string;
}

/**
 * One token-endpoint exchange (RFC 6749 §3.2): form body (or JSON where the profile says so), `Accept:
 * application/json`, client authentication, and a parsed reply with its deviations as warnings. A 2xx reply that
 * carries `error` and no access_token (GitHub, Zoho) is an error reply.
 * @param params the grant's parameters (grant_type …)
 * @throws OAuthError for an RFC 6749 §5.2 error reply; AuthdeskError `auth_failed` for garbage or no access_token,
 *   `invalid_request` without a token endpoint
 */
export async function requestToken(
  tokenEndpoint: string | undefined,
  auth: ClientAuth,
  params: URLSearchParams,
  opts: { timeoutMs: number; now: () => number; signal?: AbortSignal; previousRefresh?: string | null },
): Promise<TokenResult> {
  if (!tokenEndpoint) throw new AuthdeskError('invalid_request', 'This profile has no token endpoint. Add it, or use Discover with the issuer URL.');
  const { headers, description, tls } = await applyClientAuth(auth, params);
  const reply = await postTokenRequest(tokenEndpoint, params, headers, auth.config, opts.timeoutMs, opts.signal, tls);
  const warnings: string[] = [];
  if (reply.status < 200 || reply.status >= 300) {
    let body: Record<string, unknown> | null = null;
    try {
      body = parseBody(reply, []);
    } catch {
      body = null;
    }
    const location = reply.status >= 300 && reply.status < 400 ? reply.headers.location : undefined;
    if (location) throw redirected(reply.status, location, tokenEndpoint);
    throw oauthFailure(body, reply.status, description, params.get('grant_type'));
  }
  const body = parseBody(reply, warnings);
  if (str(body.error) && body.access_token === undefined) throw oauthFailure(body, reply.status, description, params.get('grant_type'));
  const tokens = toTokenSet(body, opts.now(), warnings, opts.previousRefresh ?? null, params.get('scope'));
  return { tokens, warnings, durationMs: reply.durationMs, clientAuth: description };
}
