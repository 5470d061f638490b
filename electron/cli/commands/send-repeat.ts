import type { SendReply } from '../../../shared/contract';
import { formatDuration } from '../../../shared/metrics';
import type { HistoryEntry } from '../../../shared/request';
import { authFailureOf } from '../../engine/auth-failure';
import { isAuthdeskError } from '../../engine/errors';
import { settleWithin } from '../../engine/exit-guard';
import { CliError, describeError, EXIT, printJson, type CliIO } from '../context';

/**
 * `send --repeat`: the repeated sends through one engine, their summary and exit code, and how a run stops early (a
 * send's error, or Ctrl+C/SIGTERM through `CliIO.waitForStop`).
 */

/** Failures that are about the network or the auth flow rather than the server's answer: exit 3. */
const NETWORK_FAILURES = new Set(['timeout', 'network', 'tls', 'cancelled', 'secret_missing']);

/** 0 on 2xx, 1 on an HTTP error (or any other non-2xx final status), 3 when no usable answer came back. */
export function exitCodeOf(entry: Omit<HistoryEntry, 'id'>): number {
  if (entry.ok) return EXIT.ok;
  if (entry.status === null || (entry.failure !== null && NETWORK_FAILURES.has(entry.failure))) return EXIT.network;
  return EXIT.failed;
}

/**
 * The `--json` shape of a `--repeat` run: counts of the requests that went out, statuses (`"none"` when no response
 * came back) and timings; `failure` and `error` are null unless the run stopped early (see {@link stopOf}).
 */
export interface RepeatSummary {
  count: number;
  ok: number;
  failed: number;
  statusCounts: Record<string, number>;
  /** p50/p95 of each request's total time (as recorded in history); totalMs is the wall time of the whole run. */
  timings: { p50Ms: number; p95Ms: number; totalMs: number };
  failure: string | null;
  error: string | null;
}

/**
 * A `send` (one, or a `--repeat` run) stopped by Ctrl+C (SIGINT) or SIGTERM: a run's summary says
 * `failure: "cancelled"` and this message ("Stopped by Ctrl+C (SIGINT)", "Stopped by SIGTERM"), and the command exits
 * 130 or 143 as any command a signal stops.
 */
export class Interrupted extends CliError {
  constructor(readonly signal: NodeJS.Signals) {
    const term = signal === 'SIGTERM';
    super(term ? 'Stopped by SIGTERM' : `Stopped by Ctrl+C (${signal})`, term ? EXIT.terminated : EXIT.interrupted);
    this.name = 'Interrupted';
  }
}

/**
 * Why a `--repeat` run stopped early, in the words of a single send's `--json`: `cancelled` for a signal
 * ({@link Interrupted}); else `failure` is the auth stage's class
 * for an auth-stage error (`secret_missing`, else `auth_flow`: authFailureOf), else the engine's error code (`failed`:
 * the profile file could not be read or history could not record a request; `not_found`, `invalid_request`, …);
 * `error` is the engine's message (redacted like every message it gives), or a bug's one-line notice.
 */
export function stopOf(e: unknown): { failure: string; error: string } {
  if (e instanceof Interrupted) return { failure: 'cancelled', error: e.message };
  const known = describeError(e);
  if (!known) return { failure: 'failed', error: `unexpected error (${e instanceof Error ? e.name : typeof e})` };
  const code = isAuthdeskError(e) ? e.code : 'invalid_request';
  return { failure: known.exitCode === EXIT.network ? authFailureOf(e) : code, error: known.message };
}

/** Nearest-rank percentile of ascending `sorted` (0 when empty). */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** What a `--repeat` run keeps of each reply (not the entry: 100,000 body previews would fill the memory). */
export interface RepeatOutcome {
  status: number | null;
  ok: boolean;
  /** Why it failed (`timeout`, `invalid_credentials`…), null for a 2xx. */
  failure: string | null;
  totalMs: number;
  exitCode: number;
}

const outcomeOf = (e: Omit<HistoryEntry, 'id'>): RepeatOutcome => ({ status: e.status, ok: e.ok, failure: e.ok ? null : e.failure, totalMs: e.timings.totalMs, exitCode: exitCodeOf(e) });

/**
 * Folds the outcomes of a `--repeat` run into its summary; `totalMs` is the wall time of the run (ms), `stop` the error
 * that stopped it early (null: it ran to the end).
 */
export function summariseRepeat(outcomes: readonly RepeatOutcome[], totalMs: number, stop: unknown = null): RepeatSummary {
  const statusCounts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = o.status === null ? 'none' : String(o.status);
    statusCounts[key] = (statusCounts[key] ?? 0) + 1;
  }
  const times = outcomes.map((o) => o.totalMs).sort((a, b) => a - b);
  const ok = outcomes.filter((o) => o.ok).length;
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    count: outcomes.length,
    ok,
    failed: outcomes.length - ok,
    statusCounts,
    timings: { p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)), totalMs: round(totalMs) },
    ...(stop === null ? { failure: null, error: null } : stopOf(stop)),
  };
}

/** 0 when every request got a 2xx, else 3 if any got no usable answer (network), else 1 (HTTP errors). */
export function repeatExitCode(outcomes: readonly RepeatOutcome[]): number {
  let code: number = EXIT.ok;
  for (const o of outcomes) {
    if (o.exitCode === EXIT.network) return EXIT.network;
    if (o.exitCode !== EXIT.ok) code = o.exitCode;
  }
  return code;
}

/** A `--repeat` run under way: see {@link startRepeat}. */
export interface RepeatRun {
  /** What came back so far, in completion order. */
  readonly outcomes: RepeatOutcome[];
  /** Resolves once no send is running and none will start (every send settled after {@link stop}, or all done). */
  readonly done: Promise<void>;
  /** Starts no new send; the first stop (a send's error or a signal) is the one the summary reports. */
  stop(error: unknown): void;
  /** The error that stopped the run early; null while none did. */
  readonly error: unknown;
}

/**
 * Starts sending `count` requests through one engine (one keep-alive pool, one token cache), at most `concurrency` in
 * flight, each recorded in history. The first thrown error (an auth-flow or usage error, or a history write that
 * failed) or {@link RepeatRun.stop} stops new sends; a request that went out but could not be recorded is among the
 * outcomes. Never rejects.
 */
export function startRepeat(send: () => Promise<SendReply>, count: number, concurrency: number): RepeatRun {
  const outcomes: RepeatOutcome[] = [];
  let started = 0;
  let failure: { error: unknown } | null = null;
  const stop = (error: unknown) => void (failure ??= { error });
  const worker = async () => {
    while (started < count && failure === null) {
      started += 1;
      try {
        outcomes.push(outcomeOf((await send()).entry));
      } catch (error) {
        // A request that went out but could not be recorded still counts in the summary.
        if (isAuthdeskError(error) && error.unrecorded) outcomes.push(outcomeOf(error.unrecorded));
        stop(error);
      }
    }
  };
  const done = Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker)).then(() => undefined);
  return {
    outcomes,
    done,
    stop,
    get error() {
      return (failure as { error: unknown } | null)?.error ?? null;
    },
  };
}

/**
 * Waits for `run` to end or for Ctrl+C/SIGTERM (`io.waitForStop`, the CLI's one signal mechanism), whichever comes
 * first; a signal stops new sends and resolves true at once, leaving the sends in flight to the engine's close
 * (which cancels them and records each in history, within its own bound). Resolves false when the run ended first.
 */
export async function runOrSignal(io: CliIO, run: RepeatRun): Promise<boolean> {
  const listening = new AbortController();
  const signalled = new Promise<true>((resolve) => {
    void io.waitForStop(listening.signal).then((signal) => {
      if (!signal) return; // an in-process caller's "stop now" without a signal: not a reason to stop a run
      run.stop(new Interrupted(signal));
      resolve(true);
    });
  });
  try {
    return await Promise.race([run.done.then(() => false), signalled]);
  } finally {
    listening.abort();
  }
}

/** ms a run stopped by a signal waits, after the engine closed, for its last sends to settle before it prints. */
const SETTLE_AFTER_CLOSE_MS = 1_000;

/** `key×count, …` of the distinct values, in order of first appearance. */
const tally = (counts: Iterable<[string, number]>): string => [...counts].map(([k, v]) => `${k}×${v}`).join(', ');

/**
 * The human summary of a `--repeat` run of `requested` requests: why requests failed (`timeout×4`: a 200 whose body
 * did not arrive in time counts under its status and as failed), and, for a run stopped early, why it stopped (its
 * error follows on stderr).
 */
function printRepeatHuman(io: CliIO, s: RepeatSummary, outcomes: readonly RepeatOutcome[], requested: number): void {
  const reasons = new Map<string, number>();
  for (const o of outcomes) if (o.failure !== null) reasons.set(o.failure, (reasons.get(o.failure) ?? 0) + 1);
  const why = reasons.size ? ` (${tally(reasons)})` : '';
  io.stdout.write(
    `${s.count} requests · ${s.ok} ok · ${s.failed} failed${why} · statuses ${tally(Object.entries(s.statusCounts)) || '—'}\n` +
      `Per request: p50 ${s.timings.p50Ms} ms · p95 ${s.timings.p95Ms} ms · total ${formatDuration(s.timings.totalMs)}\n` +
      (s.failure === null ? '' : `Stopped early: ${s.count} of ${requested} requests went out (${s.failure}: ${s.error})\n`),
  );
  if (s.failed > 0) io.stderr.write(`authdesk: ${s.failed} of ${s.count} requests failed (see authdesk history)\n`);
}

/**
 * Prints the summary of `run` (human, or `--json` with `json`), `startedAt` being its start on `performance.now()`'s
 * clock (ms). Returns the run's exit code (see {@link repeatExitCode}).
 * @throws the error that stopped the run early (after the summary), which then sets the exit code as for one send
 */
export function reportRepeat(io: CliIO, run: RepeatRun, startedAt: number, requested: number, json: boolean): number {
  const summary = summariseRepeat(run.outcomes, performance.now() - startedAt, run.error);
  if (json) printJson(io, summary);
  else printRepeatHuman(io, summary, run.outcomes, requested);
  if (run.error !== null) throw run.error;
  return repeatExitCode(run.outcomes);
}

/**
 * Reports a run that a signal stopped ({@link runOrSignal} resolved true), once the engine has closed and so cancelled
 * the sends still in flight: waits up to {@link SETTLE_AFTER_CLOSE_MS} ms more for them to settle, then prints the
 * summary of every request that went out (those cancelled count as failed, status "none").
 * @throws the {@link Interrupted} that stopped it (exit 130 or 143), always
 */
export async function reportInterrupted(io: CliIO, run: RepeatRun, startedAt: number, requested: number, json: boolean): Promise<never> {
  await settleWithin([run.done], SETTLE_AFTER_CLOSE_MS);
  reportRepeat(io, run, startedAt, requested, json);
  throw run.error;
}
