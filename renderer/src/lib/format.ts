import { notSent, type FailureReason } from '../../../shared/request';
import type { Scheme } from '../../../shared/profile';

/** Small display helpers shared by the components (pure, no React). */

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

/** "30 Nov 2025, 01:02" for an ISO time; the raw text when it does not parse. */
export function formatDate(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : dateFormat.format(t);
}

/** A compact date and time with seconds, for history rows. */
export function formatTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : timeFormat.format(t);
}

/** "7.2 ms", "26 ms": one decimal below 10 ms, whole milliseconds above. */
export function formatMs(ms: number): string {
  return `${ms < 10 ? Math.round(ms * 10) / 10 : Math.round(ms)} ms`;
}

/** "840 B", "12.4 KB", "3.1 MB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** The colour family of a response: success, redirect, client error, server error or failure. */
export type Tone = 'ok' | 'info' | 'warn' | 'bad';

/** Maps a status (null when no response arrived) to its tone. */
export function statusTone(status: number | null): Tone {
  if (status === null || status >= 500) return 'bad';
  if (status >= 400) return 'warn';
  if (status >= 300) return 'info';
  return 'ok';
}

/** Human names of the auth schemes, for badges and selects. */
export const schemeLabels: Record<Scheme, string> = {
  basic: 'Basic',
  apikey: 'API key',
  bearer: 'Bearer',
  oauth2: 'OAuth 2.0',
  digest: 'Digest',
  'aws-sigv4': 'AWS SigV4',
  mtls: 'Client certificate (mTLS)',
};

/** The schemes the profile editor can create, in the order its select offers them. */
export const editableSchemes = ['basic', 'apikey', 'bearer', 'oauth2', 'digest', 'aws-sigv4', 'mtls'] as const satisfies readonly Scheme[];
export type EditableScheme = (typeof editableSchemes)[number];

/** One line under the scheme select: what the scheme does and who uses it. */
export const schemeHints: Record<EditableScheme, string> = {
  basic: 'A username and password in every request (RFC 7617). Use it only over https.',
  apikey: 'A key in a header, query parameter or cookie, as the API’s docs name it.',
  bearer: 'A token you already have, sent as Authorization: Bearer … (RFC 6750).',
  oauth2: 'Authdesk obtains access tokens from an authorization server and sends them for you.',
  digest: 'Challenge-response (RFC 7616): the password never crosses the wire. Older APIs, cameras, routers.',
  'aws-sigv4': 'Every request is signed with your secret access key (AWS APIs, API Gateway, S3-compatible storage).',
  mtls: 'A client certificate presented in the TLS handshake; the server checks it before any HTTP is read.',
};

/**
 * Whether an entry records a request that was never sent because its auth stage failed or was cancelled (a secret
 * missing, a token endpoint that refused or did not answer, a sign-in needed, denied or cancelled): shared/request.ts
 * notSent.
 */
export const authStageFailed = notSent;

/** Failure reasons in words, for the status pill, history rows and insights. */
export const failureLabels: Record<FailureReason, string> = {
  invalid_credentials: 'invalid credentials',
  forbidden: 'forbidden',
  rate_limited: 'rate limited',
  client_error: 'client error',
  redirect: 'redirect not followed',
  server_error: 'server error',
  timeout: 'timed out',
  network: 'network error',
  tls: 'TLS error',
  secret_missing: 'secret missing',
  auth_flow: 'auth failed',
  cancelled: 'cancelled',
};

const clockFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

/** "14:03" for a time today, "30 Nov, 14:03" for an earlier day: short enough for a badge or a chart axis. */
export function formatWhen(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const sameDay = new Date(t).toDateString() === new Date().toDateString();
  return sameDay ? clockFormat.format(t) : `${dayFormat.format(t)}, ${clockFormat.format(t)}`;
}

const secondsFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** "14:03:12": a time of day with seconds, for points close together on a chart. */
export function formatClock(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : secondsFormat.format(t);
}

/**
 * Who a request was sent as, for history rows and entries: the profile's non-secret identity and the fingerprint of
 * each secret it used ("as octocat · key 1a2b3c4d"), so a rotated or leaked key can be traced to the requests that
 * carried it. Null when the entry has neither.
 */
export function sentAs(identity: string | null, fingerprints: readonly string[]): string | null {
  const parts = [identity ? `as ${identity}` : null, fingerprints.length ? `${fingerprints.length > 1 ? 'keys' : 'key'} ${fingerprints.join(', ')}` : null];
  const text = parts.filter((p) => p !== null).join(' · ');
  return text || null;
}
