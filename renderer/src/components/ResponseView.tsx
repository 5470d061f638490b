import type { ReactNode } from 'react';
import type { HistoryEntry } from '../../../shared/request';
import { authStageFailed } from '../lib/format';
import { notSentExplanation } from '../lib/not-sent';
import { explainsError } from '../lib/said-once';
import { AuthStepsList } from './AuthStepsList';
import { BodyPreview } from './BodyPreview';
import { ExplanationPanel } from './ExplanationPanel';
import { HeadersTable } from './HeadersTable';
import { RedirectList } from './RedirectList';
import { StatusLine } from './StatusLine';
import { TimingsTable } from './TimingsTable';

/**
 * Everything recorded about one request (already redacted by the engine), with the explanation of a failure first:
 * used by Request and History. A request that was not sent (its auth stage failed) is an attempt, not a response:
 * what was attempted (method, URL, profile, the auth steps that ran) and one statement of why it was not sent, with
 * `next` (the buttons for the next step) in it; no timings, headers, body or "Request as sent". A sent request's error
 * is said once too: when its explanation repeats it (a timeout, a network or TLS failure), the explanation says it,
 * with its advice, and the status line keeps only the status.
 */
export function ResponseView({ entry, next }: { entry: HistoryEntry; next?: ReactNode }) {
  if (authStageFailed(entry)) {
    return (
      <article className="response" aria-label="Request not sent">
        <StatusLine entry={entry} />
        <ExplanationPanel explanation={notSentExplanation(entry)}>{next}</ExplanationPanel>
        <AuthStepsList steps={entry.authSteps} empty="None completed before the failure." />
      </article>
    );
  }
  return (
    <article className="response" aria-label="Response">
      <StatusLine entry={entry} showError={!explainsError(entry)} />
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
