import type { ProfileView } from '../../../../shared/contract';
import { presetOf } from '../../lib/preset-match';

/**
 * "Revoke or rotate this key at <provider page>" on a profile made from a provider preset. Profiles do not record
 * their preset, so it is recognised by shape (see presetOf); a profile edited away from the preset shows nothing.
 * Loaded lazily with the catalog.
 */
export function PresetRevokeNotice({ profile }: { profile: ProfileView }) {
  const match = presetOf(profile);
  if (!match?.revokeUrl) return null;
  const what = profile.auth.scheme === 'oauth2' ? 'this client' : profile.secrets.length > 1 ? 'these keys' : 'this key';
  return (
    <p className="revoke-notice">
      Revoke or rotate {what} at{' '}
      <a href={match.revokeUrl} target="_blank" rel="noreferrer">
        {match.preset.name}: {new URL(match.revokeUrl).host}
      </a>{' '}
      (opens your browser).{profile.secrets.length > 0 && ' After rotating, use Replace below to save the new value.'}
    </p>
  );
}
