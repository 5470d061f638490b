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

export interface LatencySummary {
  count: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
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

/** p50/p95/p99 of total request times in ms. */
export function summarizeLatency(totalsMs: readonly number[]): LatencySummary {
  return {
    count: totalsMs.length,
    p50Ms: percentile(totalsMs, 50),
    p95Ms: percentile(totalsMs, 95),
    p99Ms: percentile(totalsMs, 99),
  };
}

const iso = (ms: number | null | undefined): string | null => (ms == null ? null : new Date(ms).toISOString());

/**
 * Funnel and TTFSC of one profile from its events (any order; they are sorted by time here).
 * @param latencyTotalsMs the total times (ms) of the profile's recorded requests
 */
export function profileMetrics(
  profile: { id: string; name: string; createdAt: string },
  events: readonly OnboardingEvent[],
  latencyTotalsMs: readonly number[],
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
    latency: summarizeLatency(latencyTotalsMs),
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
