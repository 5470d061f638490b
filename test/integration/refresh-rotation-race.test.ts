import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TokenManager, type OAuthProfile } from '../../electron/engine/oauth/token-manager';
import { RedactorCache } from '../../electron/engine/redaction';
import { accountFor, Vault } from '../../electron/engine/vault';
import { oauthConfigSchema } from '../../shared/oauth';
import { realKeychain } from '../helpers/keyring';
import { startServer, type TestServer } from '../helpers/servers';

/**
 * T16 across processes (RFC 9700 §4.14.2, RFC 6749 §6): a server that rotates refresh tokens and rejects a reused one
 * with invalid_grant. The keychain is the one truth about the refresh token: a refresh reads it again (another
 * process may have rotated it), and an invalid_grant deletes it only while it still holds the token that was sent.
 * Each TokenManager here stands for one process: they share the real keychain and the profile's lock file only.
 */

const vault = new Vault(realKeychain());
const SLOT = { slot: 'refresh_token', label: 'refresh token', mayBeEmpty: false };
let server: TestServer;
let dir: string;
/** The one refresh token the server accepts now; each refresh replaces it. */
let current = '';
let issued = 0;
/** Runs when a refresh request arrives, before the server answers it. */
let beforeReply: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'authdesk-refresh-race-'));
  server = await startServer((req, res, body) => {
    if (req.url === '/revoke') return res.writeHead(200).end(); // RFC 7009 §2.2
    void (async () => {
      const sent = new URLSearchParams(body).get('refresh_token');
      await beforeReply();
      if (sent !== current) return res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'invalid_grant', error_description: 'refresh token reused' }));
      issued += 1;
      current = `rt-${issued}-Rot8x`;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ access_token: `at-${issued}-Rot8x`, token_type: 'Bearer', expires_in: 60, refresh_token: current }));
    })();
  });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

let profile: OAuthProfile;
afterEach(async () => {
  beforeReply = async () => undefined;
  await vault.remove({ source: 'keychain', account: accountFor(profile.id, SLOT.slot) }, profile.id, SLOT.slot);
});

/** A signed-in public client: its refresh token (the server's current one) is in the keychain. */
async function signedIn(): Promise<OAuthProfile> {
  const config = oauthConfigSchema.parse({ scheme: 'oauth2', grant: 'authorization_code', authorizationEndpoint: `${server.url}/authorize`, tokenEndpoint: `${server.url}/token`, clientId: 'desk', tokenEndpointAuthMethod: 'none' });
  profile = { id: `race-${Date.now()}-${Math.random().toString(36).slice(2)}`, name: 'ok', config, clientSecret: null };
  current = `rt-signed-in-${profile.id}`;
  await vault.saveToKeychain(profile.id, SLOT.slot, current);
  return profile;
}
const stored = (p: OAuthProfile) => vault.resolve({ source: 'keychain', account: accountFor(p.id, SLOT.slot) }, p, SLOT).catch(() => null);
const lockFileOf = (id: string) => path.join(dir, `${id}.lock`);
const sentTokens = () => server.seen.filter((r) => r.url === '/token').map((r) => new URLSearchParams(r.body).get('refresh_token'));

describe('refresh-token rotation with more than one process', () => {
  it('invalid_grant keeps a refresh token that differs from the one sent (another process saved it meanwhile)', async () => {
    const p = await signedIn();
    const newer = 'rt-saved-meanwhile-Rot8x';
    // The server rejects what was sent; by then another process has stored its own rotated token.
    beforeReply = async () => {
      current = 'rt-not-what-was-sent';
      await vault.saveToKeychain(p.id, SLOT.slot, newer);
    };
    const tm = new TokenManager(vault, Date.now, new RedactorCache(), undefined, lockFileOf);
    const failed: unknown = await tm.get(p).catch((e: unknown) => e);
    expect(await stored(p)).toBe(newer);
    expect(failed).toMatchObject({ code: 'login_required', message: expect.stringContaining('another Authdesk process has saved a new one meanwhile: try again') });
  });

  it('invalid_grant deletes the refresh token when the keychain still holds the one sent', async () => {
    const p = await signedIn();
    current = 'rt-revoked-at-the-server';
    const tm = new TokenManager(vault, Date.now, new RedactorCache(), undefined, lockFileOf);
    await expect(tm.get(p)).rejects.toMatchObject({ code: 'login_required', message: 'The refresh token of "ok" is no longer valid. Sign in again (authdesk token "ok").' });
    expect(await stored(p)).toBeNull();
  });

  it('a process whose cached refresh token another process has rotated refreshes with the keychain\'s, never the replaced one', async () => {
    const p = await signedIn();
    let now = Date.now();
    const desktop = new TokenManager(vault, () => now, new RedactorCache(), undefined, lockFileOf);
    const cli = new TokenManager(vault, Date.now, new RedactorCache(), undefined, lockFileOf);
    const first = await desktop.get(p); // the long-running app: an access token and refresh token in memory
    expect(first.source).toBe('refreshed');
    const byCli = await cli.get(p); // a CLI run rotates the refresh token the app holds
    expect(byCli.source).toBe('refreshed');
    now += 61_000; // the app's access token expires
    const seenBefore = server.seen.length;
    const later = await desktop.get(p);
    expect(later.source).toBe('refreshed');
    expect(sentTokens().slice(seenBefore)).toEqual([byCli.tokens.refreshToken]); // never first.tokens.refreshToken
    expect(await stored(p)).toBe(current);
  });

  it('revoke revokes the refresh token in the keychain, not the one this process cached before another rotated it', async () => {
    const p = await signedIn();
    const desktop = new TokenManager(vault, Date.now, new RedactorCache(), undefined, lockFileOf);
    const cli = new TokenManager(vault, Date.now, new RedactorCache(), undefined, lockFileOf);
    await desktop.get(p);
    const live = (await cli.get(p)).tokens.refreshToken;
    const seenBefore = server.seen.length;
    await desktop.revoke({ ...p, config: { ...p.config, revocationEndpoint: `${server.url}/revoke` } });
    const revoked = server.seen.slice(seenBefore).map((r) => Object.fromEntries(new URLSearchParams(r.body)));
    expect(revoked[0]).toMatchObject({ token: live, token_type_hint: 'refresh_token' });
    expect(await stored(p)).toBeNull();
  });

  it('a refresh waits for the profile\'s lock no longer than its timeout, then fails naming the lock', async () => {
    const p = await signedIn();
    await writeFile(lockFileOf(p.id), String(process.pid)); // held by a live process
    const tm = new TokenManager(vault, Date.now, new RedactorCache(), undefined, lockFileOf);
    const seenBefore = server.seen.length;
    const started = Date.now();
    await expect(tm.get(p, undefined, 300)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining(`The sign-in of profile "ok" is being changed by another Authdesk process (it holds ${lockFileOf(p.id)})`) });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.seen.length).toBe(seenBefore);
    expect(await stored(p)).toBe(current);
    await rm(lockFileOf(p.id));
  });
});
