import { formatDuration, type ProfileMetrics } from '../../../../shared/metrics';
import type { FailureReason } from '../../../../shared/request';
import { failureLabels } from '../../lib/format';
import { ScrollRegion } from '../ScrollRegion';

const failuresText = (f: ProfileMetrics['failures']) =>
  Object.entries(f)
    .map(([reason, n]) => `${failureLabels[reason as FailureReason]} ×${n}`)
    .join(', ') || '—';

/** Per-profile onboarding in text: TTFSC, failed attempts before it and why, requests answered. */
export function MetricsTable({ profiles }: { profiles: ProfileMetrics[] }) {
  return (
    <ScrollRegion label="Onboarding per profile">
      <table className="table metrics">
        <caption>Onboarding per profile</caption>
        <thead>
          <tr>
            <th scope="col">Profile</th>
            <th scope="col">Time to first successful call</th>
            <th scope="col">Failed attempts before</th>
            <th scope="col">Why they failed</th>
            <th scope="col">Requests answered</th>
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
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
