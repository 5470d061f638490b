import type { FailureReason } from '../../../shared/request';

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
export const schemeLabels = { basic: 'Basic', apikey: 'API key', bearer: 'Bearer', oauth2: 'OAuth 2.0' } as const;

/** Failure reasons in words, for the status pill, history rows and insights. */
export const failureLabels: Record<FailureReason, string> = {
  invalid_credentials: 'invalid credentials',
  forbidden: 'forbidden',
  rate_limited: 'rate limited',
  client_error: 'client error',
  server_error: 'server error',
  timeout: 'timed out',
  network: 'network error',
  tls: 'TLS error',
  secret_missing: 'secret missing',
  auth_flow: 'sign-in failed',
  cancelled: 'cancelled',
};
