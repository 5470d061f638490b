import type { HeaderPair } from './request';

/** What a response says about rate limiting. Every field is null when the server did not say. */
export interface RateLimitInfo {
  /** Requests allowed in the window. */
  limit: number | null;
  /** Requests left in the window. */
  remaining: number | null;
  /** When the window resets (ISO time, on the server's clock). */
  resetAt: string | null;
  /** Seconds to wait before retrying (`Retry-After`). */
  retryAfterS: number | null;
  /** Length of the window in seconds (`RateLimit-Policy` `w`). */
  windowS: number | null;
}

/** All values of a header, case-insensitively (RFC 9110 §5.1). */
export function headerValues(headers: readonly HeaderPair[], name: string): string[] {
  const key = name.toLowerCase();
  return headers.filter(([k]) => k.toLowerCase() === key).map(([, v]) => v);
}

const first = (headers: readonly HeaderPair[], name: string): string | null => headerValues(headers, name)[0] ?? null;

/** The leading number of a value (`100`, `100, 5000`, `1700000000.5`), or null. */
function leadingNumber(value: string | null): number | null {
  const m = value === null ? null : /^\s*(\d+(?:\.\d+)?)/.exec(value);
  return m ? Number(m[1]) : null;
}

/** An HTTP-date (RFC 9110 §5.6.7) as a Date, or null. */
function httpDate(value: string | null): Date | null {
  if (value === null || /^\s*\d+\s*$/.test(value)) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t);
}

/** The server's clock at the time of the response: the `Date` header (RFC 9110 §6.6.1), or null. */
export function serverDateOf(headers: readonly HeaderPair[]): Date | null {
  return httpDate(first(headers, 'date'));
}

/**
 * `key=number` parameters and the leading bare number of the `RateLimit` / `RateLimit-Policy` fields in both draft
 * shapes of draft-ietf-httpapi-ratelimit-headers: `limit=10, remaining=5, reset=3` and `10;w=60` (early drafts),
 * `"default";r=50;t=30` and `"default";q=100;w=60` (later ones). The first occurrence of a key wins.
 */
function structuredNumbers(value: string | null): { bare: number | null; params: Record<string, number> } {
  const params: Record<string, number> = {};
  if (value === null) return { bare: null, params };
  for (const [, key, num] of value.matchAll(/([a-z]+)\s*=\s*(\d+(?:\.\d+)?)/gi)) {
    const k = key.toLowerCase();
    if (!Object.hasOwn(params, k)) params[k] = Number(num);
  }
  return { bare: leadingNumber(value.split(/[;,]/)[0]), params };
}

/**
 * A reset value as an absolute time. Servers send delta seconds (IETF `RateLimit-Reset`), epoch seconds (GitHub's
 * `X-RateLimit-Reset`) or epoch milliseconds; they are told apart by magnitude (a delta of 10^9 s is 31 years).
 */
function resetTime(value: number, base: Date): Date {
  if (value >= 1e12) return new Date(value);
  if (value >= 1e9) return new Date(value * 1000);
  return new Date(base.getTime() + value * 1000);
}

/** `Retry-After` (RFC 9110 §10.2.3): delay-seconds, or an HTTP-date measured against the server's clock. */
function retryAfterSeconds(value: string | null, base: Date): number | null {
  if (value === null) return null;
  if (/^\s*\d+\s*$/.test(value)) return Number(value.trim());
  const date = httpDate(value);
  return date ? Math.max(0, Math.ceil((date.getTime() - base.getTime()) / 1000)) : null;
}

/**
 * Rate-limit state from response headers: `Retry-After` (RFC 9110 §10.2.3, with 429 from RFC 6585 §4), the IETF
 * draft fields (`RateLimit-Limit/Remaining/Reset`, `RateLimit`, `RateLimit-Policy`) and the common
 * `X-RateLimit-Limit/Remaining/Reset`. IETF fields win over `X-` ones.
 * @param serverDate the server's clock for deltas and dates; default the response's `Date` header, else now
 */
export function rateLimitInfo(headers: readonly HeaderPair[], serverDate?: Date | null): RateLimitInfo {
  const base = serverDate ?? serverDateOf(headers) ?? new Date();
  const combined = structuredNumbers(first(headers, 'ratelimit')).params;
  const policy = structuredNumbers(first(headers, 'ratelimit-policy'));
  const pick = (...values: (number | null | undefined)[]) => values.find((v) => v !== null && v !== undefined) ?? null;
  const num = (name: string) => leadingNumber(first(headers, name));
  const reset = pick(num('ratelimit-reset'), combined.reset, combined.t, num('x-ratelimit-reset'));
  return {
    limit: pick(num('ratelimit-limit'), combined.limit, policy.params.q, policy.bare, num('x-ratelimit-limit')),
    remaining: pick(num('ratelimit-remaining'), combined.remaining, combined.r, num('x-ratelimit-remaining')),
    resetAt: reset === null ? null : resetTime(reset, base).toISOString(),
    retryAfterS: retryAfterSeconds(first(headers, 'retry-after'), base),
    windowS: policy.params.w ?? null,
  };
}
