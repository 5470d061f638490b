import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/engine/engine';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { startServer, type TestServer } from '../helpers/servers';
import { openTestEngine, type TestEngine } from '../helpers/test-engine';

/**
 * A server that echoes a secret with the case of its letters changed must not get it shown or stored: the new-user
 * trial's token endpoint quoting `encodeURIComponent(client_secret).toLowerCase()` in its error_description, and an
 * API echoing its X-Api-Key lower- and upper-cased. Secrets live in the real keychain; values are made up.
 */

const CLIENT_SECRET = 'Env+Secret/=&%"-ümlaut-424242';
const API_KEY = 'MixedCaseKey+/=-AbCdEf1234';
const SECRETS = [CLIENT_SECRET, API_KEY];

let server: TestServer;
let opened: TestEngine;
let engine: Engine;

beforeAll(async () => {
  server = await startServer((req, res, body) => {
    if (req.url === '/token') {
      const secret = new URLSearchParams(body).get('client_secret') ?? '';
      const description = `client_secret ${encodeURIComponent(secret).toLowerCase()} is not valid (expected ${encodeURIComponent(secret.toUpperCase())})`;
      return res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'invalid_client', error_description: description }));
    }
    const key = String(req.headers['x-api-key'] ?? '');
    res.writeHead(401, { 'Content-Type': 'application/json', 'X-Echo': key.toUpperCase() });
    res.end(JSON.stringify({ error: `unknown key ${key.toLowerCase()}`, hint: `keys are case-insensitive: ${key.toUpperCase()}` }));
  });
  opened = await openTestEngine('echo-case');
  engine = opened.engine;
});
afterAll(async () => {
  await opened.dispose();
  await server.close();
});

const messageOf = async (p: Promise<unknown>): Promise<string> => {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toMatchObject({ code: 'auth_failed' });
  return (e as Error).message;
};

describe('a secret echoed with its case changed', () => {
  it('is masked in the OAuth error of token and send (client_secret_post, lower-cased percent-encoding)', async () => {
    const { id } = await engine.createProfile({
      name: 'oauth-case',
      clientType: 'confidential',
      auth: { scheme: 'oauth2', grant: 'client_credentials', tokenEndpoint: `${server.url}/token`, clientId: 'myclient', tokenEndpointAuthMethod: 'client_secret_post', sendRawClientCredentials: false, requireIss: false, tokenPrefix: 'Bearer' },
      secrets: { client_secret: CLIENT_SECRET },
    });
    const fromToken = await messageOf(engine.token('oauth-case'));
    const fromSend = await messageOf(engine.send({ profileId: id, url: `${server.url}/api` }));
    // the secret went out, so a clean message means redaction, not absence
    expect(server.seen.some((r) => r.url === '/token' && r.body.includes('client_secret=Env'))).toBe(true);
    for (const m of [fromToken, fromSend]) {
      expect(m).toMatch(/^invalid_client: client_secret \[REDACTED\] is not valid \(expected \[REDACTED\]\) \(HTTP 400\)/);
      expect(findLeaks(m, SECRETS)).toEqual([]);
    }
  });

  it('is masked in the reply and its history entry (an API key echoed lower- and upper-cased)', async () => {
    const { id } = await engine.createProfile({ name: 'key-case', clientType: 'confidential', auth: { scheme: 'apikey', placements: [{ in: 'header', name: 'X-Api-Key' }] }, secrets: { key0: API_KEY } });
    const reply = await engine.send({ profileId: id, method: 'GET', url: `${server.url}/api`, headers: [] });
    expect(reply.entry.responseBodyPreview).toBe('{"error":"unknown key [REDACTED]","hint":"keys are case-insensitive: [REDACTED]"}');
    expect(reply.entry.responseHeaders).toContainEqual(['x-echo', '[REDACTED]']);
    expect(engine.getHistory(reply.entry.id)).toEqual(reply.entry);
    expect(findLeaks(JSON.stringify(reply.entry), SECRETS)).toEqual([]);
  });

  it('is in no export and nowhere in the data directory', async () => {
    const har = path.join(opened.home, 'case.har');
    const jsonl = path.join(opened.home, 'case.jsonl');
    await engine.exportLog({ format: 'har', out: har });
    await engine.exportLog({ format: 'jsonl', out: jsonl });
    for (const file of [har, jsonl]) {
      const text = await readFile(file, 'utf8');
      expect(text).toContain('[REDACTED]');
      expect(findLeaks(text, SECRETS)).toEqual([]);
      expect(text.toLowerCase()).not.toMatch(/mixedcasekey|env%2bsecret|mlaut-424242/);
    }
    expect(await scanPaths([opened.home], SECRETS)).toEqual([]);
  });
});
