import type { ProfileMetrics } from '../../../shared/metrics';
import { formatDuration } from '../../../shared/metrics';
import type { FailureReason } from '../../../shared/request';
import { failureLabels } from '../lib/format';

const failuresText = (f: ProfileMetrics['failures']) =>
  Object.entries(f)
    .map(([reason, n]) => `${failureLabels[reason as FailureReason]} ×${n}`)
    .join(', ') || '—';

/** Per-profile onboarding funnel: TTFSC, failed attempts before it and why, request latency. */
export function MetricsTable({ profiles }: { profiles: ProfileMetrics[] }) {
  if (profiles.length === 0) return <p className="hint">Create a profile and send a request to see insights.</p>;
  return (
    <table className="table metrics">
      <caption>Per profile</caption>
      <thead>
        <tr>
          <th scope="col">Profile</th>
          <th scope="col">Time to first successful call</th>
          <th scope="col">Failed attempts before</th>
          <th scope="col">Why they failed</th>
          <th scope="col">Requests</th>
          <th scope="col">p50 / p95</th>
        </tr>
      </thead>
      <tbody>
        {profiles.map((p) => (
          <tr key={p.profileId}>
            <th scope="row">{p.profile}</th>
            <td className={p.ttfscMs === null ? 'pending' : 'done'}>{p.ttfscMs === null ? 'not yet' : formatDuration(p.ttfscMs)}</td>
            <td>{p.attemptsBeforeSuccess}</td>
            <td>{failuresText(p.failures)}</td>
            <td>{p.latency.count}</td>
            <td>
              {formatDuration(p.latency.p50Ms)} / {formatDuration(p.latency.p95Ms)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
