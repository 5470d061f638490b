import type { HistoryEntry } from '../../../shared/request';
import { failureLabels, formatBytes, formatMs, sentAs, statusTone } from '../lib/format';

/** The outcome of a request: status (coloured), method and URL, total time and size, who sent it (see sentAs), or the error. */
export function StatusLine({ entry }: { entry: HistoryEntry }) {
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
        {formatMs(entry.timings.totalMs)} · {formatBytes(entry.responseBytes)}
        {entry.profileName ? ` · ${entry.profileName}` : ' · no auth'}
        {who && ` · ${who}`}
      </span>
      {entry.error && <p className="status-error">{entry.error}</p>}
    </div>
  );
}
