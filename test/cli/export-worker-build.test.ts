import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../electron/engine/history-store';
import type { ExportWorkerData, ExportWorkerReply } from '../../electron/engine/export-pool';
import { REDACTED } from '../../shared/redact';
import { ROOT } from './helpers';

/** The export worker as the build ships it (npm test builds before Vitest runs): where the engine looks, and that it works. */
const OUT = path.join(ROOT, 'out/main');
const SECRET = 'late-export-secret-9Qx';

describe('the built export worker', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'authdesk-xw-'));
    file = path.join(dir, 'history.sqlite');
    const store = new HistoryStore(file);
    for (let i = 0; i < 3; i++) {
      store.insert({
        startedAt: '2026-11-30T00:00:00.000Z', profileId: 'p', profileName: 'p', clientType: 'confidential', scheme: 'bearer', identity: null,
        fingerprints: [], method: 'GET', url: `https://api.test/items/${i}`, status: 200, statusText: 'OK', ok: true, failure: null, error: null,
        timings: { dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: 1, totalMs: 2 }, redirects: [], requestHeaders: [], requestBodyPreview: null,
        responseHeaders: [['content-type', 'text/plain']], responseBodyPreview: `echo ${SECRET} ${i}`, responseBytes: 10, responseTruncated: false, authSteps: [], explanation: null,
      });
    }
    store.close();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('sits beside the bundles that start it: the app (main.js) and the CLI (cli.cjs), none in a chunk', () => {
    const starts = (f: string) => readFileSync(f, 'utf8').includes('"./export-worker.js"');
    const bundles = readdirSync(OUT).filter((f) => /\.c?js$/.test(f) && starts(path.join(OUT, f)));
    expect(bundles.sort()).toEqual(['cli.cjs', 'main.js']);
    expect(readdirSync(path.join(OUT, 'chunks')).filter((f) => starts(path.join(OUT, 'chunks', f)))).toEqual([]);
    expect(existsSync(path.join(OUT, 'export-worker.js'))).toBe(true);
  });

  it('reads a range on its own connection and answers with redacted records', async () => {
    const data: ExportWorkerData = { format: 'har', redaction: { secrets: [SECRET] }, source: { file } };
    const worker = new Worker(path.join(OUT, 'export-worker.js'), { workerData: data });
    try {
      const replies: unknown[] = [];
      const reply = new Promise<ExportWorkerReply>((resolve, reject) => {
        worker.on('message', (m: unknown) => (replies.push(m), replies.length === 2 && resolve(m as ExportWorkerReply)));
        worker.on('error', reject);
        worker.postMessage({ seq: 7, lo: 2, hi: 4 });
      });
      const r = await reply;
      expect(replies[0]).toEqual({ ready: true });
      expect(r).toMatchObject({ seq: 7, count: 2 });
      const text = Buffer.from((r as { bytes: Uint8Array }).bytes).toString('utf8');
      const entries = JSON.parse(`[${text}]`) as { response: { content: { text: string } }; _authdesk: { historyId: number } }[];
      expect(entries.map((e) => e._authdesk.historyId)).toEqual([2, 3]);
      expect(entries.map((e) => e.response.content.text)).toEqual([`echo ${REDACTED} 1`, `echo ${REDACTED} 2`]);
      expect(text).not.toContain(SECRET);
    } finally {
      await worker.terminate();
    }
  });

  it('stops by itself when asked, after answering the batches sent before (never cut off inside a SQLite call)', async () => {
    const data: ExportWorkerData = { format: 'jsonl', redaction: {}, source: { file } };
    const worker = new Worker(path.join(OUT, 'export-worker.js'), { workerData: data });
    const replies: { seq?: number; count?: number }[] = [];
    const exitCode = new Promise<number>((resolve, reject) => {
      worker.on('message', (m: { seq?: number; count?: number; ready?: boolean }) => {
        replies.push(m);
        if (m.ready) for (const msg of [{ seq: 1, lo: 1, hi: 3 }, { seq: 2, lo: 3, hi: 4 }, { stop: true }]) worker.postMessage(msg);
      });
      worker.on('error', reject);
      worker.on('exit', resolve);
    });
    const timer = setTimeout(() => void worker.terminate(), 10_000);
    try {
      expect(await exitCode).toBe(0); // 1 when terminated
      expect(replies.slice(1).map((r) => [r.seq, r.count])).toEqual([[1, 2], [2, 1]]);
    } finally {
      clearTimeout(timer);
    }
  });
});
