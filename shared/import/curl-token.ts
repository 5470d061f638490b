import { formEncode } from '../encoding';
import { oauthConfigSchema, type OAuthConfig } from '../oauth';
import { SENSITIVE_PARAMS } from '../redact';
import type { FoundCredential } from './curl-auth';

/**
 * Recognises a pasted OAuth 2.0 token request (RFC 6749 §3.2: a POST to the token endpoint with `grant_type` in the
 * form body) so that its client credentials never become an HTTP Basic profile for the whole origin. The client
 * credentials grant (§4.4) becomes an OAuth 2.0 client-credentials profile; every other grant is refused with what
 * to do instead.
 */

/** What {@link tokenRequestImport} reads from a parsed curl command. */
export interface TokenRequestInput {
  /** The request URL, user info and key parameters already removed: the token endpoint. */
  url: URL;
  body: string | null;
  /** Whether the body is JSON (--json, or a JSON Content-Type) rather than a form. */
  json: boolean;
  /** The Authorization credential curl would send (from -u, URL user info or an Authorization header). */
  client: FoundCredential | null;
  /** The command's other credentials (key headers, key parameters, cookies). */
  others: readonly FoundCredential[];
}

export interface TokenRequestImport {
  auth: OAuthConfig | null;
  /** `client_secret` when the command held it. */
  secrets: Record<string, string>;
  /** The body without the client_secret (moved to the secret slot). */
  body: string | null;
  /** When no profile was drafted: what the command was recognised as ("an OAuth 2.0 token request for …"). */
  refused?: string;
}

/** Token request parameters that the profile holds in its own fields (or its secret slot). */
const OWN_FIELDS = new Set(['grant_type', 'client_id', 'client_secret', 'scope', 'audience', 'resource']);

/** What each refused grant is, and what the person can do instead. */
const OTHER_GRANTS: Record<string, string> = {
  password: 'the resource owner password grant (RFC 6749 §4.3), which must not be used (RFC 9700 §2.4) and which Authdesk does not run. Create an OAuth 2.0 profile with the authorization code grant (PKCE) for this token endpoint instead',
  authorization_code: 'an authorization code exchange (RFC 6749 §4.1.3); its code works once. Create an OAuth 2.0 profile with the authorization code grant for this token endpoint: Authdesk signs in through the browser and exchanges the code itself',
  refresh_token: 'a token refresh (RFC 6749 §6). Create an OAuth 2.0 profile with the authorization code grant for this token endpoint and sign in once: Authdesk refreshes tokens itself',
};

/** Each grant's short name, for "recognised as …" (the warnings above say the rest). */
const GRANT_NAMES: Record<string, string> = {
  password: 'the resource owner password grant',
  authorization_code: 'an authorization code exchange',
  refresh_token: 'a token refresh',
  client_credentials: 'the client credentials grant',
};
const recognised = (grant: string) => `an OAuth 2.0 token request for ${GRANT_NAMES[grant] ?? `grant_type=${grant}`}`;

/** The body's parameters as name → value (a form, or a JSON object of strings), or null when it is neither. */
function bodyParams(body: string, json: boolean): Map<string, string> | null {
  if (!json) return new Map(new URLSearchParams(body));
  try {
    const parsed: unknown = JSON.parse(body);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    return new Map(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return null;
  }
}

/** The body again without `client_secret`, in the form it came in. */
function withoutSecret(body: string, json: boolean): string {
  if (json) {
    const o = JSON.parse(body) as Record<string, unknown>;
    delete o.client_secret;
    return JSON.stringify(o);
  }
  return body
    .split('&')
    .filter((pair) => pair.split('=')[0] !== 'client_secret')
    .join('&');
}

/**
 * Reads a curl command as an OAuth 2.0 token request, when its body carries `grant_type` (RFC 6749 §4.4.2).
 * With `grant_type=client_credentials` it drafts a client-credentials profile: token_endpoint = the URL, client_id and
 * client_secret from -u / an Authorization: Basic header (client_secret_basic) or from the form fields
 * (client_secret_post) (RFC 6749 §2.3.1), scope, audience and resource from the body, other non-secret parameters as
 * extra parameters. Any other grant drafts no profile, and a warning says what to do.
 * @returns null when the command is not a token request; otherwise the profile (or null auth) with warnings pushed
 */
export function tokenRequestImport(input: TokenRequestInput, warnings: string[]): TokenRequestImport | null {
  if (input.body === null) return null;
  const params = bodyParams(input.body, input.json);
  const grant = params?.get('grant_type');
  if (!params || !grant) return null;
  const tokenEndpoint = input.url.toString();
  const basic = input.client?.kind === 'basic' ? input.client : null;
  const clientId = basic?.username ?? params.get('client_id');
  if (input.client && !basic) warnings.push('The token request carried an Authorization header that is not client authentication (RFC 6749 §2.3.1); it was not imported.');
  if (input.others.length) warnings.push('The token request also sent API keys or cookies; they were not imported (a token request needs only the client credentials).');
  if (grant !== 'client_credentials') {
    const what = OTHER_GRANTS[grant] ?? `grant_type=${grant}, which Authdesk cannot import from a command. Create an OAuth 2.0 profile for this token endpoint by hand`;
    warnings.push(`This command is an OAuth 2.0 token request, not an API call: ${what}${clientId ? ` (client_id ${clientId})` : ''}. No profile was drafted, and its credentials were not imported.`);
    return { auth: null, secrets: {}, body: input.body, refused: recognised(grant) };
  }
  if (!clientId) {
    warnings.push('This command is an OAuth 2.0 client credentials token request (RFC 6749 §4.4) without a client_id (-u client_id:client_secret or a client_id field); no profile was drafted.');
    return { auth: null, secrets: {}, body: input.body, refused: recognised(grant) };
  }
  const bodySecret = params.get('client_secret');
  if (basic && bodySecret !== undefined) warnings.push('The command sends the client credentials both in Basic and in the body; a client uses one method only (RFC 6749 §2.3), so client_secret_basic was chosen.');
  const secret = basic ? basic.password : (bodySecret ?? null);
  if (secret === null || secret === '') warnings.push('The command holds no client_secret: enter it in the profile.');
  const raw = basic !== null && (formEncode(clientId) !== clientId || (secret !== null && formEncode(secret) !== secret));
  if (raw) warnings.push('curl sends -u without form-encoding it first, unlike RFC 6749 §2.3.1; the profile sends the client credentials raw as well, as the command did.');
  const extra = [...params].filter(([k]) => !OWN_FIELDS.has(k));
  const dropped = extra.filter(([k]) => SENSITIVE_PARAMS.has(k.toLowerCase())).map(([k]) => k);
  if (dropped.length) warnings.push(`The body field${dropped.length > 1 ? 's' : ''} ${dropped.join(', ')} ${dropped.length > 1 ? 'are' : 'is'} credential-like and ${dropped.length > 1 ? 'were' : 'was'} not kept in the profile.`);
  const extraParams = Object.fromEntries(extra.filter(([k]) => !dropped.includes(k)));
  const draft = {
    scheme: 'oauth2',
    grant: 'client_credentials',
    tokenEndpoint,
    clientId,
    tokenEndpointAuthMethod: basic ? 'client_secret_basic' : 'client_secret_post',
    sendRawClientCredentials: raw,
    ...(params.get('scope') ? { scope: params.get('scope') } : {}),
    ...(params.get('audience') ? { audience: params.get('audience') } : {}),
    ...(params.get('resource') ? { resource: params.get('resource') } : {}),
    ...(Object.keys(extraParams).length ? { extraParams } : {}),
    ...(input.json ? { tokenRequestBody: 'json' } : {}),
  };
  const parsed = oauthConfigSchema.safeParse(draft);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    warnings.push(`This command is an OAuth 2.0 client credentials token request, but its ${issue?.path.join('.') || 'values'} cannot make a profile (${issue?.message ?? 'invalid'}); no profile was drafted.`);
    return { auth: null, secrets: {}, body: input.body, refused: recognised(grant) };
  }
  warnings.push('This command is an OAuth 2.0 token request (client credentials, RFC 6749 §4.4): it became an OAuth 2.0 profile that fetches its own tokens from this token endpoint. Send your API requests with it.');
  return { auth: parsed.data, secrets: secret ? { client_secret: secret } : {}, body: bodySecret === undefined ? input.body : withoutSecret(input.body, input.json) };
}
