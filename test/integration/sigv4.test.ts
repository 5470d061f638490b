import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAuth, type AppliedAuth } from '../../shared/auth-apply';
import { Engine } from '../../electron/engine/engine';
import { Sender } from '../../electron/engine/sender';
import { sigV4Authenticator } from '../../electron/engine/sigv4';
import { realKeychain } from '../helpers/keyring';
import { findLeaks } from '../helpers/leak-scan';
import { startServer, type TestServer } from '../helpers/servers';
import { startSigV4Server, type SigV4Server } from '../helpers/sigv4-server';

const CREDS = { accessKeyId: 'AKIDEXAMPLE12345', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'FwoGZXIvYXdzEXAMPLE/session+token=', region: 'eu-west-1', service: 'execute-api' };
const CONFIG = { scheme: 'aws-sigv4', accessKeyId: CREDS.accessKeyId, region: CREDS.region, service: CREDS.service } as const;

function sigv4(secretAccessKey = CREDS.secretAccessKey, sessionToken = CREDS.sessionToken): AppliedAuth {
  return { ...applyAuth(CONFIG, { secret_access_key: secretAccessKey, session_token: sessionToken }), authenticator: sigV4Authenticator({ ...CREDS, secretAccessKey, sessionToken }) };
}

const sender = new Sender();
let api: SigV4Server;
let other: TestServer;
beforeAll(async () => {
  other = await startServer((_req, res) => res.end('elsewhere'));
  api = await startSigV4Server(CREDS, (req, res) => {
    if (req.url === '/moved') return res.writeHead(307, { Location: '/v2/things?page=2' }).end(), true;
    if (req.url === '/away') return res.writeHead(302, { Location: `${other.url}/bucket` }).end(), true;
    return false;
  });
});
afterAll(async () => {
  sender.close();
  await api.close();
  await other.close();
});

describe('AWS Signature Version 4 against a verifying server', () => {
  it('signs the exact method, path, query, headers and body sent', async () => {
    const body = '{"name":"ä b+c"}';
    const ex = await sender.send(
      { method: 'POST', url: `${api.url}/v1/things?b=2&a=x%20y&a=%2B`, headers: [['X-Custom', '  spaced   value '], ['Content-Type', 'application/json']], body },
      { auth: sigv4(), timeoutMs: 5000 },
    );
    expect(api.problems).toEqual([]);
    expect(ex.status).toBe(200);
    const seen = api.seen.at(-1)!;
    expect(seen.headers.authorization).toMatch(/SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-custom,/);
    expect(seen.headers['x-amz-security-token']).toBe(CREDS.sessionToken);
    const signature = /Signature=(\w+)/.exec(seen.headers.authorization!)![1]!;
    expect(ex.derivedSecrets).toEqual([signature]);
  });

  it('a wrong secret access key → 403 from the server', async () => {
    const ex = await sender.send({ method: 'GET', url: `${api.url}/v1/things`, headers: [] }, { auth: sigv4('not-the-secret-access-key-000000000000'), timeoutMs: 5000 });
    expect(ex.status).toBe(403);
    expect(ex.failure).toBe('forbidden');
    expect(api.problems.at(-1)).toBe('signature mismatch');
  });

  it('long-term keys (empty session token) send no X-Amz-Security-Token', async () => {
    const plain = await startSigV4Server({ ...CREDS, sessionToken: undefined });
    try {
      const ex = await sender.send({ method: 'GET', url: `${plain.url}/v1`, headers: [] }, { auth: sigv4(CREDS.secretAccessKey, ''), timeoutMs: 5000 });
      expect(plain.problems).toEqual([]);
      expect(ex.status).toBe(200);
      expect(plain.seen[0]!.headers['x-amz-security-token']).toBeUndefined();
    } finally {
      await plain.close();
    }
  });

  it('a same-origin redirect is re-signed for its own URL; a cross-origin one carries no signature', async () => {
    const before = api.problems.length;
    const moved = await sender.send({ method: 'PUT', url: `${api.url}/moved`, headers: [], body: 'payload' }, { auth: sigv4(), timeoutMs: 5000 });
    expect(moved.status).toBe(200);
    expect(api.problems.length).toBe(before);
    expect(api.seen.at(-1)).toMatchObject({ method: 'PUT', url: '/v2/things?page=2', body: 'payload' });

    const away = await sender.send({ method: 'GET', url: `${api.url}/away`, headers: [] }, { auth: sigv4(), timeoutMs: 5000 });
    expect(away.status).toBe(200);
    const hop = other.seen.at(-1)!.headers;
    expect(Object.keys(hop).filter((k) => k === 'authorization' || k.startsWith('x-amz-'))).toEqual([]);
  });
});

describe('AWS SigV4 through the engine (real keychain)', () => {
  it('history shows the access key id, never the secret, the session token or the signature', async () => {
    const engine = await Engine.open({ home: await mkdtemp(path.join(os.tmpdir(), 'authdesk-sigv4-')), secretStore: realKeychain() });
    try {
      const p = await engine.createProfile({ name: 'aws', clientType: 'confidential', auth: CONFIG, secrets: { secret_access_key: CREDS.secretAccessKey, session_token: CREDS.sessionToken } });
      const { entry } = await engine.send({ profileId: p.id, method: 'GET', url: `${api.url}/v1/me` });
      expect(entry.status).toBe(200);
      expect(entry.identity).toBe(CREDS.accessKeyId);
      const signature = /Signature=(\w+)/.exec(api.seen.at(-1)!.headers.authorization!)![1]!;
      expect(findLeaks(JSON.stringify([entry, engine.getHistory(entry.id)]), [CREDS.secretAccessKey, CREDS.sessionToken, signature])).toEqual([]);
      await engine.removeProfile(p.id);
    } finally {
      await engine.close();
    }
  });
});
