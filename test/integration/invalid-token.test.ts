import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauthConfigSchema } from '../../shared/oauth';
import { startServer, type TestServer } from '../helpers/servers';
import { openTestEngine, type TestEngine } from '../helpers/test-engine';

/**
 * An API that refuses a cached access token with `WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750 §3.1: it
 * was revoked or expired early): the engine drops that token, so the next send gets a new one instead of sending the
 * refused one again (as `send --repeat` did, three times), and the explanation names the server's reason.
 */

let opened: TestEngine;
let server: TestServer;
let issued = 0;
/** The access token the API accepts now: the server "revokes" at-1 after the first request. */
let accepted = 'at-1';

beforeAll(async () => {
  opened = await openTestEngine('invalid-token');
  server = await startServer((req, res) => {
    if (req.url === '/token') {
      issued += 1;
      return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ access_token: `at-${issued}`, token_type: 'Bearer', expires_in: 3600 }));
    }
    if (req.url === '/plain-401') return res.writeHead(401, { 'WWW-Authenticate': 'Bearer realm="api"' }).end();
    if (req.headers.authorization === `Bearer ${accepted}`) return res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    res.writeHead(401, { 'WWW-Authenticate': 'Bearer realm="api", error="invalid_token", error_description="The access token was revoked"' }).end();
  });
});
afterAll(async () => {
  await opened.dispose();
  await server.close();
});

describe('an access token the API refuses as invalid_token', () => {
  it('is dropped: the next send gets a new token and works; the refused send says why and what to do', async () => {
    const { engine } = opened;
    const auth = oauthConfigSchema.parse({ scheme: 'oauth2', grant: 'client_credentials', tokenEndpoint: `${server.url}/token`, clientId: 'cid' });
    const p = await engine.createProfile({ name: 'revoked-token', clientType: 'confidential', auth, secrets: { client_secret: 'cs-Invalid-Token-5501' } });
    const url = `${server.url}/items`;
    expect((await engine.send({ profileId: p.id, url })).entry.status).toBe(200);
    accepted = 'at-2'; // the server revokes at-1
    const refused = await engine.send({ profileId: p.id, url });
    expect(refused.entry.status).toBe(401);
    expect(refused.entry.explanation).toMatchObject({ title: expect.stringMatching(/expired, revoked/), detail: expect.stringContaining('The access token was revoked') });
    expect(refused.entry.explanation!.tryThis[0]).toMatch(/^Send again: Authdesk dropped the refused token/);
    const again = await engine.send({ profileId: p.id, url });
    expect(again.entry.status).toBe(200);
    expect(again.entry.authSteps.map((s) => s.detail).join(' ')).toMatch(/fetched/);
    expect(issued).toBe(2);
    // A 401 without invalid_token keeps the token: nothing says it is bad.
    expect((await engine.send({ profileId: p.id, url: `${server.url}/plain-401` })).entry.status).toBe(401);
    expect((await engine.send({ profileId: p.id, url })).entry.status).toBe(200);
    expect(issued).toBe(2);
  });
});
