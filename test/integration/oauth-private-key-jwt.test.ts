import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { ClientMetadata } from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover } from '../../electron/engine/oauth/discovery';
import { TokenManager } from '../../electron/engine/oauth/token-manager';
import { RedactorCache } from '../../electron/engine/redaction';
import { Vault } from '../../electron/engine/vault';
import { oauthConfigSchema, type SigningAlg } from '../../shared/oauth';
import { testKeyPair, traditionalPem } from '../helpers/keys';
import { realKeychain } from '../helpers/keyring';
import { OIDC_CLIENTS, startOidcProvider } from '../helpers/oidc';

/** One private_key_jwt client per algorithm, registered with the public key the test generated (jwks). */
const ALGS = ['RS256', 'ES256', 'PS256'] as const;
let keys: Record<SigningAlg, Awaited<ReturnType<typeof testKeyPair>>>;
let op: Awaited<ReturnType<typeof startOidcProvider>>;
let tokenEndpoint: string;
let revocationEndpoint: string;

beforeAll(async () => {
  keys = Object.fromEntries(await Promise.all(ALGS.map(async (alg) => [alg, await testKeyPair(alg, `kid-${alg}`)]))) as typeof keys;
  const clients: ClientMetadata[] = ALGS.map((alg) => ({
    client_id: `pkjwt-${alg}`,
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: alg,
    jwks: { keys: [keys[alg].jwk] },
    grant_types: ['client_credentials'],
    redirect_uris: [],
    response_types: [],
  }));
  op = await startOidcProvider(clients);
  const m = await discover(op.issuer);
  expect(m.tokenEndpointAuthMethods).toContain('private_key_jwt');
  tokenEndpoint = m.tokenEndpoint!;
  revocationEndpoint = m.revocationEndpoint!;
});
afterAll(() => op.close());

const introspect = async (token: string) => {
  const res = await fetch(tokenEndpoint.replace('/token', '/token/introspection'), {
    method: 'POST',
    headers: { Authorization: `Basic ${Buffer.from(`svc:${encodeURIComponent(OIDC_CLIENTS.service.client_secret)}`).toString('base64')}` },
    body: new URLSearchParams({ token }),
  });
  return (await res.json()) as { active: boolean; client_id?: string };
};

const profile = (alg: SigningAlg, privateKey: string) => ({
  id: `pkjwt-${alg}`,
  name: `pkjwt ${alg}`,
  config: oauthConfigSchema.parse({
    scheme: 'oauth2',
    grant: 'client_credentials',
    issuer: op.issuer,
    tokenEndpoint,
    revocationEndpoint,
    clientId: `pkjwt-${alg}`,
    tokenEndpointAuthMethod: 'private_key_jwt',
    signingAlg: alg,
    keyId: `kid-${alg}`,
    scope: 'api:read',
  }),
  clientSecret: null,
  privateKey,
});

describe('private_key_jwt client authentication against oidc-provider (RFC 7523 §2.2, OIDC Core §9)', () => {
  it.each([
    ['RS256', 'PKCS#8'],
    ['ES256', 'SEC1 (EC PRIVATE KEY)'],
    ['PS256', 'PKCS#1 (RSA PRIVATE KEY)'],
  ] as const)('client credentials with %s and a %s key, then revocation with a fresh assertion', async (alg, form) => {
    const learnt: string[] = [];
    const secrets = new (class extends RedactorCache {
      override learn(values: readonly string[]): void {
        learnt.push(...values);
        super.learn(values);
      }
    })();
    const tm = new TokenManager(new Vault(realKeychain()), Date.now, secrets);
    const pem = form === 'PKCS#8' ? keys[alg].pkcs8 : traditionalPem(keys[alg].pkcs8);
    const p = profile(alg, pem);
    const got = await tm.get(p);
    expect(got.source).toBe('fetched');
    expect(got.steps[0]!.detail).toContain(`private_key_jwt (${alg} client assertion`);
    expect(await introspect(got.tokens.accessToken)).toMatchObject({ active: true, client_id: `pkjwt-${alg}` });

    const [assertion] = learnt.filter((v) => v.split('.').length === 3 && decodeProtectedHeader(v).alg === alg);
    expect(decodeProtectedHeader(assertion!)).toMatchObject({ alg, kid: `kid-${alg}`, typ: 'JWT' });
    const claims = decodeJwt(assertion!);
    expect(claims).toMatchObject({ iss: `pkjwt-${alg}`, sub: `pkjwt-${alg}`, aud: tokenEndpoint });
    expect(claims.exp! - claims.iat!).toBe(60);
    expect(claims.jti).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const notes = await tm.revoke(p);
    expect(notes.join(' ')).toMatch(/access_token revoked/);
    expect((await introspect(got.tokens.accessToken)).active).toBe(false);
    const assertions = learnt.filter((v) => v.split('.').length === 3 && decodeProtectedHeader(v).kid === `kid-${alg}`);
    expect(new Set(assertions.map((a) => decodeJwt(a).jti)).size).toBe(2); // one per request: replay detection passes
  });

  it('a key the server does not hold is explained as invalid_client with what to check', async () => {
    const stranger = await testKeyPair('RS256', 'kid-RS256');
    const tm = new TokenManager(new Vault(realKeychain()), Date.now, new RedactorCache());
    await expect(tm.get(profile('RS256', stranger.pkcs8))).rejects.toThrow(/invalid_client.*client assertion.*public key/);
  });

  it('a key that cannot sign the configured algorithm is refused before any request', async () => {
    const tm = new TokenManager(new Vault(realKeychain()), Date.now, new RedactorCache());
    await expect(tm.get(profile('ES256', keys.RS256.pkcs8))).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/an RSA key, which cannot sign ES256/) });
  });
});
