import type { Har } from 'har-format';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'libsql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthdeskError } from '../../electron/engine/errors';
import { exportHistory, exportTarget } from '../../electron/engine/export';
import { ExportPool } from '../../electron/engine/export-pool';
import { HistoryStore } from '../../electron/engine/history-store';
import { base64Utf8, percentEncode } from '../../shared/encoding';
import type { HistoryEntry } from '../../shared/request';
import { findLeaks } from '../helpers/leak-scan';

/** A secret the redactor learns only at export time: the stored entries still hold it (defence in depth). */
const LATE_SECRET = 'late-Zq9/+=&secret€';

function entry(i: number, body: string): Omit<HistoryEntry, 'id'> {
  return {
    startedAt: new Date(Date.UTC(2026, 10, 30) + i * 1000).toISOString(),
    profileId: 'p1',
    profileName: 'profile "one"',
    clientType: 'confidential',
    scheme: 'basic',
    identity: 'alice',
    fingerprints: ['1a2b3c4d'],
    method: 'POST',
    url: `https://api.example.test/v1/items/${i}?page=${i}&q=a%20b`,
    status: i % 3 ? 200 : null,
    statusText: i % 3 ? 'OK' : null,
    ok: i % 3 !== 0,
    failure: i % 3 ? null : 'network',
    error: i % 3 ? null : 'ECONNRESET',
    timings: { dnsMs: 1, connectMs: 2, tlsMs: 3, firstByteMs: 4, totalMs: 12.5 },
    redirects: [],
    requestHeaders: [['Content-Type', 'application/json']],
    requestBodyPreview: '{"a":1}',
    responseHeaders: [['content-type', 'text/plain']],
    responseBodyPreview: body,
    responseBytes: body.length,
    responseTruncated: false,
    authSteps: [{ kind: 'applied', detail: 'HTTP Basic as alice' }],
    explanation: null,
  };
}

describe('history export (SQLite → HAR / JSONL file)', () => {
  let dir: string;
  let store: HistoryStore;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'authdesk-export-'));
    store = new HistoryStore(path.join(dir, 'history.sqlite'));
    const leaks = [LATE_SECRET, JSON.stringify(LATE_SECRET).slice(1, -1), percentEncode(LATE_SECRET), base64Utf8(`alice:${LATE_SECRET}`)];
    for (let i = 0; i < 1200; i++) store.insert(entry(i, i % 100 === 7 ? `echo ${leaks[(i / 100) % leaks.length | 0]} end` : `body ${i} "quoted" \\ é`));
    // One record larger than the file sink's buffer, written on its own.
    store.insert(entry(1200, 'x'.repeat(400_000)));
    store.commit(); // exports read on their own connections
  });
  afterEach(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const run = (format: 'har' | 'jsonl', out: string, progress: number[] = [], threads?: number) =>
    exportHistory({
      format,
      out,
      source: { file: store.file },
      span: store.span(),
      total: store.count(),
      redaction: { secrets: [LATE_SECRET] },
      version: '9.9.9',
      threads,
      onProgress: (written) => progress.push(written),
    });

  it('writes a valid HAR file with every entry, re-checked against secrets learnt since they were stored', async () => {
    const out = path.join(dir, 'log.har');
    const progress: number[] = [];
    const result = await run('har', out, progress);
    const bytes = await readFile(out);
    expect(result).toEqual({ entries: 1201, bytes: bytes.length, threads: 0 });
    const har = JSON.parse(bytes.toString('utf8')) as Har;
    expect(har.log.creator).toEqual({ name: 'Authdesk', version: '9.9.9' });
    expect(har.log.entries).toHaveLength(1201);
    const first = har.log.entries[1]!;
    expect(first.request.queryString).toEqual([
      { name: 'page', value: '1' },
      { name: 'q', value: 'a b' },
    ]);
    expect(first.response.content).toEqual({ size: 19, mimeType: 'text/plain', text: 'body 1 "quoted" \\ é' });
    expect(har.log.entries[0]!.response).toMatchObject({ status: 0, statusText: '', _error: 'ECONNRESET' });
    expect(har.log.entries[1200]!.response.content.text).toHaveLength(400_000);
    expect(findLeaks(bytes, [LATE_SECRET], ['alice'])).toEqual([]);
    expect(bytes.toString('utf8')).toContain('echo [REDACTED] end');
    expect(progress).toEqual([1000, 1201]);
    expect((await readdir(dir)).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('writes one JSON access-log record per line, re-checked the same way', async () => {
    const out = path.join(dir, 'log.jsonl');
    const result = await run('jsonl', out);
    const text = await readFile(out, 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(result.entries).toBe(1201);
    expect(lines).toHaveLength(1201);
    expect(JSON.parse(lines[1]!)).toMatchObject({ where: { method: 'POST', origin: 'https://api.example.test', path: '/v1/items/1', query: { page: '[REDACTED]', q: '[REDACTED]' } }, historyId: 2 });
    expect(findLeaks(text, [LATE_SECRET], ['alice'])).toEqual([]);
  });

  it.each(['har', 'jsonl'] as const)('builds the same %s file byte for byte in worker threads as on the main thread', async (format) => {
    const here = path.join(dir, `main.${format}`);
    const there = path.join(dir, `workers.${format}`);
    const progress: number[] = [];
    await run(format, here, [], 0);
    const result = await run(format, there, progress, 2);
    const bytes = await readFile(there);
    expect(bytes.equals(await readFile(here))).toBe(true);
    expect(result).toEqual({ entries: 1201, bytes: bytes.length, threads: 2 });
    expect(progress).toEqual([1000, 1201]);
    expect(findLeaks(bytes, [LATE_SECRET], ['alice'])).toEqual([]);
  });

  it('exports one profile\'s entries only, on the main thread and in worker threads alike', async () => {
    for (let i = 0; i < 30; i++) store.insert({ ...entry(2000 + i, `other ${i}`), profileId: 'p2', profileName: 'two' });
    store.commit();
    const files: Buffer[] = [];
    for (const threads of [0, 2]) {
      const out = path.join(dir, `p2-${threads}.jsonl`);
      const result = await exportHistory({ format: 'jsonl', out, source: { file: store.file, profileId: 'p2' }, span: store.span('p2'), total: store.count('p2'), redaction: {}, version: '1', threads });
      expect(result).toMatchObject({ entries: 30, threads });
      files.push(await readFile(out));
    }
    expect(files[0]!.equals(files[1]!)).toBe(true);
    const lines = files[0]!.toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { who: { profile: string }; historyId: number });
    expect(lines.map((l) => l.who.profile)).toEqual(Array(30).fill('two'));
    expect(lines.map((l) => l.historyId)).toEqual(Array.from({ length: 30 }, (_, i) => 1202 + i));
  });

  it('stops at a damaged stored entry, naming it, with no partial file, in worker threads too', async () => {
    const db = new Database(path.join(dir, 'history.sqlite'));
    db.prepare(`UPDATE history SET entry = '{"startedAt" ${LATE_SECRET}' WHERE id = 1100`).run();
    db.close();
    for (const threads of [0, 2]) {
      const failure = run('har', path.join(dir, `broken-${threads}.har`), [], threads);
      await expect(failure).rejects.toBeInstanceOf(AuthdeskError);
      await expect(failure).rejects.toMatchObject({ code: 'failed', message: expect.stringContaining('History entry 1100 is damaged') });
      const message = await failure.then(() => 'resolved', (e: Error) => e.message);
      expect(findLeaks(message, [LATE_SECRET])).toEqual([]); // a parser's message would quote the stored text
    }
    expect((await readdir(dir)).filter((f) => f.startsWith('broken'))).toEqual([]);
  });

  it('gives a batch for a worker that stopped an error at once, never a wait without end', async () => {
    const pool = (await ExportPool.start(1, { format: 'jsonl', redaction: {}, source: { file: store.file } }))!;
    try {
      expect((await pool.run(1, 11)).count).toBe(10);
      const worker = pool['workers'][0]!;
      const exited = new Promise((r) => worker.once('exit', r));
      await worker.terminate();
      await exited;
      // An AuthdeskError: the CLI shows its message, not "unexpected error … this is a bug".
      await expect(pool.run(11, 21)).rejects.toMatchObject({ code: 'failed', message: expect.stringMatching(/stopped before the export ended/) });
    } finally {
      await pool.close();
    }
  });

  it('refuses to write over the history database or a non-file, and writes through a symlink', async () => {
    for (const target of [store.file, `${store.file}-wal`, dir]) {
      await expect(exportTarget(target, dir, 'har')).rejects.toMatchObject({ code: 'invalid_request' });
    }
    const real = path.join(dir, 'real.har');
    const link = path.join(dir, 'link.har');
    await writeFile(real, 'old');
    await symlink(real, link);
    expect(await exportTarget(link, dir, 'har')).toBe(real);
    await symlink(store.file, path.join(dir, 'sneaky.har'));
    await expect(exportTarget(path.join(dir, 'sneaky.har'), dir, 'har')).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('never writes among the data folder\'s own files, however the path is spelt; a .har or .jsonl directly in it is fine', async () => {
    const profiles = path.join(dir, 'profiles');
    await mkdir(profiles);
    const profile = path.join(profiles, '0b6a3c1e-0000-4000-8000-000000000001.json');
    await writeFile(profile, '{"kept":true}');
    const outside = await mkdtemp(path.join(os.tmpdir(), 'authdesk-outside-'));
    try {
      await symlink(profiles, path.join(outside, 'via-link'));
      await symlink(dir, path.join(outside, 'home-link'));
      const refused = [
        profile,
        path.join(profiles, 'new.har'), // anything under a folder of the data folder, even a new export-named file
        path.join(dir, 'nowhere', '..', 'profiles', 'x.jsonl'),
        path.join(outside, 'via-link', path.basename(profile)), // a symlinked folder
        path.join(outside, 'home-link', 'history.sqlite-shm'),
        path.join(dir, 'Preferences'), // the desktop app's own files directly in the folder
      ];
      for (const target of refused) {
        const e = await exportTarget(target, dir, 'har').catch((err: unknown) => err);
        expect(e, target).toBeInstanceOf(AuthdeskError);
        expect(e, target).toMatchObject({ code: 'invalid_request', message: expect.stringContaining(`Write it elsewhere, for example ${path.join(os.homedir(), 'authdesk-export.har')}.`) });
        expect((e as Error).message).toContain(`Authdesk's data folder ${dir}`);
      }
      expect(await readFile(profile, 'utf8')).toBe('{"kept":true}');
      expect(await exportTarget(path.join(outside, 'home-link', 'Log.JSONL'), dir, 'jsonl')).toBe(path.join(dir, 'Log.JSONL'));
      expect(await exportTarget(path.join(outside, 'log.har'), dir, 'har')).toBe(path.join(outside, 'log.har'));
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('refuses a data-folder file or folder that is itself a symlink to elsewhere (the path as spelt counts too)', async () => {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'authdesk-outside-'));
    try {
      store.close();
      const movedHistory = path.join(outside, 'history.sqlite');
      await rename(store.file, movedHistory);
      await symlink(movedHistory, store.file);
      const realProfiles = path.join(outside, 'profiles');
      await mkdir(realProfiles);
      const profile = path.join(realProfiles, '0b6a3c1e-0000-4000-8000-000000000001.json');
      await writeFile(profile, '{"kept":true}');
      await symlink(realProfiles, path.join(dir, 'profiles'));
      const before = await readFile(movedHistory);
      for (const target of [store.file, path.join(dir, 'profiles', path.basename(profile)), path.join(dir, 'profiles', 'new.jsonl')]) {
        await expect(exportTarget(target, dir, 'jsonl'), target).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringContaining(`Authdesk's data folder ${dir}`) });
      }
      expect((await readFile(movedHistory)).equals(before)).toBe(true);
      expect(await readFile(profile, 'utf8')).toBe('{"kept":true}');
      // The same files reached by their real paths, outside the data folder, are the user's to overwrite.
      expect(await exportTarget(profile, dir, 'jsonl')).toBe(profile);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('leaves no partial file when the output cannot be written', async () => {
    await expect(run('har', path.join(dir, 'missing', 'log.har'))).rejects.toThrow(/ENOENT/);
    expect((await readdir(dir)).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
});
