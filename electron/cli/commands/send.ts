import type { Command } from 'commander';
import { randomUUID } from 'node:crypto';
import type { SendReply } from '../../../shared/contract';
import { formatDuration } from '../../../shared/metrics';
import { methodSchema, type HeaderPair, type HistoryEntry, type Method } from '../../../shared/request';
import { joinBaseUrl } from '../../../shared/url';
import { authFailureOf } from '../../engine/auth-failure';
import type { Engine } from '../../engine/engine';
import { isAuthdeskError, type AuthdeskError } from '../../engine/errors';
import type { ValidRequest } from '../../engine/valid-request';
import { describeError, EXIT, intOption, printJson, timeoutOption, usage, withEngine, type CliIO } from '../context';
import { terminalLine } from '../terminal-text';
import { timingsLine } from '../output';
import { collect } from './profile';
import { exitCodeOf, Interrupted, reportInterrupted, reportRepeat, runOrSignal, startRepeat } from './send-repeat';

/** The `--repeat` summary type and the exit code of one send, for callers that import them from here. */
export { exitCodeOf, type RepeatSummary } from './send-repeat';

interface SendOptions {
  request?: string;
  header: string[];
  data?: string;
  json?: boolean;
  timeout?: number;
  repeat?: number;
  concurrency?: number;
}

/**
 * One send that Ctrl+C or SIGTERM cancels (through `CliIO.waitForStop`, as a `--repeat` run): the request is cancelled
 * by its `requestId`, so it still gets its reply and its history entry, as cancelled (with the status if the answer
 * had begun). Resolves with the reply and the signal that cancelled it (null: none did).
 * @throws what `engine.send` throws
 */
async function sendOnce(io: CliIO, engine: Engine, request: ValidRequest): Promise<{ reply: SendReply; signal: NodeJS.Signals | null }> {
  const listening = new AbortController();
  let signal: NodeJS.Signals | null = null;
  void io.waitForStop(listening.signal).then((s) => {
    if (!s || !request.requestId) return; // an in-process caller's "stop now" without a signal: not a reason to cancel
    signal = s;
    engine.cancel(request.requestId);
  });
  try {
    const reply = await engine.send(request);
    return { reply, signal };
  } finally {
    listening.abort();
  }
}

/** `-H 'K: V'`: split at the first colon, both sides trimmed. */
export function parseHeader(raw: string): HeaderPair {
  const colon = raw.indexOf(':');
  if (colon < 0) throw usage(`-H takes "Name: value"; "${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}" has no colon.`);
  const name = raw.slice(0, colon).trim();
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw usage(`-H: "${name}" is not a valid header name.`);
  return [name, raw.slice(colon + 1).trim()];
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
  if (e.explanation) {
    // Why it failed and what to try, as the app's explanation panel says it (server text on one line each).
    out.push('', `Why: ${terminalLine(e.explanation.title)}. ${terminalLine(e.explanation.detail)}`);
    for (const t of e.explanation.tryThis) out.push(`Try: ${terminalLine(t)}`);
  }
  if (reply.firstSuccess && e.profileName) {
    out.push('', `First successful call for ${e.profileName} after ${formatDuration(reply.firstSuccess.ttfscMs)}`);
  }
  io.stdout.write(`${out.join('\n')}\n`);
  if (e.status === null) io.stderr.write(`authdesk: ${terminalLine(e.error ?? 'the request failed')} (${e.failure ?? 'network'})\n`);
  else if (!e.ok) io.stderr.write(`authdesk: ${terminalLine(e.error ?? `HTTP ${status}`)} (${e.failure ?? 'client_error'})\n`);
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
    .option('--timeout <ms>', 'ms the whole response may take, body included, across redirects (default 30000); the OAuth token request made for it has its own bound of the same length', timeoutOption)
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
  130, 143  stopped by Ctrl+C (SIGINT) or SIGTERM (with --repeat, after its summary)

Example:
  authdesk send github https://api.github.com/user -H 'Accept: application/vnd.github+json'
  authdesk send github https://api.github.com/user --repeat 100 --concurrency 10 --json

With --repeat, the exit code summarises the run (0 all 2xx, 3 if any got no usable answer: none, a timeout even mid-body, or a cancel; else 1) and --json prints
{count, ok, failed, statusCounts, timings: {p50Ms, p95Ms, totalMs}, failure, error}. A run that stops early (the
auth stage fails, the profile file goes away) still prints its summary of the requests that went out, with failure
and error saying why it stopped, and exits as that error would (3 auth or network, 2 usage, 1 other). Ctrl+C or
SIGTERM stops it the same way: no new request starts, those in flight are cancelled (their entries say so), and the
summary has failure "cancelled" and error "Stopped by Ctrl+C (SIGINT)" or "Stopped by SIGTERM"; it exits 130 or 143.
A second Ctrl+C exits at once, without the summary. Ctrl+C or SIGTERM during one send cancels it: it is recorded in
history as cancelled (with its status if the answer had begun), printed (with --json, its one object, failure
"cancelled"), and the command exits 130 or 143.`,
    )
    .action(async (name: string, rawUrl: string, o: SendOptions) => {
      const methodName = (o.request ?? (o.data !== undefined ? 'POST' : 'GET')).toUpperCase();
      const method = methodSchema.safeParse(methodName);
      if (!method.success) throw usage(`-X: unsupported method "${methodName}" (use ${methodSchema.options.join(', ')}).`);
      const headers = o.header.map(parseHeader);
      if (o.concurrency !== undefined && o.repeat === undefined) throw usage('--concurrency applies with --repeat only.');
      /** Set when a signal stopped a --repeat run: its summary is printed once the engine has closed (cancelling the sends in flight). */
      const stopped: { report?: () => Promise<never> } = {};
      try {
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
            // One send has an id, so Ctrl+C cancels it and it is still recorded (a --repeat run cancels through close()).
            ...(o.repeat === undefined ? { requestId: randomUUID() } : {}),
          });
          const send = () => engine.send(request);
          if (o.repeat !== undefined) {
            const [startedAt, requested] = [performance.now(), o.repeat];
            const run = startRepeat(send, requested, o.concurrency ?? 1);
            if (await runOrSignal(io, run)) {
              stopped.report = () => reportInterrupted(io, run, startedAt, requested, o.json === true);
              return;
            }
            // A run stopped early (the auth stage failed, the profile file went away, history could not record a request)
            // is summarised too: what went out, and why it stopped; the error then sets the exit code as for one send.
            setExitCode(reportRepeat(io, run, startedAt, requested, o.json === true));
            return;
          }
          let reply: SendReply;
          let signal: NodeJS.Signals | null = null;
          try {
            ({ reply, signal } = await sendOnce(io, engine, request));
          } catch (e) {
            // --json still prints its one object, then the message and the exit code follow: nothing went out (the auth
            // stage failed: exit 3), or the request went out and history could not record it (historyId null: exit 1).
            if (o.json && isAuthdeskError(e) && e.unrecorded) printJson(io, sendJson({ entry: { ...e.unrecorded, id: null }, firstSuccess: null }));
            else if (o.json && isAuthdeskError(e) && describeError(e)?.exitCode === EXIT.network) printJson(io, authFailureJson(request, profile.name, e));
            throw e;
          }
          if (o.json) printJson(io, sendJson(reply));
          else printHuman(io, reply);
          if (signal) throw new Interrupted(signal); // after its entry (cancelled) is printed: exit 130 or 143
          setExitCode(exitCodeOf(reply.entry));
        });
      } finally {
        // A Ctrl+C or SIGTERM run prints its summary even if closing failed, and exits 130 or 143 (its error wins).
        if (stopped.report) await stopped.report();
      }
    });
}
