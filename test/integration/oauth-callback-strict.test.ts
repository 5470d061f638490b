import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAuthorizationCode } from '../../electron/engine/oauth/authorization-code';
import { startLoopback } from '../../electron/engine/oauth/loopback';
import { startSandbox, type Sandbox } from '../../electron/engine/sandbox';
import { LOOPBACK_REDIRECT_RULE, loopbackRedirectProblem, oauthConfigSchema, type OAuthConfig } from '../../shared/oauth';
import { sandboxConsent, testDeps } from '../helpers/oauth';

/**
 * The loopback callback and the fixed redirect URI, strictly, against the sandbox and the real listener:
 * - RFC 6749 §3.1: a callback repeating `state`, `code`, `iss`, `error` or `error_description` is malformed. Without our
 *   `state` among its values it changes nothing (the flow keeps waiting); with it the flow ends at once, no code redeemed.
 * - RFC 8252 §7.3: a fixed redirect URI names 127.0.0.1, [::1] or localhost as typed and an explicit port 1–65535;
 *   without one the port is chosen at request time.
 */

let sandbox: Sandbox;
let base: string;

const config = (over: Partial<OAuthConfig> = {}): OAuthConfig =>
  oauthConfigSchema.parse({ scheme: 'oauth2', grant: 'authorization_code', issuer: base, authorizationEndpoint: `${base}/oauth/authorize`, tokenEndpoint: `${base}/oauth/token`, clientId: 'sandbox-desktop', tokenEndpointAuthMethod: 'none', ...over });

beforeAll(async () => {
  sandbox = await startSandbox(0);
  base = sandbox.info.baseUrl;
});
afterAll(() => sandbox.close());

describe('RFC 6749 §3.1: a callback repeating a parameter', () => {
  it.each([
    ['our state first, then state=WRONG', (q: string) => `${q}&state=WRONG`, 'state'],
    ['our iss first, then an evil one', (q: string) => `${q}&iss=${encodeURIComponent('https://evil.example')}`, 'iss'],
    ['a second code', (q: string) => `${q}&code=injected`, 'code'],
    ['an error alongside the code, twice', (q: string) => `${q}&error=access_denied&error=x&error_description=a&error_description=b`, 'error, error_description'],
  ])('%s: with a real code from the sandbox, refused (400), the flow ends at once, nothing redeemed', async (_, tamper, names) => {
    const status: number[] = [];
    const deps = testDeps(async (url) => {
      const location = new URL(await sandboxConsent(url, 'approve')); // the sandbox's genuine answer: code, our state, iss
      status.push((await fetch(`${location.origin}${location.pathname}?${tamper(location.search.slice(1))}`)).status);
    }, { timeoutMs: 20_000 });
    const started = performance.now();
    const error = await runAuthorizationCode(config(), { config: config(), clientSecret: null }, deps).then(() => null, (e: unknown) => e as Error);
    expect(performance.now() - started).toBeLessThan(5_000); // not the 20 s sign-in limit
    expect(status).toEqual([400]);
    expect(error).toMatchObject({ code: 'auth_failed' });
    expect(error!.message).toContain(`repeats the parameter${names.includes(',') ? 's' : ''} ${names} (RFC 6749 §3.1`);
    expect(error!.message).toContain('The authorization code was not redeemed. Sign in again;');
    expect(deps.steps.map((s) => s.step)).toEqual(['waiting_for_browser']); // never exchanging_code
  });

  it('a repeated state none of whose values is ours changes nothing: the flow keeps waiting, the genuine answer completes it', async () => {
    const lb = await startLoopback({ expectedState: 'S1', expectedIssuer: base, requireIss: true, timeoutMs: 5000 });
    const at = (q: string) => fetch(`${lb.redirectUri}?${q}`);
    const iss = encodeURIComponent(base);
    expect((await at(`code=evil&state=WRONG&state=ALSO-WRONG&iss=${iss}`)).status).toBe(400);
    expect((await at(`code=evil&code=evil2&state=WRONG&iss=${iss}`)).status).toBe(400);
    expect((await at(`code=good&state=S1&iss=${iss}`)).status).toBe(200);
    expect(await lb.result).toEqual({ code: 'good' });
    await lb.close();
  });

  it('our state then a wrong one, straight at the listener: refused and the flow ends (main accepted it)', async () => {
    const lb = await startLoopback({ expectedState: 'S1', expectedIssuer: base, requireIss: true, timeoutMs: 5000 });
    const res = await fetch(`${lb.redirectUri}?code=c&state=S1&state=WRONG&iss=${encodeURIComponent(base)}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('repeats a parameter that may appear only once (RFC 6749 §3.1)');
    await expect(lb.result).rejects.toMatchObject({ code: 'auth_failed' });
    expect((await fetch(`${lb.redirectUri}?code=c&state=S1&iss=${encodeURIComponent(base)}`)).status).toBe(400); // finished
    await lb.close();
  });
});

describe('RFC 8252 §7.3: the fixed redirect URI', () => {
  it.each([
    'http://127.0.0.1:0/cb', // port 0: the browser is sent nowhere, the sign-in waits out its limit
    'http://127.0.0.1/cb', // no port
    'http://127.0.0.1:/cb',
    'http://127.0.0.1:65536/cb',
    'http://127.0.0.1:08400/cb', // parsed as 8400, sent as typed
    'http://0x7f.0.0.1:45123/cb', // all parse to 127.0.0.1 but are sent as typed: no string match at the server
    'http://2130706433:45123/cb',
    'http://2130706433/cb',
    'http://127.1:45123/cb',
    'http://127.000.000.001:45123/cb',
    'http://[0:0:0:0:0:0:0:1]:45123/cb',
    'http://LOCALHOST.:45123/cb',
    'http://127.0.0.1:45\t123/cb',
    'http:\\\\127.0.0.1:45123\\cb',
  ])('refuses %s with the one rule', (uri) => {
    expect(loopbackRedirectProblem(uri)).toBe(LOOPBACK_REDIRECT_RULE);
  });

  it.each(['http://127.0.0.1:8400/callback', 'http://[::1]:1/cb', 'http://localhost:65535/cb', 'http://LocalHost:8400/cb', 'http://127.0.0.1:80/cb', 'http://127.0.0.1:8400', 'http://127.0.0.1:8400?x=1'])('accepts %s', (uri) => {
    expect(loopbackRedirectProblem(uri)).toBeNull();
  });

  it('the listener refuses port 0 and no port at once, in the same words, instead of waiting', async () => {
    for (const redirectUri of ['http://127.0.0.1:0/cb', 'http://127.0.0.1/cb', 'http://127.1:45123/cb']) {
      await expect(startLoopback({ redirectUri, expectedState: 's', expectedIssuer: null, requireIss: false, timeoutMs: 60_000 })).rejects.toMatchObject({ code: 'invalid_request', message: LOOPBACK_REDIRECT_RULE });
    }
  });

  it('without a fixed redirect URI the port is chosen at request time and a full sign-in works', async () => {
    const deps = testDeps(async (url) => {
      const redirect = new URL(new URL(url).searchParams.get('redirect_uri')!);
      expect(redirect.hostname).toBe('127.0.0.1');
      expect(Number(redirect.port)).toBeGreaterThan(0);
      await fetch(await sandboxConsent(url, 'approve'));
    });
    const r = await runAuthorizationCode(config(), { config: config(), clientSecret: null }, deps);
    expect(r.tokens.accessToken).toBeTruthy();
  });

  it('a fixed port is listened on as typed, and a full sign-in through it works', async () => {
    const probe = await startLoopback({ expectedState: 'x', expectedIssuer: null, requireIss: false, timeoutMs: 1000 });
    const port = new URL(probe.redirectUri).port;
    await probe.close();
    const cfg = config({ redirectUri: `http://localhost:${port}/fixed/cb` });
    const deps = testDeps(async (url) => {
      expect(new URL(url).searchParams.get('redirect_uri')).toBe(`http://localhost:${port}/fixed/cb`);
      await fetch(await sandboxConsent(url, 'approve'));
    });
    const r = await runAuthorizationCode(cfg, { config: cfg, clientSecret: null }, deps);
    expect(r.tokens.accessToken).toBeTruthy();
  });
});
