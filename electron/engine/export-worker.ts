import { parentPort, workerData } from 'node:worker_threads';
import { createRedactor } from '../../shared/redact';
import { isAuthdeskError } from './errors';
import { batchMaker, rangeReader } from './export-records';
import type { ExportBatch, ExportStop, ExportWorkerData, ExportWorkerReply } from './export-pool';

/**
 * An export worker thread (started by ./export-pool.ts): reads ranges of stored entries on its own read-only
 * connection and turns them into redacted export records, handed back as bytes (transferred, not copied). It holds
 * the secret values it redacts in memory only, like the main thread; it writes no file. A `{ stop: true }` message
 * ends it after the batches sent before it.
 */
const port = parentPort;
if (!port) throw new Error('export-worker runs as a worker thread');
const { format, redaction, source } = workerData as ExportWorkerData;
const reader = rangeReader(source);
const make = batchMaker(format, createRedactor(redaction));

port.on('message', (message: ExportBatch | ExportStop) => {
  if ('stop' in message) {
    // Asked to stop between batches: nothing of ours runs any more, and the thread ends by itself.
    reader.close();
    port.close();
    return;
  }
  const { seq, lo, hi } = message;
  try {
    const batch = make(reader.rows(lo, hi));
    port.postMessage({ seq, ...batch } satisfies ExportWorkerReply, [batch.bytes.buffer as ArrayBuffer]);
  } catch (e) {
    const error = isAuthdeskError(e) ? { code: e.code, message: e.message } : { message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
    port.postMessage({ seq, error } satisfies ExportWorkerReply);
  }
});
port.postMessage({ ready: true });
