import { useMemo } from 'react';
import type { HistoryEntry } from '../../../shared/request';
import { displayBody } from '../lib/body';

const contentTypeOf = (entry: HistoryEntry) =>
  entry.responseHeaders.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? null;

/** The response body preview: JSON pretty-printed when small, a notice when the preview was cut. */
export function BodyPreview({ entry }: { entry: HistoryEntry }) {
  const text = entry.responseBodyPreview;
  const shown = useMemo(
    () => (text === null ? null : displayBody(text, contentTypeOf(entry), entry.responseBytes)),
    [text, entry],
  );
  return (
    <section className="body-preview" aria-label="Response body">
      <h3>Body</h3>
      {entry.responseTruncated && (
        <p className="notice">truncated: {entry.responseBytes.toLocaleString()} bytes received</p>
      )}
      {shown === null || shown === '' ? <p className="hint">No body.</p> : <pre tabIndex={0}>{shown}</pre>}
    </section>
  );
}
