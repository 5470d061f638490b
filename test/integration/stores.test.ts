import Database from 'libsql';
import { execFile, execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/engine';
import { AuthdeskError } from '../../electron/engine/errors';
import { HistoryStore } from '../../electron/engine/history-store';
import { dataPaths } from '../../electron/engine/paths';
import { ProfileStore } from '../../electron/engine/profile-store';
import type { HistoryEntry } from '../../shared/request';
import { realKeychain } from '../helpers/keyring';

const entry = (url: string): Omit<HistoryEntry, 'id'> => ({
  startedAt: new Date().toISOString(),
  profileId: null,
  profileName: null,
  clientType: null,
  scheme: null,
  identity: null,
  fingerprints: [],
  method: 'GET',
  url,
  status: 200,
  statusText: 'OK',
  ok: true,
  failure: null,
  error: null,
  timings: { dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: 1, totalMs: 2 },
  redirects: [],
  requestHeaders: [],
  requestBodyPreview: null,
  responseHeaders: [],
  responseBodyPreview: null,
  responseBytes: 0,
  responseTruncated: false,
  authSteps: [],
  explanation: null,
});

describe('history group commit (SQLite, two connections as two processes would have)', () => {
  let file: string;
  beforeEach(async () => {
    file = path.join(await mkdtemp(path.join(os.tmpdir(), 'authdesk-hist-')), 'history.db');
  });

  it('the writer reads its own entries at once; another connection sees them after the commit window or close', async () => {
    const writer = new HistoryStore(file);
    const reader = new HistoryStore(file);
    try {
      const id = writer.insert(entry('http://127.0.0.1/a'));
      expect(writer.get(id)?.url).toBe('http://127.0.0.1/a');
      expect(reader.count()).toBe(0);
      const deadline = Date.now() + 2000;
      while (reader.count() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(reader.count()).toBe(1);
      writer.insert(entry('http://127.0.0.1/b'));
      writer.close();
      expect(reader.count()).toBe(2);
    } finally {
      reader.close();
    }
  });

  it('list rows say who sent each request and with which key versions; an entry without those fields lists none', () => {
    const store = new HistoryStore(file);
    try {
      const a = store.insert({ ...entry('http://127.0.0.1/a'), identity: 'octocat', fingerprints: ['1a2b3c4d'] });
      const b = store.insert({ ...entry('http://127.0.0.1/b'), identity: 'octocat', fingerprints: ['5e6f7a8b', '9c0d1e2f'] });
      store.commit();
      // An entry written before the fields existed: its JSON has neither.
      const old = new Database(file);
      const { identity: _i, fingerprints: _f, ...bare } = entry('http://127.0.0.1/old');
      old.prepare('INSERT INTO history (started_at, method, url, ok, total_ms, entry) VALUES (?,?,?,?,?,?)').run([bare.startedAt, 'GET', bare.url, 1, 2, JSON.stringify(bare)]);
      old.close();
      const rows = store.list({ limit: 10 });
      expect(rows.map((r) => [r.id === a || r.id === b ? r.id : 'old', r.identity, r.fingerprints])).toEqual([
        ['old', null, []],
        [b, 'octocat', ['5e6f7a8b', '9c0d1e2f']],
        [a, 'octocat', ['1a2b3c4d']],
      ]);
    } finally {
      store.close();
    }
  });

  it('ids are handed out at once and stay in order across two writers taking turns', async () => {
    const a = new HistoryStore(file);
    const b = new HistoryStore(file);
    try {
      const ids: number[] = [];
      for (let round = 0; round < 3; round++) {
        ids.push(a.insert(entry(`http://127.0.0.1/a${round}`)), a.insert(entry(`http://127.0.0.1/a${round}b`)));
        a.commit();
        ids.push(b.insert(entry(`http://127.0.0.1/b${round}`)));
        b.commit();
      }
      expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(a.list({ limit: 20 }).map((r) => [r.id, r.url])).toEqual(
        ['a0', 'a0b', 'b0', 'a1', 'a1b', 'b1', 'a2', 'a2b', 'b2'].map((u, i) => [i + 1, `http://127.0.0.1/${u}`]).reverse(),
      );
      // A row is readable by its id before its deferred write would have run.
      const id = a.insert(entry('http://127.0.0.1/now'));
      expect(a.get(id)?.url).toBe('http://127.0.0.1/now');
    } finally {
      a.close();
      b.close();
    }
  });

  it('a burst of rows (more than one INSERT chunk and more than the queue bound) lands whole, in order, with its ids', () => {
    const store = new HistoryStore(file);
    const ids = Array.from({ length: 301 }, (_, i) => store.insert({ ...entry(`http://127.0.0.1/r${i}`), status: 200 + (i % 7) }));
    store.close();
    expect(ids).toEqual(Array.from({ length: 301 }, (_, i) => i + 1));
    const again = new HistoryStore(file);
    try {
      expect(again.count()).toBe(301);
      const rows = again.list({ limit: 400 }).reverse();
      expect(rows.map((r) => [r.id, r.url, r.status])).toEqual(ids.map((id, i) => [id, `http://127.0.0.1/r${i}`, 200 + (i % 7)]));
      expect(again.get(300)?.url).toBe('http://127.0.0.1/r299');
    } finally {
      again.close();
    }
  });

  it('a disk that fills partway through a burst: the error counts only the entries lost, not the chunks written before', () => {
    const store = new HistoryStore(file);
    const big = (i: number) => ({ ...entry(`http://127.0.0.1/full${i}`), responseBodyPreview: 'x'.repeat(700) });
    store.insert(big(0));
    store.commit();
    // A full disk for this connection only (max_page_count is per connection): room for about a third of the burst.
    const db = (store as unknown as { db: InstanceType<typeof Database> }).db;
    const pages = (db.prepare('PRAGMA page_count').get([]) as { page_count: number }).page_count;
    db.exec(`PRAGMA max_page_count = ${pages + 20}`);
    for (let i = 1; i <= 100; i++) store.insert(big(i));
    let told = '';
    try {
      store.commit();
    } catch (e) {
      told = (e as Error).message;
    }
    db.exec('PRAGMA max_page_count = 1073741823');
    store.close();
    const lost = Number(/: (\d+) entries were lost/.exec(told)?.[1]);
    const again = new HistoryStore(file);
    try {
      const stored = again.count() - 1;
      expect(stored).toBeGreaterThan(0); // some INSERT chunks were written before the disk filled
      expect(lost).toBe(100 - stored);
    } finally {
      again.close();
    }
  });

  it('a unit that throws never takes along rows deferred before it, even when it reads (and so writes them) itself', () => {
    const store = new HistoryStore(file);
    const kept = store.insert(entry('http://127.0.0.1/before'));
    expect(() =>
      store.atomically(() => {
        store.insert(entry('http://127.0.0.1/inside'));
        expect(store.count()).toBe(2); // a read inside the unit writes what is deferred
        throw new Error('boom');
      }),
    ).toThrow('boom');
    store.close();
    const again = new HistoryStore(file);
    try {
      expect(again.list({ limit: 10 }).map((r) => [r.id, r.url])).toEqual([[kept, 'http://127.0.0.1/before']]);
    } finally {
      again.close();
    }
  });

  it('checkpoints the WAL into the database file once the writer is idle, not on every commit of a burst', async () => {
    const store = new HistoryStore(file);
    try {
      for (let i = 0; i < 200; i++) store.insert(entry(`http://127.0.0.1/${'x'.repeat(500)}/${i}`));
      store.commit();
      const afterBurst = statSync(file).size;
      expect(statSync(`${file}-wal`).size).toBeGreaterThan(100_000); // the burst sits in the WAL
      const deadline = Date.now() + 5000;
      while (statSync(file).size === afterBurst && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(statSync(file).size).toBeGreaterThan(afterBurst + 100_000);
      expect(store.count()).toBe(200);
    } finally {
      store.close();
    }
  });

  it('a unit that throws leaves nothing of itself and keeps earlier writes', () => {
    const store = new HistoryStore(file);
    store.insert(entry('http://127.0.0.1/kept'));
    expect(() =>
      store.atomically(() => {
        store.insert(entry('http://127.0.0.1/dropped'));
        store.addEvent({ at: 1, profileId: 'p', type: 'request.sent', reason: null });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    store.close();
    const again = new HistoryStore(file);
    try {
      expect(again.list({ limit: 10 }).map((r) => r.url)).toEqual(['http://127.0.0.1/kept']);
      expect(again.events()).toEqual([]);
    } finally {
      again.close();
    }
  });

  it('three processes writing without pause get their turns at the write lock: nobody times out, nothing is lost', async () => {
    // Longer than the 5 s busy timeout: a writer kept from the lock that long (SQLite's own busy handler sleeps up
    // to 100 ms between tries and kept missing the gaps) failed with "database is locked" and lost its rows.
    const WRITE_MS = 6500;
    const script = [
      `import { HistoryStore } from ${JSON.stringify(path.resolve('electron/engine/history-store.ts'))};`,
      `const s = new HistoryStore(${JSON.stringify(file)});`,
      `const e = ${JSON.stringify(entry('http://127.0.0.1/busy'))};`,
      // A busy sender: rows back to back, the event loop turning every 10 rows (so the commit timer runs).
      `const end = Date.now() + ${WRITE_MS}; let n = 0;`,
      `while (Date.now() < end) { s.insert({ ...e, url: e.url + '/' + process.argv[2] + '/' + n }); n += 1; if (n % 10 === 0) await new Promise((r) => setImmediate(r)); }`,
      's.close();',
      'process.stdout.write(String(n));',
    ].join('\n');
    const mod = path.join(path.dirname(file), 'writer.mts');
    await writeFile(mod, script);
    const run = (name: string) =>
      new Promise<number>((resolve, reject) =>
        execFile(process.execPath, ['--import', 'tsx', mod, name], { cwd: process.cwd(), timeout: 60_000 }, (error, out, stderr) =>
          error ? reject(new Error(`writer ${name}: ${stderr.slice(-300) || error.message}`)) : resolve(Number(out)),
        ),
      );
    const written = (await Promise.all(['a', 'b', 'c'].map(run))).reduce((a, b) => a + b, 0);
    const store = new HistoryStore(file);
    try {
      expect(store.count()).toBe(written);
      expect(Math.max(...store.list({ limit: 1 }).map((r) => r.id))).toBe(written);
    } finally {
      store.close();
    }
  }, 60_000);

  it('a process that exits inside the commit window still commits what it wrote', async () => {
    const script = [
      `import { HistoryStore } from ${JSON.stringify(path.resolve('electron/engine/history-store.ts'))};`,
      `const s = new HistoryStore(${JSON.stringify(file)});`,
      `for (let i = 0; i < 3; i++) s.insert(${JSON.stringify(entry('http://127.0.0.1/exit'))});`,
      'process.exit(0);',
    ].join('\n');
    const mod = path.join(path.dirname(file), 'exit.mts');
    await writeFile(mod, script);
    execFileSync(process.execPath, ['--import', 'tsx', mod], { cwd: process.cwd(), timeout: 30_000 });
    const store = new HistoryStore(file);
    try {
      expect(store.count()).toBe(3);
    } finally {
      store.close();
    }
  });
});

describe('history file modes (docs/ARCHITECTURE.md: files 0600, folders 0700)', () => {
  const modes = (file: string) => [file, `${file}-wal`, `${file}-shm`].map((f) => (statSync(f).mode & 0o777).toString(8));
  let umask: number;
  beforeEach(() => (umask = process.umask(0o022)));
  afterEach(() => process.umask(umask));

  it('creates the database, its -wal and its -shm owner-only under umask 022', async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'authdesk-mode-')), 'history.sqlite');
    const store = new HistoryStore(file);
    try {
      store.insert(entry('https://api.example.test/mode'));
      store.commit();
      expect(modes(file)).toEqual(['600', '600', '600']);
    } finally {
      store.close();
    }
  });

  it('tightens a world-readable database and its -wal and -shm on open, keeping their content', async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'authdesk-mode-')), 'history.sqlite');
    // A database made before the fix (or by another tool): SQLite creates it 0644 under umask 022.
    const old = new Database(file);
    old.exec("PRAGMA journal_mode = WAL; CREATE TABLE keep (v TEXT); INSERT INTO keep VALUES ('still here');");
    expect(modes(file)).toEqual(['644', '644', '644']);
    const store = new HistoryStore(file);
    try {
      expect(modes(file)).toEqual(['600', '600', '600']);
      expect((old.prepare('SELECT v FROM keep').get() as { v: string }).v).toBe('still here');
    } finally {
      store.close();
      old.close();
    }
  });
});

describe('a history file SQLite cannot read', () => {
  it('is refused with where it is and how to set it aside (not a database, or damaged), and left exactly as it was', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "authdesk-damaged-it's-"));
    const notADb = path.join(dir, 'random.sqlite');
    await writeFile(notADb, randomBytes(4096));
    // A real database whose schema page is overwritten: SQLite reports SQLITE_CORRUPT.
    const damaged = path.join(dir, 'damaged.sqlite');
    const db = new Database(damaged);
    db.exec('PRAGMA journal_mode = WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1);');
    db.close();
    const bytes = await readFile(damaged);
    await writeFile(damaged, bytes.fill(0x41, 100, 4096));
    for (const [file, code] of [[notADb, 'SQLITE_NOTADB'], [damaged, 'SQLITE_CORRUPT']] as const) {
      const before = await readFile(file);
      let thrown: unknown = null;
      try {
        new HistoryStore(file).close();
      } catch (e) {
        thrown = e;
      }
      expect(thrown, file).toBeInstanceOf(AuthdeskError);
      const quoted = (p: string) => `'${p.replaceAll("'", `'\\''`)}'`;
      expect(thrown).toMatchObject({
        code: 'failed',
        message: `The history file ${file} is not a readable SQLite database (${code}): it is damaged, or not Authdesk's. Move it aside (mv ${quoted(file)} ${quoted(`${file}.damaged`)}) and Authdesk starts a new, empty history; profiles and keychain secrets are not affected.`,
      });
      expect((await readFile(file)).equals(before), file).toBe(true);
      expect(await readdir(dir)).toEqual(['damaged.sqlite', 'random.sqlite']);
    }
  });
});

describe('profile reads served from parsed files while they are unchanged', () => {
  let engine: Engine;
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'authdesk-pcache-'));
    engine = await Engine.open({ home, secretStore: realKeychain() });
  });
  afterEach(async () => {
    for (const p of (await engine.listProfiles()).profiles) await engine.removeProfile(p.id);
    await engine.close();
  });

  it('sees an edit made by another process or by hand, and a file broken by hand', async () => {
    const p = await engine.createProfile({ name: 'cached', clientType: 'confidential', auth: { scheme: 'bearer', prefix: 'Bearer' }, secrets: { token: 'cache-token-1' } });
    expect((await engine.getProfile(p.id)).name).toBe('cached');
    // Another process (the CLI beside the app) renames it through its own store.
    const other = new ProfileStore(dataPaths(home).profiles);
    const onDisk = await other.find(p.id);
    await other.save({ ...onDisk, name: 'renamed elsewhere' });
    expect((await engine.getProfile(p.id)).name).toBe('renamed elsewhere');
    // A hand edit in place (same inode, same size: only the mtime differs).
    const file = path.join(dataPaths(home).profiles, `${p.id}.json`);
    const text = await readFile(file, 'utf8');
    await new Promise((r) => setTimeout(r, 20));
    await writeFile(file, text.replace('renamed elsewhere', 'renamed by a hand'));
    expect((await engine.getProfile(p.id)).name).toBe('renamed by a hand');
    await writeFile(file, '{ not json');
    await expect(engine.getProfile(p.id)).rejects.toMatchObject({ code: 'failed', message: expect.stringContaining(`could not read ${file}: not valid JSON`) });
    expect((await engine.listProfiles()).problems).toEqual([expect.objectContaining({ file, message: expect.stringContaining('not valid JSON') })]);
    await writeFile(file, text);
  });

  /** Looks `id` up the way a send does until `want` holds (every 10 ms, 3 s at most); returns the last profile read. */
  async function sendLookupUntil(store: ProfileStore, id: string, want: (name: string) => boolean) {
    let last = await store.find(id, 'watched');
    for (let i = 0; i < 300 && !want(last.name); i++) {
      await new Promise((r) => setTimeout(r, 10));
      last = await store.find(id, 'watched');
    }
    return last;
  }

  it('a send lookup skips the stat while the folder watcher reports nothing, and sees edits once it does', async () => {
    const p = await engine.createProfile({ name: 'watched', clientType: 'confidential', auth: { scheme: 'bearer', prefix: 'Bearer' }, secrets: { token: 'watch-token-1' } });
    const dir = dataPaths(home).profiles;
    const mine = new ProfileStore(dir);
    const other = new ProfileStore(dir);
    try {
      // Parsed, then confirmed by a stat with the watcher running: from here on a send lookup is served from memory.
      expect((await mine.find(p.id, 'watched')).name).toBe('watched');
      expect((await mine.find(p.id, 'watched')).name).toBe('watched');
      // Another process saves a new version (an atomic rename): the watcher's event voids the confirmation.
      await other.save({ ...(await other.find(p.id)), name: 'renamed elsewhere' });
      expect((await sendLookupUntil(mine, p.id, (n) => n === 'renamed elsewhere')).name).toBe('renamed elsewhere');
      // A hand edit in place (same inode and size).
      const file = path.join(dir, `${p.id}.json`);
      const text = await readFile(file, 'utf8');
      await writeFile(file, text.replace('renamed elsewhere', 'renamed by a hand'));
      expect((await sendLookupUntil(mine, p.id, (n) => n === 'renamed by a hand')).name).toBe('renamed by a hand');
      // The folder deleted and made again: the old watcher followed the old folder; a new one watches the path.
      const saved = await readFile(file, 'utf8');
      await rm(dir, { recursive: true });
      await mkdir(dir);
      await writeFile(file, saved.replace('renamed by a hand', 'restored from a backup'));
      expect((await sendLookupUntil(mine, p.id, (n) => n === 'restored from a backup')).name).toBe('restored from a backup');
      await writeFile(file, saved.replace('renamed by a hand', 'edited after the restore'));
      expect((await sendLookupUntil(mine, p.id, (n) => n === 'edited after the restore')).name).toBe('edited after the restore');
      // Closed: no watcher any more, and every lookup checks the file (an edit is seen at once).
      mine.close();
      await writeFile(file, saved.replace('renamed by a hand', 'seen after close'));
      expect((await mine.find(p.id, 'watched')).name).toBe('seen after close');
    } finally {
      mine.close();
      other.close();
    }
  });

  it('hands out frozen profiles: changing a returned one throws instead of changing what others read', async () => {
    const store = new ProfileStore(dataPaths(home).profiles);
    const p = await engine.createProfile({ name: 'copy', clientType: 'confidential', auth: { scheme: 'bearer', prefix: 'Bearer' }, secrets: { token: 'copy-token-1' } });
    const first = await store.find(p.id);
    expect(() => {
      first.name = 'mutated';
    }).toThrow(TypeError);
    expect(() => {
      (first.auth as { prefix: string }).prefix = 'token';
    }).toThrow(TypeError);
    expect((await store.find(p.id)).name).toBe('copy');
    expect((await engine.updateProfile(p.id, { name: 'renamed' })).name).toBe('renamed');
  });
});

describe('onboarding events stop at the first success (history keeps every request)', () => {
  it('writes request.sent / request.failed / request.succeeded until the first 2xx, then none', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'authdesk-onb-'));
    const engine = await Engine.open({ home, secretStore: realKeychain() });
    try {
      const base = (await engine.startSandbox()).baseUrl;
      const p = await engine.createProfile({ name: 'onb', clientType: 'confidential', auth: { scheme: 'bearer', prefix: 'Bearer' }, secrets: { token: 'wrong-token-1' } });
      await engine.send({ profileId: p.id, url: `${base}/bearer` });
      await engine.replaceSecrets(p.id, { token: 'demo-bearer-token-7f3a91' });
      const first = await engine.send({ profileId: p.id, url: `${base}/bearer` });
      expect(first.firstSuccess).not.toBeNull();
      for (let i = 0; i < 3; i++) expect((await engine.send({ profileId: p.id, url: `${base}/bearer` })).firstSuccess).toBeNull();
      await engine.send({ profileId: p.id, url: `${base}/status/500` });
      const types = (await engine.metrics()).profiles[0]!;
      expect(types.attemptsBeforeSuccess).toBe(1);
      expect(engine.listHistory({ profileId: p.id })).toHaveLength(6);
      await engine.removeProfile(p.id);
    } finally {
      await engine.close();
    }
    const store = new HistoryStore(dataPaths(home).history);
    try {
      expect(store.events().filter((e) => e.type.startsWith('request.')).map((e) => e.type)).toEqual(['request.sent', 'request.failed', 'request.sent', 'request.succeeded']);
    } finally {
      store.close();
    }
  });
});
