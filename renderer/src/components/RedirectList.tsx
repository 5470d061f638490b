import type { HistoryEntry } from '../../../shared/request';

/** The redirects a request followed, and whether credentials went along (they never cross origins). */
export function RedirectList({ redirects }: { redirects: HistoryEntry['redirects'] }) {
  if (redirects.length === 0) return null;
  return (
    <section aria-label="Redirects">
      <h3>Redirects</h3>
      <ol className="redirects">
        {redirects.map((r, i) => (
          <li key={i}>
            <span className="status-pill tone-info">{r.status}</span> <code>{r.from}</code> → <code>{r.to}</code>{' '}
            <span className={r.credentials === 'stripped' ? 'cred-stripped' : 'cred-kept'}>credentials {r.credentials}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
