import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/engine';
import { getJson } from '../../electron/engine/oauth/http';
import { realKeychain } from '../helpers/keyring';

/**
 * The OAuth client's bounds on a hostile token endpoint: a reply trickled without end is given up at the timeout
 * (axios' `timeout` only bounds each silence), and a 50 MB reply over the 1 MB cap is said to be too large, not
 * "could not reach".
 */
const TRICKLE_BYTES = 40; // one every 200 ms: ends by itself after 8 s, so an unbounded request still finishes
const HUGE_BYTES = 50 * 1024 * 1024;

describe('OAuth endpoint replies bounded in time and size', () => {
  let home: string;
  let engine: Engine;
  let server: http.Server;
  let origin: string;
  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'authdesk-oauth-deadline-'));
    engine = await Engine.open({ home, secretStore: realKeychain() });
    server = http.createServer((req, res) => {
      req.resume();
      if (req.url === '/trickle') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"access_token":"at-trickle","token_type":"Bearer","pad":"');
        let sent = 0;
        const t = setInterval(() => (++sent >= TRICKLE_BYTES ? (clearInterval(t), res.end('"}')) : res.write('.')), 200);
        res.on('close', () => clearInterval(t));
        return;
      }
      if (req.url === '/huge') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let sent = 0;
        const pump = () => {
          while (sent < HUGE_BYTES && !res.destroyed) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          if (!res.destroyed) res.end();
        };
        res.on('error', () => undefined); // the client hangs up after the cap
        return pump();
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const p of (await engine.listProfiles()).profiles) await engine.removeProfile(p.id);
    await engine.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(home, { recursive: true, force: true });
  });

  const profile = (name: string, tokenPath: string) =>
    engine.createProfile({
      name,
      clientType: 'confidential',
      auth: { scheme: 'oauth2', grant: 'client_credentials', tokenEndpoint: `${origin}${tokenPath}`, clientId: 'cid', tokenEndpointAuthMethod: 'client_secret_post', sendRawClientCredentials: false, requireIss: false, tokenPrefix: 'Bearer' },
      secrets: { client_secret: 'deadline-client-secret-8' },
    });

  it('a trickled token reply fails after about the token timeout, said as still arriving', async () => {
    const p = await profile('trickle', '/trickle');
    const started = performance.now();
    await expect(engine.token(p.id, undefined, 1000)).rejects.toMatchObject({
      code: 'auth_failed',
      message: `The OAuth endpoint at ${origin} answered, but its reply was still arriving when the timeout of 1 s ran out. The timeout bounds the whole reply: check the endpoint, or raise the timeout.`,
    });
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(990);
    expect(took).toBeLessThan(1000 + 2000);
  });

  it('a token reply over the 1 MB cap is said to be too large and not read', async () => {
    const p = await profile('huge', '/huge');
    await expect(engine.token(p.id, undefined, 20_000)).rejects.toMatchObject({
      code: 'auth_failed',
      message: `The OAuth endpoint at ${origin} replied with more than 1 MB (1048576 bytes), the most Authdesk reads from it; the reply was not read.`,
    });
  });

  it('metadata (discovery) is bounded the same way', async () => {
    const started = performance.now();
    await expect(getJson(`${origin}/trickle`, 800)).rejects.toMatchObject({ code: 'auth_failed', message: `Could not fetch ${origin}/trickle: no complete answer within 800 ms.` });
    expect(performance.now() - started).toBeLessThan(800 + 2000);
    await expect(getJson(`${origin}/huge`, 20_000)).rejects.toMatchObject({ message: `Could not fetch ${origin}/huge: it replied with more than 1 MB (1048576 bytes); the reply was not read.` });
  });
});
