import { HISTOGRAM_BOUNDS_MS, type ProfileMetrics } from '../../../shared/metrics';
import type { FailureReason } from '../../../shared/request';

/** Data shaping for the Insights charts (pure, no React, no chart library). */

/** One step of the onboarding funnel: how many profiles reached it. */
export interface FunnelStep {
  step: string;
  count: number;
}

/**
 * The workspace funnel: profiles created → secret saved → first request sent → first 2xx. A profile that needs no
 * secret (a public OAuth client relying on PKCE) counts as having passed the "secret saved" step.
 * @param noSecretIds ids of the profiles with no secret slot
 */
export function funnelSteps(profiles: readonly ProfileMetrics[], noSecretIds: ReadonlySet<string>): FunnelStep[] {
  const count = (f: (p: ProfileMetrics) => boolean) => profiles.filter(f).length;
  return [
    { step: 'Profile created', count: profiles.length },
    { step: 'Secret saved', count: count((p) => p.secretSavedAt !== null || noSecretIds.has(p.profileId)) },
    { step: 'First request sent', count: count((p) => p.firstRequestAt !== null) },
    { step: 'First 2xx', count: count((p) => p.firstSuccessAt !== null) },
  ];
}

/** "25 ms", "2.5 s": a histogram bound in words. */
const boundText = (ms: number) => (ms < 1000 ? `${ms} ms` : `${ms / 1000} s`);

/** The latency histogram as labelled buckets (HISTOGRAM_BOUNDS_MS, then the open bucket above the last bound). */
export function histogramBuckets(counts: readonly number[]): { bucket: string; count: number }[] {
  const last = HISTOGRAM_BOUNDS_MS[HISTOGRAM_BOUNDS_MS.length - 1];
  return counts.map((count, i) => {
    const bound = HISTOGRAM_BOUNDS_MS[i];
    return { bucket: bound === undefined ? `> ${boundText(last)}` : `≤ ${boundText(bound)}`, count };
  });
}

/** One row of the failures chart: a profile and its failure counts by reason. */
export type FailureRow = { profile: string } & Partial<Record<FailureReason, number>>;

/** Failures before the first 2xx, one row per profile that had any, and the reasons that occur (stable order). */
export function failureRows(profiles: readonly ProfileMetrics[], order: readonly FailureReason[]): { rows: FailureRow[]; reasons: FailureReason[] } {
  const rows = profiles.filter((p) => p.attemptsBeforeSuccess > 0).map((p) => ({ profile: p.profile, ...p.failures }));
  const reasons = order.filter((r) => rows.some((row) => (row[r] ?? 0) > 0));
  return { rows, reasons };
}

/** "12%" for a share in [0, 1]; "—" when unknown. */
export function formatShare(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`;
}

/** Chart colours per failure reason (readable on white, distinct in the stacked bars). */
export const failureColors: Record<FailureReason, string> = {
  invalid_credentials: '#c2410c',
  forbidden: '#b42323',
  rate_limited: '#9a5b00',
  client_error: '#7c3aed',
  redirect: '#0f766e',
  server_error: '#be185d',
  timeout: '#0e7490',
  network: '#475569',
  tls: '#1d4ed8',
  secret_missing: '#a16207',
  auth_flow: '#831843',
  cancelled: '#94a3b8',
};
