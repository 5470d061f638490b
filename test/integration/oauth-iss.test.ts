import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAuthorizationCode } from '../../electron/engine/oauth/authorization-code';
import { startLoopback } from '../../electron/engine/oauth/loopback';
import { startSandbox, type Sandbox } from '../../electron/engine/sandbox';
import { oauthConfigSchema, type OAuthConfig } from '../../shared/oauth';
import { sandboxConsent, testDeps } from '../helpers/oauth';

/**
 * RFC 9207 `iss` in the authorization response, against the sandbox (which sends it) and the real loopback listener:
 * a profile without an issuer accepts the `iss` of the server it asked and says so; an answer to our request (our
 * `state`) from the wrong server ends the flow at once with the fix; a forged `state` changes nothing.
 */

let sandbox: Sandbox;
let base: string;

const config = (over: Partial<OAuthConfig>): OAuthConfig =>
  oauthConfigSchema.parse({ scheme: 'oauth2', grant: 'authorization_code', authorizationEndpoint: `${base}/oauth/authorize`, tokenEndpoint: `${base}/oauth/token`, clientId: 'sandbox-desktop', tokenEndpointAuthMethod: 'none', ...over });

/** A "browser" that answers the authorization request itself, straight to the loopback, with our state and `iss`. */
const answerWith = (iss: string | null, status: number[]) => async (url: string) => {
  const q = new URL(url).searchParams;
  const back = new URL(q.get('redirect_uri')!);
  back.searchParams.set('code', 'code-from-the-wrong-server-5b1e');
  back.searchParams.set('state', q.get('state')!);
  if (iss !== null) back.searchParams.set('iss', iss);
  status.push((await fetch(back)).status);
};

beforeAll(async () => {
  sandbox = await startSandbox(0);
  base = sandbox.info.baseUrl;
});
afterAll(() => sandbox.close());

describe('RFC 9207 iss in the authorization response', () => {
  it('a profile with no issuer signs in at an issuer-aware server: its iss (the origin asked) is accepted, with a note naming it and the fix', async () => {
    const cfg = config({});
    expect(cfg.issuer).toBeUndefined();
    const deps = testDeps(async (url) => void (await fetch(await sandboxConsent(url, 'approve'))));
    const r = await runAuthorizationCode(cfg, { config: cfg, clientSecret: null }, deps);
    expect(r.tokens.accessToken).toBeTruthy();
    expect(r.warnings[0]).toBe(
      `The authorization server identified itself as "${base}" (RFC 9207 iss), on the origin this sign-in was sent to (${base}); accepted. ` +
        `Save it as the profile's issuer (CLI: --issuer ${base}) so that a response naming any other server is refused (RFC 9700 §4.4).`,
    );
  });

  it.each([
    ['no issuer in the profile', undefined, /which is not on the origin this sign-in was sent to \(http:\/\/127\.0\.0\.1:\d+\), and the profile names no issuer/],
    ['another issuer in the profile', 'https://as.example', /but this profile expects "https:\/\/as\.example"/],
  ])('%s: an answer with our state naming another server ends the flow at once, with what came and the fix', async (_, issuer, reason) => {
    const status: number[] = [];
    const cfg = config({ issuer });
    const started = performance.now();
    const flow = runAuthorizationCode(cfg, { config: cfg, clientSecret: null }, testDeps(answerWith('https://evil.example', status), { timeoutMs: 20_000 }));
    const error = await flow.then(() => null, (e: unknown) => e as Error);
    expect(performance.now() - started).toBeLessThan(5_000); // not the 20 s sign-in limit
    expect(status).toEqual([400]);
    expect(error).toMatchObject({ code: 'auth_failed' });
    expect(error!.message).toMatch(/^The authorization response names the issuer \(iss\) "https:\/\/evil\.example"/);
    expect(error!.message).toMatch(reason);
    expect(error!.message).toContain('The authorization code was not redeemed. If "https://evil.example" is this profile\'s authorization server, set it as the profile\'s issuer (CLI: --issuer https://evil.example) and sign in again.');
  });

  it('an iss on another origin, or one with a query, is refused even when its host looks alike', async () => {
    for (const iss of [base.replace('127.0.0.1', '127.0.0.1.evil.example'), `${base}/?x=1`, 'not a url']) {
      const status: number[] = [];
      const cfg = config({});
      await expect(runAuthorizationCode(cfg, { config: cfg, clientSecret: null }, testDeps(answerWith(iss, status)))).rejects.toMatchObject({ code: 'auth_failed' });
      expect(status).toEqual([400]);
    }
  });

  it('with an issuer whose metadata promises iss, an answer without iss is refused at once (RFC 9207 §2.4)', async () => {
    const status: number[] = [];
    const cfg = config({ issuer: base, requireIss: true });
    const started = performance.now();
    const error = await runAuthorizationCode(cfg, { config: cfg, clientSecret: null }, testDeps(answerWith(null, status), { timeoutMs: 20_000 })).then(() => null, (e: unknown) => e as Error);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(status).toEqual([400]);
    expect(error!.message).toBe(
      `The authorization response has no iss, but the metadata of "${base}" says its responses carry one (authorization_response_iss_parameter_supported, RFC 9207 §2.4), ` +
        'so it may not come from that server. The authorization code was not redeemed. Sign in again; if this repeats, check that the authorization endpoint belongs to that issuer.',
    );
  });

  it('a forged state is refused and changes nothing: the flow keeps waiting, and the genuine answer still completes it', async () => {
    const lb = await startLoopback({ expectedState: 'S1', expectedIssuer: null, requireIss: false, authorizationEndpoint: `${base}/oauth/authorize`, timeoutMs: 5000 });
    const at = (q: string) => fetch(`${lb.redirectUri}?${q}`);
    expect((await at(`code=evil&state=WRONG&iss=${encodeURIComponent('https://evil.example')}`)).status).toBe(400);
    expect((await at('code=evil&state=WRONG')).status).toBe(400);
    expect((await at(`code=good&state=S1&iss=${encodeURIComponent(base)}`)).status).toBe(200);
    expect(await lb.result).toEqual({ code: 'good', issNote: expect.stringContaining(`identified itself as "${base}"`) as unknown });
    await lb.close();
  });
});
