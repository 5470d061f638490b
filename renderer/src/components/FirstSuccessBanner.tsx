import { formatDuration } from '../../../shared/metrics';

/** The celebration shown once, on a profile's first 2xx, with its time to first successful call. */
export function FirstSuccessBanner(props: { profileName: string | null; ttfscMs: number; onDismiss: () => void }) {
  return (
    <div className="banner-success" role="status">
      <span className="banner-icon" aria-hidden="true">
        ✓
      </span>
      <div>
        <strong>First successful call in {formatDuration(props.ttfscMs)}</strong>
        <p>
          {props.profileName ? `${props.profileName} works. ` : ''}That is the time from creating the profile to its
          first 2xx response.
        </p>
      </div>
      <button type="button" className="btn btn-small btn-ghost-dark" onClick={props.onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
