import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/engine';
import { PRESETS, presetToProfileInput, presetVerifyRequest } from '../../shared/presets';
import { realKeychain } from '../helpers/keyring';
import { findLeaks } from '../helpers/leak-scan';
import { SAMPLE_PARAMS } from '../helpers/preset-params';
import { startServer, type TestServer } from '../helpers/servers';

/**
 * Each non-OAuth preset against a local server that enforces that provider's documented contract (see each
 * preset's `docs`): the real engine, the real OS keychain, real HTTP on 127.0.0.1. Only the base URL is rewritten.
 * The preset's extra headers (Notion-Version, X-GitHub-Api-Version) are the profile's, so the requests here name none.
 * The OAuth presets have their own servers: presets-oauth-servers.test.ts.
 */

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`, 'utf8').toString('base64')}`;
const { account_sid: SID, api_key_sid: KEY_SID, key_id: RZP } = SAMPLE_PARAMS as Record<string, string>;

interface Contract {
  secrets: Record<string, string>;
  check(req: IncomingMessage, url: URL, body: string): boolean;
}

const CONTRACTS: Record<string, Contract> = {
  notion: {
    secrets: { token: 'ntn_4r7Xq+/=secret' },
    check: (r, u) => r.headers.authorization === 'Bearer ntn_4r7Xq+/=secret' && /^\d{4}-\d{2}-\d{2}$/.test(String(r.headers['notion-version'])) && u.pathname === '/v1/users/me',
  },
  whatsapp: { secrets: { token: 'EAAG-wa-token-1' }, check: (r, u) => r.headers.authorization === 'Bearer EAAG-wa-token-1' && u.pathname === '/v23.0/106540352242922' },
  stripe: { secrets: { username: 'sk_test_51Hs3cr3t' }, check: (r, u) => r.headers.authorization === basic('sk_test_51Hs3cr3t', '') && u.pathname === '/v1/account' },
  'stripe-bearer': { secrets: { token: 'sk_test_51Hb34r3r' }, check: (r) => r.headers.authorization === 'Bearer sk_test_51Hb34r3r' },
  razorpay: {
    secrets: { password: 'rzp:secret:with:colons' },
    check: (r, u) => r.headers.authorization === basic(RZP!, 'rzp:secret:with:colons') && u.pathname === '/v1/payments' && u.searchParams.get('count') === '1',
  },
  'mongodb-data-api': {
    secrets: { key0: 'mdb-api-key-XYZ' },
    check: (r, u, body) => {
      const b = JSON.parse(body || '{}') as Record<string, unknown>;
      return r.method === 'POST' && r.headers.apikey === 'mdb-api-key-XYZ' && u.pathname === '/app/myapp-abcde/endpoint/data/v1/action/findOne' && b.dataSource === 'mongodb-atlas' && b.database === 'sample_mflix' && b.collection === 'movies';
    },
  },
  'zoho-crm-token': {
    secrets: { token: '1000.zoho.token' },
    check: (r, u) => r.headers.authorization === 'Zoho-oauthtoken 1000.zoho.token' && u.pathname === '/crm/v7/users' && u.searchParams.get('type') === 'CurrentUser',
  },
  datadog: {
    secrets: { key0: 'dd-api-0001', key1: 'dd-app-0002' },
    check: (r, u) => r.headers['dd-api-key'] === 'dd-api-0001' && r.headers['dd-application-key'] === 'dd-app-0002' && u.pathname === '/api/v2/validate_keys',
  },
  meraki: { secrets: { token: 'meraki-key-123' }, check: (r, u) => r.headers.authorization === 'Bearer meraki-key-123' && u.pathname === '/api/v1/administered/identities/me' },
  // TRAPS T3: the server must receive the exact value, '#' and all.
  pipedrive: { secrets: { key0: "$V8)x'];A#27Z-b_y" }, check: (_r, u) => u.searchParams.get('api_token') === "$V8)x'];A#27Z-b_y" && u.pathname === '/api/v1/users/me' },
  'pipedrive-header': { secrets: { key0: 'pd-header-token' }, check: (r, u) => r.headers['x-api-token'] === 'pd-header-token' && u.pathname === '/api/v1/users/me' },
  twilio: { secrets: { password: 'twilio-auth-token' }, check: (r, u) => r.headers.authorization === basic(SID!, 'twilio-auth-token') && u.pathname === `/2010-04-01/Accounts/${SID}.json` },
  'twilio-api-key': { secrets: { password: 'twilio-key-secret' }, check: (r, u) => r.headers.authorization === basic(KEY_SID!, 'twilio-key-secret') && u.pathname === `/2010-04-01/Accounts/${SID}.json` },
  github: {
    secrets: { token: 'github_pat_11ABCDEFG' },
    check: (r, u) => r.headers.authorization === 'Bearer github_pat_11ABCDEFG' && r.headers['x-github-api-version'] === '2022-11-28' && String(r.headers.accept).includes('application/vnd.github+json') && u.pathname === '/user',
  },
};

const nonOAuth = PRESETS.filter((p) => p.auth.scheme !== 'oauth2');

describe('presets against servers that enforce each provider contract', () => {
  let home: string;
  let engine: Engine;
  let api: TestServer;
  let contract: Contract | null = null;

  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'authdesk-presets-'));
    engine = await Engine.open({ home, secretStore: realKeychain() });
    api = await startServer((req, res, body) => {
      const ok = contract?.check(req, new URL(req.url ?? '/', 'http://127.0.0.1'), body) ?? false;
      res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok }));
    });
  });
  afterAll(async () => {
    const { profiles } = await engine.listProfiles();
    for (const p of profiles) await engine.removeProfile(p.id);
    await engine.close();
    await api.close();
    await rm(home, { recursive: true, force: true });
  });

  it('every non-OAuth preset has a contract here', () => {
    expect(Object.keys(CONTRACTS).sort()).toEqual(nonOAuth.map((p) => p.id).sort());
  });

  it.each(nonOAuth.map((p) => [p.id, p] as const))('%s: the verify call passes with the preset and fails without credentials', async (id, preset) => {
    contract = CONTRACTS[id]!;
    const input = presetToProfileInput(preset, { name: `preset ${id}`, params: SAMPLE_PARAMS, secrets: contract.secrets });
    const profile = await engine.createProfile({ ...input, baseUrl: api.url });
    const verify = presetVerifyRequest(preset, SAMPLE_PARAMS);
    const target = new URL(verify.url);
    const request = { method: verify.method, url: `${api.url}${target.pathname}${target.search}`, ...(verify.body ? { body: verify.body } : {}) };

    const reply = await engine.send({ ...request, profileId: profile.id });
    expect(reply.entry.status, JSON.stringify(api.seen.at(-1)?.headers)).toBe(200);
    expect(reply.firstSuccess).not.toBeNull();
    expect(findLeaks(JSON.stringify(reply.entry), Object.values(contract.secrets).filter((s) => s.length >= 4))).toEqual([]);

    const anonymous = await engine.send({ ...request, profileId: null });
    expect(anonymous.entry.status).toBe(401);
  });

  it('a profile\'s headers go with every request, and a header the request names itself wins', async () => {
    const preset = PRESETS.find((p) => p.id === 'notion')!;
    contract = CONTRACTS.notion!;
    const input = presetToProfileInput(preset, { name: 'notion headers', params: SAMPLE_PARAMS, secrets: contract.secrets });
    const profile = await engine.createProfile({ ...input, baseUrl: api.url });
    expect(profile.headers).toEqual([['Notion-Version', '2022-06-28']]);
    const url = `${api.url}/v1/users/me`;
    for (let i = 0; i < 2; i++) expect((await engine.send({ profileId: profile.id, url })).entry.status).toBe(200);
    expect(api.seen.slice(-2).map((r) => r.headers['notion-version'])).toEqual(['2022-06-28', '2022-06-28']);

    const own = await engine.send({ profileId: profile.id, url, headers: [['notion-version', '2025-09-03']] });
    expect(own.entry.status).toBe(200);
    expect(api.seen.at(-1)?.headers['notion-version']).toBe('2025-09-03');
    expect(own.entry.requestHeaders.filter(([k]) => k.toLowerCase() === 'notion-version')).toEqual([['notion-version', '2025-09-03']]);

    // Without the header Notion answers missing_version: the contract server says 401 here.
    await engine.updateProfile(profile.id, { headers: [] });
    expect((await engine.send({ profileId: profile.id, url })).entry.status).toBe(401);
    await expect(engine.updateProfile(profile.id, { headers: [['X-Api-Key', 'k']] })).rejects.toMatchObject({ code: 'invalid_request' });
  });
});
