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
/** The tester's secret: form-encoding, percent-encoding and HTML-escaping all change it. */
const TESTER = 'S3cr&t<a b+c/d=e%f:g>';

let server: TestServer;
let home: Awaited<ReturnType<typeof tempHome>>;
const secrets = [SECRET, AWKWARD, formEncode(AWKWARD)];

beforeAll(async () => {
  server = await startServer((req, res, body) => {
    const echo = `got ${req.headers.authorization ?? ''} body ${body}`;
    if (req.url === '/device') {
      // a device authorization answer (RFC 8628 §3.2) whose user_code and verification URIs quote the request
      const q = encodeURIComponent(echo);
      const answer = { device_code: 'dc-cli-Echo-77', user_code: echo, verification_uri: `${server.url}/verify?got=${q}`, verification_uri_complete: `${server.url}/verify?c=${q}`, expires_in: 60, interval: 1 };
      return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
    }
    res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'invalid_client', error_description: echo }));
  });
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

  it.each([[[]], [['--json']]])('device_code (args %j): user_code and verification URIs quoting the Basic credential are shown redacted', async (extra) => {
    const name = `dv-${extra.length}`;
    const add = await spawnCli(
      ['profile', 'add', name, '--scheme', 'oauth2', '--grant', 'device_code', '--device-authorization-endpoint', `${server.url}/device`, '--token-endpoint', `${server.url}/t`, '--client-id', CLIENT_ID, '--token-endpoint-auth-method', 'client_secret_basic'],
      { home: home.home, input: `${TESTER}\n` },
    );
    expect(add.code, add.stderr).toBe(0);
    const before = server.seen.length;
    const run = await spawnCli(['token', name, ...extra], { home: home.home, env: { AUTHDESK_NO_BROWSER: '1' } });
    expect(server.seen.slice(before).find((r) => r.url === '/device')?.headers.authorization).toMatch(/^Basic /);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/To sign in, visit http:\/\/127\.0\.0\.1:\d+\/verify\?got=/);
    expect(run.stderr).toMatch(/^ {4}got Basic \[REDACTED\] body $/m);
    expect(findLeaks(run.stdout + run.stderr, [TESTER, formEncode(TESTER)], [CLIENT_ID])).toEqual([]);
  }, 60_000);

  it('leaves no secret in the data folder', async () => {
    expect(await scanPaths([home.home], [...secrets, TESTER, formEncode(TESTER)], [CLIENT_ID])).toEqual([]);
  });
});
