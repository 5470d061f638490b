import { useState } from 'react';
import { call } from '../api';
import { useAction } from '../hooks/useAction';
import { closeOnEscape, useFocusReturn } from '../hooks/useFocusReturn';
import { ErrorAlert } from './ErrorAlert';

/**
 * "Forget all secrets" with a confirmation step: deletes every keychain entry Authdesk owns (secrets, refresh tokens,
 * the fingerprint key) and drops tokens in memory, then says how many entries went.
 */
export function ForgetAllSecrets(props: { onForgotten: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [deleted, setDeleted] = useState<number | null>(null);
  const action = useAction();
  const forgetButton = useFocusReturn<HTMLButtonElement>(confirming);
  const forget = async () => {
    const result = await action.run(() => call('secrets.forgetAll', {}));
    if (!result) return;
    setConfirming(false);
    setDeleted(result.deleted);
    props.onForgotten();
  };
  return (
    <div className="forget-all">
      <p>
        Deletes every secret Authdesk keeps in your OS keychain, with refresh tokens and the key behind fingerprints, and
        forgets tokens held in memory. Profiles stay; save their secrets again (Save, beside each secret on the profile) before sending.
      </p>
      {confirming ? (
        <div className="confirm" role="group" aria-label="Confirm forgetting all secrets" onKeyDown={closeOnEscape(() => setConfirming(false))}>
          <p>
            <strong>Forget all secrets?</strong> This cannot be undone.
          </p>
          <ErrorAlert message={action.error} />
          <div className="button-row">
            <button type="button" className="btn btn-danger" onClick={forget} disabled={action.busy} autoFocus>
              Forget all secrets
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              Keep them
            </button>
          </div>
        </div>
      ) : (
        <button
          ref={forgetButton}
          type="button"
          className="btn btn-danger-outline"
          onClick={() => {
            setDeleted(null);
            setConfirming(true);
          }}
        >
          Forget all secrets…
        </button>
      )}
      {deleted !== null && (
        <p className="forget-result" role="status">
          Deleted {deleted} keychain {deleted === 1 ? 'entry' : 'entries'}. Profiles whose secrets were in the keychain
          need them saved again before they can send: open each one and use Save beside each secret.
        </p>
      )}
    </div>
  );
}
