import { peekJwtTimes } from './jwt-peek';
import { headerValues, rateLimitInfo, serverDateOf, type RateLimitInfo } from './rate-limit';
import type { FailureReason, HeaderPair } from './request';
import { parseWwwAuthenticate, type Challenge } from './www-authenticate';

/** Why a request failed, in plain words for a person, with what to try next. Never holds a secret of ours. */
export interface Explanation {
  title: string;
  detail: string;
  tryThis: string[];
  /** The rule the explanation rests on, e.g. `RFC 6750 §3.1`. */
  rule: string | null;
  /** Short labelled facts behind the explanation (status, challenges, times, limits). Token times only, no claims. */
  facts: Record<string, string>;
}

/** What {@link explainFailure} looks at: a sent request's outcome, as in a history entry. */
export interface ExplainInput {
  status: number | null;
  failure: FailureReason | null;
  error: string | null;
  responseHeaders: HeaderPair[];
  responseBodyPreview: string | null;
  /** The profile's auth scheme (`basic`, `apikey`, `bearer`, `oauth2`), null when sent without a profile. */
  scheme: string | null;
  /** The Authorization scheme word a bearer or oauth2 profile sends (`Bearer`, `token`, `Zoho-oauthtoken`). */
  tokenPrefix?: string | null;
  redirects: { credentials: 'kept' | 'stripped'; status: number; to: string }[];
  /** When the request was sent (ISO, this computer's clock). */
  sentAt?: string;
  /** The access token sent, only to peek at its time claims; it never reaches the output. */
  accessToken?: string | null;
}

/** An OAuth or Bearer error as the server reported it, in a challenge (RFC 6750 §3) or a body (RFC 6749 §5.2). */
interface ServerError {
  code: string;
  description: string | null;
  scope: string | null;
  from: 'challenge' | 'body';
}

interface Context {
  input: ExplainInput;
  status: number | null;
  challenges: Challenge[];
  serverError: ServerError | null;
  serverMessage: string | null;
  serverDate: Date | null;
  rate: RateLimitInfo;
}

type Explainer = (ctx: Context) => Explanation | null;

const MAX_QUOTE = 300;
const SKEW_TOLERANCE_S = 60;

/** Server text for display: control characters removed, capped. */
function quote(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean.length > MAX_QUOTE ? `${clean.slice(0, MAX_QUOTE)}…` : clean;
}

const said = (message: string | null) => (message ? ` The server says: "${message}"` : '');

/** A human duration: `45 s`, `12 min 5 s`, `3 h 20 min`. */
function duration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 120) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
}

const iso = (epochS: number) => new Date(epochS * 1000).toISOString();
const originOf = (url: string) => (URL.canParse(url) ? new URL(url).origin : url);
const lower = (s: string) => s.toLowerCase();

/** The body as a flat record of strings: a JSON object, or a form-encoded OAuth error (servers send both). */
function bodyFields(body: string | null): Record<string, string> | null {
  if (!body) return null;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return /^error=/.test(body.trim()) ? Object.fromEntries(new URLSearchParams(body.trim())) : null;
  }
}

/** The error of a challenge's `error` param (RFC 6750 §3), else of an `error` body field (RFC 6749 §5.2). */
function serverErrorOf(challenges: Challenge[], fields: Record<string, string> | null): ServerError | null {
  const c = challenges.find((ch) => ch.params.error);
  if (c) return { code: c.params.error, description: c.params.error_description ?? null, scope: c.params.scope ?? null, from: 'challenge' };
  if (!fields?.error) return null;
  return { code: fields.error, description: fields.error_description ?? null, scope: fields.scope ?? null, from: 'body' };
}

/** A human message in the body: OAuth `error_description`, common `message`, RFC 9457 `detail`/`title`, or short text. */
function serverMessageOf(body: string | null, fields: Record<string, string> | null): string | null {
  const field = fields && (fields.error_description ?? fields.message ?? fields.detail ?? fields.title ?? fields.error);
  if (field) return quote(field);
  const text = body?.trim() ?? '';
  return text && !fields && !/^[<{[]/.test(text) && text.length <= MAX_QUOTE ? quote(text) : null;
}

function contextOf(input: ExplainInput): Context {
  const challenges = parseWwwAuthenticate(headerValues(input.responseHeaders, 'www-authenticate'));
  const fields = bodyFields(input.responseBodyPreview);
  const serverDate = serverDateOf(input.responseHeaders);
  return {
    input,
    status: input.status,
    challenges,
    serverError: serverErrorOf(challenges, fields),
    serverMessage: serverMessageOf(input.responseBodyPreview, fields),
    serverDate,
    rate: rateLimitInfo(input.responseHeaders, serverDate),
  };
}

/** `Bearer realm="api", error="invalid_token"`: a challenge as a person reads it. */
function formatChallenge(c: Challenge): string {
  const params = Object.entries(c.params).map(([k, v]) => `${k}="${quote(v)}"`);
  return [c.scheme, c.token68 ?? params.join(', ')].filter(Boolean).join(' ');
}

function baseFacts(ctx: Context): Record<string, string> {
  const facts: Record<string, string> = {};
  if (ctx.status !== null) facts.status = String(ctx.status);
  if (ctx.challenges.length) facts.challenges = ctx.challenges.map(formatChallenge).join('; ');
  if (ctx.serverDate) facts.serverDate = ctx.serverDate.toISOString();
  return facts;
}

const isTokenProfile = (ctx: Context) => ctx.input.scheme === 'bearer' || ctx.input.scheme === 'oauth2';
const isAuthStatus = (ctx: Context) => ctx.status === 401 || ctx.status === 403;

/** What to do to get a new token, for the profile's kind. */
function newTokenAdvice(ctx: Context): string {
  return ctx.input.scheme === 'oauth2'
    ? 'Get a new token: Authdesk refreshes it when the profile has a refresh token; otherwise sign in again.'
    : 'Get a new token from the provider and replace it in the profile.';
}

// ---- transport -------------------------------------------------------------------------------------------------

const transportTexts: Partial<Record<FailureReason, { title: string; tryThis: string[]; rule: string | null }>> = {
  network: {
    title: 'Could not reach the server',
    tryThis: ['Check the URL (scheme, host name, port) for typos.', 'Check that the server is up and reachable from this machine (VPN, proxy, firewall).'],
    rule: null,
  },
  tls: {
    title: 'The secure connection (TLS) failed',
    tryThis: [
      "Check that the URL's host name is one the server's certificate is issued for.",
      'If the server uses a private or self-signed certificate, add its CA to the system trust store.',
    ],
    rule: 'RFC 9110 §4.3.4',
  },
  timeout: {
    title: 'The server did not answer in time',
    tryThis: ['Check that the host is up and reachable.', 'Raise the timeout if this endpoint is known to be slow.'],
    rule: null,
  },
};

/** Network, TLS and timeout failures: the sender's message already names the host and the cause. */
const transport: Explainer = (ctx) => {
  const texts = ctx.input.failure ? transportTexts[ctx.input.failure] : undefined;
  if (!texts) return null;
  return { ...texts, detail: ctx.input.error ?? 'The connection failed.', facts: {} };
};

// ---- redirects -------------------------------------------------------------------------------------------------

/** A 401/403 after a cross-origin redirect on which Authdesk withheld the credentials (RFC 9110 §15.4). */
const strippedOnRedirect: Explainer = (ctx) => {
  const hop = ctx.input.redirects.find((r) => r.credentials === 'stripped');
  if (!hop || !isAuthStatus(ctx)) return null;
  const to = originOf(hop.to);
  return {
    title: 'Credentials were not sent after a redirect to another origin',
    detail:
      `The server redirected (${hop.status}) to ${to}, another origin than the one the request started at. Authdesk ` +
      `dropped the credentials on purpose so they cannot leak to another host, so ${to} got none and answered ${ctx.status}.`,
    tryThis: [
      `Call ${to} directly, with a profile bound to that host.`,
      'Trusting redirects to another origin will be a per-profile opt-in; until then, send the request to the final host.',
    ],
    rule: 'RFC 9110 §15.4',
    facts: { redirectStatus: String(hop.status), redirectedTo: to },
  };
};

// ---- rate limits -----------------------------------------------------------------------------------------------

function waitSeconds(ctx: Context): number | null {
  if (ctx.rate.retryAfterS !== null) return ctx.rate.retryAfterS;
  if (ctx.rate.resetAt === null) return null;
  return Math.max(0, Math.ceil((Date.parse(ctx.rate.resetAt) - (ctx.serverDate ?? new Date()).getTime()) / 1000));
}

function rateFacts(rate: RateLimitInfo): Record<string, string> {
  const entries = Object.entries(rate).filter(([, v]) => v !== null);
  return Object.fromEntries(entries.map(([k, v]) => [k, String(v)]));
}

function rateDetail(ctx: Context, wait: number | null): string {
  const { limit, remaining, windowS } = ctx.rate;
  const parts = [`The server answered ${ctx.status}: too many requests.`];
  if (limit !== null) parts.push(`It allows ${limit} requests${windowS !== null ? ` per ${duration(windowS)}` : ''}${remaining !== null ? `, ${remaining} left` : ''}.`);
  if (ctx.rate.resetAt) parts.push(`The window resets at ${ctx.rate.resetAt}.`);
  if (wait === null) parts.push('It did not say how long to wait.');
  return parts.join(' ') + said(ctx.serverMessage);
}

/** 429 (RFC 6585 §4), or a 403 with no requests remaining (GitHub), with the wait from `Retry-After` or the reset. */
const rateLimited: Explainer = (ctx) => {
  if (ctx.status !== 429 && !(ctx.status === 403 && ctx.rate.remaining === 0)) return null;
  const wait = waitSeconds(ctx);
  return {
    title: wait !== null ? `Rate limited: wait ${duration(wait)}` : 'Rate limited',
    detail: rateDetail(ctx, wait),
    tryThis: [
      wait !== null ? `Wait ${duration(wait)} before sending again.` : 'Wait a little before sending again.',
      'Space requests out, and back off exponentially on repeated 429s.',
      'If the limit is per token, user or plan, check the limits of your account.',
    ],
    rule: ctx.status === 429 ? 'RFC 6585 §4' : null,
    facts: rateFacts(ctx.rate),
  };
};

// ---- clocks ----------------------------------------------------------------------------------------------------

/** This computer's clock minus the server's, in seconds, when both are known. */
function localSkewS(ctx: Context): number | null {
  const sent = ctx.input.sentAt ? Date.parse(ctx.input.sentAt) : NaN;
  return ctx.serverDate && !Number.isNaN(sent) ? Math.round((sent - ctx.serverDate.getTime()) / 1000) : null;
}

function notYetValid(claim: 'nbf' | 'iat', at: number, refS: number): Explanation {
  const skew = Math.round(at - refS);
  const what = claim === 'nbf' ? 'is not valid before' : 'was issued at';
  return {
    title: `The clocks disagree by ${skew} s`,
    detail:
      `The token says it ${what} ${iso(at)}, but the server's clock read ${iso(refS)} when it answered: the ` +
      `token's issuer is ${duration(skew)} ahead of the API server, which treats the token as not yet valid.`,
    tryThis: [
      'Sync the clock of the machine that issued the token (NTP); for tokens minted on this computer, sync this one.',
      `Or wait ${duration(skew)} and send again.`,
      'Ask the API provider whether it allows some clock-skew leeway.',
    ],
    rule: claim === 'nbf' ? 'RFC 7519 §4.1.5' : 'RFC 7519 §4.1.6',
    facts: { [claim === 'nbf' ? 'tokenNotBefore' : 'tokenIssuedAt']: iso(at), clockDifferenceS: String(skew) },
  };
}

function expired(ctx: Context, exp: number, refS: number): Explanation {
  const local = localSkewS(ctx);
  const localNote =
    local !== null && local < -SKEW_TOLERANCE_S
      ? ` This computer's clock is ${duration(-local)} behind the server's, so the token still looked valid here.`
      : '';
  return {
    title: `The token expired at ${iso(exp)}`,
    detail: `The access token expired ${duration(refS - exp)} before the server answered (server clock ${iso(refS)}).${localNote}`,
    tryThis: [newTokenAdvice(ctx), ...(localNote ? ["Sync this computer's clock (NTP): Authdesk decides when to refresh by it."] : [])],
    rule: 'RFC 7519 §4.1.4',
    facts: { tokenExpiredAt: iso(exp), ...(local !== null ? { localClockDifferenceS: String(local) } : {}) },
  };
}

/** A JWT access token that is not yet valid or already expired by the server's `Date` (RFC 9110 §6.6.1). */
const clockTrouble: Explainer = (ctx) => {
  const times = isAuthStatus(ctx) && ctx.input.accessToken ? peekJwtTimes(ctx.input.accessToken) : null;
  const ref = ctx.serverDate ?? (ctx.input.sentAt ? new Date(ctx.input.sentAt) : null);
  if (!times || !ref || Number.isNaN(ref.getTime())) return null;
  const refS = ref.getTime() / 1000;
  for (const claim of ['nbf', 'iat'] as const) {
    const at = times[claim];
    if (at !== null && at - refS > SKEW_TOLERANCE_S) return notYetValid(claim, at, refS);
  }
  return times.exp !== null && times.exp <= refS ? expired(ctx, times.exp, refS) : null;
};

// ---- RFC 6750 bearer errors ------------------------------------------------------------------------------------

function bearerTexts(ctx: Context, e: ServerError): Omit<Explanation, 'rule' | 'facts'> | null {
  switch (e.code) {
    case 'invalid_token':
      return {
        title: 'The access token is expired, revoked or not valid for this API',
        detail: `The server rejected the token (error="invalid_token").`,
        tryThis: [newTokenAdvice(ctx), 'If a fresh token fails too, check that it was issued for this API (audience or resource) and this environment.'],
      };
    case 'insufficient_scope':
      return {
        title: e.scope ? `The token needs scope ${e.scope}` : 'The token lacks the scope this request needs',
        detail: `The token is valid but does not carry the permission this request needs (error="insufficient_scope").`,
        tryThis: [
          e.scope
            ? `Add "${e.scope}" to the profile's scope and get a new token (sign in again so the consent covers it).`
            : "Look up the scope this endpoint needs in the API docs, add it to the profile's scope and get a new token.",
          'Check that the account or app may be granted that scope.',
        ],
      };
    case 'invalid_request':
      return {
        title: 'The server found the request malformed',
        detail: 'A required parameter is missing or repeated, or the token was sent in more than one way (exactly one is allowed).',
        tryThis: ['Send the token only in the Authorization header: remove any access_token query parameter or body field.', 'Check the required headers and parameters in the API docs.'],
      };
    default:
      return null;
  }
}

/** `error` in a Bearer challenge, or a Bearer error code in the body (RFC 6750 §3.1). */
const bearerError: Explainer = (ctx) => {
  const e = ctx.serverError;
  if (!e || (e.from === 'body' && e.code !== 'invalid_token' && e.code !== 'insufficient_scope')) return null;
  const texts = bearerTexts(ctx, e);
  if (!texts) return null;
  const facts: Record<string, string> = { error: e.code, ...(e.scope ? { requiredScope: e.scope } : {}) };
  return { ...texts, detail: texts.detail + said(e.description && quote(e.description)), rule: 'RFC 6750 §3.1', facts };
};

// ---- RFC 6749 token endpoint errors ----------------------------------------------------------------------------

const oauthTexts: Record<string, Omit<Explanation, 'rule' | 'facts'>> = {
  invalid_client: {
    title: 'The client credentials were not accepted',
    detail: 'Client authentication failed: an unknown client_id, a wrong client_secret, or a client authentication method the client is not registered for.',
    tryThis: [
      "Check client_id and client_secret: copy them again from the provider's console (secrets get rotated).",
      'Try the other client authentication method: client_secret_basic ↔ client_secret_post.',
      'For a public client with no secret, set the method to none.',
    ],
  },
  invalid_grant: {
    title: 'The grant was rejected: sign in again',
    detail:
      'The authorization code, device code or refresh token is invalid, expired, already used or revoked, or the ' +
      'redirect_uri or PKCE verifier does not match the ones it was issued with.',
    tryThis: [
      'Sign in again: an authorization code works once, for a few minutes.',
      'After a refresh: the refresh token was rotated or revoked (another client used it, or the user signed out); sign in again.',
      'Check that the redirect URI registered with the provider matches the one Authdesk sends exactly.',
    ],
  },
  unauthorized_client: {
    title: 'This client may not use this grant type',
    detail: 'The client authenticated, but the server does not allow it this grant.',
    tryThis: ["Enable the grant for this app in the provider's console.", 'Or choose the grant the app is registered for in the profile.'],
  },
  unsupported_grant_type: {
    title: 'The server does not support this grant type',
    detail: 'The authorization server does not know or offer the grant the profile uses.',
    tryThis: ["Check grant_types_supported in the server's metadata (/.well-known/oauth-authorization-server or openid-configuration).", 'Choose a supported grant in the profile.'],
  },
  invalid_scope: {
    title: 'The requested scope is invalid',
    detail: 'A scope is unknown, malformed, or more than the client (or the original grant, on refresh) allows.',
    tryThis: ['Check the scope names in the API docs; separate them with spaces, not commas.', "Remove scopes the app may not request, or enable them in the provider's console."],
  },
  invalid_request: {
    title: 'The token request is malformed',
    detail: 'A required parameter is missing or repeated, a value is invalid, or the client authenticated in more than one way.',
    tryThis: ["Check the provider's required extra parameters (audience, resource).", 'Send client credentials one way only: the Authorization header (client_secret_basic) or the body (client_secret_post).'],
  },
};

/** An OAuth error response body from a token endpoint (RFC 6749 §5.2). */
const oauthError: Explainer = (ctx) => {
  const e = ctx.serverError;
  const texts = e?.from === 'body' && Object.hasOwn(oauthTexts, e.code) ? oauthTexts[e.code] : null;
  if (!e || !texts) return null;
  return { ...texts, detail: texts.detail + said(e.description && quote(e.description)), rule: 'RFC 6749 §5.2', facts: { error: e.code } };
};

// ---- challenges ------------------------------------------------------------------------------------------------

/** The scheme word the profile puts in Authorization, or null when it puts nothing there (no profile). */
function sentScheme(ctx: Context): string | null {
  if (ctx.input.scheme === 'basic') return 'Basic';
  if (ctx.input.scheme === 'digest') return 'Digest';
  return isTokenProfile(ctx) ? (ctx.input.tokenPrefix ?? 'Bearer') : null;
}

function adviceFor(ctx: Context, wanted: string): string {
  if (lower(wanted) === 'basic') return 'Use an HTTP Basic profile (username and password) for this API.';
  if (lower(wanted) === 'digest') return 'Use an HTTP Digest profile (username and password) for this API.';
  if (lower(wanted) === 'bearer') {
    return isTokenProfile(ctx) ? 'Set the token prefix of the profile to "Bearer".' : 'Use a bearer token or OAuth 2.0 profile for this API.';
  }
  return `Authdesk does not answer ${wanted} challenges yet; ask the API provider for another way in (a token or an API key).`;
}

/** A 401 whose challenges ask for schemes the profile does not send (RFC 9110 §11.6.1). */
const schemeMismatch: Explainer = (ctx) => {
  if (ctx.status !== 401 || !ctx.challenges.length || ctx.input.scheme === 'apikey') return null;
  const sent = sentScheme(ctx);
  if (sent && ctx.challenges.some((c) => lower(c.scheme) === lower(sent))) return null;
  const wanted = [...new Map(ctx.challenges.map((c) => [lower(c.scheme), c.scheme])).values()];
  const list = wanted.join(' or ');
  return {
    title: wanted.length === 1 ? `The server wants ${list} authentication` : `The server accepts ${list} authentication`,
    detail: `It answered 401 with WWW-Authenticate asking for ${list}, but ${sent ? `the profile sends ${sent}` : 'this request carried no credentials'}.`,
    tryThis: wanted.map((w) => adviceFor(ctx, w)),
    rule: 'RFC 9110 §11.6.1',
    facts: { wanted: list, ...(sent ? { sent } : {}) },
  };
};

/** A 401 to HTTP Basic credentials (RFC 7617 §2; `charset`, §2.1). */
const basicRejected: Explainer = (ctx) => {
  if (ctx.status !== 401 || ctx.input.scheme !== 'basic') return null;
  const challenge = ctx.challenges.find((c) => lower(c.scheme) === 'basic');
  const charset = challenge?.params.charset ?? null;
  const realm = challenge?.params.realm;
  return {
    title: 'Wrong username or password',
    detail:
      `The server rejected the username and password the profile sent${realm ? ` for realm "${quote(realm)}"` : ''}.` +
      (charset ? ` It expects them in ${quote(charset)} (charset="${quote(charset)}"), which is what Authdesk sends.` : '') +
      said(ctx.serverMessage),
    tryThis: [
      'Check the username and the password (Replace the password in the profile if unsure).',
      'Some APIs take an API key as the username with an empty password, or the other way round; check the docs.',
      ...(charset ? [] : ['If the password has non-ASCII characters, the server may decode them differently (it did not announce charset="UTF-8").']),
    ],
    rule: charset ? 'RFC 7617 §2.1' : 'RFC 7617 §2',
    facts: { ...(realm ? { realm: quote(realm) } : {}), ...(charset ? { charset: quote(charset) } : {}) },
  };
};

const unauthorizedTexts: Record<'apikey' | 'token' | 'none', Pick<Explanation, 'title' | 'tryThis'>> = {
  apikey: {
    title: 'The API key was rejected or not found',
    tryThis: [
      'Check the key (Replace it in the profile if unsure).',
      'Check where the API expects it: header name, query parameter or cookie, and any prefix.',
      'Check that the key belongs to this environment (test or live).',
    ],
  },
  token: {
    title: 'The token was not accepted',
    tryThis: ['Check that the token is for this API and this environment.', 'Check the prefix the API expects in Authorization (Bearer, token …).'],
  },
  none: { title: 'The server wants credentials', tryThis: ['Send the request with a profile for this API.'] },
};

/** Any other 401 (RFC 9110 §15.5.2), noting a missing challenge. */
const unauthorized: Explainer = (ctx) => {
  if (ctx.status !== 401) return null;
  const kind = isTokenProfile(ctx) ? 'token' : ctx.input.scheme === 'apikey' ? 'apikey' : 'none';
  const texts = unauthorizedTexts[kind];
  const noChallenge = ctx.challenges.length ? '' : ' It sent no WWW-Authenticate challenge, so it gave no hint about what it wants.';
  const sent = kind === 'none' ? 'this request carried no credentials' : 'it did not accept the credentials the profile sent';
  return {
    title: texts.title,
    detail: `The server answered 401: ${sent}.${noChallenge}${said(ctx.serverMessage)}`,
    tryThis: kind === 'token' ? [newTokenAdvice(ctx), ...texts.tryThis] : texts.tryThis,
    rule: 'RFC 9110 §15.5.2',
    facts: {},
  };
};

/** A 403 without a Bearer error: known (or not needed) but not allowed (RFC 9110 §15.5.4). */
const forbidden: Explainer = (ctx) => {
  if (ctx.status !== 403) return null;
  return {
    title: 'Authenticated, but not allowed',
    detail: `The server understood the request but refuses it: the account, app or token lacks permission for this resource.${said(ctx.serverMessage)}`,
    tryThis: [
      ...(ctx.input.scheme === null ? ['This request carried no credentials: send it with a profile (some APIs answer 403 rather than 401).'] : []),
      'Check the role or permissions of the account or app behind the credentials.',
      'If the token has scopes, check that they cover this endpoint, and get a new token after changing them.',
      'Some APIs also refuse by IP allow-list, organization policy (such as SSO authorization) or plan; check the docs.',
    ],
    rule: 'RFC 9110 §15.5.4',
    facts: {},
  };
};

// ---- everything else -------------------------------------------------------------------------------------------

const preflightTexts: Partial<Record<FailureReason, Pick<Explanation, 'title' | 'tryThis'>>> = {
  secret_missing: {
    title: 'A secret of the profile is missing',
    tryThis: ['Save the secret in the profile (it goes to the OS keychain), or set its environment variable for CI.'],
  },
  auth_flow: {
    title: 'Getting a token failed',
    tryThis: ["Check the profile's token endpoint, client_id and grant.", 'Run the sign-in again and watch its steps.'],
  },
};

/** Failures before a response: a missing secret or a failed OAuth flow, with the engine's message. */
const preflight: Explainer = (ctx) => {
  const texts = ctx.input.failure ? preflightTexts[ctx.input.failure] : undefined;
  return texts ? { ...texts, detail: ctx.input.error ?? texts.title, rule: null, facts: {} } : null;
};

/** 404 (RFC 9110 §15.5.5), other 4xx, 5xx (§15.6), or a failure with only a message. */
function generic(ctx: Context): Explanation {
  const { status } = ctx;
  const message = said(ctx.serverMessage);
  if (status === 404) {
    return {
      title: 'Not found',
      detail: `There is nothing at this URL, or the API hides what these credentials may not see (some answer 404 rather than 403).${message}`,
      tryThis: ['Check the path and the base URL (API version, region).', 'If the resource is private, check that the credentials have access to it.'],
      rule: 'RFC 9110 §15.5.5',
      facts: {},
    };
  }
  if (status !== null && status >= 500) {
    return {
      title: `The server failed (${status})`,
      detail: `The error is on the server's side, not in the credentials.${message}`,
      tryThis: ["Try again later, and check the provider's status page."],
      rule: 'RFC 9110 §15.6',
      facts: {},
    };
  }
  const title = status !== null && status >= 400 ? `The server rejected the request (${status})` : 'The request failed';
  return { title, detail: (ctx.input.error ?? 'See the response for details.') + message, tryThis: ['Check the method, URL, headers and body against the API docs.'], rule: null, facts: {} };
}

const explainers: Explainer[] = [
  transport,
  strippedOnRedirect,
  rateLimited,
  clockTrouble,
  bearerError,
  oauthError,
  schemeMismatch,
  basicRejected,
  unauthorized,
  forbidden,
  preflight,
];

/** The first explainer's answer, else the generic one. */
function firstOf(ctx: Context): Explanation {
  for (const explain of explainers) {
    const found = explain(ctx);
    if (found) return found;
  }
  return generic(ctx);
}

/**
 * Explains why a request failed, for a person: the most specific of, in order, transport failures (network, TLS,
 * timeout), credentials withheld on a cross-origin redirect (RFC 9110 §15.4), rate limits (RFC 6585 §4, RFC 9110
 * §10.2.3), JWT time trouble against the server's `Date` (RFC 7519 §4.1.4–§4.1.6), Bearer errors (RFC 6750 §3.1),
 * OAuth error bodies (RFC 6749 §5.2), challenges for another scheme (RFC 9110 §11.6.1), rejected Basic credentials
 * (RFC 7617), other 401 / 403 (RFC 9110 §15.5.2, §15.5.4), and the rest by status.
 *
 * Returns null when there is nothing to explain: a 1xx–3xx with no failure, or a cancelled request. The output holds
 * no token and no claim other than token times; server-sent text (descriptions, realms) is quoted, so pass it
 * through the redactor like the body preview.
 */
export function explainFailure(input: ExplainInput): Explanation | null {
  if (input.failure === 'cancelled') return null;
  if (input.failure === null && (input.status === null || input.status < 400)) return null;
  const ctx = contextOf(input);
  const found = firstOf(ctx);
  return { ...found, facts: { ...baseFacts(ctx), ...found.facts } };
}
