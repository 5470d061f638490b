import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover } from '../../electron/engine/oauth/discovery';
import { TokenManager } from '../../electron/engine/oauth/token-manager';
import { Vault } from '../../electron/engine/vault';
import { oauthConfigSchema } from '../../shared/oauth';
import { realKeychain } from '../helpers/keyring';
import { OIDC_CLIENTS, startOidcProvider } from '../helpers/oidc';

let op: Awaited<ReturnType<typeof startOidcProvider>>;
beforeAll(async () => {
  op = await startOidcProvider();
});
afterAll(() => op.close());

const introspect = async (token: string) => {
  const m = await discover(op.issuer);
  const res = await fetch(m.tokenEndpoint!.replace('/token', '/token/introspection'), {
    method: 'POST',
    headers: { Authorization: `Basic ${Buffer.from(`svc:${encodeURIComponent(OIDC_CLIENTS.service.client_secret)}`).toString('base64')}` },
    body: new URLSearchParams({ token }),
  });
  return (await res.json()) as { active: boolean };
};

describe('against a real OpenID provider (oidc-provider)', () => {
  it('discovers endpoints via OpenID Connect discovery and checks the issuer', async () => {
    const m = await discover(op.issuer);
    expect(m.source).toMatch(/\/\.well-known\/(oauth-authorization-server|openid-configuration)$/);
    expect(m.tokenEndpoint).toMatch(/\/token$/);
    expect(m.revocationEndpoint).toMatch(/revocation$/);
    await expect(discover(`${op.issuer}/`)).rejects.toThrow(/RFC 8414 §3.3/);
  });

  it.each([
    ['client_secret_basic (form-encoded id and a secret with space : + / = & # %)', OIDC_CLIENTS.service, 'client_secret_basic' as const],
    ['client_secret_post', OIDC_CLIENTS.postService, 'client_secret_post' as const],
  ])('client credentials with %s, then revocation', async (_l, client, method) => {
    const m = await discover(op.issuer);
    const tm = new TokenManager(new Vault(realKeychain()), Date.now, () => undefined);
    const config = oauthConfigSchema.parse({
      scheme: 'oauth2',
      grant: 'client_credentials',
      issuer: op.issuer,
      tokenEndpoint: m.tokenEndpoint,
      revocationEndpoint: m.revocationEndpoint,
      clientId: client.client_id,
      tokenEndpointAuthMethod: method,
      scope: 'api:read',
    });
    const p = { id: `oidc-${method}`, name: 'oidc', config, clientSecret: client.client_secret };
    const got = await tm.get(p);
    expect(got.source).toBe('fetched');
    expect(got.tokens.tokenType).toBe('Bearer');
    expect(got.tokens.expiresAt).toBeGreaterThan(Date.now());
    expect(got.warnings).toEqual([]);
    expect((await introspect(got.tokens.accessToken)).active).toBe(true);
    const notes = await tm.revoke(p);
    expect(notes.join(' ')).toMatch(/access_token revoked/);
    expect((await introspect(got.tokens.accessToken)).active).toBe(false);
    expect((await tm.get(p)).source).toBe('fetched'); // local copy was dropped
  });

  it('a wrong client secret is explained as invalid_client', async () => {
    const m = await discover(op.issuer);
    const tm = new TokenManager(new Vault(realKeychain()), Date.now, () => undefined);
    const config = oauthConfigSchema.parse({ scheme: 'oauth2', grant: 'client_credentials', tokenEndpoint: m.tokenEndpoint, clientId: 'svc' });
    await expect(tm.get({ id: 'oidc-bad', name: 'bad', config, clientSecret: 'nope' })).rejects.toThrow(/invalid_client.*client_secret_basic/);
  });
});
