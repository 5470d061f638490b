import type { ProfileView } from '../../../../shared/contract';
import { presetOf } from '../../lib/preset-match';

/**
 * "Revoke or rotate this key at <provider page>" (and where to create new ones, when that is another page) on a
 * profile made from a provider preset: found by the profile's `presetId`, or by shape for older profiles (see
 * presetOf). Loaded lazily with the catalog.
 */
export function PresetRevokeNotice({ profile }: { profile: ProfileView }) {
  const match = presetOf(profile);
  if (!match || (!match.revokeUrl && !match.keysUrl)) return null;
  const what = profile.auth.scheme === 'oauth2' ? 'this client' : profile.secrets.length > 1 ? 'these keys' : 'this key';
  const name = match.preset.name;
  const keys = match.keysUrl !== match.revokeUrl ? match.keysUrl : null;
  return (
    <p className="revoke-notice">
      {match.revokeUrl && (
        <>
          Revoke or rotate {what} at{' '}
          <a href={match.revokeUrl} target="_blank" rel="noreferrer">
            {name}: {new URL(match.revokeUrl).host}
          </a>{' '}
          (opens your browser).
        </>
      )}
      {keys && (
        <>
          {' '}
          {profile.auth.scheme === 'oauth2' ? 'Register or manage the client' : 'Create new keys'} at{' '}
          <a href={keys} target="_blank" rel="noreferrer" aria-label={`Create keys for ${name} (opens your browser)`}>
            {new URL(keys).host}
          </a>
          .
        </>
      )}
      {profile.secrets.length > 0 && ' After rotating, use Replace below to save the new value.'}
    </p>
  );
}
