import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, spawnCli, tempHome } from './helpers';

/**
 * `--timeout` as a hard bound, through the built CLI as a process: `send` against a body trickled without end
 * (a new user's trial: `--timeout 2000` ran 49.6 s and exited 0), and `token` for a device-flow profile whose token
 * endpoint never answers a poll (each poll had a fixed 30 s). Also the device endpoint's server-chosen verification
 * URIs, which are shown to the user to open: a `javascript:` one and ones with ESC in them (RFC 8628 §3.2).
 */
const TOKEN = 'trickle-bearer-Secret-4Ux9';
/** A trickle ends by itself after TRICKLE_BYTES × TRICKLE_MS (12 s), so an unbounded send still finishes. */
const TRICKLE_BYTES = 48;
const TRICKLE_MS = 250;
const ESC = '\u001b';

let server: http.Server;
let origin: string;
let home: Awaited<ReturnType<typeof tempHome>>;
const tokenPolls: string[] = [];
const run = (args: string[], timeoutMs = 20_000) => spawnCli(args, { home: home.home, built: true, env: { TRICKLE_TOKEN: TOKEN }, timeoutMs });

/** The device authorization answer (RFC 8628 §3.2) with the given verification URIs. */
const deviceAnswer = (uri: string, complete?: string) =>
  JSON.stringify({ device_code: 'dc-timeouts', user_code: 'WDJB-MJHT', verification_uri: uri, ...(complete ? { verification_uri_complete: complete } : {}), expires_in: 120, interval: 1 });

beforeAll(async () => {
  home = await tempHome();
  server = http.createServer((req, res) => {
    req.resume();
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const reply = (body: string) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
    if (path === '/trickle') {
      // the credential echoed first (a hostile server), then one byte per TRICKLE_MS
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(`{"seen":${JSON.stringify(req.headers.authorization ?? '')},"pad":"`);
      let sent = 0;
      const t = setInterval(() => (++sent >= TRICKLE_BYTES ? (clearInterval(t), res.end('"}')) : res.write('.')), TRICKLE_MS);
      res.on('close', () => clearInterval(t));
      return;
    }
    if (path === '/token-hang') return void tokenPolls.push(path); // accepts the poll, never answers
    if (path === '/token-ok') return reply(JSON.stringify({ access_token: 'at-timeouts', token_type: 'Bearer', expires_in: 600 }));
    if (path === '/device') return reply(deviceAnswer(`${origin}/verify`));
    if (path === '/device-js') return reply(deviceAnswer('javascript:alert(1)'));
    if (path === '/device-esc') return reply(deviceAnswer(`${origin}/verify${ESC}[2J${ESC}]0;pwned\u0007`));
    if (path === '/device-esc-complete') return reply(deviceAnswer(`${origin}/verify`, `${origin}/verify?user_code=WDJB-MJHT${ESC}[31m`));
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  expect((await run(['profile', 'add', 'tr', '--scheme', 'bearer', '--secret-env', 'TRICKLE_TOKEN'])).code).toBe(0);
  const device = (name: string, endpoint: string, token: string) =>
    run(['profile', 'add', name, '--scheme', 'oauth2', '--grant', 'device_code', '--client-type', 'public', '--client-id', 'cid', '--device-authorization-endpoint', `${origin}${endpoint}`, '--token-endpoint', `${origin}${token}`]);
  for (const [name, endpoint, token] of [
    ['dev-hang', '/device', '/token-hang'],
    ['dev-js', '/device-js', '/token-ok'],
    ['dev-esc', '/device-esc', '/token-ok'],
    ['dev-esc-complete', '/device-esc-complete', '/token-ok'],
  ]) {
    const add = await device(name!, endpoint!, token!);
    expect(add.code, add.stderr).toBe(0);
  }
}, 60_000);
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await home.cleanup();
});

describe('send --timeout bounds the whole response', () => {
  it('a trickled body fails as timeout (exit 3) after about the timeout, naming the host; what arrived is the redacted preview', async () => {
    const started = performance.now();
    const r = await run(['send', 'tr', `${origin}/trickle`, '--timeout', '2000', '--json']);
    const took = performance.now() - started;
    expect(r.code, r.stderr).toBe(3);
    const out = json<{ status: number; ok: boolean; failure: string; error: string; bodyPreview: string; timings: { totalMs: number } }>(r);
    expect(out).toMatchObject({ status: 200, ok: false, failure: 'timeout' });
    expect(out.error).toMatch(/^127\.0\.0\.1:\d+ answered, but its response body was still arriving when the timeout of 2 s ran out \(\d+ bytes received, the last \d+ ms before\)\./);
    expect(out.timings.totalMs).toBeGreaterThanOrEqual(1990);
    expect(out.timings.totalMs).toBeLessThan(2000 + 2000);
    expect(took).toBeLessThan(TRICKLE_BYTES * TRICKLE_MS); // the process did not wait for the trickle to end
    expect(out.bodyPreview).toMatch(/^\{"seen":"Bearer .+","pad":"\.*$/);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  }, 30_000);

  it('says so in words on stderr without --json', async () => {
    const r = await run(['send', 'tr', `${origin}/trickle`, '--timeout', '1500']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toMatch(/^200 OK · GET /);
    expect(r.stderr).toMatch(/^authdesk: 127\.0\.0\.1:\d+ answered, but its response body was still arriving when the timeout of 1\.5 s ran out \(.*\)\. The timeout bounds the whole response, body included: raise it for a large or slow response\. \(timeout\)\n$/);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  }, 30_000);
});

describe('token --timeout for a device-flow profile', () => {
  it("bounds each poll of the token endpoint by the caller's timeout (exit 3), not a fixed 30 s", async () => {
    const started = performance.now();
    const r = await run(['token', 'dev-hang', '--timeout', '1500']);
    const took = performance.now() - started;
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/authdesk: No answer from the OAuth endpoint at http:\/\/127\.0\.0\.1:\d+ within 1\.5 s\. Check that it is up and reachable, or raise the timeout\.\n$/);
    expect(tokenPolls).toHaveLength(1);
    expect(took).toBeLessThan(1000 + 1500 + 5000); // one 1 s interval, the bound, and a process start
  }, 30_000);
});

describe('device flow verification URIs (RFC 8628 §3.2)', () => {
  it.each([
    ['dev-js', 'its scheme is "javascript:", not http: or https:'],
    ['dev-esc', 'it holds control characters or spaces, which no URI may (RFC 3986 §2)'],
  ])('%s: a verification_uri that is not an absolute http(s) URI is refused (exit 3), never shown', async (name, why) => {
    const r = await run(['token', name]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(`authdesk: The device authorization endpoint sent a verification_uri that is not an http: or https: URI (${why}). Refused:`);
    expect(r.stdout + r.stderr).not.toMatch(/javascript:alert|\u001b|pwned/);
    expect(r.stdout + r.stderr).not.toContain('WDJB-MJHT'); // no instructions were shown
  }, 30_000);

  it('a verification_uri_complete with ESC in it is dropped with a warning; the flow goes on with the verification_uri', async () => {
    const r = await run(['token', 'dev-esc-complete', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(ESC);
    expect(r.stderr).toContain(`To sign in, visit ${origin}/verify\n`);
    expect(r.stderr).not.toContain('Or open');
    expect(json<{ warnings: string[] }>(r).warnings).toContain(
      "The device authorization endpoint's verification_uri_complete was not shown (it holds control characters or spaces, which no URI may (RFC 3986 §2)); use the verification_uri and the user code.",
    );
  }, 30_000);
});
