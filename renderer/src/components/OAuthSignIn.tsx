import { useState } from 'react';
import { apiBaseMismatch } from '../../../shared/api-base';
import type { ProfileView } from '../../../shared/contract';
import type { OAuthConfig, TokenInfo } from '../../../shared/oauth';
import { call } from '../api';
import { useAction } from '../hooks/useAction';
import { useFlowProgress } from '../hooks/useFlowProgress';
import { useFocusReturn } from '../hooks/useFocusReturn';
import { flowAnnouncement } from '../lib/announce';
import { signsIn, unattendedSources } from '../lib/oauth-labels';
import { ApiBaseOffer } from './ApiBaseOffer';
import { ErrorAlert } from './ErrorAlert';
import { FlowProgress } from './FlowProgress';
import { LiveStatus } from './LiveStatus';
import { RevokeTokens } from './RevokeTokens';
import { TokenInfoView } from './TokenInfoView';

/**
 * An OAuth profile's token: Sign in (browser or device flow) or Get token (the unattended grants), the flow's progress
 * as the engine reports it, what was obtained (never the token) with the offer to adopt the API host the token reply
 * names, and Revoke tokens.
 */
export function OAuthSignIn(props: { profileId: string; auth: OAuthConfig; baseUrl: string | null; onChanged: (p: ProfileView) => void }) {
  const action = useAction();
  const flow = useFlowProgress(props.profileId);
  const [info, setInfo] = useState<TokenInfo | null>(null);
  const grant = props.auth.grant;
  const interactive = signsIn(grant);
  const signInButton = useFocusReturn<HTMLButtonElement>(action.busy);

  const signIn = async () => {
    if (action.busy) return;
    flow.reset();
    setInfo(null);
    const result = await action.run(() => call('oauth.signIn', { profileId: props.profileId }));
    if (result) setInfo(result);
  };
  const cancel = () => void call('oauth.cancel', { profileId: props.profileId }).catch(() => undefined);
  const adopted = (updated: ProfileView) => {
    // The engine's note about the other host no longer holds.
    setInfo((i) => i && { ...i, warnings: i.warnings.filter((w) => w !== apiBaseMismatch(i.apiBaseUrl, props.baseUrl ?? undefined)) });
    props.onChanged(updated);
  };

  return (
    <section className="oauth-signin" aria-labelledby={`signin-${props.profileId}`}>
      <h3 id={`signin-${props.profileId}`}>OAuth tokens</h3>
      <p className="hint">
        {signsIn(grant)
          ? 'Sign in once; Authdesk then refreshes the access token by itself when a request needs it.'
          : `Authdesk fetches a token ${unattendedSources[grant]} when a request needs one; you can also get one now.`}
      </p>
      <div className="button-row">
        {/* aria-disabled, not disabled: the button keeps focus while the sign-in waits, so Tab reaches Cancel sign-in. */}
        <button ref={signInButton} type="button" className="btn btn-primary" onClick={() => void signIn()} aria-disabled={action.busy}>
          {action.busy ? (interactive ? 'Signing in…' : 'Getting a token…') : interactive ? 'Sign in' : 'Get token'}
        </button>
      </div>
      {action.busy && flow.state && <FlowProgress state={flow.state} onCancel={cancel} />}
      <ErrorAlert message={action.error} />
      {info && <TokenInfoView info={info} />}
      <LiveStatus message={info ? 'Access token obtained' : action.busy ? (flowAnnouncement(flow.state) ?? '') : ''} />
      {info?.apiBaseUrl && <ApiBaseOffer profileId={props.profileId} apiBaseUrl={info.apiBaseUrl} baseUrl={props.baseUrl} onAdopted={adopted} />}
      <RevokeTokens profileId={props.profileId} onRevoked={() => setInfo(null)} />
    </section>
  );
}
