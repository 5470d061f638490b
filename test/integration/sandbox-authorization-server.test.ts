import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runAuthorizationCode } from '../../electron/engine/oauth/authorization-code';
import { startSandbox, type Sandbox } from '../../electron/engine/sandbox';
import { CONSENT_TTL_MS, SANDBOX_CLIENTS } from '../../electron/engine/sandbox-oauth';
import { oauthConfigSchema } from '../../shared/oauth';
import { sandboxConsent, testDeps } from '../helpers/oauth';

/**
 * The sandbox's authorization server is an example of a correct one: its consent step issues a code only for the
 * authorization request the consent page was shown for (a one-time request id, no trust in posted redirect URIs:
 * RFC 6749 §4.1.2.1, §10.12, RFC 9700 §4.11), and revocation touches only the requesting client's tokens
 * (RFC 7009 §2.1).
 */

let sandbox: Sandbox;
let base: string;
const EVIL = 'https://evil.example/cb';

beforeAll(async () => {
  sandbox = await startSandbox(0);
  base = sandbox.info.baseUrl;
});
afterAll(() => sandbox.close());
afterEach(() => vi.useRealTimers());

const authorizeUrl = (redirect = 'http://127.0.0.1:9/callback') =>
  `${base}/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: 'sandbox-desktop', redirect_uri: redirect, state: 'st-1', code_challenge: 'c'.repeat(43), code_challenge_method: 'S256', scope: 'read' })}`;
/** The consent page's request id. */
const requestIdOf = async (url: string) => /name="request_id" value="([^"]+)"/.exec(await (await fetch(url)).text())![1]!;
const decide = (fields: Record<string, string>) => fetch(`${base}/oauth/authorize`, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
const ccToken = async (clientSecret = SANDBOX_CLIENTS.confidential.clientSecret) => {
  const basic = Buffer.from(`sandbox-service:${clientSecret}`).toString('base64');
  const r = await fetch(`${base}/oauth/token`, { method: 'POST', headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
  return ((await r.json()) as { access_token: string }).access_token;
};
const bearerStatus = async (token: string) => (await fetch(`${base}/bearer`, { headers: { Authorization: `Bearer ${token}` } })).status;
const revoke = (token: string, client: Record<string, string>) => fetch(`${base}/oauth/revoke`, { method: 'POST', body: new URLSearchParams({ token, ...client }) });

describe('sandbox authorization endpoint: consent', () => {
  it('a decision posted without a consent request id (CSRF, any redirect_uri) issues nothing and redirects nowhere', async () => {
    const r = await decide({ redirect_uri: EVIL, client_id: 'sandbox-desktop', decision: 'approve', state: 's', code_challenge: 'abc' });
    expect(r.status).toBe(400);
    expect(r.headers.get('location')).toBeNull();
    expect(await r.text()).toContain('Sign-in request not recognised');
  });

  it('the code goes to the redirect URI of the request the page was shown for, whatever else is posted; the id works once', async () => {
    const id = await requestIdOf(authorizeUrl());
    const r = await decide({ request_id: id, decision: 'approve', redirect_uri: EVIL, client_id: 'someone-else', state: 'forged' });
    expect(r.status).toBe(302);
    const location = new URL(r.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe('http://127.0.0.1:9/callback');
    expect(location.searchParams.get('state')).toBe('st-1');
    expect(location.searchParams.get('iss')).toBe(base);
    expect(location.searchParams.get('code')).toBeTruthy();
    const again = await decide({ request_id: id, decision: 'approve' });
    expect(again.status).toBe(400);
    expect(again.headers.get('location')).toBeNull();
  });

  it('a deny needs the request id too (no open redirector), and an expired id is refused', async () => {
    expect((await decide({ decision: 'deny', redirect_uri: EVIL })).headers.get('location')).toBeNull();
    const id = await requestIdOf(authorizeUrl());
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + CONSENT_TTL_MS + 1000);
    const late = await decide({ request_id: id, decision: 'approve' });
    expect(late.status).toBe(400);
    expect(late.headers.get('location')).toBeNull();
  });

  it('the consent page is not shown for a redirect URI that is not loopback or has no usable port, and cannot be framed', async () => {
    expect((await fetch(authorizeUrl(EVIL))).status).toBe(400);
    // Loopback, but no answer could ever arrive there: port 0, no port, a fragment, user info (RFC 8252 §7.3).
    for (const unusable of ['http://127.0.0.1:0/callback', 'http://127.0.0.1/callback', 'http://127.0.0.1:9/callback#x', 'http://u@127.0.0.1:9/callback']) {
      expect((await fetch(authorizeUrl(unusable))).status, unusable).toBe(400);
    }
    const page = await fetch(authorizeUrl());
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await page.text();
    expect(html).not.toContain('redirect_uri');
    expect(html).not.toContain('code_challenge');
  });

  it('the documented flow still works end to end (sign in, exchange the code)', async () => {
    const cfg = oauthConfigSchema.parse({ scheme: 'oauth2', grant: 'authorization_code', issuer: base, authorizationEndpoint: `${base}/oauth/authorize`, tokenEndpoint: `${base}/oauth/token`, clientId: 'sandbox-desktop', tokenEndpointAuthMethod: 'none', requireIss: true });
    const r = await runAuthorizationCode(cfg, { config: cfg, clientSecret: null }, testDeps(async (url) => void (await fetch(await sandboxConsent(url, 'approve')))));
    expect(await bearerStatus(r.tokens.accessToken)).toBe(200);
  });
});

describe('sandbox revocation endpoint (RFC 7009)', () => {
  it('refuses to revoke a token issued to another client (400 invalid_grant); the token keeps working', async () => {
    const token = await ccToken();
    const r = await revoke(token, { client_id: 'sandbox-desktop' });
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({ error: 'invalid_grant', error_description: 'This token was issued to another client (RFC 7009 §2.1).' });
    expect(await bearerStatus(token)).toBe(200);
  });

  it('refuses an unauthenticated client (401 invalid_client), and revokes for the client it was issued to', async () => {
    const token = await ccToken();
    expect((await revoke(token, { client_id: 'sandbox-service', client_secret: 'wrong' })).status).toBe(401);
    expect(await bearerStatus(token)).toBe(200);
    expect((await revoke(token, { client_id: 'sandbox-service', client_secret: SANDBOX_CLIENTS.confidential.clientSecret })).status).toBe(200);
    expect(await bearerStatus(token)).toBe(401);
    expect((await revoke('unknown-token', { client_id: 'sandbox-desktop' })).status).toBe(200); // §2.2
  });

  it('revoking a refresh token ends the access tokens of its grant', async () => {
    const cfg = oauthConfigSchema.parse({ scheme: 'oauth2', grant: 'authorization_code', issuer: base, authorizationEndpoint: `${base}/oauth/authorize`, tokenEndpoint: `${base}/oauth/token`, clientId: 'sandbox-desktop', tokenEndpointAuthMethod: 'none' });
    const r = await runAuthorizationCode(cfg, { config: cfg, clientSecret: null }, testDeps(async (url) => void (await fetch(await sandboxConsent(url, 'approve')))));
    const other = await ccToken();
    expect(await bearerStatus(r.tokens.accessToken)).toBe(200);
    expect((await revoke(r.tokens.refreshToken!, { client_id: 'sandbox-desktop' })).status).toBe(200);
    expect(await bearerStatus(r.tokens.accessToken)).toBe(401);
    expect(await bearerStatus(other)).toBe(200);
  });
});

describe('sandbox client authentication: one method per request (RFC 6749 §2.3)', () => {
  const secret = SANDBOX_CLIENTS.confidential.clientSecret;
  const basic = `Basic ${Buffer.from(`sandbox-service:${secret}`).toString('base64')}`;
  const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
  const TWO_METHODS = { error: 'invalid_request', error_description: 'The client authenticated with more than one method (HTTP Basic and client_secret in the body); use one (RFC 6749 §2.3).' };

  it('revocation with HTTP Basic and client_secret in the body: 400 invalid_request, the token keeps working; one method works', async () => {
    const token = await ccToken();
    const r = await fetch(`${base}/oauth/revoke`, { method: 'POST', headers: { Authorization: basic, ...FORM }, body: new URLSearchParams({ token, client_secret: secret }) });
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual(TWO_METHODS);
    expect(await bearerStatus(token)).toBe(200);
    const one = await fetch(`${base}/oauth/revoke`, { method: 'POST', headers: { Authorization: basic, ...FORM }, body: new URLSearchParams({ token, client_id: 'sandbox-service' }) });
    expect(one.status).toBe(200); // a client_id beside Basic identifies, it does not authenticate
    expect(await bearerStatus(token)).toBe(401);
  });

  it('the token endpoint with both: 400 invalid_request and no token; Basic alone and the body alone each issue one', async () => {
    const both = await fetch(`${base}/oauth/token`, { method: 'POST', headers: { Authorization: basic, ...FORM }, body: new URLSearchParams({ grant_type: 'client_credentials', client_secret: secret }) });
    expect(both.status).toBe(400);
    expect(await both.json()).toEqual(TWO_METHODS);
    expect(await bearerStatus(await ccToken())).toBe(200);
    const post = await fetch(`${base}/oauth/token`, { method: 'POST', headers: FORM, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'sandbox-service', client_secret: secret }) });
    expect(post.status).toBe(200);
  });
});
