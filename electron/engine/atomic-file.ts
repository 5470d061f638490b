import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { makeDirSync } from './make-dir';

/**
 * Writes `data` to `file` atomically: a temporary file in the same folder, fsync, then rename over the target, so a
 * crash leaves either the old or the new content, never half of one. Files are created with mode 0600.
 * @throws the underlying fs error (ENOSPC, EACCES…) after removing the temporary file.
 */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  makeDirSync(path.dirname(file), 0o700);
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
    await handle.close();
    await rename(tmp, file);
  } catch (e) {
    await handle.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw e;
  }
}
