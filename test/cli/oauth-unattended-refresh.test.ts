import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenInfo } from '../../shared/oauth';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { startServer, type TestServer } from '../helpers/servers';
import { json, spawnCli, tempHome } from './helpers';

/**
 * A token endpoint that answers the client_credentials grant with a refresh_token too (RFC 6749 §4.4.3: it SHOULD
 * NOT). The CLI keeps none: no keychain entry, a later process runs the grant again instead of refreshing, the send
 * says so in a note step, and the dropped value is still redacted wherever the reply could be recorded.
 */

const SECRET = 'cc-secret-Tau6283';
let issued = 0;
const refreshTokens: string[] = [];
let server: TestServer;
let home: Awaited<ReturnType<typeof tempHome>>;

beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url === '/token') {
      issued += 1;
      const refresh = `rt-Dropped-${issued}-Kq81x`;
      refreshTokens.push(refresh);
      const reply = { access_token: `at-${issued}-Zm42`, token_type: 'Bearer', expires_in: 3600, refresh_token: refresh };
      return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(reply));
    }
    const ok = /^Bearer at-\d+-Zm42$/.test(req.headers.authorization ?? '');
    res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok }));
  });
  home = await tempHome();
});
afterAll(async () => {
  await server?.close();
  await home?.cleanup();
});

describe('client_credentials: a refresh token the server issues anyway is not kept', () => {
  it('token says none, a new process runs the grant again (never grant_type=refresh_token), the send notes the drop', async () => {
    const run = (args: string[], input?: string) => spawnCli(args, { home: home.home, input });
    const add = await run(['profile', 'add', 'cc', '--scheme', 'oauth2', '--grant', 'client_credentials', '--token-endpoint', `${server.url}/token`, '--client-id', 'svc'], `${SECRET}\n`);
    expect(add.code, add.stderr).toBe(0);

    const token = await run(['token', 'cc']);
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout).toContain('Refresh token:  none');
    expect(json<TokenInfo>(await run(['token', 'cc', '--json']))).toMatchObject({ source: 'fetched', hasRefreshToken: false });

    const sent = await run(['send', 'cc', `${server.url}/api`]);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toContain('access token fetched with client_credentials');
    expect(sent.stdout).toContain('the server also issued a refresh token; not kept: this grant runs again when the access token expires (RFC 6749 §4.4.3)');
    expect(sent.stdout).not.toContain('refreshed');

    const grants = server.seen.filter((r) => r.url === '/token').map((r) => new URLSearchParams(r.body).get('grant_type'));
    expect(grants).toEqual(['client_credentials', 'client_credentials', 'client_credentials']);

    const har = path.join(home.home, 'out.har');
    expect((await run(['export', '--format', 'har', '--out', har])).code).toBe(0);
    expect(findLeaks(await readFile(har, 'utf8'), [SECRET, ...refreshTokens])).toEqual([]);
    expect(findLeaks([add, token, sent].map((r) => r.stdout + r.stderr).join('\n'), [SECRET, ...refreshTokens])).toEqual([]);
    expect(await scanPaths([home.home], [SECRET, ...refreshTokens])).toEqual([]);
  }, 60_000);
});
