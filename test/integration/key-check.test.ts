import { createPrivateKey } from 'node:crypto';
import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/engine/dispatch';
import { Engine } from '../../electron/engine/engine';
import type { SecretStore } from '../../electron/engine/keychain';
import type { ProfileView, Result } from '../../shared/contract';
import { oauthConfigSchema } from '../../shared/oauth';
import { realKeychain } from '../helpers/keyring';
import { testKeyPair } from '../helpers/keys';
import { mtlsMaterial, type MtlsMaterial } from '../helpers/tls';

/**
 * The engine refuses key material that cannot work before anything is saved, on the app's path (the IPC dispatcher):
 * no keychain write, no profile file, a readable message that names the problem and never the key.
 */

/** The real keychain, with every profile entry written through it recorded (the per-install key is not a profile's). */
function recordingKeychain(): { store: SecretStore; writes: string[] } {
  const real = realKeychain();
  const writes: string[] = [];
  const store: SecretStore = {
    backend: real.backend,
    setPassword: async (service, account, password) => {
      if (account.startsWith('profile/')) writes.push(account);
      await real.setPassword(service, account, password);
    },
    getPassword: (service, account) => real.getPassword(service, account),
    deletePassword: (service, account) => real.deletePassword(service, account),
    findCredentials: (service) => real.findCredentials(service),
    checkUnlocked: (service) => real.checkUnlocked(service),
  };
  return { store, writes };
}

let m: MtlsMaterial;
let home: string;
let engine: Engine;
let keychain: ReturnType<typeof recordingKeychain>;
let dispatch: ReturnType<typeof createDispatcher>;
let ecKey: string;
let rsaKey: string;

beforeAll(async () => {
  m = mtlsMaterial();
  [ecKey, rsaKey] = await Promise.all([testKeyPair('ES256', 'ec').then((k) => k.pkcs8), testKeyPair('RS256', 'rsa').then((k) => k.pkcs8)]);
  home = await mkdtemp(path.join(os.tmpdir(), 'authdesk-keycheck-'));
  keychain = recordingKeychain();
  engine = await Engine.open({ home, secretStore: keychain.store, env: {} });
  dispatch = createDispatcher(engine, { chooseExportPath: async () => null, emit: () => undefined, openExternal: async () => undefined });
}, 60_000);
afterAll(async () => {
  for (const p of (await engine.listProfiles()).profiles) await engine.removeProfile(p.id);
  await engine.close();
});

const profileFiles = async () => (await readdir(path.join(home, 'profiles')).catch(() => [])).filter((f) => f.endsWith('.json'));
const mtlsPem = (cert = m.clientCert) => ({ scheme: 'mtls', format: 'pem', certificatePem: cert }) as const;
const tokenEndpoint = { scheme: 'oauth2', grant: 'client_credentials', tokenEndpoint: 'https://auth.example.test/token', clientId: 'svc' } as const;
const encryptedEc = () => createPrivateKey(ecKey).export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'jwt-pass-1' }).toString();

describe('profiles.create refuses key material that cannot work, and saves nothing', () => {
  it('each bad key or passphrase: invalid_request with the fix, no keychain write, no profile file', async () => {
    const cases: [string, unknown, Record<string, string>, string][] = [
      ['wrong passphrase', mtlsPem(), { client_key: m.clientKeyEncrypted, client_key_passphrase: 'not the passphrase' }, 'The passphrase does not decrypt the client private key: check it. Nothing was saved.'],
      ['encrypted key, no passphrase', mtlsPem(), { client_key: m.clientKeyEncrypted, client_key_passphrase: '' }, 'The client private key is encrypted: give its passphrase in the Passphrase field. Nothing was saved.'],
      ['key of another certificate', mtlsPem(), { client_key: m.strangerKey, client_key_passphrase: '' }, 'The client private key does not belong to the client certificate: give the key the certificate was issued for. Nothing was saved.'],
      [
        'tls_client_auth key of another certificate',
        { ...tokenEndpoint, tokenEndpointAuthMethod: 'tls_client_auth', clientCertificate: { format: 'pem', certificatePem: m.clientCert } },
        { client_key: m.strangerKey, client_key_passphrase: '' },
        'The client private key does not belong to the client certificate: give the key the certificate was issued for. Nothing was saved.',
      ],
      [
        'PKCS#12 with the legacy encryption (RC2/3DES)',
        { scheme: 'mtls', format: 'pkcs12' },
        { client_pkcs12: m.clientPkcs12LegacyBase64, client_key_passphrase: m.passphrase },
        'The PKCS#12 bundle uses a legacy encryption (RC2 or 3DES, as made by openssl pkcs12 -export -legacy or older tools) that this runtime (OpenSSL 3) does not support. Export it again without -legacy, which encrypts with AES-256-CBC (for example: openssl pkcs12 -legacy -in OLD.p12 -nodes -out both.pem, then openssl pkcs12 -export -in both.pem -out NEW.p12, then delete both.pem), or give the certificate and private key as PEM files. Nothing was saved.',
      ],
      ['PKCS#12, wrong passphrase', { scheme: 'mtls', format: 'pkcs12' }, { client_pkcs12: m.clientPkcs12Base64, client_key_passphrase: 'not the passphrase' }, 'The passphrase does not decrypt the PKCS#12 bundle: check it. Nothing was saved.'],
      [
        'private_key_jwt, EC key for RS256',
        { ...tokenEndpoint, tokenEndpointAuthMethod: 'private_key_jwt' },
        { private_key: ecKey },
        'The private key is an EC key on prime256v1, which cannot sign RS256 (RFC 7518 §3.1: RS256 and PS256 need RSA, ES256 needs EC P-256): choose the signing algorithm that fits the key, or another key. Nothing was saved.',
      ],
      [
        'private_key_jwt, encrypted key',
        { ...tokenEndpoint, tokenEndpointAuthMethod: 'private_key_jwt', signingAlg: 'ES256' },
        { private_key: encryptedEc() },
        'The private key is encrypted with a passphrase, which JWT signing keys cannot have here: save the unencrypted PEM (openssl pkcs8 -topk8 -nocrypt). Nothing was saved.',
      ],
      ['private_key_jwt, not PEM', { ...tokenEndpoint, tokenEndpointAuthMethod: 'private_key_jwt' }, { private_key: 'just-some-text-1234' }, 'The private key could not be read ('],
      [
        'GitHub App, EC key',
        { scheme: 'oauth2', grant: 'github_app', appId: '12345', installationId: '678' },
        { private_key: ecKey },
        "The private key is an EC key on prime256v1, which cannot sign RS256 (RFC 7518 §3.1: RS256 and PS256 need RSA, ES256 needs EC P-256): GitHub App JWTs are RS256: give the App's RSA private key (the .pem from its settings). Nothing was saved.",
      ],
    ];
    for (const [what, auth, secrets, message] of cases) {
      const r = await dispatch('profiles.create', { name: 'bad-key', clientType: 'confidential', auth, secrets });
      expect(r.ok, what).toBe(false);
      const error = (r as Extract<Result<unknown>, { ok: false }>).error;
      expect({ what, code: error.code, message: error.message.startsWith(message) }, error.message).toEqual({ what, code: 'invalid_request', message: true });
      expect(error.message).toMatch(/ Nothing was saved\.$/);
      for (const secret of Object.values(secrets).filter((s) => s.length > 3)) expect(error.message).not.toContain(secret);
    }
    expect(keychain.writes).toEqual([]);
    expect(await profileFiles()).toEqual([]);
    expect((await engine.listProfiles()).profiles).toEqual([]);
  });

  it('a wrong passphrase whose garbage passes the padding check (about 1 in 256) is still named as the passphrase', async () => {
    // Find such a passphrase for this key: the decrypted bytes then fail as an unreadable key, not as BAD_DECRYPT.
    let odd: string | null = null;
    for (let i = 0; i < 5000 && odd === null; i++) {
      try {
        createPrivateKey({ key: m.clientKeyEncrypted, format: 'pem', passphrase: `wrong-${i}` });
      } catch (e) {
        if ((e as { code?: string }).code !== 'ERR_OSSL_BAD_DECRYPT') odd = `wrong-${i}`;
      }
    }
    expect(odd, 'no passphrase in 5000 got past the padding check').not.toBeNull();
    const r = await dispatch('profiles.create', { name: 'bad-key', clientType: 'confidential', auth: mtlsPem(), secrets: { client_key: m.clientKeyEncrypted, client_key_passphrase: odd! } });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_request', message: 'The passphrase does not decrypt the client private key: check it. Nothing was saved.' } });
    expect(keychain.writes).toEqual([]);
  });

  it('a slot that comes from an environment variable is not checked (it is read at send time)', async () => {
    const view = await engine.createProfile({ name: 'env-key', clientType: 'confidential', auth: mtlsPem(), secrets: { client_key_passphrase: 'whatever' }, secretEnv: { client_key: 'CLIENT_KEY' } });
    expect(view.secrets.map((s) => [s.slot, s.source])).toEqual([['client_key', 'env'], ['client_key_passphrase', 'keychain']]);
    await engine.removeProfile(view.id);
    keychain.writes.length = 0;
  });
});

describe('secrets.replace checks new key material with the saved slots it works with', () => {
  it('refuses a wrong passphrase for the saved key and a key the saved passphrase does not open; keeps the working pair', async () => {
    const mtls = (await engine.createProfile({ name: 'mtls', clientType: 'confidential', auth: mtlsPem(), secrets: { client_key: m.clientKeyEncrypted, client_key_passphrase: m.passphrase } })).id;
    const jwtAuth = oauthConfigSchema.parse({ ...tokenEndpoint, tokenEndpointAuthMethod: 'private_key_jwt' });
    const jwt = (await engine.createProfile({ name: 'jwt', clientType: 'confidential', auth: jwtAuth, secrets: { private_key: rsaKey } })).id;
    keychain.writes.length = 0;
    const refused = async (profileId: string, secrets: Record<string, string>) => {
      const r = await dispatch('secrets.replace', { profileId, secrets });
      expect(r.ok).toBe(false);
      return (r as Extract<Result<unknown>, { ok: false }>).error;
    };
    expect(await refused(mtls, { client_key_passphrase: 'not the passphrase' })).toEqual({ code: 'invalid_request', message: 'The passphrase does not decrypt the client private key: check it. Nothing was saved.' });
    expect((await refused(mtls, { client_key: m.clientKey.replace('PRIVATE', 'PUBLIC') })).message).toMatch(/^The client private key could not be read \(.*\. Nothing was saved\.$/);
    expect((await refused(mtls, { client_key: m.strangerKey, client_key_passphrase: '' })).message).toMatch(/does not belong to the client certificate/);
    expect((await refused(jwt, { private_key: ecKey })).message).toMatch(/^The private key is an EC key on prime256v1, which cannot sign RS256/);
    expect(keychain.writes).toEqual([]);

    // A new unencrypted key with an empty passphrase, together: accepted, and sending will open it.
    const replaced = await dispatch('secrets.replace', { profileId: mtls, secrets: { client_key: m.clientKey, client_key_passphrase: '' } });
    expect(replaced.ok).toBe(true);
    expect((replaced as { value: ProfileView }).value.secrets.every((s) => s.saved)).toBe(true);
    expect(keychain.writes).toHaveLength(2);
  });
});
