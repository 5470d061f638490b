import { X509Certificate } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/engine';
import type { InteractiveDeps } from '../../electron/engine/oauth/authorization-code';
import { discover } from '../../electron/engine/oauth/discovery';
import { TokenManager, type OAuthProfile } from '../../electron/engine/oauth/token-manager';
import { RedactorCache } from '../../electron/engine/redaction';
import { Vault } from '../../electron/engine/vault';
import type { ClientTls } from '../../shared/client-cert';
import { endpointsToUse } from '../../shared/mtls-aliases';
import { oauthConfigSchema } from '../../shared/oauth';
import { realKeychain } from '../helpers/keyring';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { startMtlsAuthServer, type MtlsAuthServer } from '../helpers/mtls-as';
import { mtlsMaterial, type MtlsMaterial } from '../helpers/tls';

/** RFC 8705 mutual-TLS client authentication at the token, device authorization and revocation endpoints. */

let m: MtlsMaterial;
let as: MtlsAuthServer;

beforeAll(async () => {
  m = mtlsMaterial();
  as = await startMtlsAuthServer(m, {
    'ca-client': { method: 'tls_client_auth', match: 'authdesk-client' },
    'self-client': { method: 'self_signed_tls_client_auth', match: new X509Certificate(m.strangerCert).fingerprint256 },
  });
});
afterAll(() => as.close());

type Method = 'tls_client_auth' | 'self_signed_tls_client_auth';

const pemTls = (cert: string, key: string, passphrase = ''): ClientTls => ({ certPem: cert, keyPem: key, passphrase, caPem: m.caCert });

/** An OAuth profile as the token manager sees it, with the certificate the resolver would pass from the keychain. */
function profile(clientId: string, method: Method, clientTls: ClientTls | null, over: Record<string, unknown> = {}): OAuthProfile {
  const config = oauthConfigSchema.parse({
    scheme: 'oauth2',
    grant: 'client_credentials',
    tokenEndpoint: `${as.url}/token`,
    revocationEndpoint: `${as.url}/revoke`,
    clientId,
    tokenEndpointAuthMethod: method,
    clientCertificate: { format: 'pem', certificatePem: clientTls?.certPem ?? m.clientCert, caPem: m.caCert },
    ...over,
  });
  return { id: `p-${clientId}-${Math.random()}`, name: clientId, config, clientSecret: null, clientTls };
}

describe('tls_client_auth and self_signed_tls_client_auth (RFC 8705 §2)', () => {
  it('discovery prefers the mtls_endpoint_aliases for a client doing mutual TLS (§5), not for others', async () => {
    const found = await discover(as.issuer);
    expect(found.mtlsEndpointAliases).toEqual({ tokenEndpoint: `${as.url}/token`, revocationEndpoint: `${as.url}/revoke`, deviceAuthorizationEndpoint: `${as.url}/device` });
    expect(endpointsToUse(found, true)).toMatchObject({ tokenEndpoint: `${as.url}/token`, revocationEndpoint: `${as.url}/revoke` });
    expect(endpointsToUse(found, false)).toMatchObject({ tokenEndpoint: `${as.issuer}/token-without-mtls`, revocationEndpoint: `${as.issuer}/revoke-without-mtls` });
  });

  it('client credentials (again at expiry: its refresh token is not kept, RFC 6749 §4.4.3) and revocation present the certificate (encrypted PEM key); client_id in the body, no secret', async () => {
    let now = Date.now();
    const tm = new TokenManager(new Vault(realKeychain()), () => now, new RedactorCache());
    const p = profile('ca-client', 'tls_client_auth', pemTls(m.clientCert, m.clientKeyEncrypted, m.passphrase));
    const from = as.seen.length;
    const got = await tm.get(p);
    expect(got.steps[0]!.detail).toMatch(/fetched with client_credentials \(tls_client_auth \(client certificate in the TLS handshake, RFC 8705 §2\.1\)\)/);
    now += 61_000;
    expect(got.tokens.refreshToken).toBeNull();
    expect(got.steps[1]).toEqual({ kind: 'note', detail: 'the server also issued a refresh token; not kept: this grant runs again when the access token expires (RFC 6749 §4.4.3)' });
    const again = await tm.get(p);
    expect(again.source).toBe('fetched');
    expect(again.tokens.accessToken).not.toBe(got.tokens.accessToken);
    const notes = await tm.revoke(p);
    expect(notes).toEqual([expect.stringMatching(/^access_token revoked at /)]);
    const requests = as.seen.slice(from);
    expect(requests.map((r) => [r.path, r.form.grant_type ?? r.form.token_type_hint])).toEqual([
      ['/token', 'client_credentials'],
      ['/token', 'client_credentials'],
      ['/revoke', 'access_token'],
    ]);
    for (const r of requests) {
      expect(r.clientId).toBe('ca-client');
      expect(r.authorization).toBe(false);
      expect(r.form).not.toHaveProperty('client_secret');
      expect(r.form).not.toHaveProperty('client_assertion');
    }
  });

  it('self_signed_tls_client_auth with the registered self-signed certificate: device flow and authorization code', async () => {
    const tm = new TokenManager(new Vault(realKeychain()), Date.now, new RedactorCache());
    const deps: InteractiveDeps & { sleep: () => Promise<void> } = {
      openBrowser: async (url) => {
        const q = new URL(url).searchParams;
        await fetch(`${q.get('redirect_uri')}?code=the-code&state=${q.get('state')}`);
      },
      onProgress: () => undefined,
      learn: () => undefined,
      now: Date.now,
      timeoutMs: 10_000,
      sleep: async () => undefined,
    };
    const self = pemTls(m.strangerCert, m.strangerKey);
    const device = profile('self-client', 'self_signed_tls_client_auth', self, { grant: 'device_code', deviceAuthorizationEndpoint: `${as.url}/device` });
    expect((await tm.get(device, deps)).steps.at(-1)!.detail).toContain('self_signed_tls_client_auth (self-signed client certificate');
    const code = profile('self-client', 'self_signed_tls_client_auth', self, { grant: 'authorization_code', authorizationEndpoint: `${as.url}/authorize` });
    expect((await tm.get(code, deps)).source).toBe('fetched');
    expect(as.seen.filter((r) => r.clientId === 'self-client').map((r) => r.path)).toEqual(['/device', '/token', '/token']);
  });

  it('a certificate not registered for the client is explained as invalid_client with what to check', async () => {
    const tm = new TokenManager(new Vault(realKeychain()), Date.now, new RedactorCache());
    const stranger = profile('ca-client', 'tls_client_auth', pemTls(m.strangerCert, m.strangerKey));
    await expect(tm.get(stranger)).rejects.toMatchObject({
      code: 'auth_failed',
      message: expect.stringMatching(/^invalid_client: client certificate not accepted .*did not accept the client certificate for this client_id \(tls_client_auth.*subject DN or SAN/),
    });
  });

  it('without the certificate material the token request is not sent', async () => {
    const tm = new TokenManager(new Vault(realKeychain()), Date.now, new RedactorCache());
    const before = as.seen.length;
    await expect(tm.get(profile('ca-client', 'tls_client_auth', null))).rejects.toMatchObject({ code: 'secret_missing', message: expect.stringContaining('tls_client_auth needs the client certificate') });
    expect(as.seen.length).toBe(before);
  });

  it('a wrong passphrase is explained without the passphrase', async () => {
    const tm = new TokenManager(new Vault(realKeychain()), Date.now, new RedactorCache());
    const err = await tm.get(profile('ca-client', 'tls_client_auth', pemTls(m.clientCert, m.clientKeyEncrypted, 'wrong-passphrase-1'))).catch((e: Error) => e);
    expect(err).toMatchObject({ message: expect.stringMatching(/^The OAuth endpoint at https:\/\/127\.0\.0\.1:\d+: The client private key .*could not be decrypted: check its passphrase/) });
    expect(findLeaks(String(err), ['wrong-passphrase-1', m.passphrase])).toEqual([]);
  });
});

describe('a token endpoint that refuses in the TLS handshake', () => {
  let strict: https.Server;
  let tokenEndpoint: string;
  beforeAll(async () => {
    strict = https.createServer({ key: m.serverKey, cert: m.serverCert, ca: m.caCert, requestCert: true, rejectUnauthorized: true }, (_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => strict.listen(0, '127.0.0.1', resolve));
    tokenEndpoint = `https://127.0.0.1:${(strict.address() as AddressInfo).port}/token`;
  });
  afterAll(async () => {
    strict.closeAllConnections();
    await new Promise((resolve) => strict.close(resolve));
  });

  it('a missing certificate says one is required and how to present it', async () => {
    const tm = new TokenManager(new Vault(realKeychain()), Date.now, new RedactorCache());
    const config = oauthConfigSchema.parse({ scheme: 'oauth2', grant: 'client_credentials', tokenEndpoint, clientId: 'c', tokenEndpointAuthMethod: 'client_secret_post' });
    const trusted = https.globalAgent.options.ca;
    https.globalAgent.options.ca = m.caCert; // as if the OS trusted the server's CA: only the client certificate is missing
    try {
      await expect(tm.get({ id: 'no-cert', name: 'no cert', config, clientSecret: 'never-sent-secret-9' })).rejects.toMatchObject({
        message: expect.stringMatching(/requires a client certificate \(mutual TLS\) and this request offered none\. Choose tls_client_auth or self_signed_tls_client_auth/),
      });
    } finally {
      https.globalAgent.options.ca = trusted;
    }
  });

  it('a certificate from a CA it does not trust is refused, and explained', async () => {
    const tm = new TokenManager(new Vault(realKeychain()), Date.now, new RedactorCache());
    const p = profile('ca-client', 'tls_client_auth', pemTls(m.strangerCert, m.strangerKey), { tokenEndpoint });
    await expect(tm.get(p)).rejects.toMatchObject({ message: expect.stringContaining('refused the client certificate during the TLS handshake') });
  });
});

describe('tls_client_auth through the engine (real keychain)', () => {
  it('PKCS#12 and passphrase from the keychain: token and a certificate-bound API call (§3); no secret in history, profiles or files', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'authdesk-tls-client-auth-'));
    const engine = await Engine.open({ home, secretStore: realKeychain() });
    try {
      const found = await engine.discover(as.issuer);
      const p = await engine.createProfile({
        name: 'mtls client',
        clientType: 'confidential',
        auth: {
          scheme: 'oauth2',
          grant: 'client_credentials',
          issuer: as.issuer,
          tokenEndpoint: endpointsToUse(found, true).tokenEndpoint!,
          clientId: 'ca-client',
          tokenEndpointAuthMethod: 'tls_client_auth',
          clientCertificate: { format: 'pkcs12', caPem: m.caCert },
          sendRawClientCredentials: false,
          requireIss: false,
          tokenPrefix: 'Bearer',
        },
        secrets: { client_pkcs12: m.clientPkcs12Base64, client_key_passphrase: m.passphrase },
      });
      expect(p.secrets.map((s) => s.slot)).toEqual(['client_pkcs12', 'client_key_passphrase']);
      const { entry } = await engine.send({ profileId: p.id, url: `${as.url}/api` });
      expect(entry.status).toBe(200);
      expect(entry.authSteps.map((s) => s.detail)).toEqual(
        expect.arrayContaining([expect.stringContaining('tls_client_auth'), 'Client certificate offered in the TLS handshake (RFC 8705 §3: certificate-bound tokens)']),
      );
      const secrets = [m.clientPkcs12Base64, m.passphrase];
      expect(findLeaks(JSON.stringify([entry, engine.getHistory(entry.id), await engine.listProfiles()]), secrets)).toEqual([]);
      await engine.exportLog({ format: 'har', out: path.join(home, 'log.har') });
      expect(await scanPaths([home], secrets)).toEqual([]);
      await engine.removeProfile(p.id);
    } finally {
      await engine.close();
    }
  });
});
