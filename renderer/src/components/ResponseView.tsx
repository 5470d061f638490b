import type { HistoryEntry } from '../../../shared/request';
import { authStageFailed } from '../lib/format';
import { AuthStepsList } from './AuthStepsList';
import { BodyPreview } from './BodyPreview';
import { ExplanationPanel } from './ExplanationPanel';
import { HeadersTable } from './HeadersTable';
import { RedirectList } from './RedirectList';
import { StatusLine } from './StatusLine';
import { TimingsTable } from './TimingsTable';

/**
 * Everything recorded about one request (already redacted by the engine), with the explanation of a failure first:
 * used by Request and History. A request that was not sent (its auth stage failed) has no "Request as sent".
 */
export function ResponseView({ entry }: { entry: HistoryEntry }) {
  const notSent = authStageFailed(entry);
  return (
    <article className="response" aria-label="Response">
      <StatusLine entry={entry} />
      {entry.explanation && <ExplanationPanel explanation={entry.explanation} />}
      <TimingsTable timings={entry.timings} url={entry.url} failed={entry.status === null} />
      <AuthStepsList steps={entry.authSteps} empty={notSent ? 'None: getting the credentials failed, so the request was not sent.' : undefined} />
      <RedirectList redirects={entry.redirects} />
      {entry.status !== null && (
        <>
          <HeadersTable headers={entry.responseHeaders} caption="Response headers" />
          <BodyPreview entry={entry} />
        </>
      )}
      {!notSent && (
        <details className="request-sent">
          <summary>Request as sent (secrets redacted)</summary>
          <HeadersTable headers={entry.requestHeaders} caption="Request headers" />
          {entry.requestBodyPreview && <pre>{entry.requestBodyPreview}</pre>}
        </details>
      )}
    </article>
  );
}
