import type { Har } from 'har-format';
import Database from 'libsql';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/engine';
import { AuthdeskError } from '../../electron/engine/errors';
import { KEYCHAIN_SERVICE } from '../../electron/engine/keychain';
import { accountFor } from '../../electron/engine/vault';
import { dataPaths } from '../../electron/engine/paths';
import type { AuthConfig } from '../../shared/profile';
import { notSent } from '../../shared/request';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { sandboxConsent } from '../helpers/oauth';
import { realKeychain } from '../helpers/keyring';
import { startServer, type TestServer } from '../helpers/servers';
import { openTestEngine, type TestEngine } from '../helpers/test-engine';

/**
 * A send whose auth stage fails (the token endpoint refuses the client, a secret is missing) still sends nothing and
 * throws as before, and history records the attempt: one entry with no response, failure `auth_flow` or
 * `secret_missing`, redacted like every entry, in the HAR and JSONL exports too. Real keychain, the sandbox's OAuth
 * server and a token endpoint on 127.0.0.1 that quotes back what it received, SQLite on disk.
 */

const ECHO_SECRET = 'cs-Echo-9f3Kq2Lm7ZxW';
const ECHO_CLIENT = 'echo-client';

let opened: TestEngine;
let engine: Engine;
let home: string;
let base: string;
let api: TestServer;
/** What the echo token endpoint does next: issue a token, or refuse the client quoting everything it received. */
let tokenMode: 'issue' | 'refuse' = 'refuse';

const clientCredentials = (tokenEndpoint: string, clientId: string, method: 'client_secret_basic' | 'client_secret_post'): AuthConfig => ({
  scheme: 'oauth2',
  grant: 'client_credentials',
  tokenEndpoint,
  clientId,
  tokenEndpointAuthMethod: method,
  sendRawClientCredentials: false,
  requireIss: false,
  tokenPrefix: 'Bearer',
});

/** The error `promise` rejects with (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<AuthdeskError> {
  const outcome = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(AuthdeskError);
  return outcome as AuthdeskError;
}

beforeAll(async () => {
  opened = await openTestEngine('authfail');
  ({ engine, home } = opened);
  base = (await engine.startSandbox()).baseUrl;
  api = await startServer((req, res, body) => {
    if (req.url === '/token') {
      if (tokenMode === 'issue') return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ access_token: 'at-echo-1', token_type: 'Bearer', expires_in: 60 }));
      // A careless server: the refusal quotes the Authorization header and the form body it was sent.
      const quoted = `got authorization=${req.headers.authorization ?? ''} body=${body}`;
      return res.writeHead(401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'invalid_client', error_description: quoted }));
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
  });
});
afterAll(async () => {
  await opened.dispose();
  await api.close();
});

describe('a send whose auth stage fails is thrown as before and recorded in history', () => {
  it('the sandbox refuses the client secret (401 invalid_client): one auth_flow entry, no response, the secret nowhere', async () => {
    const wrong = 'sandbox-Wrong-Secret-7731';
    const p = await engine.createProfile({ name: 'refused', clientType: 'confidential', auth: clientCredentials(`${base}/oauth/token`, 'sandbox-service', 'client_secret_basic'), secrets: { client_secret: wrong } });
    const url = `${base}/bearer?page=2`;
    const e = await rejection(engine.send({ profileId: p.id, method: 'DELETE', url }));
    expect(e.code).toBe('auth_failed');
    expect(e.message).toMatch(/^invalid_client/);
    expect(e.message).toContain('did not accept the client credentials (sent as client_secret_basic');
    expect(e.unrecorded).toBeUndefined();

    const rows = engine.listHistory({ profileId: p.id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ profileName: 'refused', identity: 'sandbox-service', method: 'DELETE', url, status: null, ok: false, failure: 'auth_flow', totalMs: 0 });
    expect(rows[0]!.fingerprints).toEqual([p.secrets[0]!.fingerprint]);
    const entry = engine.getHistory(rows[0]!.id);
    expect(entry).toMatchObject({ statusText: null, error: e.message, requestHeaders: [], requestBodyPreview: null, responseHeaders: [], responseBodyPreview: null, responseBytes: 0, redirects: [], authSteps: [] });
    expect(entry.timings).toEqual({ dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: null, totalMs: 0 });
    expect(entry.explanation).toMatchObject({ title: 'Getting a token failed', detail: e.message });
    // The onboarding funnel counts it once, as before.
    const m = (await engine.metrics()).profiles.find((x) => x.profileId === p.id)!;
    expect(m).toMatchObject({ failures: { auth_flow: 1 }, attemptsBeforeSuccess: 1, ttfscMs: null });

    const har = path.join(home, 'refused.har');
    const jsonl = path.join(home, 'refused.jsonl');
    await engine.exportLog({ format: 'har', out: har, profile: 'refused' });
    await engine.exportLog({ format: 'jsonl', out: jsonl, profile: 'refused' });
    const harEntries = (JSON.parse(await readFile(har, 'utf8')) as Har).log.entries;
    expect(harEntries).toHaveLength(1);
    expect(harEntries[0]).toMatchObject({
      request: { method: 'DELETE', url, headers: [], queryString: [{ name: 'page', value: '2' }] },
      response: { status: 0, headers: [], content: { size: 0 }, _error: e.message },
      _authdesk: { historyId: rows[0]!.id, ok: false, failure: 'auth_flow', authSteps: [] },
    });
    const lines = (await readFile(jsonl, 'utf8')).trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toMatchObject([
      { where: { method: 'DELETE', path: '/bearer' }, who: { profile: 'refused', identity: 'sandbox-service' }, what: { outcome: 'failure', status: null, failure: 'auth_flow', error: e.message }, historyId: rows[0]!.id },
    ]);
    expect(await scanPaths([home], [wrong], ['sandbox-service'])).toEqual([]);
    expect(findLeaks(JSON.stringify(entry), [wrong], ['sandbox-service'])).toEqual([]);
  });

  it('a token endpoint that quotes the credentials back: the client_secret is in no form in the entry, the data folder or the exports', async () => {
    const p = await engine.createProfile({ name: 'echoed', clientType: 'confidential', auth: clientCredentials(`${api.url}/token`, ECHO_CLIENT, 'client_secret_basic'), secrets: { client_secret: ECHO_SECRET } });
    const post = await engine.createProfile({ name: 'echoed-post', clientType: 'confidential', auth: clientCredentials(`${api.url}/token`, ECHO_CLIENT, 'client_secret_post'), secrets: { client_secret: ECHO_SECRET } });
    const apiCalls = api.seen.filter((r) => r.url !== '/token').length;
    const errors = [await rejection(engine.send({ profileId: p.id, url: `${api.url}/items` })), await rejection(engine.send({ profileId: post.id, url: `${api.url}/items` }))];
    expect(api.seen.filter((r) => r.url !== '/token')).toHaveLength(apiCalls); // nothing went to the API
    const entries = [p.id, post.id].map((id) => engine.getHistory(engine.listHistory({ profileId: id })[0]!.id));
    for (const [i, entry] of entries.entries()) {
      expect(entry).toMatchObject({ url: `${api.url}/items`, status: null, ok: false, failure: 'auth_flow', error: errors[i]!.message });
      expect(errors[i]!.message).toMatch(/^invalid_client/);
      expect(findLeaks(JSON.stringify(entry), [ECHO_SECRET], [ECHO_CLIENT])).toEqual([]);
    }
    // The server did get the secret, so the scan below proves the redaction, not an absent secret.
    expect(api.seen.some((r) => r.body.includes(ECHO_SECRET))).toBe(true);
    await engine.exportLog({ format: 'har', out: path.join(home, 'echoed.har') });
    await engine.exportLog({ format: 'jsonl', out: path.join(home, 'echoed.jsonl') });
    expect(await scanPaths([home], [ECHO_SECRET], [ECHO_CLIENT])).toEqual([]);
  });

  it('a keychain secret that is gone: one secret_missing entry, nothing sent', async () => {
    const p = await engine.createProfile({ name: 'gone', clientType: 'confidential', auth: clientCredentials(`${api.url}/token`, ECHO_CLIENT, 'client_secret_post'), secrets: { client_secret: 'cs-Gone-4411aa' } });
    expect(await realKeychain().deletePassword(KEYCHAIN_SERVICE, accountFor(p.id, 'client_secret'))).toBe(true);
    const seen = api.seen.length;
    const e = await rejection(engine.send({ profileId: p.id, url: `${api.url}/items` }));
    expect(e.code).toBe('secret_missing');
    expect(api.seen).toHaveLength(seen);
    const rows = engine.listHistory({ profileId: p.id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ url: `${api.url}/items`, status: null, ok: false, failure: 'secret_missing' });
    expect(engine.getHistory(rows[0]!.id)).toMatchObject({ error: e.message, explanation: { title: 'A secret of the profile is missing' } });
    expect((await engine.metrics()).profiles.find((x) => x.profileId === p.id)!.failures).toEqual({ secret_missing: 1 });
  });

  it('after the first success: the entry alone (the funnel is done), and the error is the same as before', async () => {
    let now = Date.parse('2026-11-30T12:00:00Z');
    // A data folder of its own: a second engine on the first one's folder would open its history twice in this process.
    const otherHome = await mkdtemp(path.join(os.tmpdir(), 'authdesk-authfail-later-'));
    const other = await Engine.open({ home: otherHome, secretStore: realKeychain(), clock: () => now });
    try {
      tokenMode = 'issue';
      const p = await other.createProfile({ name: 'later', clientType: 'confidential', auth: clientCredentials(`${api.url}/token`, ECHO_CLIENT, 'client_secret_post'), secrets: { client_secret: ECHO_SECRET } });
      expect((await other.send({ profileId: p.id, url: `${api.url}/items` })).firstSuccess).not.toBeNull();
      tokenMode = 'refuse';
      now += 61_000; // the cached token has expired: the next send asks again and is refused
      const e = await rejection(other.send({ profileId: p.id, url: `${api.url}/items` }));
      expect(e.message).toMatch(/^invalid_client/);
      const rows = other.listHistory({ profileId: p.id });
      expect(rows.map((r) => [r.status, r.failure])).toEqual([
        [null, 'auth_flow'],
        [200, null],
      ]);
      expect(rows[0]!.startedAt).toBe(new Date(now).toISOString());
      expect((await other.metrics()).profiles.find((x) => x.profileId === p.id)!.failures).toEqual({});
      await other.removeProfile(p.id);
    } finally {
      tokenMode = 'refuse';
      await other.close();
      await rm(otherHome, { recursive: true, force: true });
    }
  });

  /** A public authorization-code profile on the sandbox (sign-in through a browser). */
  const signInProfile = (name: string) =>
    engine.createProfile({
      name,
      clientType: 'public',
      auth: { scheme: 'oauth2', grant: 'authorization_code', issuer: base, authorizationEndpoint: `${base}/oauth/authorize`, tokenEndpoint: `${base}/oauth/token`, clientId: 'sandbox-desktop', tokenEndpointAuthMethod: 'none', sendRawClientCredentials: false, requireIss: true, tokenPrefix: 'Bearer' },
      secrets: {},
    });

  it('a sign-in the user cancels is recorded as cancelled and not sent, with nothing to fix (not as a failed token request)', async () => {
    const p = await signInProfile('cancelled-sign-in');
    let opened!: () => void;
    const browserOpened = new Promise<void>((resolve) => (opened = resolve));
    const sending = rejection(engine.send({ profileId: p.id, url: `${base}/bearer` }, { openBrowser: async () => opened(), onProgress: () => undefined }));
    await browserOpened;
    expect(engine.cancelFlow(p.id)).toBe(true);
    const e = await sending;
    expect(e).toMatchObject({ code: 'auth_failed', message: 'The sign-in was cancelled.' });
    const [row] = engine.listHistory({ profileId: p.id });
    expect(row).toMatchObject({ status: null, ok: false, failure: 'cancelled', totalMs: 0, error: e.message });
    expect(notSent(row!)).toBe(true);
    expect(engine.getHistory(row!.id)).toMatchObject({ requestHeaders: [], explanation: null });
    expect((await engine.metrics()).profiles.find((x) => x.profileId === p.id)!.failures).toEqual({ cancelled: 1 });
  });

  it('a sign-in denied on the consent page says so and what to do, not to check the token endpoint (RFC 6749 §4.1.2.1)', async () => {
    const p = await signInProfile('denied-sign-in');
    const e = await rejection(engine.send({ profileId: p.id, url: `${base}/bearer` }, { openBrowser: async (url) => void (await fetch(await sandboxConsent(url, 'deny'))), onProgress: () => undefined }));
    expect(e.code).toBe('auth_failed');
    expect(e.message).toMatch(/^The sign-in was refused at the authorization server \(access_denied.*\)\. Sign in again and approve the request/);
    const [row] = engine.listHistory({ profileId: p.id });
    expect(row).toMatchObject({ status: null, failure: 'auth_flow' });
    const advice = engine.getHistory(row!.id).explanation!.tryThis;
    expect(advice[0]).toBe('Run the sign-in again and watch its steps.');
    expect(advice.join(' ')).not.toContain("token endpoint, client_id and grant");
  });

  it('when history cannot be written (another process holds its write lock), the caller still gets the auth error', async () => {
    const p = await engine.createProfile({ name: 'locked', clientType: 'confidential', auth: clientCredentials(`${api.url}/token`, ECHO_CLIENT, 'client_secret_basic'), secrets: { client_secret: ECHO_SECRET } });
    await new Promise((r) => setTimeout(r, 100)); // the engine's open group commit (20 ms) ends: the lock below is the only thing in the way
    const holder = new Database(dataPaths(home).history);
    holder.exec('BEGIN IMMEDIATE');
    let e: AuthdeskError;
    try {
      e = await rejection(engine.send({ profileId: p.id, url: `${api.url}/items` }));
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(e.code).toBe('auth_failed');
    expect(e.message).toMatch(/^invalid_client/);
    expect(engine.listHistory({ profileId: p.id })).toEqual([]);
  }, 20_000);
});
