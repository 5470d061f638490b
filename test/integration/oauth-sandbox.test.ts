import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAuthorizationCode } from '../../electron/engine/oauth/authorization-code';
import { runDeviceFlow } from '../../electron/engine/oauth/device';
import { discover } from '../../electron/engine/oauth/discovery';
import { startLoopback } from '../../electron/engine/oauth/loopback';
import { TokenManager } from '../../electron/engine/oauth/token-manager';
import { RedactorCache } from '../../electron/engine/redaction';
import { startSandbox, type Sandbox } from '../../electron/engine/sandbox';
import { Vault } from '../../electron/engine/vault';
import { oauthConfigSchema, REFRESH_REJECTED, type OAuthConfig } from '../../shared/oauth';
import { realKeychain } from '../helpers/keyring';
import { sandboxConsent, testDeps } from '../helpers/oauth';

let sandbox: Sandbox;
let base: string;
const vault = new Vault(realKeychain());

const config = (over: Partial<OAuthConfig>): OAuthConfig =>
  oauthConfigSchema.parse({ scheme: 'oauth2', grant: 'authorization_code', issuer: base, tokenEndpoint: `${base}/oauth/token`, clientId: 'sandbox-desktop', tokenEndpointAuthMethod: 'none', ...over });

beforeAll(async () => {
  sandbox = await startSandbox(0);
  base = sandbox.info.baseUrl;
});
afterAll(() => sandbox.close());

describe('OAuth against the sandbox authorization server', () => {
  it('/bearer says whose OAuth access token worked (the client it was issued to), and keeps its answer for the static demo token', async () => {
    const basic = Buffer.from('sandbox-service:sandbox-client-secret-42').toString('base64');
    const tokenReply = await fetch(`${base}/oauth/token`, { method: 'POST', headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials&scope=read' });
    const { access_token: accessToken } = (await tokenReply.json()) as { access_token: string };
    const bearer = async (token: string) => (await fetch(`${base}/bearer`, { headers: { Authorization: `Bearer ${token}` } })).json();
    expect(await bearer(accessToken)).toEqual({
      authenticated: true,
      scheme: 'OAuth 2.0 access token',
      as: 'sandbox-service',
      scope: 'read',
      message: 'Hello sandbox-service! Your OAuth access token (issued to the OAuth client sandbox-service, scope "read") works.',
    });
    expect(await bearer('demo-bearer-token-7f3a91')).toEqual({ authenticated: true, scheme: 'Bearer token', as: 'demo-bearer', message: 'Hello demo-bearer! Your Bearer token credentials work.' });
  });

  it('discovers the endpoints from RFC 8414 metadata and learns that iss is required', async () => {
    const m = await discover(base);
    expect(m).toMatchObject({ tokenEndpoint: `${base}/oauth/token`, authorizationEndpoint: `${base}/oauth/authorize`, requireIss: true });
    expect(m.source).toBe(`${base}/.well-known/oauth-authorization-server`);
  });

  it('runs authorization code + PKCE through the loopback redirect, with state and iss checked', async () => {
    let seenUrl = '';
    const deps = testDeps(async (url) => {
      seenUrl = url;
      const callback = await sandboxConsent(url, 'approve');
      await fetch(callback);
    });
    const cfg = config({ authorizationEndpoint: `${base}/oauth/authorize`, requireIss: true, scope: 'read write' });
    const r = await runAuthorizationCode(cfg, { config: cfg, clientSecret: null }, deps);
    const q = new URL(seenUrl).searchParams;
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(q.get('scope')).toBe('read write');
    expect(r.tokens.refreshToken).toBeTruthy();
    expect(deps.steps.map((s) => s.step)).toEqual(['waiting_for_browser', 'exchanging_code', 'done']);
    expect(deps.learnt).toHaveLength(3); // state, code_verifier, code
  });

  it('refuses a wrong state, a wrong iss, and a second callback; only the genuine one counts', async () => {
    const lb = await startLoopback({ expectedState: 'S1', expectedIssuer: base, requireIss: true, timeoutMs: 5000 });
    const at = (q: string) => fetch(`${lb.redirectUri}?${q}`);
    expect((await at('code=evil&state=WRONG&iss=' + encodeURIComponent(base))).status).toBe(400);
    expect((await at('code=evil&state=WRONG')).status).toBe(400);
    // Our state with a wrong or missing iss ends the flow (test/integration/oauth-iss.test.ts); a forged state does not.
    const good = await at(`code=good&state=S1&iss=${encodeURIComponent(base)}`);
    expect(good.status).toBe(200);
    expect(good.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await lb.result).toEqual({ code: 'good' });
    expect((await at(`code=again&state=S1&iss=${encodeURIComponent(base)}`)).status).toBe(400);
    await lb.close();
    await expect(fetch(`${lb.redirectUri}?code=x&state=S1`)).rejects.toThrow();
  });

  it('a replayed authorization code is refused by the server (invalid_grant)', async () => {
    const cfg = config({ authorizationEndpoint: `${base}/oauth/authorize` });
    let code = '';
    const deps = testDeps(async (url) => {
      const callback = await sandboxConsent(url, 'approve');
      code = new URL(callback).searchParams.get('code')!;
      await fetch(callback);
    });
    await runAuthorizationCode(cfg, { config: cfg, clientSecret: null }, deps);
    const replay = await fetch(`${base}/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: 'sandbox-desktop', redirect_uri: 'x', code_verifier: 'y'.repeat(43) }) });
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('T18: honours a fixed localhost redirect URI: host, port and path', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const lb = await startLoopback({ redirectUri: `http://localhost:${port}/oauth/done`, expectedState: 's', expectedIssuer: null, requireIss: false, timeoutMs: 3000 });
    expect(lb.redirectUri).toBe(`http://localhost:${port}/oauth/done`);
    expect((await fetch(`http://127.0.0.1:${port}/callback?code=x&state=s`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/oauth/done?code=x&state=s`)).status).toBe(200);
    expect(await lb.result).toEqual({ code: 'x' });
    await lb.close();
  });

  it('a denied consent ends the flow with the server’s error', async () => {
    const cfg = config({ authorizationEndpoint: `${base}/oauth/authorize` });
    const deps = testDeps(async (url) => void (await fetch(await sandboxConsent(url, 'deny'))));
    await expect(runAuthorizationCode(cfg, { config: cfg, clientSecret: null }, deps)).rejects.toThrow(/access_denied/);
  });

  it('runs the device flow: shows the user code, polls until approved', async () => {
    const cfg = config({ grant: 'device_code', deviceAuthorizationEndpoint: `${base}/oauth/device_authorization` });
    const waits: number[] = [];
    const deps = testDeps(async () => undefined, {
      onProgress: async (s) => {
        if (s.step === 'device_code') {
          expect(s.verificationUri).toBe(`${base}/device`);
          await fetch(`${base}/device`, { method: 'POST', body: new URLSearchParams({ user_code: s.userCode, approve: 'yes' }) });
        }
      },
    });
    const r = await runDeviceFlow(cfg, { config: cfg, clientSecret: null }, { ...deps, sleep: async (ms) => {
        waits.push(ms);
        await new Promise((res) => setTimeout(res, 1100));
      }, });
    expect(r.tokens.accessToken).toBeTruthy();
    expect(waits[0]).toBe(2000);
  });

  it('T16: refresh rotates the refresh token, the old one dies, and invalid_grant asks for a new login', async () => {
    let now = Date.now();
    const tm = new TokenManager(vault, () => now, new RedactorCache());
    const cfg = config({ authorizationEndpoint: `${base}/oauth/authorize` });
    const profile = { id: `oauth-test-${Date.now()}`, name: 'sbx', config: cfg, clientSecret: null };
    const deps = testDeps(async (url) => void (await fetch(await sandboxConsent(url, 'approve'))));
    const first = await tm.get(profile, deps);
    expect(first.source).toBe('fetched');
    expect((await tm.get(profile)).source).toBe('cache');
    now += 301_000; // past expiry
    const second = await tm.get(profile);
    expect(second.source).toBe('refreshed');
    expect(second.tokens.refreshToken).not.toBe(first.tokens.refreshToken);
    const oldRefresh = await fetch(`${base}/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: first.tokens.refreshToken!, client_id: 'sandbox-desktop' }) });
    expect(oldRefresh.status).toBe(400);
    // The keychain holds the newest refresh token.
    expect(await vault.resolve({ source: 'keychain', account: `profile/${profile.id}/refresh_token` }, profile, { slot: 'refresh_token', label: 'refresh token', mayBeEmpty: false })).toBe(second.tokens.refreshToken);
    // Revoke server-side, then expire: the refresh fails with invalid_grant and a new sign-in is required.
    const notes = await tm.revoke({ ...profile, config: { ...cfg, revocationEndpoint: `${base}/oauth/revoke` } });
    expect(notes.join(' ')).toMatch(/refresh_token revoked/);
    await expect(tm.get(profile)).rejects.toMatchObject({ code: 'login_required' });
  });

  it('a refresh token the server refuses, with a person at hand: says why before the new sign-in starts', async () => {
    let now = Date.now();
    const tm = new TokenManager(vault, () => now, new RedactorCache());
    const cfg = config({ authorizationEndpoint: `${base}/oauth/authorize` });
    const profile = { id: `oauth-again-${Date.now()}`, name: 'sbx-again', config: cfg, clientSecret: null };
    const first = await tm.get(profile, testDeps(async (url) => void (await fetch(await sandboxConsent(url, 'approve')))));
    // Revoked at the server only (another device, an admin): the keychain still holds it.
    const revoked = await fetch(`${base}/oauth/revoke`, { method: 'POST', body: new URLSearchParams({ token: first.tokens.refreshToken!, token_type_hint: 'refresh_token', client_id: 'sandbox-desktop' }) });
    expect(revoked.status).toBe(200);
    now += 301_000;
    const deps = testDeps(async (url) => void (await fetch(await sandboxConsent(url, 'approve'))));
    const again = await tm.get(profile, deps);
    expect(again.source).toBe('fetched');
    expect(deps.steps[0]).toEqual({ step: 'sign_in_again', reason: REFRESH_REJECTED });
    expect(deps.steps.map((s) => s.step)).toEqual(['sign_in_again', 'waiting_for_browser', 'exchanging_code', 'done']);
    expect(again.steps.map((s) => s.detail)).toContain(REFRESH_REJECTED);
    await tm.revoke(profile);
  });
});
