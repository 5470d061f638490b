import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/main';
import { runCli, tempHome } from './helpers';

/** Top-level error handling: one `authdesk:` line, the right exit code, a stack only with AUTHDESK_DEBUG=1. */

let home: Awaited<ReturnType<typeof tempHome>>;
beforeEach(async () => (home = await tempHome()));
afterEach(async () => home.cleanup());

describe('errors', () => {
  it('an unexpected error prints a short message and the AUTHDESK_DEBUG hint; the stack only when asked', async () => {
    const run = async (debug: string) => {
      let stderr = '';
      const code = await main(['node', 'authdesk', 'profile', 'list'], {
        stdin: Readable.from([]),
        stdout: {
          write: () => {
            throw new TypeError('boom in stdout');
          },
        },
        stderr: { write: (s: string) => (stderr += s) },
        env: { ...process.env, AUTHDESK_HOME: home.home, AUTHDESK_DEBUG: debug },
        cwd: home.home,
        waitForStop: () => Promise.resolve(),
      });
      return { code, stderr };
    };
    const quiet = await run('');
    expect(quiet.code).toBe(1);
    expect(quiet.stderr).toBe('authdesk: unexpected error (TypeError). This is a bug; rerun with AUTHDESK_DEBUG=1 to see the stack trace.\n');
    const loud = await run('1');
    expect(loud.stderr).toContain('TypeError: boom in stdout');
    expect(loud.stderr).toMatch(/\n\s+at /);
  });

  it('a data directory that is a file is a clear error, not a crash', async () => {
    const file = path.join(home.home, 'not-a-dir');
    await writeFile(file, 'x');
    const r = await runCli(['profile', 'list'], { home: file });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^authdesk: Could not open the data directory .*not-a-dir \(E[A-Z]+\)/);
  });

  it('a history file that is not a SQLite database: says so, where it is and how to set it aside; exit 1; the file is untouched', async () => {
    const file = path.join(home.home, 'history.sqlite');
    const garbage = randomBytes(4096);
    await writeFile(file, garbage);
    const r = await runCli(['profile', 'list'], { home: home.home });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `authdesk: The history file ${file} is not a readable SQLite database (SQLITE_NOTADB): it is damaged, or not Authdesk's. Move it aside (mv '${file}' '${file}.damaged') and Authdesk starts a new, empty history; profiles and keychain secrets are not affected.\n`,
    );
    expect((await readFile(file)).equals(garbage)).toBe(true);
    // Following the advice works.
    await rename(file, `${file}.damaged`);
    expect((await runCli(['profile', 'list'], { home: home.home })).code).toBe(0);
    expect((await readFile(`${file}.damaged`)).equals(garbage)).toBe(true);
  });

  it('profile list warns on stderr about unreadable profile files and still lists the rest', async () => {
    await mkdir(path.join(home.home, 'profiles'), { recursive: true });
    await writeFile(path.join(home.home, 'profiles', 'broken.json'), '{ not json');
    const r = await runCli(['profile', 'list', '--json'], { home: home.home });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(r.stderr).toMatch(/^authdesk: warning: could not read .*broken\.json: not valid JSON/);
  });

  it('a profiles path that is a file: every profile command names it and says to move it aside; exit 1; following that works', async () => {
    const file = path.join(home.home, 'profiles');
    await writeFile(file, 'not a folder');
    const expected = `authdesk: The profiles folder ${file} is a file, not a folder. Move the file aside (mv '${file}' '${file}.bak') and Authdesk creates the folder on the next profile add.\n`;
    for (const args of [['profile', 'list'], ['profile', 'show', 'x'], ['profile', 'show', '00000000-0000-4000-8000-000000000001'], ['profile', 'add', 'x', '--scheme', 'bearer', '--secret-env', 'T']]) {
      const r = await runCli(args, { home: home.home });
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toBe(expected);
    }
    expect(await readFile(file, 'utf8')).toBe('not a folder');
    await rename(file, `${file}.bak`);
    expect((await runCli(['profile', 'add', 'x', '--scheme', 'bearer', '--secret-env', 'T'], { home: home.home })).code).toBe(0);
    expect((await runCli(['profile', 'list'], { home: home.home })).code).toBe(0);
  });

  it('an oversized profile file (over 1 MB) is reported by its size without being read, and the other profiles keep working', async () => {
    expect((await runCli(['profile', 'add', 'ok', '--scheme', 'bearer', '--secret-env', 'T'], { home: home.home })).code).toBe(0);
    const big = path.join(home.home, 'profiles', '00000000-0000-4000-8000-0000000000b1.json');
    await writeFile(big, '');
    await truncate(big, 200 * 1024 * 1024); // sparse: costs no disk; a read of it would take 200 MB of memory
    const tooLarge = `${big} is too large to be a profile (209715200 bytes; a profile file is at most 1 MB, usually a few kB). Move it out of the profiles folder.`;
    const list = await runCli(['profile', 'list', '--json'], { home: home.home });
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { name: string }[]).map((p) => p.name)).toEqual(['ok']);
    expect(list.stderr).toBe(`authdesk: warning: ${tooLarge}\n`);
    expect((await runCli(['profile', 'show', 'ok'], { home: home.home })).code).toBe(0);
    const byId = await runCli(['profile', 'show', '00000000-0000-4000-8000-0000000000b1'], { home: home.home });
    expect(byId.code).toBe(1);
    expect(byId.stderr).toBe(`authdesk: The file of profile 00000000-0000-4000-8000-0000000000b1 cannot be used: ${tooLarge}\n`);
    // At the cap exactly, the file is read (and refused for what it holds, not for its size).
    await truncate(big, 1024 * 1024);
    expect((await runCli(['profile', 'list'], { home: home.home })).stderr).toMatch(/^authdesk: warning: could not read .*b1\.json: not valid JSON/);
  });

  it('a named pipe among the profile files is reported at once (no wait for a writer), and the other profiles keep working', async () => {
    expect((await runCli(['profile', 'add', 'ok', '--scheme', 'bearer', '--secret-env', 'T'], { home: home.home })).code).toBe(0);
    const fifo = path.join(home.home, 'profiles', '00000000-0000-4000-8000-0000000000f1.json');
    await promisify(execFile)('mkfifo', [fifo]);
    const list = await runCli(['profile', 'list', '--json'], { home: home.home });
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { name: string }[]).map((p) => p.name)).toEqual(['ok']);
    expect(list.stderr).toBe(`authdesk: warning: ${fifo} is not a regular file (a pipe, device or folder): move it out of the profiles folder.\n`);
    const byId = await runCli(['profile', 'show', '00000000-0000-4000-8000-0000000000f1'], { home: home.home });
    expect(byId.code).toBe(1);
    expect(byId.stderr).toContain('is not a regular file');
  });

  it('usage errors from commander exit 2 with an authdesk: prefix; help exits 0 for every command', async () => {
    const missing = await runCli(['send', 'only-name'], { home: home.home });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^authdesk: missing required argument 'url'/);
    expect((await runCli(['send', 'x', 'http://h/', '--timeout', 'soon'], { home: home.home })).code).toBe(2);
    expect((await runCli(['sandbox', '--port', '70000'], { home: home.home })).code).toBe(2);
    expect((await runCli(['history', '--bogus'], { home: home.home })).code).toBe(2);
    const profileOnly = await runCli(['profile'], { home: home.home });
    expect(profileOnly.code).toBe(2);
    for (const cmd of [['profile', 'add'], ['profile', 'list'], ['profile', 'show'], ['profile', 'remove'], ['rotate'], ['send'], ['history'], ['metrics'], ['export'], ['sandbox']]) {
      const r = await runCli([...cmd, '--help'], { home: home.home });
      expect(r.code, cmd.join(' ')).toBe(0);
      expect(r.stdout, cmd.join(' ')).toMatch(new RegExp(`^Usage: authdesk ${cmd.join(' ')}`));
    }
    expect((await runCli(['send', '--help'], { home: home.home })).stdout).toContain('Exit codes:');
  });
});
