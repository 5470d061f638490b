import { call } from '../api';
import { useAction } from '../hooks/useAction';
import { useFlowProgress } from '../hooks/useFlowProgress';
import { ErrorAlert } from './ErrorAlert';
import { FlowProgress } from './FlowProgress';

/** "Sign in first" after a send on an OAuth profile that has no usable token: the reason, and a Sign in button. */
export function LoginRequired(props: { message: string; profileId: string; onSignedIn: () => void }) {
  const action = useAction();
  const flow = useFlowProgress(props.profileId);
  const signIn = async () => {
    flow.reset();
    const info = await action.run(() => call('oauth.signIn', { profileId: props.profileId }));
    if (info) props.onSignedIn();
  };
  return (
    <div className="login-required" role="alert">
      <p>{props.message}</p>
      <div className="button-row">
        <button type="button" className="btn btn-primary" onClick={() => void signIn()} disabled={action.busy}>
          {action.busy ? 'Signing in…' : 'Sign in'}
        </button>
        <span className="hint">Authdesk sends the request again once you are signed in.</span>
      </div>
      {action.busy && flow.state && (
        <FlowProgress state={flow.state} onCancel={() => void call('oauth.cancel', { profileId: props.profileId }).catch(() => undefined)} />
      )}
      <ErrorAlert message={action.error} />
    </div>
  );
}
