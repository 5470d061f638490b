import type { Command } from 'commander';
import type { SendReply } from '../../../shared/contract';
import { formatDuration } from '../../../shared/metrics';
import { methodSchema, type HeaderPair, type HistoryEntry, type Method } from '../../../shared/request';
import { joinBaseUrl } from '../../../shared/url';
import { authFailureOf } from '../../engine/auth-failure';
import { isAuthdeskError, type AuthdeskError } from '../../engine/errors';
import type { ValidRequest } from '../../engine/valid-request';
import { describeError, EXIT, intOption, printJson, timeoutOption, usage, withEngine, type CliIO } from '../context';
import { timingsLine } from '../output';
import { collect } from './profile';

interface SendOptions {
  request?: string;
  header: string[];
  data?: string;
  json?: boolean;
  timeout?: number;
  repeat?: number;
  concurrency?: number;
}

/** `-H 'K: V'`: split at the first colon, both sides trimmed. */
export function parseHeader(raw: string): HeaderPair {
  const colon = raw.indexOf(':');
  if (colon < 0) throw usage(`-H takes "Name: value"; "${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}" has no colon.`);
  const name = raw.slice(0, colon).trim();
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw usage(`-H: "${name}" is not a valid header name.`);
  return [name, raw.slice(colon + 1).trim()];
}

/** Failures that are about the network or the auth flow rather than the server's answer: exit 3. */
const NETWORK_FAILURES = new Set(['timeout', 'network', 'tls', 'cancelled', 'secret_missing']);

/** 0 on 2xx, 1 on an HTTP error (or any other non-2xx final status), 3 when no usable answer came back. */
export function exitCodeOf(entry: Omit<HistoryEntry, 'id'>): number {
  if (entry.ok) return EXIT.ok;
  if (entry.status === null || (entry.failure !== null && NETWORK_FAILURES.has(entry.failure))) return EXIT.network;
  return EXIT.failed;
}

/**
 * The `--json` shape of a reply: the redacted history entry's essentials plus TTFSC. `historyId` is null for a request
 * that went out but that history could not record (see AuthdeskError.unrecorded).
 */
export function sendJson(reply: { entry: Omit<HistoryEntry, 'id'> & { id: number | null }; firstSuccess: SendReply['firstSuccess'] }) {
  const e = reply.entry;
  return {
    historyId: e.id,
    profile: e.profileName,
    method: e.method,
    url: e.url,
    status: e.status,
    statusText: e.statusText,
    ok: e.ok,
    failure: e.failure,
    error: e.error,
    timings: e.timings,
    redirects: e.redirects,
    authSteps: e.authSteps,
    requestHeaders: e.requestHeaders,
    responseHeaders: e.responseHeaders,
    responseBytes: e.responseBytes,
    responseTruncated: e.responseTruncated,
    bodyPreview: e.responseBodyPreview,
    firstSuccess: reply.firstSuccess,
    ttfscMs: reply.firstSuccess?.ttfscMs ?? null,
  };
}

/**
 * The `--json` object of a send whose auth stage failed before any request went out (the token endpoint refused, a
 * sign-in is needed, a secret is missing or the keychain is unavailable: exit 3). It has the shape of
 * {@link sendJson} with `historyId` and `status` null, so a script reading `.ok` or `.status` still gets one object
 * (issue 2: "With --json it prints one object"); `failure` names the stage as metrics counts it (`secret_missing`,
 * else `auth_flow`: authFailureOf) and `error` is the engine's message, redacted like every message it gives. History
 * records the attempt too (engine/auth-failure.ts), but the error carries no id, so `historyId` stays null as documented.
 */
export function authFailureJson(request: ValidRequest, profileName: string, e: AuthdeskError): Omit<ReturnType<typeof sendJson>, 'historyId'> & { historyId: null } {
  return {
    historyId: null,
    profile: profileName,
    method: request.method,
    url: request.url,
    status: null,
    statusText: null,
    ok: false,
    failure: authFailureOf(e),
    error: e.message,
    timings: { dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: null, totalMs: 0 },
    redirects: [],
    authSteps: [],
    requestHeaders: [],
    responseHeaders: [],
    responseBytes: 0,
    responseTruncated: false,
    bodyPreview: null,
    firstSuccess: null,
    ttfscMs: null,
  };
}

function printHuman(io: CliIO, reply: SendReply): void {
  const e = reply.entry;
  const status = e.status === null ? 'No response' : `${e.status}${e.statusText ? ` ${e.statusText}` : ''}`;
  const out: string[] = [`${status} · ${e.method} ${e.url}`, `Timings: ${timingsLine(e.timings)}`];
  for (const s of e.authSteps) out.push(`Auth: ${s.detail}${s.durationMs !== undefined ? ` (${Math.round(s.durationMs)} ms)` : ''}`);
  for (const r of e.redirects) out.push(`Redirect: ${r.status} ${r.from} → ${r.to} (credentials ${r.credentials})`);
  if (e.responseBodyPreview) {
    out.push('', e.responseBodyPreview.replace(/\n$/, ''));
    if (e.responseTruncated) out.push(`… (preview truncated; ${e.responseBytes} bytes received)`);
  }
  if (reply.firstSuccess && e.profileName) {
    out.push('', `First successful call for ${e.profileName} after ${formatDuration(reply.firstSuccess.ttfscMs)}`);
  }
  io.stdout.write(`${out.join('\n')}\n`);
  if (e.status === null) io.stderr.write(`authdesk: ${e.error ?? 'the request failed'} (${e.failure ?? 'network'})\n`);
  else if (!e.ok) io.stderr.write(`authdesk: ${e.error ?? `HTTP ${status}`} (${e.failure ?? 'client_error'})\n`);
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
 * Why a `--repeat` run stopped early, in the words of a single send's `--json`: `failure` is the auth stage's class
 * for an auth-stage error (`secret_missing`, else `auth_flow`: authFailureOf), else the engine's error code (`failed`:
 * the profile file could not be read or history could not record a request; `not_found`, `invalid_request`, …);
 * `error` is the engine's message (redacted like every message it gives), or a bug's one-line notice.
 */
export function stopOf(e: unknown): { failure: string; error: string } {
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
  totalMs: number;
  exitCode: number;
}

const outcomeOf = (e: Omit<HistoryEntry, 'id'>): RepeatOutcome => ({ status: e.status, ok: e.ok, totalMs: e.timings.totalMs, exitCode: exitCodeOf(e) });

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

/**
 * Sends `count` requests through one engine (one keep-alive pool, one token cache), at most `concurrency` in
 * flight, each recorded in history. The first thrown error (an auth-flow or usage error, or a history write that
 * failed) stops new sends and is returned with the outcomes once those in flight have finished; a request that went
 * out but could not be recorded is among the outcomes. Outcomes come back in completion order.
 */
async function sendRepeated(send: () => Promise<SendReply>, count: number, concurrency: number): Promise<{ outcomes: RepeatOutcome[]; error: unknown }> {
  const outcomes: RepeatOutcome[] = [];
  let started = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (started < count && failure === null) {
      started += 1;
      try {
        outcomes.push(outcomeOf((await send()).entry));
      } catch (error) {
        // A request that went out but could not be recorded still counts in the summary.
        if (isAuthdeskError(error) && error.unrecorded) outcomes.push(outcomeOf(error.unrecorded));
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { outcomes, error: (failure as { error: unknown } | null)?.error ?? null };
}

/** The human summary of a `--repeat` run of `requested` requests; a run stopped early says so (its error follows on stderr). */
function printRepeatHuman(io: CliIO, s: RepeatSummary, requested: number): void {
  const statuses = Object.entries(s.statusCounts)
    .map(([k, v]) => `${k}×${v}`)
    .join(', ');
  io.stdout.write(
    `${s.count} requests · ${s.ok} ok · ${s.failed} failed · statuses ${statuses || '—'}\n` +
      `Per request: p50 ${s.timings.p50Ms} ms · p95 ${s.timings.p95Ms} ms · total ${formatDuration(s.timings.totalMs)}\n` +
      (s.failure === null ? '' : `Stopped early: ${s.count} of ${requested} requests went out (${s.failure}: ${s.error})\n`),
  );
  if (s.failed > 0) io.stderr.write(`authdesk: ${s.failed} of ${s.count} requests failed (see authdesk history)\n`);
}

export function registerSend(program: Command, io: CliIO, setExitCode: (code: number) => void): void {
  program
    .command('send')
    .description('Send a test request with a profile\'s auth and record it (redacted) in history')
    .argument('<name>', 'profile name or id')
    .argument('<url>', 'absolute http(s) URL, or a path appended to the profile\'s base URL (base …/v1 + /users → …/v1/users)')
    .option('-X, --request <method>', 'HTTP method (default GET, or POST with -d)')
    .option('-H, --header <header>', "extra request header 'Name: value' (repeatable)", collect, [])
    .option('-d, --data <body>', 'request body (text)')
    .option('--timeout <ms>', 'ms to wait for the response, and for the OAuth token request made for it (default 30000)', timeoutOption)
    .option('--json', 'print one JSON object (status, ok, timings, historyId, …)')
    .option('--repeat <n>', 'send the request N times through one engine (keep-alive, each one in history) and print a summary', intOption('--repeat', 1, 100_000))
    .option('--concurrency <c>', 'with --repeat: requests in flight at once (default 1)', intOption('--concurrency', 1, 256))
    .addHelpText(
      'after',
      `
Exit codes:
  0  2xx response
  1  HTTP error status (or another non-2xx final status)
  2  usage error (bad flags, unknown profile, URL outside the origin of the profile's base URL)
  3  network or auth-flow error (connection refused, timeout, TLS, secret missing, keychain unavailable)

Example:
  authdesk send github https://api.github.com/user -H 'Accept: application/vnd.github+json'
  authdesk send github https://api.github.com/user --repeat 100 --concurrency 10 --json

With --repeat, the exit code summarises the run (0 all 2xx, 3 if any got no answer, else 1) and --json prints
{count, ok, failed, statusCounts, timings: {p50Ms, p95Ms, totalMs}, failure, error}. A run that stops early (the
auth stage fails, the profile file goes away) still prints its summary of the requests that went out, with failure
and error saying why it stopped, and exits as that error would (3 auth or network, 2 usage, 1 other).`,
    )
    .action(async (name: string, rawUrl: string, o: SendOptions) => {
      const methodName = (o.request ?? (o.data !== undefined ? 'POST' : 'GET')).toUpperCase();
      const method = methodSchema.safeParse(methodName);
      if (!method.success) throw usage(`-X: unsupported method "${methodName}" (use ${methodSchema.options.join(', ')}).`);
      const headers = o.header.map(parseHeader);
      if (o.concurrency !== undefined && o.repeat === undefined) throw usage('--concurrency applies with --repeat only.');
      await withEngine(io, async (engine) => {
        const profile = await engine.getProfile(name);
        let url = rawUrl;
        if (!/^[a-z][a-z0-9+.-]*:/i.test(rawUrl)) {
          if (!profile.baseUrl) throw usage(`"${rawUrl}" is not an absolute http(s) URL (and profile "${profile.name}" has no base URL).`);
          url = joinBaseUrl(profile.baseUrl, rawUrl);
        }
        if (!/^https?:\/\//i.test(url)) throw usage(`"${url}" is not an http:// or https:// URL.`);
        // Checked once: --repeat sends the same validated request every time.
        const request = engine.validateRequest({
          profileId: profile.id,
          method: method.data as Method,
          url,
          headers,
          ...(o.data !== undefined ? { body: o.data } : {}),
          ...(o.timeout !== undefined ? { timeoutMs: o.timeout } : {}),
        });
        const send = () => engine.send(request);
        if (o.repeat !== undefined) {
          const started = performance.now();
          const { outcomes, error } = await sendRepeated(send, o.repeat, o.concurrency ?? 1);
          // A run stopped early (the auth stage failed, the profile file went away, history could not record a request)
          // is summarised too: what went out, and why it stopped; the error then sets the exit code as for one send.
          const summary = summariseRepeat(outcomes, performance.now() - started, error);
          if (o.json) printJson(io, summary);
          else printRepeatHuman(io, summary, o.repeat);
          if (error !== null) throw error;
          setExitCode(repeatExitCode(outcomes));
          return;
        }
        let reply: SendReply;
        try {
          reply = await send();
        } catch (e) {
          // --json still prints its one object, then the message and the exit code follow: nothing went out (the auth
          // stage failed: exit 3), or the request went out and history could not record it (historyId null: exit 1).
          if (o.json && isAuthdeskError(e) && e.unrecorded) printJson(io, sendJson({ entry: { ...e.unrecorded, id: null }, firstSuccess: null }));
          else if (o.json && isAuthdeskError(e) && describeError(e)?.exitCode === EXIT.network) printJson(io, authFailureJson(request, profile.name, e));
          throw e;
        }
        if (o.json) printJson(io, sendJson(reply));
        else printHuman(io, reply);
        setExitCode(exitCodeOf(reply.entry));
      });
    });
}
