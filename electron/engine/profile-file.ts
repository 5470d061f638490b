import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { AuthdeskError } from './errors';

/**
 * What tells one version of a file from another without reading it: inode (an atomic rename makes a new one), size,
 * and the modification and change times (ms with sub-ms fraction; the change time also moves on a same-size edit
 * that restores the mtime).
 */
export type FileStamp = [ino: number, size: number, mtimeMs: number, ctimeMs: number];

export const sameStamp = (a: FileStamp, b: FileStamp): boolean => a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];

/** The most a profile file may hold: a profile is a few kB, so anything near this is not one (and is not read whole). */
export const MAX_PROFILE_BYTES = 1024 * 1024;

/**
 * A profile file's text and its stamp, both from the one open file (so they describe the same version), reading at
 * most the size that stamp records: an oversized file is refused from its size, without reading it. A file that
 * grows while it is read is cut at that size, and its new stamp has it read again on the next lookup.
 * @throws the fs error, or AuthdeskError `failed` naming the file when it is larger than {@link MAX_PROFILE_BYTES} or
 *   not a regular file (a named pipe is opened without waiting for a writer)
 */
export async function readCapped(file: string): Promise<{ stamp: FileStamp; text: string }> {
  // Non-blocking: opening a named pipe for reading would otherwise wait for a writer, forever and past SIGTERM.
  const handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new AuthdeskError('failed', `${file} is not a regular file (a pipe, device or folder): move it out of the profiles folder.`);
    if (st.size > MAX_PROFILE_BYTES) {
      throw new AuthdeskError(
        'failed',
        `${file} is too large to be a profile (${st.size} bytes; a profile file is at most ${MAX_PROFILE_BYTES / 1024 / 1024} MB, usually a few kB). Move it out of the profiles folder.`,
      );
    }
    const buf = Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < buf.length) {
      const { bytesRead } = await handle.read(buf, got, buf.length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return { stamp: [st.ino, st.size, st.mtimeMs, st.ctimeMs], text: buf.toString('utf8', 0, got) };
  } finally {
    await handle.close();
  }
}
