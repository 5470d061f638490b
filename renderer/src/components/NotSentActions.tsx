import type { ProfileView } from '../../../shared/contract';
import type { HistoryEntry } from '../../../shared/request';
import { profileFixLabel, retrySeedOf } from '../lib/not-sent';
import type { RequestSeed } from './RequestPane';

/**
 * The next step for a request that was not sent: open its profile to fix what failed (save the secret, sign in, check
 * the settings), or try again from the Request tab with the same profile, method and URL. Without its profile (since
 * deleted) there is nothing to fix or retry here.
 */
export function NotSentActions(props: {
  entry: HistoryEntry;
  profile: ProfileView | null;
  onOpenProfile: (profileId: string) => void;
  onRetry: (seed: RequestSeed) => void;
}) {
  const { entry, profile } = props;
  if (!profile) return <p className="hint">Its profile{entry.profileName ? ` “${entry.profileName}”` : ''} no longer exists.</p>;
  return (
    <div className="button-row">
      <button type="button" className="btn btn-primary" onClick={() => props.onOpenProfile(profile.id)}>
        {profileFixLabel(entry, profile)}
      </button>
      <button type="button" className="btn" onClick={() => props.onRetry(retrySeedOf(entry, profile))}>
        Try again in Request
      </button>
    </div>
  );
}
