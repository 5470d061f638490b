import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAuth } from '../../shared/auth-apply';
import { Sender } from '../../electron/engine/sender';
import { validRequest } from '../../electron/engine/valid-request';
import { startServer, type TestServer } from '../helpers/servers';

const sender = new Sender();
afterAll(() => sender.close());

describe('sender against real local servers', () => {
  let api: TestServer;
  let other: TestServer;
  beforeAll(async () => {
    other = await startServer((_req, res) => res.end('storage'));
    api = await startServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      if (u.pathname === '/download') return res.writeHead(302, { Location: `${other.url}/bucket/file?sig=abc` }).end();
      if (u.pathname === '/same') return res.writeHead(301, { Location: '/final' }).end();
      if (u.pathname === '/userinfo') return res.writeHead(302, { Location: `${api.url.replace('://', '://x:y@')}/final` }).end();
      if (u.pathname === '/loop') return res.writeHead(302, { Location: '/loop' }).end();
      if (u.pathname === '/big') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const chunk = Buffer.alloc(1024 * 1024, 0x61);
        for (let i = 0; i < 13; i++) res.write(chunk);
        return res.end();
      }
      if (u.pathname === '/trickle') {
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
        const t = setInterval(() => res.write(Buffer.alloc(1024)), 20);
        res.on('close', () => clearInterval(t));
        return;
      }
      if (u.pathname === '/silent') return; // never answers
      if (u.pathname === '/stall') return res.writeHead(200, { 'Content-Type': 'text/plain' }).write('start'); // then nothing
      if (u.pathname === '/badgzip') return res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip' }).end(Buffer.from('not gzip at all'));
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    });
  });
  afterAll(async () => {
    await api.close();
    await other.close();
  });

  it('says so when the profile\'s auth replaces a header the request named itself, and not otherwise', async () => {
    const auth = applyAuth({ scheme: 'bearer', prefix: 'Bearer' }, { token: 'tok-own-header-1' });
    const mine = await sender.send({ method: 'GET', url: `${api.url}/x`, headers: [['authorization', 'Bearer mine'], ['X-Trace', '1']] }, { auth, timeoutMs: 5000 });
    expect(mine.requestHeaders.filter(([k]) => k.toLowerCase() === 'authorization')).toEqual([['Authorization', 'Bearer tok-own-header-1']]);
    expect(mine.steps).toContainEqual({ kind: 'note', detail: "The request's own authorization header was replaced by the profile's auth." });
    const plain = await sender.send({ method: 'GET', url: `${api.url}/x`, headers: [['X-Trace', '1']] }, { auth, timeoutMs: 5000 });
    expect(plain.steps.filter((s) => s.kind === 'note')).toEqual([]);
  });

  it('sends a request body byte for byte: a JSON body keeps its whitespace and gets a JSON Content-Type', async () => {
    const body = '  {"name": "a b",\n "n": 1}\n\n';
    const ex = await sender.send({ method: 'POST', url: `${api.url}/echo`, headers: [], body }, { auth: null, timeoutMs: 5000 });
    expect(ex.status).toBe(200);
    const seen = api.seen.at(-1)!;
    expect(seen.body).toBe(body);
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.headers['content-length']).toBe(String(Buffer.byteLength(body)));
  });

  it('sends a POST without a body with no body and no invented Content-Type, and joins repeated headers (Cookie with "; ")', async () => {
    const headers: [string, string][] = [['X-Trace-Id', 'abc'], ['x-trace-id', 'def'], ['Cookie', 'a=1'], ['cookie', 'b=2']];
    const ex = await sender.send({ method: 'POST', url: `${api.url}/echo`, headers }, { auth: null, timeoutMs: 5000 });
    expect(ex.status).toBe(200);
    const seen = api.seen.at(-1)!;
    expect(seen.method).toBe('POST');
    expect(seen.body).toBe('');
    expect(seen.headers['content-type']).toBeUndefined();
    expect(seen.headers['x-trace-id']).toBe('abc, def');
    expect(seen.headers.cookie).toBe('a=1; b=2');
    expect(ex.requestHeaders).toContainEqual(['X-Trace-Id', 'abc']);
  });

  it('T3: the server receives a hostile query API key byte for byte', async () => {
    const value = "$V8)x'];A#27Z-b_y";
    const auth = applyAuth({ scheme: 'apikey', placements: [{ in: 'query', name: 'api_key' }] }, { key0: value });
    const ex = await sender.send({ method: 'GET', url: `${api.url}/q?x=1`, headers: [] }, { auth, timeoutMs: 5000 });
    expect(ex.status).toBe(200);
    const got = new URL(api.seen.at(-1)!.url, 'http://x').searchParams;
    expect(got.get('api_key')).toBe(value);
    expect(got.get('x')).toBe('1');
  });

  it.each([
    ['bearer token', applyAuth({ scheme: 'bearer', prefix: 'Bearer' }, { token: 'tok-secret-1' }), 'authorization'],
    ['custom API-key header', applyAuth({ scheme: 'apikey', placements: [{ in: 'header', name: 'X-API-Key' }] }, { key0: 'key-secret-2' }), 'x-api-key'],
  ])('T5/T6/T7: a redirect to the same host on another port (another origin) carries no %s', async (_label, auth, header) => {
    const before = other.seen.length;
    const ex = await sender.send({ method: 'GET', url: `${api.url}/download`, headers: [] }, { auth, timeoutMs: 5000 });
    expect(ex.status).toBe(200);
    expect(api.seen.at(-1)!.headers[header]).toBeDefined();
    const hop = other.seen[before]!;
    expect(hop.headers[header]).toBeUndefined();
    expect(ex.redirects).toEqual([expect.objectContaining({ status: 302, credentials: 'stripped' })]);
    expect(ex.steps.map((s) => s.kind)).toContain('stripped-on-redirect');
  });

  it('T6: an API key in the query is not forwarded to another origin', async () => {
    const auth = applyAuth({ scheme: 'apikey', placements: [{ in: 'query', name: 'api_key' }] }, { key0: 'qkey-secret-3' });
    const before = other.seen.length;
    await sender.send({ method: 'GET', url: `${api.url}/download`, headers: [] }, { auth, timeoutMs: 5000 });
    expect(other.seen[before]!.url).not.toContain('qkey');
  });

  it('keeps credentials on a cross-origin redirect only to an origin the profile explicitly trusts', async () => {
    const auth = applyAuth({ scheme: 'bearer', prefix: 'Bearer' }, { token: 'tok-trusted' });
    const before = other.seen.length;
    const ex = await sender.send({ method: 'GET', url: `${api.url}/download`, headers: [] }, { auth, timeoutMs: 5000, trustedOrigins: [other.url] });
    expect(other.seen[before]!.headers.authorization).toBe('Bearer tok-trusted');
    expect(ex.redirects[0]!.credentials).toBe('kept');
    expect(ex.steps.map((s) => s.detail).join(' ')).toMatch(/trusts that origin/);
    const notTrusted = await sender.send({ method: 'GET', url: `${api.url}/download`, headers: [] }, { auth, timeoutMs: 5000, trustedOrigins: ['http://127.0.0.1:1'] });
    expect(notTrusted.redirects[0]!.credentials).toBe('stripped');
  });

  it('keeps credentials on a same-origin redirect', async () => {
    const auth = applyAuth({ scheme: 'bearer', prefix: 'Bearer' }, { token: 'tok-same' });
    const ex = await sender.send({ method: 'GET', url: `${api.url}/same`, headers: [] }, { auth, timeoutMs: 5000 });
    expect(ex.finalUrl).toBe(`${api.url}/final`);
    expect(api.seen.at(-1)!.headers.authorization).toBe('Bearer tok-same');
    expect(ex.redirects[0]!.credentials).toBe('kept');
  });

  it('never sends credentials a redirect names in its URL, and refuses a request URL that carries them (RFC 9110 §4.2.4)', async () => {
    const ex = await sender.send({ method: 'GET', url: `${api.url}/userinfo`, headers: [] }, { auth: null, timeoutMs: 5000 });
    expect(ex.status).toBe(200);
    expect(api.seen.at(-1)!.url).toBe('/final');
    expect(api.seen.at(-1)!.headers.authorization).toBeUndefined();
    expect(ex.finalUrl).not.toContain('x:y@');
    expect(ex.steps.map((s) => s.detail)).toContainEqual(expect.stringContaining('credentials in its URL'));
    expect(() => validRequest({ profileId: null, method: 'GET', url: `${api.url.replace('://', '://u:p@')}/x`, headers: [] })).toThrow(/user:password@/);
    expect(validRequest({ profileId: null, method: 'GET', url: `${api.url}/x?email=a@b.example`, headers: [] }).url).toContain('a@b.example');
  });

  it('stops a redirect loop with a clear message', async () => {
    const ex = await sender.send({ method: 'GET', url: `${api.url}/loop`, headers: [] }, { auth: null, timeoutMs: 5000, maxRedirects: 3 });
    expect(ex.error).toMatch(/Stopped after 3 redirects/);
    expect(ex.failure).toBe('redirect');
  });

  it('classes a final 3xx that is not followed (no Location, 304) as redirect, not as a client error', async () => {
    const server = await startServer((req, res) => res.writeHead(req.url === '/cached' ? 304 : 302).end());
    try {
      for (const p of ['/cached', '/nowhere']) {
        const ex = await sender.send({ method: 'GET', url: `${server.url}${p}`, headers: [] }, { auth: null, timeoutMs: 5000 });
        expect([ex.status, ex.failure]).toEqual([p === '/cached' ? 304 : 302, 'redirect']);
      }
    } finally {
      await server.close();
    }
  });

  it('T23: a 13 MB body is counted but only a bounded preview is kept', async () => {
    const ex = await sender.send({ method: 'GET', url: `${api.url}/big`, headers: [] }, { auth: null, timeoutMs: 10_000, previewBytes: 64 * 1024 });
    expect(ex.responseBytes).toBe(13 * 1024 * 1024);
    expect(ex.bodyPreview!.length).toBe(64 * 1024);
    expect(ex.truncated).toBe(true);
  });

  it('T23: Cancel aborts a slowly trickled body at once', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 300);
    const ex = await sender.send({ method: 'GET', url: `${api.url}/trickle`, headers: [] }, { auth: null, timeoutMs: 10_000, signal: controller.signal });
    expect(ex.failure).toBe('cancelled');
    expect(ex.responseBytes).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('sends nothing when the request was cancelled before it went out (a signer was still working)', async () => {
    const before = api.seen.length;
    const controller = new AbortController();
    const auth = applyAuth({ scheme: 'bearer', prefix: 'Bearer' }, { token: 'tok-cancel-1' });
    auth.authenticator = {
      authorize: async () => {
        controller.abort(); // Cancel pressed while the request was being signed
        return { headers: [], steps: [], secretValues: [] };
      },
    };
    const ex = await sender.send({ method: 'POST', url: `${api.url}/echo`, headers: [], body: '{"transfer":100}' }, { auth, timeoutMs: 5000, signal: controller.signal });
    expect(ex.failure).toBe('cancelled');
    expect(ex.status).toBeNull();
    await new Promise((r) => setTimeout(r, 100));
    expect(api.seen.length).toBe(before);
  });

  it('times out a host that never answers, naming the host and the time as given', async () => {
    const ex = await sender.send({ method: 'GET', url: `${api.url}/silent`, headers: [] }, { auth: null, timeoutMs: 300 });
    expect(ex.failure).toBe('timeout');
    expect(ex.error).toBe(`No answer from ${new URL(api.url).host} within 300 ms. Check that the host is up and reachable, or raise the timeout.`);
  });

  it('tells a body that went silent, or does not decode, from a host that never answered', async () => {
    const host = new URL(api.url).host;
    const stalled = await sender.send({ method: 'GET', url: `${api.url}/stall`, headers: [] }, { auth: null, timeoutMs: 300 });
    expect(stalled).toMatchObject({ status: 200, failure: 'timeout', bodyPreview: 'start' });
    // the send's deadline (300 ms from the request) comes before 300 ms of silence after the headers could
    expect(stalled.error).toMatch(
      new RegExp(`^${host.replace(/\./g, '\\.')} answered, but its response body was still arriving when the timeout of 300 ms ran out \\(5 bytes received, the last \\d+ ms before\\)\\. The timeout bounds the whole response, body included: raise it for a large or slow response\\.$`),
    );
    const corrupt = await sender.send({ method: 'GET', url: `${api.url}/badgzip`, headers: [] }, { auth: null, timeoutMs: 5000 });
    expect(corrupt).toMatchObject({ status: 200, failure: 'network' });
    expect(corrupt.error).toMatch(new RegExp(`^The response body from ${host} could not be decoded \\(Z_[A-Z_]+\\): its compressed data`));
  });

  it('reports a refused connection as a network failure', async () => {
    const closed = await startServer(() => undefined);
    const url = closed.url;
    await closed.close();
    const ex = await sender.send({ method: 'GET', url, headers: [] }, { auth: null, timeoutMs: 2000 });
    expect(ex.failure).toBe('network');
    expect(ex.error).toMatch(/refused/);
  });

  it('measures phases: a fresh socket has connect time, a reused one does not', async () => {
    const fresh = new Sender();
    const a = await fresh.send({ method: 'GET', url: `${api.url}/t`, headers: [] }, { auth: null, timeoutMs: 5000 });
    const b = await fresh.send({ method: 'GET', url: `${api.url}/t`, headers: [] }, { auth: null, timeoutMs: 5000 });
    fresh.close();
    expect(a.timings.connectMs).not.toBeNull();
    expect(a.timings.dnsMs).toBeNull(); // an IP literal needs no lookup
    expect(b.timings.connectMs).toBeNull();
    expect(b.timings.firstByteMs).toBeGreaterThanOrEqual(0);
    expect(b.timings.totalMs).toBeGreaterThanOrEqual(b.timings.firstByteMs!);
  });
});
