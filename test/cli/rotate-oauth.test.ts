import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { spawnCli, tempHome } from './helpers';

/**
 * The trial's OAuth repro, as processes: `send --repeat 100` on a client_credentials profile while `authdesk rotate`
 * saves a WRONG client secret in another process. The API holds one response until the rotation is done, so it lands
 * in the middle of the run.
 */
describe('rotate an OAuth client secret while send --repeat runs', () => {
  let home: { home: string; cleanup: () => Promise<void> };
  let server: http.Server;
  let base = '';
  const tokenSecrets: string[] = [];
  const apiTokens: string[] = [];
  let gate: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    home = await tempHome();
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url === '/token') {
          const secret = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString().split(':')[1] ?? '';
          tokenSecrets.push(secret);
          if (secret !== 'secret-S1-aa') return void res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error":"invalid_client"}');
          return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ access_token: `tok-${tokenSecrets.length}`, token_type: 'Bearer', expires_in: 3600 }));
        }
        apiTokens.push(req.headers.authorization ?? '');
        void gate().then(() => res.writeHead(200).end('{}'));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await spawnCli(['profile', 'remove', 'o'], { home: home.home, input: null });
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await home.cleanup();
  });

  it('the token obtained with the old secret is not used after the rotation: the wrong secret fails with invalid_client', async () => {
    const add = await spawnCli(['profile', 'add', 'o', '--scheme', 'oauth2', '--grant', 'client_credentials', '--token-endpoint', `${base}/token`, '--client-id', 'svc'], { home: home.home, input: 'secret-S1-aa\n' });
    expect(add.code, add.stderr).toBe(0);
    gate = async () => {
      if (apiTokens.length !== 20) return;
      expect((await spawnCli(['rotate', 'o'], { home: home.home, input: 'secret-WRONG\n' })).code).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 300)); // the running process's watcher reports it
    };
    const run = await spawnCli(['send', 'o', `${base}/api`, '--repeat', '100', '--json'], { home: home.home, timeoutMs: 90_000 });
    gate = async () => undefined;
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('invalid_client');
    expect(apiTokens).toEqual(Array.from({ length: 20 }, () => 'Bearer tok-1')); // nothing went out with the old token after the rotation
    expect(tokenSecrets).toEqual(['secret-S1-aa', 'secret-WRONG']);
    // Neither client secret, nor the access token, is in the data folder or in what the CLI printed.
    const secrets = ['secret-S1-aa', 'secret-WRONG', 'tok-1'];
    expect(await scanPaths([home.home], secrets, ['svc'])).toEqual([]);
    expect(findLeaks(`${run.stdout}${run.stderr}`, secrets, ['svc'])).toEqual([]);
  }, 120_000);
});
