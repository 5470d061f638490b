import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { runCli, spawnCli, tempHome, transcript, type Run } from './helpers';

/**
 * The exit-code contract where no OS keychain answers (no D-Bus session: run outside scripts/with-keyring.sh, or a
 * CI box without Secret Service, TRAPS T21): the built CLI as a process exits as its --help says (3, as `send`
 * always did), says that nothing was written in plaintext, and writes nothing. Every command's --help lists its
 * exit codes, and the top-level help names the keychain under 3.
 */

const T = 60_000;
const PASSWORD = 'no-keychain-pw-+/=&#7Q';
let home: Awaited<ReturnType<typeof tempHome>>;
/** An environment with no way to a D-Bus session bus: no address, no X11 autolaunch, an empty runtime dir. */
let noBus: NodeJS.ProcessEnv;

const built = (args: string[], input?: string) => spawnCli(args, { home: home.home, input, built: true, env: noBus, timeoutMs: T });

/** The `Exit codes:` block of a help text: code → meaning. */
function exitCodes(help: string): Map<number, string> {
  const block = help.split('\nExit codes:')[1] ?? '';
  const codes = new Map<number, string>();
  for (const line of block.split('\n').slice(1, 20)) {
    const m = /^ {2}(\d+)\s+(.+)$/.exec(line);
    if (!m) break;
    codes.set(Number(m[1]), m[2]!);
  }
  return codes;
}

/** Asserts what a run against an unavailable keychain must show: the documented code, the plaintext promise. */
async function expectRefused(run: Run, command: string[]): Promise<void> {
  expect(run.code, run.stderr).toBe(3);
  expect(run.stderr).toMatch(/^authdesk: The OS keychain is not available\b/);
  expect(run.stderr).toContain('Nothing was written in plaintext.');
  expect(run.stdout).toBe('');
  const help = await spawnCli([...command, '--help'], { home: home.home, built: true, timeoutMs: T });
  expect(exitCodes(help.stdout).get(3), `${command.join(' ')} --help`).toMatch(/OS keychain is unavailable \(nothing is written in plaintext\)/);
}

beforeAll(async () => {
  home = await tempHome();
  const runtime = path.join(home.home, 'runtime');
  await mkdir(runtime, { mode: 0o700 });
  noBus = { DBUS_SESSION_BUS_ADDRESS: undefined, DISPLAY: undefined, XDG_RUNTIME_DIR: runtime, AUTHDESK_KEYRING_SESSION: undefined };
});

afterAll(async () => home?.cleanup());

describe('no OS keychain', () => {
  it('profile add exits 3 as documented, says nothing was written in plaintext, and saves no profile', async () => {
    await expectRefused(await built(['profile', 'add', 'nk', '--scheme', 'basic', '--username', 'u'], `${PASSWORD}\n`), ['profile', 'add']);
    await expectRefused(await built(['profile', 'add', 'nk', '--scheme', 'basic', '--username', 'u', '--json'], `${PASSWORD}\n`), ['profile', 'add']);
    const profiles = await readdir(path.join(home.home, 'profiles')).catch(() => []);
    expect(profiles.filter((f) => f.endsWith('.json'))).toEqual([]);
  }, T);

  it('forget-secrets exits 3 as documented, with or without --json', async () => {
    await expectRefused(await built(['forget-secrets', '--yes']), ['forget-secrets']);
    await expectRefused(await built(['forget-secrets', '--yes', '--json']), ['forget-secrets']);
  }, T);

  it('the top-level help gives 3 to an unavailable keychain, and every command lists its exit codes', async () => {
    const top = await spawnCli(['--help'], { home: home.home, built: true, timeoutMs: T });
    expect(top.stdout).toMatch(/· 3 network or auth-flow error, or the OS keychain unavailable \(nothing is written in plaintext\) ·/);
    const commands = [['profile', 'add'], ['profile', 'list'], ['profile', 'show'], ['profile', 'remove'], ['rotate'], ['token'], ['revoke'], ['send'], ['history'], ['metrics'], ['export'], ['forget-secrets'], ['sandbox']];
    for (const cmd of commands) {
      const codes = exitCodes((await runCli([...cmd, '--help'], { home: home.home })).stdout);
      expect(codes.has(0), cmd.join(' ')).toBe(true);
      expect(codes.has(2), cmd.join(' ')).toBe(true);
    }
    const token = exitCodes((await runCli(['token', '--help'], { home: home.home })).stdout);
    expect(token.get(1)).toMatch(/data folder/);
    for (const cmd of [['rotate'], ['token'], ['revoke'], ['profile', 'remove']]) {
      expect(exitCodes((await runCli([...cmd, '--help'], { home: home.home })).stdout).get(3), cmd.join(' ')).toMatch(/OS keychain is unavailable/);
    }
  }, T);

  it('the password typed on standard input is nowhere', async () => {
    expect(findLeaks(transcript.join('\n'), [PASSWORD])).toEqual([]);
    expect(await scanPaths([home.home], [PASSWORD])).toEqual([]);
  }, T);
});
