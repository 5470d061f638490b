import { lazy, Suspense, useState, type MutableRefObject } from 'react';
import type { ProfileView, SendReply } from '../../../shared/contract';
import type { LeaveGuard } from '../hooks/useEditorLeave';
import { useFocusReturn } from '../hooks/useFocusReturn';
import { replacedWith } from '../lib/replace-slots';
import { DeleteProfile } from './DeleteProfile';
import { LintWarnings } from './LintWarnings';
import { OAuthSignIn } from './OAuthSignIn';
import { ProfileSettingsForm } from './ProfileSettingsForm';
import { ProfileSettingsList } from './ProfileSettingsList';
import { SecretSlotRow } from './SecretSlotRow';
import { VerifiedBadge } from './VerifiedBadge';
import { VerifyCredentials } from './VerifyCredentials';

/** Recognising a provider preset needs the preset catalog, which loads on first use. */
const PresetRevokeNotice = lazy(() => import('./presets/PresetRevokeNotice').then((m) => ({ default: m.PresetRevokeNotice })));

/**
 * A saved profile: its configuration warnings first, its settings (with Edit), Test credentials, its OAuth token
 * (sign in, revoke), the status of each secret with Replace, and Delete.
 */
export function ProfileDetail(props: {
  profile: ProfileView;
  /** The names of the workspace's other profiles (a rename must not repeat one). */
  takenNames: readonly string[];
  onChanged: (p: ProfileView) => void;
  onSent: (reply: SendReply) => void;
  onDeleted: () => void;
  /** Set while Edit settings shows: the window calls it before navigating away (see useEditorLeave). */
  leaveGuard: MutableRefObject<LeaveGuard | null>;
  /** Brings this profile's tab to the front (Edit settings asks there). */
  onReveal: () => void;
}) {
  const p = props.profile;
  const [editing, setEditing] = useState(false);
  const editButton = useFocusReturn<HTMLButtonElement>(editing);
  const saved = (updated: ProfileView) => {
    setEditing(false);
    props.onChanged(updated);
  };
  return (
    <section className="panel profile-detail" aria-label={`Profile ${p.name}`}>
      <div className="profile-detail-head">
        <h2>{p.name}</h2>
        {p.lastVerifiedAt && <VerifiedBadge at={p.lastVerifiedAt} />}
      </div>
      <LintWarnings warnings={p.warnings} />
      {editing ? (
        <ProfileSettingsForm profile={p} takenNames={props.takenNames} onSaved={saved} onCancel={() => setEditing(false)} leaveGuard={props.leaveGuard} onReveal={props.onReveal} />
      ) : (
        <>
          <ProfileSettingsList profile={p} />
          <button ref={editButton} type="button" className="btn" onClick={() => setEditing(true)}>
            Edit settings
          </button>
        </>
      )}
      <h3>Test credentials</h3>
      <VerifyCredentials profile={p} onVerified={props.onSent} />
      {p.auth.scheme === 'oauth2' && <OAuthSignIn profileId={p.id} auth={p.auth} baseUrl={p.baseUrl} onChanged={props.onChanged} />}
      <Suspense fallback={null}>
        <PresetRevokeNotice profile={p} />
      </Suspense>
      {p.secrets.length > 0 && (
        <>
          <h3>Secrets</h3>
          <p className="hint">Stored in your OS keychain. Authdesk never shows them again; replace one to change it.</p>
          <ul className="secret-list">
            {p.secrets.map((s) => (
              <SecretSlotRow key={s.slot} profileId={p.id} auth={p.auth} secret={s} companion={replacedWith(s.slot, p.secrets)} onReplaced={props.onChanged} />
            ))}
          </ul>
        </>
      )}
      <DeleteProfile profileId={p.id} name={p.name} onDeleted={props.onDeleted} />
    </section>
  );
}
