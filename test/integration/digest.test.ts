import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { applyAuth, type AppliedAuth } from '../../shared/auth-apply';
import { DigestSessions } from '../../electron/engine/digest-auth';
import { Engine } from '../../electron/engine/engine';
import { Sender } from '../../electron/engine/sender';
import { startDigestServer, type DigestServer, type DigestServerOptions } from '../helpers/digest-server';
import { realKeychain } from '../helpers/keyring';
import { findLeaks } from '../helpers/leak-scan';

const sender = new Sender();
afterAll(() => sender.close());

const BASE: DigestServerOptions = { realm: 'R', username: 'Mufasa', password: 'Circle of Life', qop: 'auth', algorithm: 'MD5' };
let servers: DigestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function server(o: Partial<DigestServerOptions> = {}): Promise<DigestServer> {
  const s = await startDigestServer({ ...BASE, ...o });
  servers.push(s);
  return s;
}

/** A Digest profile's applied auth, as the resolver builds it, sharing `sessions` across sends. */
function digestAuth(sessions: DigestSessions, password = BASE.password): AppliedAuth {
  return { ...applyAuth({ scheme: 'digest', username: 'Mufasa' }, { password }), authenticator: sessions.authenticator('p1', 'Mufasa', password) };
}

const get = (url: string, auth: AppliedAuth) => sender.send({ method: 'GET', url, headers: [] }, { auth, timeoutMs: 5000 });

describe('Digest against a verifying server (RFC 7616)', () => {
  it('answers a qop=auth MD5 challenge once; the next request reuses the nonce with nc 00000002', async () => {
    const s = await server();
    const sessions = new DigestSessions();
    const first = await get(`${s.url}/dir/index.html?x=1`, digestAuth(sessions));
    expect(first.status).toBe(200);
    expect(s.seen.map((r) => r.headers.authorization === undefined)).toEqual([true, false]);
    expect(first.steps.map((x) => x.detail)).toEqual(expect.arrayContaining(['Digest challenge received (realm R, qop auth, MD5)', 'Digest challenge answered (realm R, qop auth, MD5, nc 00000001)']));
    expect(first.requestHeaders.find(([k]) => k === 'Authorization')?.[1]).toMatch(/^Digest username="Mufasa", realm="R", uri="\/dir\/index.html\?x=1"/);

    const second = await get(`${s.url}/other`, digestAuth(sessions));
    expect(second.status).toBe(200);
    expect(s.seen).toHaveLength(3); // straight in, no 401 first
    const [a, b] = s.authorizations.map(s.params);
    expect(b!.nonce).toBe(a!.nonce);
    expect([a!.nc, b!.nc]).toEqual(['00000001', '00000002']);
    expect(a!.cnonce).not.toBe(b!.cnonce);
    expect(b!.opaque).toBe('op=aque,value');
    expect(s.problems).toEqual([]);
    expect(second.derivedSecrets).toEqual([b!.response]);
  });

  it('stale=true: retries once with the new nonce without asking, and the request succeeds', async () => {
    const s = await server({ algorithm: 'SHA-256' });
    const sessions = new DigestSessions();
    expect((await get(`${s.url}/a`, digestAuth(sessions))).status).toBe(200);
    s.expire(s.params(s.authorizations[0]!).nonce!);
    const ex = await get(`${s.url}/b`, digestAuth(sessions));
    expect(ex.status).toBe(200);
    expect(s.problems).toEqual(['stale nonce']);
    const [, reused, fresh] = s.authorizations.map(s.params);
    expect(fresh!.nonce).not.toBe(reused!.nonce);
    expect(fresh!.nc).toBe('00000001');
    expect(ex.steps.some((x) => x.detail.startsWith('Digest nonce was stale; new challenge received (realm R, qop auth, SHA-256)'))).toBe(true);
  });

  it('a wrong password: one answer, then the 401 stands with a note (no loop)', async () => {
    const s = await server();
    const ex = await get(`${s.url}/a`, digestAuth(new DigestSessions(), 'wrong password'));
    expect(ex.status).toBe(401);
    expect(s.seen).toHaveLength(2);
    expect(s.problems).toEqual(['wrong response']);
    expect(ex.steps.at(-1)).toEqual({ kind: 'note', detail: expect.stringContaining('refused the Digest answer') });
  });

  it('T22: an RFC 2617 server without qop, nonce "N=x": response = H(HA1:nonce:HA2), no qop/nc/cnonce', async () => {
    const s = await server({ qop: null, algorithm: null, nonce: () => 'N=x' });
    const ex = await get(`${s.url}/legacy`, digestAuth(new DigestSessions()));
    expect(ex.status).toBe(200);
    expect(s.problems).toEqual([]);
    expect(s.authorizations[0]).toContain('nonce="N=x"');
    expect(ex.steps.map((x) => x.detail)).toContain('Digest challenge received (realm R, no qop (RFC 2617), MD5)');
  });

  it('SHA-256-sess is answered', async () => {
    const s = await server({ algorithm: 'SHA-256-sess' });
    expect((await get(`${s.url}/sess`, digestAuth(new DigestSessions()))).status).toBe(200);
    expect(s.problems).toEqual([]);
  });

  it('a server that offers only qop=auth-int gets no answer, and the timeline says why', async () => {
    const s = await server({ qop: 'auth-int' });
    const ex = await get(`${s.url}/int`, digestAuth(new DigestSessions()));
    expect(ex.status).toBe(401);
    expect(s.seen).toHaveLength(1);
    expect(ex.steps.at(-1)).toEqual({ kind: 'refused', detail: expect.stringContaining('auth-int') });
  });
});

describe('Digest through the engine (real keychain)', () => {
  it('the history entry shows the challenge and the answer, and keeps neither password nor response', async () => {
    const s = await server({ password: 'pä:ss+w/o=r&d#1€' });
    const engine = await Engine.open({ home: await mkdtemp(path.join(os.tmpdir(), 'authdesk-digest-')), secretStore: realKeychain() });
    try {
      const p = await engine.createProfile({ name: 'digest', clientType: 'confidential', auth: { scheme: 'digest', username: 'Mufasa' }, secrets: { password: 'pä:ss+w/o=r&d#1€' } });
      const { entry } = await engine.send({ profileId: p.id, method: 'GET', url: `${s.url}/v1` });
      expect(entry.status).toBe(200);
      expect(entry.identity).toBe('Mufasa');
      expect(entry.authSteps.map((x) => x.detail)).toEqual(expect.arrayContaining(['Digest challenge received (realm R, qop auth, MD5)', expect.stringMatching(/^Digest challenge answered/)]));
      const response = s.params(s.authorizations[0]!).response!;
      const stored = JSON.stringify([entry, engine.getHistory(entry.id)]);
      expect(findLeaks(stored, ['pä:ss+w/o=r&d#1€', response])).toEqual([]);
      expect(entry.requestHeaders).toContainEqual(['Authorization', 'Digest [REDACTED]']);
      await engine.removeProfile(p.id);
    } finally {
      await engine.close();
    }
  });
});
