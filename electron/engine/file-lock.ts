import { open, readFile, rm, stat, utimes } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { AuthdeskError } from './errors';

/** ms between attempts to take a lock held by another process. */
const POLL_MS = 25;

/**
 * Whether the lock file names a process that has ended (its pid is gone): such a lock is left by a process that was
 * killed (Ctrl+C exits without unwinding) and is taken over at once. A file without a pid yet (just created), or
 * whose process lives (or belongs to another user: EPERM), is held.
 */
async function holderGone(file: string): Promise<boolean> {
  const pid = Number(await readFile(file, 'utf8').catch(() => ''));
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Runs `fn` holding an exclusive lock across processes: a lock file created with O_EXCL (mode 0600, holding the pid),
 * removed when `fn` settles. Another process holding it is waited for, `waitMs` at most (polled every 25 ms). While
 * `fn` runs its holder touches the file every `staleMs / 3` ms, so a lock file untouched for `staleMs` (a frozen
 * holder), or one whose pid no longer runs (a killed holder), is taken over; `fn` may take longer than `staleMs`.
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
      if (held && (Date.now() - held.mtimeMs > staleMs || (await holderGone(file)))) {
        await rm(file, { force: true });
        continue;
      }
      if (Date.now() >= deadline) {
        throw new AuthdeskError('conflict', `${what} is being changed by another Authdesk process (it holds ${file}). Try again when it has finished; if no Authdesk is running, delete that file.`);
      }
      await sleep(POLL_MS);
    }
  }
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(file, now, now).catch(() => undefined); // gone (taken over after a freeze): nothing to keep alive
  }, staleMs / 3);
  heartbeat.unref();
  try {
    return await fn();
  } finally {
    clearInterval(heartbeat);
    await rm(file, { force: true });
  }
}
