import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ErrorCode } from '../../shared/contract';
import type { RedactorOptions } from '../../shared/redact';
import { AuthdeskError } from './errors';
import { guardExit } from './exit-guard';
import type { ExportFormat, ExportSource, RecordBatch } from './export-records';

/** What an export worker is started with: the record format, the redactor's secrets and names, what to read. */
export interface ExportWorkerData {
  format: ExportFormat;
  redaction: RedactorOptions;
  source: ExportSource;
}
/** A batch for a worker: the stored entries with ids in [lo, hi); `seq` pairs it with its reply. */
export interface ExportBatch {
  seq: number;
  lo: number;
  hi: number;
}
/** Asks a worker to stop once it has answered the batches sent before (see {@link ExportPool.close}). */
export interface ExportStop {
  stop: true;
}
/** A worker's answer to one batch: its records, or the error that stopped it (`code` for an AuthdeskError). */
export type ExportWorkerReply = ({ seq: number } & RecordBatch) | { seq: number; error: { code?: ErrorCode; message: string } };

/** Entries below which an export stays on the main thread (starting workers costs more than they save). */
const PARALLEL_MIN_ENTRIES = 5000;
/** Threads building records at most (the main thread and the workers), whatever the number of cores. */
const MAX_BUILDERS = 4;
/**
 * MB of a worker's young generation (V8's default is 16): records are short-lived, and a smaller nursery keeps the
 * export's peak RSS down (measured: about 10 MB less per worker on 100k entries, for a few % more time).
 */
const WORKER_YOUNG_GENERATION_MB = 8;
/** ms a worker may take to start; after that the export runs on the main thread. */
const START_TIMEOUT_MS = 10_000;
/** ms a worker may take to stop after the batch it is in; after that it is terminated. */
const STOP_TIMEOUT_MS = 5_000;

/**
 * The worker threads an export of `total` entries uses by default: one per core but the main thread's (which
 * builds records too), none for a small export or on one core.
 */
export function defaultExportThreads(total: number): number {
  return total >= PARALLEL_MIN_ENTRIES ? Math.min(MAX_BUILDERS, os.availableParallelism()) - 1 : 0;
}

/**
 * The worker script: the built `export-worker.js` beside this bundle (main.js or cli.cjs: electron.vite.config.ts), or, when
 * running from source (tests, the benchmark), the TypeScript file loaded through tsx, a dev dependency.
 */
function spawn(data: ExportWorkerData): Worker {
  const here = import.meta.url;
  const options = { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } };
  if (!here.endsWith('.ts')) return new Worker(new URL('./export-worker.js', here), options);
  const api = import.meta.resolve('tsx/esm/api');
  const script = new URL('./export-worker.ts', here).href;
  return new Worker(`import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(script)}, ${JSON.stringify(api)}));`, { ...options, eval: true });
}

/** Asks `worker` to stop (see {@link ExportPool.close}); resolves when it has exited. */
function stop(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    worker.postMessage({ stop: true } satisfies ExportStop);
  });
}

/** Resolves when `worker` says it is ready; rejects if it fails, exits or takes longer than {@link START_TIMEOUT_MS}. */
function ready(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (e?: Error) => {
      clearTimeout(timer);
      worker.off('message', onReady).off('error', settle).off('exit', onExit);
      if (e) reject(e);
      else resolve();
    };
    const onReady = () => settle();
    const onExit = () => settle(new Error('export worker exited'));
    const timer = setTimeout(() => settle(new Error('export worker start timed out')), START_TIMEOUT_MS);
    worker.on('message', onReady).on('error', settle).on('exit', onExit);
  });
}

/**
 * Worker threads that read ranges of stored entries and turn them into export records in parallel
 * (./export-worker.ts), so a large export uses every core. Batches go round robin; each {@link run} resolves with
 * its batch's records, so the caller keeps the order by awaiting them in turn.
 */
export class ExportPool {
  private readonly pending = new Map<number, { resolve: (batch: RecordBatch) => void; reject: (e: Error) => void }>();
  private seq = 0;
  private closing = false;
  /** Workers that have not exited. */
  private readonly live: Set<Worker>;
  /** Why the pool can take no more batches (a worker failed or stopped, or the pool was closed). */
  private failure: Error | null = null;
  /** Unregisters {@link close} from the stops run before the process exits (see ./exit-guard.ts). */
  private readonly unguard: () => void;

  /** Worker threads in the pool. */
  readonly size: number;

  /** Batches handed to the workers and not answered yet. */
  get queued(): number {
    return this.pending.size;
  }

  private constructor(private readonly workers: Worker[]) {
    this.size = workers.length;
    this.live = new Set(workers);
    this.unguard = guardExit(() => this.close());
    for (const worker of workers) {
      worker.on('message', (reply: ExportWorkerReply) => this.settle(reply));
      worker.on('error', (e) => this.failAll(new AuthdeskError('failed', `An export worker failed: ${e.message}`)));
      worker.on('exit', () => {
        this.live.delete(worker);
        if (!this.closing) this.failAll(new AuthdeskError('failed', 'An export worker stopped before the export ended; nothing was written.'));
      });
    }
  }

  /**
   * Starts `threads` workers for records of `data.format` redacted with `data.redaction`. Resolves with null when
   * they cannot start (the caller then builds the records itself: slower, never less safe).
   */
  static async start(threads: number, data: ExportWorkerData): Promise<ExportPool | null> {
    const workers = Array.from({ length: threads }, () => spawn(data));
    try {
      await Promise.all(workers.map(ready));
      return new ExportPool(workers);
    } catch {
      await Promise.all(workers.map((w) => w.terminate()));
      return null;
    }
  }

  /**
   * The records of the stored entries with ids in [lo, hi).
   * @throws AuthdeskError `failed` naming a damaged stored entry; Error when a worker fails
   */
  run(lo: number, hi: number): Promise<RecordBatch> {
    // A worker that failed or stopped gets no more batches (they would never be answered).
    if (this.failure) return Promise.reject(this.failure);
    const seq = this.seq++;
    const done = new Promise<RecordBatch>((resolve, reject) => this.pending.set(seq, { resolve, reject }));
    // A batch behind a failed one is never awaited: keep its rejection from counting as unhandled.
    done.catch(() => undefined);
    this.workers[seq % this.workers.length]!.postMessage({ seq, lo, hi } satisfies ExportBatch);
    return done;
  }

  /**
   * Stops the workers (their batches still pending are rejected). Each is asked to stop after the batches it was
   * sent, not terminated: `terminate()` can stop a thread inside a SQLite call, and the native binding then aborts
   * the whole process. Only a worker that does not stop within {@link STOP_TIMEOUT_MS} ms is terminated.
   */
  async close(): Promise<void> {
    this.closing = true;
    this.unguard();
    await Promise.all([...this.live].map(stop));
    this.failAll(new AuthdeskError('failed', 'The export was stopped.'));
  }

  private settle(reply: ExportWorkerReply): void {
    const waiting = this.pending.get(reply.seq);
    if (!waiting) return;
    this.pending.delete(reply.seq);
    if ('bytes' in reply) waiting.resolve({ bytes: reply.bytes, count: reply.count });
    else waiting.reject(new AuthdeskError(reply.error.code ?? 'failed', reply.error.code ? reply.error.message : `An export worker failed: ${reply.error.message}`));
  }

  private failAll(e: Error): void {
    this.failure ??= e;
    for (const { reject } of this.pending.values()) reject(e);
    this.pending.clear();
  }
}
