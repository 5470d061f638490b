import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeCacheSlot } from '../../electron/cli/code-cache';
import { defaultCacheDir } from '../../electron/engine/paths';
import { json, ROOT, spawnCli, tempHome } from './helpers';

/**
 * The CLI runs through V8's code cache (electron/cli/code-cache.ts): real child processes, real files. The bytecode
 * of a successful run is kept per command in a private folder and used by the next run; anything doubtful (a folder
 * others can write, a symlink, bytecode V8 refuses, a failed run) means compiling from source, never a broken run.
 */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const RUNNER = path.join(ROOT, 'test/fixtures/code-cache-run.ts');

let tmp: string;
let script: string;
let cacheDir: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'authdesk-code-cache-'));
  script = path.join(tmp, 'cli.cjs');
  // Enough functions that the bytecode taken after the run holds more than the top level.
  writeFileSync(
    script,
    [
      "const path = require('node:path');",
      'const add = (a, b) => a + b;',
      'function sum(n) { let s = 0; for (let i = 0; i < n; i++) s = add(s, i); return s; }',
      "process.stdout.write(`${sum(10)} ${typeof require} ${path.basename(__filename)}\\n`);",
    ].join('\n'),
  );
  cacheDir = path.join(tmp, 'cache', 'authdesk');
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the script through runWithCodeCache in a child; its stdout and how the cache was used. */
function run(command: string, exitCode = 0, dir = cacheDir): { out: string; use: string; status: number | null } {
  const r = spawnSync(process.execPath, ['--import', TSX, RUNNER, script, dir, command, String(exitCode)], { encoding: 'utf8', timeout: 30_000 });
  return { out: r.stdout, use: /cache: (\w+)/.exec(r.stderr)?.[1] ?? r.stderr, status: r.status };
}
const files = () => readdirSync(cacheDir).sort();

describe('runWithCodeCache', () => {
  it('runs the script as CommonJS, saves its bytecode (0600 in a 0700 folder) after a successful run, and uses it next time', () => {
    expect(run('send')).toEqual({ out: '45 function cli.cjs\n', use: 'new', status: 0 });
    const [file] = files();
    expect(file).toMatch(/^cli-send-[0-9a-f]{20}\.v8$/);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(cacheDir, file!)).mode & 0o777).toBe(0o600);
    expect(run('send')).toEqual({ out: '45 function cli.cjs\n', use: 'used', status: 0 });
    // Another command has its own cache; a name that is not a command shares "other".
    expect(run('profile').use).toBe('new');
    expect(run('../../etc').use).toBe('new');
    expect(files().map((f) => f.split('-')[1])).toEqual(['other', 'profile', 'send']);
  });

  it('saves nothing after a failed run, and replaces bytecode V8 refuses (damaged) at the next successful one', () => {
    expect(run('send', 3)).toMatchObject({ use: 'new', status: 3 });
    expect(readdirSync(cacheDir)).toEqual([]);
    run('send');
    const file = path.join(cacheDir, files()[0]!);
    const good = readFileSync(file);
    writeFileSync(file, Buffer.alloc(good.length, 7));
    expect(run('send')).toEqual({ out: '45 function cli.cjs\n', use: 'rejected', status: 0 });
    expect(readFileSync(file).equals(Buffer.alloc(good.length, 7))).toBe(false);
    expect(run('send').use).toBe('used');
  });

  it('a changed bundle gets a new cache and the old one of that command is removed', () => {
    run('send');
    const before = files();
    writeFileSync(script, readFileSync(script, 'utf8').replace('sum(10)', 'sum(11)'));
    expect(run('send')).toMatchObject({ out: '55 function cli.cjs\n', use: 'new' });
    const after = files();
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before[0]);
  });

  it.skipIf(process.platform === 'win32')('does not use or write a cache in a folder others can write to, nor a symlinked cache file', () => {
    run('send');
    chmodSync(cacheDir, 0o777);
    expect(run('send')).toMatchObject({ out: '45 function cli.cjs\n', use: 'off' });
    chmodSync(cacheDir, 0o700);
    const file = path.join(cacheDir, files()[0]!);
    const elsewhere = path.join(tmp, 'planted.v8');
    writeFileSync(elsewhere, readFileSync(file), { mode: 0o600 });
    rmSync(file);
    symlinkSync(elsewhere, file);
    expect(run('send').use).toBe('rejected');
    expect(statSync(file).isFile() && !lstatSync(file).isSymbolicLink()).toBe(true); // replaced by a file of its own
    expect(readFileSync(elsewhere).length).toBeGreaterThan(0); // the link's target untouched
  });

  it.skipIf(process.platform === 'win32')('is off under a folder others can write to and replace it (no sticky bit), as ssh checks a path', () => {
    const open = path.join(tmp, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    expect(run('send', 0, path.join(open, 'authdesk'))).toMatchObject({ out: '45 function cli.cjs\n', use: 'off' });
    chmodSync(open, 0o1777); // sticky, as /tmp: others cannot rename the user's folder
    expect(run('send', 0, path.join(open, 'authdesk')).use).toBe('new');
  });

  it('no cache folder ("-": AUTHDESK_NO_CODE_CACHE) or one that cannot be made: the script still runs', () => {
    expect(run('send', 0, '-')).toEqual({ out: '45 function cli.cjs\n', use: 'off', status: 0 });
    const file = path.join(tmp, 'a-file');
    writeFileSync(file, '');
    expect(run('send', 0, path.join(file, 'cache'))).toEqual({ out: '45 function cli.cjs\n', use: 'off', status: 0 });
  });

  it('keys a cache by the bundle content and command', () => {
    const dir = path.join(tmp, 'd');
    const a = codeCacheSlot(dir, Buffer.from('x'), 'send');
    expect(codeCacheSlot(dir, Buffer.from('x'), 'send')).toEqual(a);
    expect(codeCacheSlot(dir, Buffer.from('y'), 'send').file).not.toBe(a.file);
    expect(path.basename(codeCacheSlot(dir, Buffer.from('x'), undefined).file)).toMatch(/^cli-other-/);
    // One command's name is not the start of another's: "forget" never removes "forget-secrets".
    expect(codeCacheSlot(dir, Buffer.from('x'), 'forget').sameCommand.test(path.basename(codeCacheSlot(dir, Buffer.from('x'), 'forget-secrets').file))).toBe(false);
  });

  it('never gives V8 damaged bytecode or bytecode of another bundle (V8 checks neither): rejected, replaced, no crash', () => {
    run('send');
    const file = path.join(cacheDir, files()[0]!);
    const good = readFileSync(file);
    // Bytes changed inside the bytecode, the header kept: V8 would crash or run other code.
    for (const at of [good.length >> 2, good.length >> 1, good.length - 8]) {
      const bad = Buffer.from(good);
      bad.writeUInt32LE(0xa55aa55a, at);
      writeFileSync(file, bad, { mode: 0o600 });
      expect(run('send')).toEqual({ out: '45 function cli.cjs\n', use: 'rejected', status: 0 });
    }
    // The bytecode of another bundle of the same length, put in this one's slot.
    const other = path.join(tmp, 'other.cjs');
    writeFileSync(other, readFileSync(script, 'utf8').replace('sum(10)', 'sum(12)'));
    const otherDir = path.join(tmp, 'other-cache');
    spawnSync(process.execPath, ['--import', TSX, RUNNER, other, otherDir, 'send'], { encoding: 'utf8', timeout: 30_000 });
    writeFileSync(file, readFileSync(path.join(otherDir, readdirSync(otherDir)[0]!)), { mode: 0o600 });
    expect(run('send')).toEqual({ out: '45 function cli.cjs\n', use: 'rejected', status: 0 });
    expect(run('send').use).toBe('used');
  });

  it.skipIf(process.platform === 'win32')('a named pipe or an oversized file in the slot: not read (no hang), replaced', () => {
    run('send');
    const file = path.join(cacheDir, files()[0]!);
    rmSync(file);
    expect(spawnSync('mkfifo', [file]).status).toBe(0);
    expect(run('send')).toMatchObject({ use: 'rejected', status: 0 });
    expect(statSync(file).isFile()).toBe(true);
    truncateSync(file, 200 * 1024 * 1024); // sparse: not read at all, by its size
    expect(run('send')).toMatchObject({ use: 'rejected', status: 0 });
    expect(statSync(file).size).toBeLessThan(10 * 1024 * 1024);
  });

  it.skipIf(process.platform === 'win32')('a save that cannot finish (a folder where its temporary file goes) says nothing', () => {
    run('send');
    const file = path.join(cacheDir, files()[0]!);
    rmSync(file);
    // `exec` keeps the shell's pid, so the folder sits exactly where this run's temporary file would go.
    const r = spawnSync('bash', ['-c', 'mkdir "$F.$$.tmp" && exec "$NODE" --import "$TSX" "$RUNNER" "$SCRIPT" "$DIR" send'], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, F: file, NODE: process.execPath, TSX, RUNNER, SCRIPT: script, DIR: cacheDir },
    });
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 0, stdout: '45 function cli.cjs\n', stderr: 'cache: new\n' });
  });

  it('leftovers of the command (a killed save\'s temporary file, an older bundle\'s cache) go at its next save', () => {
    run('send');
    const [file] = files();
    const name = file!.replace(/-[0-9a-f]{20}\.v8$/, '');
    writeFileSync(path.join(cacheDir, `${file!}.12345.tmp`), 'left by a killed save', { mode: 0o600 });
    writeFileSync(path.join(cacheDir, `${name}-${'0'.repeat(20)}.v8`), 'an older bundle', { mode: 0o600 });
    rmSync(path.join(cacheDir, file!));
    const r = spawnSync(process.execPath, ['--import', TSX, RUNNER, script, cacheDir, 'send'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stderr).toBe('cache: new\n');
    expect(files()).toEqual([file]);
  });

  it('keeps at most 16 cache files, dropping the oldest', () => {
    for (let i = 0; i < 18; i++) expect(run(`cmd-${String.fromCharCode(97 + i)}`).use).toBe('new');
    expect(files()).toHaveLength(16);
    expect(files().some((f) => f.startsWith('cli-cmd-a-'))).toBe(false);
    expect(files().some((f) => f.startsWith('cli-cmd-r-'))).toBe(true);
  });
});

describe('defaultCacheDir', () => {
  it('follows each OS; only an absolute XDG_CACHE_HOME counts; AUTHDESK_NO_CODE_CACHE turns caching off', () => {
    const home = os.homedir();
    expect(defaultCacheDir({}, 'linux')).toBe(path.join(home, '.cache', 'authdesk'));
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x/c' }, 'linux')).toBe(path.join('/x/c', 'authdesk'));
    expect(defaultCacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux')).toBe(path.join(home, '.cache', 'authdesk'));
    expect(defaultCacheDir({}, 'darwin')).toBe(path.join(home, 'Library', 'Caches', 'Authdesk'));
    expect(defaultCacheDir({ LOCALAPPDATA: 'C:\\L' }, 'win32')).toBe(path.join('C:\\L', 'Authdesk', 'Cache'));
    expect(defaultCacheDir({ AUTHDESK_NO_CODE_CACHE: '1' }, 'linux')).toBeNull();
    expect(defaultCacheDir({ AUTHDESK_NO_CODE_CACHE: '0' }, 'linux')).not.toBeNull();
  });
});

describe('the built CLI', () => {
  it('a second send runs from the cache its first left, with the same answer; no cache with AUTHDESK_NO_CODE_CACHE=1', async () => {
    const home = await tempHome();
    try {
      const cache = path.join(home.home, 'cache', 'authdesk');
      const first = await spawnCli(['profile', 'list', '--json'], { home: home.home, built: true });
      expect(first.code).toBe(0);
      expect(readdirSync(cache)).toEqual([expect.stringMatching(/^cli-profile-[0-9a-f]{20}\.v8$/)]);
      const second = await spawnCli(['profile', 'list', '--json'], { home: home.home, built: true });
      expect(json(second)).toEqual(json(first));
      rmSync(cache, { recursive: true });
      mkdirSync(path.dirname(cache), { recursive: true });
      const off = await spawnCli(['profile', 'list', '--json'], { home: home.home, built: true, env: { AUTHDESK_NO_CODE_CACHE: '1' } });
      expect(off.code).toBe(0);
      expect(readdirSync(path.dirname(cache))).toEqual([]);
    } finally {
      await home.cleanup();
    }
  });
});
