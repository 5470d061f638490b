import { mkdtemp, readFile, writeFile, mkdir, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/engine';
import { KEYCHAIN_SERVICE, type SecretStore } from '../../electron/engine/keychain';
import { realKeychain } from '../helpers/keyring';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { startServer, type TestServer } from '../helpers/servers';

const store = realKeychain();

/** Distinct secrets with every character that breaks naive encoders. */
const SECRETS = {
  password: 'pä:ss+w/o=r&d#1€',
  apiKey: 'k3y+/=&#:%-2ZZ', // header values are ASCII (RFC 9110 §5.5); non-ASCII is refused, see encoding.test.ts
  token: 'tok/+=:&#~-33-xyz',
};

describe('engine end to end on real parts', () => {
  let home: string;
  let engine: Engine;
  let api: TestServer;
  let now: number;

  beforeEach(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'authdesk-flow-'));
    now = Date.parse('2026-11-30T09:00:00.000Z');
    engine = await Engine.open({ home, secretStore: store, clock: () => now });
    // A careless API that echoes every credential back in its body and headers: the worst case for redaction.
    api = await startServer((req, res, body) => {
      const auth = req.headers.authorization ?? '';
      const key = req.headers['x-api-key'];
      const ok = auth === `Basic ${Buffer.from(`alice:${SECRETS.password}`).toString('base64')}` || key === SECRETS.apiKey || auth === `Bearer ${SECRETS.token}`;
      res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json', 'X-Echo': `${auth} ${key ?? ''}` });
      res.end(JSON.stringify({ youSent: { auth, key, url: req.url, body } }));
    });
  });
  afterEach(async () => {
    const { profiles } = await engine.listProfiles();
    for (const p of profiles) await engine.removeProfile(p.id);
    await engine.close();
    await api.close();
  });

  it('T19/T20: after Basic, API-key and bearer calls no secret form is in the data dir, SQLite, WAL or exports', async () => {
    const basic = await engine.createProfile({ name: 'basic', clientType: 'confidential', auth: { scheme: 'basic', username: 'alice' }, secrets: { password: SECRETS.password } });
    const key = await engine.createProfile({ name: 'key', clientType: 'confidential', auth: { scheme: 'apikey', placements: [{ in: 'header', name: 'X-API-KEY' }] }, secrets: { key0: SECRETS.apiKey } });
    const bearer = await engine.createProfile({ name: 'bearer', clientType: 'confidential', auth: { scheme: 'bearer', prefix: 'Bearer' }, secrets: { token: SECRETS.token } });
    const replies = [];
    for (const p of [basic, key, bearer]) replies.push(await engine.send({ profileId: p.id, method: 'POST', url: `${api.url}/v1/things?q=1`, body: `{"echo":"${SECRETS.token}"}` }));
    expect(replies.map((r) => r.entry.status)).toEqual([200, 200, 200]);
    // the server really received the credentials…
    expect(api.seen[1]!.headers['x-api-key']).toBe(SECRETS.apiKey);
    await engine.exportLog({ format: 'har', out: path.join(home, 'log.har') });
    await engine.exportLog({ format: 'jsonl', out: path.join(home, 'log.jsonl') });
    const shown = JSON.stringify([replies, await engine.listProfiles(), engine.listHistory(), engine.getHistory(replies[0]!.entry.id)]);
    const secrets = Object.values(SECRETS);
    // …and nothing that was written or shown keeps any form of them.
    expect(findLeaks(shown, secrets, ['alice'])).toEqual([]);
    expect(await scanPaths([home], secrets, ['alice'])).toEqual([]);
    expect((await readdir(home)).sort()).toEqual(expect.arrayContaining(['history.sqlite', 'log.har', 'log.jsonl', 'profiles']));
    const har = JSON.parse(await readFile(path.join(home, 'log.har'), 'utf8'));
    expect(har.log.entries).toHaveLength(3);
    expect(har.log.entries[0]._authdesk.identity).toBe('alice');
    expect(har.log.entries[0]._authdesk.fingerprints[0]).toMatch(/^[0-9a-f]{8}$/);
  });

  it('records TTFSC from creation to the first 2xx, with the failures before it (injected clock)', async () => {
    const p = await engine.createProfile({ name: 'ttfsc', clientType: 'public', auth: { scheme: 'bearer', prefix: 'Bearer' }, secrets: { token: 'wrong-token-1' } });
    now += 45_000;
    const fail = await engine.send({ profileId: p.id, url: `${api.url}/me` });
    expect(fail.entry.failure).toBe('invalid_credentials');
    expect(fail.firstSuccess).toBeNull();
    now += 30_000;
    await engine.replaceSecrets(p.id, { token: SECRETS.token });
    now += 12_000;
    const ok = await engine.send({ profileId: p.id, url: `${api.url}/me` });
    expect(ok.firstSuccess).toEqual({ ttfscMs: 87_000 });
    now += 1_000;
    expect((await engine.send({ profileId: p.id, url: `${api.url}/me` })).firstSuccess).toBeNull();
    const m = (await engine.metrics()).profiles.find((x) => x.profileId === p.id)!;
    expect(m).toMatchObject({ ttfscMs: 87_000, attemptsBeforeSuccess: 1, failures: { invalid_credentials: 1 } });
    expect(m.latency.count).toBe(3);
    expect((await engine.getProfile('ttfsc')).ttfscMs).toBe(87_000);
  });

  it('rotation overwrites the keychain entry and history shows which key version each request used', async () => {
    const p = await engine.createProfile({ name: 'rot', clientType: 'confidential', auth: { scheme: 'apikey', placements: [{ in: 'header', name: 'X-API-KEY' }] }, secrets: { key0: 'old-key-value-1' } });
    const before = await engine.send({ profileId: p.id, url: `${api.url}/x` });
    const rotated = await engine.replaceSecrets('rot', { key0: SECRETS.apiKey });
    const after = await engine.send({ profileId: p.id, url: `${api.url}/x` });
    expect(before.entry.status).toBe(401);
    expect(after.entry.status).toBe(200);
    expect(after.entry.fingerprints).toEqual([rotated.secrets[0]!.fingerprint]);
    expect(before.entry.fingerprints).not.toEqual(after.entry.fingerprints);
    const entries = await store.findCredentials(KEYCHAIN_SERVICE);
    expect(entries.filter((e) => e.account.startsWith(`profile/${p.id}/`)).map((e) => e.password)).toEqual([`v1:${SECRETS.apiKey}`]);
  });

  it('remove deletes the keychain entries of the profile', async () => {
    const p = await engine.createProfile({ name: 'gone', clientType: 'confidential', auth: { scheme: 'basic', username: null }, secrets: { username: 'sk_test_user1', password: '' } });
    expect(await engine.removeProfile(p.id)).toEqual({ removed: true, secretsDeleted: 2 });
    const left = (await store.findCredentials(KEYCHAIN_SERVICE)).filter((e) => e.account.includes(p.id));
    expect(left).toEqual([]);
    await expect(engine.getProfile('gone')).rejects.toThrow(/No profile named "gone"/);
  });

  it('refuses to send a profile bound to a base URL to another origin', async () => {
    const p = await engine.createProfile({ name: 'bound', clientType: 'confidential', baseUrl: api.url, auth: { scheme: 'bearer', prefix: 'Bearer' }, secrets: { token: SECRETS.token } });
    await expect(engine.send({ profileId: p.id, url: 'http://127.0.0.2:9/steal' })).rejects.toThrow(/will not send its credentials/);
    expect(api.seen).toHaveLength(0);
  });

  it('a request validated once is frozen and sent many times; an invalid one is refused before anything is sent', async () => {
    const p = await engine.createProfile({ name: 'repeat', clientType: 'confidential', auth: { scheme: 'bearer', prefix: 'Bearer' }, secrets: { token: SECRETS.token } });
    const request = engine.validateRequest({ profileId: p.id, url: `${api.url}/r`, headers: [['X-Trace', '1']] });
    expect(request.method).toBe('GET');
    expect(() => (request.headers as [string, string][]).push(['X-Late', 'added after the check'])).toThrow(TypeError);
    const replies = [await engine.send(request), await engine.send(request)];
    expect(replies.map((r) => r.entry.status)).toEqual([200, 200]);
    expect(api.seen.map((s) => s.headers['x-trace'])).toEqual(['1', '1']);
    expect(() => engine.validateRequest({ profileId: p.id, url: 'ftp://example.test/x' })).toThrow(/Invalid request/);
    await expect(engine.send({ profileId: p.id, url: `${api.url}/r`, timeoutMs: 5 })).rejects.toThrow(/Invalid request/);
    expect(api.seen).toHaveLength(2);
  });

  /** `store` with every call recorded in `calls`, and findCredentials (the listing) run through `listing`. */
  const recording = (calls: string[], listing: (find: () => Promise<{ account: string; password: string }[]>) => Promise<{ account: string; password: string }[]> = (find) => find()): SecretStore => ({
    backend: store.backend,
    setPassword: (service, account, password) => store.setPassword(service, account, password),
    getPassword: (service, account) => (calls.push(`get ${account}`), store.getPassword(service, account)),
    deletePassword: (service, account) => store.deletePassword(service, account),
    findCredentials: (service) => (calls.push('find'), listing(() => store.findCredentials(service))),
    checkUnlocked: (service) => store.checkUnlocked(service),
  });

  it('the first sends, also 10 at once, read their secret once while the one keychain listing that teaches redaction runs; a rotated secret is read fresh', async () => {
    const p = await engine.createProfile({ name: 'reads', clientType: 'confidential', auth: { scheme: 'bearer', prefix: 'Bearer' }, secrets: { token: SECRETS.token } });
    await engine.close();
    const calls: string[] = [];
    engine = await Engine.open({ home, secretStore: recording(calls), clock: () => now });
    const first = await Promise.all(Array.from({ length: 10 }, (_, i) => engine.send({ profileId: p.id, url: `${api.url}/a${i}` })));
    expect(first.map((r) => r.entry.status)).toEqual(Array(10).fill(200));
    expect((await engine.send({ profileId: p.id, url: `${api.url}/b` })).entry.status).toBe(200);
    expect(calls.filter((c) => c === 'find' || c.startsWith('get profile/'))).toEqual(['find', `get profile/${p.id}/token`]);
    await engine.replaceSecrets(p.id, { token: 'tok-rotated-44' });
    expect((await engine.send({ profileId: p.id, url: `${api.url}/c` })).entry.status).toBe(401);
    expect(api.seen.at(-1)!.headers.authorization).toBe('Bearer tok-rotated-44');
  });

  it('a first send that goes out before the keychain listing is in waits for it before anything is kept: another profile\'s secret echoed back is masked', async () => {
    const other = await engine.createProfile({ name: 'other', clientType: 'confidential', auth: { scheme: 'apikey', placements: [{ in: 'header', name: 'X-API-KEY' }] }, secrets: { key0: SECRETS.apiKey } });
    const p = await engine.createProfile({ name: 'first', clientType: 'confidential', auth: { scheme: 'bearer', prefix: 'Bearer' }, secrets: { token: SECRETS.token } });
    await engine.close();
    let answered = false;
    const calls: string[] = [];
    // The listing answers only after the API has: the request went out without it.
    const afterTheAnswer = async (find: () => Promise<{ account: string; password: string }[]>) => {
      for (let i = 0; i < 200 && !answered; i++) await new Promise((r) => setTimeout(r, 10));
      return find();
    };
    engine = await Engine.open({ home, secretStore: recording(calls, afterTheAnswer), clock: () => now });
    const seen = api.seen.length;
    // The API echoes what it got, here the other profile's key typed into a header (not a credential header by name).
    const sending = engine.send({ profileId: p.id, url: `${api.url}/first?echo=1`, headers: [['X-Note', `key ${SECRETS.apiKey}`]] });
    for (let i = 0; i < 200 && api.seen.length === seen; i++) await new Promise((r) => setTimeout(r, 10));
    answered = api.seen.length > seen;
    expect(answered).toBe(true);
    const reply = await sending;
    expect(reply.entry.status).toBe(200);
    expect(findLeaks(JSON.stringify([reply, engine.getHistory(reply.entry.id)]), [SECRETS.apiKey, SECRETS.token])).toEqual([]);
    expect(other.name).toBe('other');
  });

  it('a first send whose keychain listing fails after the request went out keeps nothing and says the keychain is unavailable; the next send lists again', async () => {
    const p = await engine.createProfile({ name: 'unlisted', clientType: 'confidential', auth: { scheme: 'bearer', prefix: 'Bearer' }, secrets: { token: SECRETS.token } });
    await engine.close();
    const calls: string[] = [];
    let failures = 1;
    const failingOnce = async (find: () => Promise<{ account: string; password: string }[]>) => {
      if (failures-- > 0) throw new Error('the D-Bus connection was closed');
      return find();
    };
    engine = await Engine.open({ home, secretStore: recording(calls, failingOnce), clock: () => now });
    const seen = api.seen.length;
    await expect(engine.send({ profileId: p.id, url: `${api.url}/lost` })).rejects.toMatchObject({ code: 'keychain_unavailable', message: expect.stringMatching(/D-Bus connection was closed/) });
    expect(api.seen.length).toBe(seen + 1);
    expect(engine.listHistory({ profileId: p.id })).toEqual([]);
    expect((await engine.send({ profileId: p.id, url: `${api.url}/kept` })).entry.status).toBe(200);
    expect(engine.listHistory({ profileId: p.id }).map((h) => h.url)).toEqual([`${api.url}/kept`]);
    expect(calls.filter((c) => c === 'find')).toEqual(['find', 'find']);
  });

  it('a malformed profile file is reported and left untouched, the others still load', async () => {
    await engine.createProfile({ name: 'fine', clientType: 'confidential', auth: { scheme: 'bearer', prefix: 'Bearer' }, secrets: { token: 'abcd-efgh' } });
    const dir = path.join(home, 'profiles');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'broken.json'), '{"version":1, "name": ');
    const { profiles, problems } = await engine.listProfiles();
    expect(profiles.map((p) => p.name)).toEqual(['fine']);
    expect(problems).toEqual([{ file: path.join(dir, 'broken.json'), message: expect.stringMatching(/not valid JSON/) }]);
    expect(await readFile(path.join(dir, 'broken.json'), 'utf8')).toBe('{"version":1, "name": ');
  });

  it('env references are read at send time and never stored', async () => {
    const env: Record<string, string | undefined> = { AUTHDESK_TEST_TOKEN: SECRETS.token };
    const e2 = await Engine.open({ home, secretStore: store, env });
    try {
      const p = await e2.createProfile({ name: 'ci', clientType: 'confidential', auth: { scheme: 'bearer', prefix: 'Bearer' }, secretEnv: { token: 'AUTHDESK_TEST_TOKEN' } });
      expect(p.secrets[0]).toMatchObject({ source: 'env', envName: 'AUTHDESK_TEST_TOKEN' });
      expect((await e2.send({ profileId: p.id, url: `${api.url}/ci` })).entry.status).toBe(200);
      // A changed variable is used on the next send (the resolution of a static scheme is reused only for the same values).
      env.AUTHDESK_TEST_TOKEN = `${SECRETS.token}-next`;
      await e2.send({ profileId: p.id, url: `${api.url}/ci` });
      expect(api.seen.at(-1)!.headers.authorization).toBe(`Bearer ${SECRETS.token}-next`);
      delete env.AUTHDESK_TEST_TOKEN;
      await expect(e2.send({ profileId: p.id, url: `${api.url}/ci` })).rejects.toThrow(/AUTHDESK_TEST_TOKEN, which is not set/);
      expect(await scanPaths([path.join(home, 'profiles')], [SECRETS.token])).toEqual([]);
    } finally {
      await e2.removeProfile('ci').catch(() => undefined);
      await e2.close();
    }
  });
});
