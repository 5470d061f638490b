import { readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { basicOf, json, spawnCli, tempHome } from './helpers';

/**
 * The bundle users run (bin/authdesk.js → out/main/cli.js), not the source the other CLI tests run: the build
 * replaces parts of axios with stubs (form-data, follow-redirects, the fetch adapter; electron.vite.config.ts), so
 * only a send through the bundle proves the stubs are never reached, for the sender and for the OAuth client alike.
 */
const PASSWORD = 'bundle-pw-7Kq2';
const CLIENT_SECRET = 'bundle-client-secret-3Zr8';
const ACCESS_TOKEN = 'bundle-access-token-9Wp4';

describe('the built CLI bundle', () => {
  let home: { home: string; cleanup: () => Promise<void> };
  let server: http.Server;
  let origin: string;
  let tokenRequests = 0;
  beforeAll(async () => {
    home = await tempHome();
    server = http.createServer((req, res) => {
      const auth = req.headers.authorization;
      req.resume();
      if (req.method === 'POST' && req.url === '/token') {
        tokenRequests += 1;
        const ok = basicOf(auth) === `cid:${CLIENT_SECRET}`;
        res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(ok ? { access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 3600 } : { error: 'invalid_client' }));
        return;
      }
      const ok = basicOf(auth) === `u:${PASSWORD}` || auth === `Bearer ${ACCESS_TOKEN}`;
      res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ ok }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await home.cleanup();
  });

  it('sends with Basic auth and with an OAuth client-credentials token', async () => {
    const run = (args: string[], input?: string) => spawnCli(args, { home: home.home, input, built: true, timeoutMs: 60_000 });
    expect((await run(['profile', 'add', 'b', '--scheme', 'basic', '--username', 'u'], `${PASSWORD}\n`)).code).toBe(0);
    const basic = await run(['send', 'b', `${origin}/resource`, '--json']);
    expect(json<{ status: number; ok: boolean }>(basic)).toMatchObject({ status: 200, ok: true });
    // Nothing on the send path touches a fetch global, which would load undici (the FormData probe the build removes).
    const probe = `--import=${new URL('../fixtures/report-undici.mjs', import.meta.url).href}`;
    const probed = await spawnCli(['send', 'b', `${origin}/resource`, '--json'], { home: home.home, built: true, timeoutMs: 60_000, env: { NODE_OPTIONS: probe } });
    expect(json<{ status: number }>(probed).status).toBe(200);
    expect(probed.stderr).toContain('undici loaded: false');
    expect(probed.stderr).toContain('http2 loaded: false'); // build/stubs/http2.js: loaded on first use only

    const add = await run(['profile', 'add', 'o', '--scheme', 'oauth2', '--grant', 'client_credentials', '--token-endpoint', `${origin}/token`, '--client-id', 'cid'], `${CLIENT_SECRET}\n`);
    expect(add.code).toBe(0);
    const oauth = await run(['send', 'o', `${origin}/resource`, '--json']);
    expect(json<{ status: number; ok: boolean }>(oauth)).toMatchObject({ status: 200, ok: true });
    expect(tokenRequests).toBe(1);
    // No secret in any encoding (Basic's base64 of user:password included), in the output or the data directory.
    const secrets = [PASSWORD, CLIENT_SECRET, ACCESS_TOKEN];
    for (const r of [basic, add, oauth]) expect(findLeaks(r.stdout + r.stderr, secrets, ['u', 'cid'])).toEqual([]);
    // The home holds the CLI's compiled-code cache too (test/cli/helpers.ts): the bytecode of these runs, scanned with the rest.
    expect(readdirSync(path.join(home.home, 'cache', 'authdesk'))).toEqual(expect.arrayContaining([expect.stringMatching(/^cli-send-/), expect.stringMatching(/^cli-profile-/)]));
    expect(await scanPaths([home.home], secrets, ['u', 'cid'])).toEqual([]);
  });
});
