import type { CurlView } from '../../lib/import-preview';
import { originOf } from '../../lib/import-preview';
import { AuthSummary } from '../AuthSummary';
import { HeadersTable } from '../HeadersTable';
import { SchemeBadge } from '../SchemeBadge';
import { ImportSecrets } from './ImportSecrets';

/** What a pasted curl command becomes: the profile (scheme, placements, masked secrets) and the request without its secrets. */
export function CurlPreview({ view }: { view: CurlView }) {
  return (
    <div className="import-preview">
      <section aria-labelledby="curl-profile-title">
        <h3 id="curl-profile-title">The profile</h3>
        {view.auth ? (
          <dl className="kv">
            <dt>Scheme</dt>
            <dd>
              <SchemeBadge scheme={view.auth.scheme} /> <AuthSummary auth={view.auth} />
            </dd>
            <dt>Bound to</dt>
            <dd>
              <code>{originOf(view.url)}</code> (credentials go to this origin only)
            </dd>
          </dl>
        ) : view.refused ? (
          <p className="warning">
            Authdesk recognised {view.refused} and does not draft a profile from it: see “Check these” below for what to do instead.
          </p>
        ) : (
          <p className="warning">This command carries no credentials Authdesk recognises, so there is no profile to create.</p>
        )}
        {view.auth && <ImportSecrets slots={view.slots} source="the command" />}
      </section>
      <section aria-labelledby="curl-request-title">
        <h3 id="curl-request-title">The request (secrets removed)</h3>
        <p className="request-line">
          <code>
            {view.method} {view.url}
          </code>
        </p>
        <HeadersTable headers={view.headers} caption="Headers" />
        {view.body !== null && <pre className="body-preview">{view.body}</pre>}
      </section>
    </div>
  );
}
