import type { TokenInfo } from '../../../shared/oauth';
import { formatDuration } from '../../../shared/metrics';
import { useSecondsLeft } from '../hooks/useSecondsLeft';
import { formatTime } from '../lib/format';
import { sourceLabels } from '../lib/oauth-labels';

/** When the token expires, with the time left counting down (a token obtained a while ago is not "in 5 min" for ever). */
function Expiry({ expiresAt }: { expiresAt: string }) {
  const left = useSecondsLeft(Date.parse(expiresAt));
  return (
    <>
      {formatTime(expiresAt)} ({left > 0 ? `in ${formatDuration(left * 1000)}` : 'expired'})
    </>
  );
}

/** What Authdesk holds after a sign-in, without the token itself: type, expiry, scope, refresh token, the API host the reply names, and notes. */
export function TokenInfoView({ info }: { info: TokenInfo }) {
  return (
    <section className="token-info" aria-labelledby="token-info-title">
      <h4 id="token-info-title">Access token obtained</h4>
      <dl className="kv">
        <dt>Token type</dt>
        <dd>{info.tokenType}</dd>
        <dt>Expires</dt>
        <dd>{info.expiresAt === null ? 'not given by the server' : <Expiry expiresAt={info.expiresAt} />}</dd>
        <dt>Scope</dt>
        <dd>{info.scope ? <code>{info.scope}</code> : 'not given by the server'}</dd>
        <dt>Refresh token held</dt>
        <dd>{info.hasRefreshToken ? 'yes' : 'no'}</dd>
        {info.apiBaseUrl && (
          <>
            <dt>API host (from the token reply)</dt>
            <dd>
              <code className="url">{info.apiBaseUrl}</code>
            </dd>
          </>
        )}
        <dt>Source</dt>
        <dd>{sourceLabels[info.source]}</dd>
      </dl>
      <p className="hint">Authdesk never shows tokens: the access token stays in memory, a refresh token in your OS keychain.</p>
      {info.warnings.length > 0 && (
        <div className="compliance">
          <h5>Compliance notes</h5>
          <ul>
            {info.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
