import { readFile, rename, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistorySummary } from '../../shared/request';
import type { WorkspaceMetrics } from '../../shared/metrics';
import { startSandbox, type Sandbox } from '../../electron/engine/sandbox';
import { closedPort, json, runCli, tempHome } from './helpers';

/** metrics, history and export after a realistic onboarding: a failed attempt, a fix, a success. */

let sandbox: Sandbox;
let home: Awaited<ReturnType<typeof tempHome>>;
const cli = (args: string[], input?: string) => runCli(args, { home: home.home, input });

beforeAll(async () => {
  sandbox = await startSandbox(0);
  home = await tempHome();
  const base = sandbox.info.baseUrl;
  // "onboard": wrong password → 401, a typo'd port → network, fix the password → 200, one more 200
  expect((await cli(['profile', 'add', 'onboard', '--scheme', 'basic', '--username', 'demo'], 'authdesk-dem0\n')).code).toBe(0);
  expect((await cli(['send', 'onboard', `${base}/basic`])).code).toBe(1);
  expect((await cli(['send', 'onboard', `http://127.0.0.1:${await closedPort()}/basic`])).code).toBe(3);
  expect((await cli(['rotate', 'onboard'], 'authdesk-demo\n')).code).toBe(0);
  const first = await cli(['send', 'onboard', `${base}/basic`]);
  expect(first.code).toBe(0);
  expect(first.stdout).toMatch(/^First successful call for onboard after \d+ (ms|s)$/m);
  const second = await cli(['send', 'onboard', `${base}/basic`]);
  expect(second.code).toBe(0);
  expect(second.stdout).not.toContain('First successful call');
  // "never": only failures
  expect((await cli(['profile', 'add', 'never', '--scheme', 'bearer'], 'wrong-token\n')).code).toBe(0);
  expect((await cli(['send', 'never', `${base}/bearer`])).code).toBe(1);
}, 60_000);
afterAll(async () => {
  await sandbox?.close();
  await home?.cleanup();
});

describe('metrics', () => {
  it('--json: TTFSC, attempts before success, failures by reason, latency percentiles', async () => {
    const r = await cli(['metrics', '--json']);
    expect(r.code).toBe(0);
    const m = json<WorkspaceMetrics>(r);
    const onboard = m.profiles.find((p) => p.profile === 'onboard')!;
    expect(onboard.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(onboard.firstSuccessAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(onboard.ttfscMs).toEqual(expect.any(Number));
    expect(onboard.ttfscMs).toBeGreaterThanOrEqual(0);
    expect(onboard.attemptsBeforeSuccess).toBe(2);
    expect(onboard.failures).toEqual({ invalid_credentials: 1, network: 1 });
    expect(onboard.latency.count).toBe(3); // requests that got an answer (the refused connection has no latency)
    expect(onboard.latency.p50Ms).toEqual(expect.any(Number));
    expect(onboard.latency.p95Ms).toBeGreaterThanOrEqual(onboard.latency.p50Ms!);
    const never = m.profiles.find((p) => p.profile === 'never')!;
    expect(never).toMatchObject({ ttfscMs: null, firstSuccessAt: null, attemptsBeforeSuccess: 1, failures: { invalid_credentials: 1 } });
    expect(m.workspace).toMatchObject({ profilesTotal: 2, profilesWithSuccess: 1 });
  });

  it('prints a table without --json', async () => {
    const r = await cli(['metrics']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PROFILE\s+CREATED\s+TTFSC/);
    expect(r.stdout).toMatch(/onboard .*invalid_credentials ×1, network ×1/);
    expect(r.stdout).toMatch(/never .*—/);
    expect(r.stdout).toContain('1 of 2 profile(s) reached a 2xx');
  });
});

describe('history', () => {
  it('--json lists newest first, and --profile filters by name', async () => {
    const all = json<HistorySummary[]>(await cli(['history', '--json']));
    expect(all).toHaveLength(5);
    expect(all.map((h) => h.id)).toEqual([...all.map((h) => h.id)].sort((a, b) => b - a));
    expect(all[0]).toMatchObject({ profileName: 'never', status: 401, ok: false, failure: 'invalid_credentials' });
    const onboard = json<HistorySummary[]>(await cli(['history', '--profile', 'onboard', '--json']));
    expect(onboard.map((h) => h.status)).toEqual([200, 200, null, 401]);
    expect(onboard.every((h) => h.profileName === 'onboard' && typeof h.totalMs === 'number')).toBe(true);
    expect(json<HistorySummary[]>(await cli(['history', '--limit', '2', '--json']))).toHaveLength(2);
    const unknown = await cli(['history', '--profile', 'ghost']);
    expect(unknown.code).toBe(2);
    expect((await cli(['history', '--limit', '0'])).code).toBe(2);
    const table = await cli(['history']);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+WHEN\s+PROFILE\s+METHOD\s+STATUS/);
    expect(table.stdout).toContain('401 invalid_credentials');
  });
});

describe('export', () => {
  it('writes valid HAR with log.entries and reports entries, bytes and the path', async () => {
    const out = path.join(home.home, 'log.har');
    const r = await cli(['export', '--format', 'har', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const text = await readFile(out, 'utf8');
    expect(r.stdout).toContain(`Exported 5 entries (${Buffer.byteLength(text)} bytes, har) to ${out}`);
    const har = JSON.parse(text) as { log: { version: string; entries: { request: { url: string }; response: { status: number } }[] } };
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries).toHaveLength(5);
    expect(har.log.entries.some((e) => e.response.status === 401)).toBe(true);

    const one = path.join(home.home, 'never.har');
    expect((await cli(['export', '--format', 'har', '--out', one, '--profile', 'never'])).stdout).toContain('Exported 1 entry');
    expect((JSON.parse(await readFile(one, 'utf8')) as { log: { entries: unknown[] } }).log.entries).toHaveLength(1);
  });

  it('writes JSONL whose every line parses', async () => {
    const out = path.join(home.home, 'log.jsonl');
    const r = await cli(['export', '--format', 'jsonl', '--out', out, '--profile', 'onboard']);
    expect(r.code, r.stderr).toBe(0);
    const lines = (await readFile(out, 'utf8')).split('\n').filter(Boolean);
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('exit 2, naming a place to write instead, for an export over a profile file; the profile stays readable', async () => {
    const { id } = json<{ id: string }>(await cli(['profile', 'show', 'onboard', '--json']));
    const file = path.join(home.home, 'profiles', `${id}.json`);
    const before = await readFile(file, 'utf8');
    const r = await cli(['export', '--format', 'har', '--out', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^authdesk: .* is in Authdesk's data folder .*Write it elsewhere, for example .*authdesk-export\.har\.\n$/);
    expect(await readFile(file, 'utf8')).toBe(before);
    expect((await cli(['profile', 'show', 'onboard'])).code).toBe(0);
  });

  it('exit 2 for an export over history.sqlite when it is a symlink to a file elsewhere; the history is untouched', async () => {
    const other = await tempHome();
    const elsewhere = await tempHome();
    try {
      expect((await runCli(['history'], { home: other.home })).code).toBe(0);
      const link = path.join(other.home, 'history.sqlite');
      const real = path.join(elsewhere.home, 'history.sqlite');
      for (const s of ['', '-wal', '-shm']) await rename(`${link}${s}`, `${real}${s}`).catch(() => undefined);
      await symlink(real, link);
      const before = await readFile(real);
      const r = await runCli(['export', '--format', 'jsonl', '--out', link], { home: other.home });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^authdesk: .* is in Authdesk's data folder .*Write it elsewhere, for example .*authdesk-export\.jsonl\.\n$/);
      expect((await readFile(real)).equals(before)).toBe(true);
    } finally {
      await other.cleanup();
      await elsewhere.cleanup();
    }
  });

  it('exit 2 for a bad format or unknown profile, exit 1 when the file cannot be written', async () => {
    expect((await cli(['export', '--format', 'csv', '--out', 'x'])).code).toBe(2);
    expect((await cli(['export', '--format', 'har'])).code).toBe(2);
    expect((await cli(['export', '--format', 'har', '--out', path.join(home.home, 'x.har'), '--profile', 'ghost'])).code).toBe(2);
    const missing = path.join(home.home, 'no', 'such', 'dir');
    const r = await cli(['export', '--format', 'har', '--out', path.join(missing, 'x.har')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`authdesk: Could not write ${path.join(missing, 'x.har')}: the folder ${missing} does not exist. Create it, or choose another --out.\n`);
  });
});
