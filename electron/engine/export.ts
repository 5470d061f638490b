import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { HAR_TAIL, harHead, toAccessLogRecord, toHarEntry } from '../../shared/har';
import type { Redactor } from '../../shared/redact';
import type { HistoryEntry } from '../../shared/request';

export type ExportFormat = 'har' | 'jsonl';

/** Characters gathered before one write to the file (about 1 MB: few syscalls, flat memory). */
const BATCH_CHARS = 1 << 20;

export interface ExportOptions {
  format: ExportFormat;
  out: string;
  entries: Iterable<HistoryEntry>;
  total: number;
  /** Applied to every serialised record as defence in depth (entries were redacted when written). */
  redactor: Redactor;
  version: string;
  onProgress?: (written: number, total: number) => void;
}

/**
 * Streams a history export to `out` (HAR 1.2 or JSONL) through a temporary file renamed at the end, honouring
 * back-pressure so memory stays flat whatever the history's size. Progress is reported every 500 entries and at
 * the end. Returns the entry count and bytes written.
 * @throws the fs error when the file cannot be written (the partial file is removed).
 */
export async function exportHistory(opts: ExportOptions): Promise<{ entries: number; bytes: number }> {
  const tmp = `${opts.out}.partial`;
  const stream = createWriteStream(tmp, { mode: 0o600 });
  let bytes = 0;
  let written = 0;
  const write = async (chunk: string) => {
    bytes += Buffer.byteLength(chunk);
    if (!stream.write(chunk)) await once(stream, 'drain');
  };
  let batch = '';
  const flush = async () => {
    if (batch) await write(batch);
    batch = '';
  };
  try {
    if (opts.format === 'har') batch += harHead(opts.version);
    for (const entry of opts.entries) {
      const record = opts.format === 'har' ? toHarEntry(entry) : toAccessLogRecord(entry);
      // Entries were redacted when stored; the export re-checks every value against every secret known now, by
      // value and by shape (name rules ran at write time and would not be safe on serialised JSON).
      const line = opts.redactor.values(JSON.stringify(record));
      batch += opts.format === 'har' ? `${written ? ',' : ''}\n${line}` : `${line}\n`;
      written += 1;
      if (batch.length >= BATCH_CHARS) await flush();
      if (written % 500 === 0) opts.onProgress?.(written, opts.total);
    }
    if (opts.format === 'har') batch += `\n${HAR_TAIL}`;
    await flush();
    stream.end();
    await once(stream, 'finish');
    await rename(tmp, opts.out);
  } catch (e) {
    stream.destroy();
    await rm(tmp, { force: true });
    throw e;
  }
  opts.onProgress?.(written, opts.total);
  return { entries: written, bytes };
}
