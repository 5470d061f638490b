import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { makeDirSync } from '../engine/make-dir';

/**
 * V8's code cache for the CLI bundle. Node 20 compiles an ES module's whole source on every start and each function
 * again on its first call (about 40 ms of a CLI start: a single `send` took 206 ms as an ES module, 164 ms from
 * the cache, medians of 9 runs on a 2-core VM); Node 22's module compile cache does not exist in Node 20. So the CLI is one CommonJS script (build/cli.vite.config.ts) compiled through `vm.Script`
 * with the bytecode a previous successful run of the same command left behind, taken after that run (so it holds
 * the functions the command called, not only the top level). Caching is an optimisation only: any problem (no
 * cache folder, a folder others can write to, a cache V8 rejects, a full disk) runs the CLI without the cache, as
 * before, and says nothing.
 */

/** The cache of one command of one bundle for this Node version (V8 itself refuses bytecode of other V8 flags). */
export interface CodeCacheSlot {
  /** The cache file: `<dir>/cli-<command>-<digest>.v8`. */
  file: string;
  /** Other caches of the same command (earlier bundles or Node versions), removed when this one is written. */
  stalePrefix: string;
}

/** How {@link runWithCodeCache} used the cache. */
export type CodeCacheUse = 'off' | 'used' | 'new' | 'rejected';

/** Commands get their own cache (each runs other code); anything else shares `other`. */
const COMMAND = /^[a-z][a-z-]{0,19}$/;

/**
 * The cache slot of `command` for the bundle `source`: keyed by a SHA-256 of the source (V8 checks only its length)
 * with the Node version and architecture.
 */
export function codeCacheSlot(dir: string, source: Buffer, command: string | undefined): CodeCacheSlot {
  const name = command !== undefined && COMMAND.test(command) ? command : 'other';
  const digest = createHash('sha256').update(source).update(`\0${process.version}\0${process.arch}`).digest('hex').slice(0, 20);
  return { file: path.join(dir, `cli-${name}-${digest}.v8`), stalePrefix: `cli-${name}-` };
}

/**
 * Whether `p` may hold code this user runs: owned by this user and writable by nobody else (as ssh checks its files),
 * and a folder or a regular file as `kind` says (not a symlink). Bytecode from a cache others can write would run as
 * this user. Always true on Windows, whose per-user local app-data folder is private by its ACL.
 */
export function privateToUser(p: string, kind: 'dir' | 'file'): boolean {
  if (process.platform === 'win32') return true;
  try {
    const st = lstatSync(p);
    const right = kind === 'dir' ? st.isDirectory() : st.isFile();
    return right && st.uid === process.getuid?.() && (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/**
 * Writes the bytecode of `script` to `slot.file` (mode 0600, through a temporary file and a rename, so a concurrent
 * run reads the old file or the new one, never half of one) and removes the command's stale caches. Errors are
 * ignored: the next run compiles from source again.
 */
function save(script: vm.Script, slot: CodeCacheSlot): void {
  const tmp = `${slot.file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
    renameSync(tmp, slot.file);
    const dir = path.dirname(slot.file);
    const mine = path.basename(slot.file);
    for (const f of readdirSync(dir)) if (f.startsWith(slot.stalePrefix) && f !== mine && f.endsWith('.v8')) rmSync(path.join(dir, f), { force: true });
  } catch {
    rmSync(tmp, { force: true });
  }
}

/**
 * Runs the CommonJS file `file` as Node's loader would (its own `require`, `module`, `__filename`, `__dirname`),
 * compiled with the cached bytecode of `command` from `cacheDir` when there is one that V8 accepts. When there was
 * none (or V8 rejected it) and the process ends with exit code 0, the bytecode of what ran is saved for the next run.
 * `cacheDir` null: no cache at all. The folder is created (0700) when missing; one that is not private to this user
 * (see {@link privateToUser}) is not used, nor is a cache file that is not.
 * @returns how the cache was used: `off` (no usable folder), `used` (V8 took the bytecode), `new` (none yet: saved at
 *   a successful exit) or `rejected` (V8 refused it, e.g. another Node build: replaced at a successful exit)
 * @throws what reading `file` throws (ENOENT when the CLI is not built), and what the script throws while loading
 */
export function runWithCodeCache(file: string, cacheDir: string | null, command: string | undefined): CodeCacheUse {
  const source = readFileSync(file);
  let slot: CodeCacheSlot | null = null;
  if (cacheDir !== null) {
    try {
      makeDirSync(cacheDir, 0o700);
      if (privateToUser(cacheDir, 'dir')) slot = codeCacheSlot(cacheDir, source, command);
    } catch {
      slot = null;
    }
  }
  let cachedData: Buffer | undefined;
  try {
    if (slot && privateToUser(slot.file, 'file')) cachedData = readFileSync(slot.file);
  } catch {
    cachedData = undefined; // removed meanwhile by another run replacing it
  }
  // One line with the source's first, so stack traces keep the bundle's line numbers.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source.toString('utf8')}\n})`;
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  const use: CodeCacheUse = !slot ? 'off' : cachedData === undefined ? 'new' : script.cachedDataRejected ? 'rejected' : 'used';
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
