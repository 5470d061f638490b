import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDirSync } from '../../electron/engine/make-dir';

/** makeDirSync: `mkdir -p` bounded by the path's depth (Node's recursive mkdir spins forever under /proc). */

const made: string[] = [];
afterEach(() => made.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const scratch = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'authdesk-mkdir-'));
  made.push(d);
  return d;
};

describe('makeDirSync', () => {
  it('creates the missing components with the mode and leaves an existing folder as it is', () => {
    const root = scratch();
    const deep = path.join(root, 'a', 'b', 'c');
    makeDirSync(deep, 0o700);
    for (const d of ['a', 'a/b', 'a/b/c']) expect(statSync(path.join(root, d)).mode & 0o777).toBe(0o700);
    expect(() => makeDirSync(deep, 0o700)).not.toThrow();
  });

  it('a file in the way is ENOTDIR, as the folder itself or as a parent', () => {
    const file = path.join(scratch(), 'file');
    writeFileSync(file, 'x');
    expect(() => makeDirSync(file, 0o700)).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
    expect(() => makeDirSync(path.join(file, 'sub', 'deeper'), 0o700)).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  it.runIf(process.platform === 'linux')('under /proc it fails with ENOENT at once instead of retrying forever', () => {
    expect(() => makeDirSync('/proc/authdesk-nope/sub', 0o700)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
