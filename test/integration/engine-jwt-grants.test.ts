import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { jwtVerify, type CryptoKey, type JWTPayload } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/engine';
import { oauthConfigSchema } from '../../shared/oauth';
import { startBearerApi, startGitHubApp } from '../helpers/github-app';
import { testKeyPair, traditionalPem } from '../helpers/keys';
import { realKeychain } from '../helpers/keyring';
import { scanPaths } from '../helpers/leak-scan';
import { startServer, type TestServer } from '../helpers/servers';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const json = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** The middle line of a PEM body: proof that no fragment of the key leaked, not only the whole text. */
const pemFragment = (pem: string) => pem.trim().split('\n')[2]!;

let home: string;
let engine: Engine;
let servers: TestServer[];
beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'authdesk-jwt-'));
  engine = await Engine.open({ home, secretStore: realKeychain() });
  servers = [];
});
afterEach(async () => {
  for (const p of (await engine.listProfiles()).profiles) await engine.removeProfile(p.id);
  await engine.close();
  await Promise.all(servers.map((s) => s.close()));
});

describe('JWT bearer grant (RFC 7523 §2.1) with private_key_jwt client authentication (§2.2)', () => {
  /**
   * A token endpoint that verifies both JWTs with jose: the grant's assertion (signature with the public key, iss,
   * sub, aud, exp at most 5 min after iat, jti never seen before) and the client assertion (iss = sub = client_id,
   * aud = token endpoint), then issues a token.
   */
  async function startTokenEndpoint(publicKey: CryptoKey, issued: Set<string>, captured: string[]) {
    const seenJti = new Set<string>();
    const server = await startServer((_req, res, body) => {
      const form = new URLSearchParams(body);
      const url = `${server.url}/token`;
      const check = async (jwt: string, opts: { issuer: string; subject: string; audience: string; maxLifeS: number }) => {
        captured.push(jwt);
        const { payload } = await jwtVerify<JWTPayload>(jwt, publicKey, { ...opts, algorithms: ['ES256'] });
        if (!payload.jti || seenJti.has(payload.jti)) throw new Error('jti reused');
        if (!payload.iat || payload.exp! - payload.iat > opts.maxLifeS) throw new Error('lives too long');
        seenJti.add(payload.jti);
      };
      void (async () => {
        try {
          if (form.get('grant_type') !== JWT_BEARER || form.get('client_assertion_type') !== CLIENT_ASSERTION_TYPE) throw new Error('wrong grant or client auth');
          await check(form.get('client_assertion')!, { issuer: 'svc-client', subject: 'svc-client', audience: url, maxLifeS: 60 });
          await check(form.get('assertion')!, { issuer: 'svc-client', subject: 'user@example.com', audience: 'https://as.example.com', maxLifeS: 300 });
          if (form.get('scope') !== 'read write') throw new Error('scope');
        } catch (e) {
          return json(res, 400, { error: 'invalid_grant', error_description: (e as Error).message });
        }
        const token = randomBytes(24).toString('base64url');
        issued.add(token);
        json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 3600, scope: 'read write' });
      })();
    });
    return server;
  }

  it('obtains a token with a verified assertion, sends with it, reuses it, and never writes the key or the JWTs', async () => {
    const key = await testKeyPair('ES256', 'k1');
    const pem = traditionalPem(key.pkcs8);
    const issued = new Set<string>();
    const captured: string[] = [];
    const as = await startTokenEndpoint(key.publicKey, issued, captured);
    const api = await startBearerApi(issued);
    servers.push(as, api);
    const p = await engine.createProfile({
      name: 'jwt-bearer',
      clientType: 'confidential',
      auth: oauthConfigSchema.parse({
        scheme: 'oauth2',
        grant: 'jwt_bearer',
        tokenEndpoint: `${as.url}/token`,
        clientId: 'svc-client',
        tokenEndpointAuthMethod: 'private_key_jwt',
        signingAlg: 'ES256',
        keyId: 'k1',
        jwtSubject: 'user@example.com',
        jwtAudience: 'https://as.example.com',
        scope: 'read  write',
      }),
      secrets: { private_key: pem },
    });
    expect(p.identity).toBe('svc-client');
    const first = await engine.send({ profileId: p.id, url: `${api.url}/data` });
    const second = await engine.send({ profileId: p.id, url: `${api.url}/data` });
    expect(first.entry.status).toBe(200);
    expect(first.entry.authSteps[0]!.detail).toMatch(/fetched with jwt_bearer \(private_key_jwt \(ES256 client assertion/);
    expect(second.entry.authSteps[0]!.detail).toBe('access token from cache');
    expect(as.seen).toHaveLength(1);
    expect(first.entry.requestHeaders).toContainEqual(['Authorization', 'Bearer [REDACTED]']);

    await engine.revoke('jwt-bearer'); // no revocation endpoint: drops the token locally
    expect((await engine.send({ profileId: p.id, url: `${api.url}/data` })).entry.status).toBe(200);
    expect(as.seen).toHaveLength(2); // a second grant with fresh jti values, which the endpoint accepted

    await engine.exportLog({ format: 'har', out: path.join(home, 'log.har') });
    await engine.exportLog({ format: 'jsonl', out: path.join(home, 'log.jsonl') });
    expect(captured).toHaveLength(4);
    expect(await scanPaths([home], [pem, pemFragment(pem), key.pkcs8, ...captured, ...issued])).toEqual([]);
  });

  it('a token endpoint that rejects the assertion is explained in RFC 7523 terms, not as "sign in again"', async () => {
    const key = await testKeyPair('ES256', 'k1');
    const wrong = await testKeyPair('ES256', 'k1');
    const as = await startTokenEndpoint(key.publicKey, new Set(), []);
    servers.push(as);
    const p = await engine.createProfile({
      name: 'jwt-wrong-key',
      clientType: 'confidential',
      auth: oauthConfigSchema.parse({ scheme: 'oauth2', grant: 'jwt_bearer', tokenEndpoint: `${as.url}/token`, clientId: 'svc-client', tokenEndpointAuthMethod: 'private_key_jwt', signingAlg: 'ES256', jwtSubject: 'user@example.com' }),
      secrets: { private_key: wrong.pkcs8 },
    });
    await expect(engine.send({ profileId: p.id, url: `${as.url}/anything` })).rejects.toThrow(/invalid_grant.*RFC 7523 §3\.1/);
  });
});

describe('GitHub App installation token', () => {
  const APP_ID = '12345';
  const INSTALLATION = '4242';

  const startGitHub = (publicKey: CryptoKey, issued: Set<string>, jwts: string[]) => startGitHubApp(publicKey, { appId: APP_ID, installationId: INSTALLATION }, issued, jwts);

  const appProfile = (apiBase: string, installationId: string) =>
    oauthConfigSchema.parse({ scheme: 'oauth2', grant: 'github_app', appId: APP_ID, installationId, apiBase });

  it('mints an App JWT, gets an installation token through the token manager, and sends it as Bearer', async () => {
    const key = await testKeyPair('RS256', 'unused');
    const pem = traditionalPem(key.pkcs8); // GitHub hands out PKCS#1 "RSA PRIVATE KEY" files
    const issued = new Set<string>();
    const jwts: string[] = [];
    const gh = await startGitHub(key.publicKey, issued, jwts);
    const api = await startBearerApi(issued);
    servers.push(gh, api);
    const p = await engine.createProfile({ name: 'gh-app', clientType: 'confidential', auth: appProfile(`${gh.url}/`, INSTALLATION), secrets: { private_key: pem } });
    expect(p.identity).toBe(APP_ID);
    expect(p.secrets.map((s) => s.slot)).toEqual(['private_key']);
    const sent = await engine.send({ profileId: p.id, url: `${api.url}/repos/o/r` });
    expect(sent.entry.status).toBe(200);
    expect(sent.entry.authSteps[0]!.detail).toMatch(/fetched with github_app \(GitHub App JWT, RS256\)/);
    expect(sent.entry.requestHeaders).toContainEqual(['Authorization', 'Bearer [REDACTED]']);
    expect(sent.entry.responseBodyPreview).toContain('"youSent":"Bearer [REDACTED]"'); // the echoed token, masked by value
    expect((await engine.send({ profileId: p.id, url: `${api.url}/repos/o/r` })).entry.authSteps[0]!.detail).toBe('access token from cache');
    expect(gh.seen).toHaveLength(1);
    const info = await engine.token('gh-app');
    expect(info).toMatchObject({ source: 'cache', tokenType: 'Bearer', hasRefreshToken: false });
    expect(Date.parse(info.expiresAt!) - Date.now()).toBeGreaterThan(3500_000);

    await engine.exportLog({ format: 'har', out: path.join(home, 'gh.har') });
    await engine.exportLog({ format: 'jsonl', out: path.join(home, 'gh.jsonl') });
    expect(await scanPaths([home], [pem, pemFragment(pem), ...jwts, ...issued])).toEqual([]);
  });

  it('a wrong installation ID is explained with GitHub\'s message and what to check', async () => {
    const key = await testKeyPair('RS256', 'unused');
    const gh = await startGitHub(key.publicKey, new Set(), []);
    servers.push(gh);
    const p = await engine.createProfile({ name: 'gh-wrong', clientType: 'confidential', auth: appProfile(gh.url, '999'), secrets: { private_key: key.pkcs8 } });
    await expect(engine.send({ profileId: p.id, url: `${gh.url}/x` })).rejects.toMatchObject({
      code: 'auth_failed',
      message: expect.stringMatching(/HTTP 404: Not Found for installation 999\. .*installation ID/),
    });
  });
});
