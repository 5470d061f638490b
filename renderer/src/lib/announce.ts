import type { HistoryEntry } from '../../../shared/request';
import { authStageFailed, failureLabels, formatMs } from './format';

/**
 * A request's outcome in one short sentence for a screen reader (LiveStatus): "200 OK in 5 ms", "No response: network
 * error", "Not sent: secret missing". Status, time and failure only: the entry is redacted, but nothing else is needed.
 */
export function resultAnnouncement(e: Pick<HistoryEntry, 'status' | 'statusText' | 'failure' | 'timings'>): string {
  const reason = e.failure ? failureLabels[e.failure] : 'failed';
  if (e.status !== null) return `${`${e.status} ${e.statusText ?? ''}`.trim()} in ${formatMs(e.timings.totalMs)}`;
  return authStageFailed(e) ? `Not sent: ${reason}` : `No response: ${reason}`;
}
