import type { HistoryEntry } from '../../../shared/request';
import { AuthStepsList } from './AuthStepsList';
import { BodyPreview } from './BodyPreview';
import { ExplanationPanel } from './ExplanationPanel';
import { HeadersTable } from './HeadersTable';
import { RedirectList } from './RedirectList';
import { StatusLine } from './StatusLine';
import { TimingsTable } from './TimingsTable';

/**
 * Everything recorded about one request (already redacted by the engine), with the explanation of a failure first:
 * used by Request and History.
 */
export function ResponseView({ entry }: { entry: HistoryEntry }) {
  return (
    <article className="response" aria-label="Response">
      <StatusLine entry={entry} />
      {entry.explanation && <ExplanationPanel explanation={entry.explanation} />}
      <TimingsTable timings={entry.timings} url={entry.url} failed={entry.status === null} />
      <AuthStepsList steps={entry.authSteps} />
      <RedirectList redirects={entry.redirects} />
      {entry.status !== null && (
        <>
          <HeadersTable headers={entry.responseHeaders} caption="Response headers" />
          <BodyPreview entry={entry} />
        </>
      )}
      <details className="request-sent">
        <summary>Request as sent (secrets redacted)</summary>
        <HeadersTable headers={entry.requestHeaders} caption="Request headers" />
        {entry.requestBodyPreview && <pre>{entry.requestBodyPreview}</pre>}
      </details>
    </article>
  );
}
