import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/engine';
import { findLeaks } from '../helpers/leak-scan';
import { realKeychain } from '../helpers/keyring';
import { startServer, type TestServer } from '../helpers/servers';

/**
 * Body previews are cut after redaction, so a secret that straddles the 64 Ki-character cut leaves no head behind;
 * and a request cancelled before it went out is never sent.
 */
const TOKEN = 'tok-straddle-7QmZ2xKpL9vR4wT8';
const LIMIT = 64 * 1024;

describe('a secret cut by the end of a body preview', () => {
  let home: string;
  let engine: Engine;
  let api: TestServer;
  let profileId: string;
  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'authdesk-cut-'));
    engine = await Engine.open({ home, secretStore: realKeychain() });
    api = await startServer((req, res) => {
      const k = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('k'));
      const hex = new URL(req.url ?? '/', 'http://x').searchParams.has('hex');
      const secret = hex ? Buffer.from(TOKEN).toString('hex') : TOKEN;
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`${'x'.repeat(LIMIT - k)}${secret}${' and more after it'.repeat(100)}`);
    });
    profileId = (await engine.createProfile({ name: 'cut', clientType: 'confidential', auth: { scheme: 'bearer', prefix: 'Bearer' }, secrets: { token: TOKEN } })).id;
  });
  afterAll(async () => {
    await engine.removeProfile(profileId);
    await engine.close();
    await api.close();
    await rm(home, { recursive: true, force: true });
  });

  it.each([
    [4, false],
    [20, false],
    [TOKEN.length - 1, false],
    [30, true],
  ])('keeps no part of it in the response preview (%i characters before the cut, hex %s)', async (k, hex) => {
    const reply = await engine.send({ profileId, method: 'GET', url: `${api.url}/echo?k=${k}${hex ? '&hex' : ''}`, headers: [] });
    const stored = engine.getHistory(reply.entry.id);
    for (const e of [reply.entry, stored]) {
      expect(e.responseBodyPreview).toHaveLength(LIMIT);
      expect(e.responseTruncated).toBe(true);
      const tail = e.responseBodyPreview!.slice(LIMIT - k);
      expect(tail.startsWith('[REDACTED]'.slice(0, k))).toBe(true);
      expect(findLeaks(e.responseBodyPreview!, [TOKEN])).toEqual([]);
    }
  });

  it('keeps no part of it in the request body preview', async () => {
    const body = `${'y'.repeat(LIMIT - 12)}${TOKEN}${'z'.repeat(500)}`;
    const reply = await engine.send({ profileId, method: 'POST', url: `${api.url}/echo?k=4`, headers: [['Content-Type', 'text/plain']], body });
    expect(reply.entry.requestBodyPreview).toHaveLength(LIMIT);
    expect(reply.entry.requestBodyPreview!.slice(LIMIT - 12)).toBe('[REDACTED]zz');
    expect(findLeaks(reply.entry.requestBodyPreview!, [TOKEN])).toEqual([]);
  });

  it('sends nothing when Cancel comes right after the request was asked for (while the profile and auth are read)', async () => {
    const before = api.seen.length;
    for (const requestId of ['c1', 'c2', 'c3']) {
      const pending = engine.send({ profileId, method: 'POST', url: `${api.url}/echo?k=4`, headers: [], body: '{"transfer":100}', requestId });
      expect(engine.cancel(requestId)).toBe(true);
      const reply = await pending;
      expect(reply.entry).toMatchObject({ failure: 'cancelled', status: null });
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(api.seen.length).toBe(before);
    expect(engine.cancel('c1')).toBe(false); // done: nothing left to cancel
  });
});
