import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { makeDirSync } from '../engine/make-dir';

/**
 * V8's code cache for the CLI bundle. Node 20 compiles an ES module's whole source on every start and each function
 * again on its first call (about 40 ms of a CLI start: a single `send` took 206 ms as an ES module, 164 ms from
 * the cache, medians of 9 runs on a 2-core VM); Node 22's module compile cache does not exist in Node 20. So the CLI
 * is one CommonJS script (build/cli.vite.config.ts) compiled through `vm.Script` with the bytecode a previous
 * successful run of the same command left behind, taken after that run (so it holds the functions the command
 * called, not only the top level).
 *
 * V8 checks neither the integrity of cached bytecode (damaged bytes crash the process or run other code) nor that it
 * was made from this source (only its length), so every cache file carries a header: a magic string, the SHA-256 of
 * the bundle it was made from and the SHA-256 of the bytecode; a file whose header does not match is not given to V8.
 * Bytecode runs as the user, so it is read only from a folder no one else can write to or replace (see
 * {@link safeCacheDir}) and from a regular file owned by the user, checked on the open file. Caching is an
 * optimisation only: any problem runs the CLI from source, as before, and says nothing.
 */

/** How {@link runWithCodeCache} used the cache: none usable (`off`), taken, none yet, or one there but not usable. */
export type CodeCacheUse = 'off' | 'used' | 'new' | 'rejected';

/** The first bytes of every cache file (format version 1). */
const MAGIC = Buffer.from('ADCODE1\n', 'latin1');
/** Magic, the bundle's SHA-256, the bytecode's SHA-256. */
const HEADER_BYTES = MAGIC.length + 32 + 32;
/** Larger files are not read (the bytecode of a whole run is about 1 MB). */
const MAX_CACHE_BYTES = 32 * 1024 * 1024;
/** Cache files kept in the folder at most (one per command used); the oldest go first. */
const MAX_CACHE_FILES = 16;
/** Commands get their own cache (each runs other code); anything else shares `other`. */
const COMMAND = /^[a-z][a-z-]{0,19}$/;
/** A cache file of this module, or a temporary one of a save. */
const CACHE_FILE = /^cli-[a-z][a-z-]{0,19}-[0-9a-f]{20}\.v8(\.\d+\.tmp)?$/;

/** The cache of one command of one bundle for this Node version (V8 itself refuses bytecode of other V8 flags). */
export interface CodeCacheSlot {
  /** The cache file: `<dir>/cli-<command>-<digest>.v8`. */
  file: string;
  /** The SHA-256 of the bundle, written into the file's header and checked on reading. */
  bundleDigest: Buffer;
  /** Matches the files of the same command (other bundles or Node versions, or temporary), removed when this one is written. */
  sameCommand: RegExp;
}

/**
 * The cache slot of `command` in `dir` for the bundle `source`: named by a SHA-256 of the source with the Node version
 * and architecture, and bound to the source by its SHA-256 in the file's header.
 */
export function codeCacheSlot(dir: string, source: Buffer, command: string | undefined): CodeCacheSlot {
  const name = command !== undefined && COMMAND.test(command) ? command : 'other';
  const bundleDigest = createHash('sha256').update(source).digest();
  const digest = createHash('sha256').update(bundleDigest).update(`\0${process.version}\0${process.arch}`).digest('hex').slice(0, 20);
  return { file: path.join(dir, `cli-${name}-${digest}.v8`), bundleDigest, sameCommand: new RegExp(`^cli-${name}-[0-9a-f]{20}\\.v8(\\.\\d+\\.tmp)?$`) };
}

/**
 * `dir` resolved (symlinks followed), when no one but this user and root can write to it or replace it: the folder
 * itself owned by this user and writable by nobody else, and every folder above it owned by this user or root and not
 * writable by others unless sticky (as /tmp), as OpenSSH checks the path of its files. Null otherwise or when it
 * cannot be checked. On Windows the per-user local app-data folder is private by its ACL: `dir` as given.
 */
export function safeCacheDir(dir: string): string | null {
  if (process.platform === 'win32') return dir;
  const uid = process.getuid?.();
  try {
    const real = realpathSync(dir);
    const own = statSync(real);
    if (!own.isDirectory() || own.uid !== uid || (own.mode & 0o022) !== 0) return null;
    for (let d = path.dirname(real); ; d = path.dirname(d)) {
      const st = lstatSync(d);
      if (st.uid !== uid && st.uid !== 0) return null;
      if ((st.mode & 0o022) !== 0 && (st.mode & 0o1000) === 0) return null;
      if (path.dirname(d) === d) return real;
    }
  } catch {
    return null;
  }
}

/** The SHA-256 of `bytes`. */
const sha256 = (bytes: Buffer): Buffer => createHash('sha256').update(bytes).digest();

/**
 * The bytecode in `slot.file` when it is a regular file owned by this user, writable by nobody else, at most
 * {@link MAX_CACHE_BYTES}, and its header names this bundle and the bytecode's own digest; else null. Checked on the
 * open file (`O_NOFOLLOW`: a symlink is not followed; `O_NONBLOCK`: a named pipe does not block).
 */
function readCache(slot: CodeCacheSlot): Buffer | null {
  let fd: number;
  try {
    fd = openSync(slot.file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch {
    return null;
  }
  try {
    const st = fstatSync(fd);
    const mine = process.platform === 'win32' || (st.uid === process.getuid?.() && (st.mode & 0o022) === 0);
    if (!st.isFile() || !mine || st.size < HEADER_BYTES || st.size > MAX_CACHE_BYTES) return null;
    const bytes = Buffer.alloc(st.size);
    let got = 0;
    for (let n = 1; n > 0 && got < bytes.length; got += n) n = readSync(fd, bytes, got, bytes.length - got, got);
    if (got !== bytes.length) return null;
    const payload = bytes.subarray(HEADER_BYTES);
    const header = bytes.subarray(0, HEADER_BYTES);
    const expected = Buffer.concat([MAGIC, slot.bundleDigest, sha256(payload)]);
    return header.equals(expected) ? payload : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes the bytecode of `script` to `slot.file` with its header (mode 0600, through a new temporary file and a rename,
 * so a concurrent run reads the old file or the new one, never half of one), removes the command's other files and,
 * beyond {@link MAX_CACHE_FILES}, the oldest caches. Any error leaves things as they were: the next run compiles from
 * source again.
 */
function save(script: vm.Script, slot: CodeCacheSlot): void {
  const tmp = `${slot.file}.${process.pid}.tmp`;
  try {
    const payload = script.createCachedData();
    const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
    try {
      const bytes = Buffer.concat([MAGIC, slot.bundleDigest, sha256(payload), payload]);
      for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, slot.file);
    prune(path.dirname(slot.file), slot);
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // not ours to remove (a folder someone put there): left as it is
    }
  }
}

/** Removes the other files of `slot`'s command, then the oldest caches beyond {@link MAX_CACHE_FILES}. Only this module's file names are touched. */
function prune(dir: string, slot: CodeCacheSlot): void {
  const mine = path.basename(slot.file);
  const remove = (f: string) => rmSync(path.join(dir, f), { force: true });
  const ours = readdirSync(dir).filter((f) => CACHE_FILE.test(f) && f !== mine);
  for (const f of ours.filter((f) => slot.sameCommand.test(f))) remove(f);
  const rest = ours.filter((f) => !slot.sameCommand.test(f) && f.endsWith('.v8'));
  const byAge = rest.map((f) => ({ f, at: lstatSync(path.join(dir, f)).mtimeMs })).sort((a, b) => b.at - a.at);
  for (const { f } of byAge.slice(MAX_CACHE_FILES - 1)) remove(f);
}

/**
 * Runs the CommonJS file `file` as Node's loader would (its own `require`, `module`, `__filename`, `__dirname`),
 * compiled with the cached bytecode of `command` from `cacheDir` when there is a usable one (see {@link readCache})
 * that V8 accepts. When there was none, or it was not usable, and the process ends with exit code 0, the bytecode of
 * what ran is saved for the next run. `cacheDir` null: no cache at all. The folder is created (0700) when missing;
 * one that is not safe (see {@link safeCacheDir}) is not used.
 * @returns how the cache was used (see {@link CodeCacheUse})
 * @throws what reading `file` throws (ENOENT when the CLI is not built), and what the script throws while loading
 */
export function runWithCodeCache(file: string, cacheDir: string | null, command: string | undefined): CodeCacheUse {
  const source = readFileSync(file);
  let slot: CodeCacheSlot | null = null;
  if (cacheDir !== null) {
    try {
      makeDirSync(cacheDir, 0o700);
      const dir = safeCacheDir(cacheDir);
      if (dir !== null) slot = codeCacheSlot(dir, source, command);
    } catch {
      slot = null;
    }
  }
  const there = slot !== null && existsQuietly(slot.file);
  const cachedData = slot && there ? (readCache(slot) ?? undefined) : undefined;
  // One line with the source's first, so stack traces keep the bundle's line numbers.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source.toString('utf8')}\n})`;
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  const use: CodeCacheUse = !slot ? 'off' : cachedData !== undefined && !script.cachedDataRejected ? 'used' : there ? 'rejected' : 'new';
  if (slot && use !== 'used') {
    const where = slot;
    process.once('exit', (code) => {
      if (code === 0) save(script, where);
    });
  }
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, path.dirname(file));
  return use;
}

/** Whether something (a file, a link, anything) is at `p`. */
function existsQuietly(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
