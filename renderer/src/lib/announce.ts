import type { HistoryEntry } from '../../../shared/request';
import type { FlowState } from '../hooks/useFlowProgress';
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

/**
 * A sign-in's current step in one short sentence for a screen reader, said in the live region that was there before
 * the sign-in began (a region added with its text is not reliably announced): the device flow's user code is said
 * with it, so a person who cannot see the screen can still type it. Null once the sign-in is done.
 */
export function flowAnnouncement(state: FlowState | null): string | null {
  if (!state || state.step === 'done') return null;
  if (state.step === 'exchanging_code') return 'Exchanging the code…';
  const again = state.againBecause ? `Sign in again: ${state.againBecause}. ` : '';
  // Before the browser or device step (not known yet which): the reason alone.
  if (state.step === 'sign_in_again') return again.trim();
  if (state.device) return `${again}Enter the code ${state.device.userCode} on the verification page, then approve.`;
  return `${again}Sign-in started: approve it in your browser.`;
}
