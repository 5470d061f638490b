import type { Command } from 'commander';
import type { SendReply } from '../../../shared/contract';
import { formatDuration } from '../../../shared/metrics';
import { methodSchema, type HeaderPair, type HistoryEntry, type Method } from '../../../shared/request';
import { EXIT, intOption, printJson, usage, withEngine, type CliIO } from '../context';
import { timingsLine } from '../output';
import { collect } from './profile';

interface SendOptions {
  request?: string;
  header: string[];
  data?: string;
  json?: boolean;
  timeout?: number;
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
export function exitCodeOf(entry: HistoryEntry): number {
  if (entry.ok) return EXIT.ok;
  if (entry.status === null || (entry.failure !== null && NETWORK_FAILURES.has(entry.failure))) return EXIT.network;
  return EXIT.failed;
}

/** The `--json` shape of a reply: the redacted history entry's essentials plus TTFSC. */
export function sendJson(reply: SendReply) {
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

export function registerSend(program: Command, io: CliIO, setExitCode: (code: number) => void): void {
  program
    .command('send')
    .description('Send a test request with a profile\'s auth and record it (redacted) in history')
    .argument('<name>', 'profile name or id')
    .argument('<url>', 'absolute http(s) URL, or a path when the profile has a base URL')
    .option('-X, --request <method>', 'HTTP method (default GET, or POST with -d)')
    .option('-H, --header <header>', "extra request header 'Name: value' (repeatable)", collect, [])
    .option('-d, --data <body>', 'request body (text)')
    .option('--timeout <ms>', 'ms to wait for the response (default 30000)', intOption('--timeout', 100, 600_000))
    .option('--json', 'print one JSON object (status, ok, timings, historyId, …)')
    .addHelpText(
      'after',
      `
Exit codes:
  0  2xx response
  1  HTTP error status (or another non-2xx final status)
  2  usage error (bad flags, unknown profile, URL outside the profile's base URL)
  3  network or auth-flow error (connection refused, timeout, TLS, secret missing, keychain unavailable)

Example:
  authdesk send github https://api.github.com/user -H 'Accept: application/vnd.github+json'`,
    )
    .action(async (name: string, rawUrl: string, o: SendOptions) => {
      const methodName = (o.request ?? (o.data !== undefined ? 'POST' : 'GET')).toUpperCase();
      const method = methodSchema.safeParse(methodName);
      if (!method.success) throw usage(`-X: unsupported method "${methodName}" (use ${methodSchema.options.join(', ')}).`);
      const headers = o.header.map(parseHeader);
      await withEngine(io, async (engine) => {
        const profile = await engine.getProfile(name);
        let url = rawUrl;
        if (!/^[a-z][a-z0-9+.-]*:/i.test(rawUrl)) {
          if (!profile.baseUrl) throw usage(`"${rawUrl}" is not an absolute http(s) URL (and profile "${profile.name}" has no base URL).`);
          url = new URL(rawUrl, profile.baseUrl).toString();
        }
        if (!/^https?:\/\//i.test(url)) throw usage(`"${url}" is not an http:// or https:// URL.`);
        const reply = await engine.send({
          profileId: profile.id,
          method: method.data as Method,
          url,
          headers,
          ...(o.data !== undefined ? { body: o.data } : {}),
          ...(o.timeout !== undefined ? { timeoutMs: o.timeout } : {}),
        });
        if (o.json) printJson(io, sendJson(reply));
        else printHuman(io, reply);
        setExitCode(exitCodeOf(reply.entry));
      });
    });
}
