import { z } from 'zod';
import type { Explanation } from './explain';
import { httpUrlSchema } from './profile';

/** Shapes of a test request and of what Authdesk records about it (a history entry, already redacted). */

export const methodSchema = z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
export type Method = z.infer<typeof methodSchema>;

/**
 * A request header: the name a token, the value what HTTP can carry (RFC 9110 §5.1, §5.5: visible ASCII, spaces and
 * tabs, or Latin-1 bytes); a line break or an emoji would otherwise be dropped or mangled on the wire, unseen.
 */
export const headerPairSchema = z.tuple([
  z
    .string()
    .min(1)
    .max(200)
    .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'a header name is letters, digits and !#$%&\'*+.^_`|~- only (RFC 9110 §5.1)'),
  z
    .string()
    .max(16_000, 'a header value has at most 16,000 characters (servers refuse longer header sections: 8-16 kB is the common limit)')
    .regex(/^[\t\x20-\x7e\x80-\xff]*$/, 'a header value holds no line breaks or control characters, and no characters beyond Latin-1 (RFC 9110 §5.5): percent-encode or base64 other text'),
]);
export type HeaderPair = z.infer<typeof headerPairSchema>;

/** What the user asks to send. `profileId` null sends with no auth. Body is text (UTF-8), at most 10 MB. */
/** ms a send may take when the request names no `timeoutMs` (the app's Timeout field starts at it too). */
export const DEFAULT_TIMEOUT_MS = 30_000;

export const sendRequestSchema = z.object({
  profileId: z.string().nullable(),
  method: methodSchema.default('GET'),
  url: httpUrlSchema,
  headers: z.array(headerPairSchema).max(100).default([]),
  body: z.string().max(10_000_000).optional(),
  timeoutMs: z.number().int().min(100).max(600_000).optional(),
  /** Client-chosen id so the request can be cancelled while in flight. */
  requestId: z.string().max(100).optional(),
});
export type SendRequest = z.input<typeof sendRequestSchema>;
export type SendRequestParsed = z.output<typeof sendRequestSchema>;

/** Phase timings in ms. A phase that did not happen (a reused keep-alive socket has no DNS) is null. */
export interface Timings {
  dnsMs: number | null;
  connectMs: number | null;
  tlsMs: number | null;
  firstByteMs: number | null;
  totalMs: number;
}

/** One thing the auth layer did for a request, shown in the timeline. */
export interface AuthStep {
  kind: 'applied' | 'stripped-on-redirect' | 'refused' | 'note';
  detail: string;
  durationMs?: number;
}

/** Classified failure reasons, the keys of `failures` in metrics. */
export const failureReasons = [
  'invalid_credentials',
  'forbidden',
  'rate_limited',
  'client_error',
  /** A final 3xx that was not followed: no Location, 304, or the redirect limit reached. */
  'redirect',
  'server_error',
  'timeout',
  'network',
  'tls',
  /** These two: the auth stage failed, so nothing was sent (status null, no response; electron/engine/auth-failure.ts). */
  'secret_missing',
  'auth_flow',
  'cancelled',
] as const;
export type FailureReason = (typeof failureReasons)[number];

/** A history entry as stored: every string here has been through the redactor. */
export interface HistoryEntry {
  id: number;
  startedAt: string;
  profileId: string | null;
  profileName: string | null;
  clientType: 'confidential' | 'public' | null;
  scheme: string | null;
  identity: string | null;
  fingerprints: string[];
  method: string;
  url: string;
  status: number | null;
  statusText: string | null;
  ok: boolean;
  failure: FailureReason | null;
  error: string | null;
  timings: Timings;
  redirects: { from: string; to: string; status: number; credentials: 'kept' | 'stripped' }[];
  requestHeaders: HeaderPair[];
  requestBodyPreview: string | null;
  responseHeaders: HeaderPair[];
  responseBodyPreview: string | null;
  responseBytes: number;
  responseTruncated: boolean;
  authSteps: AuthStep[];
  /** Why it failed, in plain words, from what the server said (shared/explain.ts); null on success. */
  explanation: Explanation | null;
}

/**
 * The list view of history: small rows only. `identity` and `fingerprints` say who sent it and with which version of
 * each secret, so a rotated or leaked key can be traced to the requests that carried it; `error` is the entry's
 * (redacted) message, which for a request that was not sent (status null, failure `auth_flow` or `secret_missing`)
 * says why.
 */
export type HistorySummary = Pick<
  HistoryEntry,
  'id' | 'startedAt' | 'profileId' | 'profileName' | 'identity' | 'fingerprints' | 'method' | 'url' | 'status' | 'ok' | 'failure' | 'error'
> & { totalMs: number };

/**
 * Whether a history entry or row records a request that never went out: its auth stage failed (`secret_missing`,
 * `auth_flow`: electron/engine/auth-failure.ts records those with no time at all), or it was cancelled before anything
 * was sent (a sign-in the user cancelled; a send cancelled while its profile was read): status null, `cancelled`,
 * and 0 ms. A request cancelled after it went out took time and is not one of these.
 */
export function notSent(e: { status: number | null; failure: FailureReason | null; totalMs?: number; timings?: { totalMs: number } }): boolean {
  if (e.status !== null) return false;
  if (e.failure === 'auth_flow' || e.failure === 'secret_missing') return true;
  return e.failure === 'cancelled' && (e.totalMs ?? e.timings?.totalMs) === 0;
}
