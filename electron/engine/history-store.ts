import Database from 'libsql';
import { chmodSync, closeSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import { GroupCommit, PartialWrite, WAL_AUTOCHECKPOINT_PAGES } from './group-commit';
import { unreadableHistory } from './history-damage';
import { makeDirSync } from './make-dir';
import { BUSY_TIMEOUT_MS } from './write-turns';
import type { LatencySample, OnboardingEvent } from '../../shared/metrics';
import { rateLimitInfo, serverDateOf, type RateLimitInfo } from '../../shared/rate-limit';
import type { HistoryEntry, HistorySummary } from '../../shared/request';

type Db = InstanceType<typeof Database>;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  started_at TEXT NOT NULL,
  profile_id TEXT,
  profile_name TEXT,
  method TEXT NOT NULL,
  url TEXT NOT NULL,
  status INTEGER,
  ok INTEGER NOT NULL,
  failure TEXT,
  total_ms REAL NOT NULL,
  entry TEXT NOT NULL,
  dns_ms REAL,
  connect_ms REAL,
  tls_ms REAL,
  first_byte_ms REAL,
  auth_ms REAL
);
CREATE INDEX IF NOT EXISTS history_profile ON history (profile_id, id);
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  profile_id TEXT NOT NULL,
  type TEXT NOT NULL,
  reason TEXT
);
CREATE INDEX IF NOT EXISTS events_profile ON events (profile_id, at);
`;

interface SummaryRow {
  id: number;
  started_at: string;
  profile_id: string | null;
  profile_name: string | null;
  /** JSON text from the entry (null in an entry that predates the field). */
  identity: string | null;
  fingerprints: string | null;
  method: string;
  url: string;
  status: number | null;
  ok: number;
  failure: string | null;
  /** The entry's (redacted) error message, from its JSON; null when it has none. */
  error: string | null;
  total_ms: number;
}

/** The columns an entry is written to, in the order of {@link rowValues}. */
const HISTORY_COLUMNS = ['id', 'started_at', 'profile_id', 'profile_name', 'method', 'url', 'status', 'ok', 'failure', 'total_ms', 'entry', 'dns_ms', 'connect_ms', 'tls_ms', 'first_byte_ms', 'auth_ms'];
const ROW_PLACEHOLDERS = `(${HISTORY_COLUMNS.map(() => '?').join(',')})`;
/** Rows per INSERT statement (16 columns each: 512 bound values, well under SQLite's limit of 32766). */
const INSERT_CHUNK = 32;

/** The column values of one entry: the searchable columns and the entry's JSON text. */
function rowValues(id: number, entry: Omit<HistoryEntry, 'id'>): (string | number | null)[] {
  return [
    id,
    entry.startedAt,
    entry.profileId,
    entry.profileName,
    entry.method,
    entry.url,
    entry.status,
    entry.ok ? 1 : 0,
    entry.failure,
    entry.timings.totalMs,
    JSON.stringify(entry),
    entry.timings.dnsMs,
    entry.timings.connectMs,
    entry.timings.tlsMs,
    entry.timings.firstByteMs,
    entry.authSteps.reduce((sum, s) => sum + (s.durationMs ?? 0), 0),
  ];
}

/**
 * Makes the database owner-only before SQLite opens it: creates it empty with mode 0600 when missing (SQLite would
 * create it 0666 minus the umask, usually world-readable 0644), and tightens an existing database and its `-wal` and
 * `-shm` to 0600 when they are looser. SQLite creates `-wal` and `-shm` with the database file's mode, so they
 * follow. Never changes the content.
 * @throws the fs error (EISDIR, EACCES, EPERM …)
 */
function ownerOnly(file: string): void {
  // Never open and close an existing database here: closing any descriptor of the file drops every POSIX lock this
  // process holds on it, also those of a connection still open in this process (libsql keeps a closed connection that
  // prepared statements open), and another process could then delete the WAL and -shm under that connection.
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    if (statSync(file).isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, open '${file}'`), { code: 'EISDIR' });
  }
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    const st = statSync(f, { throwIfNoEntry: false });
    if (st && (st.mode & 0o077) !== 0) chmodSync(f, 0o600);
  }
}

/** The fingerprints an entry's JSON lists (`json_extract` text); none when the entry has no such list. */
function fingerprintsOf(text: string | null): string[] {
  const list: unknown = text === null ? null : JSON.parse(text);
  return Array.isArray(list) ? list.filter((f): f is string => typeof f === 'string') : [];
}

const toSummary = (r: SummaryRow): HistorySummary => ({
  id: r.id,
  startedAt: r.started_at,
  profileId: r.profile_id,
  profileName: r.profile_name,
  identity: r.identity,
  fingerprints: fingerprintsOf(r.fingerprints),
  method: r.method,
  url: r.url,
  status: r.status,
  ok: r.ok === 1,
  failure: r.failure as HistorySummary['failure'],
  error: r.error,
  totalMs: r.total_ms,
});

/**
 * Request history and onboarding events in SQLite (libsql: an N-API binding with better-sqlite3's API, so the same
 * build serves Node and Electron; see docs/ARCHITECTURE.md). Entries arrive here already redacted; this store
 * never sees a secret. WAL mode; synchronous calls (each is sub-millisecond on indexed queries). Writes are group
 * committed ({@link COMMIT_DELAY_MS}); reads on this store see them at once, other processes after the commit.
 */
export class HistoryStore {
  private readonly db: Db;
  /** Statements on the send path, prepared once. */
  private readonly stmt: Record<'event' | 'hasEvent', ReturnType<Db['prepare']>>;
  /** `INSERT INTO history` statements by the number of rows they write (1 to {@link INSERT_CHUNK}), prepared on first use. */
  private readonly inserts = new Map<number, ReturnType<Db['prepare']>>();
  private readonly writes: GroupCommit<Omit<HistoryEntry, 'id'>>;

  /**
   * @param file the SQLite database file (created 0600 with its folder, 0700, when missing; see {@link ownerOnly})
   * @throws the fs error when the file cannot be created or its mode tightened; AuthdeskError `failed` when it is not
   *   a readable SQLite database (see {@link unreadableHistory}); SQLite's other errors as they are
   */
  constructor(readonly file: string) {
    makeDirSync(path.dirname(file), 0o700);
    ownerOnly(file);
    this.db = new Database(file);
    try {
      this.db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES};`);
      this.db.exec(SCHEMA);
      this.migrate();
    } catch (e) {
      this.db.close();
      throw unreadableHistory(file, e);
    }
    this.stmt = {
      event: this.db.prepare('INSERT INTO events (at, profile_id, type, reason) VALUES (?,?,?,?)'),
      hasEvent: this.db.prepare('SELECT 1 AS x FROM events WHERE profile_id = ? AND type = ? LIMIT 1'),
    };
    this.writes = new GroupCommit(this.db, 'history', (rows) => this.insertRows(rows), `${file}-wait`, (e) => unreadableHistory(file, e));
  }

  /**
   * Runs a read or write of this history, with damaged pages (SQLITE_CORRUPT*, SQLITE_NOTADB: they can surface on any
   * call, not only at open) reported as {@link unreadableHistory} does; other errors pass unchanged.
   */
  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw unreadableHistory(this.file, e);
    }
  }

  /** Adds columns that a history file from an earlier version lacks (nothing is ever dropped). */
  private migrate(): void {
    const have = new Set((this.db.prepare('PRAGMA table_info(history)').all() as { name: string }[]).map((c) => c.name));
    for (const col of ['dns_ms', 'connect_ms', 'tls_ms', 'first_byte_ms', 'auth_ms']) {
      if (!have.has(col)) this.db.exec(`ALTER TABLE history ADD COLUMN ${col} REAL`);
    }
  }

  /** Runs `fn` as one unit: all of its writes land (entries included), or none if it throws. See {@link GroupCommit}. */
  atomically<T>(fn: () => T): T {
    return this.guard(() => this.writes.atomically(fn));
  }

  /** Writes what is pending and commits (the group commit otherwise does so within 20 ms). */
  commit(): void {
    this.guard(() => this.writes.commit());
  }

  /** Stores a redacted entry; returns its id at once (the row is written in the next idle moment, see {@link GroupCommit}). */
  insert(entry: Omit<HistoryEntry, 'id'>): number {
    return this.guard(() => this.writes.defer(entry));
  }

  /** Writes the entries inserted so far in the next check phase of the event loop (see {@link GroupCommit.flushSoon}). */
  flushSoon(): void {
    this.writes.flushSoon();
  }

  /**
   * Writes rows in statements of up to {@link INSERT_CHUNK} rows each (one binding call per chunk, not per row).
   * @throws PartialWrite naming the rows written before the statement that failed (SQLite rolls back only that one)
   */
  private insertRows(rows: readonly { id: number; row: Omit<HistoryEntry, 'id'> }[]): void {
    let at = 0;
    try {
      for (; at < rows.length; at += INSERT_CHUNK) {
        const chunk = rows.slice(at, at + INSERT_CHUNK);
        let stmt = this.inserts.get(chunk.length);
        if (!stmt) {
          stmt = this.db.prepare(`INSERT INTO history (${HISTORY_COLUMNS.join(', ')}) VALUES ${Array(chunk.length).fill(ROW_PLACEHOLDERS).join(', ')}`);
          this.inserts.set(chunk.length, stmt);
        }
        stmt.run(chunk.flatMap(({ id, row }) => rowValues(id, row)));
      }
    } catch (e) {
      throw new PartialWrite(at, e); // the chunks before `at` are written
    }
  }

  /** Newest first, `limit` rows, optionally for one profile and before an id (keyset paging). */
  list(opts: { profileId?: string; limit: number; beforeId?: number }): HistorySummary[] {
    return this.guard(() => {
      this.writes.flush();
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (opts.profileId) {
        where.push('profile_id = ?');
        args.push(opts.profileId);
      }
      if (opts.beforeId) {
        where.push('id < ?');
        args.push(opts.beforeId);
      }
      const who = `json_extract(entry, '$.identity') AS identity, json_extract(entry, '$.fingerprints') AS fingerprints`;
      const sql = `SELECT id, started_at, profile_id, profile_name, ${who}, method, url, status, ok, failure, json_extract(entry, '$.error') AS error, total_ms FROM history ${
        where.length ? `WHERE ${where.join(' AND ')}` : ''
      } ORDER BY id DESC LIMIT ?`;
      return (this.db.prepare(sql).all([...args, opts.limit]) as SummaryRow[]).map(toSummary);
    });
  }

  /** One entry, or null. */
  get(id: number): HistoryEntry | null {
    return this.guard(() => {
      this.writes.flush();
      const row = this.db.prepare('SELECT id, entry FROM history WHERE id = ?').get([id]) as { id: number; entry: string } | undefined;
      return row ? { ...(JSON.parse(row.entry) as Omit<HistoryEntry, 'id'>), id: row.id } : null;
    });
  }

  /** The rate limit reported on a profile's latest answered request, when the API sent any rate-limit header. */
  latestRateLimit(profileId: string): RateLimitInfo | null {
    const [latest] = this.list({ profileId, limit: 1 });
    const headers = latest && latest.status !== null ? this.get(latest.id)?.responseHeaders : undefined;
    if (!headers) return null;
    const info = rateLimitInfo(headers, serverDateOf(headers));
    return Object.values(info).some((v) => v !== null) ? info : null;
  }

  /** How many entries an export of this scope will write. */
  count(profileId?: string): number {
    return this.guard(() => {
      this.writes.flush();
      const row = (profileId
        ? this.db.prepare('SELECT count(*) AS n FROM history WHERE profile_id = ?').get([profileId])
        : this.db.prepare('SELECT count(*) AS n FROM history').get()) as { n: number };
      return row.n;
    });
  }

  /** The first and last id of the entries (of one profile), or null when there are none: the range an export reads. */
  span(profileId?: string): { first: number; last: number } | null {
    return this.guard(() => {
      this.writes.flush();
      const row = (profileId
        ? this.db.prepare('SELECT min(id) AS first, max(id) AS last FROM history WHERE profile_id = ?').get([profileId])
        : this.db.prepare('SELECT min(id) AS first, max(id) AS last FROM history').get()) as { first: number | null; last: number | null };
      return row.first === null || row.last === null ? null : { first: row.first, last: row.last };
    });
  }

  /** Timings (ms) of a profile's answered requests, oldest first, for latency percentiles and the histogram. */
  latencySamples(profileId: string): LatencySample[] {
    return this.guard(() => {
      this.writes.flush();
      const rows = this.db
        .prepare('SELECT started_at, total_ms, dns_ms, connect_ms, tls_ms, first_byte_ms, auth_ms FROM history WHERE profile_id = ? AND status IS NOT NULL ORDER BY id')
        .all([profileId]) as { started_at: string; total_ms: number; dns_ms: number | null; connect_ms: number | null; tls_ms: number | null; first_byte_ms: number | null; auth_ms: number | null }[];
      return rows.map((r) => ({
        at: r.started_at,
        totalMs: r.total_ms,
        dnsMs: r.dns_ms,
        connectMs: r.connect_ms,
        tlsMs: r.tls_ms,
        firstByteMs: r.first_byte_ms,
        authMs: r.auth_ms ?? 0,
      }));
    });
  }

  /** Records an onboarding event (never holds a secret). */
  addEvent(e: OnboardingEvent): void {
    this.guard(() => this.writes.write(() => this.stmt.event.run([e.at, e.profileId, e.type, e.reason ?? null])));
  }

  /** Whether a profile has an event of this type (indexed; used on every send). */
  hasEvent(profileId: string, type: OnboardingEvent['type']): boolean {
    return this.guard(() => this.stmt.hasEvent.get([profileId, type]) !== undefined);
  }

  /** When a profile last had an event of this type (ms), or null. */
  lastEventAt(profileId: string, type: OnboardingEvent['type']): number | null {
    return this.guard(() => {
      this.writes.flush();
      const row = this.db.prepare('SELECT max(at) AS at FROM events WHERE profile_id = ? AND type = ?').get([profileId, type]) as { at: number | null } | undefined;
      return row?.at ?? null;
    });
  }

  /** All onboarding events, oldest first. */
  events(profileId?: string): OnboardingEvent[] {
    return this.guard(() => {
      this.writes.flush();
      const rows = (profileId
        ? this.db.prepare('SELECT at, profile_id, type, reason FROM events WHERE profile_id = ? ORDER BY at, id').all([profileId])
        : this.db.prepare('SELECT at, profile_id, type, reason FROM events ORDER BY at, id').all()) as {
        at: number;
        profile_id: string;
        type: OnboardingEvent['type'];
        reason: OnboardingEvent['reason'];
      }[];
      return rows.map((r) => ({ at: r.at, profileId: r.profile_id, type: r.type, reason: r.reason }));
    });
  }

  /**
   * Commits what is pending and closes the database (closed even when that commit fails).
   * @throws AuthdeskError `failed` saying how many entries could not be written
   */
  close(): void {
    try {
      this.writes.close();
    } finally {
      this.db.close();
    }
  }
}
