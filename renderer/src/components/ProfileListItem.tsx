import type { ProfileView } from '../../../shared/contract';
import { formatDuration } from '../../../shared/metrics';
import { SchemeBadge } from './SchemeBadge';
import { VerifiedBadge } from './VerifiedBadge';

/** One profile in the sidebar: name, scheme, client type, its time to first successful call and when it was verified. */
export function ProfileListItem(props: { profile: ProfileView; selected: boolean; onSelect: () => void }) {
  const p = props.profile;
  return (
    <li>
      <button type="button" className="profile-item" aria-current={props.selected ? 'true' : undefined} onClick={props.onSelect}>
        <span className="profile-item-head">
          <span className="profile-item-name">{p.name}</span>
          <SchemeBadge scheme={p.auth.scheme} />
        </span>
        <span className="profile-item-meta">{p.clientType} client</span>
        {p.ttfscMs === null ? (
          <span className="profile-item-ttfsc pending">no successful call yet</span>
        ) : (
          <span className="profile-item-ttfsc done">TTFSC {formatDuration(p.ttfscMs)}</span>
        )}
        {p.lastVerifiedAt && (
          <span className="profile-item-verified">
            <VerifiedBadge at={p.lastVerifiedAt} />
          </span>
        )}
      </button>
    </li>
  );
}
