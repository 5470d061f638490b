import type { HistoryEntry } from '../../../shared/request';
import { authStageFailed, failureLabels, formatBytes, formatMs, sentAs, statusTone } from '../lib/format';

/**
 * The outcome of a request: status (coloured), method and URL, total time and size, who sent it (see sentAs), or the
 * error. A request that was not sent (its auth stage failed) says so instead of a time and size, and leaves its error
 * to the explanation that goes with it (one statement, not two); `showError` false leaves a sent request's error to
 * its explanation when that says it already.
 */
export function StatusLine({ entry, showError = true }: { entry: HistoryEntry; showError?: boolean }) {
  const notSent = authStageFailed(entry);
  const tone = statusTone(entry.status);
  const who = sentAs(entry.identity, entry.fingerprints);
  return (
    <div className="status-line">
      <span className={`status-pill tone-${tone}`}>
        {entry.status === null ? (entry.failure ? failureLabels[entry.failure] : 'failed') : `${entry.status} ${entry.statusText ?? ''}`.trim()}
      </span>
      <code className="status-url">
        {entry.method} {entry.url}
      </code>
      <span className="status-meta">
        {notSent ? 'not sent' : `${formatMs(entry.timings.totalMs)} · ${formatBytes(entry.responseBytes)}`}
        {entry.profileName ? ` · ${entry.profileName}` : ' · no auth'}
        {who && ` · ${who}`}
      </span>
      {entry.error && !notSent && showError && <p className="status-error">{entry.error}</p>}
    </div>
  );
}
