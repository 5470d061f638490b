import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formEncode } from '../../shared/encoding';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { startServer, type TestServer } from '../helpers/servers';
import { spawnCli, tempHome } from './helpers';

/**
 * The tester's report: a token endpoint that echoes the Authorization header and the form body in its
 * error_description made `authdesk token` and `authdesk send` print the client_secret (or the Basic credential) on
 * stderr. The real CLI process must exit 3 with the OAuth error explained and no secret in its output or data folder.
 */

const SECRET = 'CC-Secret-Phi2718';
const AWKWARD = 'cc+/=&#:ü-Sx9~%';
const CLIENT_ID = 'myclient';

let server: TestServer;
let home: Awaited<ReturnType<typeof tempHome>>;
const secrets = [SECRET, AWKWARD, formEncode(AWKWARD)];

beforeAll(async () => {
  server = await startServer((req, res, body) =>
    res
      .writeHead(400, { 'Content-Type': 'application/json' })
      .end(JSON.stringify({ error: 'invalid_client', error_description: `got ${req.headers.authorization ?? ''} body ${body}` })),
  );
  home = await tempHome();
});
afterAll(async () => {
  await server?.close();
  await home?.cleanup();
});

describe('CLI: an echoing token endpoint never gets the client secret printed', () => {
  it.each([
    ['client_secret_post', 'plain', SECRET],
    ['client_secret_basic', 'plain', SECRET],
    ['client_secret_basic', 'form-encodable', AWKWARD],
  ])('token and send with %s (a %s secret) exit 3 with the redacted OAuth error', async (method, _kind, secret) => {
    const name = `c-${method}-${secret.length}`;
    const add = await spawnCli(
      ['profile', 'add', name, '--scheme', 'oauth2', '--grant', 'client_credentials', '--token-endpoint', `${server.url}/t`, '--client-id', CLIENT_ID, '--token-endpoint-auth-method', method],
      { home: home.home, input: `${secret}\n` },
    );
    expect(add.code, add.stderr).toBe(0);
    const before = server.seen.length;
    const token = await spawnCli(['token', name], { home: home.home });
    const send = await spawnCli(['send', name, `${server.url}/api`], { home: home.home });
    // the secret really went out (so a clean output means redaction, not absence)
    expect(server.seen.slice(before).some((r) => r.headers.authorization?.startsWith('Basic ') || r.body.includes('client_secret='))).toBe(true);
    for (const run of [token, send]) {
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/^authdesk: invalid_client: got (Basic \[REDACTED\] )?\s?body grant_type=client_credentials/);
      expect(run.stderr).toContain('The server did not accept the client credentials');
      expect(findLeaks(run.stdout + run.stderr, secrets, [CLIENT_ID])).toEqual([]);
    }
  }, 60_000);

  it('leaves no secret in the data folder', async () => {
    expect(await scanPaths([home.home], secrets, [CLIENT_ID])).toEqual([]);
  });
});
