import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, type FlowHost } from '../../electron/engine/engine';
import type { OAuthConfig } from '../../shared/oauth';
import { PRESETS, presetToProfileInput, presetVerifyRequest, type Preset, type PresetProfileInput } from '../../shared/presets';
import { startGitHubApp } from '../helpers/github-app';
import { realKeychain } from '../helpers/keyring';
import { testKeyPair, traditionalPem } from '../helpers/keys';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { consentInBrowser, startProvider, type ProviderContract, type ProviderServers } from '../helpers/oauth-provider';
import { SAMPLE_PARAMS } from '../helpers/preset-params';
import { startServer } from '../helpers/servers';

/**
 * Each OAuth preset against a local provider that enforces that provider's documented token-endpoint and API
 * contract (the preset's `docs`; sources in each contract's comment): the preset filled as the UI and CLI fill it,
 * the client_secret in the real OS keychain, the token obtained as the preset says (client credentials directly;
 * authorization code through the engine's browser flow with an injected browser), then the verify call. Only the
 * hosts are rewritten to 127.0.0.1. Each preset also has a deviation from its contract that the provider refuses.
 */

const NOTION_VERSION = /^\d{4}-\d{2}-\d{2}$/;

interface Case {
  contract: ProviderContract;
  /** Changes to the preset's auth that break the documented contract, and where the provider then refuses. */
  wrong: { what: string; auth: Partial<OAuthConfig>; refusedAt: 'token' | 'api'; message?: RegExp }[];
}

const CASES: Record<string, Case> = {
  // help.salesforce.com "OAuth 2.0 Web Server Flow for Web App Integration": client_id and client_secret in the body;
  // a code_challenge makes the code_verifier mandatory; the reply names instance_url, id, issued_at, signature.
  salesforce: {
    contract: {
      client: { id: 'client-123', secret: 'sf-consumer-secret-0001', auth: 'body' },
      authorize: { path: '/services/oauth2/authorize', require: { scope: /(^| )api( |$)/ }, pkce: true },
      token: {
        path: '/services/oauth2/token',
        grants: ['authorization_code', 'refresh_token'],
        body: 'form',
        tokenType: 'Bearer',
        refresh: true,
        fields: (u) => ({ instance_url: u.api, id: `${u.auth}/id/00D000000000001/005000000000001`, issued_at: '1767225600000', signature: 'c2lnbmF0dXJlLW9mLWlk', scope: 'api refresh_token' }),
      },
      api: { path: '/services/oauth2/userinfo', scheme: 'Bearer', reply: { preferred_username: 'alice@acme.example' } },
    },
    wrong: [{ what: 'client_secret_basic', auth: { tokenEndpointAuthMethod: 'client_secret_basic' }, refusedAt: 'token', message: /invalid_client/ }],
  },
  // developers.notion.com/reference/create-a-token: HTTP Basic client authentication, a JSON body, Notion-Version.
  'notion-oauth': {
    contract: {
      client: { id: 'client-123', secret: 'secret_notion_oauth_0001', auth: 'basic' },
      authorize: { path: '/v1/oauth/authorize', require: { owner: 'user' }, pkce: false },
      token: {
        path: '/v1/oauth/token',
        grants: ['authorization_code', 'refresh_token'],
        body: 'json',
        headers: { 'Notion-Version': NOTION_VERSION },
        tokenType: 'bearer',
        refresh: true,
        fields: () => ({ bot_id: '3c90c3cc-0d44-4b50-8888-8dd25736052a', workspace_name: 'Acme', workspace_id: '3c90c3cc-0d44-4b50-8888-8dd25736052b' }),
      },
      api: { path: '/v1/users/me', scheme: 'Bearer', headers: { 'Notion-Version': NOTION_VERSION }, reply: { object: 'user', type: 'bot', name: 'Authdesk' } },
    },
    wrong: [
      { what: 'a form body', auth: { tokenRequestBody: 'form' }, refusedAt: 'token', message: /invalid_request/ },
      { what: 'client_secret_post', auth: { tokenEndpointAuthMethod: 'client_secret_post' }, refusedAt: 'token', message: /invalid_client/ },
      { what: 'no Notion-Version on the token request', auth: { tokenRequestHeaders: [] }, refusedAt: 'token', message: /invalid_request/ },
    ],
  },
  // developer.paypal.com/api/rest/authentication: client_id:secret in HTTP Basic, grant_type=client_credentials form.
  paypal: {
    contract: {
      client: { id: 'client-123', secret: 'EPayPal-secret-0001', auth: 'basic' },
      token: {
        path: '/v1/oauth2/token',
        grants: ['client_credentials'],
        body: 'form',
        tokenType: 'Bearer',
        refresh: false,
        fields: () => ({ scope: 'https://uri.paypal.com/services/payments/payment', app_id: 'APP-80W284485P519543T', expires_in: 32400, nonce: '2026-01-01T00:00:00ZnonceValue' }),
      },
      api: { path: '/v1/notifications/webhooks-event-types', scheme: 'Bearer', reply: { event_types: [] } },
    },
    wrong: [{ what: 'client_secret_post', auth: { tokenEndpointAuthMethod: 'client_secret_post' }, refusedAt: 'token', message: /invalid_client/ }],
  },
  // zoho.com/crm/developer/docs/api/v7/oauth-overview.html, multi-dc.html: credentials as form parameters, the
  // callback names location and accounts-server, the reply names api_domain, errors come back as HTTP 200, and the
  // API wants Authorization: Zoho-oauthtoken.
  'zoho-crm': {
    contract: {
      client: { id: 'client-123', secret: 'zoho-client-secret-0001', auth: 'body' },
      authorize: { path: '/oauth/v2/auth', require: { scope: 'ZohoCRM.users.READ', access_type: 'offline' }, pkce: false, callback: (u) => ({ location: 'us', 'accounts-server': u.auth }) },
      token: {
        path: '/oauth/v2/token',
        grants: ['authorization_code', 'refresh_token'],
        body: 'form',
        errorStatus: 200,
        errorCodes: { invalid_grant: 'invalid_code' },
        tokenType: 'Bearer',
        refresh: true,
        fields: (u) => ({ api_domain: u.api, expires_in: 3600, scope: 'ZohoCRM.users.READ' }),
      },
      api: { path: '/crm/v7/users?type=CurrentUser', scheme: 'Zoho-oauthtoken', reply: { users: [{ email: 'alice@acme.example' }] } },
    },
    wrong: [
      { what: 'the Bearer prefix', auth: { tokenPrefix: 'Bearer' }, refusedAt: 'api' },
      { what: 'client_secret_basic', auth: { tokenEndpointAuthMethod: 'client_secret_basic' }, refusedAt: 'token', message: /invalid_client/ },
    ],
  },
  // pipedrive.readme.io/docs/marketplace-oauth-authorization: client_id:client_secret in HTTP Basic, a form body; the
  // reply names api_domain, the company's API host.
  'pipedrive-oauth': {
    contract: {
      client: { id: 'client-123', secret: 'pd-client-secret-0001', auth: 'basic' },
      authorize: { path: '/oauth/authorize', pkce: false },
      token: {
        path: '/oauth/token',
        grants: ['authorization_code', 'refresh_token'],
        body: 'form',
        tokenType: 'Bearer',
        refresh: true,
        fields: (u) => ({ api_domain: u.api, expires_in: 3599, scope: 'base,deals:read' }),
      },
      api: { path: '/api/v1/users/me', scheme: 'Bearer', reply: { success: true, data: { email: 'alice@acme.example' } } },
    },
    wrong: [{ what: 'client_secret_post', auth: { tokenEndpointAuthMethod: 'client_secret_post' }, refusedAt: 'token', message: /invalid_client/ }],
  },
  // docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps and …/troubleshooting-oauth-app-access-
  // token-request-errors: client_id and client_secret as parameters, a form-encoded reply unless JSON is accepted,
  // errors such as incorrect_client_credentials with HTTP 200, PKCE S256; the REST API wants Bearer,
  // X-GitHub-Api-Version and the vnd.github media type.
  'github-oauth': {
    contract: {
      client: { id: 'client-123', secret: 'gh-oauth-app-secret-0001', auth: 'body' },
      authorize: { path: '/login/oauth/authorize', require: { scope: 'read:user' }, pkce: true },
      token: {
        path: '/login/oauth/access_token',
        grants: ['authorization_code', 'refresh_token'],
        body: 'form',
        errorStatus: 200,
        errorCodes: { invalid_client: 'incorrect_client_credentials', invalid_grant: 'bad_verification_code' },
        formUnlessJsonAccepted: true,
        tokenType: 'bearer',
        refresh: false,
        fields: () => ({ scope: 'read:user' }),
      },
      api: { path: '/user', scheme: 'Bearer', headers: { 'X-GitHub-Api-Version': /^2022-11-28$/, Accept: /application\/vnd\.github\+json/ }, reply: { login: 'octocat' } },
    },
    wrong: [{ what: 'client_secret_basic', auth: { tokenEndpointAuthMethod: 'client_secret_basic' }, refusedAt: 'token', message: /incorrect_client_credentials/ }],
  },
};

const oauthPresets = PRESETS.filter((p) => p.auth.scheme === 'oauth2');
/** OAuth presets whose token is bought with an App JWT instead of a client secret: tested against test/helpers/github-app.ts below. */
const GITHUB_APPS = ['github-app'];
const byId = (id: string): Preset => PRESETS.find((p) => p.id === id)!;

/** The preset's profile with its hosts on the local provider: OAuth endpoints on the authorization server, the base URL on the API. */
function localized(input: PresetProfileInput, provider: ProviderServers): PresetProfileInput {
  if (input.auth.scheme !== 'oauth2') throw new Error('not an OAuth preset');
  const moved = (u: string | undefined) => (u === undefined ? undefined : `${provider.auth}${new URL(u).pathname}`);
  const auth = {
    ...input.auth,
    authorizationEndpoint: moved(input.auth.authorizationEndpoint),
    tokenEndpoint: moved(input.auth.tokenEndpoint),
    revocationEndpoint: moved(input.auth.revocationEndpoint),
    deviceAuthorizationEndpoint: moved(input.auth.deviceAuthorizationEndpoint),
  };
  return { ...input, baseUrl: provider.api, auth: JSON.parse(JSON.stringify(auth)) as OAuthConfig };
}

/** The injected system browser: the provider consents and redirects to Authdesk's loopback listener. */
const browser: FlowHost = { openBrowser: consentInBrowser, onProgress: () => undefined };

describe('OAuth presets against providers that enforce each documented contract', () => {
  let home: string;
  let engine: Engine;
  let now = Date.now();
  let made = 0;

  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'authdesk-oauth-presets-'));
    engine = await Engine.open({ home, secretStore: realKeychain(), clock: () => now });
  });
  afterAll(async () => {
    for (const p of (await engine.listProfiles()).profiles) await engine.removeProfile(p.id);
    await engine.close();
    await rm(home, { recursive: true, force: true });
  });

  /** Creates the preset's profile against `provider`, with `auth` changes applied, through the engine and the keychain. */
  const create = async (id: string, provider: ProviderServers, auth: Partial<OAuthConfig> = {}) => {
    const secret = CASES[id]!.contract.client.secret;
    const input = localized(presetToProfileInput(byId(id), { name: `${id} ${++made}`, params: SAMPLE_PARAMS, secrets: { client_secret: secret } }), provider);
    return engine.createProfile({ ...input, auth: { ...(input.auth as OAuthConfig), ...auth } });
  };
  /** The preset's verify request, sent to the local API. */
  const verify = (id: string, profileId: string, provider: ProviderServers) => {
    const v = presetVerifyRequest(byId(id), SAMPLE_PARAMS);
    const target = new URL(v.url);
    return engine.send({ profileId, method: v.method, url: `${provider.api}${target.pathname}${target.search}` });
  };

  it('every OAuth preset has a contract here', () => {
    expect([...Object.keys(CASES), ...GITHUB_APPS].sort()).toEqual(oauthPresets.map((p) => p.id).sort());
  });

  it.each(Object.keys(CASES))('%s: the token is obtained as the preset says and the verify call passes', async (id) => {
    const { contract } = CASES[id]!;
    const provider = await startProvider(contract);
    try {
      const profile = await create(id, provider);
      expect(profile.presetId).toBe(id);
      const interactive = profile.auth.scheme === 'oauth2' && profile.auth.grant === 'authorization_code';
      const info = await engine.token(profile.id, interactive ? browser : undefined);
      expect(info).toMatchObject({ source: 'fetched', hasRefreshToken: contract.token.refresh });
      const namesHost = /instance_url|api_domain/.test(JSON.stringify(contract.token.fields?.(provider) ?? {}));
      expect(info.apiBaseUrl).toBe(namesHost ? provider.api : null);
      expect(info.warnings.join('\n')).not.toMatch(/as the host for API calls/);

      const sent = await verify(id, profile.id, provider);
      expect(sent.entry.status, sent.entry.error ?? '').toBe(200);
      expect(sent.firstSuccess).not.toBeNull();

      // A token with an expiry is refreshed as the contract says once it has expired.
      const expiresIn = contract.token.fields?.(provider).expires_in;
      if (contract.token.refresh && typeof expiresIn === 'number') {
        now += (expiresIn + 1) * 1000;
        const again = await verify(id, profile.id, provider);
        expect(again.entry.status).toBe(200);
        expect(again.entry.authSteps.map((s) => s.detail).join('\n')).toMatch(/access token refreshed/);
      }

      const secrets = [contract.client.secret, ...provider.issued];
      expect(findLeaks(JSON.stringify([sent.entry, info]), secrets)).toEqual([]);
      expect(await scanPaths([home], secrets)).toEqual([]);
    } finally {
      await provider.close();
    }
  });

  const wrongs = Object.entries(CASES).flatMap(([id, c]) => c.wrong.map((w) => [id, w.what, w] as const));
  it.each(wrongs)('%s: %s breaks the contract and the provider refuses it', async (id, _what, wrong) => {
    const provider = await startProvider(CASES[id]!.contract);
    try {
      const profile = await create(id, provider, wrong.auth);
      const interactive = profile.auth.scheme === 'oauth2' && profile.auth.grant === 'authorization_code';
      if (wrong.refusedAt === 'token') {
        await expect(engine.token(profile.id, interactive ? browser : undefined)).rejects.toMatchObject({ code: 'auth_failed', message: expect.stringMatching(wrong.message ?? /./) });
        expect(provider.seen.auth.some((r) => r.method === 'POST')).toBe(true);
      } else {
        await engine.token(profile.id, interactive ? browser : undefined);
        expect((await verify(id, profile.id, provider)).entry.status).toBe(401);
      }
    } finally {
      await provider.close();
    }
  });

  it('Salesforce: an instance_url other than the base URL is named after sign-in; adopted as the base URL, the API answers', async () => {
    const provider = await startProvider(CASES.salesforce!.contract);
    try {
      const created = await create('salesforce', provider);
      // The user's base URL is the login (My Domain) host; the org's API lives at instance_url.
      const profile = await engine.updateProfile(created.id, { baseUrl: provider.auth });
      const info = await engine.token(profile.id, browser);
      expect(info.apiBaseUrl).toBe(provider.api);
      expect(info.warnings).toContain(`The token reply names ${provider.api} as the host for API calls, but this profile is bound to ${provider.auth}: set the base URL to ${provider.api} to call it.`);
      await expect(verify('salesforce', profile.id, provider)).rejects.toMatchObject({ code: 'invalid_request' });

      await engine.updateProfile(profile.id, { baseUrl: info.apiBaseUrl });
      expect((await verify('salesforce', profile.id, provider)).entry.status).toBe(200);
    } finally {
      await provider.close();
    }
  });

  it('GitHub: the token endpoint answers form-encoded unless asked for JSON, and Authdesk asks', async () => {
    const { contract } = CASES['github-oauth']!;
    const provider = await startProvider(contract);
    try {
      const body = new URLSearchParams({ client_id: contract.client.id, client_secret: 'wrong', code: 'x', grant_type: 'authorization_code' });
      const plain = await fetch(`${provider.auth}${contract.token.path}`, { method: 'POST', body });
      expect(plain.status).toBe(200);
      expect(plain.headers.get('content-type')).toMatch(/^application\/x-www-form-urlencoded/);
      expect(new URLSearchParams(await plain.text()).get('error')).toBe('incorrect_client_credentials');

      const profile = await create('github-oauth', provider);
      await engine.token(profile.id, browser);
      const exchange = provider.seen.auth.filter((r) => r.method === 'POST').at(-1)!;
      expect(exchange.headers.accept).toBe('application/json');
      expect(new URLSearchParams(exchange.body).get('code_verifier')).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
    } finally {
      await provider.close();
    }
  });
});

// docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-an-installation-access-token-
// for-a-github-app: an App JWT (RS256, iss = the App's client ID or ID, at most 10 minutes) in Authorization: Bearer on
// POST /app/installations/{installation_id}/access_tokens with GitHub's media type and API version (the helper
// enforces these); the token then goes as Bearer to the REST API, here GET /installation/repositories, which also
// wants the media type and version.
describe.each(GITHUB_APPS)('%s preset against a GitHub App server and the REST API', (id) => {
  const appId = SAMPLE_PARAMS.github_app_id!;
  const installationId = SAMPLE_PARAMS.installation_id!;
  let home: string;
  let engine: Engine;

  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'authdesk-github-app-preset-'));
    engine = await Engine.open({ home, secretStore: realKeychain() });
  });
  afterAll(async () => {
    for (const p of (await engine.listProfiles()).profiles) await engine.removeProfile(p.id);
    await engine.close();
    await rm(home, { recursive: true, force: true });
  });

  /** The App's token endpoint and an API taking only the tokens it issued, with GitHub's headers, on the verify path. */
  const startGitHub = async (publicKey: Parameters<typeof startGitHubApp>[0]) => {
    const issued = new Set<string>();
    const jwts: string[] = [];
    const app = await startGitHubApp(publicKey, { appId, installationId }, issued, jwts);
    const api = await startServer((req, res) => {
      const ok =
        req.method === 'GET' &&
        req.url === '/installation/repositories' &&
        issued.has((req.headers.authorization ?? '').replace(/^Bearer /, '')) &&
        req.headers['x-github-api-version'] === '2022-11-28' &&
        String(req.headers.accept).includes('application/vnd.github+json');
      res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' }).end(JSON.stringify(ok ? { total_count: 1, repositories: [{ full_name: 'acme/app' }] } : { message: 'Bad credentials' }));
    });
    return { app, api, issued, jwts, close: () => Promise.all([app.close(), api.close()]) };
  };
  /** The preset's profile, filled as the UI fills it, with the API base (token endpoint) and base URL on the local servers. */
  const create = (name: string, gh: Awaited<ReturnType<typeof startGitHub>>, privateKey: string, params: Record<string, string> = {}) => {
    const input = presetToProfileInput(byId(id), { name, params: { ...SAMPLE_PARAMS, ...params }, secrets: { private_key: privateKey } });
    return engine.createProfile({ ...input, baseUrl: gh.api.url, auth: { ...(input.auth as OAuthConfig), apiBase: gh.app.url } });
  };
  const verify = (profileId: string, gh: Awaited<ReturnType<typeof startGitHub>>) => {
    const v = presetVerifyRequest(byId(id), SAMPLE_PARAMS);
    return engine.send({ profileId, method: v.method, url: `${gh.api.url}${new URL(v.url).pathname}` });
  };

  it('the installation token is obtained with the App JWT and the verify call passes', async () => {
    const key = await testKeyPair('RS256', 'unused');
    const pem = traditionalPem(key.pkcs8); // GitHub hands out PKCS#1 "RSA PRIVATE KEY" files
    const gh = await startGitHub(key.publicKey);
    try {
      const profile = await create('GitHub App', gh, pem);
      expect(profile).toMatchObject({ presetId: id, identity: appId });
      const info = await engine.token(profile.id);
      expect(info).toMatchObject({ source: 'fetched', hasRefreshToken: false });
      expect(gh.app.seen.map((r) => `${r.method} ${r.url}`)).toEqual([`POST /app/installations/${installationId}/access_tokens`]);

      const sent = await verify(profile.id, gh);
      expect(sent.entry.status, sent.entry.error ?? '').toBe(200);
      expect(sent.firstSuccess).not.toBeNull();
      const secrets = [pem, ...gh.issued, ...gh.jwts];
      expect(findLeaks(JSON.stringify([sent.entry, info]), secrets)).toEqual([]);
      expect(await scanPaths([home], secrets)).toEqual([]);
    } finally {
      await gh.close();
    }
  });

  it('another installation, or the key of another App, is refused at the token endpoint; an EC key is refused before saving', async () => {
    const key = await testKeyPair('RS256', 'unused');
    const gh = await startGitHub(key.publicKey);
    try {
      const other = await create('other installation', gh, key.pkcs8, { installation_id: '999' });
      await expect(engine.token(other.id)).rejects.toMatchObject({ code: 'auth_failed', message: expect.stringMatching(/HTTP 404: Not Found for installation 999/) });
      const stranger = await create('other App', gh, (await testKeyPair('RS256', 'other')).pkcs8);
      await expect(engine.token(stranger.id)).rejects.toMatchObject({ code: 'auth_failed', message: expect.stringMatching(/HTTP 401/) });
      await expect(create('EC key', gh, (await testKeyPair('ES256', 'ec')).pkcs8)).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/GitHub App JWTs are RS256.*Nothing was saved\.$/) });
      expect(gh.api.seen).toEqual([]);
    } finally {
      await gh.close();
    }
  });
});
