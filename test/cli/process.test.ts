import Database from 'libsql';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../electron/engine/history-store';
import { dataPaths } from '../../electron/engine/paths';
import { startSandbox, type Sandbox } from '../../electron/engine/sandbox';
import { findLeaks } from '../helpers/leak-scan';
import { closedPort, json, ROOT, runCli, spawnCli, startRecorder, tempHome } from './helpers';

/** The real `authdesk` process: exit codes, stdin handling, signals. Each spawn is bounded. */

const T = 90_000;
let sandbox: Sandbox;
let recorder: Awaited<ReturnType<typeof startRecorder>>;
let home: Awaited<ReturnType<typeof tempHome>>;

beforeAll(async () => {
  sandbox = await startSandbox(0);
  recorder = await startRecorder();
  home = await tempHome();
});
afterAll(async () => {
  await sandbox?.close();
  await recorder?.close();
  await home?.cleanup();
});

describe('authdesk process', () => {
  it('prints --version and --help with exit 0, and maps usage errors to exit 2', async () => {
    const [version, help, addHelp, unknownCmd, badChoice, noArgs] = await Promise.all([
      spawnCli(['--version'], { home: home.home }),
      spawnCli(['--help'], { home: home.home }),
      spawnCli(['profile', 'add', '--help'], { home: home.home }),
      spawnCli(['frobnicate'], { home: home.home }),
      spawnCli(['profile', 'add', 'x', '--scheme', 'digest'], { home: home.home }),
      spawnCli([], { home: home.home }),
    ]);
    expect(version).toMatchObject({ code: 0 });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(help.code).toBe(0);
    for (const cmd of ['profile', 'rotate', 'send', 'history', 'metrics', 'export', 'sandbox']) expect(help.stdout).toContain(cmd);
    expect(addHelp.code).toBe(0);
    expect(addHelp.stdout).toContain('--secret-username');
    expect(addHelp.stdout).toContain('--secret-env');
    expect(unknownCmd.code).toBe(2);
    expect(unknownCmd.stderr).toMatch(/^authdesk: unknown command 'frobnicate'/);
    expect(badChoice.code).toBe(2);
    expect(badChoice.stderr).toContain('digest');
    expect(noArgs.code).toBe(2);
    expect(noArgs.stderr).toContain('Usage: authdesk');
    for (const r of [unknownCmd, badChoice]) expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, T);

  it('reads secrets from a pipe (CRLF, last line without newline) and never hangs on empty or absent stdin', async () => {
    const ok = await spawnCli(['profile', 'add', 'demo', '--scheme', 'basic', '--username', 'demo'], { home: home.home, input: 'authdesk-demo\r\n' });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('saved · fingerprint');
    const key = await spawnCli(['profile', 'add', 'key', '--scheme', 'apikey', '--in', 'header', '--param', 'X-Api-Key'], {
      home: home.home,
      input: sandbox.info.credentials.apiKey.value, // no trailing newline
    });
    expect(key.code, key.stderr).toBe(0);

    const [empty, absent, emptyLine] = await Promise.all([
      spawnCli(['profile', 'add', 'e1', '--scheme', 'bearer'], { home: home.home, input: '', timeoutMs: 20_000 }),
      spawnCli(['profile', 'add', 'e2', '--scheme', 'bearer'], { home: home.home, input: null, timeoutMs: 20_000 }),
      spawnCli(['profile', 'add', 'e3', '--scheme', 'bearer'], { home: home.home, input: '\n', timeoutMs: 20_000 }),
    ]);
    for (const r of [empty, absent]) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^authdesk: Standard input ended before the token/);
    }
    expect(emptyLine.code).toBe(2);
    expect(emptyLine.stderr).toContain('cannot be empty');

    const [sendOk, sendKey] = await Promise.all([
      spawnCli(['send', 'demo', `${sandbox.info.baseUrl}/basic`, '--json'], { home: home.home }),
      spawnCli(['send', 'key', `${sandbox.info.baseUrl}/apikey`], { home: home.home }),
    ]);
    expect(sendOk.code, sendOk.stderr).toBe(0);
    expect(json<{ status: number }>(sendOk).status).toBe(200);
    expect(sendKey.code, sendKey.stderr).toBe(0);
    expect(sendKey.stdout).toMatch(/^200 OK · GET /);
  }, T);

  it('send exits 1 on an HTTP error, 2 on usage errors, 3 on network and auth-flow errors', async () => {
    const port = await closedPort();
    const [http500, http401, unknownProfile, badMethod, badHeader, refused, timeout, noEnv] = await Promise.all([
      spawnCli(['send', 'demo', `${recorder.url}/status/500`, '--json'], { home: home.home }),
      spawnCli(['send', 'demo', `${sandbox.info.baseUrl}/bearer`], { home: home.home }),
      spawnCli(['send', 'ghost', `${sandbox.info.baseUrl}/basic`], { home: home.home }),
      spawnCli(['send', 'demo', `${sandbox.info.baseUrl}/basic`, '-X', 'BREW'], { home: home.home }),
      spawnCli(['send', 'demo', `${sandbox.info.baseUrl}/basic`, '-H', 'no-colon-here'], { home: home.home }),
      spawnCli(['send', 'demo', `http://127.0.0.1:${port}/`, '--json'], { home: home.home }),
      spawnCli(['send', 'demo', `${recorder.url}/hang`, '--timeout', '300', '--json'], { home: home.home }),
      (async () => {
        await spawnCli(['profile', 'add', 'ci', '--scheme', 'bearer', '--secret-env', 'AUTHDESK_TEST_UNSET_TOKEN'], { home: home.home, input: null });
        return spawnCli(['send', 'ci', `${sandbox.info.baseUrl}/bearer`], { home: home.home });
      })(),
    ]);
    expect(http500.code).toBe(1);
    expect(json<{ status: number; ok: boolean; failure: string }>(http500)).toMatchObject({ status: 500, ok: false, failure: 'server_error' });
    expect(http401.code).toBe(1);
    expect(http401.stderr).toContain('invalid_credentials');
    expect(unknownProfile.code).toBe(2);
    expect(unknownProfile.stderr).toMatch(/^authdesk: No profile named "ghost"/);
    expect(badMethod.code).toBe(2);
    expect(badHeader.code).toBe(2);
    expect(refused.code).toBe(3);
    expect(json<{ status: null; failure: string; error: string }>(refused)).toMatchObject({ status: null, failure: 'network' });
    expect(timeout.code).toBe(3);
    expect(json<{ failure: string }>(timeout).failure).toBe('timeout');
    expect(noEnv.code).toBe(3);
    expect(noEnv.stderr).toContain('AUTHDESK_TEST_UNSET_TOKEN');
    for (const r of [http500, unknownProfile, refused, noEnv]) expect(r.stderr).not.toMatch(/\n\s+at /);
  }, T);

  it('send exits 1 (not 2, a usage error) when another process keeps the history locked, says the request was sent, and --json still reports it', async () => {
    const own = await tempHome();
    const added = await spawnCli(['profile', 'add', 'locked', '--scheme', 'basic', '--username', 'demo'], { home: own.home, input: 'authdesk-demo\r\n' });
    expect(added.code).toBe(0);
    const file = dataPaths(own.home).history;
    new HistoryStore(file).close(); // the schema exists: only the write lock is missing
    const holder = new Database(file);
    holder.exec('BEGIN IMMEDIATE');
    try {
      const url = `${sandbox.info.baseUrl}/basic`;
      const [locked, asJson, repeated] = await Promise.all([
        spawnCli(['send', 'locked', url], { home: own.home }),
        spawnCli(['send', 'locked', url, '--json'], { home: own.home }),
        spawnCli(['send', 'locked', url, '--repeat', '3', '--json'], { home: own.home }),
      ]);
      for (const r of [locked, asJson, repeated]) {
        expect(r.code).toBe(1);
        expect(r.stderr).toContain('History is busy');
        expect(r.stderr).toContain('This request was sent but not recorded');
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
      // --json still prints its one object: what the server answered, with no history id.
      expect(json<{ historyId: number | null; status: number; ok: boolean }>(asJson)).toMatchObject({ historyId: null, status: 200, ok: true });
      // --repeat stops at the first request history could not record, and summarises the one that went out.
      expect(json<{ count: number; statusCounts: Record<string, number> }>(repeated)).toMatchObject({ count: 1, statusCounts: { 200: 1 } });
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
      await own.cleanup();
    }
  }, T);

  it('SIGTERM during send --repeat exits 143 and keeps every answered request in history', async () => {
    const add = await spawnCli(['profile', 'add', 'term', '--scheme', 'basic', '--username', 'demo'], { home: home.home, input: 'authdesk-demo\n' });
    expect(add.code, add.stderr).toBe(0);
    let answered = 0;
    const slow = http.createServer((req, res) => {
      req.resume();
      setTimeout(() => {
        answered += 1;
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
      }, 2);
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/slow`;
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron/cli/index.ts'), 'send', 'term', url, '--repeat', '100000', '--json'], {
      cwd: ROOT,
      env: { ...process.env, AUTHDESK_HOME: home.home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 30_000;
      while (answered < 60 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000))]);
      expect(code).toBe(143);
      const history = new HistoryStore(dataPaths(home.home).history);
      try {
        const recorded = history.list({ limit: 100_000 }).filter((r) => r.url === url).length;
        expect(recorded).toBeGreaterThanOrEqual(answered - 1); // the request in flight is recorded as cancelled, or missing if it had not gone out
        expect(recorded).toBeLessThanOrEqual(answered);
      } finally {
        history.close();
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      slow.closeAllConnections();
      await new Promise<void>((resolve) => slow.close(() => resolve()));
    }
  }, T);

  it('SIGTERM during a single send cancels it: recorded in history as cancelled, its --json object printed, exit 143', async () => {
    const add = await spawnCli(['profile', 'add', 'term-one', '--scheme', 'basic', '--username', 'demo'], { home: home.home, input: 'authdesk-demo\n' });
    expect(add.code, add.stderr).toBe(0);
    let received = false;
    const hang = http.createServer((req, res) => {
      received = true;
      req.resume();
      res.writeHead(200, { 'Content-Type': 'text/plain' }).write('partial'); // the answer begins, then nothing more
    });
    await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(hang.address() as AddressInfo).port}/hang`;
    try {
      // SIGTERM once the headers and the first bytes are in (polled, 30 s at most).
      const signalled = (child: ChildProcess) => {
        const deadline = Date.now() + 30_000;
        const poll = setInterval(() => {
          if (!received && Date.now() < deadline) return;
          clearInterval(poll);
          setTimeout(() => child.kill('SIGTERM'), 200);
        }, 20);
      };
      const run = await spawnCli(['send', 'term-one', url, '--timeout', '60000', '--json'], { home: home.home, input: null, onChild: signalled });
      expect(received).toBe(true);
      expect(run.code, run.stderr).toBe(143);
      expect(run.stderr).toBe('authdesk: Stopped by SIGTERM\n');
      const printed = JSON.parse(run.stdout) as { historyId: number; status: number | null; failure: string; bodyPreview: string | null };
      expect(printed).toMatchObject({ status: 200, failure: 'cancelled', bodyPreview: 'partial' });
      const history = new HistoryStore(dataPaths(home.home).history);
      try {
        expect(history.list({ limit: 100_000 }).filter((r) => r.url === url)).toEqual([expect.objectContaining({ id: printed.historyId, failure: 'cancelled', status: 200 })]);
      } finally {
        history.close();
      }
      expect(findLeaks(`${run.stdout}${run.stderr}`, ['authdesk-demo'], ['demo'])).toEqual([]);
    } finally {
      hang.closeAllConnections();
      await new Promise<void>((resolve) => hang.close(() => resolve()));
    }
  }, T);

  it('Ctrl+C during a large export (worker threads) exits 130 and leaves neither the file nor a partial one', async () => {
    const exportHome = await tempHome();
    const history = new HistoryStore(dataPaths(exportHome.home).history);
    const body = 'lorem ipsum dolor sit amet '.repeat(40);
    history.atomically(() => {
      for (let i = 0; i < 30_000; i++) {
        history.insert({
          startedAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(), profileId: 'p', profileName: 'p', clientType: 'confidential', scheme: 'basic',
          identity: 'u', fingerprints: [], method: 'GET', url: `https://api.test/items/${i}`, status: 200, statusText: 'OK', ok: true, failure: null, error: null,
          timings: { dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: 1, totalMs: 2 }, redirects: [], requestHeaders: [], requestBodyPreview: null,
          responseHeaders: [['content-type', 'text/plain']], responseBodyPreview: body, responseBytes: body.length, responseTruncated: false, authSteps: [], explanation: null,
        });
      }
    });
    history.close();
    const out = path.join(exportHome.home, 'log.har');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron/cli/index.ts'), 'export', '--format', 'har', '--out', out], {
      cwd: ROOT,
      env: { ...process.env, AUTHDESK_HOME: exportHome.home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    try {
      const deadline = Date.now() + 30_000;
      const partial = () => readdirSync(exportHome.home).some((f) => f.startsWith('log.har.') && f.endsWith('.partial'));
      while (!partial() && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(partial()).toBe(true);
      child.kill('SIGINT');
      const ended = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000))]);
      expect(ended, stderr).toEqual({ code: 130, signal: null });
      expect(stderr).toMatch(/(^|\n)authdesk: cancelled by Ctrl\+C \(SIGINT\)\.\n/);
      expect(readdirSync(exportHome.home).filter((f) => f.startsWith('log.har'))).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exportHome.cleanup();
    }
  }, T);

  it('runs the sandbox until SIGTERM, then exits 0 on its own', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron/cli/index.ts'), 'sandbox'], {
      cwd: ROOT,
      env: { ...process.env, AUTHDESK_HOME: home.home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      const base = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`sandbox did not start: ${out}`)), 30_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m && out.includes('Quick start')) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      expect(out).toContain(`authdesk send demo ${base}/basic`);
      expect(out).toContain('/apikey');
      const res = await fetch(`${base}/basic`, { headers: { Authorization: `Basic ${Buffer.from('demo:authdesk-demo').toString('base64')}` } });
      expect(res.status).toBe(200);
      // The OAuth quick start it prints works as printed: a client-credentials profile found by discovery, then a send.
      const oauthAdd = /printf '%s\\n' ([\w-]+) \| authdesk profile add demo-oauth (.+)$/m.exec(out);
      expect(oauthAdd, out).not.toBeNull();
      const added = await runCli(['profile', 'add', 'demo-oauth', ...oauthAdd![2]!.split(' ')], { home: home.home, input: `${oauthAdd![1]}\n` });
      expect(added.code, added.stderr).toBe(0);
      const sent = await runCli(['send', 'demo-oauth', `${base}/bearer`, '--json'], { home: home.home });
      expect(json<{ status: number }>(sent).status).toBe(200);
      child.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000))]);
      expect(code).toBe(0);
      await expect(fetch(`${base}/basic`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, T);
});
