import type { ProfileMetrics } from '../../../../shared/metrics';
import type { RateLimitInfo } from '../../../../shared/rate-limit';
import { formatWhen } from '../../lib/format';
import { ScrollRegion } from '../ScrollRegion';

const said = (r: RateLimitInfo | null): r is RateLimitInfo => r !== null && Object.values(r).some((v) => v !== null);
const num = (v: number | null) => (v === null ? '—' : String(v));
const seconds = (v: number | null) => (v === null ? '—' : `${v} s`);

/** What each API last said about its rate limit (RateLimit-*, X-RateLimit-*, Retry-After), when it said anything. */
export function RateLimitTable({ profiles }: { profiles: ProfileMetrics[] }) {
  const rows = profiles.flatMap((p) => (said(p.rateLimit) ? [{ id: p.profileId, name: p.profile, r: p.rateLimit }] : []));
  if (rows.length === 0) {
    return <p className="hint">No rate-limit headers seen yet (RateLimit-*, X-RateLimit-* or Retry-After).</p>;
  }
  return (
    <ScrollRegion label="Rate limit on the latest answer">
      <table className="table">
        <caption>Rate limit on the latest answer</caption>
        <thead>
          <tr>
            <th scope="col">Profile</th>
            <th scope="col">Limit</th>
            <th scope="col">Remaining</th>
            <th scope="col">Window resets</th>
            <th scope="col">Retry after</th>
            <th scope="col">Window</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ id, name, r }) => (
            <tr key={id}>
              <th scope="row">{name}</th>
              <td>{num(r.limit)}</td>
              <td className={r.remaining === 0 ? 'exhausted' : undefined}>{num(r.remaining)}</td>
              <td>{r.resetAt ? formatWhen(r.resetAt) : '—'}</td>
              <td>{seconds(r.retryAfterS)}</td>
              <td>{seconds(r.windowS)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
