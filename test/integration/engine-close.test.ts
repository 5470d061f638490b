import { mkdtemp, rm } from 'node:fs/promises';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/engine';
import { AuthdeskError } from '../../electron/engine/errors';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { realKeychain } from '../helpers/keyring';
import { startServer, type TestServer } from '../helpers/servers';

/** Closing the engine (quitting the app) while requests are under way: every caller gets its reply, history keeps them. */
const TOKEN = 'tok-close-Zr8pQ2wLx5Nv7KcT';
const CLIENT_SECRET = 'cs-close-Hq4mW9tZpL2xV6nB';

describe('Engine.close with sends in flight', () => {
  let home: string;
  let api: TestServer;
  const held: http.ServerResponse[] = [];
  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'authdesk-close-'));
    // The server never answers on its own: the sends are still in flight when the engine closes.
    api = await startServer((_req, res) => held.push(res));
  });
  afterAll(async () => {
    for (const res of held) res.destroy();
    await api.close();
    await rm(home, { recursive: true, force: true });
  });

  it('cancels them, replies to each with its recorded entry, and refuses new sends with a readable error', async () => {
    const engine = await Engine.open({ home, secretStore: realKeychain() });
    const { id: profileId } = await engine.createProfile({ name: 'closing', clientType: 'confidential', auth: { scheme: 'bearer', prefix: 'Bearer' }, secrets: { token: TOKEN } });
    try {
      const plain = engine.send({ profileId, method: 'GET', url: `${api.url}/slow`, headers: [] });
      const cancellable = engine.send({ profileId, method: 'GET', url: `${api.url}/slow`, headers: [], requestId: 'close-1' });
      const deadline = Date.now() + 5000;
      while (api.seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(api.seen).toHaveLength(2);
      await engine.close();
      const replies = await Promise.all([plain, cancellable]);
      for (const { entry } of replies) expect(entry).toMatchObject({ failure: 'cancelled', status: null, ok: false });
      expect(new Set(replies.map((r) => r.entry.id)).size).toBe(2);
      const late = await engine.send({ profileId, method: 'GET', url: `${api.url}/late`, headers: [] }).catch((e: unknown) => e);
      expect(late).toBeInstanceOf(AuthdeskError);
      expect(late).toMatchObject({ code: 'failed', message: 'Authdesk is closing: the request was not sent.' });
      expect(api.seen).toHaveLength(2);
      expect(() => engine.listHistory()).toThrow(AuthdeskError);
      await expect(engine.metrics()).rejects.toThrow('History is closed');
      await expect(engine.startSandbox()).rejects.toThrow('Authdesk is closing: the sandbox was not started.');

      const reopened = await Engine.open({ home, secretStore: realKeychain() });
      try {
        for (const { entry } of replies) expect(reopened.getHistory(entry.id)).toMatchObject({ failure: 'cancelled', url: `${api.url}/slow` });
        expect(findLeaks(JSON.stringify(replies), [TOKEN])).toEqual([]);
        expect(await scanPaths([home], [TOKEN])).toEqual([]);
      } finally {
        await reopened.removeProfile(profileId);
        await reopened.close();
      }
    } finally {
      await engine.close();
    }
  });
  it('sends nothing more after close began: neither requests queued for a socket (over 64 at once) nor a token request', async () => {
    const engine = await Engine.open({ home, secretStore: realKeychain() });
    const { id: profileId } = await engine.createProfile({
      name: 'closing-oauth',
      clientType: 'confidential',
      auth: { scheme: 'oauth2', grant: 'client_credentials', tokenEndpoint: `${api.url}/token`, clientId: 'close-client', tokenEndpointAuthMethod: 'client_secret_basic', sendRawClientCredentials: false, requireIss: false, tokenPrefix: 'Bearer' },
      secrets: { client_secret: CLIENT_SECRET },
    });
    const before = api.seen.length;
    try {
      // 70 sends with no auth: the shared agent opens 64 sockets and queues 6 requests for a free one.
      const queued = Array.from({ length: 70 }, (_, i) => engine.send({ profileId: null, method: 'GET', url: `${api.url}/queued/${i}`, headers: [] }));
      const deadline = Date.now() + 5000;
      while (api.seen.length < before + 64 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(api.seen.length).toBe(before + 64);
      // A send whose token is not fetched yet: closing in the same tick, its token request must not go out.
      const withToken = engine.send({ profileId, method: 'GET', url: `${api.url}/needs-token`, headers: [] }).catch((e: unknown) => e);
      await engine.close();
      const replies = await Promise.all(queued);
      expect(replies.map((r) => r.entry.failure)).toEqual(Array(70).fill('cancelled'));
      const told = await withToken;
      expect(told).toBeInstanceOf(AuthdeskError);
      expect(api.seen.slice(before).map((r) => r.url.split('/')[1])).toEqual(Array(64).fill('queued'));
      expect(findLeaks(JSON.stringify(api.seen), [CLIENT_SECRET])).toEqual([]);
      const reopened = await Engine.open({ home, secretStore: realKeychain() });
      try {
        for (const { entry } of replies) expect(reopened.getHistory(entry.id).failure).toBe('cancelled');
      } finally {
        await reopened.removeProfile(profileId);
        await reopened.close();
      }
    } finally {
      await engine.close();
    }
  });
});
