import type { ProfileView } from '../../../shared/contract';
import { ProfileListItem } from './ProfileListItem';

/** A view the sidebar opens, marked as the current page while it shows. */
export type SidebarView = 'presets' | 'import' | 'settings';

/** The left column: the ways to start a profile, the workspace's profiles, and Settings at the bottom. */
export function Sidebar(props: {
  profiles: ProfileView[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  onNew: () => void;
  onSandbox: () => void;
  current: SidebarView | null;
  onPresets: () => void;
  onImport: () => void;
  onSettings: () => void;
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
        <button type="button" className="btn btn-ghost" aria-current={props.current === 'presets' ? 'page' : undefined} onClick={props.onPresets}>
          Add from a provider
        </button>
        <button type="button" className="btn btn-ghost" aria-current={props.current === 'import' ? 'page' : undefined} onClick={props.onImport}>
          Import
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
      <button
        type="button"
        className="btn btn-ghost sidebar-settings"
        aria-current={props.current === 'settings' ? 'page' : undefined}
        onClick={props.onSettings}
      >
        Settings
      </button>
    </nav>
  );
}
