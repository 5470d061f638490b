import { useState } from 'react';
import { NO_TOKEN_HELD } from '../../../shared/oauth';
import { call } from '../api';
import { useAction } from '../hooks/useAction';
import { useFocusReturn } from '../hooks/useFocusReturn';
import { ErrorAlert } from './ErrorAlert';

/** Revokes a profile's tokens at the server (RFC 7009) and drops local copies, then says what happened to each. */
export function RevokeTokens(props: { profileId: string; onRevoked: () => void }) {
  const action = useAction();
  const revokeButton = useFocusReturn<HTMLButtonElement>(action.busy);
  const [notes, setNotes] = useState<string[] | null>(null);
  const nothingHeld = notes?.length === 1 && notes[0] === NO_TOKEN_HELD;
  const revoke = async () => {
    setNotes(null);
    const result = await action.run(() => call('oauth.revoke', { profileId: props.profileId }));
    // The local copies are dropped even when the server did not confirm (the error says so): refresh the token view.
    props.onRevoked();
    if (result) setNotes(result.notes);
  };
  return (
    <div className="revoke">
      <button ref={revokeButton} type="button" className="btn btn-danger-outline" onClick={() => void revoke()} disabled={action.busy}>
        {action.busy ? 'Revoking…' : 'Revoke tokens'}
      </button>
      <ErrorAlert message={action.error} />
      {notes && nothingHeld && (
        <p role="status" className="hint">
          No token was held for this profile: there was nothing to revoke.
        </p>
      )}
      {notes && !nothingHeld && (
        <div role="status">
          <p className="hint">Authdesk dropped its own copies. What the server did:</p>
          <ul className="revoke-notes">
            {notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
