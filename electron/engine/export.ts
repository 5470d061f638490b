import { rename, rm } from 'node:fs/promises';
import { accessLogJson, HAR_TAIL, harEntryJson, harHead } from '../../shared/har';
import type { Redactor } from '../../shared/redact';
import { FileSink } from './file-sink';
import type { StoredEntry } from './history-store';

export type ExportFormat = 'har' | 'jsonl';

/** Characters of records handed to the file sink at once (about 256 KB). */
const BATCH_CHARS = 1 << 18;

export interface ExportOptions {
  format: ExportFormat;
  out: string;
  /** Stored entries, oldest first (HistoryStore.iterate). */
  entries: Iterable<StoredEntry>;
  total: number;
  /** Applied to every serialised record as defence in depth (entries were redacted when written). */
  redactor: Redactor;
  version: string;
  onProgress?: (written: number, total: number) => void;
}

/**
 * Streams a history export to `out` (HAR 1.2 or JSONL) through a temporary file renamed at the end. Records are
 * written straight from the stored JSON (shared/har.ts) through two reused buffers (./file-sink.ts), so memory
 * stays flat whatever the history's size. Progress is reported every 500 entries and at the end. Returns the entry
 * count and bytes written.
 * @throws the fs error when the file cannot be written, SyntaxError when a stored entry is not a JSON object (the
 *   partial file is removed either way).
 */
export async function exportHistory(opts: ExportOptions): Promise<{ entries: number; bytes: number }> {
  const tmp = `${opts.out}.partial`;
  const har = opts.format === 'har';
  const toRecord = har ? harEntryJson : accessLogJson;
  let sink: FileSink | null = null;
  let written = 0;
  // Texts gathered for one sink.write (about BATCH_CHARS): one await per batch, not per entry.
  let batch: string[] = har ? [harHead(opts.version)] : [];
  let batchChars = 0;
  try {
    sink = await FileSink.create(tmp);
    for (const row of opts.entries) {
      // Entries were redacted when stored; the export re-checks every record against every secret known now, by
      // value and by shape (name rules ran at write time and would not be safe on serialised JSON).
      const line = opts.redactor.values(toRecord(row[1], row[0]));
      if (har) batch.push(written ? ',\n' : '\n', line);
      else batch.push(line, '\n');
      batchChars += line.length;
      written += 1;
      if (batchChars >= BATCH_CHARS) {
        await sink.write(batch);
        batch = [];
        batchChars = 0;
      }
      if (written % 500 === 0) opts.onProgress?.(written, opts.total);
    }
    if (har) batch.push(`\n${HAR_TAIL}`);
    await sink.write(batch);
    await sink.close();
    await rename(tmp, opts.out);
  } catch (e) {
    await sink?.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw e;
  }
  opts.onProgress?.(written, opts.total);
  return { entries: written, bytes: sink.bytes };
}
