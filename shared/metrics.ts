import type { RateLimitInfo } from './rate-limit';
import type { FailureReason } from './request';

/**
 * Onboarding metrics, computed from recorded events (pure: the clock is whatever wrote the events).
 * Time to first successful call (TTFSC) of a profile = its first `request.succeeded` minus its `profile.created`.
 */

export const onboardingEventTypes = [
  'profile.created',
  'secret.saved',
  'secret.rotated',
  'token.obtained',
  'profile.verified',
  'request.sent',
  'request.succeeded',
  'request.failed',
  'profile.removed',
] as const;
export type OnboardingEventType = (typeof onboardingEventTypes)[number];

/** One onboarding event. `at` is ms since the Unix epoch. No secret is ever part of an event. */
export interface OnboardingEvent {
  at: number;
  profileId: string;
  type: OnboardingEventType;
  reason?: FailureReason | null;
}

export interface Percentiles {
  count: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

/** One answered request's timings in ms (null: the phase did not happen, e.g. a reused connection). */
export interface LatencySample {
  at: string;
  totalMs: number;
  dnsMs: number | null;
  connectMs: number | null;
  tlsMs: number | null;
  firstByteMs: number | null;
  /** Time the auth layer spent before the request (token fetch or refresh), 0 when none. */
  authMs: number;
}

/** Upper bounds (ms) of the latency histogram's buckets; the last bucket is open. */
export const HISTOGRAM_BOUNDS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000] as const;

export interface LatencySummary extends Percentiles {
  /** Per phase, over the requests where the phase happened. */
  phases: { dns: Percentiles; connect: Percentiles; tls: Percentiles; firstByte: Percentiles };
  /**
   * The auth overhead: token fetches and refreshes (ms), over the requests that had any, and its share of all time
   * (auth time over auth plus request time, 0 to 1; a request's `totalMs` starts after its auth).
   */
  auth: Percentiles & { share: number | null };
  /** Counts of total times per bucket: `counts[i]` ≤ HISTOGRAM_BOUNDS_MS[i], the last one above every bound. */
  histogram: number[];
  /** The most recent samples (at most 200), for the latency-over-time chart. */
  recent: { at: string; totalMs: number }[];
}

export interface ProfileMetrics {
  profileId: string;
  profile: string;
  createdAt: string;
  secretSavedAt: string | null;
  firstRequestAt: string | null;
  firstSuccessAt: string | null;
  /** ms from profile creation to its first 2xx; null until there is one. */
  ttfscMs: number | null;
  /** Failed requests before the first 2xx (all failures while there is none). */
  attemptsBeforeSuccess: number;
  /** Failures before the first 2xx, by reason. */
  failures: Partial<Record<FailureReason, number>>;
  latency: LatencySummary;
  /** The rate limit the API reported on the profile's latest answered request (RateLimit-*, X-RateLimit-*). */
  rateLimit: RateLimitInfo | null;
}

export interface WorkspaceMetrics {
  profiles: ProfileMetrics[];
  workspace: {
    profilesTotal: number;
    profilesWithSuccess: number;
    firstProfileAt: string | null;
    firstSuccessAt: string | null;
    /** ms from the workspace's first profile to its first 2xx on any profile. */
    ttfscMs: number | null;
    /** Median of the per-profile TTFSC values, ms. */
    medianProfileTtfscMs: number | null;
  };
}

/**
 * Percentile by the nearest-rank method over `values` (ms). Returns null for an empty list.
 * @param p in (0, 100]
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

/** p50/p95/p99 (nearest rank) of values in ms. */
export function percentiles(valuesMs: readonly number[]): Percentiles {
  return { count: valuesMs.length, p50Ms: percentile(valuesMs, 50), p95Ms: percentile(valuesMs, 95), p99Ms: percentile(valuesMs, 99) };
}

/**
 * Latency of a profile's requests: percentiles of the total and of each phase, the auth overhead split out
 * (time obtaining or refreshing tokens versus the request itself), a histogram and the recent series.
 */
export function summarizeLatency(samples: readonly LatencySample[]): LatencySummary {
  const pick = (f: (s: LatencySample) => number | null) => samples.map(f).filter((v): v is number => v !== null);
  const totals = pick((s) => s.totalMs);
  const authValues = pick((s) => (s.authMs > 0 ? s.authMs : null));
  const totalSum = totals.reduce((a, b) => a + b, 0);
  const histogram: number[] = new Array(HISTOGRAM_BOUNDS_MS.length + 1).fill(0);
  for (const t of totals) {
    const i = HISTOGRAM_BOUNDS_MS.findIndex((b) => t <= b);
    histogram[i === -1 ? HISTOGRAM_BOUNDS_MS.length : i] += 1;
  }
  return {
    ...percentiles(totals),
    phases: {
      dns: percentiles(pick((s) => s.dnsMs)),
      connect: percentiles(pick((s) => s.connectMs)),
      tls: percentiles(pick((s) => s.tlsMs)),
      firstByte: percentiles(pick((s) => s.firstByteMs)),
    },
    auth: { ...percentiles(authValues), share: authShare(authValues, totalSum) },
    histogram,
    recent: samples.slice(-200).map((s) => ({ at: s.at, totalMs: s.totalMs })),
  };
}

/** Auth time over all time, 0 to 1: `totalMs` is timed by the sender, after the auth layer, so both are summed. */
function authShare(authValues: readonly number[], requestSum: number): number | null {
  const authSum = authValues.reduce((a, b) => a + b, 0);
  return authSum + requestSum > 0 ? authSum / (authSum + requestSum) : null;
}

const iso = (ms: number | null | undefined): string | null => (ms == null ? null : new Date(ms).toISOString());

/**
 * Funnel and TTFSC of one profile from its events (any order; they are sorted by time here).
 * @param samples the timings of the profile's answered requests
 * @param rateLimit what the latest answer said about rate limits, if anything
 */
export function profileMetrics(
  profile: { id: string; name: string; createdAt: string },
  events: readonly OnboardingEvent[],
  samples: readonly LatencySample[],
  rateLimit: RateLimitInfo | null = null,
): ProfileMetrics {
  const mine = events.filter((e) => e.profileId === profile.id).sort((a, b) => a.at - b.at);
  const created = mine.find((e) => e.type === 'profile.created')?.at ?? Date.parse(profile.createdAt);
  const firstOf = (t: OnboardingEventType) => mine.find((e) => e.type === t)?.at ?? null;
  const firstSuccess = firstOf('request.succeeded');
  const failures: Partial<Record<FailureReason, number>> = {};
  let attempts = 0;
  for (const e of mine) {
    if (firstSuccess !== null && e.at > firstSuccess) break;
    if (e.type !== 'request.failed') continue;
    attempts += 1;
    const reason = e.reason ?? 'client_error';
    failures[reason] = (failures[reason] ?? 0) + 1;
  }
  return {
    profileId: profile.id,
    profile: profile.name,
    createdAt: new Date(created).toISOString(),
    secretSavedAt: iso(firstOf('secret.saved')),
    firstRequestAt: iso(firstOf('request.sent')),
    firstSuccessAt: iso(firstSuccess),
    ttfscMs: firstSuccess === null ? null : Math.max(0, firstSuccess - created),
    attemptsBeforeSuccess: attempts,
    failures,
    latency: summarizeLatency(samples),
    rateLimit,
  };
}

/** Workspace roll-up of per-profile metrics. */
export function workspaceMetrics(profiles: ProfileMetrics[]): WorkspaceMetrics {
  const created = profiles.map((p) => Date.parse(p.createdAt));
  const successes = profiles.filter((p) => p.firstSuccessAt !== null).map((p) => Date.parse(p.firstSuccessAt!));
  const firstProfile = created.length ? Math.min(...created) : null;
  const firstSuccess = successes.length ? Math.min(...successes) : null;
  const ttfscs = profiles.map((p) => p.ttfscMs).filter((v): v is number => v !== null);
  return {
    profiles,
    workspace: {
      profilesTotal: profiles.length,
      profilesWithSuccess: successes.length,
      firstProfileAt: iso(firstProfile),
      firstSuccessAt: iso(firstSuccess),
      ttfscMs: firstProfile !== null && firstSuccess !== null ? Math.max(0, firstSuccess - firstProfile) : null,
      medianProfileTtfscMs: percentile(ttfscs, 50),
    },
  };
}

/**
 * A limit the user set, said exactly (`ms` in milliseconds): "1.5 s", "300 ms", "30 s", "2 min 0 s". Unlike
 * {@link formatDuration}, it never rounds: a 1500 ms timeout is not "2 s".
 */
export function formatBound(ms: number): string {
  if (ms < 1000 || ms % 1000 === 0) return formatDuration(ms);
  return ms < 60_000 ? `${ms / 1000} s` : `${ms} ms`;
}

/** "1 min 12 s", "840 ms": a human duration for the UI and the CLI table. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${m % 60} min`;
}
