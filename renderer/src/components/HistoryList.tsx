import { useEffect, useRef } from 'react';
import type { HistorySummary } from '../../../shared/request';
import { authStageFailed, failureLabels, formatMs, formatTime, sentAs, statusTone } from '../lib/format';

/**
 * History rows, newest first; each row is a button that opens the entry. A request that was not sent says so, not
 * "0 ms". `focusRow` (a new object per request) moves keyboard focus to that row, e.g. the first of a page just loaded.
 */
export function HistoryList(props: { rows: HistorySummary[]; selectedId: number | null; focusRow: { id: number } | null; onOpen: (id: number) => void }) {
  const list = useRef<HTMLUListElement>(null);
  const { focusRow } = props;
  useEffect(() => {
    if (focusRow) list.current?.querySelector<HTMLButtonElement>(`[data-id="${focusRow.id}"]`)?.focus();
  }, [focusRow]);

  if (props.rows.length === 0) return <p className="hint">No requests yet. Send one from the Request tab.</p>;
  return (
    <ul className="history-list" ref={list}>
      {props.rows.map((r) => (
        <li key={r.id}>
          <button
            type="button"
            className="history-row"
            data-id={r.id}
            aria-current={r.id === props.selectedId ? 'true' : undefined}
            onClick={() => props.onOpen(r.id)}
          >
            <span className={`status-pill tone-${statusTone(r.status)}`}>{r.status ?? (r.failure ? failureLabels[r.failure] : 'failed')}</span>
            <span className="history-method">{r.method}</span>
            <span className="history-url">{r.url}</span>
            <span className="history-meta">
              {[r.profileName ?? 'no auth', sentAs(r.identity, r.fingerprints), authStageFailed(r) ? 'not sent' : formatMs(r.totalMs), formatTime(r.startedAt)].filter(Boolean).join(' · ')}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
