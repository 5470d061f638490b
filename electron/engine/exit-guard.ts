/**
 * Work to stop before the process exits. A worker thread that `process.exit` terminates inside a SQLite call aborts
 * the whole process (a panic in libsql's native binding: SIGABRT instead of the exit code), so an export's worker
 * pool registers its graceful stop here while it runs. The CLI's signal handler and `Engine.close` (the desktop app
 * quitting) run the registered stops before the process ends.
 */
const stops = new Set<() => Promise<void>>();

/** Registers `stop` (it should resolve once the work has stopped); call the returned function to unregister it. */
export function guardExit(stop: () => Promise<void>): () => void {
  stops.add(stop);
  return () => stops.delete(stop);
}

/** Runs every registered stop at once; resolves when all have settled, or after `waitMs` ms, whichever comes first. */
export function stopBeforeExit(waitMs: number): Promise<void> {
  return settleWithin([...stops].map((stop) => stop()), waitMs);
}

/** Resolves when every promise has settled (fulfilled or rejected), or after `waitMs` ms, whichever comes first. */
export async function settleWithin(promises: readonly Promise<unknown>[], waitMs: number): Promise<void> {
  if (promises.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
  try {
    await Promise.race([Promise.allSettled(promises), bound]);
  } finally {
    clearTimeout(timer);
  }
}
