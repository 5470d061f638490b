import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/engine';
import { KEYCHAIN_SERVICE } from '../../electron/engine/keychain';
import { realKeychain } from '../helpers/keyring';
import { startServer } from '../helpers/servers';

describe('profile editing, verification and failure explanations', () => {
  let engine: Engine;
  let base: string;
  beforeEach(async () => {
    engine = await Engine.open({ home: await mkdtemp(path.join(os.tmpdir(), 'authdesk-ops-')), secretStore: realKeychain() });
    base = (await engine.startSandbox()).baseUrl;
  });
  afterEach(async () => {
    for (const p of (await engine.listProfiles()).profiles) await engine.removeProfile(p.id);
    await engine.close();
  });

  it('updates non-secret settings, refuses a scheme change that needs other secrets, and keeps names unique', async () => {
    const a = await engine.createProfile({ name: 'a', clientType: 'confidential', auth: { scheme: 'bearer', prefix: 'Bearer' }, secrets: { token: 'demo-bearer-token-7f3a91' } });
    await engine.createProfile({ name: 'b', clientType: 'confidential', auth: { scheme: 'bearer', prefix: 'Bearer' }, secrets: { token: 'other-token-1' } });
    await expect(engine.updateProfile(a.id, { name: 'b' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(engine.updateProfile(a.id, { auth: { scheme: 'basic', username: 'x' } })).rejects.toThrow(/needs different secrets/);
    const updated = await engine.updateProfile(a.id, { name: 'renamed', auth: { scheme: 'bearer', prefix: 'token' }, baseUrl: base, verify: { method: 'GET', target: '/bearer' } });
    expect(updated).toMatchObject({ name: 'renamed', baseUrl: base, verify: { method: 'GET', target: '/bearer' }, auth: { prefix: 'token' } });
    expect((await engine.getProfile('renamed')).secrets[0]!.saved).toBe(true);
    // A blank secret (empty or only whitespace) is refused on create and on Replace; the saved one stays.
    const blank = { name: 'blank', clientType: 'confidential' as const, auth: { scheme: 'bearer' as const, prefix: 'Bearer' }, secrets: { token: ' \t ' } };
    await expect(engine.createProfile(blank)).rejects.toMatchObject({ code: 'invalid_request', message: 'The token cannot be empty or only whitespace.' });
    await expect(engine.replaceSecrets(a.id, { token: '   ' })).rejects.toMatchObject({ code: 'invalid_request' });
    expect((await engine.send({ profileId: a.id, url: `${base}/bearer` })).entry.requestHeaders).toContainEqual(['Authorization', 'token [REDACTED]']);
  });

  it('a profile that cannot be saved leaves no secret behind in the keychain (a bad name, a file the schema refuses)', async () => {
    const inKeychain = async (value: string) => (await realKeychain().findCredentials(KEYCHAIN_SERVICE)).filter((e) => e.password.includes(value)).length;
    const secret = 'orphan-check-token-5d21c8';
    const bad = { name: 'team/api', clientType: 'confidential' as const, auth: { scheme: 'bearer' as const, prefix: 'Bearer' }, secrets: { token: secret } };
    await expect(engine.createProfile(bad)).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/no \/ or \\/) });
    expect(await inKeychain(secret)).toBe(0);
    // The profile file refuses what only it checks (here a base URL that is not http(s)): the entries written first go.
    const second = 'orphan-check-token-9e47aa';
    await expect(engine.createProfile({ ...bad, name: 'bad-base', baseUrl: 'ftp://files.example.com', secrets: { token: second } })).rejects.toMatchObject({ code: 'invalid_request' });
    expect(await inKeychain(second)).toBe(0);
  });

  it('"Test credentials" sends the verify request and records when it last succeeded', async () => {
    const p = await engine.createProfile({ name: 'v', clientType: 'confidential', baseUrl: base, verify: { method: 'GET', target: '/bearer' }, auth: { scheme: 'bearer', prefix: 'Bearer' }, secrets: { token: 'demo-bearer-token-7f3a91' } });
    expect(p.lastVerifiedAt).toBeNull();
    const r = await engine.verifyProfile('v');
    expect(r.entry.status).toBe(200);
    expect((await engine.getProfile('v')).lastVerifiedAt).not.toBeNull();
    const none = await engine.createProfile({ name: 'nv', clientType: 'confidential', auth: { scheme: 'bearer', prefix: 'Bearer' }, secrets: { token: 'x-token-1' } });
    await expect(engine.verifyProfile(none.id)).rejects.toThrow(/has no verify request/);
  });

  it('explains a rejected bearer token from the WWW-Authenticate challenge (RFC 6750 §3.1)', async () => {
    const p = await engine.createProfile({ name: 'bad', clientType: 'confidential', auth: { scheme: 'bearer', prefix: 'Bearer' }, secrets: { token: 'expired-token-123' } });
    const r = await engine.send({ profileId: p.id, url: `${base}/bearer` });
    expect(r.entry.status).toBe(401);
    expect(r.entry.explanation).toMatchObject({ rule: expect.stringContaining('RFC 6750') });
    expect(JSON.stringify(r.entry.explanation)).toMatch(/invalid_token|expired|revoked/i);
    expect(JSON.stringify(r.entry.explanation)).not.toContain('expired-token-123');
    const ok = await engine.send({ profileId: p.id, url: `${base}/status/204` });
    expect(ok.entry.explanation).toBeNull();
  });

  it('shows the rate limit the API reported on the profile’s latest request', async () => {
    const api = await startServer((_req, res) => res.writeHead(200, { 'X-RateLimit-Limit': '5000', 'X-RateLimit-Remaining': '4999', 'Retry-After': '30' }).end('{}'));
    try {
      const p = await engine.createProfile({ name: 'rl', clientType: 'confidential', auth: { scheme: 'bearer', prefix: 'Bearer' }, secrets: { token: 'rate-token-1' } });
      expect((await engine.metrics()).profiles[0]!.rateLimit).toBeNull();
      await engine.send({ profileId: p.id, url: `${api.url}/x` });
      expect((await engine.metrics()).profiles.find((m) => m.profileId === p.id)!.rateLimit).toMatchObject({ limit: 5000, remaining: 4999, retryAfterS: 30 });
    } finally {
      await api.close();
    }
  });

  it('"Forget all secrets" deletes the keychain entries and the profiles then show them as not saved', async () => {
    // Session-only secrets: forgetting everything in the shared test keychain would pull secrets from under the
    // test files running in parallel (the real-keychain case runs in a private keyring in test/cli/oauth.test.ts).
    expect((await engine.useSessionOnlySecrets()).sessionOnly).toBe(true);
    const p = await engine.createProfile({ name: 'fa', clientType: 'confidential', auth: { scheme: 'bearer', prefix: 'Bearer' }, secrets: { token: 'forget-me-token-1' } });
    const { deleted } = await engine.forgetAllSecrets();
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect((await engine.getProfile(p.id)).secrets[0]!.saved).toBe(false);
    await expect(engine.send({ profileId: p.id, url: `${base}/bearer` })).rejects.toThrow(/has no token saved/);
  });
});
