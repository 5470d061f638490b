import { useId, useState } from 'react';
import type { ProfileView } from '../../../shared/contract';
import type { HistoryEntry } from '../../../shared/request';
import { call } from '../api';
import { useAction } from '../hooks/useAction';
import { useHistoryPaging } from '../hooks/useHistoryPaging';
import { authStageFailed } from '../lib/format';
import { CopyAsCurl } from './CopyAsCurl';
import { ErrorAlert } from './ErrorAlert';
import { ExportBar } from './ExportBar';
import { HistoryList } from './HistoryList';
import { HistoryMore } from './HistoryMore';
import { NotSentActions } from './NotSentActions';
import type { RequestSeed } from './RequestPane';
import { ResponseView } from './ResponseView';
import { ProfileSelect } from './ProfileSelect';

/**
 * Past requests (redacted), filterable by profile; a row opens the full entry, with Copy as curl. An attempt that was
 * not sent (its auth stage failed) has no curl to copy: it offers the next step instead (open its profile, try again).
 * Shows the newest page first; older pages load on request. `version` bumps add new requests on top.
 */
export function HistoryPane(props: {
  profiles: ProfileView[];
  version: number;
  onOpenProfile: (profileId: string) => void;
  onRetry: (seed: RequestSeed) => void;
}) {
  const id = useId();
  const [filter, setFilter] = useState('');
  const [detail, setDetail] = useState<HistoryEntry | null>(null);
  const [focusRow, setFocusRow] = useState<{ id: number } | null>(null);
  const { pages, list, older, loadOlder } = useHistoryPaging(filter, props.version);
  const open = useAction();
  const rows = pages?.rows ?? [];

  const profileOf = (entry: HistoryEntry) => props.profiles.find((p) => p.id === entry.profileId) ?? null;

  const openEntry = async (entryId: number) => {
    const entry = await open.run(() => call('history.get', { id: entryId }));
    if (entry) setDetail(entry);
  };

  const showOlder = async () => {
    const first = await loadOlder();
    if (first !== null) setFocusRow({ id: first });
  };

  return (
    <div className="history-pane">
      <div className="toolbar">
        <div className="field inline">
          <ProfileSelect id={`${id}-filter`} label="Profile" noneLabel="All profiles" value={filter} profiles={props.profiles} onChange={setFilter} />
        </div>
        <ExportBar profileId={filter || null} empty={pages !== null && rows.length === 0} />
      </div>
      <ErrorAlert message={list.error ?? open.error} />
      <div className="history-split">
        <div className="history-column">
          <HistoryList rows={rows} selectedId={detail?.id ?? null} focusRow={focusRow} onOpen={openEntry} />
          <HistoryMore
            count={rows.length}
            hasMore={pages?.filter === filter && pages.hasMore}
            busy={older.busy}
            error={older.error}
            onLoadOlder={() => void showOlder()}
          />
        </div>
        {detail ? (
          <div className="history-detail">
            {authStageFailed(detail) ? (
              <ResponseView
                entry={detail}
                next={<NotSentActions entry={detail} profile={profileOf(detail)} onOpenProfile={props.onOpenProfile} onRetry={props.onRetry} />}
              />
            ) : (
              <>
                <CopyAsCurl key={detail.id} entry={detail} profile={profileOf(detail)} />
                <ResponseView entry={detail} />
              </>
            )}
          </div>
        ) : (
          <p className="hint history-placeholder">Select a request to see its details.</p>
        )}
      </div>
    </div>
  );
}
