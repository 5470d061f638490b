import { open, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { AuthdeskError } from './errors';

/** ms between attempts to take a lock held by another process. */
const POLL_MS = 25;

/**
 * Runs `fn` holding an exclusive lock across processes: a lock file created with O_EXCL (mode 0600, holding the pid),
 * removed when `fn` settles. Another process holding it is waited for, `waitMs` at most (polled every 25 ms); a lock
 * file older than `staleMs` is left by a process that died and is taken over.
 * @param what names what is locked, for the message ("Profile "api"")
 * @throws AuthdeskError `conflict` when the lock stays taken for `waitMs`, naming the file to delete if no Authdesk
 *   runs; the fs error when the lock file cannot be created for another reason; whatever `fn` throws
 */
export async function withFileLock<T>(file: string, what: string, fn: () => Promise<T>, opts: { waitMs?: number; staleMs?: number } = {}): Promise<T> {
  const { waitMs = 10_000, staleMs = 30_000 } = opts;
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const held = await stat(file).catch(() => null);
      if (held && Date.now() - held.mtimeMs > staleMs) {
        await rm(file, { force: true });
        continue;
      }
      if (Date.now() >= deadline) {
        throw new AuthdeskError('conflict', `${what} is being changed by another Authdesk process (it holds ${file}). Try again when it has finished; if no Authdesk is running, delete that file.`);
      }
      await sleep(POLL_MS);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(file, { force: true });
  }
}
