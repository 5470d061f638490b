import { useEffect, useState } from 'react';
import type { WorkspaceMetrics } from '../../../shared/metrics';
import { formatDuration } from '../../../shared/metrics';
import { call } from '../api';
import { useAction } from '../hooks/useAction';
import { ErrorAlert } from './ErrorAlert';
import { MetricsTable } from './MetricsTable';

/** Onboarding insights: time to first successful call for the workspace and each profile. */
export function InsightsPane({ version }: { version: number }) {
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

  const w = metrics?.workspace;
  return (
    <div className="insights">
      <ErrorAlert message={action.error} />
      {w && (
        <div className="cards">
          <div className="card">
            <span className="card-label">Workspace time to first successful call</span>
            <span className="card-value">{w.ttfscMs === null ? 'not yet' : formatDuration(w.ttfscMs)}</span>
          </div>
          <div className="card">
            <span className="card-label">Profiles with a successful call</span>
            <span className="card-value">
              {w.profilesWithSuccess} of {w.profilesTotal}
            </span>
          </div>
          <div className="card">
            <span className="card-label">Median per-profile TTFSC</span>
            <span className="card-value">{formatDuration(w.medianProfileTtfscMs)}</span>
          </div>
        </div>
      )}
      {metrics && <MetricsTable profiles={metrics.profiles} />}
    </div>
  );
}
