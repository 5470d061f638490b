import { useEffect, useId, useState } from 'react';
import type { ProfileView } from '../../../shared/contract';
import type { HistoryEntry, HistorySummary } from '../../../shared/request';
import { call } from '../api';
import { useAction } from '../hooks/useAction';
import { authStageFailed } from '../lib/format';
import { CopyAsCurl } from './CopyAsCurl';
import { ErrorAlert } from './ErrorAlert';
import { ExportBar } from './ExportBar';
import { HistoryList } from './HistoryList';
import { NotSentActions } from './NotSentActions';
import type { RequestSeed } from './RequestPane';
import { ResponseView } from './ResponseView';
import { ProfileSelect } from './ProfileSelect';

/**
 * Past requests (redacted), filterable by profile; a row opens the full entry, with Copy as curl. An attempt that was
 * not sent (its auth stage failed) has no curl to copy: it offers the next step instead (open its profile, try again).
 * `version` bumps reload it.
 */
export function HistoryPane(props: {
  profiles: ProfileView[];
  version: number;
  onOpenProfile: (profileId: string) => void;
  onRetry: (seed: RequestSeed) => void;
}) {
  const id = useId();
  const [filter, setFilter] = useState('');
  const [rows, setRows] = useState<HistorySummary[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [detail, setDetail] = useState<HistoryEntry | null>(null);
  const list = useAction();
  const open = useAction();
  const runList = list.run;

  useEffect(() => {
    let live = true;
    void runList(() => call('history.list', filter ? { profileId: filter } : {})).then((r) => {
      if (live && r) {
        setRows(r);
        setLoaded(true);
      }
    });
    return () => {
      live = false;
    };
  }, [filter, props.version, runList]);

  const profileOf = (entry: HistoryEntry) => props.profiles.find((p) => p.id === entry.profileId) ?? null;

  const openEntry = async (entryId: number) => {
    const entry = await open.run(() => call('history.get', { id: entryId }));
    if (entry) setDetail(entry);
  };

  return (
    <div className="history-pane">
      <div className="toolbar">
        <div className="field inline">
          <ProfileSelect id={`${id}-filter`} label="Profile" noneLabel="All profiles" value={filter} profiles={props.profiles} onChange={setFilter} />
        </div>
        <ExportBar profileId={filter || null} empty={loaded && rows.length === 0} />
      </div>
      <ErrorAlert message={list.error ?? open.error} />
      <div className="history-split">
        <HistoryList rows={rows} selectedId={detail?.id ?? null} onOpen={openEntry} />
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
