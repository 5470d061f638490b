import { mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/engine';
import { TokenManager } from '../../electron/engine/oauth/token-manager';
import { RedactorCache } from '../../electron/engine/redaction';
import { startSandbox } from '../../electron/engine/sandbox';
import { Vault } from '../../electron/engine/vault';
import { oauthConfigSchema } from '../../shared/oauth';
import { realKeychain } from '../helpers/keyring';
import { sandboxConsent, testDeps } from '../helpers/oauth';
import { startServer, type TestServer } from '../helpers/servers';

/**
 * A rotation seen by other processes (here: other engines on the same data folder, each with its own caches), and a
 * profile file brought back to an older version afterwards (`git checkout`, a backup): no request carries a secret the
 * keychain no longer holds, no token obtained with a replaced client secret is used, and history names the key sent.
 */
describe('rotation across processes and profile files restored from git', () => {
  let home: string;
  const engines: Engine[] = [];
  let api: TestServer;
  /**
   * Another "process": an engine with its own caches and its own history file (two engines on one thread cannot share
   * one: each would wait for the other's write window with the thread blocked), on the same profiles folder.
   */
  const open = async () => {
    const own = engines.length === 0 ? home : await mkdtemp(path.join(os.tmpdir(), 'authdesk-rotate-peer-'));
    if (own !== home) await symlink(path.join(home, 'profiles'), path.join(own, 'profiles'));
    const e = await Engine.open({ home: own, secretStore: realKeychain() });
    engines.push(e);
    return e;
  };
  /** Puts `text` in place of the file as `git checkout` does: a new file renamed over the old one. */
  const restore = async (file: string, text: string) => {
    const tmp = path.join(path.dirname(file), '.restore.tmp');
    await writeFile(tmp, text, { mode: 0o600 });
    await rename(tmp, file);
  };

  beforeEach(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'authdesk-rotate-'));
    await mkdir(path.join(home, 'profiles'), { mode: 0o700 });
  });
  afterEach(async () => {
    const [first] = engines;
    if (first) for (const p of (await first.listProfiles()).profiles) await first.removeProfile(p.id);
    for (const e of engines.splice(0)) {
      await e.close();
      if (e.home !== home) await rm(e.home, { recursive: true, force: true });
    }
    await api?.close();
    await rm(home, { recursive: true, force: true });
  });

  it('D1: after a rotation, a restored older profile file sends what the keychain holds, and history names that key', async () => {
    api = await startServer((_req, res) => res.writeHead(200).end('{}'));
    const basic = (pw: string) => `Basic ${Buffer.from(`alice:${pw}`).toString('base64')}`;
    const a = await open();
    const p = await a.createProfile({ name: 'p', clientType: 'confidential', auth: { scheme: 'basic', username: 'alice' }, secrets: { password: 'OLDPW-1a2b' } });
    const file = path.join(home, 'profiles', `${p.id}.json`);
    const oldFile = await readFile(file, 'utf8');
    const oldFp = p.secrets[0]!.fingerprint!;
    const send = async (e: Engine) => {
      const r = await e.send({ profileId: p.id, url: `${api.url}/me` });
      return { ...r.entry, sent: api.seen.at(-1)!.headers.authorization };
    };
    expect((await send(a)).sent).toBe(basic('OLDPW-1a2b'));

    // `printf NEWPW | authdesk rotate p` in another process.
    const newFp = (await (await open()).replaceSecrets('p', { password: 'NEWPW-3c4d' })).secrets[0]!.fingerprint!;
    expect(newFp).not.toBe(oldFp);
    await a.getProfile('p'); // a lookup checks the file (a send may race the edit: DESIGN says either version)
    const afterRotate = await send(a);
    expect(afterRotate).toMatchObject({ sent: basic('NEWPW-3c4d'), fingerprints: [newFp] });
    expect(afterRotate.authSteps.filter((s) => s.kind === 'note')).toEqual([]);

    // `git checkout` brings back the file that names OLDPW's version; the keychain holds NEWPW only.
    await restore(file, oldFile);
    expect((await a.getProfile('p')).secrets[0]!.fingerprint).toBe(oldFp);
    const mismatch = {
      kind: 'note',
      detail: expect.stringMatching(new RegExp(`names key version ${oldFp} of the password, but the keychain holds version ${newFp}, which was sent.*authdesk rotate "p"`)),
    };
    for (const e of [a, a, await open()]) {
      // The running process (twice: the reused resolution too), then a fresh one.
      const r = await send(e);
      expect(r.sent).toBe(basic('NEWPW-3c4d'));
      expect(r.fingerprints).toEqual([newFp]);
      expect(r.authSteps).toContainEqual(mismatch);
    }
    expect(api.seen.slice(2).map((s) => s.headers.authorization)).not.toContain(basic('OLDPW-1a2b'));
    expect(a.listHistory({ profileId: p.id }).map((h) => h.fingerprints)).toEqual([[newFp], [newFp], [newFp], [oldFp]]); // the fresh process wrote its own history
  });

  it('D2: a token obtained with a client secret since rotated is not used; a wrong new secret fails visibly, one token request per version', async () => {
    const valid = new Set(['secret-S1-aa', 'secret-S2-bb', 'secret-S3-cc']);
    const mintedWith = new Map<string, string>();
    let tokenRequests = 0;
    api = await startServer((req, res, body) => {
      if (req.url === '/token') {
        tokenRequests += 1;
        const [id, secret] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString().split(':').map(decodeURIComponent);
        if (id !== 'svc' || !valid.has(secret ?? '') || !body.includes('grant_type=client_credentials')) {
          res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error":"invalid_client"}');
          return;
        }
        const token = `tok-${tokenRequests}-${secret}`;
        mintedWith.set(token, secret!);
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }));
        return;
      }
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      res.writeHead(mintedWith.has(token) ? 200 : 401).end('{}');
    });
    const a = await open();
    const rotator = await open();
    const p = await a.createProfile({
      name: 'o',
      clientType: 'confidential',
      auth: { scheme: 'oauth2', grant: 'client_credentials', tokenEndpoint: `${api.url}/token`, clientId: 'svc', tokenEndpointAuthMethod: 'client_secret_basic', sendRawClientCredentials: false, requireIss: false, tokenPrefix: 'Bearer' },
      secrets: { client_secret: 'secret-S1-aa' },
    });
    const burst = async () => Promise.all(Array.from({ length: 100 }, () => a.send({ profileId: p.id, url: `${api.url}/api` })));
    const usedSecrets = () => new Set(api.seen.filter((s) => s.url === '/api').map((s) => mintedWith.get(s.headers.authorization!.replace(/^Bearer /, ''))));

    const first = await burst();
    expect(first.every((r) => r.entry.status === 200)).toBe(true);
    expect(tokenRequests).toBe(1);

    // `authdesk rotate o` with a WRONG secret in another process: the next send asks for a token with it, and fails.
    await rotator.replaceSecrets('o', { client_secret: 'secret-WRONG' });
    await a.getProfile('o');
    api.seen.length = 0;
    await expect(a.send({ profileId: p.id, url: `${api.url}/api` })).rejects.toMatchObject({ code: 'auth_failed', message: expect.stringContaining('invalid_client') });
    expect(tokenRequests).toBe(2);
    expect(api.seen.map((s) => s.url)).toEqual(['/token']); // the old token was not sent

    // The right new secret: one token request for 100 concurrent sends, every one with a token it obtained.
    const s2 = (await rotator.replaceSecrets('o', { client_secret: 'secret-S2-bb' })).secrets[0]!.fingerprint!;
    await a.getProfile('o');
    api.seen.length = 0;
    const second = await burst();
    expect(second.every((r) => r.entry.status === 200)).toBe(true);
    expect(tokenRequests).toBe(3);
    expect(usedSecrets()).toEqual(new Set(['secret-S2-bb']));
    expect(new Set(second.map((r) => r.entry.fingerprints.join()))).toEqual(new Set([s2]));

    // A rotation while a token is cached: the first send says why a new token is requested.
    const s3 = (await rotator.replaceSecrets('o', { client_secret: 'secret-S3-cc' })).secrets[0]!.fingerprint!;
    await a.getProfile('o');
    api.seen.length = 0;
    const third = await a.send({ profileId: p.id, url: `${api.url}/api` });
    expect(third.entry).toMatchObject({ status: 200, fingerprints: [s3] });
    expect(third.entry.authSteps[0]).toMatchObject({ kind: 'note', detail: expect.stringContaining('obtained with a client secret or key since replaced') });
    expect(third.entry.authSteps[1]).toMatchObject({ kind: 'applied', detail: expect.stringContaining('fetched with client_credentials') });
    expect(usedSecrets()).toEqual(new Set(['secret-S3-cc']));
    expect(tokenRequests).toBe(4);
    expect((await a.send({ profileId: p.id, url: `${api.url}/api` })).entry.authSteps[0]!.detail).toBe('access token from cache');
    expect(tokenRequests).toBe(4);
  });

  it('a send whose token request failed names the key version it was made with, not the one a restored file names', async () => {
    let tokenRequests = 0;
    api = await startServer((_req, res) => {
      tokenRequests += 1;
      res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error":"invalid_client"}');
    });
    const a = await open();
    const p = await a.createProfile({
      name: 'o',
      clientType: 'confidential',
      auth: { scheme: 'oauth2', grant: 'client_credentials', tokenEndpoint: `${api.url}/token`, clientId: 'svc', tokenEndpointAuthMethod: 'client_secret_basic', sendRawClientCredentials: false, requireIss: false, tokenPrefix: 'Bearer' },
      secrets: { client_secret: 'secret-S1-aa' },
    });
    const file = path.join(home, 'profiles', `${p.id}.json`);
    const oldFile = await readFile(file, 'utf8');
    const wrongFp = (await (await open()).replaceSecrets('o', { client_secret: 'secret-WRONG' })).secrets[0]!.fingerprint!;
    await restore(file, oldFile);
    expect((await a.getProfile('o')).secrets[0]!.fingerprint).toBe(p.secrets[0]!.fingerprint);
    await expect(a.send({ profileId: p.id, url: `${api.url}/api` })).rejects.toMatchObject({ code: 'auth_failed' });
    expect(tokenRequests).toBe(1);
    expect(a.listHistory({ profileId: p.id })[0]).toMatchObject({ status: null, failure: 'auth_flow', fingerprints: [wrongFp] });
  });

  it('D2: the refresh token that came with a token from replaced client credentials is not used, and is deleted from the keychain', async () => {
    const sandbox = await startSandbox(0);
    try {
      const base = sandbox.info.baseUrl;
      const vault = new Vault(realKeychain());
      const tm = new TokenManager(vault, Date.now, new RedactorCache());
      const config = oauthConfigSchema.parse({ scheme: 'oauth2', grant: 'authorization_code', issuer: base, authorizationEndpoint: `${base}/oauth/authorize`, tokenEndpoint: `${base}/oauth/token`, clientId: 'sandbox-desktop', tokenEndpointAuthMethod: 'none' });
      const profile = { id: `rotate-test-${Date.now()}`, name: 'desk', config, clientSecret: null, credential: 'client_secret:v1' };
      const refreshAccount = { source: 'keychain' as const, account: `profile/${profile.id}/refresh_token` };
      const slot = { slot: 'refresh_token', label: 'refresh token', mayBeEmpty: false };
      try {
        const first = await tm.get(profile, testDeps(async (url) => void (await fetch(await sandboxConsent(url, 'approve')))));
        expect(first.tokens.refreshToken).toBeTruthy();
        expect(await vault.resolve(refreshAccount, profile, slot)).toBe(first.tokens.refreshToken);
        expect((await tm.get(profile)).source).toBe('cache');
        // Another credential version: neither the cached access token nor its refresh token is used: sign in again.
        await expect(tm.get({ ...profile, credential: 'client_secret:v2' })).rejects.toMatchObject({ code: 'login_required' });
        await expect(vault.resolve(refreshAccount, profile, slot)).rejects.toMatchObject({ code: 'secret_missing' });
        expect(tm.tokenRequests).toBe(1);
      } finally {
        await tm.drop(profile.id);
      }
    } finally {
      await sandbox.close();
    }
  });
});
