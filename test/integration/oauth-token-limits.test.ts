import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/engine';
import { runDeviceFlow } from '../../electron/engine/oauth/device';
import { oauthConfigSchema } from '../../shared/oauth';
import { testDeps } from '../helpers/oauth';
import { realKeychain } from '../helpers/keyring';
import { startServer, type TestServer } from '../helpers/servers';

/** Token endpoints at the edges: an absurd expires_in (RFC 6749 §5.1, RFC 8628 §3.2), no answer at all. */
describe('a token endpoint at the edges', () => {
  let home: string;
  let engine: Engine;
  let as: TestServer;
  /** The token endpoint's reply body for the next request. */
  let reply = '{}';
  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'authdesk-token-limits-'));
    engine = await Engine.open({ home, secretStore: realKeychain() });
    as = await startServer((req, res) => {
      const device = '{"device_code":"dc-limits","user_code":"ABCD-EFGH","verification_uri":"https://as.example/device","expires_in":1e30,"interval":0.01}';
      if (req.url === '/silent') return; // accepts the request, never answers
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(req.url === '/device' ? device : reply);
    });
  });
  afterAll(async () => {
    for (const p of (await engine.listProfiles()).profiles) await engine.removeProfile(p.id);
    await engine.close();
    await as.close();
    await rm(home, { recursive: true, force: true });
  });

  const oauthProfile = (name: string, tokenPath = '/token') =>
    engine.createProfile({
      name,
      clientType: 'confidential',
      auth: { scheme: 'oauth2', grant: 'client_credentials', tokenEndpoint: `${as.url}${tokenPath}`, clientId: 'cid', tokenEndpointAuthMethod: 'client_secret_post', sendRawClientCredentials: false, requireIss: false, tokenPrefix: 'Bearer' },
      secrets: { client_secret: 'limits-client-secret-5' },
    });

  it.each([
    ['1e30', '1e+30'],
    ['"9999999999999999999999999"', '1e+25'],
    [String(10 * 365 * 24 * 3600 + 1), String(10 * 365 * 24 * 3600 + 1)],
  ])('an expires_in of %s (beyond 10 years) is no usable expiry: token says so instead of crashing', async (expiresIn, shown) => {
    reply = `{"access_token":"at-huge","token_type":"Bearer","expires_in":${expiresIn}}`;
    const p = await oauthProfile(`huge-${Math.random().toString(16).slice(2)}`);
    const info = await engine.token(p.id);
    expect(info.expiresAt).toBeNull();
    expect(info.warnings).toContainEqual(`The server's expires_in (${shown} s) is out of range (more than 10 years); the token's expiry is unknown.`);
    const again = await engine.token(p.id); // cached: no expiry means still valid
    expect(again).toMatchObject({ source: 'cache', expiresAt: null });
  });

  it('an expires_in of exactly 10 years is still read as a lifetime', async () => {
    const tenYears = 10 * 365 * 24 * 3600;
    reply = `{"access_token":"at-long","token_type":"Bearer","expires_in":${tenYears}}`;
    const p = await oauthProfile('ten-years');
    const before = Date.now();
    const info = await engine.token(p.id);
    expect(Date.parse(info.expiresAt!)).toBeGreaterThanOrEqual(before + tenYears * 1000);
    expect(info.warnings.join(' ')).not.toMatch(/out of range/);
  });

  it('a device code with an absurd expires_in gets a deadline that is still a date (RFC 8628 §3.2)', async () => {
    reply = '{"access_token":"at-device","token_type":"Bearer"}';
    const config = oauthConfigSchema.parse({ scheme: 'oauth2', grant: 'device_code', deviceAuthorizationEndpoint: `${as.url}/device`, tokenEndpoint: `${as.url}/token`, clientId: 'cid', tokenEndpointAuthMethod: 'none' });
    const deps = testDeps(async () => undefined);
    const before = Date.now();
    expect((await runDeviceFlow(config, { config, clientSecret: null }, deps)).tokens.accessToken).toBe('at-device');
    const shown = deps.steps.find((s) => s.step === 'device_code');
    if (shown?.step !== 'device_code') throw new Error('the device code was not shown');
    expect(() => new Date(shown.expiresAt).toISOString()).not.toThrow();
    expect(shown.expiresAt - before).toBeLessThanOrEqual(10 * 365 * 24 * 3600 * 1000 + 5000);
  });

  it("a send's timeout bounds its token request, and a silent token endpoint is said to give no answer, not to be unreachable", async () => {
    const p = await oauthProfile('silent', '/silent');
    const api = `${as.url}/api`;
    // the bound is said exactly, never rounded (1500 ms is not "2 s")
    for (const [timeoutMs, shown] of [[300, '300 ms'], [1500, '1.5 s']] as const) {
      const started = Date.now();
      const sent = engine.send({ profileId: p.id, method: 'GET', url: api, headers: [], timeoutMs });
      await expect(sent).rejects.toMatchObject({
        code: 'auth_failed',
        message: `No answer from the OAuth endpoint at ${as.url} within ${shown}. Check that it is up and reachable, or raise the timeout.`,
      });
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(timeoutMs - 50);
      expect(took).toBeLessThan(timeoutMs + 3000);
    }
    expect(as.seen.filter((r) => r.url === '/api')).toEqual([]);
  });
});
