import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistorySummary } from '../../shared/request';
import type { RepeatSummary } from '../../electron/cli/commands/send';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { json, runCli, spawnCli, tempHome, type Run } from './helpers';

/**
 * `send --repeat` stopped by Ctrl+C (SIGINT) or SIGTERM: it stops sending, prints the summary of the requests that went
 * out (failure "cancelled", error naming the signal; the --json keys unchanged), and exits 130 or 143. The built CLI
 * as a real process, a slow-ish server on 127.0.0.1, the real keychain.
 */

const T = 60_000;
/** Requests the server must have answered before the signal is sent. */
const BEFORE_SIGNAL = 20;
/** ms the server waits before answering each request. */
const DELAY_MS = 5;
const SECRET = 'sig-password-1';
const SUMMARY_KEYS = ['count', 'error', 'failed', 'failure', 'ok', 'statusCounts', 'timings'];
let home: Awaited<ReturnType<typeof tempHome>>;
let server: http.Server;
let baseUrl: string;
/** Per URL path: requests the server received, and those it answered. */
const seen = new Map<string, { received: number; answered: number }>();

const countsOf = (p: string) => seen.get(p) ?? seen.set(p, { received: 0, answered: 0 }).get(p)!;

beforeAll(async () => {
  home = await tempHome();
  server = http.createServer((req, res) => {
    req.resume();
    const c = countsOf(req.url ?? '');
    c.received += 1;
    setTimeout(() => {
      if (res.destroyed) return;
      c.answered += 1;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    }, DELAY_MS);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const add = await runCli(['profile', 'add', 'sig', '--scheme', 'basic', '--username', 'u'], { home: home.home, input: `${SECRET}\n` });
  expect(add.code, add.stderr).toBe(0);
});
afterAll(async () => {
  await runCli(['profile', 'remove', 'sig'], { home: home.home });
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await home.cleanup();
});

/**
 * Runs `send sig <baseUrl><urlPath> --repeat 100000 …extra`, sends `signal` once the server has answered
 * {@link BEFORE_SIGNAL} requests (waiting 20 s at most), and returns the run with the server's counts at the signal
 * and at the end. The process is killed after 30 s (spawnCli), so the test never hangs.
 */
async function interrupted(urlPath: string, signal: NodeJS.Signals, extra: string[]) {
  let child: ChildProcess | undefined;
  const running = spawnCli(['send', 'sig', `${baseUrl}${urlPath}`, '--repeat', '100000', ...extra], { home: home.home, built: true, timeoutMs: 30_000, onChild: (c) => (child = c) });
  const counts = countsOf(urlPath);
  const deadline = Date.now() + 20_000;
  while (counts.answered < BEFORE_SIGNAL && child?.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  expect(counts.answered, 'the server answered some requests before the signal').toBeGreaterThanOrEqual(BEFORE_SIGNAL);
  const atSignal = { ...counts };
  child!.kill(signal);
  const run: Run = await running;
  return { run, atSignal, atEnd: { ...counts } };
}

/** The summary's counts agree with what the server saw, and with history (each request that went out is recorded once). */
async function checkCounts(s: Pick<RepeatSummary, 'count' | 'ok' | 'failed' | 'statusCounts'>, urlPath: string, atSignal: { answered: number }, atEnd: { received: number; answered: number }, concurrency: number) {
  expect(s.ok).toBeGreaterThanOrEqual(atSignal.answered - concurrency);
  expect(s.ok).toBeLessThanOrEqual(atEnd.answered);
  expect(s.count).toBeGreaterThanOrEqual(s.ok);
  // At most the requests in flight at the signal did not get their answer (cancelled: no status).
  expect(s.count).toBeLessThanOrEqual(atEnd.received + concurrency);
  expect(s.count - s.ok).toBeLessThanOrEqual(concurrency);
  expect(s.failed).toBe(s.count - s.ok);
  expect(s.statusCounts['200']).toBe(s.ok);
  // It stopped sending: at most the requests in flight (and those started before the signal arrived) came after it.
  expect(atEnd.received - atSignal.answered).toBeLessThan(50);
  const rows = json<HistorySummary[]>(await spawnCli(['history', '--profile', 'sig', '--limit', '500', '--json'], { home: home.home, built: true }));
  expect(rows.filter((r) => r.url === `${baseUrl}${urlPath}`)).toHaveLength(s.count);
}

describe('send --repeat stopped by a signal prints its summary, then exits 130 or 143', () => {
  for (const [signal, code, error, concurrency] of [
    ['SIGINT', 130, 'Stopped by Ctrl+C (SIGINT)', 1],
    ['SIGTERM', 143, 'Stopped by SIGTERM', 3],
  ] as const) {
    it(`--json, ${signal}, --concurrency ${concurrency}: one object with the same keys, failure "cancelled", exit ${code}`, async () => {
      const urlPath = `/json-${signal}`;
      const { run, atSignal, atEnd } = await interrupted(urlPath, signal, ['--json', '--concurrency', String(concurrency)]);
      expect(run.code, run.stderr).toBe(code);
      expect(run.signal).toBeNull();
      const s = json<RepeatSummary>(run); // the whole of stdout is one JSON object
      expect(Object.keys(s).sort()).toEqual(SUMMARY_KEYS);
      expect(Object.keys(s.timings).sort()).toEqual(['p50Ms', 'p95Ms', 'totalMs']);
      expect(s).toMatchObject({ failure: 'cancelled', error });
      await checkCounts(s, urlPath, atSignal, atEnd, concurrency);
      expect(run.stderr).toContain(`authdesk: ${error}\n`);
      expect(findLeaks(`${run.stdout}${run.stderr}`, [SECRET], ['u'])).toEqual([]);
    }, T);
  }

  it('human output, SIGINT: the summary ends "Stopped early: N of 100000 requests went out (cancelled: …)", exit 130', async () => {
    const urlPath = '/human';
    const { run, atSignal, atEnd } = await interrupted(urlPath, 'SIGINT', []);
    expect(run.code, run.stderr).toBe(130);
    const m = /^(\d+) requests · (\d+) ok · (\d+) failed(?: \(cancelled×\d+\))? · statuses (.+)\nPer request: p50 [\d.]+ ms · p95 [\d.]+ ms · total .+\nStopped early: (\d+) of 100000 requests went out \(cancelled: Stopped by Ctrl\+C \(SIGINT\)\)\n$/.exec(
      run.stdout,
    );
    expect(m, run.stdout).not.toBeNull();
    const [count, ok, failed] = [Number(m![1]), Number(m![2]), Number(m![3])];
    expect(Number(m![5])).toBe(count);
    expect(m![4]).toMatch(new RegExp(`^200×${ok}(, none×${failed})?$`));
    await checkCounts({ count, ok, failed, statusCounts: { '200': ok } }, urlPath, atSignal, atEnd, 1);
    expect(run.stderr).toMatch(/(^|\n)authdesk: Stopped by Ctrl\+C \(SIGINT\)\n$/);
    expect(findLeaks(`${run.stdout}${run.stderr}`, [SECRET], ['u'])).toEqual([]);
  }, T);

  it('the data folder holds no secret in any form (profiles, history and its WAL)', async () => {
    expect(await scanPaths([home.home], [SECRET], ['u'])).toEqual([]);
  });
});
