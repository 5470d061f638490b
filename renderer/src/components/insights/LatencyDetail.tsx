import { useId, useState } from 'react';
import type { ProfileMetrics } from '../../../../shared/metrics';
import { LatencyHistogram } from './LatencyHistogram';
import { LatencyOverTime } from './LatencyOverTime';

/** One profile's latency charts (histogram and over time), with a picker when several profiles have requests. */
export function LatencyDetail({ profiles }: { profiles: ProfileMetrics[] }) {
  const id = useId();
  const [chosen, setChosen] = useState<string | null>(null);
  const current = profiles.find((p) => p.profileId === chosen) ?? profiles[0];
  if (!current) return null;
  return (
    <div className="latency-detail">
      {profiles.length > 1 && (
        <div className="field inline">
          <label htmlFor={`${id}-profile`}>Charts for</label>
          <select id={`${id}-profile`} value={current.profileId} onChange={(e) => setChosen(e.target.value)}>
            {profiles.map((p) => (
              <option key={p.profileId} value={p.profileId}>
                {p.profile}
              </option>
            ))}
          </select>
        </div>
      )}
      <LatencyHistogram profile={current.profile} counts={current.latency.histogram} />
      <LatencyOverTime profile={current.profile} recent={current.latency.recent} />
    </div>
  );
}
