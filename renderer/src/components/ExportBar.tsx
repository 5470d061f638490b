import { useState } from 'react';
import type { ExportReply } from '../../../shared/contract';
import { call, subscribe } from '../api';
import { useAction } from '../hooks/useAction';
import { formatBytes } from '../lib/format';
import { ErrorAlert } from './ErrorAlert';

type Format = 'har' | 'jsonl';

function resultText(r: ExportReply, format: Format): string {
  if (r.cancelled || r.path === null) return 'Export cancelled.';
  const noun = r.entries === 1 ? 'entry' : 'entries';
  return `Exported ${r.entries} ${noun} (${formatBytes(r.bytes)}) as ${format.toUpperCase()} to ${r.path}`;
}

/**
 * Export buttons (HAR, JSONL) with progress from `export.progress` and the result path and entry count; disabled,
 * with a hint, when `empty` (no history for this filter: the file would hold no entry). While an export runs both
 * buttons are aria-disabled, not disabled, and ignore presses: the pressed one keeps keyboard focus.
 */
export function ExportBar(props: { profileId: string | null; empty: boolean }) {
  const [progress, setProgress] = useState<{ written: number; total: number } | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const action = useAction();

  const run = async (format: Format) => {
    if (action.busy) return;
    setResult(null);
    setProgress(null);
    const reply = await action.run(async () => {
      const stop = subscribe('export.progress', setProgress);
      try {
        return await call('export.run', { format, ...(props.profileId ? { profileId: props.profileId } : {}) });
      } finally {
        stop();
      }
    });
    setProgress(null);
    if (reply) setResult(resultText(reply, format));
  };

  return (
    <div className="export-bar">
      <span className="export-label">Export {props.profileId ? 'this profile’s' : 'all'} history, secrets removed:</span>
      <button type="button" className="btn btn-small" onClick={() => void run('har')} aria-disabled={action.busy} disabled={props.empty}>
        Export HAR
      </button>
      <button type="button" className="btn btn-small" onClick={() => void run('jsonl')} aria-disabled={action.busy} disabled={props.empty}>
        Export JSONL
      </button>
      {props.empty && !action.busy && <span className="hint">Nothing to export yet.</span>}
      {action.busy && (
        <span role="status" className="export-progress">
          <progress value={progress?.written ?? 0} max={progress?.total || 1} aria-label="Export progress" />
          {progress ? `${progress.written} of ${progress.total}` : 'Preparing…'}
        </span>
      )}
      {result && (
        <p role="status" className="export-result">
          {result}
        </p>
      )}
      <ErrorAlert message={action.error} />
    </div>
  );
}
