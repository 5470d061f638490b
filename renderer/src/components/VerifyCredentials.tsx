import { useState } from 'react';
import type { ProfileView, SendReply } from '../../../shared/contract';
import { call } from '../api';
import { useAction } from '../hooks/useAction';
import { useFocusReturn } from '../hooks/useFocusReturn';
import { explainsError } from '../lib/said-once';
import { ErrorAlert } from './ErrorAlert';
import { ExplanationPanel } from './ExplanationPanel';
import { StatusLine } from './StatusLine';

/**
 * "Test credentials": sends the profile's verify request (profiles.verify) and shows the answer, with the
 * explanation when it failed. Without a verify request it says how to add one.
 */
export function VerifyCredentials(props: { profile: ProfileView; onVerified: (reply: SendReply) => void }) {
  const { verify } = props.profile;
  const [reply, setReply] = useState<SendReply | null>(null);
  const action = useAction();
  const testButton = useFocusReturn<HTMLButtonElement>(action.busy);
  if (!verify) {
    return <p className="hint">Add a verify request (for example GET /user) with Edit settings to test these credentials in one click.</p>;
  }
  const test = async () => {
    const result = await action.run(() => call('profiles.verify', { id: props.profile.id }));
    if (!result) return;
    setReply(result);
    props.onVerified(result);
  };
  const entry = reply?.entry;
  return (
    <div className="verify">
      <div className="verify-head">
        <button ref={testButton} type="button" className="btn btn-primary" onClick={test} disabled={action.busy}>
          {action.busy ? 'Testing…' : 'Test credentials'}
        </button>
        <span className="hint">
          Sends <code>
            {verify.method} {verify.target}
          </code>{' '}
          with this profile&apos;s auth.
        </span>
      </div>
      <ErrorAlert message={action.error} />
      {entry && (
        <div className="verify-result" role="status">
          <p className={entry.ok ? 'verify-ok' : 'verify-failed'}>
            {entry.ok ? 'The credentials work: the verify request answered 2xx.' : 'The verify request did not succeed.'}
          </p>
          <StatusLine entry={entry} showError={!explainsError(entry)} />
          {entry.explanation && <ExplanationPanel explanation={entry.explanation} />}
        </div>
      )}
    </div>
  );
}
