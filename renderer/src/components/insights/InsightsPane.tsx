import { useEffect, useState } from 'react';
import type { ProfileView } from '../../../../shared/contract';
import type { WorkspaceMetrics } from '../../../../shared/metrics';
import { call } from '../../api';
import { useAction } from '../../hooks/useAction';
import { funnelSteps } from '../../lib/insights';
import '../../styles/insights.css';
import { ErrorAlert } from '../ErrorAlert';
import { FailuresChart } from './FailuresChart';
import { FunnelChart } from './FunnelChart';
import { LatencyDetail } from './LatencyDetail';
import { LatencyTable } from './LatencyTable';
import { MetricsTable } from './MetricsTable';
import { RateLimitTable } from './RateLimitTable';
import { SummaryCards } from './SummaryCards';
import { TtfscChart } from './TtfscChart';

/**
 * Onboarding and latency insights (loaded lazily with its chart library): the funnel, time to first successful
 * call and failures per profile, latency percentiles and charts, and rate limits. `version` bumps reload it.
 */
export function InsightsPane({ profiles, version }: { profiles: ProfileView[]; version: number }) {
  const [metrics, setMetrics] = useState<WorkspaceMetrics | null>(null);
  const action = useAction();
  const run = action.run;

  useEffect(() => {
    let live = true;
    void run(() => call('metrics.get', {})).then((m) => {
      if (live && m) setMetrics(m);
    });
    return () => {
      live = false;
    };
  }, [version, run]);

  if (!metrics) return <ErrorAlert message={action.error} />;
  const all = metrics.profiles;
  const measured = all.filter((p) => p.latency.count > 0);
  const noSecret = new Set(profiles.filter((p) => p.secrets.length === 0).map((p) => p.id));
  return (
    <div className="insights">
      <ErrorAlert message={action.error} />
      <section aria-labelledby="insights-onboarding">
        <h2 id="insights-onboarding">Onboarding</h2>
        <SummaryCards workspace={metrics.workspace} />
        {all.length === 0 ? (
          <p className="chart-empty">No profiles yet: create one and send a request to see the funnel.</p>
        ) : (
          <>
            <div className="chart-grid">
              <FunnelChart steps={funnelSteps(all, noSecret)} />
              <TtfscChart profiles={all} />
            </div>
            <FailuresChart profiles={all} />
            <MetricsTable profiles={all} />
          </>
        )}
      </section>
      <section aria-labelledby="insights-latency">
        <h2 id="insights-latency">Latency</h2>
        {measured.length === 0 ? (
          <p className="chart-empty">No requests yet: send one to see latency.</p>
        ) : (
          <>
            <LatencyTable profiles={measured} />
            <LatencyDetail profiles={measured} />
          </>
        )}
      </section>
      <section aria-labelledby="insights-rate">
        <h2 id="insights-rate">Rate limits</h2>
        <RateLimitTable profiles={all} />
      </section>
    </div>
  );
}
