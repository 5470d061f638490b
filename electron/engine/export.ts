import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { lstat, realpath, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AuthdeskError } from './errors';
import { HAR_TAIL, harHead } from '../../shared/har';
import { createRedactor, type RedactorOptions } from '../../shared/redact';
import { defaultExportThreads, ExportPool } from './export-pool';
import { batchMaker, rangeReader, type ExportFormat, type ExportSource, type RecordBatch } from './export-records';
import { FileSink } from './file-sink';

export type { ExportFormat } from './export-records';

/**
 * History ids per batch: a batch holds at most this many entries (one message to a worker and back). Measured on
 * 100k entries, 2 cores: 250 was faster and took less memory than 500 or 1000 (150 MB peak RSS against 175 and 190).
 */
const BATCH_IDS = 250;
/** Entries between two progress reports. */
const PROGRESS_EVERY = 1000;
/** Batches a worker has queued at most: enough that it never waits for the next one while this thread builds one. */
const QUEUED_PER_WORKER = 2;
/** Batches built or in progress but not yet written, at most (bounds memory: about 0.4 MB each on HAR entries). */
const WINDOW = 8;

export interface ExportOptions {
  format: ExportFormat;
  out: string;
  /** The history to read; the export sees what is committed (commit first). */
  source: ExportSource;
  /** The first and last id of the entries to export (HistoryStore.span), or null when there are none. */
  span: { first: number; last: number } | null;
  /** Entries the export will write, for progress. */
  total: number;
  /** Every serialised record is re-checked by value and by shape against these secrets (defence in depth). */
  redaction: RedactorOptions;
  version: string;
  /** Worker threads building records beside this one; default {@link defaultExportThreads} (none for a small export). */
  threads?: number;
  onProgress?: (written: number, total: number) => void;
}

/** A batch being built: its records once `ready`. */
interface Slot {
  batch: Promise<RecordBatch>;
  ready: boolean;
}

/** The slot of a batch a worker builds: ready when the worker has answered (records or an error). */
const workerSlot = (batch: Promise<RecordBatch>): Slot => {
  const s: Slot = { batch, ready: false };
  batch.then(() => (s.ready = true), () => (s.ready = true));
  return s;
};

/**
 * The record batches of the export in id order, {@link BATCH_IDS} ids at a time. With a pool, work goes where there
 * is time for it: each worker is kept {@link QUEUED_PER_WORKER} batches ahead, and this thread builds the next batch
 * itself whenever the workers are full and it has nothing ready to write (at most {@link WINDOW} batches ahead of the
 * file). Without one, this thread builds them all.
 */
async function* recordBatches(opts: ExportOptions, pool: ExportPool | null): AsyncGenerator<RecordBatch> {
  if (!opts.span) return;
  const reader = rangeReader(opts.source);
  const make = batchMaker(opts.format, createRedactor(opts.redaction));
  const last = opts.span.last;
  try {
    const queue: Slot[] = [];
    for (let lo = opts.span.first; lo <= last || queue.length; ) {
      if (queue[0]?.ready) {
        yield await queue.shift()!.batch;
        continue;
      }
      const hi = Math.min(lo + BATCH_IDS, last + 1);
      if (lo <= last && queue.length < WINDOW && pool && pool.queued < pool.size * QUEUED_PER_WORKER) {
        queue.push(workerSlot(pool.run(lo, hi)));
        lo = hi;
      } else if (lo <= last && queue.length < WINDOW) {
        queue.push({ batch: Promise.resolve(make(reader.rows(lo, hi))), ready: true });
        lo = hi;
        // Let the workers' answers in (they arrive as events), so their queues are refilled while this thread builds.
        if (pool) await new Promise((resolve) => setImmediate(resolve));
      } else {
        yield await queue.shift()!.batch;
      }
    }
  } finally {
    reader.close();
  }
}

/** Extensions of the files an export may write directly in the data folder (the files Authdesk keeps there have others). */
const EXPORT_EXTENSIONS = new Set(['.har', '.jsonl']);

/**
 * Where `dir` (a real path) is relative to the data folder `home`: the data folder itself (`top`), a folder under it
 * (`inside`) or neither. Folders are compared by device and inode, so another spelling of the same folder (letter case
 * on a case-insensitive disk, a symlink in `home`) is recognised.
 */
async function placeIn(dir: string, home: string): Promise<'top' | 'inside' | 'outside'> {
  const h = await stat(home, { bigint: true }).catch(() => null);
  if (!h) return 'outside';
  for (let d = dir, top = true; ; top = false) {
    const s = await stat(d, { bigint: true }).catch(() => null);
    if (s && s.dev === h.dev && s.ino === h.ino) return top ? 'top' : 'inside';
    const up = path.dirname(d);
    if (up === d) return 'outside';
    d = up;
  }
}

/** Whether the file `file` is one of the data folder `home`'s own places (see {@link exportTarget}). */
async function isOwnPlace(file: string, home: string): Promise<boolean> {
  const where = await placeIn(path.dirname(file), home);
  return where === 'inside' || (where === 'top' && !EXPORT_EXTENSIONS.has(path.extname(file).toLowerCase()));
}

/**
 * Where an export may write `out`: the path itself, or the file a symlink points to (the link stays a link), in its
 * folder's real path. Refuses Authdesk's own files in the data folder `home`: anything in a folder under it (`profiles/`,
 * the desktop app's storage) and, directly in it, any file but a `.har` or `.jsonl` one (so never `history.sqlite`
 * with its `-wal`, `-shm` and `-wait`, nor the desktop app's settings), whatever the spelling (`..`, symlinks, letter
 * case: see {@link placeIn}). Both the path as spelt (`path.resolve`) and where it really lies (its folder's real path,
 * and the file a symlink points to) are checked, so a data-folder file or folder that is itself a symlink to elsewhere
 * (`history.sqlite`, `profiles/`) is refused too. Refuses anything that is not a regular file (a directory, a device, a
 * pipe), which the export's rename would replace. A folder that does not exist is left to the write (ENOENT).
 * @param home the data directory
 * @param format the export's format, for the file name suggested instead
 * @throws AuthdeskError `invalid_request` naming a place to write instead
 */
export async function exportTarget(out: string, home: string, format: ExportFormat): Promise<string> {
  const spelt = path.resolve(out);
  const folder = await realpath(path.dirname(spelt)).catch(() => null);
  let target = folder === null ? spelt : path.join(folder, path.basename(spelt));
  const places = folder === null ? [] : [spelt, target];
  if ((await lstat(spelt).catch(() => null))?.isSymbolicLink()) {
    const linked = await realpath(spelt).catch(() => null);
    if (linked !== null) places.push((target = linked));
  }
  for (const place of places) {
    if (!(await isOwnPlace(place, home))) continue;
    const elsewhere = (await placeIn(os.homedir(), home)) === 'outside' ? os.homedir() : path.dirname(home);
    throw new AuthdeskError(
      'invalid_request',
      `${out} is in Authdesk's data folder ${home}, among its own files (profiles, history, app data), which the export could replace. Write it elsewhere, for example ${path.join(elsewhere, `authdesk-export.${format}`)}.`,
    );
  }
  const existing = await stat(target).catch(() => null);
  if (existing && !existing.isFile()) {
    throw new AuthdeskError('invalid_request', `${out} is not a regular file (a directory, device or pipe); choose a file to write the export to.`);
  }
  return target;
}

/**
 * Streams a history export to `out` (HAR 1.2 or JSONL) through a temporary file renamed at the end. Records are
 * written straight from the stored JSON (shared/har.ts) a batch at a time, so memory stays flat whatever the
 * history's size. A large export reads and builds its records in worker threads too (./export-pool.ts), each on
 * its own read-only connection; the output is the same byte for byte. Progress is reported every
 * {@link PROGRESS_EVERY} entries and at the end. Returns the entry count, the bytes written and the worker threads
 * that built the records (0: this thread).
 * @throws the fs error when the file cannot be written, AuthdeskError `failed` naming a damaged stored entry (the
 *   partial file is removed either way).
 */
export async function exportHistory(opts: ExportOptions): Promise<{ entries: number; bytes: number; threads: number }> {
  // Its own temporary name: two exports to the same file never share one.
  const tmp = `${opts.out}.${randomBytes(4).toString('hex')}.partial`;
  const har = opts.format === 'har';
  const threads = opts.threads ?? defaultExportThreads(opts.total);
  const pool = threads > 0 ? await ExportPool.start(threads, { format: opts.format, redaction: opts.redaction, source: opts.source }) : null;
  let sink: FileSink | null = null;
  let written = 0;
  // A process that exits mid-export (Ctrl+C in the CLI) leaves no partial file behind.
  const removeTmp = () => rmSync(tmp, { force: true });
  process.once('exit', removeTmp);
  try {
    sink = await FileSink.create(tmp);
    if (har) await sink.write([harHead(opts.version)]);
    for await (const batch of recordBatches(opts, pool)) {
      if (batch.count === 0) continue;
      if (har) await sink.write([written ? ',\n' : '\n']);
      await sink.writeBytes(batch.bytes);
      const before = written;
      written += batch.count;
      if (written < opts.total && Math.floor(written / PROGRESS_EVERY) > Math.floor(before / PROGRESS_EVERY)) opts.onProgress?.(written, opts.total);
    }
    if (har) await sink.write([`\n${HAR_TAIL}`]);
    await sink.close();
    await rename(tmp, opts.out);
  } catch (e) {
    await sink?.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw e;
  } finally {
    process.removeListener('exit', removeTmp);
    await pool?.close();
  }
  opts.onProgress?.(written, opts.total);
  return { entries: written, bytes: sink.bytes, threads: pool ? threads : 0 };
}
