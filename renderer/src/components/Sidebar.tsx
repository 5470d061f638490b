import type { ProfileView } from '../../../shared/contract';
import { ProfileListItem } from './ProfileListItem';

/** The left column: the workspace's profiles and the two ways to start. */
export function Sidebar(props: {
  profiles: ProfileView[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  onNew: () => void;
  onSandbox: () => void;
}) {
  return (
    <nav className="sidebar" aria-label="Profiles">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          A
        </span>
        Authdesk
      </div>
      <div className="sidebar-actions">
        <button type="button" className="btn btn-primary" onClick={props.onNew}>
          New profile
        </button>
        <button type="button" className="btn btn-ghost" onClick={props.onSandbox}>
          Try the sandbox
        </button>
      </div>
      <h2 className="sidebar-heading">Profiles</h2>
      {props.profiles.length === 0 ? (
        <p className="sidebar-empty">No profiles yet.</p>
      ) : (
        <ul className="profile-list">
          {props.profiles.map((p) => (
            <ProfileListItem key={p.id} profile={p} selected={p.id === props.selectedId} onSelect={() => props.onSelect(p.id)} />
          ))}
        </ul>
      )}
    </nav>
  );
}
