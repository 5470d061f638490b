import { describe, expect, it } from 'vitest';
import { formatBound, formatDuration, percentile, profileMetrics, summarizeLatency, workspaceMetrics, type LatencySample, type OnboardingEvent } from '../../shared/metrics';

const T0 = Date.parse('2026-11-30T10:00:00.000Z');
const ev = (s: number, type: OnboardingEvent['type'], profileId = 'p1', reason?: OnboardingEvent['reason']): OnboardingEvent => ({
  at: T0 + s * 1000,
  profileId,
  type,
  reason,
});

describe('TTFSC funnel', () => {
  const events = [
    ev(0, 'profile.created'),
    ev(2, 'secret.saved'),
    ev(30, 'request.sent'),
    ev(31, 'request.failed', 'p1', 'invalid_credentials'),
    ev(50, 'request.failed', 'p1', 'network'),
    ev(70, 'request.failed', 'p1', 'invalid_credentials'),
    ev(72, 'request.succeeded'),
    ev(90, 'request.failed', 'p1', 'server_error'),
  ];
  const sample = (totalMs: number, over: Partial<LatencySample> = {}): LatencySample => ({ at: new Date(T0).toISOString(), totalMs, dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: totalMs / 2, authMs: 0, ...over });
  const m = profileMetrics({ id: 'p1', name: 'GitHub', createdAt: new Date(T0).toISOString() }, events, [
    sample(10, { dnsMs: 2, connectMs: 3, authMs: 6 }),
    sample(20),
    sample(30),
    sample(4000),
  ]);

  it('measures from profile creation to the first 2xx', () => {
    expect(m.ttfscMs).toBe(72_000);
    expect(m.firstSuccessAt).toBe('2026-11-30T10:01:12.000Z');
    expect(m.secretSavedAt).toBe('2026-11-30T10:00:02.000Z');
    expect(m.firstRequestAt).toBe('2026-11-30T10:00:30.000Z');
  });

  it('counts only the failures before the first success, by reason', () => {
    expect(m.attemptsBeforeSuccess).toBe(3);
    expect(m.failures).toEqual({ invalid_credentials: 2, network: 1 });
  });

  it('summarises latency by nearest rank, per phase, with the auth overhead split out', () => {
    expect(m.latency).toMatchObject({ count: 4, p50Ms: 20, p95Ms: 4000, p99Ms: 4000 });
    expect(m.latency.phases.dns).toEqual({ count: 1, p50Ms: 2, p95Ms: 2, p99Ms: 2 });
    expect(m.latency.phases.firstByte.p50Ms).toBe(10);
    expect(m.latency.auth).toMatchObject({ count: 1, p50Ms: 6, share: 6 / (4060 + 6) });
    expect(m.latency.histogram).toEqual([0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 0]);
    expect(m.latency.recent).toHaveLength(4);
  });

  it('gives the auth share of all time as auth over auth plus request time: a slow token fetch is at most 1, never 2.7', () => {
    const slowToken = summarizeLatency([sample(100, { authMs: 270 }), sample(50)]);
    expect(slowToken.auth.share).toBeCloseTo(270 / (270 + 150), 10);
    expect(slowToken.auth.share).toBeLessThanOrEqual(1);
  });

  it('has no TTFSC while no call succeeded, and counts every failure', () => {
    const none = profileMetrics({ id: 'p2', name: 'x', createdAt: new Date(T0).toISOString() }, [ev(0, 'profile.created', 'p2'), ev(5, 'request.failed', 'p2', 'timeout')], []);
    expect(none.ttfscMs).toBeNull();
    expect(none.attemptsBeforeSuccess).toBe(1);
    expect(none.latency.p50Ms).toBeNull();
    expect(none.latency.auth.share).toBeNull();
  });

  it('rolls up the workspace from its first profile to its first success anywhere', () => {
    const other = profileMetrics({ id: 'p2', name: 'y', createdAt: new Date(T0 + 10_000).toISOString() }, [ev(10, 'profile.created', 'p2'), ev(40, 'request.succeeded', 'p2')], []);
    const w = workspaceMetrics([m, other]);
    expect(w.workspace.ttfscMs).toBe(40_000);
    expect(w.workspace.profilesWithSuccess).toBe(2);
    expect(w.workspace.medianProfileTtfscMs).toBe(30_000);
  });
});

describe('percentile and formatting', () => {
  it('nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([], 50)).toBeNull();
  });
  it('formats durations for people', () => {
    expect(formatDuration(840)).toBe('840 ms');
    expect(formatDuration(72_000)).toBe('1 min 12 s');
    expect(formatDuration(null)).toBe('—');
    // a limit the user set is said exactly
    expect([300, 1500, 1250, 30_000, 120_000, 90_500].map(formatBound)).toEqual(['300 ms', '1.5 s', '1.25 s', '30 s', '2 min 0 s', '90500 ms']);
  });
});
