import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HistoryStore } from '../../electron/engine/history-store';

const WRITER = fileURLToPath(new URL('../fixtures/history-writer.mts', import.meta.url));

/**
 * A process that opens the history more than once (in-process CLI runs in tests; libsql 0.5 keeps a closed connection
 * that prepared statements open) while other processes write and close it: opening it again must not drop the locks
 * of the connections this process still holds, or the last other process deletes the WAL and -shm under them and the
 * next open here reads a stale WAL index (SQLITE_IOERR_SHORT_READ, SQLITE_CORRUPT).
 */
describe('history opened again in a process while other processes write', () => {
  it('stays readable and keeps every write, ten rounds of open here, write there', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'authdesk-reopen-'));
    const file = path.join(dir, 'history.sqlite');
    try {
      for (let round = 0; round < 10; round++) {
        const here = new HistoryStore(file);
        here.addEvent({ at: round, profileId: 'here', type: 'profile.created', reason: null });
        here.close();
        execFileSync(process.execPath, ['--import', 'tsx', WRITER, file]);
      }
      const last = new HistoryStore(file);
      expect(last.events().length).toBe(20);
      last.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
