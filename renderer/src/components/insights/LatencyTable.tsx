import type { Percentiles, ProfileMetrics } from '../../../../shared/metrics';
import { formatMs } from '../../lib/format';
import { formatShare } from '../../lib/insights';
import { ScrollRegion } from '../ScrollRegion';

const ms = (v: number | null) => (v === null ? '—' : formatMs(v));

/**
 * A phase's median, with how many requests it is the median of when not all had the phase (a reused connection has
 * no DNS lookup, connect or TLS handshake: the median of the one request that opened the connection can be longer
 * than the whole request's p50); "—" with the reason when it never happened (reused connections, plain http).
 */
function PhaseCell({ phase, requests, skipped }: { phase: Percentiles; requests: number; skipped: string }) {
  if (phase.count > 0) {
    const some = phase.count < requests;
    return (
      <td title={`p95 ${ms(phase.p95Ms)}${some ? `; ${phase.count} of ${requests} requests had this phase` : ''}`}>
        {ms(phase.p50Ms)}
        {some ? <span className="table-note"> ({phase.count} of {requests})</span> : null}
      </td>
    );
  }
  return (
    <td title={skipped}>
      — <span className="visually-hidden">({skipped})</span>
    </td>
  );
}

/** Latency per profile: p50/p95/p99 of the total, the median of each phase, and what auth added. */
export function LatencyTable({ profiles }: { profiles: ProfileMetrics[] }) {
  return (
    <ScrollRegion label="Latency per profile">
      <table className="table latency">
        <caption>Latency per profile</caption>
        <thead>
          <tr>
            <th scope="col">Profile</th>
            <th scope="col">Requests</th>
            <th scope="col">p50</th>
            <th scope="col">p95</th>
            <th scope="col">p99</th>
            <th scope="col">DNS</th>
            <th scope="col">Connect</th>
            <th scope="col">TLS</th>
            <th scope="col">First byte</th>
            <th scope="col">Auth overhead (p50 · share)</th>
          </tr>
        </thead>
        <tbody>
          {profiles.map(({ profileId, profile, latency: l }) => (
            <tr key={profileId}>
              <th scope="row">{profile}</th>
              <td>{l.count}</td>
              <td>{ms(l.p50Ms)}</td>
              <td>{ms(l.p95Ms)}</td>
              <td>{ms(l.p99Ms)}</td>
              <PhaseCell phase={l.phases.dns} requests={l.count} skipped="no DNS lookup (IP address or reused connection)" />
              <PhaseCell phase={l.phases.connect} requests={l.count} skipped="reused connection" />
              <PhaseCell phase={l.phases.tls} requests={l.count} skipped="no TLS (plain http or reused connection)" />
              <PhaseCell phase={l.phases.firstByte} requests={l.count} skipped="no answer" />
              <td>{l.auth.count > 0 ? `${ms(l.auth.p50Ms)} · ${formatShare(l.auth.share)} of all time` : 'none: no token fetched'}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={10} className="table-note">
              Phase columns show the median of the requests that had the phase, with how many when not all did (a reused
              connection has no DNS, connect or TLS); hover for p95. Auth overhead is the time spent obtaining or
              refreshing tokens before a request.
            </td>
          </tr>
        </tfoot>
      </table>
    </ScrollRegion>
  );
}
