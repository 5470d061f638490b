import Database from 'libsql';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthdeskError } from '../../electron/engine/errors';
import { GroupCommit } from '../../electron/engine/group-commit';

type Db = InstanceType<typeof Database>;

const nextCheckPhase = () => new Promise<void>((resolve) => setImmediate(resolve));
const count = (db: Db) => (db.prepare('SELECT count(*) AS n FROM t').get([]) as { n: number }).n;

describe('group commit: deferred rows written while the thread would wait, and rows lost to a failed write', () => {
  let file: string;
  let writer: Db;
  let reader: Db;
  beforeEach(async () => {
    file = path.join(await mkdtemp(path.join(os.tmpdir(), 'authdesk-gc-')), 'h.db');
    writer = new Database(file);
    writer.exec('PRAGMA journal_mode = WAL; CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT NOT NULL);');
    reader = new Database(file);
  });
  afterEach(() => {
    reader.close();
    writer.close();
  });

  /** A GroupCommit on `db` (another connection: another process) whose inserts are recorded (ids per call) and can be made to fail. */
  function commitLog(fail = () => false, db: Db = writer) {
    const calls: number[][] = [];
    const insert = db.prepare('INSERT INTO t (id, v) VALUES (?, ?)');
    const gc = new GroupCommit<string>(db, 't', (rows) => {
      if (fail()) throw new Error('disk full');
      calls.push(rows.map((r) => r.id));
      for (const { id, row } of rows) insert.run([id, row]);
    }, `${file}-wait`);
    return { gc, calls };
  }

  it('writes the deferred rows in the next check phase, once, inside the open transaction; the timer still commits', async () => {
    const { gc, calls } = commitLog();
    try {
      expect([gc.defer('a'), gc.defer('b')]).toEqual([1, 2]);
      gc.flushSoon();
      gc.flushSoon();
      expect(calls).toEqual([]); // not now: the caller is still handing its request to the network
      await nextCheckPhase();
      expect(calls).toEqual([[1, 2]]);
      expect(count(reader)).toBe(0); // written, not committed
      const deadline = Date.now() + 2000;
      while (count(reader) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(count(reader)).toBe(2);
      expect(calls).toEqual([[1, 2]]); // the commit had nothing left to write
    } finally {
      gc.close();
    }
  });

  it('does nothing when no row is waiting, and a failed write is reported by the next call that writes', async () => {
    let failing = false;
    const { gc, calls } = commitLog(() => failing);
    try {
      gc.flushSoon();
      await nextCheckPhase();
      expect(calls).toEqual([]);
      gc.defer('lost');
      failing = true;
      gc.flushSoon();
      await nextCheckPhase(); // the failure is kept, never thrown into the event loop
      failing = false;
      expect(() => gc.defer('next')).toThrow('History could not be written (disk full): 1 earlier entry was lost, and this one is not recorded either.');
      expect(gc.defer('after')).toBeGreaterThan(0);
    } finally {
      gc.close();
    }
  });

  it('never hands out the id of a row lost to a failed write again, in another process (the table had no row yet) or this one', async () => {
    let failing = true;
    const { gc } = commitLog(() => failing);
    const other = new Database(file);
    const otherGc = commitLog(() => false, other).gc;
    try {
      expect(gc.defer('lost')).toBe(1);
      gc.flushSoon();
      await nextCheckPhase();
      failing = false;
      gc.commit(); // the window ends: the next write opens a new transaction and reads the table's mark again
      expect(otherGc.defer('theirs')).toBe(2); // not 1: its caller was told 1
      otherGc.commit();
      const told = (() => {
        try {
          gc.defer('next');
        } catch (e) {
          return e;
        }
      })();
      expect(told).toBeInstanceOf(AuthdeskError);
      expect((told as AuthdeskError).code).toBe('failed');
      expect(gc.defer('mine')).toBe(3);
      gc.commit();
      expect((reader.prepare('SELECT id, v FROM t ORDER BY id').all([]) as { id: number; v: string }[]).map((r) => [r.id, r.v])).toEqual([[2, 'theirs'], [3, 'mine']]);
    } finally {
      gc.close();
      otherGc.close();
      other.close();
    }
  });
  it('counts the rows of a COMMIT that fails as lost, rolls the transaction back, and writes again after it', async () => {
    // A deferred foreign key makes the COMMIT itself fail (as a full disk can), after every INSERT succeeded.
    writer.exec('PRAGMA foreign_keys = ON; CREATE TABLE p (id INTEGER PRIMARY KEY); INSERT INTO p VALUES (1); CREATE TABLE c (id INTEGER PRIMARY KEY AUTOINCREMENT, parent INTEGER REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED);');
    const insert = writer.prepare('INSERT INTO c (id, parent) VALUES (?, ?)');
    const gc = new GroupCommit<number>(writer, 'c', (rows) => rows.forEach(({ id, row }) => insert.run([id, row])), `${file}-wait`);
    const rows = () => (reader.prepare('SELECT id FROM c ORDER BY id').all([]) as { id: number }[]).map((r) => r.id);
    try {
      expect([gc.defer(1), gc.defer(999), gc.defer(1)]).toEqual([1, 2, 3]);
      expect(() => gc.commit()).toThrow('History could not be written (FOREIGN KEY constraint failed): 3 entries were lost. Check the free space');
      expect(writer.inTransaction).toBe(false);
      expect(rows()).toEqual([]);
      // Another process writing now does not get the lost ids: they were reserved at once, not at A's next commit.
      const other = new Database(file);
      const otherInsert = other.prepare('INSERT INTO c (id, parent) VALUES (?, ?)');
      const otherGc = new GroupCommit<number>(other, 'c', (rs) => rs.forEach(({ id, row }) => otherInsert.run([id, row])), `${file}-wait`);
      expect(otherGc.defer(1)).toBe(4);
      otherGc.close();
      other.close();
      expect(gc.defer(1)).toBe(5); // never an id its caller was told before
      gc.commit();
      expect(rows()).toEqual([4, 5]);
      // The same failure from the commit timer reaches the next writer.
      gc.defer(999);
      const deadline = Date.now() + 2000;
      while (writer.inTransaction && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      const told = (() => {
        try {
          gc.defer(1);
        } catch (e) {
          return e;
        }
      })();
      expect(told).toBeInstanceOf(AuthdeskError);
      expect((told as AuthdeskError).message).toContain('1 earlier entry was lost');
      expect(gc.defer(1)).toBe(7); // 6 was lost and is not handed out again
      gc.commit();
      expect(rows()).toEqual([4, 5, 7]);
    } finally {
      gc.close();
    }
  });

  it('reports rows lost by a failed write in an explicit commit at once, with their count, and never again', async () => {
    let failing = false;
    const { gc } = commitLog(() => failing);
    try {
      gc.defer('a');
      gc.defer('b');
      gc.defer('c');
      failing = true;
      expect(() => gc.commit()).toThrow('History could not be written (disk full): 3 entries were lost. Check the free space');
      failing = false;
      expect(gc.defer('d')).toBe(4); // reported once: this write is not told about them again
      failing = true;
      gc.flushSoon();
      await nextCheckPhase();
      failing = false;
      expect(() => gc.defer('e')).toThrow('History could not be written (disk full): 1 earlier entry was lost, and this one is not recorded either.');
      gc.commit();
      expect(count(reader)).toBe(0);
    } finally {
      gc.close();
    }
  });

  it('refuses a write after close with an AuthdeskError', () => {
    const { gc } = commitLog();
    gc.defer('a');
    gc.close();
    expect(count(reader)).toBe(1);
    expect(() => gc.defer('late')).toThrow(AuthdeskError);
    expect(() => gc.defer('late')).toThrow('History is closed');
  });
});
