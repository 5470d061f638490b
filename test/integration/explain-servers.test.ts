import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sender, type Exchange } from '../../electron/engine/sender';
import { applyAuth, type AppliedAuth } from '../../shared/auth-apply';
import { explainFailure, type ExplainInput } from '../../shared/explain';
import { startServer, type TestServer } from '../helpers/servers';

/**
 * Real HTTP servers on 127.0.0.1 answer each way an API can refuse; the real Sender sends the request, and the
 * explanation is computed from the Exchange exactly as the engine will.
 */

const SERVER_DATE = 'Tue, 14 Jan 2025 10:00:00 GMT';
const SERVER_S = Date.parse(SERVER_DATE) / 1000;
const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const futureJwt = `${b64url({ alg: 'RS256' })}.${b64url({ sub: 'someone', iat: SERVER_S + 300, exp: SERVER_S + 3900 })}.c2ln`;

type Route = (res: http.ServerResponse) => void;

const json = (status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): Route => (res) =>
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));

const routes: Record<string, Route> = {
  '/ok': json(200, { ok: true }),
  '/expired': json(401, { message: 'Unauthorized' }, { 'WWW-Authenticate': 'Bearer realm="api", error="invalid_token", error_description="The access token expired"' }),
  '/scope': json(403, {}, { 'WWW-Authenticate': 'Bearer error="insufficient_scope", scope="repo user"' }),
  '/digest': (res) => res.writeHead(401, { 'WWW-Authenticate': 'Digest realm="R", nonce="N=x", qop="auth"' }).end(),
  '/two-lines': (res) => {
    res.setHeader('WWW-Authenticate', ['Negotiate', 'Digest realm="a, b=c"']);
    res.writeHead(401).end();
  },
  '/basic': (res) => res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="staging", charset="UTF-8"' }).end(),
  '/token-grant': json(400, { error: 'invalid_grant', error_description: 'Authorization code already used' }),
  '/token-client': json(401, { error: 'invalid_client' }, { 'WWW-Authenticate': 'Basic realm="token"' }),
  '/clock': json(401, {}, { Date: SERVER_DATE, 'WWW-Authenticate': 'Bearer error="invalid_token"' }),
  '/rate': json(429, { message: 'slow down' }, { 'Retry-After': '7', 'RateLimit-Limit': '10', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '7' }),
  '/forbidden': json(403, { message: 'Must have admin rights to Repository.' }),
  '/silent': () => undefined,
};

const sender = new Sender();
let api: TestServer;
let files: TestServer;
let closedUrl: string;

beforeAll(async () => {
  files = await startServer((_req, res) => res.writeHead(401, { 'WWW-Authenticate': 'Bearer realm="files"' }).end());
  api = await startServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/download') return res.writeHead(302, { Location: `${files.url}/blob?sig=abc` }).end();
    (routes[path] ?? json(404, {}))(res);
  });
  const closed = await startServer(() => undefined);
  closedUrl = closed.url;
  await closed.close();
});

afterAll(async () => {
  sender.close();
  await api.close();
  await files.close();
});

const bearer = (token: string) => applyAuth({ scheme: 'bearer', prefix: 'Bearer' }, { token });
const basic = applyAuth({ scheme: 'basic', username: 'ann' }, { password: 'pw' });

async function send(url: string, auth: AppliedAuth | null, timeoutMs = 5000): Promise<Exchange> {
  return sender.send({ method: 'GET', url, headers: [] }, { auth, timeoutMs });
}

function explain(ex: Exchange, extra: Partial<ExplainInput> = {}) {
  return explainFailure({
    status: ex.status,
    failure: ex.failure,
    error: ex.error,
    responseHeaders: ex.responseHeaders,
    responseBodyPreview: ex.bodyPreview,
    scheme: null,
    redirects: ex.redirects,
    ...extra,
  });
}

describe('explanations of real server answers', () => {
  it('200 → nothing to explain', async () => {
    expect(explain(await send(`${api.url}/ok`, null))).toBeNull();
  });

  it('401 Bearer invalid_token → expired or revoked', async () => {
    const e = explain(await send(`${api.url}/expired`, bearer('opaque-1')), { scheme: 'bearer', accessToken: 'opaque-1' })!;
    expect(e.title).toMatch(/expired, revoked/);
    expect(e.detail).toContain('The access token expired');
    expect(e.rule).toBe('RFC 6750 §3.1');
  });

  it('403 insufficient_scope → needs scope repo user', async () => {
    const e = explain(await send(`${api.url}/scope`, bearer('opaque-2')), { scheme: 'bearer' })!;
    expect(e.title).toBe('The token needs scope repo user');
  });

  it('401 Digest to a Basic profile → the server wants Digest', async () => {
    const e = explain(await send(`${api.url}/digest`, basic), { scheme: 'basic' })!;
    expect(e.title).toBe('The server wants Digest authentication');
  });

  it('two WWW-Authenticate lines → both schemes are listed', async () => {
    const e = explain(await send(`${api.url}/two-lines`, basic), { scheme: 'basic' })!;
    expect(e.title).toBe('The server accepts Negotiate or Digest authentication');
    expect(e.facts.challenges).toBe('Negotiate; Digest realm="a, b=c"');
  });

  it('401 Basic to a Basic profile → wrong username or password, UTF-8', async () => {
    const e = explain(await send(`${api.url}/basic`, basic), { scheme: 'basic' })!;
    expect(e.title).toBe('Wrong username or password');
    expect(e.facts.charset).toBe('UTF-8');
  });

  it('401 after a cross-origin redirect that stripped the credentials', async () => {
    const ex = await send(`${api.url}/download`, bearer('opaque-3'));
    expect(ex.redirects).toEqual([expect.objectContaining({ credentials: 'stripped' })]);
    const e = explain(ex, { scheme: 'bearer' })!;
    expect(e.rule).toBe('RFC 9110 §15.4');
    expect(e.tryThis[0]).toBe(`Call ${files.url} directly, with a profile bound to that host.`);
  });

  it('token endpoint invalid_grant and invalid_client bodies', async () => {
    const grant = explain(await send(`${api.url}/token-grant`, null), { scheme: 'oauth2' })!;
    expect(grant.title).toMatch(/sign in again/);
    expect(grant.detail).toContain('Authorization code already used');
    const client = explain(await send(`${api.url}/token-client`, null), { scheme: 'oauth2' })!;
    expect(client.tryThis.join(' ')).toContain('client_secret_basic ↔ client_secret_post');
  });

  it("a JWT issued 300 s ahead of the server's Date → the clocks disagree", async () => {
    const e = explain(await send(`${api.url}/clock`, bearer(futureJwt)), { scheme: 'bearer', accessToken: futureJwt })!;
    expect(e.title).toBe('The clocks disagree by 300 s');
    expect(JSON.stringify(e)).not.toContain('someone');
  });

  it('429 with Retry-After → wait 7 s', async () => {
    const e = explain(await send(`${api.url}/rate`, null))!;
    expect(e.title).toBe('Rate limited: wait 7 s');
    expect(e.facts).toMatchObject({ limit: '10', remaining: '0', retryAfterS: '7' });
  });

  it('403 without a challenge → authenticated but not allowed', async () => {
    const e = explain(await send(`${api.url}/forbidden`, bearer('opaque-4')), { scheme: 'bearer' })!;
    expect(e.title).toBe('Authenticated, but not allowed');
    expect(e.detail).toContain('Must have admin rights to Repository.');
  });

  it('connection refused → network, with the sender message', async () => {
    const ex = await send(`${closedUrl}/x`, null);
    const e = explain(ex)!;
    expect(e.title).toBe('Could not reach the server');
    expect(e.detail).toBe(ex.error);
  });

  it('no answer → timeout', async () => {
    const e = explain(await send(`${api.url}/silent`, null, 300))!;
    expect(e.title).toBe('The server did not answer in time');
  });
});
