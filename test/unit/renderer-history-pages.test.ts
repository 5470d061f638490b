import { describe, expect, it } from 'vitest';
import type { HistorySummary } from '../../shared/request';
import { appendOlder, mergeNewest, PAGE_SIZE, shownText } from '../../renderer/src/lib/history-pages';

/** Summaries with ids from `from` down to `to` (newest first), as `history.list` returns them. */
function rows(from: number, to: number): HistorySummary[] {
  const out: HistorySummary[] = [];
  for (let id = from; id >= to; id--) {
    out.push({ id, startedAt: '2025-11-30T10:00:00.000Z', profileId: 'p1', profileName: 'Sandbox', identity: null, fingerprints: [], method: 'GET', url: 'http://127.0.0.1/basic', status: 200, ok: true, failure: null, error: null, totalMs: 3 });
  }
  return out;
}
const ids = (r: HistorySummary[]) => [r[0]?.id, r.at(-1)?.id, r.length];

describe('History pages', () => {
  it('shows the newest page and knows an older one exists from the extra row', () => {
    const first = mergeNewest(null, '', rows(112, 12));
    expect(ids(first.rows)).toEqual([112, 13, PAGE_SIZE]);
    expect(first.hasMore).toBe(true);
    expect(shownText(first.rows.length, first.hasMore)).toBe('Showing the newest 100 requests.');
  });

  it('appends the older page by keyset and stops when it is the last', () => {
    const both = appendOlder(mergeNewest(null, '', rows(112, 12)), '', 13, rows(12, 1));
    expect(both && ids(both.rows)).toEqual([112, 1, 112]);
    expect(both?.hasMore).toBe(false);
    expect(shownText(112, false)).toBe('All 112 requests shown.');
  });

  it('ignores an older page that arrives after the filter or the shown rows changed', () => {
    const shown = mergeNewest(null, 'p1', rows(112, 12));
    expect(appendOlder(shown, '', 13, rows(12, 1))).toBe(shown);
    expect(appendOlder(shown, 'p1', 50, rows(49, 1))).toBe(shown);
  });

  it('puts new requests on top and keeps the older pages loaded', () => {
    const loaded = appendOlder(mergeNewest(null, '', rows(112, 12)), '', 13, rows(12, 1));
    const next = mergeNewest(loaded, '', rows(114, 14));
    expect(ids(next.rows)).toEqual([114, 1, 114]);
    expect(next.hasMore).toBe(false);
  });

  it('starts over when more than a page arrived since, or the filter changed', () => {
    const loaded = mergeNewest(null, '', rows(112, 12));
    expect(ids(mergeNewest(loaded, '', rows(300, 200)).rows)).toEqual([300, 201, PAGE_SIZE]);
    expect(mergeNewest(loaded, 'p1', rows(5, 1))).toEqual({ filter: 'p1', rows: rows(5, 1), hasMore: false });
  });
});
