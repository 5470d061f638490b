/** What a new user sees on an empty workspace: what Authdesk does and the two ways to begin. */
export function EmptyState(props: { onSandbox: () => void; onNew: () => void; busy: boolean }) {
  return (
    <section className="empty-state" aria-labelledby="empty-title">
      <h1 id="empty-title">Get your first authenticated API call working</h1>
      <p className="lead">
        Authdesk is an API client built around authentication. Set up how an API wants you to sign in, send a test
        request, and see exactly what the auth layer did.
      </p>
      <ul className="feature-list">
        <li>
          <strong>Secrets stay in your OS keychain.</strong> Authdesk shows a fingerprint, never the value.
        </li>
        <li>
          <strong>Every step is visible:</strong> headers added, credentials dropped on redirects, timings.
        </li>
        <li>
          <strong>Logs you can share:</strong> history and HAR exports are scrubbed of every secret.
        </li>
      </ul>
      <div className="button-row">
        <button type="button" className="btn btn-primary btn-large" onClick={props.onSandbox} disabled={props.busy}>
          {props.busy ? 'Starting the sandbox…' : 'Try the sandbox'}
        </button>
        <button type="button" className="btn btn-large" onClick={props.onNew}>
          New profile
        </button>
      </div>
      <p className="hint">The sandbox is a small test API on this computer with demo credentials: nothing leaves your machine.</p>
    </section>
  );
}
