import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ProfileView, SendReply } from '../../../shared/contract';
import { methodSchema, type HeaderPair, type Method } from '../../../shared/request';
import { call } from '../api';
import { useAction } from '../hooks/useAction';
import { useFlowProgress } from '../hooks/useFlowProgress';
import { useFocusReturn } from '../hooks/useFocusReturn';
import { flowAnnouncement, resultAnnouncement } from '../lib/announce';
import { headerPairsOf, headerRowsOf, type HeaderRow } from '../lib/header-rows';
import { newId } from '../lib/ids';
import { profileFixLabel } from '../lib/not-sent';
import { DEFAULT_TIMEOUT_S, requestProblem, timeoutMsOf } from '../lib/request-check';
import { ErrorAlert } from './ErrorAlert';
import { FirstSuccessBanner } from './FirstSuccessBanner';
import { FlowProgress } from './FlowProgress';
import { HeaderRows } from './HeaderRows';
import { LiveStatus } from './LiveStatus';
import { LoginRequired } from './LoginRequired';
import { ResponseView } from './ResponseView';
import { ProfileSelect } from './ProfileSelect';
import { TimeoutField } from './TimeoutField';

/** Where a new request starts: the profile to use, the URL, and optionally a method, headers and body (an import). */
export interface RequestSeed {
  profileId: string | null;
  url: string;
  method?: Method;
  headers?: HeaderPair[];
  body?: string;
  /**
   * Move keyboard focus to the URL field when this request opens: set when a profile was just saved, as the editor
   * that had focus goes away (else focus fell to the page body, WCAG 2.4.3).
   */
  focus?: boolean;
}

const isMac = navigator.userAgent.includes('Mac');

/**
 * Compose and send a test request with a profile's auth, and see what came back. On an OAuth profile a send may run
 * a sign-in first: its progress shows here, and "sign in first" comes with a Sign in button.
 */
export function RequestPane(props: {
  profiles: ProfileView[];
  seed: RequestSeed;
  selectedId: string | null;
  onSent: (reply: SendReply) => void;
  /** Opens a profile's tab (to fix what an auth stage that failed needs: save a secret, sign in, check it). */
  onOpenProfile: (profileId: string) => void;
}) {
  const id = useId();
  const [chosenId, setProfileId] = useState<string | null>(props.seed.profileId);
  const profile = props.profiles.find((p) => p.id === chosenId) ?? null;
  const profileId = profile?.id ?? null;
  const flow = useFlowProgress(profileId);
  const [method, setMethod] = useState<Method>(props.seed.method ?? 'GET');
  const [url, setUrl] = useState(props.seed.url);
  const [headers, setHeaders] = useState<HeaderRow[]>(() => headerRowsOf(props.seed.headers ?? []));
  const [body, setBody] = useState(props.seed.body ?? '');
  const [timeout, setTimeoutText] = useState(DEFAULT_TIMEOUT_S);
  const [inFlight, setInFlight] = useState<string | null>(null);
  const [reply, setReply] = useState<SendReply | null>(null);
  const [celebrate, setCelebrate] = useState(false);
  const action = useAction();
  const urlInput = useRef<HTMLInputElement>(null);
  const form = useRef<HTMLFormElement>(null);
  // When the send ends and its controls go (Cancel sign-in, Cancel), focus that fell to the page body returns to Send.
  const sendButton = useFocusReturn<HTMLButtonElement>(inFlight !== null);
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const focusOnOpen = props.seed.focus === true;
  useEffect(() => {
    if (focusOnOpen) urlInput.current?.focus();
  }, [focusOnOpen]);

  const chooseProfile = (value: string) => {
    const next = value === '' ? null : value;
    setProfileId(next);
    const base = props.profiles.find((p) => p.id === next)?.baseUrl;
    if (base && url.trim() === '') setUrl(base);
  };
  // A profile picked in the sidebar becomes this request's auth profile (what is typed stays): otherwise Send would
  // use the one chosen here before, while the window shows another.
  const [followed, setFollowed] = useState(props.selectedId);
  if (props.selectedId !== followed) {
    setFollowed(props.selectedId);
    if (props.selectedId) chooseProfile(props.selectedId);
  }

  const send = async () => {
    if (inFlight) return;
    // The last answer goes with a new attempt, refused by the form's checks or sent: next to this attempt's error it
    // would read as this attempt's result.
    setReply(null);
    setCelebrate(false);
    const timeoutMs = timeoutMsOf(timeout);
    const problem = requestProblem(url, headers) ?? (typeof timeoutMs === 'number' ? null : timeoutMs);
    if (problem) {
      action.setError(problem.message);
      const at = problem.at;
      if (at.field === 'url') urlInput.current?.focus();
      else if (at.field === 'timeout') form.current?.querySelector<HTMLInputElement>('[data-field="timeout"]')?.focus();
      else form.current?.querySelector<HTMLInputElement>(`[aria-label="Header ${at.row + 1} ${at.part}"]`)?.focus();
      return;
    }
    const requestId = newId();
    flow.reset();
    setInFlight(requestId);
    const result = await action.run(() =>
      call('request.send', {
        profileId,
        method,
        url: url.trim(),
        headers: headerPairsOf(headers),
        requestId,
        ...(typeof timeoutMs === 'number' ? { timeoutMs } : {}),
        ...(hasBody && body !== '' ? { body } : {}),
      }),
    );
    setInFlight(null);
    if (!result) return;
    setReply(result);
    setCelebrate(result.firstSuccess !== null);
    props.onSent(result);
  };

  const cancelFlow = () => {
    if (profileId) void call('oauth.cancel', { profileId }).catch(() => undefined);
  };
  const cancel = () => {
    if (!inFlight) return;
    if (flow.state) cancelFlow();
    void action.run(() => call('request.cancel', { requestId: inFlight }));
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void send();
    }
  };

  return (
    <div className="request-pane">
      <form ref={form} className="panel request-form" onSubmit={onSubmit} onKeyDown={onKeyDown} aria-label="Request" noValidate>
        <div className="field">
          <ProfileSelect id={`${id}-profile`} label="Auth profile" noneLabel="No auth" value={profileId ?? ''} profiles={props.profiles} onChange={chooseProfile} />
        </div>
        <div className="url-bar">
          <label htmlFor={`${id}-method`} className="visually-hidden">
            Method
          </label>
          <select id={`${id}-method`} value={method} onChange={(e) => setMethod(e.target.value as Method)}>
            {methodSchema.options.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
          <label htmlFor={`${id}-url`} className="visually-hidden">
            URL
          </label>
          <input
            id={`${id}-url`}
            ref={urlInput}
            type="url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://api.example.com/v1/me"
            spellCheck={false}
          />
          {inFlight ? (
            <button type="button" className="btn btn-danger" onClick={cancel}>
              Cancel
            </button>
          ) : (
            <button ref={sendButton} type="submit" className="btn btn-primary" title={`Send (${isMac ? '⌘' : 'Ctrl'}+Enter)`}>
              Send
            </button>
          )}
        </div>
        <div className="request-options">
          <p className="field-hint">Press {isMac ? '⌘' : 'Ctrl'}+Enter to send from anywhere in this form.</p>
          <TimeoutField value={timeout} onChange={setTimeoutText} />
        </div>
        <HeaderRows rows={headers} onChange={setHeaders} />
        {hasBody && (
          <div className="field">
            <label htmlFor={`${id}-body`}>Body</label>
            <textarea id={`${id}-body`} value={body} onChange={(e) => setBody(e.target.value)} rows={6} spellCheck={false} />
          </div>
        )}
      </form>
      {action.errorCode === 'login_required' && profile?.auth.scheme === 'oauth2' ? (
        <LoginRequired message={action.error ?? ''} profileId={profile.id} onSignedIn={() => void send()} />
      ) : (
        <ErrorAlert message={action.error} />
      )}
      {profile && (action.errorCode === 'auth_failed' || action.errorCode === 'secret_missing') && (
        // The credentials could not be obtained: the fix is on the profile, as History's not-sent entry offers.
        <div className="button-row">
          <button type="button" className="btn" onClick={() => props.onOpenProfile(profile.id)}>
            {profileFixLabel({ failure: action.errorCode === 'secret_missing' ? 'secret_missing' : 'auth_flow' }, profile)}
          </button>
        </div>
      )}
      {inFlight &&
        (flow.state && flow.state.step !== 'done' ? (
          <FlowProgress state={flow.state} onCancel={cancelFlow} />
        ) : (
          <p className="hint">Sending…</p>
        ))}
      {reply && celebrate && reply.firstSuccess && (
        <FirstSuccessBanner
          profileName={reply.entry.profileName}
          ttfscMs={reply.firstSuccess.ttfscMs}
          onDismiss={() => setCelebrate(false)}
        />
      )}
      {reply && <ResponseView entry={reply.entry} />}
      <LiveStatus message={inFlight ? (flowAnnouncement(flow.state) ?? 'Sending…') : reply ? resultAnnouncement(reply.entry) : ''} />
    </div>
  );
}
