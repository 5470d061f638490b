import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine, type FlowHost } from '../../electron/engine/engine';
import type { FlowStep } from '../../shared/oauth';
import { realKeychain } from '../helpers/keyring';
import { scanPaths } from '../helpers/leak-scan';
import { sandboxConsent } from '../helpers/oauth';

describe('engine with OAuth 2.0 profiles against the sandbox', () => {
  let home: string;
  let engine: Engine;
  let base: string;
  beforeEach(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'authdesk-oauth-'));
    engine = await Engine.open({ home, secretStore: realKeychain() });
    base = (await engine.startSandbox()).baseUrl;
  });
  afterEach(async () => {
    for (const p of (await engine.listProfiles()).profiles) await engine.removeProfile(p.id);
    await engine.close();
  });

  it('client credentials: the token is fetched once, reused, recorded as an auth step, and never stored', async () => {
    const m = await engine.discover(base);
    const p = await engine.createProfile({
      name: 'svc',
      clientType: 'confidential',
      auth: { scheme: 'oauth2', grant: 'client_credentials', issuer: base, tokenEndpoint: m.tokenEndpoint!, clientId: 'sandbox-service', tokenEndpointAuthMethod: 'client_secret_basic', sendRawClientCredentials: false, requireIss: false, tokenPrefix: 'Bearer', scope: 'read' },
      secrets: { client_secret: 'sandbox-client-secret-42' },
    });
    expect(p.identity).toBe('sandbox-service');
    const first = await engine.send({ profileId: p.id, url: `${base}/bearer` });
    const second = await engine.send({ profileId: p.id, url: `${base}/bearer` });
    expect(first.entry.status).toBe(200);
    expect(first.firstSuccess).not.toBeNull();
    expect(first.entry.authSteps[0]).toMatchObject({ kind: 'applied', detail: expect.stringMatching(/fetched with client_credentials \(client_secret_basic/) });
    expect(first.entry.authSteps[0]!.durationMs).toBeGreaterThanOrEqual(0);
    expect(second.entry.authSteps[0]!.detail).toBe('access token from cache');
    const info = await engine.token('svc');
    expect(info).toMatchObject({ source: 'cache', tokenType: 'Bearer', hasRefreshToken: false });
    await engine.exportLog({ format: 'har', out: path.join(home, 'o.har') });
    expect(await scanPaths([home], ['sandbox-client-secret-42'])).toEqual([]);
    expect(JSON.stringify(await engine.getProfile('svc'))).not.toContain('sandbox-client-secret-42');
  });

  it('authorization code: non-interactive send asks for a sign-in; signing in through the browser works; revoke drops it', async () => {
    const p = await engine.createProfile({
      name: 'desk',
      clientType: 'public',
      auth: { scheme: 'oauth2', grant: 'authorization_code', issuer: base, authorizationEndpoint: `${base}/oauth/authorize`, tokenEndpoint: `${base}/oauth/token`, revocationEndpoint: `${base}/oauth/revoke`, clientId: 'sandbox-desktop', tokenEndpointAuthMethod: 'none', sendRawClientCredentials: false, requireIss: true, tokenPrefix: 'Bearer' },
      secrets: {},
    });
    await expect(engine.send({ profileId: p.id, url: `${base}/bearer` })).rejects.toMatchObject({ code: 'login_required' });
    const steps: FlowStep[] = [];
    const host: FlowHost = {
      openBrowser: async (url) => void (await fetch(await sandboxConsent(url, 'approve'))),
      onProgress: (s) => steps.push(s),
    };
    const info = await engine.token('desk', host);
    expect(info).toMatchObject({ source: 'fetched', hasRefreshToken: true });
    expect(steps.map((s) => s.step)).toEqual(['waiting_for_browser', 'exchanging_code', 'done']);
    const sent = await engine.send({ profileId: p.id, url: `${base}/bearer` });
    expect(sent.entry.status).toBe(200);
    const notes = await engine.revoke('desk');
    expect(notes.join(' ')).toMatch(/refresh_token revoked/);
    await expect(engine.send({ profileId: p.id, url: `${base}/bearer` })).rejects.toMatchObject({ code: 'login_required' });
    const m = (await engine.metrics()).profiles.find((x) => x.profileId === p.id)!;
    expect(m.failures).toEqual({ auth_flow: 1 });
    expect(sent.entry.requestHeaders).toContainEqual(['Authorization', 'Bearer [REDACTED]']);
  });
});

describe('T11: a configured token prefix is used for every token, also after it is renewed', () => {
  it('sends Authorization: Zoho-oauthtoken … before and after the token expires and is fetched again (never the old token)', async () => {
    const { startServer } = await import('../helpers/servers');
    let issued = 0;
    const api = await startServer((req, res) => {
      if (req.url === '/token') return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ access_token: `zoho-at-${++issued}`, token_type: 'Bearer', expires_in: 60 }));
      res.writeHead(/^Zoho-oauthtoken zoho-at-\d$/.test(req.headers.authorization ?? '') ? 200 : 401).end('{}');
    });
    let now = Date.parse('2026-11-30T12:00:00Z');
    const home = await mkdtemp(path.join(os.tmpdir(), 'authdesk-zoho-'));
    const engine = await Engine.open({ home, secretStore: realKeychain(), clock: () => now });
    try {
      const p = await engine.createProfile({
        name: 'zoho',
        clientType: 'confidential',
        auth: { scheme: 'oauth2', grant: 'client_credentials', tokenEndpoint: `${api.url}/token`, clientId: 'zc', tokenEndpointAuthMethod: 'client_secret_post', sendRawClientCredentials: false, requireIss: false, tokenPrefix: 'Zoho-oauthtoken' },
        secrets: { client_secret: 'zoho-client-secret-1' },
      });
      // Three sends per token: fetched, then from the cache twice (the second reuses the first's resolution).
      const three = async () => {
        for (let i = 0; i < 3; i++) expect((await engine.send({ profileId: p.id, url: `${api.url}/crm` })).entry.status).toBe(200);
      };
      await three();
      now += 61_000;
      await three();
      expect(issued).toBe(2);
      expect(api.seen.filter((r) => r.url === '/crm').map((r) => r.headers.authorization)).toEqual([
        ...Array(3).fill('Zoho-oauthtoken zoho-at-1'),
        ...Array(3).fill('Zoho-oauthtoken zoho-at-2'),
      ]);
      await engine.removeProfile(p.id);
    } finally {
      await engine.close();
      await api.close();
    }
  });
});
