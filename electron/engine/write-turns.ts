import type Database from 'libsql';
import { statSync, writeFileSync } from 'node:fs';
import { AuthdeskError } from './errors';

type Db = InstanceType<typeof Database>;

/** ms a writer waits for another process's write window to end before giving up (SQLite's busy timeout, ours). */
export const BUSY_TIMEOUT_MS = 5_000;
/** ms between two tries at the write lock while another process holds it. */
const RETRY_MS = 1;
/** ms a "waiting" mark stays fresh (the waiter renews it while it waits). */
const WAIT_MARK_FRESH_MS = 200;
/** ms a writer pauses after its commit when another process is waiting: a few of the waiter's tries. */
const HANDOFF_MS = 4;
/**
 * ms after a wait that timed out during which a writer waits only {@link SHORT_WAIT_MS} ms: this thread (the app's
 * main process) is blocked while it waits, so a burst of writes against a lock that stays taken must not block it
 * {@link BUSY_TIMEOUT_MS} ms each. Long enough for fair turns among busy writers (a window is 20 ms).
 */
const SHORT_WAITS_MS = 2_000;
const SHORT_WAIT_MS = 100;

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** Blocks this thread for `ms` (a writer that must hand out an id now cannot await). */
const sleepSync = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);

const isBusy = (e: unknown) => /^SQLITE_BUSY/.test(String((e as { code?: unknown }).code ?? ''));

/**
 * Fair turns at SQLite's write lock for processes sharing one database (the app and CLI runs, parallel CI jobs).
 * A group-commit writer holds the lock for a whole window and takes it again as soon as it has committed, while a
 * waiter inside SQLite's busy handler sleeps up to 100 ms between tries: with two or three busy writers a waiter
 * could miss every gap for the whole busy timeout and fail. Here a waiter tries every {@link RETRY_MS} ms and marks
 * that it waits by touching `waitFile` (next to the database, empty); a writer that finds a fresh mark after its
 * commit pauses {@link HANDOFF_MS} ms, so the waiter gets the next turn and the writer the one after.
 */
export class WriteTurns {
  /** Until when (performance.now(), ms) a writer waits only {@link SHORT_WAIT_MS} ms: see {@link SHORT_WAITS_MS}. */
  private shortUntil = 0;

  constructor(
    private readonly db: Db,
    private readonly waitFile: string,
  ) {}

  /**
   * `BEGIN IMMEDIATE`, waiting for another process's turn to end (blocking, up to {@link BUSY_TIMEOUT_MS} ms; up to
   * {@link SHORT_WAIT_MS} ms for {@link SHORT_WAITS_MS} ms after such a wait timed out).
   * @throws AuthdeskError `failed` when the lock stays taken that long (not `conflict`: the CLI exits 1, not 2 as for a
   *   usage error); other SQLite errors as they are
   */
  begin(): void {
    const short = performance.now() < this.shortUntil;
    const deadline = performance.now() + (short ? SHORT_WAIT_MS : BUSY_TIMEOUT_MS);
    let marked = -Infinity;
    this.db.exec('PRAGMA busy_timeout = 0');
    try {
      for (;;) {
        try {
          this.db.exec('BEGIN IMMEDIATE');
          this.shortUntil = 0;
          return;
        } catch (e) {
          if (!isBusy(e)) throw e;
          if (performance.now() > deadline) {
            this.shortUntil = performance.now() + SHORT_WAITS_MS;
            const why = short
              ? `History is still busy: another process has held it for more than ${BUSY_TIMEOUT_MS / 1000} s.`
              : `History is busy: another Authdesk process kept writing to it for ${BUSY_TIMEOUT_MS / 1000} s.`;
            throw new AuthdeskError('failed', `${why} This request was sent but not recorded; try again when the other run has finished.`);
          }
        }
        if (performance.now() - marked > WAIT_MARK_FRESH_MS / 2) {
          writeFileSync(this.waitFile, '', { mode: 0o600 });
          marked = performance.now();
        }
        sleepSync(RETRY_MS);
      }
    } finally {
      this.db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  /** Call right after a commit: when another process is waiting for the lock, lets it take its turn first. */
  afterCommit(): void {
    const mark = statSync(this.waitFile, { throwIfNoEntry: false });
    if (mark && Date.now() - mark.mtimeMs < WAIT_MARK_FRESH_MS) sleepSync(HANDOFF_MS);
  }
}
