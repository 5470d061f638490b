import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLeaks } from '../helpers/leak-scan';
import { startServer, type TestServer } from '../helpers/servers';
import { runCli, tempHome } from './helpers';

/**
 * `authdesk send` says why a request failed and what to try, as the app's explanation panel does: a new-user trial
 * got only "HTTP 401 Unauthorized (invalid_credentials)" for an API whose challenge named its reason
 * (`Bearer error="invalid_token"`, RFC 6750 §3.1). Server text stays on one line.
 */
const TOKEN = 'tok-Explain-3391-zz';
let server: TestServer;
let home: Awaited<ReturnType<typeof tempHome>>;

beforeAll(async () => {
  server = await startServer((_req, res) => {
    res.writeHead(401, { 'WWW-Authenticate': 'Bearer realm="api", error="invalid_token", error_description="The access token expired"' }).end();
  });
  home = await tempHome();
  expect((await runCli(['profile', 'add', 'bt', '--scheme', 'bearer'], { home: home.home, input: `${TOKEN}\n` })).code).toBe(0);
});
afterAll(async () => {
  await server.close();
  await home.cleanup();
});

describe('send without --json on a failure', () => {
  it('prints the explanation: why (with the server reason) and what to try; exit 1', async () => {
    const r = await runCli(['send', 'bt', `${server.url}/me`], { home: home.home });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Why: The access token is expired, revoked or not valid for this API. The server rejected the token (error="invalid_token")');
    expect(r.stdout).toContain('The access token expired');
    expect(r.stdout).toMatch(/\nTry: Get a new token from the provider and replace it in the profile\.\n/);
    expect(r.stderr).toBe('authdesk: HTTP 401 Unauthorized (invalid_credentials)\n');
    expect(findLeaks(r.stdout + r.stderr, [TOKEN])).toEqual([]);
  });
});
