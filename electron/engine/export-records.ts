import Database from 'libsql';
import { accessLogJson, harEntryJson } from '../../shared/har';
import type { Redactor } from '../../shared/redact';
import { AuthdeskError } from './errors';
import { unreadableHistory } from './history-damage';

export type ExportFormat = 'har' | 'jsonl';

/** What an export reads: the history database file, all of it or one profile's entries. */
export interface ExportSource {
  file: string;
  profileId?: string;
}

/** A stored history entry: its id and the JSON text of the (already redacted) entry without its id. */
type StoredEntry = [id: number, entry: string];

/** The records of one batch: UTF-8 text, records joined by the format's separator (see {@link batchMaker}). */
export interface RecordBatch {
  bytes: Uint8Array;
  count: number;
}

/**
 * A read-only connection on the history for an export: `rows(lo, hi)` gives the stored entries with ids in
 * [lo, hi), oldest first (of one profile when the source names one). Each export thread opens its own (WAL: reads
 * never block the app's writes). It sees committed entries only.
 * @throws the libsql error when the file cannot be opened; AuthdeskError `failed` when it or a page `rows` reads is
 *   damaged (see {@link unreadableHistory})
 */
export function rangeReader(source: ExportSource): { rows(lo: number, hi: number): StoredEntry[]; close(): void } {
  const damaged = (e: unknown) => unreadableHistory(source.file, e);
  const db = new Database(source.file, { readonly: true });
  try {
    const stmt = db
      .prepare(`SELECT id, entry FROM history WHERE id >= ? AND id < ?${source.profileId ? ' AND profile_id = ?' : ''} ORDER BY id`)
      .raw(true);
    return {
      rows: (lo, hi) => {
        try {
          return stmt.all(source.profileId ? [lo, hi, source.profileId] : [lo, hi]) as StoredEntry[];
        } catch (e) {
          throw damaged(e);
        }
      },
      close: () => db.close(),
    };
  } catch (e) {
    db.close();
    throw damaged(e);
  }
}

/**
 * Turns stored entries into export records (a HAR entry or a JSONL access-log line each, shared/har.ts), each
 * re-checked against every secret known now, by value and by shape: entries were redacted when stored, but a secret
 * learnt since must still be masked (name rules ran at write time and would not be safe on serialised JSON). HAR
 * records are joined by ",\n" (the caller puts ",\n" between batches); JSONL records each end with "\n". Used on
 * the main thread and in the export workers alike, so both write the same bytes.
 * @throws AuthdeskError `failed` naming the first stored entry that is damaged (not a history entry's JSON)
 */
export function batchMaker(format: ExportFormat, redactor: Redactor): (rows: readonly StoredEntry[]) => RecordBatch {
  const encoder = new TextEncoder();
  const har = format === 'har';
  const toRecord = har ? harEntryJson : accessLogJson;
  return (rows) => {
    const records = rows.map(([id, stored]) => {
      try {
        return redactor.values(toRecord(stored, id));
      } catch (e) {
        // The error's kind only: a parser's message quotes the stored text, which may hold a secret learnt since.
        throw new AuthdeskError('failed', `History entry ${id} is damaged and cannot be exported (${(e as Error).name}); nothing was written.`);
      }
    });
    const text = har ? records.join(',\n') : records.length ? `${records.join('\n')}\n` : '';
    return { bytes: encoder.encode(text), count: records.length };
  };
}
