import http from 'node:http';
import { Engine } from '../electron/engine/engine';
import { Sender } from '../electron/engine/sender';
import type { AppliedAuth } from '../shared/auth-apply';
import { percentile, round2 } from './measure';
import type { BenchCredentials } from './server';

/** The auth schemes of the load runs. */
export type Scheme = 'basic' | 'apikey' | 'oauth2';
/**
 * The in-process clients: raw Node http (the floor), axios alone, Authdesk's HTTP sender alone (electron/engine/
 * sender.ts with fixed auth headers: what the engine's own layers are measured against) and Authdesk's engine.
 */
export type InProcessTool = 'raw' | 'axios' | 'sender' | 'engine';

export interface LoadSpec {
  tool: InProcessTool;
  scheme: Scheme;
  count: number;
  concurrency: number;
  origin: string;
  /** Authdesk data directory holding the bench profiles (engine only). */
  home?: string;
}

export interface LoadResult {
  /** Setup (Engine.open / agent creation / token fetch) plus all requests, ms. */
  wallMs: number;
  /**
   * From the same start to the first reply, ms: the fixed part of wallMs (setup, and for the engine the first send's
   * keychain read and cold code paths) that 1000 requests do not spread.
   */
  firstReplyMs: number;
  p50Ms: number;
  p95Ms: number;
  ok: number;
  failed: number;
  /** process.resourceUsage().maxRSS at the end, KiB. */
  maxRssKb: number;
}

/** The bench profile name of each scheme (created by run.ts in the Authdesk home). */
export const profileName = (scheme: Scheme): string => `bench-${scheme}`;

/**
 * Runs `one` `count` times with at most `concurrency` in flight; per-call latencies in ms, and the `performance.now()`
 * time the first call returned.
 */
async function pool(count: number, concurrency: number, one: () => Promise<boolean>): Promise<{ latencies: number[]; ok: number; firstAt: number }> {
  const latencies: number[] = [];
  let ok = 0;
  let firstAt = 0;
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started += 1;
      const t = performance.now();
      const good = await one();
      const now = performance.now();
      firstAt ||= now;
      latencies.push(now - t);
      if (good) ok += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { latencies, ok, firstAt };
}

/** A raw http request on `agent`; resolves with the status and the body text. */
function rawRequest(agent: http.Agent, url: URL, method: string, headers: http.OutgoingHttpHeaders, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method, headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', () => resolve({ status: 0, text }));
    });
    req.on('error', () => resolve({ status: 0, text: '' }));
    req.end(body);
  });
}

/** The auth headers a plain client sends for `scheme`; for oauth2 it first makes one client-credentials request. */
async function plainAuthHeaders(
  scheme: Scheme,
  creds: BenchCredentials,
  fetchToken: (form: string, basic: string) => Promise<string>,
): Promise<Record<string, string>> {
  if (scheme === 'basic') return { Authorization: `Basic ${Buffer.from(`${creds.basicUser}:${creds.basicPassword}`).toString('base64')}` };
  if (scheme === 'apikey') return { [creds.apiKeyHeader]: creds.apiKey };
  const basic = Buffer.from(`${encodeURIComponent(creds.clientId)}:${encodeURIComponent(creds.clientSecret)}`).toString('base64');
  const token = await fetchToken(new URLSearchParams({ grant_type: 'client_credentials', scope: creds.scope }).toString(), basic);
  return { Authorization: `Bearer ${token}` };
}

const FORM = 'application/x-www-form-urlencoded';

/**
 * axios as a user installs it (root node_modules: the version the app bundles, without the app's stubs), loaded by a
 * path relative to this module, which works from bench/ and from the compiled worker's directory (whose parent links
 * the root node_modules: bench/compile.ts): a bare `import 'axios'` from bench/ would find the older copy that
 * @usebruno/cli installs in bench/node_modules.
 */
async function appAxios(): Promise<typeof import('axios').default> {
  const url = new URL('../node_modules/axios/index.js', import.meta.url).href;
  return ((await import(url)) as typeof import('axios')).default;
}

/**
 * One load run inside this process: `count` authenticated GETs of `${origin}/resource`. Latency is measured around
 * each call as its caller sees it (for the engine: profile lookup, auth, send, redaction and the history write; the
 * request itself is validated once, not on every send, as `authdesk send --repeat` does).
 */
export async function runLoad(spec: LoadSpec, creds: BenchCredentials): Promise<LoadResult> {
  const url = new URL('/resource', spec.origin);
  // Module loading is outside every tool's time, as the engine's is (it is imported when the worker starts).
  const axios = spec.tool === 'axios' ? await appAxios() : null;
  const t0 = performance.now();
  let run: { latencies: number[]; ok: number; firstAt: number };
  if (spec.tool === 'raw') {
    const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
    const headers = await plainAuthHeaders(spec.scheme, creds, async (form, basic) => {
      const r = await rawRequest(agent, new URL('/token', spec.origin), 'POST', { Authorization: `Basic ${basic}`, 'Content-Type': FORM }, form);
      return (JSON.parse(r.text) as { access_token: string }).access_token;
    });
    run = await pool(spec.count, spec.concurrency, async () => (await rawRequest(agent, url, 'GET', { ...headers, Accept: 'application/json' })).status === 200);
    agent.destroy();
  } else if (axios) {
    const httpAgent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
    const client = axios.create({ httpAgent, proxy: false, validateStatus: () => true });
    const headers = await plainAuthHeaders(spec.scheme, creds, async (form, basic) => {
      const r = await client.post<{ access_token: string }>(new URL('/token', spec.origin).toString(), form, { headers: { Authorization: `Basic ${basic}`, 'Content-Type': FORM } });
      return r.data.access_token;
    });
    run = await pool(spec.count, spec.concurrency, async () => (await client.get(url.toString(), { headers })).status === 200);
    httpAgent.destroy();
  } else if (spec.tool === 'sender') {
    const sender = new Sender();
    const fixed = (headers: Record<string, string>): AppliedAuth => ({
      headers: Object.entries(headers),
      query: [],
      cookies: [],
      secretValues: Object.values(headers),
      headerNames: Object.keys(headers).map((k) => k.toLowerCase()),
      paramNames: [],
      steps: [],
    });
    const headers = await plainAuthHeaders(spec.scheme, creds, async (form, basic) => {
      const r = await sender.send({ method: 'POST', url: new URL('/token', spec.origin).toString(), headers: [['Content-Type', FORM]], body: form }, { auth: fixed({ Authorization: `Basic ${basic}` }), timeoutMs: 30_000 });
      return (JSON.parse(r.bodyPreview ?? '{}') as { access_token: string }).access_token;
    });
    const auth = fixed(headers);
    const request = { method: 'GET', url: url.toString(), headers: [] };
    run = await pool(spec.count, spec.concurrency, async () => (await sender.send(request, { auth, timeoutMs: 30_000 })).status === 200);
    sender.close();
  } else {
    if (!spec.home) throw new Error('engine runs need a home');
    const engine = await Engine.open({ home: spec.home });
    try {
      const profile = await engine.getProfile(profileName(spec.scheme));
      // The same request sent `count` times is checked once, as `authdesk send --repeat` does (Engine.validateRequest):
      // axios alone also reuses one prepared headers object. Each send still looks the profile up, applies its auth,
      // redacts and writes history.
      const request = engine.validateRequest({ profileId: profile.id, method: 'GET', url: url.toString(), headers: [] });
      run = await pool(spec.count, spec.concurrency, async () => (await engine.send(request)).entry.ok);
    } finally {
      await engine.close();
    }
  }
  const wallMs = performance.now() - t0;
  return {
    wallMs: round2(wallMs),
    firstReplyMs: round2(run.firstAt - t0),
    p50Ms: round2(percentile(run.latencies, 50)),
    p95Ms: round2(percentile(run.latencies, 95)),
    ok: run.ok,
    failed: spec.count - run.ok,
    maxRssKb: process.resourceUsage().maxRSS,
  };
}
