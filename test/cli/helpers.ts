import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { main } from '../../electron/cli/main';

/** Test helpers for the CLI: real processes or in-process runs, fresh data directories, tiny local servers. */

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = path.join(ROOT, 'electron/cli/index.ts');
/** tsx's loader by absolute URL, so a CLI spawned in another working directory still finds it. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface Run {
  code: number | null;
  signal?: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Everything any CLI run printed, for the leak scan. */
export const transcript: string[] = [];

export async function tempHome(): Promise<{ home: string; cleanup: () => Promise<void> }> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'authdesk-cli-'));
  return { home, cleanup: () => rm(home, { recursive: true, force: true }) };
}

/** The command users run: the built bundle (`npm test` builds before Vitest runs). */
const BUILT = path.join(ROOT, 'bin/authdesk.js');

/**
 * Spawns the real CLI (`node --import tsx electron/cli/index.ts …`, or with `built` the shipped bundle through
 * bin/authdesk.js). `input` is written to its stdin, which is then closed; `input: null` gives it no stdin at all
 * (/dev/null). The built CLI's code cache goes to `<home>/cache` (XDG_CACHE_HOME), so the leak scans of a home cover
 * it. Killed and rejected after `timeoutMs`. `cwd` is the repository root unless given. `onChild` gets the
 * process as soon as it is spawned (to signal it while it runs).
 */
export function spawnCli(
  args: string[],
  opts: { home: string; input?: string | null; env?: NodeJS.ProcessEnv; timeoutMs?: number; built?: boolean; cwd?: string; onChild?: (child: ChildProcess) => void },
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(opts.built ? [BUILT] : ['--import', TSX, ENTRY]), ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, AUTHDESK_DEBUG: '', XDG_CACHE_HOME: path.join(opts.home, 'cache'), ...opts.env, AUTHDESK_HOME: opts.home },
      stdio: [opts.input === null ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`authdesk ${args.join(' ')} did not exit within ${opts.timeoutMs ?? 30_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, opts.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      transcript.push(stdout, stderr);
      resolve({ code, signal, stdout, stderr });
    });
    if (opts.input !== null) child.stdin!.end(opts.input ?? '');
    opts.onChild?.(child);
  });
}

/** A CLI process whose output can be awaited while it runs (interactive sign-ins). */
export interface WatchedCli {
  child: ReturnType<typeof spawn>;
  done: Promise<Run>;
  /** The first match of `re` in stderr, waiting for it (rejects after 20 s, or when the process ends first). */
  waitFor(re: RegExp): Promise<RegExpExecArray>;
}

/**
 * Starts the real CLI (tsx from source, or with `built` the shipped bundle) with no stdin, so a test can read its
 * stderr as it comes and play the user (open the sign-in URL, approve). The process is killed after `timeoutMs`
 * (default 60 s), so a hung flow cannot outlive the test.
 */
export function watchCli(args: string[], opts: { home: string; env?: NodeJS.ProcessEnv; built?: boolean; timeoutMs?: number }): WatchedCli {
  const child = spawn(process.execPath, [...(opts.built ? [BUILT] : ['--import', TSX, ENTRY]), ...args], {
    cwd: ROOT,
    env: { ...process.env, AUTHDESK_DEBUG: '', XDG_CACHE_HOME: path.join(opts.home, 'cache'), ...opts.env, AUTHDESK_HOME: opts.home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Run = { code: null, stdout: '', stderr: '' };
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());
  child.stdout.on('data', (d: Buffer) => ((run.stdout += d.toString('utf8')), notify()));
  child.stderr.on('data', (d: Buffer) => ((run.stderr += d.toString('utf8')), notify()));
  const killer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
  const done = new Promise<Run>((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      transcript.push(run.stdout, run.stderr);
      resolve({ ...run, code, signal });
    }),
  );
  const waitFor = (re: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const m = re.exec(run.stderr);
        if (m) {
          listeners.delete(check);
          clearTimeout(timer);
          resolve(m);
        }
      };
      const timer = setTimeout(() => reject(new Error(`no ${re} within 20 s; stderr: ${run.stderr}`)), 20_000);
      listeners.add(check);
      void done.then(() => (listeners.has(check) ? reject(new Error(`exited before ${re}; stderr: ${run.stderr}`)) : undefined));
      check();
    });
  return { child, done, waitFor };
}

/** Runs the CLI in this process with injected stdin/stdout/stderr (same code path as the binary, after argv). */
export async function runCli(args: string[], opts: { home: string; input?: string; env?: NodeJS.ProcessEnv }): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'authdesk', ...args], {
    stdin: Readable.from(opts.input === undefined ? [] : [Buffer.from(opts.input, 'utf8')]),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { ...process.env, AUTHDESK_DEBUG: '', ...opts.env, AUTHDESK_HOME: opts.home },
    cwd: ROOT,
    waitForStop: () => Promise.resolve(),
  });
  transcript.push(stdout, stderr);
  return { code, stdout, stderr };
}

/** Parses a run's stdout as JSON, with the run in the failure message. */
export function json<T = unknown>(run: Run): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${run.code}):\n${run.stdout}\nstderr: ${run.stderr}`);
  }
}

export interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

/**
 * A local server that records what it receives. `/status/NNN` answers NNN, `/echo` reflects the request's URL and
 * headers in its body (a hostile server: the CLI must still print no secret), `/hang` never answers, else 200.
 */
export async function startRecorder(): Promise<{ url: string; requests: Recorded[]; close: () => Promise<void> }> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/hang') return;
    const status = /^\/status\/(\d{3})$/.exec(path);
    const body = path === '/echo' ? { url: req.url, headers: req.headers } : { ok: !status };
    res.writeHead(status ? Number(status[1]) : 200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A 127.0.0.1 port with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The decoded `user:pass` of a Basic Authorization header. */
export const basicOf = (h: string | undefined): string | null =>
  h?.startsWith('Basic ') ? Buffer.from(h.slice('Basic '.length), 'base64').toString('utf8') : null;
