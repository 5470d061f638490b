import Database from 'libsql';
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthdeskError } from '../../electron/engine/errors';
import { GroupCommit } from '../../electron/engine/group-commit';

type Db = InstanceType<typeof Database>;

/** A history whose write lock another process (here: another connection) keeps: the writer waits 5 s once, then 100 ms a write. */
describe('write lock held by another process', () => {
  let dir: string;
  let file: string;
  let writer: Db;
  let holder: Db;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'authdesk-turns-'));
    file = path.join(dir, 'h.db');
    writer = new Database(file);
    writer.exec('PRAGMA journal_mode = WAL; CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT NOT NULL);');
    holder = new Database(file);
  });
  afterEach(async () => {
    holder.close();
    writer.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('waits the busy timeout once, then only briefly while the lock stays taken, and writes as soon as it is free', () => {
    const insert = writer.prepare('INSERT INTO t (id, v) VALUES (?, ?)');
    const gc = new GroupCommit<string>(writer, 't', (rows) => rows.forEach(({ id, row }) => insert.run([id, row])), `${file}-wait`);
    const thrown = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e;
      }
      return null;
    };
    const umask = process.umask(0o022);
    try {
      holder.exec('BEGIN IMMEDIATE');
      const first = thrown(() => gc.defer('a'));
      expect(first).toBeInstanceOf(AuthdeskError);
      expect(first).toMatchObject({ code: 'failed', message: expect.stringContaining('kept writing to it for 5 s') });
      // The "waiting" mark is created owner-only like every file in the data folder (umask 022 would give 0644).
      expect((statSync(`${file}-wait`).mode & 0o777).toString(8)).toBe('600');
      // A burst of sends does not block this thread 5 s each: the next ones wait 100 ms (fair turns need less), then fail, saying why.
      const second = thrown(() => gc.defer('b'));
      expect(second).toMatchObject({ code: 'failed', message: expect.stringContaining('still busy') });
      holder.exec('COMMIT');
      expect(gc.defer('c')).toBe(1);
      gc.commit();
      expect((holder.prepare('SELECT v FROM t').all([]) as { v: string }[]).map((r) => r.v)).toEqual(['c']);
    } finally {
      process.umask(umask);
      gc.close();
    }
  }, 20_000);
});
