import { headerValues, rateLimitInfo, serverDateOf, type RateLimitInfo } from './rate-limit';
import type { FailureReason, HeaderPair } from './request';
import { parseWwwAuthenticate, type Challenge } from './www-authenticate';
import { parsesAsUrl } from './url';

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
  /** An oauth2 profile's grant (`client_credentials`, `authorization_code`…); null or absent otherwise. */
  grant?: string | null;
  redirects: { credentials: 'kept' | 'stripped'; status: number; to: string }[];
  /** When the request was sent (ISO, this computer's clock). */
  sentAt?: string;
  /** The access token sent, only to peek at its time claims; it never reaches the output. */
  accessToken?: string | null;
}

/** An OAuth or Bearer error as the server reported it, in a challenge (RFC 6750 §3) or a body (RFC 6749 §5.2). */
export interface ServerError {
  code: string;
  description: string | null;
  scope: string | null;
  from: 'challenge' | 'body';
}

export interface Context {
  input: ExplainInput;
  status: number | null;
  challenges: Challenge[];
  serverError: ServerError | null;
  serverMessage: string | null;
  serverDate: Date | null;
  rate: RateLimitInfo;
}

export type Explainer = (ctx: Context) => Explanation | null;

export const MAX_QUOTE = 300;
export const SKEW_TOLERANCE_S = 60;

/** Server text for display: control characters removed, capped. */
export function quote(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean.length > MAX_QUOTE ? `${clean.slice(0, MAX_QUOTE)}…` : clean;
}

export const said = (message: string | null) => (message ? ` The server says: "${message}"` : '');

/** A human duration: `45 s`, `12 min 5 s`, `3 h 20 min`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 120) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
}

export const iso = (epochS: number) => new Date(epochS * 1000).toISOString();
export const originOf = (url: string) => (parsesAsUrl(url) ? new URL(url).origin : url);
export const lower = (s: string) => s.toLowerCase();

/** The body as a flat record of strings: a JSON object, or a form-encoded OAuth error (servers send both). */
export function bodyFields(body: string | null): Record<string, string> | null {
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
export function serverErrorOf(challenges: Challenge[], fields: Record<string, string> | null): ServerError | null {
  const c = challenges.find((ch) => ch.params.error);
  if (c) return { code: c.params.error, description: c.params.error_description ?? null, scope: c.params.scope ?? null, from: 'challenge' };
  if (!fields?.error) return null;
  return { code: fields.error, description: fields.error_description ?? null, scope: fields.scope ?? null, from: 'body' };
}

/** A human message in the body: OAuth `error_description`, common `message`, RFC 9457 `detail`/`title`, or short text. */
export function serverMessageOf(body: string | null, fields: Record<string, string> | null): string | null {
  const field = fields && (fields.error_description ?? fields.message ?? fields.detail ?? fields.title ?? fields.error);
  if (field) return quote(field);
  const text = body?.trim() ?? '';
  return text && !fields && !/^[<{[]/.test(text) && text.length <= MAX_QUOTE ? quote(text) : null;
}

export function contextOf(input: ExplainInput): Context {
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
export function formatChallenge(c: Challenge): string {
  const params = Object.entries(c.params).map(([k, v]) => `${k}="${quote(v)}"`);
  return [c.scheme, c.token68 ?? params.join(', ')].filter(Boolean).join(' ');
}

export function baseFacts(ctx: Context): Record<string, string> {
  const facts: Record<string, string> = {};
  if (ctx.status !== null) facts.status = String(ctx.status);
  if (ctx.challenges.length) facts.challenges = ctx.challenges.map(formatChallenge).join('; ');
  if (ctx.serverDate) facts.serverDate = ctx.serverDate.toISOString();
  return facts;
}

export const isTokenProfile = (ctx: Context) => ctx.input.scheme === 'bearer' || ctx.input.scheme === 'oauth2';
export const isAuthStatus = (ctx: Context) => ctx.status === 401 || ctx.status === 403;

/** What to do to get a new token, for the profile's kind. */
export function newTokenAdvice(ctx: Context): string {
  return ctx.input.scheme === 'oauth2'
    ? 'Get a new token: Authdesk refreshes it when the profile has a refresh token; otherwise sign in again.'
    : 'Get a new token from the provider and replace it in the profile.';
}

// ---- transport -------------------------------------------------------------------------------------------------
