import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover } from '../../electron/engine/oauth/discovery';
import { TokenManager } from '../../electron/engine/oauth/token-manager';
import { RedactorCache } from '../../electron/engine/redaction';
import { Vault } from '../../electron/engine/vault';
import { oauthConfigSchema } from '../../shared/oauth';
import { realKeychain } from '../helpers/keyring';
import { OIDC_CLIENTS, startOidcProvider } from '../helpers/oidc';
import { testDeps } from '../helpers/oauth';
import { actAsUser } from '../helpers/oidc-user';

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
    const tm = new TokenManager(new Vault(realKeychain()), Date.now, new RedactorCache());
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
    const tm = new TokenManager(new Vault(realKeychain()), Date.now, new RedactorCache());
    const config = oauthConfigSchema.parse({ scheme: 'oauth2', grant: 'client_credentials', tokenEndpoint: m.tokenEndpoint, clientId: 'svc' });
    await expect(tm.get({ id: 'oidc-bad', name: 'bad', config, clientSecret: 'nope' })).rejects.toThrow(/invalid_client.*client_secret_basic/);
  });
});

describe('authorization code + PKCE and refresh rotation against oidc-provider', () => {
  it('signs in as a user, then refreshes with rotation; the old refresh token stops working', async () => {
    const m = await discover(op.issuer);
    let now = Date.now();
    const vault = new Vault(realKeychain());
    const tm = new TokenManager(vault, () => now, new RedactorCache());
    const config = oauthConfigSchema.parse({
      scheme: 'oauth2',
      grant: 'authorization_code',
      issuer: op.issuer,
      authorizationEndpoint: m.authorizationEndpoint,
      tokenEndpoint: m.tokenEndpoint,
      revocationEndpoint: m.revocationEndpoint,
      clientId: 'desktop',
      tokenEndpointAuthMethod: 'none',
      requireIss: m.requireIss,
      scope: 'openid offline_access',
    });
    const p = { id: `oidc-code-${Date.now()}`, name: 'oidc-code', config, clientSecret: null };
    let authUrl = '';
    const first = await tm.get(p, testDeps(async (url) => {
      authUrl = url;
      await fetch(await actAsUser(url));
    }));
    expect(new URL(authUrl).searchParams.get('prompt')).toBe('consent');
    expect(first.tokens.refreshToken).toBeTruthy();
    now += 3600_000;
    const second = await tm.get(p);
    expect(second.source).toBe('refreshed');
    expect(second.tokens.refreshToken).not.toBe(first.tokens.refreshToken);
    const replay = await fetch(m.tokenEndpoint!, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: first.tokens.refreshToken!, client_id: 'desktop' }) });
    expect(((await replay.json()) as { error: string }).error).toBe('invalid_grant');
    await tm.drop(p.id);
  });
});

describe('device flow against oidc-provider (RFC 8628)', () => {
  it('shows the user code, polls at the interval, and gets tokens once the user approves on the verification page', async () => {
    const m = await discover(op.issuer);
    const tm = new TokenManager(new Vault(realKeychain()), Date.now, new RedactorCache());
    const config = oauthConfigSchema.parse({
      scheme: 'oauth2',
      grant: 'device_code',
      issuer: op.issuer,
      tokenEndpoint: m.tokenEndpoint,
      deviceAuthorizationEndpoint: m.deviceAuthorizationEndpoint,
      clientId: 'desktop',
      tokenEndpointAuthMethod: 'none',
      scope: 'openid',
    });
    const p = { id: `oidc-device-${Date.now()}`, name: 'oidc-device', config, clientSecret: null };
    let approved: Promise<string> | null = null;
    const deps = testDeps(async () => undefined, {
      timeoutMs: 30_000,
      onProgress: (s) => {
        if (s.step === 'device_code') {
          expect(s.userCode).toMatch(/\S{4,}/);
          approved = actAsUser(s.verificationUriComplete ?? `${s.verificationUri}?user_code=${encodeURIComponent(s.userCode)}`, { stopAt: () => false });
        }
      },
    });
    const got = await tm.get(p, deps);
    expect(approved).not.toBeNull();
    await approved;
    expect(got.tokens.accessToken).toBeTruthy();
    expect(got.source).toBe('fetched');
    await tm.drop(p.id);
  }, 40_000);
});
