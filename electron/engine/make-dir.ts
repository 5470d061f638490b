import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The fs error `code` for `syscall` on `file`, shaped like Node's own (so callers can report `e.code`). */
function fsError(code: string, syscall: string, file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${syscall} '${file}'`), { code, syscall, path: file });
}

/** Whether `dir` exists and is a directory; false when nothing is there. @throws ENOTDIR when it is something else, and stat's other errors */
function isDirectory(dir: string): boolean {
  try {
    if (statSync(dir).isDirectory()) return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
  throw fsError('ENOTDIR', 'mkdir', dir);
}

/**
 * Creates the folder `dir` and its missing parents, like `mkdir -p`, one component at a time: at most one `mkdir`
 * per missing component, so the work is bounded by the path's depth. Node's `mkdir(…, {recursive: true})` is not:
 * on a file system that answers ENOENT for a folder whose parent exists (/proc/nope on Linux) it retries forever
 * at 100% CPU. Existing folders are left as they are (their mode is not changed).
 * @param dir the folder (relative paths resolve against the working directory)
 * @param mode the mode of each folder created (before the umask), e.g. 0o700
 * @throws the fs error of the first component that cannot be created (ENOENT, EACCES, EPERM, EROFS…), or ENOTDIR
 *   when `dir` or one of its parents is not a folder
 */
export function makeDirSync(dir: string, mode: number): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !isDirectory(d); d = path.dirname(d)) {
    missing.push(d);
    if (path.dirname(d) === d) break; // a missing root: its mkdir below reports why
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d, { mode });
    } catch (e) {
      // Made meanwhile by another process: fine if it is a folder.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !isDirectory(d)) throw e;
    }
  }
}
