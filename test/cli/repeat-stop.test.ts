import { renameSync, writeFileSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileView } from '../../shared/contract';
import type { HistorySummary } from '../../shared/request';
import type { RepeatSummary } from '../../electron/cli/commands/send';
import { dataPaths } from '../../electron/engine/paths';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { json, runCli, spawnCli, tempHome } from './helpers';

/**
 * `send --repeat` runs that stop early still print their summary (what went out, and why the run stopped) and exit as
 * the stopping error does; a profile file that is briefly unavailable mid-run does not stop the run. Real CLI
 * processes (the built bundle), real servers on 127.0.0.1, the real keychain.
 */

const T = 60_000;
/** The secrets saved in this file's profiles. */
const SECRETS = ['client-secret-1', 'rep-password-1'];
let home: Awaited<ReturnType<typeof tempHome>>;
let token: http.Server;
let api: http.Server;
let tokenUrl: string;
let apiUrl: string;
/** Runs on the API server's Nth request (1-based) of the current test, before it answers. */
let onRequest: (n: number) => void = () => undefined;
let requests = 0;

const listen = async (server: http.Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const send = (args: string[], env?: NodeJS.ProcessEnv) => spawnCli(['send', ...args], { home: home.home, built: true, env, timeoutMs: T });
const fileOf = async (name: string) => path.join(dataPaths(home.home).profiles, `${json<ProfileView>(await runCli(['profile', 'show', name, '--json'], { home: home.home })).id}.json`);

beforeAll(async () => {
  home = await tempHome();
  // The token endpoint refuses the client at /refuse and never answers at /hang.
  token = http.createServer((req, res) => {
    req.resume();
    if (req.url === '/hang') return;
    res.writeHead(401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'invalid_client', error_description: 'unknown client' }));
  });
  tokenUrl = await listen(token);
  api = http.createServer((req, res) => {
    req.resume();
    requests += 1;
    onRequest(requests);
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
  });
  apiUrl = await listen(api);
  const add = (args: string[], input = '') => runCli(['profile', 'add', ...args], { home: home.home, input });
  for (const [name, endpoint] of [['bad-oauth', '/refuse'], ['slow-oauth', '/hang']] as const) {
    const r = await add([name, '--scheme', 'oauth2', '--grant', 'client_credentials', '--token-endpoint', `${tokenUrl}${endpoint}`, '--client-id', 'c1'], 'client-secret-1\n');
    expect(r.code, r.stderr).toBe(0);
  }
  expect((await add(['env-basic', '--scheme', 'basic', '--username', 'u', '--secret-env', 'REPEAT_STOP_PW'])).code).toBe(0);
  expect((await add(['rep', '--scheme', 'basic', '--username', 'u'], 'rep-password-1\n')).code).toBe(0);
});
afterAll(async () => {
  for (const name of ['bad-oauth', 'slow-oauth', 'env-basic', 'rep']) await runCli(['profile', 'remove', name], { home: home.home });
  token.closeAllConnections();
  api.closeAllConnections();
  await Promise.all([new Promise((r) => token.close(r)), new Promise((r) => api.close(r))]);
  await home.cleanup();
});

describe('send --repeat stopped at the auth stage still prints its summary and why it stopped', () => {
  it('a refused client (invalid_client), alone and with --concurrency 2: count 0, failure auth_flow, exit 3', async () => {
    for (const extra of [[], ['--concurrency', '2']]) {
      const run = await send(['bad-oauth', `${apiUrl}/x`, '--repeat', '5', '--json', ...extra]);
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toMatch(/^authdesk: invalid_client/);
      const s = json<RepeatSummary>(run);
      expect(s).toMatchObject({ count: 0, ok: 0, failed: 0, statusCounts: {}, failure: 'auth_flow' });
      expect(s.error).toMatch(/^invalid_client/);
      expect(s.error).not.toContain('client-secret-1');
    }
    const human = await send(['bad-oauth', `${apiUrl}/x`, '--repeat', '5']);
    expect(human.code).toBe(3);
    expect(human.stdout).toMatch(/^0 requests · 0 ok · 0 failed · statuses —\n/);
    expect(human.stdout).toMatch(/\nStopped early: 0 of 5 requests went out \(auth_flow: invalid_client/);
  }, T);

  it('a missing secret (secret_missing) and a token endpoint that does not answer (auth_flow): exit 3 with the summary', async () => {
    const missing = await send(['env-basic', `${apiUrl}/x`, '--repeat', '3', '--json'], { REPEAT_STOP_PW: undefined });
    expect(missing.code).toBe(3);
    expect(json<RepeatSummary>(missing)).toMatchObject({ count: 0, failure: 'secret_missing', error: expect.stringContaining('REPEAT_STOP_PW') });
    const slow = await send(['slow-oauth', `${apiUrl}/x`, '--repeat', '3', '--concurrency', '2', '--timeout', '300', '--json']);
    expect(slow.code).toBe(3);
    expect(json<RepeatSummary>(slow)).toMatchObject({ count: 0, failure: 'auth_flow', error: expect.stringMatching(/^No answer from the OAuth endpoint at .* within 300 ms\./) });
  }, T);

  it('history lists those attempts as not sent, with their redacted error (--json rows have error)', async () => {
    const rows = json<HistorySummary[]>(await spawnCli(['history', '--profile', 'bad-oauth', '--json'], { home: home.home, built: true }));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r).toMatchObject({ status: null, failure: 'auth_flow', error: expect.stringMatching(/^invalid_client/) });
    const table = await spawnCli(['history', '--profile', 'bad-oauth'], { home: home.home, built: true });
    const lines = table.stdout.trim().split('\n').slice(1);
    expect(lines).toHaveLength(rows.length);
    for (const line of lines) expect(line).toMatch(/ not sent \(auth_flow\) +— +http/);
    const missing = json<HistorySummary[]>(await spawnCli(['history', '--profile', 'env-basic', '--json'], { home: home.home, built: true }));
    expect(missing[0]).toMatchObject({ failure: 'secret_missing', error: expect.stringContaining('REPEAT_STOP_PW') });
    // The new error field and the not-sent entries hold no secret (the data folder is scanned last, below).
    expect(findLeaks(`${JSON.stringify(rows)}${table.stdout}`, SECRETS, ['c1', 'u'])).toEqual([]);
  }, T);

  it('a run complete to the end has failure and error null', async () => {
    const run = await send(['rep', `${apiUrl}/x`, '--repeat', '3', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(json<RepeatSummary>(run)).toMatchObject({ count: 3, ok: 3, failed: 0, failure: null, error: null });
  }, T);
});

describe('send --repeat and a profile file that goes away mid-run', () => {
  it('removed for good after some requests went out: their summary, the accurate message, exit 1', async () => {
    const file = await fileOf('rep');
    requests = 0;
    onRequest = (n) => n === 3 && renameSync(file, `${file}.away`);
    try {
      const run = await send(['rep', `${apiUrl}/x`, '--repeat', '200', '--json']);
      expect(run.code, run.stderr).toBe(1);
      const s = json<RepeatSummary>(run);
      expect(s.count).toBeGreaterThanOrEqual(3);
      expect(s.count).toBeLessThan(10);
      expect(s).toMatchObject({ ok: s.count, failed: 0, statusCounts: { '200': s.count }, failure: 'failed' });
      expect(s.error).toMatch(/^No profile with id [0-9a-f-]{36} any more: there is no file .*\.json \(it was read before and did not come back within 1 s\)/);
      expect(run.stderr).toContain('authdesk: No profile with id');
      expect(run.stderr).not.toContain('usage');
    } finally {
      onRequest = () => undefined;
      renameSync(`${file}.away`, file);
    }
  }, T);

  it('the profiles folder moved away for 0.5 s, or the file half-written for 0.5 s: the run goes on to the end', async () => {
    const file = await fileOf('rep');
    const dir = path.dirname(file);
    const text = readFileSync(file, 'utf8');
    const outages: Record<string, () => void> = {
      folder: () => {
        renameSync(dir, `${dir}.gone`);
        setTimeout(() => renameSync(`${dir}.gone`, dir), 500);
      },
      'half-written': () => {
        writeFileSync(file, text.slice(0, text.length / 2));
        setTimeout(() => writeFileSync(file, text), 500);
      },
    };
    for (const [what, outage] of Object.entries(outages)) {
      requests = 0;
      onRequest = (n) => n === 20 && outage();
      try {
        const run = await send(['rep', `${apiUrl}/x`, '--repeat', '200', '--json']);
        expect(run.code, `${what}: ${run.stderr}`).toBe(0);
        expect(json<RepeatSummary>(run)).toMatchObject({ count: 200, ok: 200, failure: null });
      } finally {
        onRequest = () => undefined;
      }
    }
  }, T);
});

describe('send on a profile file that is not valid JSON', () => {
  it('names the file and its problem instead of "There are no profiles yet"', async () => {
    const file = path.join(dataPaths(home.home).profiles, 'broken.json');
    writeFileSync(file, '{ "name": "p", ');
    try {
      const run = await send(['p', `${apiUrl}/x`]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^authdesk: No profile named "p"\. Profiles: .*\. 1 profile file could not be read: could not read .*broken\.json: not valid JSON/);
      expect(run.stderr).not.toContain('no profiles yet');
    } finally {
      renameSync(file, `${file}.bak`);
    }
  }, T);
});

/**
 * Last, once no other process writes: reading history.sqlite from this process (which ran the CLI in-process, and
 * libsql keeps those connections open) drops their POSIX locks, so a CLI process started afterwards could delete the
 * WAL under them (see test/integration/history-reopen.test.ts).
 */
describe('the data folder after these runs', () => {
  it('holds no secret in any form (profiles, history and its WAL)', async () => {
    expect(await scanPaths([home.home], SECRETS, ['c1', 'u'])).toEqual([]);
  });
});
