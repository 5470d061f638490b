import { readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileView } from '../../shared/contract';
import { startSandbox, type Sandbox } from '../../electron/engine/sandbox';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { sandboxConsent } from '../helpers/oauth';
import { json, spawnCli, tempHome, transcript, watchCli } from './helpers';

/**
 * The built CLI (`bin/authdesk.js` → out/main/cli.js) as a new user runs it, for the sign-in defects of the first-use
 * trial: an issuer-aware server and a profile with no issuer; an answer from the wrong server ending the flow at once;
 * `token --timeout` bounding the code exchange; a redirect URI refused at `profile add`; `revoke` of a
 * client-credentials profile saying what happens next.
 */

const T = 60_000;
/** The authorization code the stub server hands out: never printed or stored anywhere. */
const STUB_CODE = 'stub-code-9d2c-NeverPrint-4471';
let sandbox: Sandbox;
let base: string;
let home: Awaited<ReturnType<typeof tempHome>>;
/** A stub authorization server: /authorize answers at once to the loopback with `iss`; /hang never answers. */
let stub: http.Server;
let stubUrl: string;
let stubIss: string | null = null;
const tokenCalls: string[] = [];

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnCli(args, { home: home.home, env, built: true, input: null });
const signIn = (name: string, extra: string[] = []) => watchCli(['token', name, ...extra], { home: home.home, env: { AUTHDESK_NO_BROWSER: '1' }, built: true });
const urlOf = async (flow: ReturnType<typeof signIn>) => (await flow.waitFor(/Open this URL in your browser to sign in: (\S+)\n/))[1]!;

beforeAll(async () => {
  sandbox = await startSandbox(0);
  base = sandbox.info.baseUrl;
  home = await tempHome();
  stub = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/authorize') {
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.searchParams.set('code', STUB_CODE);
      back.searchParams.set('state', url.searchParams.get('state')!);
      if (stubIss !== null) back.searchParams.set('iss', stubIss);
      return void res.writeHead(302, { Location: back.toString() }).end();
    }
    if (url.pathname === '/revoke503') return void res.writeHead(503, { 'Content-Type': 'text/plain' }).end('down for maintenance');
    tokenCalls.push(url.pathname); // /hang: no answer, ever (the socket is closed with the server)
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
});
afterAll(async () => {
  stub?.closeAllConnections();
  await new Promise((resolve) => stub?.close(resolve));
  await sandbox?.close();
  await home?.cleanup();
});

describe('authorization code sign-in from the built CLI', () => {
  it('a profile with no issuer signs in at the sandbox (which sends iss): exit 0, and a note names the issuer and the fix', async () => {
    const add = await cli(['profile', 'add', 'acsb', '--scheme', 'oauth2', '--grant', 'authorization_code', '--authorization-endpoint', `${base}/oauth/authorize`, '--token-endpoint', `${base}/oauth/token`, '--client-id', 'sandbox-desktop', '--token-endpoint-auth-method', 'none']);
    expect(add.code, add.stderr).toBe(0);
    const flow = signIn('acsb');
    expect((await fetch(await sandboxConsent(await urlOf(flow), 'approve'))).status).toBe(200);
    const done = await flow.done;
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain('Access token for "acsb": Bearer, obtained from the token endpoint.');
    expect(done.stderr).toContain(`authdesk: warning: The authorization server identified itself as "${base}" (RFC 9207 iss), on the origin this sign-in was sent to (${base}); accepted. Save it as the profile's issuer (CLI: --issuer ${base})`);
  }, T);

  it('an answer with our state naming another server ends the command at once (exit 3) with what came and the fix', async () => {
    stubIss = 'https://evil.example';
    const add = await cli(['profile', 'add', 'stub-iss', '--scheme', 'oauth2', '--grant', 'authorization_code', '--authorization-endpoint', `${stubUrl}/authorize`, '--token-endpoint', `${stubUrl}/token`, '--client-id', 'app', '--token-endpoint-auth-method', 'none']);
    expect(add.code, add.stderr).toBe(0);
    const flow = signIn('stub-iss');
    const page = await fetch(await urlOf(flow)); // follows the 302 to the loopback, as the browser would
    const started = performance.now();
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('did not come from the expected authorization server');
    const done = await flow.done;
    expect(performance.now() - started).toBeLessThan(10_000); // not the 5-minute sign-in limit
    expect(done.code).toBe(3);
    expect(done.stderr).toMatch(/authdesk: The authorization response names the issuer \(iss\) "https:\/\/evil\.example", which is not on the origin this sign-in was sent to \(http:\/\/127\.0\.0\.1:\d+\)/);
    expect(done.stderr).toContain('The authorization code was not redeemed. If "https://evil.example" is this profile\'s authorization server, set it as the profile\'s issuer (CLI: --issuer https://evil.example) and sign in again.');
    expect(tokenCalls).toEqual([]);
  }, T);

  it('token --timeout bounds the code exchange: a silent token endpoint ends the command after the bound (exit 3)', async () => {
    stubIss = null;
    const add = await cli(['profile', 'add', 'stub-hang', '--scheme', 'oauth2', '--grant', 'authorization_code', '--authorization-endpoint', `${stubUrl}/authorize`, '--token-endpoint', `${stubUrl}/hang`, '--client-id', 'app', '--token-endpoint-auth-method', 'none']);
    expect(add.code, add.stderr).toBe(0);
    const flow = signIn('stub-hang', ['--timeout', '2000']);
    expect((await fetch(await urlOf(flow))).status).toBe(200);
    const started = performance.now();
    const done = await flow.done;
    const took = performance.now() - started;
    expect(done.code, done.stderr).toBe(3);
    expect(done.stderr).toMatch(/authdesk: No answer from the OAuth endpoint at http:\/\/127\.0\.0\.1:\d+ within 2 s\. Check that it is up and reachable, or raise the timeout\.\n$/);
    expect(took).toBeGreaterThanOrEqual(1500);
    expect(took).toBeLessThan(10_000); // was 30 s: the exchange ignored --timeout
    expect(tokenCalls).toEqual(['/hang']);
  }, T);
});

describe('profile add --redirect-uri', () => {
  it('refuses a redirect URI that is not loopback at once: exit 2, the rule, nothing saved', async () => {
    const before = json<ProfileView[]>(await cli(['profile', 'list', '--json'])).length;
    const r = await cli(['profile', 'add', 'evil-cb', '--scheme', 'oauth2', '--grant', 'authorization_code', '--authorization-endpoint', `${base}/oauth/authorize`, '--token-endpoint', `${base}/oauth/token`, '--client-id', 'sandbox-desktop', '--token-endpoint-auth-method', 'none', '--redirect-uri', 'https://evil.example/cb']);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: 'authdesk: A redirect URI for a desktop client must be http://127.0.0.1, http://[::1] or http://localhost, spelled so, with a port 1–65535 (RFC 8252 §7.3), e.g. http://127.0.0.1:8400/callback.\n',
    });
    expect(json<ProfileView[]>(await cli(['profile', 'list', '--json']))).toHaveLength(before);
  }, T);
});

describe('revoke of a client-credentials profile', () => {
  it('says the next token comes by itself, not "sign in again"; no secret printed or stored', async () => {
    const secret = sandbox.info.oauth!.confidential.clientSecret;
    const add = spawnCli(['profile', 'add', 'cc', '--scheme', 'oauth2', '--grant', 'client_credentials', '--issuer', base, '--client-id', 'sandbox-service'], { home: home.home, built: true, input: `${secret}\n` });
    expect((await add).code).toBe(0);
    const r = await cli(['revoke', 'cc']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Revoke "cc":\n  - no token was held for this profile\nLocal copies are dropped; the next send requests a new token automatically (or get one now with: authdesk token cc).\n');
    expect(findLeaks(transcript.join('\n'), [secret, STUB_CODE])).toEqual([]);
    // The sandbox's demo client secret is a published constant of the CLI's code, so its compiled-code cache (<home>/cache,
    // see electron/cli/code-cache.ts) holds it as the bundle does; everything else in the home is scanned.
    const data = readdirSync(home.home).filter((f) => f !== 'cache').map((f) => path.join(home.home, f));
    expect(await scanPaths(data, [secret, STUB_CODE])).toEqual([]);
  }, T);
});

describe('revoke that the server does not confirm (RFC 7009 §2.2.1)', () => {
  it.each([
    ['answers 503', () => `${stubUrl}/revoke503`, /the revocation endpoint is unavailable \(503\)/],
    ['cannot be reached', () => 'http://127.0.0.1:1/revoke', /Could not reach the OAuth endpoint at http:\/\/127\.0\.0\.1:1/],
  ])('an endpoint that %s: exit 3 with what to do, --json ok false; the local copy is dropped all the same', async (_label, endpoint, why) => {
    const name = `rv-${Math.random().toString(16).slice(2, 8)}`;
    const add = await cli(['profile', 'add', name, '--scheme', 'oauth2', '--grant', 'authorization_code', '--authorization-endpoint', `${base}/oauth/authorize`, '--token-endpoint', `${base}/oauth/token`, '--revocation-endpoint', endpoint(), '--client-id', 'sandbox-desktop', '--token-endpoint-auth-method', 'none', '--issuer', base]);
    expect(add.code, add.stderr).toBe(0);
    const flow = signIn(name);
    expect((await fetch(await sandboxConsent(await urlOf(flow), 'approve'))).status).toBe(200);
    expect((await flow.done).code).toBe(0);
    const r = await cli(['revoke', name, '--json']);
    expect(r.code).toBe(3);
    const out = json<{ ok: boolean; error: string }>(r);
    expect(out.ok).toBe(false);
    expect(out.error).toMatch(why);
    expect(out.error).toContain('may still be valid at the server until it expires');
    expect(out.error).toContain('revoke this app\'s access at the provider');
    expect(r.stderr).toContain(out.error);
    const again = await cli(['revoke', name, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(json<{ ok: boolean; notes: string[] }>(again)).toMatchObject({ ok: true, notes: ['no token was held for this profile'] });
  }, T);
});
