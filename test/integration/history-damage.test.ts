import Database from 'libsql';
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportHistory } from '../../electron/engine/export';
import { rangeReader } from '../../electron/engine/export-records';
import { HistoryStore } from '../../electron/engine/history-store';
import { dataPaths } from '../../electron/engine/paths';
import type { HistoryEntry } from '../../shared/request';
import { runCli } from '../cli/helpers';
import { startServer, type TestServer } from '../helpers/servers';

/**
 * A history database whose header is intact but whose pages are damaged opens fine, then fails on a later read or
 * write. Every such failure is the same actionable message as at open (where the file is, the `mv … .damaged`
 * command, profiles and secrets unaffected), never "unexpected error" nor "check the free space". Real SQLite file,
 * damaged deterministically; real keychain for the CLI's profile.
 */

const entry = (i: number, profileId = 'p1'): Omit<HistoryEntry, 'id'> => ({
  startedAt: new Date(Date.UTC(2026, 10, 30) + i * 1000).toISOString(),
  profileId,
  profileName: 'one',
  clientType: null,
  scheme: null,
  identity: null,
  fingerprints: [],
  method: 'GET',
  url: `http://127.0.0.1/items/${i}`,
  status: 200,
  statusText: 'OK',
  ok: true,
  failure: null,
  error: null,
  timings: { dnsMs: 1, connectMs: 1, tlsMs: 0, firstByteMs: 2, totalMs: 3 },
  redirects: [],
  requestHeaders: [],
  requestBodyPreview: 'a'.repeat(300),
  responseHeaders: [],
  responseBodyPreview: 'b'.repeat(300),
  responseBytes: 300,
  authSteps: [],
  responseTruncated: false,
  explanation: null,
});

/**
 * Fills `file` with 400 entries of profile `profileId`, checkpoints the WAL into it, then overwrites 800 bytes every
 * 12 KB from 8 KB on (the header and the schema page stay intact).
 */
function damagedHistory(file: string, profileId?: string): void {
  const store = new HistoryStore(file);
  for (let i = 0; i < 400; i++) store.insert(entry(i, profileId));
  store.close();
  const db = new Database(file);
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  db.close();
  const size = statSync(file).size;
  expect(size).toBeGreaterThan(200_000);
  const fd = openSync(file, 'r+');
  try {
    for (let at = 8192; at < size; at += 12_288) writeSync(fd, Buffer.alloc(800, 0x5a), 0, 800, at);
  } finally {
    closeSync(fd);
  }
}

const quoted = (p: string) => `'${p.replaceAll("'", `'\\''`)}'`;
/** The message of c57985f, at open: the file, how to move it (and its -wal/-shm when they exist) aside. */
const damagedMessage = (file: string, suffixes: string[]) =>
  `The history file ${file} is not a readable SQLite database (SQLITE_CORRUPT): it is damaged, or not Authdesk's. Move it aside (${suffixes
    .map((s) => `mv ${quoted(`${file}${s}`)} ${quoted(`${file}.damaged${s}`)}`)
    .join(' && ')}) and Authdesk starts a new, empty history; profiles and keychain secrets are not affected.`;

describe('a history file damaged after its header', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "authdesk-pages-it's-"));
    file = path.join(dir, 'history.sqlite');
    damagedHistory(file);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('opens, then every read and write that meets a damaged page says where it is and how to set it aside', async () => {
    const store = new HistoryStore(file);
    try {
      const damaged = { code: 'failed', message: damagedMessage(file, ['', '-wal', '-shm']) };
      expect(() => store.list({ limit: 500 })).toThrow(expect.objectContaining(damaged));
      expect(() => store.count()).toThrow(expect.objectContaining(damaged));
      expect(() => store.span()).toThrow(expect.objectContaining(damaged));
      expect(() => store.latencySamples('p1')).toThrow(expect.objectContaining(damaged));
      expect(() => store.lastEventAt('p1', 'request.sent')).toThrow(expect.objectContaining(damaged));
      expect(() => store.insert(entry(400))).toThrow(expect.objectContaining(damaged));
      expect(() => store.addEvent({ at: 1, profileId: 'p1', type: 'request.sent' })).toThrow(expect.objectContaining(damaged));
      const reader = rangeReader({ file });
      try {
        expect(() => reader.rows(1, 401)).toThrow(expect.objectContaining(damaged));
      } finally {
        reader.close();
      }
      // The export, on this thread and in worker threads: the same message, and no partial file left.
      for (const threads of [0, 2]) {
        const out = path.join(dir, `log-${threads}.jsonl`);
        const run = exportHistory({ format: 'jsonl', out, source: { file }, span: { first: 1, last: 400 }, total: 400, redaction: { secrets: [] }, version: 'test', threads });
        await expect(run, `threads: ${threads}`).rejects.toMatchObject(damaged);
      }
      expect((await readdir(dir)).filter((f) => f.startsWith('log-'))).toEqual([]);
    } finally {
      store.close();
    }
  });
});

describe('a history file damaged while it is open', () => {
  it('a deferred write that fails on a damaged page says so, not "check the free space"', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'authdesk-pages-open-'));
    const file = path.join(dir, 'history.sqlite');
    try {
      const fill = new HistoryStore(file);
      for (let i = 0; i < 400; i++) fill.insert(entry(i));
      fill.close();
      const db = new Database(file);
      db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      db.close();
      const store = new HistoryStore(file);
      try {
        store.insert(entry(400)); // opens the write transaction on the healthy file; the row is deferred
        const size = statSync(file).size;
        const fd = openSync(file, 'r+');
        try {
          for (let at = 4096; at < size; at += 4096) writeSync(fd, Buffer.alloc(800, 0x5a), 0, 800, at);
        } finally {
          closeSync(fd);
        }
        expect(() => store.commit()).toThrow(expect.objectContaining({ code: 'failed', message: damagedMessage(file, ['', '-wal', '-shm']) }));
      } finally {
        store.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the CLI on a history file damaged after its header', () => {
  let home: string;
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok'));
    home = await mkdtemp(path.join(os.tmpdir(), 'authdesk-pages-cli-'));
    const added = await runCli(['profile', 'add', 'b', '--scheme', 'basic', '--username', 'u'], { home, input: 'pw12345\n' });
    expect(added.code, added.stderr).toBe(0);
    const { id } = JSON.parse((await runCli(['profile', 'show', 'b', '--json'], { home })).stdout) as { id: string };
    damagedHistory(dataPaths(home).history, id);
  });
  afterAll(async () => {
    await runCli(['profile', 'remove', 'b'], { home });
    await server.close();
    await rm(home, { recursive: true, force: true });
  });

  it.each([
    ['history'],
    ['metrics'],
    ['export', '--format', 'jsonl', '--out', 'OUT'],
    ['send', 'b', 'URL'],
  ])('%s: exit 1 with the message to move the file aside, never "unexpected error" nor "check the free space"', async (...args) => {
    const file = dataPaths(home).history;
    const before = await readFile(file);
    const argv = args.map((a) => (a === 'OUT' ? path.join(home, 'log.jsonl') : a === 'URL' ? `${server.url}/ok` : a));
    const r = await runCli(argv, { home });
    expect(r.code, r.stderr).toBe(1);
    const suffixes = ['', '-wal', '-shm'].filter((s) => statSync(`${file}${s}`, { throwIfNoEntry: false }));
    expect(r.stderr).toBe(`authdesk: ${damagedMessage(file, suffixes)}\n`);
    expect((await readFile(file)).equals(before)).toBe(true);
  });

  it('following the advice works: the profile and its keychain secret were not affected', async () => {
    const file = dataPaths(home).history;
    for (const s of ['', '-wal', '-shm']) await rename(`${file}${s}`, `${file}.damaged${s}`).catch(() => undefined);
    const sent = await runCli(['send', 'b', `${server.url}/ok`], { home });
    expect(sent.code, sent.stderr).toBe(0);
    expect(server.seen.at(-1)?.headers.authorization).toBe(`Basic ${Buffer.from('u:pw12345').toString('base64')}`);
  });
});
