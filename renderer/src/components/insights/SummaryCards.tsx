import { formatDuration, type WorkspaceMetrics } from '../../../../shared/metrics';

/** The headline numbers: workspace TTFSC, profiles that work, median per-profile TTFSC. */
export function SummaryCards({ workspace: w }: { workspace: WorkspaceMetrics['workspace'] }) {
  return (
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
  );
}
