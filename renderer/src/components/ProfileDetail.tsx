import type { ProfileView } from '../../../shared/contract';
import { formatDuration } from '../../../shared/metrics';
import { formatDate } from '../lib/format';
import { AuthSummary } from './AuthSummary';
import { DeleteProfile } from './DeleteProfile';
import { OAuthSettings } from './OAuthSettings';
import { OAuthSignIn } from './OAuthSignIn';
import { PublicClientWarning } from './PublicClientWarning';
import { SecretSlotRow } from './SecretSlotRow';

/** A saved profile: its settings, its OAuth token (sign in, revoke), the status of each secret with Replace, and Delete. */
export function ProfileDetail(props: { profile: ProfileView; onChanged: (p: ProfileView) => void; onDeleted: () => void }) {
  const p = props.profile;
  return (
    <section className="panel profile-detail" aria-label={`Profile ${p.name}`}>
      <h2>{p.name}</h2>
      <dl className="kv">
        <dt>Scheme</dt>
        <dd>
          <AuthSummary auth={p.auth} />
        </dd>
        <dt>Client type</dt>
        <dd>{p.clientType}</dd>
        <dt>Base URL</dt>
        <dd>{p.baseUrl ? <code>{p.baseUrl}</code> : 'none'}</dd>
        {p.auth.scheme === 'oauth2' && <OAuthSettings auth={p.auth} />}
        <dt>Created</dt>
        <dd>{formatDate(p.createdAt)}</dd>
        <dt>First successful call</dt>
        <dd>{p.ttfscMs === null ? 'not yet' : `after ${formatDuration(p.ttfscMs)}`}</dd>
      </dl>
      {p.clientType === 'public' && p.secrets.length > 0 && <PublicClientWarning />}
      {p.auth.scheme === 'oauth2' && <OAuthSignIn profileId={p.id} auth={p.auth} />}
      {p.secrets.length > 0 && (
        <>
          <h3>Secrets</h3>
          <p className="hint">Stored in your OS keychain. Authdesk never shows them again; replace one to change it.</p>
          <ul className="secret-list">
            {p.secrets.map((s) => (
              <SecretSlotRow key={s.slot} profileId={p.id} secret={s} onReplaced={props.onChanged} />
            ))}
          </ul>
        </>
      )}
      <DeleteProfile profileId={p.id} name={p.name} onDeleted={props.onDeleted} />
    </section>
  );
}
