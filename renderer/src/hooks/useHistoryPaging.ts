import { useEffect, useState } from 'react';
import { call } from '../api';
import { appendOlder, mergeNewest, PAGE_SIZE, type HistoryPages } from '../lib/history-pages';
import { useAction, type Action } from './useAction';

/** History paged by keyset (`beforeId`): the rows loaded so far and the actions that load them. */
export interface HistoryPaging {
  /** The rows last loaded (the previous filter's until the new filter's first page arrives); null before any. */
  pages: HistoryPages | null;
  /** The newest page: loading and its error. */
  list: Action;
  /** An older page: loading and its error. */
  older: Action;
  /** Loads the page below the oldest shown row; resolves with the id of its first row, or null. */
  loadOlder: () => Promise<number | null>;
}

/**
 * Loads History a page at a time for `filter` (a profile id, '' for all). A new filter starts over from the newest
 * page; a `version` bump puts new rows on top and keeps the older pages already loaded.
 */
export function useHistoryPaging(filter: string, version: number): HistoryPaging {
  const [pages, setPages] = useState<HistoryPages | null>(null);
  const list = useAction();
  const older = useAction();
  const runList = list.run;

  useEffect(() => {
    let live = true;
    const request = { limit: PAGE_SIZE + 1, ...(filter ? { profileId: filter } : {}) };
    void runList(() => call('history.list', request)).then((reply) => {
      if (live && reply) setPages((prev) => mergeNewest(prev, filter, reply));
    });
    return () => {
      live = false;
    };
  }, [filter, version, runList]);

  const loadOlder = async () => {
    const beforeId = pages?.filter === filter ? pages.rows.at(-1)?.id : undefined;
    if (older.busy || beforeId === undefined) return null;
    const reply = await older.run(() => call('history.list', { limit: PAGE_SIZE + 1, beforeId, ...(filter ? { profileId: filter } : {}) }));
    if (!reply) return null;
    setPages((prev) => appendOlder(prev, filter, beforeId, reply));
    return reply[0]?.id ?? null;
  };

  return { pages, list, older, loadOlder };
}
