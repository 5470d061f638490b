import { useState } from 'react';
import { call } from '../api';
import { useAction } from '../hooks/useAction';
import { closeOnEscape, useFocusReturn } from '../hooks/useFocusReturn';
import { ErrorAlert } from './ErrorAlert';

/** Delete with an inline confirmation step; removes the profile and its keychain secrets. */
export function DeleteProfile(props: { profileId: string; name: string; onDeleted: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const action = useAction();
  const deleteButton = useFocusReturn<HTMLButtonElement>(confirming);
  const remove = async () => {
    const done = await action.run(() => call('profiles.remove', { id: props.profileId }));
    if (done) props.onDeleted();
  };
  if (!confirming) {
    return (
      <button ref={deleteButton} type="button" className="btn btn-danger-outline" onClick={() => setConfirming(true)}>
        Delete profile
      </button>
    );
  }
  return (
    <div className="confirm" role="group" aria-label="Confirm deletion" onKeyDown={closeOnEscape(() => setConfirming(false))}>
      <p>
        Delete <strong>{props.name}</strong> and its secrets from the keychain? History entries stay.
      </p>
      <ErrorAlert message={action.error} />
      <div className="button-row">
        <button type="button" className="btn btn-danger" onClick={remove} disabled={action.busy} autoFocus>
          Delete
        </button>
        <button type="button" className="btn" onClick={() => setConfirming(false)}>
          Keep it
        </button>
      </div>
    </div>
  );
}
