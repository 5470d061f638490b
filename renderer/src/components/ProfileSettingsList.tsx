import { Fragment } from 'react';
import type { ProfileView } from '../../../shared/contract';
import { formatDuration } from '../../../shared/metrics';
import { formatDate } from '../lib/format';
import { AuthSummary } from './AuthSummary';
import { OAuthSettings } from './OAuthSettings';

/** A saved profile's settings, read-only: scheme, client type, base URL, verify request, headers, trusted redirect origins. */
export function ProfileSettingsList({ profile: p }: { profile: ProfileView }) {
  return (
    <dl className="kv">
      <dt>Scheme</dt>
      <dd>
        <AuthSummary auth={p.auth} />
      </dd>
      <dt>Client type</dt>
      <dd>{p.clientType}</dd>
      <dt>Base URL</dt>
      <dd>{p.baseUrl ? <code>{p.baseUrl}</code> : 'none'}</dd>
      <dt>Verify request</dt>
      <dd>
        {p.verify ? (
          <code>
            {p.verify.method} {p.verify.target}
          </code>
        ) : (
          'none'
        )}
      </dd>
      <dt>Headers</dt>
      <dd>
        {p.headers.length
          ? p.headers.map(([name, value], i) => (
              <Fragment key={name}>
                {i > 0 && ', '}
                <code>
                  {name}: {value}
                </code>
              </Fragment>
            ))
          : 'none besides auth'}
      </dd>
      <dt>Trust redirects to</dt>
      <dd>
        {p.trustRedirectsTo.length
          ? p.trustRedirectsTo.map((o, i) => (
              <Fragment key={o}>
                {i > 0 && ', '}
                <code>{o}</code>
              </Fragment>
            ))
          : 'no other origin'}
      </dd>
      {p.auth.scheme === 'oauth2' && <OAuthSettings auth={p.auth} />}
      <dt>Created</dt>
      <dd>{formatDate(p.createdAt)}</dd>
      <dt>First successful call</dt>
      <dd>{p.ttfscMs === null ? 'not yet' : `after ${formatDuration(p.ttfscMs)}`}</dd>
    </dl>
  );
}
