import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What one measured child process did. */
export interface ProcessRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Spawn to exit, ms. */
  wallMs: number;
  /** Largest peak RSS (VmHWM, or /usr/bin/time's max RSS) of any process in the child's tree, KiB. */
  peakRssKb: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Killed (whole process group) after this many ms. */
  timeoutMs: number;
  stdin?: string;
  /** Where /usr/bin/time writes its report (default: the OS temp directory); pass the bench's own temp dir. */
  scratchDir?: string;
}

/** Process groups of the children running now, so an interrupted bench can end them (see {@link killRunning}). */
const running = new Set<number>();

/** Ends every measured child still running (SIGKILL to its process group). */
export function killRunning(): void {
  for (const pgid of running) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  running.clear();
}

const TIME = '/usr/bin/time';
const POLL_MS = 20;

/** VmHWM (peak resident set) of a process in KiB, or 0 once it is gone. */
function vmHwmKb(pid: number): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The pid and all its descendants (through /proc/PID/task/TID/children). */
function processTree(root: number): number[] {
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.pop()!;
    out.push(pid);
    let tasks: string[] = [];
    try {
      tasks = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    } catch {
      // gone, or no children file
    }
    for (const child of tasks) queue.push(Number(child));
  }
  return out;
}

/**
 * Runs a command and measures it from the outside: wall time from spawn to exit, and peak RSS as the largest
 * VmHWM seen in its process tree (polled every 20 ms) — combined, when /usr/bin/time exists, with the maximum RSS
 * that `time -v` reads from the kernel at exit (which also catches growth after the last poll).
 */
export async function spawnMeasured(cmd: string, args: string[], opts: SpawnOptions): Promise<ProcessRun> {
  const useTime = existsSync(TIME);
  const timeFile = useTime ? path.join(opts.scratchDir ?? os.tmpdir(), `authdesk-bench-time-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`) : '';
  const [file, argv] = useTime ? [TIME, ['-v', '-o', timeFile, cmd, ...args]] : [cmd, args];
  const started = performance.now();
  const child = spawn(file, argv, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  if (child.pid !== undefined) running.add(child.pid);
  const perPid = new Map<number, number>();
  const sample = () => {
    if (child.pid === undefined) return;
    for (const pid of processTree(child.pid)) {
      if (useTime && pid === child.pid) continue; // /usr/bin/time itself
      perPid.set(pid, Math.max(perPid.get(pid) ?? 0, vmHwmKb(pid)));
    }
  };
  const poll = setInterval(sample, POLL_MS);
  let timedOut = false;
  const killer = setTimeout(() => {
    timedOut = true;
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }, opts.timeoutMs);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  child.stdin.on('error', () => undefined);
  child.stdin.end(opts.stdin ?? '');
  sample();
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c, s) => resolve([c, s]));
  });
  const wallMs = performance.now() - started;
  if (child.pid !== undefined) running.delete(child.pid);
  clearInterval(poll);
  clearTimeout(killer);
  let peakRssKb = Math.max(0, ...perPid.values());
  if (useTime) {
    try {
      const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(timeFile, 'utf8'));
      if (m) peakRssKb = Math.max(peakRssKb, Number(m[1]));
    } catch {
      // time could not write its report (killed)
    } finally {
      rmSync(timeFile, { force: true });
    }
  }
  return { code, signal, wallMs, peakRssKb, stdout, stderr, timedOut };
}

/** Nearest-rank percentile (0 for an empty list). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The median of a non-empty list (the lower middle for an even count: an observed value). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

/** Rounds to two decimals. */
export const round2 = (v: number): number => Math.round(v * 100) / 100;
