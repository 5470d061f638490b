import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { json, spawnCli, tempHome } from './helpers';

const basic = (pw: string) => `Basic ${Buffer.from(`alice:${pw}`).toString('base64')}`;
const OLD = basic('OLDPW-1a2b');
const NEW = basic('NEWPW-3c4d');

/**
 * The new-user trial's repro, as processes: `send --repeat 200` runs while `authdesk rotate` replaces the password in
 * another process, then the old profile file is put back as `git checkout` does (a new file renamed over it). The API
 * holds a response at two points so that each change lands in the middle of the run, not before or after it.
 */
describe('rotate while send --repeat runs, then the old profile file is restored', () => {
  let home: { home: string; cleanup: () => Promise<void> };
  let server: http.Server;
  let url = '';
  const seen: string[] = [];
  /** Called with each request's Authorization; resolves when its response may go out. */
  let gate: (auth: string) => Promise<void> = async () => undefined;

  beforeAll(async () => {
    home = await tempHome();
    server = http.createServer((req, res) => {
      seen.push(req.headers.authorization ?? '');
      void gate(req.headers.authorization ?? '').then(() => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/me`;
  });
  afterAll(async () => {
    await spawnCli(['profile', 'remove', 'p'], { home: home.home, input: null });
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await home.cleanup();
  });

  it('never sends the rotated-away password again, and history names the key version sent', async () => {
    expect((await spawnCli(['profile', 'add', 'p', '--scheme', 'basic', '--username', 'alice'], { home: home.home, input: 'OLDPW-1a2b\n' })).code).toBe(0);
    const dir = path.join(home.home, 'profiles');
    const file = path.join(dir, (await readdir(dir)).find((f) => f.endsWith('.json'))!);
    const oldFile = await readFile(file, 'utf8');
    const oldFp = (JSON.parse(oldFile) as { secrets: { password: { fingerprint: string } } }).secrets.password.fingerprint;

    let newSeen = 0;
    let restoredAt = -1;
    gate = async (auth) => {
      if (seen.length === 20) {
        // `printf NEWPW | authdesk rotate p` in another process, while this response is held.
        expect((await spawnCli(['rotate', 'p'], { home: home.home, input: 'NEWPW-3c4d' })).code).toBe(0);
      }
      if (auth === NEW && ++newSeen === 20) {
        const tmp = path.join(dir, '.checkout.tmp');
        await writeFile(tmp, oldFile, { mode: 0o600 });
        await rename(tmp, file);
        restoredAt = seen.length;
        await new Promise((resolve) => setTimeout(resolve, 300)); // the running process's watcher reports it
      }
    };
    const run = await spawnCli(['send', 'p', url, '--repeat', '200', '--json'], { home: home.home, timeoutMs: 90_000 });
    gate = async () => undefined;
    expect(run.code, run.stderr).toBe(0);
    expect(seen).toHaveLength(200);
    expect(restoredAt).toBeGreaterThan(0);
    const firstNew = seen.indexOf(NEW);
    expect(firstNew).toBeGreaterThan(19);
    // After the running process saw NEWPW, OLDPW never went out again: neither before nor after the restore.
    expect(seen.slice(firstNew).filter((a) => a !== NEW)).toEqual([]);

    // A fresh process with the restored file sends NEWPW, names its key version, and says the file names another.
    const fresh = json<{ authSteps: { kind: string; detail: string }[] }>(await spawnCli(['send', 'p', url, '--json'], { home: home.home }));
    expect(seen.at(-1)).toBe(NEW);
    const rows = json<{ fingerprints: string[] }[]>(await spawnCli(['history', '--json', '--limit', '500'], { home: home.home }));
    expect(rows).toHaveLength(201);
    const newFp = rows[0]!.fingerprints[0]!;
    expect(newFp).not.toBe(oldFp);
    expect(fresh.authSteps.map((s) => s.detail).join('\n')).toContain(`names key version ${oldFp} of the password, but the keychain holds version ${newFp}`);
    // Rows are newest first; a request is credited to OLDPW's version only if OLDPW went out in it.
    const oldest = [...rows].reverse();
    expect(oldest.map((r, i) => (r.fingerprints[0] === oldFp) === ((seen[i] ?? NEW) === OLD))).not.toContain(false);
    // Neither password, old or new, is in the data folder (profiles, history, its WAL) or in what the CLI printed.
    const secrets = ['OLDPW-1a2b', 'NEWPW-3c4d'];
    expect(await scanPaths([home.home], secrets, ['alice'])).toEqual([]);
    expect(findLeaks(`${run.stdout}${run.stderr}${JSON.stringify(fresh)}`, secrets, ['alice'])).toEqual([]);
  }, 120_000);
});
