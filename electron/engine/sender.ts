import axios, { AxiosHeaders, type AxiosAdapter, type InternalAxiosRequestConfig } from 'axios';
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { Readable } from 'node:stream';
import type { AppliedAuth } from '../../shared/auth-apply';
import type { ClientTls } from '../../shared/client-cert';
import { appendQuery, mergeCookies, ownHeaderNotes } from '../../shared/auth-apply';
import type { AuthStep, FailureReason, HeaderPair, Timings } from '../../shared/request';
import { readBody } from './body';
import { explainBodyError, explainTransportError, reasonOfStatus } from './failure';
import { redirectTarget } from './redirect-target';
import { PhaseRecorder } from './timing';
import { clientTlsAgentOptions, clientTlsId } from './tls-client';

/** A request as the sender receives it: URL, headers and body before auth is applied. */
export interface OutgoingRequest {
  method: string;
  url: string;
  headers: HeaderPair[];
  body?: string;
}

export interface SendOptions {
  auth: AppliedAuth | null;
  /**
   * ms the whole send may take: from the first hop going out until the response body has been read, across every
   * redirect and auth-challenge re-send (one deadline for the send, not one per hop). The body read stops at the
   * deadline however fast bytes still arrive: the exchange then fails as `timeout` with what arrived kept as the
   * preview (a body that stalled too). A token request made before the send has its own bound (see TokenManager.get).
   */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Redirects followed at most (RFC 9110 §15.4 leaves the limit to the client). */
  maxRedirects?: number;
  /** Bytes of the response body kept as the preview. */
  previewBytes?: number;
  /** Origins the profile trusts with its credentials on a redirect (explicit opt-in; never over a downgrade). */
  trustedOrigins?: readonly string[];
}

/** What happened on the wire, before redaction. */
export interface Exchange {
  finalUrl: string;
  status: number | null;
  statusText: string | null;
  failure: FailureReason | null;
  error: string | null;
  timings: Timings;
  requestHeaders: HeaderPair[];
  responseHeaders: HeaderPair[];
  bodyPreview: string | null;
  responseBytes: number;
  truncated: boolean;
  redirects: { from: string; to: string; status: number; credentials: 'kept' | 'stripped' }[];
  steps: AuthStep[];
  /** Secrets derived while sending (a Digest response, a SigV4 signature): redact them like stored ones. */
  derivedSecrets: string[];
}

/** The error of a request cancelled by its caller or by {@link Sender.close} (reported as `cancelled`). */
const cancelled = () => Object.assign(new Error('cancelled'), { code: 'ERR_CANCELED' });

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
export const USER_AGENT = 'Authdesk/0.1 (+https://authdesk.dev)';

/** Origin per RFC 6454 §4 (scheme, host, port): a different port or https→http is another origin (TRAPS T7). */
const originOf = (url: string) => new URL(url).origin;

function hostOf(url: string): string {
  const u = new URL(url);
  return u.port ? `${u.hostname}:${u.port}` : `${u.hostname}:${u.protocol === 'https:' ? 443 : 80}`;
}

function headersOf(raw: Record<string, unknown>): HeaderPair[] {
  const out: HeaderPair[] = [];
  for (const [k, v] of Object.entries(raw)) {
    if (Array.isArray(v)) for (const item of v) out.push([k, String(item)]);
    else if (v !== undefined) out.push([k, String(v)]);
  }
  return out;
}

/** Removes the credential parameters of a profile from a URL (a cross-origin Location that echoes them). */
function stripParams(url: string, names: readonly string[]): string {
  if (names.length === 0) return url;
  const u = new URL(url);
  for (const n of [...u.searchParams.keys()]) if (names.includes(n.toLowerCase())) u.searchParams.delete(n);
  return u.toString();
}

/**
 * The HTTP sender: axios in the main process with keep-alive agents, our own redirect loop (credentials never
 * cross origins: RFC 9110 §15.4, Fetch "HTTP-redirect fetch", TRAPS T5–T7), phase timings, a streamed body with a
 * bounded preview (TRAPS T23), a timeout and cancellation. Never throws for transport errors: they come back as
 * an {@link Exchange} with `failure` and a message naming the host. A profile's {@link AppliedAuth.authenticator}
 * signs each attempt (AWS SigV4) or answers a 401 challenge by re-sending the hop (Digest); a client certificate
 * (mutual TLS) rides its own keep-alive agent.
 */
export class Sender {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly httpsAgent: https.Agent;
  /** Agents holding a client certificate, by a hash of the certificate material (never the shared agent). */
  private readonly tlsAgents = new Map<string, https.Agent>();
  /** axios' Node http adapter, called with a complete request config (see the constructor). */
  private readonly adapter: AxiosAdapter = axios.getAdapter('http');
  /** The config keys every hop shares; each hop adds method, URL, headers, body, transport and signal. */
  private readonly base: Omit<InternalAxiosRequestConfig, 'headers'>;
  /** Set by {@link close}: nothing more goes out, and what was under way ends as cancelled. */
  private closed = false;
  /** Requests waiting for their response headers, some perhaps still queued in an agent for a free socket. */
  private readonly waiting = new Set<http.ClientRequest>();

  /**
   * @param opts.extraCaCerts PEM certificates trusted in addition to Node's root store (a private or corporate CA);
   *   TLS verification itself is never turned off.
   */
  constructor(private readonly opts: { extraCaCerts?: string } = {}) {
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64, ...(opts.extraCaCerts ? { ca: [...tls.rootCertificates, opts.extraCaCerts] } : {}) });
    // The http adapter is called directly with a finished config (its typed contract, `AxiosAdapter`): the layers
    // above it (config merging, interceptors, transforms) have nothing to do here and cost about a quarter of a
    // request. No transforms: the body goes out byte for byte and the response stays a stream. Redirects are ours.
    this.base = {
      maxRedirects: 0,
      validateStatus: () => true,
      responseType: 'stream',
      proxy: false,
      decompress: true,
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
    };
  }

  /**
   * Sends one request, following redirects, and reads the body, all within `opts.timeoutMs` (one deadline for the
   * whole send, see {@link SendOptions.timeoutMs}). Never throws for transport errors (see the class).
   */
  async send(req: OutgoingRequest, opts: SendOptions): Promise<Exchange> {
    const maxRedirects = opts.maxRedirects ?? 5;
    const steps: AuthStep[] = [...(opts.auth?.steps ?? [])];
    if (opts.auth) steps.push(...ownHeaderNotes(req.headers, opts.auth));
    const redirects: Exchange['redirects'] = [];
    let url = opts.auth ? appendQuery(req.url, opts.auth.query, steps) : req.url;
    let method = req.method;
    let body = req.body;
    let withAuth = opts.auth !== null;
    const started = performance.now();
    const deadline = started + opts.timeoutMs; // performance.now() ms at which the whole send stops
    const derived: string[] = [];
    const authn = opts.auth?.authenticator;
    let retries = 0; // re-sends of this hop to answer an auth challenge

    for (;;) {
      const wire = { method, url, headers: this.buildHeaders(req.headers, withAuth ? opts.auth : null, body), body };
      const attempt = withAuth && authn ? await authn.authorize(wire) : null;
      const headers = attempt ? withReplaced(wire.headers, attempt.headers) : wire.headers;
      if (attempt) {
        steps.push(...attempt.steps);
        derived.push(...attempt.secretValues);
      }
      const recorder = new PhaseRecorder();
      const tls = withAuth && url.startsWith('https:') ? opts.auth?.tls : undefined;
      if (withAuth && opts.auth?.tls && !tls && !steps.includes(NO_TLS_NOTE)) steps.push(NO_TLS_NOTE);
      const result = await this.once(method, url, headers, body, recorder, opts, deadline, tls && this.tlsAgent(tls));
      if ('error' in result) {
        const { failure, message } = explainTransportError(result.error, hostOf(url), opts.timeoutMs, tls !== undefined);
        const error = failure === 'timeout' && redirects.length > 0 ? `${message} ${acrossRedirects(redirects.length)}` : message;
        return { ...this.empty(url, headers, steps, redirects, derived), failure, error, timings: { ...recorder.finish(), totalMs: this.since(started) } };
      }
      const { status, statusText, stream, responseHeaders } = result;
      if (status === 401 && withAuth && authn?.challenged) {
        const verdict = authn.challenged(wire, responseHeaders, retries);
        steps.push(...verdict.steps);
        if (verdict.retry) {
          stream.destroy();
          retries++;
          continue;
        }
      }
      const location = responseHeaders.find(([k]) => k.toLowerCase() === 'location')?.[1];
      if (REDIRECTS.has(status) && location) {
        stream.destroy();
        retries = 0;
        const target =
          redirects.length >= maxRedirects
            ? { refused: `Stopped after ${maxRedirects} redirects (the server may be redirecting in a loop).` }
            : redirectTarget(location, url);
        if ('refused' in target) {
          return {
            ...this.empty(url, headers, steps, redirects, derived),
            status,
            statusText,
            responseHeaders,
            failure: 'redirect',
            error: target.refused,
            timings: { ...recorder.finish(), totalMs: this.since(started) },
          };
        }
        if (target.hadUserinfo) steps.push({ kind: 'stripped-on-redirect', detail: 'The redirect named credentials in its URL (user:password@); they were not sent.' });
        const next = target.url;
        const nextOrigin = originOf(next);
        const firstOrigin = originOf(req.url);
        const downgrade = url.startsWith('https:') && next.startsWith('http:');
        const trusted = !downgrade && (opts.trustedOrigins ?? []).includes(nextOrigin);
        if (withAuth && nextOrigin !== firstOrigin) {
          if (trusted) steps.push({ kind: 'note', detail: `Credentials kept on the redirect to ${nextOrigin}: the profile trusts that origin.` });
          else {
            withAuth = false;
            const why = downgrade ? 'an https → http downgrade never carries credentials' : `another origin than ${firstOrigin}`;
            steps.push({ kind: 'stripped-on-redirect', detail: `Credentials not sent to ${nextOrigin} (${why}).` });
          }
        }
        redirects.push({ from: url, to: next, status, credentials: withAuth ? 'kept' : 'stripped' });
        url = withAuth || !opts.auth ? next : stripParams(next, opts.auth.paramNames);
        if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
          method = method === 'HEAD' ? 'HEAD' : 'GET';
          body = undefined;
        }
        continue;
      }
      const read = await readBody(stream, responseHeaders, { previewBytes: opts.previewBytes ?? 64 * 1024, deadline, signal: opts.signal });
      const timings = { ...recorder.finish(), totalMs: this.since(started) };
      const failure = read.error ? explainBodyError(this.closed ? cancelled() : read.error, hostOf(url), opts.timeoutMs) : null;
      if (authn?.settled) steps.push(...authn.settled(status));
      const error = failure?.failure === 'timeout' && redirects.length > 0 ? `${failure.message} ${acrossRedirects(redirects.length)}` : (failure?.message ?? null);
      return {
        finalUrl: url,
        status,
        statusText,
        failure: failure?.failure ?? reasonOfStatus(status),
        error,
        timings,
        requestHeaders: headers,
        responseHeaders,
        bodyPreview: read.preview,
        responseBytes: read.bytes,
        truncated: read.truncated,
        redirects,
        steps,
        derivedSecrets: derived,
      };
    }
  }

  private since(started: number): number {
    return Math.round((performance.now() - started) * 100) / 100;
  }

  private empty(url: string, headers: HeaderPair[], steps: AuthStep[], redirects: Exchange['redirects'], derivedSecrets: string[]): Omit<Exchange, 'failure' | 'error' | 'timings'> {
    return { finalUrl: url, status: null, statusText: null, requestHeaders: headers, responseHeaders: [], bodyPreview: null, responseBytes: 0, truncated: false, redirects, steps, derivedSecrets };
  }

  /**
   * The keep-alive agent presenting a client certificate (mutual TLS), one per distinct certificate material, so
   * pooled sockets of one profile never serve another profile or an unauthenticated request.
   */
  private tlsAgent(client: ClientTls): https.Agent {
    const id = clientTlsId(client);
    let agent = this.tlsAgents.get(id);
    if (!agent) {
      agent = new https.Agent({ keepAlive: true, maxSockets: 64, ...clientTlsAgentOptions(client, this.opts.extraCaCerts ? [this.opts.extraCaCerts] : []) });
      this.tlsAgents.set(id, agent);
    }
    return agent;
  }

  /**
   * User headers, then the profile's auth (which replaces a same-named user header; its cookies join the user's Cookie
   * header, see mergeCookies), then defaults.
   */
  private buildHeaders(user: HeaderPair[], auth: AppliedAuth | null, body: string | undefined): HeaderPair[] {
    const authNames = new Set((auth?.headers ?? []).map(([k]) => k.toLowerCase()));
    if (auth?.cookies.length) authNames.add('cookie');
    const out: HeaderPair[] = user.filter(([k]) => !authNames.has(k.toLowerCase()));
    if (auth) {
      out.push(...auth.headers);
      if (auth.cookies.length) out.push(['Cookie', mergeCookies(user.filter(([k]) => k.toLowerCase() === 'cookie').map(([, v]) => v), auth.cookies).value]);
    }
    const has = (name: string) => out.some(([k]) => k.toLowerCase() === name);
    if (!has('user-agent')) out.push(['User-Agent', USER_AGENT]);
    if (!has('accept')) out.push(['Accept', 'application/json, text/plain;q=0.9, */*;q=0.8']);
    if (body !== undefined && !has('content-type')) {
      let json = false;
      try {
        JSON.parse(body);
        json = true;
      } catch {
        // not JSON: send as text
      }
      out.push(['Content-Type', json ? 'application/json' : 'text/plain; charset=utf-8']);
    }
    return out;
  }

  /**
   * One hop: resolves when the response headers arrive (or with the transport error, `AUTHDESK_TIMEOUT` when
   * `deadline`, a `performance.now()` time in ms, passes first; a hop due after the deadline is not sent).
   */
  private async once(
    method: string,
    url: string,
    headers: HeaderPair[],
    body: string | undefined,
    recorder: PhaseRecorder,
    opts: SendOptions,
    deadline: number,
    httpsAgent?: https.Agent,
  ): Promise<{ status: number; statusText: string; stream: Readable; responseHeaders: HeaderPair[] } | { error: unknown }> {
    // Cancelled before this hop went out (while a signer or an earlier hop ran): send nothing. axios' adapter would
    // reject an aborted signal but still issue the request.
    if (opts.signal?.aborted || this.closed) return { error: cancelled() };
    const timeoutError = () => Object.assign(new Error('timeout'), { code: 'AUTHDESK_TIMEOUT' });
    const left = deadline - performance.now();
    if (left <= 0) return { error: timeoutError() }; // earlier hops used the send's whole time: this one is not sent
    // The timeout destroys the hop's request; a caller's signal goes to axios as is (no controller per hop).
    let timedOut = false;
    let hopReq: http.ClientRequest | null = null;
    const timer = setTimeout(() => {
      timedOut = true;
      hopReq?.destroy(timeoutError());
    }, left);
    const isHttps = url.startsWith('https:');
    const mod = isHttps ? https : http;
    const transport = Object.assign(Object.create(mod) as typeof http, {
      request: (options: http.RequestOptions, cb: (res: http.IncomingMessage) => void) => {
        const r = mod.request(options, cb);
        recorder.attach(r);
        hopReq = r;
        this.waiting.add(r);
        if (timedOut) r.destroy(timeoutError());
        return r;
      },
    });
    try {
      const res = await this.adapter({
        ...this.base,
        method,
        url,
        data: body,
        ...(opts.signal ? { signal: opts.signal } : {}),
        transport,
        ...(httpsAgent ? { httpsAgent } : {}),
        headers: new AxiosHeaders(Object.fromEntries(mergeDuplicates(headers))),
      } as InternalAxiosRequestConfig);
      return { status: res.status, statusText: res.statusText, stream: res.data as Readable, responseHeaders: headersOf(res.headers as Record<string, unknown>) };
    } catch (error) {
      return { error: timedOut && !opts.signal?.aborted ? timeoutError() : this.closed ? cancelled() : error };
    } finally {
      clearTimeout(timer);
      if (hopReq) this.waiting.delete(hopReq);
    }
  }

  /** Closes every socket, pooled or in use: requests under way end as cancelled, and none goes out after this. */
  close(): void {
    this.closed = true;
    // Destroying the agents closes their sockets but not the requests queued for one (more than maxSockets).
    for (const req of this.waiting) req.destroy(cancelled());
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
    for (const agent of this.tlsAgents.values()) agent.destroy();
  }
}

/** The note of a send whose client certificate had no TLS handshake to go in (an http:// URL). */
const NO_TLS_NOTE: AuthStep = Object.freeze({
  kind: 'note',
  detail: 'The client certificate was not presented: this request went over http://, and a certificate is sent only in a TLS handshake (RFC 8446 §4.4.2). Use the https:// URL.',
});

/** The sentence added to a timeout's message when redirects were followed: the bound counts for them all. */
const acrossRedirects = (n: number) => `The timeout counts from the first request, across ${n === 1 ? '1 redirect' : `${n} redirects`}.`;

/** `headers` with `extra` added, each replacing any same-named header (case-insensitive). */
function withReplaced(headers: HeaderPair[], extra: HeaderPair[]): HeaderPair[] {
  const names = new Set(extra.map(([k]) => k.toLowerCase()));
  return [...headers.filter(([k]) => !names.has(k.toLowerCase())), ...extra];
}

/**
 * Joins same-named headers so none is lost when turned into an object: with ", " (RFC 9110 §5.3), and Cookie
 * headers with "; " (RFC 6265 §5.4: one Cookie header, pairs separated by "; ").
 */
function mergeDuplicates(headers: HeaderPair[]): HeaderPair[] {
  const map = new Map<string, HeaderPair>();
  for (const [k, v] of headers) {
    const key = k.toLowerCase();
    const prev = map.get(key);
    map.set(key, prev ? [prev[0], `${prev[1]}${key === 'cookie' ? '; ' : ', '}${v}`] : [k, v]);
  }
  return [...map.values()];
}
