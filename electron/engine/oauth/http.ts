import axios from 'axios';
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import type { ClientTls } from '../../../shared/client-cert';
import type { OAuthConfig } from '../../../shared/oauth';
import { formatBound } from '../../../shared/metrics';
import { AuthdeskError } from '../errors';
import { explainTransportError } from '../failure';
import { clientTlsAgentOptions } from '../tls-client';

/** A reply from an OAuth endpoint: raw text plus what is needed to parse and report it. */
export interface FormReply {
  status: number;
  contentType: string;
  text: string;
  durationMs: number;
  headers: Record<string, string>;
}

/** ms an OAuth endpoint may take to answer when the caller sets no bound (a send's `timeoutMs` bounds its token request). */
export const OAUTH_TIMEOUT_MS = 30_000;

const client = axios.create({ maxRedirects: 0, validateStatus: () => true, responseType: 'text', proxy: false, transformResponse: (d) => d });

/** Largest OAuth endpoint reply read (a token response is a few KB; garbage is cut off, not buffered). */
const MAX_REPLY_BYTES = 1024 * 1024;
/** The cap as said in messages. */
const CAP_TEXT = `1 MB (${MAX_REPLY_BYTES} bytes)`;

/** axios' error for a reply over `maxContentLength` (axios 1.x: ERR_BAD_RESPONSE, which also covers other faults). */
const tooLarge = (e: unknown): boolean => {
  const err = e as { code?: string; message?: string };
  return err.code === 'ERR_BAD_RESPONSE' && err.message === `maxContentLength size of ${MAX_REPLY_BYTES} exceeded`;
};

/** One OAuth exchange's deadline: the axios options that carry it, and what it saw when it passed. */
interface Deadline {
  /** Aborted at the deadline or when the caller's signal aborts. */
  signal: AbortSignal;
  /** Node's http(s) module, noting when the status and headers arrive. */
  transport: typeof http;
  /** null while the deadline has not passed; else whether the reply had begun (`arriving`) or not (`silent`). */
  expired(): 'silent' | 'arriving' | null;
  /** Clears the timer and the listener on the caller's signal. */
  done(): void;
}

/**
 * A deadline `timeoutMs` ms from now for one whole exchange with `url`: connecting, sending, the status and headers
 * and the whole body (axios' own `timeout` only bounds each silence, so a trickled reply went on for ever). One timer
 * per exchange; the caller's `signal` aborts it too.
 */
function deadline(url: string, timeoutMs: number, caller?: AbortSignal): Deadline {
  const controller = new AbortController();
  let passed = false;
  let answered = false;
  const onAbort = () => controller.abort();
  caller?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => {
    passed = true;
    controller.abort();
  }, timeoutMs);
  const mod = url.startsWith('https:') ? https : http;
  const transport = Object.assign(Object.create(mod) as typeof http, {
    request: (options: http.RequestOptions, cb: (res: http.IncomingMessage) => void) => mod.request(options, cb).once('response', () => (answered = true)),
  });
  return {
    signal: controller.signal,
    transport,
    expired: () => (passed ? (answered ? 'arriving' : 'silent') : null),
    done: () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * POSTs `application/x-www-form-urlencoded` (RFC 6749 §4.1.3, §4.4.2: token requests are form bodies, TRAPS T13)
 * with `Accept: application/json` (TRAPS T8: GitHub answers form-encoded unless asked), no redirects followed.
 * @throws AuthdeskError `auth_failed` naming the endpoint's origin when it cannot be reached or times out.
 */
export function postForm(url: string, params: URLSearchParams, headers: Record<string, string>, timeoutMs: number, signal?: AbortSignal, tls?: ClientTls): Promise<FormReply> {
  return post(url, params.toString(), { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', ...headers }, timeoutMs, signal, tls);
}

/** How a token request is encoded (form or JSON) and the non-secret headers it carries besides client authentication. */
export type TokenRequestShape = Pick<OAuthConfig, 'tokenRequestBody' | 'tokenRequestHeaders'>;

/**
 * POSTs token-request parameters to a token endpoint: as a form (see {@link postForm}) unless `shape` asks for
 * JSON, with the provider's extra headers added except where they would replace client authentication,
 * Content-Type or `Accept: application/json`.
 * @throws AuthdeskError `auth_failed` naming the endpoint's origin when it cannot be reached or times out.
 */
export function postTokenRequest(
  url: string,
  params: URLSearchParams,
  headers: Record<string, string>,
  shape: TokenRequestShape,
  timeoutMs: number,
  signal?: AbortSignal,
  tls?: ClientTls,
): Promise<FormReply> {
  const ours = new Set(['content-type', 'accept', ...Object.keys(headers).map((k) => k.toLowerCase())]);
  const extra = Object.fromEntries((shape.tokenRequestHeaders ?? []).filter(([k]) => !ours.has(k.toLowerCase())));
  if (shape.tokenRequestBody !== 'json') return postForm(url, params, { ...extra, ...headers }, timeoutMs, signal, tls);
  return post(url, JSON.stringify(Object.fromEntries(params)), { ...extra, 'Content-Type': 'application/json', Accept: 'application/json', ...headers }, timeoutMs, signal, tls);
}

/** What to do when an OAuth endpoint demands a client certificate that the request did not offer. */
const CERTIFICATE_ADVICE = 'Choose tls_client_auth or self_signed_tls_client_auth client authentication with the certificate registered for this client (RFC 8705 §2).';

/**
 * POSTs `body` with the given headers (which name its Content-Type) to a token-issuing endpoint, no redirects
 * followed, the reply bounded in size (1 MB, {@link MAX_REPLY_BYTES}) and in time. With `tls`, the client
 * certificate is presented in the TLS handshake (RFC 8705 §2 mutual-TLS client authentication) on a connection of
 * its own, closed after the reply.
 * @param timeoutMs ms the whole exchange may take, from sending the request to the last byte of the reply (a reply
 *   still arriving at that time is given up, however fast its bytes come)
 * @throws AuthdeskError `auth_failed` naming the endpoint's origin when it cannot be reached, gives no answer within
 *   `timeoutMs` (said as such, not as unreachable), is still sending its reply then, or replies with more than
 *   1 MB (not read); explaining a TLS failure (certificate required, refused, or a key that cannot be decrypted);
 *   "cancelled" when `signal` aborts.
 */
export async function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number, signal?: AbortSignal, tls?: ClientTls): Promise<FormReply> {
  // axios rejects an aborted signal but would still send the request (and its client credentials).
  if (signal?.aborted) throw new AuthdeskError('auth_failed', 'The OAuth flow was cancelled.');
  const started = performance.now();
  const httpsAgent = tls ? new https.Agent(clientTlsAgentOptions(tls)) : undefined;
  const bound = deadline(url, timeoutMs, signal);
  try {
    const res = await client.post<string>(url, body, {
      headers: { 'User-Agent': 'Authdesk/0.1', ...headers },
      signal: bound.signal,
      transport: bound.transport,
      maxContentLength: MAX_REPLY_BYTES,
      ...(httpsAgent ? { httpsAgent } : {}),
    });
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k.toLowerCase()] = String(v);
    return { status: res.status, contentType: flat['content-type'] ?? '', text: typeof res.data === 'string' ? res.data : '', durationMs: Math.round(performance.now() - started), headers: flat };
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'error';
    const u = new URL(url);
    const expired = bound.expired();
    if (signal?.aborted && !expired) throw new AuthdeskError('auth_failed', 'The OAuth flow was cancelled.');
    if (expired === 'arriving') {
      throw new AuthdeskError('auth_failed', `The OAuth endpoint at ${u.origin} answered, but its reply was still arriving when the timeout of ${formatBound(timeoutMs)} ran out. The timeout bounds the whole reply: check the endpoint, or raise the timeout.`);
    }
    if (expired === 'silent') {
      throw new AuthdeskError('auth_failed', `No answer from the OAuth endpoint at ${u.origin} within ${formatBound(timeoutMs)}. Check that it is up and reachable, or raise the timeout.`);
    }
    if (tooLarge(e)) throw new AuthdeskError('auth_failed', `The OAuth endpoint at ${u.origin} replied with more than ${CAP_TEXT}, the most Authdesk reads from it; the reply was not read.`);
    const host = `${u.hostname}:${u.port || (u.protocol === 'https:' ? 443 : 80)}`;
    const explained = explainTransportError(e, host, timeoutMs, tls !== undefined, CERTIFICATE_ADVICE);
    if (explained.failure === 'tls') throw new AuthdeskError('auth_failed', `The OAuth endpoint at ${u.origin}: ${explained.message}`);
    throw new AuthdeskError('auth_failed', `Could not reach the OAuth endpoint at ${u.origin} (${code}).`);
  } finally {
    bound.done();
    httpsAgent?.destroy();
  }
}

/**
 * GETs a JSON document (metadata), bounded in size (1 MB) and in time (`timeoutMs` ms for the whole exchange, as
 * {@link post}). @throws AuthdeskError `auth_failed` naming the URL, saying when the time ran out or the reply was too large
 */
export async function getJson(url: string, timeoutMs: number): Promise<{ status: number; json: unknown }> {
  const bound = deadline(url, timeoutMs);
  try {
    const res = await client.get<string>(url, { headers: { Accept: 'application/json' }, signal: bound.signal, transport: bound.transport, maxContentLength: MAX_REPLY_BYTES });
    let json: unknown = null;
    try {
      json = JSON.parse(res.data);
    } catch {
      json = null;
    }
    return { status: res.status, json };
  } catch (e) {
    if (bound.expired()) throw new AuthdeskError('auth_failed', `Could not fetch ${url}: no complete answer within ${formatBound(timeoutMs)}.`);
    if (tooLarge(e)) throw new AuthdeskError('auth_failed', `Could not fetch ${url}: it replied with more than ${CAP_TEXT}; the reply was not read.`);
    throw new AuthdeskError('auth_failed', `Could not fetch ${url} (${(e as { code?: string }).code ?? 'error'}).`);
  } finally {
    bound.done();
  }
}
