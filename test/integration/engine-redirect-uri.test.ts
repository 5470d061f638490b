import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYCHAIN_SERVICE } from '../../electron/engine/keychain';
import { oauthConfigSchema, type OAuthConfig } from '../../shared/oauth';
import { realKeychain } from '../helpers/keyring';
import { openTestEngine, type TestEngine } from '../helpers/test-engine';

/**
 * A fixed OAuth redirect URI must be one a desktop client can listen on (RFC 8252 §7.3): refused when a profile is
 * created or edited, in the words the sign-in uses, with nothing saved (no file, no keychain entry) — not at the
 * first sign-in.
 */

const RULE = 'A redirect URI for a desktop client must be http://127.0.0.1, http://[::1] or http://localhost, spelled so, with a port 1–65535 (RFC 8252 §7.3), e.g. http://127.0.0.1:8400/callback.';
const SECRET = 'redirect-test-secret-Q7v#2';
let t: TestEngine;

const auth = (redirectUri?: string): OAuthConfig =>
  oauthConfigSchema.parse({ scheme: 'oauth2', grant: 'authorization_code', authorizationEndpoint: 'https://as.example/authorize', tokenEndpoint: 'https://as.example/token', clientId: 'app', tokenEndpointAuthMethod: 'client_secret_basic', redirectUri });
const keychainHolds = async (value: string) => (await realKeychain().findCredentials(KEYCHAIN_SERVICE)).some((c) => c.password.includes(value));

beforeAll(async () => {
  t = await openTestEngine('redirect-uri');
});
afterAll(() => t.dispose());

describe('OAuth redirect URI checked at creation and edit', () => {
  it.each(['https://evil.example/cb', 'http://evil.example:8080/cb', 'http://127.0.0.1:8080/cb#frag', 'http://user:pw@127.0.0.1:8080/cb', 'http://127.0.0.1:0/cb', 'http://127.0.0.1/cb', 'http://0x7f.0.0.1:45123/cb', 'http://2130706433/cb', 'http://127.1/cb'])('create refuses %s: nothing saved', async (uri) => {
    await expect(t.engine.createProfile({ name: `bad-${uri.length}`, clientType: 'confidential', auth: auth(uri), secrets: { client_secret: SECRET } })).rejects.toMatchObject({ code: 'invalid_request', message: RULE });
    expect((await t.engine.listProfiles()).profiles).toEqual([]);
    expect(await readdir(path.join(t.home, 'profiles')).catch(() => [])).toEqual([]);
    expect(await keychainHolds(SECRET)).toBe(false);
  });

  it.each(['http://127.0.0.1:8765/callback', 'http://[::1]:8765/cb', 'http://localhost:10000/callback'])('create accepts the loopback %s', async (uri) => {
    const view = await t.engine.createProfile({ name: `ok-${uri.length}`, clientType: 'confidential', auth: auth(uri), secrets: { client_secret: SECRET } });
    expect(view.auth).toMatchObject({ redirectUri: uri });
    await t.engine.removeProfile(view.id);
  });

  it('edit refuses a non-loopback redirect URI and leaves the profile as it was', async () => {
    const view = await t.engine.createProfile({ name: 'edit-me', clientType: 'confidential', auth: auth('http://127.0.0.1:8765/callback'), secrets: { client_secret: SECRET } });
    await expect(t.engine.updateProfile(view.id, { auth: auth('https://evil.example/cb') })).rejects.toMatchObject({ code: 'invalid_request', message: RULE });
    expect((await t.engine.getProfile(view.id)).auth).toMatchObject({ redirectUri: 'http://127.0.0.1:8765/callback' });
    await t.engine.removeProfile(view.id);
  });
});
