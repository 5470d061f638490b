import type { HistorySummary } from '../../../shared/request';

/** Rows per History page. The pane asks for one more to learn whether an older page exists. */
export const PAGE_SIZE = 100;

/** The History rows loaded so far for one profile filter ('' for all), newest first, and whether older ones exist. */
export interface HistoryPages {
  filter: string;
  rows: HistorySummary[];
  hasMore: boolean;
}

/** Splits a reply fetched with `limit: PAGE_SIZE + 1` into the page and whether more rows follow it. */
function page(reply: HistorySummary[]): { rows: HistorySummary[]; hasMore: boolean } {
  return { rows: reply.slice(0, PAGE_SIZE), hasMore: reply.length > PAGE_SIZE };
}

/**
 * Applies a fresh newest page (fetched with `limit: PAGE_SIZE + 1`) to what is shown: rows newer than the newest
 * shown go on top and the older pages already loaded stay. Starts over from that page when the filter changed,
 * nothing was shown, or more than a page arrived since (the rows in between were never fetched).
 */
export function mergeNewest(prev: HistoryPages | null, filter: string, reply: HistorySummary[]): HistoryPages {
  const fresh = page(reply);
  const newest = prev?.filter === filter ? prev.rows[0] : undefined;
  const overlaps = newest !== undefined && reply.some((r) => r.id <= newest.id);
  if (!prev || !newest || !overlaps) return { filter, ...fresh };
  return { ...prev, rows: [...reply.filter((r) => r.id > newest.id), ...prev.rows] };
}

/**
 * Appends an older page (fetched with `beforeId` and `limit: PAGE_SIZE + 1`) below what is shown; ignores it when
 * the filter or the oldest shown row changed while it was on its way.
 */
export function appendOlder(prev: HistoryPages | null, filter: string, beforeId: number, reply: HistorySummary[]): HistoryPages | null {
  if (!prev || prev.filter !== filter || prev.rows.at(-1)?.id !== beforeId) return prev;
  const older = page(reply);
  return { filter, rows: [...prev.rows, ...older.rows], hasMore: older.hasMore };
}

/** The line under the list: how many rows are shown and whether that is all of them. */
export function shownText(count: number, hasMore: boolean): string {
  if (hasMore) return `Showing the newest ${count} requests.`;
  return count === 1 ? '1 request shown.' : `All ${count} requests shown.`;
}
