import type Database from 'libsql';
import { AuthdeskError } from './errors';
import { WriteTurns } from './write-turns';

type Db = InstanceType<typeof Database>;

/** ms a write transaction stays open to gather the writes of further sends into one commit. */
const COMMIT_DELAY_MS = 20;
/** ms without a write after which the WAL is checkpointed into the database file (see {@link GroupCommit}). */
const IDLE_CHECKPOINT_MS = 1000;
/**
 * WAL pages at which SQLite checkpoints on a commit anyway (its default is 1000): a bound on the WAL file (about
 * 40 MB) for a long burst; otherwise the checkpoint waits for an idle moment.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 10_000;
/** Writes after which the open transaction is committed at once, however young it is. */
const COMMIT_MAX_WRITES = 256;
/** Deferred rows written at once when this many are waiting (bounds memory in a bulk load). */
const MAX_QUEUED = 256;

/**
 * Group commit for one SQLite connection, so history adds almost nothing to a send:
 * - The first write opens a transaction (`BEGIN IMMEDIATE`: this connection holds the write lock) that commits after
 *   {@link COMMIT_DELAY_MS} ms, after {@link COMMIT_MAX_WRITES} writes, on {@link commit} (close) or at process exit.
 *   Only a hard kill inside that window can lose writes.
 * - {@link defer} hands out the row's id at once and keeps the row; the rows are written together (a few
 *   multi-row INSERTs instead of one statement per row) before the commit, before any read ({@link flush}), and
 *   when {@link MAX_QUEUED} are waiting. Ids are exact: while this connection holds the write lock nobody else can
 *   insert, so the next id is the table's AUTOINCREMENT high-water mark + 1, read when the transaction opens.
 * - Copying the WAL back into the database file (a checkpoint) costs more than the commits themselves, so it runs when
 *   the connection has been idle for {@link IDLE_CHECKPOINT_MS} ms (PASSIVE: it never waits for readers), not
 *   every 1000 pages in the middle of a burst of sends; SQLite's own checkpoint stays as a bound
 *   ({@link WAL_AUTOCHECKPOINT_PAGES}) and runs when the last connection closes.
 * A deferred write that fails (disk full) is reported by the next call that writes or flushes.
 */
/**
 * What an `insertRows` throws when it wrote the first `written` rows of its batch before failing (a multi-row INSERT
 * that fails is rolled back by SQLite, the statements before it are not): only the rest are counted as lost.
 */
export class PartialWrite extends Error {
  constructor(
    readonly written: number,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

export class GroupCommit<Row> {
  /** The open transaction: its commit timer, its writes, and the deferred rows written in it (count, highest id). */
  private open: { timer: NodeJS.Timeout; writes: number; rows: number; lastId: number } | null = null;
  /** Set by {@link close}: a later write is refused (the connection is about to close). */
  private closed = false;
  /** Nesting of {@link write} calls; the transaction only commits between them (depth 0). */
  private depth = 0;
  private nextId = 0;
  private queued: { id: number; row: Row }[] = [];
  private idleCheckpoint: NodeJS.Timeout | null = null;
  /** The pending {@link flushSoon}, if any. */
  private soon: NodeJS.Immediate | null = null;
  private failure: unknown = null;
  /** Rows handed an id but lost to a failed write (a full disk), not reported yet (see {@link throwFailure}). */
  private lost = 0;
  /** The highest id lost in the open transaction, reserved at its commit (see {@link reserveLostIds}). */
  private lostThrough = 0;
  private readonly stmt;
  /** The timer's and the exit hook's commit: a failure there is kept for the next caller, never thrown into Node. */
  private readonly commitOnExit = () => {
    try {
      this.failure ??= this.commitNow();
    } catch (e) {
      this.failure ??= e;
    }
  };
  private readonly turns: WriteTurns;

  /**
   * @param table the AUTOINCREMENT table whose ids {@link defer} hands out (a fixed identifier, never user input)
   * @param insertRows writes deferred rows with their ids, in order (at most {@link MAX_QUEUED} at a time)
   * @param waitFile where a process waiting for the write lock says so (see {@link WriteTurns})
   * @param explain turns a failed write's error into the AuthdeskError to show, when it knows better than "check the
   *   free space" (a damaged database file); returns anything else unchanged
   */
  constructor(
    private readonly db: Db,
    table: string,
    private readonly insertRows: (rows: readonly { id: number; row: Row }[]) => void,
    waitFile: string,
    private readonly explain: (e: unknown) => unknown = (e) => e,
  ) {
    this.turns = new WriteTurns(db, waitFile);
    this.stmt = {
      lastId: db.prepare(`SELECT max(ifnull((SELECT seq FROM sqlite_sequence WHERE name = '${table}'), 0), ifnull((SELECT max(id) FROM ${table}), 0)) AS last`),
      savepoint: db.prepare('SAVEPOINT unit'),
      release: db.prepare('RELEASE unit'),
      rollbackTo: db.prepare('ROLLBACK TO unit'),
      checkpoint: db.prepare('PRAGMA wal_checkpoint(PASSIVE)'),
      reserve: db.prepare(`UPDATE sqlite_sequence SET seq = ? WHERE name = '${table}' AND seq < ?`),
      reserveFirst: db.prepare(`INSERT INTO sqlite_sequence (name, seq) SELECT '${table}', ? WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = '${table}')`),
    };
  }

  /** Runs `fn` inside the group-commit transaction, opening it when none is open. Returns what `fn` returns. */
  write<T>(fn: () => T): T {
    if (this.closed) throw new AuthdeskError('failed', 'History is closed (Authdesk was closing): this entry is not recorded.');
    this.throwFailure();
    if (!this.open) {
      if (this.idleCheckpoint) clearTimeout(this.idleCheckpoint);
      this.turns.begin();
      // Never again an id handed out before, even one whose row was lost: its caller holds it.
      this.nextId = Math.max((this.stmt.lastId.get([]) as { last: number }).last + 1, this.nextId);
      this.open = { timer: setTimeout(this.commitOnExit, COMMIT_DELAY_MS).unref(), writes: 0, rows: 0, lastId: 0 };
      process.once('exit', this.commitOnExit);
    }
    const open = this.open;
    this.depth += 1;
    try {
      return fn();
    } finally {
      this.depth -= 1;
      open.writes += 1;
      if (this.depth === 0 && open.writes >= COMMIT_MAX_WRITES) this.commit();
    }
  }

  /**
   * Runs `fn` as one unit (a savepoint): all of its writes land, deferred ones included, or none if it throws.
   * Nested calls nest. Returns what `fn` returns.
   */
  atomically<T>(fn: () => T): T {
    return this.write(() => {
      // Rows deferred before the unit are written outside it: a rollback of the unit must not take them along.
      this.flush();
      const mark = { queued: this.queued.length, nextId: this.nextId };
      this.stmt.savepoint.run([]);
      try {
        const out = fn();
        this.stmt.release.run([]);
        return out;
      } catch (e) {
        this.stmt.rollbackTo.run([]);
        this.stmt.release.run([]);
        this.queued.length = Math.min(this.queued.length, mark.queued);
        this.nextId = mark.nextId;
        throw e;
      }
    });
  }

  /** Queues `row` for writing and returns its id (see the class notes). */
  defer(row: Row): number {
    return this.write(() => {
      const id = this.nextId++;
      this.queued.push({ id, row });
      if (this.queued.length >= MAX_QUEUED) this.flush();
      return id;
    });
  }

  /**
   * Writes the deferred rows in the next check phase of the event loop (`setImmediate`), not later at the commit.
   * Call it when this thread is about to wait, such as when a request has just been handed to the network. The
   * INSERT then runs while the answer travels, instead of delaying the answer's handling when the commit timer
   * fires. The commit itself stays on its timer. A failure is kept for the next call that writes, like the timer's.
   */
  flushSoon(): void {
    if (this.soon || this.queued.length === 0) return;
    this.soon = setImmediate(() => {
      this.soon = null;
      this.failure ??= this.writeQueued();
    });
  }

  /**
   * Writes the deferred rows now (before a read, or the commit).
   * @throws AuthdeskError `failed` when history is closed, or saying how many entries a failed write lost
   */
  flush(): void {
    if (this.closed) throw new AuthdeskError('failed', 'History is closed (Authdesk was closing).');
    const e = this.writeQueued();
    if (e !== null) this.report(e, false);
  }

  /** Writes the deferred rows; returns the error that lost them (counted as lost), or null. */
  private writeQueued(): unknown {
    if (this.queued.length === 0) return null;
    const batch = this.queued;
    this.queued = [];
    const last = batch[batch.length - 1]!.id;
    let written = batch.length;
    let error: unknown = null;
    try {
      this.insertRows(batch);
    } catch (e) {
      written = e instanceof PartialWrite ? e.written : 0;
      error = e instanceof PartialWrite ? e.cause : e;
      this.lost += batch.length - written;
      this.lostThrough = Math.max(this.lostThrough, last);
    }
    if (this.open && written > 0) {
      this.open.rows += written;
      this.open.lastId = batch[written - 1]!.id;
    }
    return error;
  }

  /**
   * Writes what is deferred and commits the open transaction, if any and not inside a {@link write}.
   * @throws AuthdeskError `failed` saying how many entries a failed write or COMMIT lost
   */
  commit(): void {
    const e = this.commitNow();
    if (e !== null) this.report(e, false);
  }

  /**
   * {@link commit}, returning the first error instead of throwing it (a full disk shows as the INSERT's error, not as
   * the COMMIT's "no transaction is active" that follows it).
   */
  private commitNow(): unknown {
    const open = this.open;
    if (!open || this.depth > 0) return null;
    const written = this.writeQueued();
    clearTimeout(open.timer);
    process.removeListener('exit', this.commitOnExit);
    this.open = null;
    const committed = this.commitOrRollBack(open);
    if (committed === null) {
      this.turns.afterCommit();
      this.idleCheckpoint = setTimeout(() => this.checkpoint(), IDLE_CHECKPOINT_MS).unref();
    }
    return written ?? committed;
  }

  /**
   * `COMMIT`, with the ids of rows lost so far reserved in it. When it fails (a full disk, an I/O error) the
   * transaction's rows are lost too: SQLite rolled it back, or it is rolled back here (a failed COMMIT can leave it
   * open, and every later BEGIN would fail). They are counted as lost, and their ids reserved at once in a
   * transaction of their own. Returns the COMMIT's error, or null.
   */
  private commitOrRollBack(open: { rows: number; lastId: number }): unknown {
    try {
      const reserved = this.lostThrough === 0 || this.tryReserveLostIds();
      this.db.exec('COMMIT');
      if (reserved) this.lostThrough = 0;
      return null;
    } catch (e) {
      this.rollBack();
      this.lost += open.rows;
      this.lostThrough = Math.max(this.lostThrough, open.lastId);
      try {
        this.turns.begin();
        this.reserveLostIds();
        this.db.exec('COMMIT');
        this.lostThrough = 0;
      } catch {
        this.rollBack(); // kept for the next commit; this process never hands the ids out again anyway
      }
      return e;
    }
  }

  private rollBack(): void {
    try {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    } catch {
      // nothing left to roll back
    }
  }

  /**
   * Commits what is open and stops the idle checkpoint, then refuses further writes and reads: call before closing
   * the connection.
   * @throws AuthdeskError `failed` saying how many entries were lost (by this commit, or earlier and not reported)
   */
  close(): void {
    this.closed = true;
    if (this.idleCheckpoint) clearTimeout(this.idleCheckpoint);
    this.idleCheckpoint = null;
    const e = this.commitNow() ?? this.failure;
    if (e !== null) this.report(e, false);
  }

  private checkpoint(): void {
    this.idleCheckpoint = null;
    try {
      this.stmt.checkpoint.get([]);
    } catch (e) {
      this.failure = e;
    }
  }

  /**
   * Raises the table's AUTOINCREMENT mark (`sqlite_sequence`) over the ids whose rows were lost, inside the open
   * transaction, so that no other process hands them out again either. Best effort: with the disk full this write
   * may fail too; this process still never reuses them (see {@link write}).
   */
  private reserveLostIds(): void {
    const through = this.lostThrough;
    this.stmt.reserve.run([through, through]);
    this.stmt.reserveFirst.run([through]);
  }

  /** {@link reserveLostIds}, best effort (with the disk full it may fail too): whether it worked. */
  private tryReserveLostIds(): boolean {
    try {
      this.reserveLostIds();
      return true;
    } catch {
      return false;
    }
  }

  /** Throws the failure a deferred write (or the commit timer) left behind, for the caller's own entry. */
  private throwFailure(): void {
    if (this.failure !== null) this.report(this.failure, true);
  }

  /**
   * Throws `e` as an AuthdeskError `failed` saying how many entries were lost, and forgets both (each loss is
   * reported once). `own`: the caller is writing an entry of its own, which is not recorded either.
   */
  private report(e: unknown, own: boolean): never {
    const lost = this.lost;
    this.failure = null;
    this.lost = 0;
    const known = this.explain(e);
    if (known instanceof AuthdeskError) throw known;
    const why = e instanceof Error ? e.message : String(e);
    const earlier = lost === 0 ? null : `${lost} ${own ? 'earlier ' : ''}${lost === 1 ? 'entry was' : 'entries were'} lost`;
    const what = [earlier, own ? (earlier ? 'and this one is not recorded either' : 'this entry is not recorded') : null].filter((x) => x !== null).join(', ');
    throw new AuthdeskError('failed', `History could not be written (${why})${what ? `: ${what}` : ''}. Check the free space of the Authdesk data folder, then try again.`);
  }
}
