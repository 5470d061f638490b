import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { json, spawnCli } from './helpers';

/**
 * Issue #2: "The data directory is the OS app-data directory of Authdesk, shared with the desktop app; the environment
 * variable AUTHDESK_HOME overrides it." The desktop app (electron/main.ts) trims AUTHDESK_HOME and falls back to
 * Electron's userData, which on Linux treats an empty XDG_CONFIG_HOME as unset; the CLI must land in the same folder,
 * never in one named after whitespace, or in ./Authdesk of whatever directory the command runs from.
 */

const T = 60_000;
const scratch: string[] = [];

/** A fresh HOME and a separate working directory, both removed after the test. */
async function sandboxDirs(): Promise<{ userHome: string; cwd: string }> {
  const userHome = await mkdtemp(path.join(os.tmpdir(), 'authdesk-userhome-'));
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'authdesk-cwd-'));
  scratch.push(userHome, cwd);
  return { userHome, cwd };
}

afterEach(async () => {
  await Promise.all(scratch.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** Adds a profile whose secret is an env reference (no keychain needed) and lists profiles, with `home` as AUTHDESK_HOME. */
async function addAndList(home: string, env: NodeJS.ProcessEnv, cwd: string) {
  const add = await spawnCli(['profile', 'add', 'ci', '--scheme', 'bearer', '--secret-env', 'CI_TOKEN'], { home, env, cwd, input: null, timeoutMs: T });
  const list = await spawnCli(['profile', 'list', '--json'], { home, env, cwd, input: null, timeoutMs: T });
  return { add, list };
}

describe('the data directory (AUTHDESK_HOME, else the OS app-data folder)', () => {
  it.runIf(process.platform === 'linux')(
    'an empty XDG_CONFIG_HOME and an empty or whitespace-only AUTHDESK_HOME fall back to ~/.config/Authdesk, not the working directory',
    async () => {
      for (const home of ['', '  ']) {
        const { userHome, cwd } = await sandboxDirs();
        const { add, list } = await addAndList(home, { HOME: userHome, XDG_CONFIG_HOME: '' }, cwd);
        expect(add.code, add.stderr).toBe(0);
        expect(json<{ name: string }[]>(list).map((p) => p.name)).toEqual(['ci']);
        expect(readdirSync(path.join(userHome, '.config', 'Authdesk', 'profiles'))).toHaveLength(1);
        expect(readdirSync(cwd), `AUTHDESK_HOME=${JSON.stringify(home)}`).toEqual([]);
      }
    },
    2 * T,
  );

  it(
    'AUTHDESK_HOME with surrounding whitespace is the folder it names (as the desktop app reads it)',
    async () => {
      const { userHome, cwd } = await sandboxDirs();
      const data = path.join(userHome, 'data');
      const { add, list } = await addAndList(`  ${data}\n`, { HOME: userHome }, cwd);
      expect(add.code, add.stderr).toBe(0);
      expect(json<{ name: string }[]>(list).map((p) => p.name)).toEqual(['ci']);
      expect(existsSync(path.join(data, 'profiles'))).toBe(true);
      expect(readdirSync(cwd)).toEqual([]);
    },
    T,
  );

  it.runIf(process.platform === 'linux')(
    'a data directory under /proc (where mkdir answers ENOENT forever) ends with the clear message and exit 1, not a hang',
    async () => {
      const { userHome, cwd } = await sandboxDirs();
      for (const home of ['/proc/nope', '/proc/nope/deeper/still', '/sys/nope', '/etc/passwd/sub']) {
        const r = await spawnCli(['profile', 'list'], { home, env: { HOME: userHome }, cwd, input: null, timeoutMs: 20_000 });
        expect(r.code, `${home}: ${r.stderr}`).toBe(1);
        expect(r.stderr).toMatch(new RegExp(`^authdesk: Could not open the data directory ${home} \\((ENOENT|EPERM|EACCES|ENOTDIR)\\)\\. Point AUTHDESK_HOME at a writable folder\\.\n$`));
      }
    },
    2 * T,
  );
});
