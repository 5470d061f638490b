import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeviceFlow } from '../../electron/engine/oauth/device';
import { TokenManager, type OAuthProfile } from '../../electron/engine/oauth/token-manager';
import { RedactorCache } from '../../electron/engine/redaction';
import { testDeps } from '../helpers/oauth';
import { requestToken } from '../../electron/engine/oauth/token-endpoint';
import { Vault } from '../../electron/engine/vault';
import { oauthConfigSchema, type OAuthConfig } from '../../shared/oauth';
import { realKeychain } from '../helpers/keyring';
import { startServer, type TestServer } from '../helpers/servers';

/** A token endpoint that answers however the current test says. */
let reply: (body: string, headers: Record<string, string | string[] | undefined>) => { status?: number; type?: string; body: string; headers?: Record<string, string> } = () => ({ body: '{}' });
let server: TestServer;
const vault = new Vault(realKeychain());

beforeAll(async () => {
  server = await startServer((req, res, body) => {
    const r = reply(body, req.headers);
    res.writeHead(r.status ?? 200, { 'Content-Type': r.type ?? 'application/json', ...r.headers });
    res.end(r.body);
  });
});
afterAll(() => server.close());

const cfg = (over: Partial<OAuthConfig> = {}): OAuthConfig =>
  oauthConfigSchema.parse({ scheme: 'oauth2', grant: 'client_credentials', tokenEndpoint: `${server.url}/token`, clientId: 'cid', ...over });
const profile = (over: Partial<OAuthConfig> = {}, secret: string | null = 'sec'): OAuthProfile => ({ id: `trap-${Math.random().toString(16).slice(2)}`, name: 'trap', config: cfg(over), clientSecret: secret });
const opts = { timeoutMs: 5000, now: Date.now };
const last = () => server.seen.at(-1)!;

describe('token endpoint traps (TRAPS T8–T17)', () => {
  it('T8: parses a form-encoded token reply, keeps the scope as given, and reports the deviation', async () => {
    reply = () => ({ type: 'application/x-www-form-urlencoded', body: 'access_token=gho_abc123&scope=repo%2Cgist&token_type=bearer' });
    const r = await requestToken(`${server.url}/token`, { config: cfg(), clientSecret: 'sec' }, new URLSearchParams({ grant_type: 'client_credentials' }), opts);
    expect(last().headers.accept).toBe('application/json');
    expect(r.tokens).toMatchObject({ accessToken: 'gho_abc123', scope: 'repo,gist', tokenType: 'Bearer' });
    expect(r.warnings.join(' ')).toMatch(/form-urlencoded instead of JSON/);
  });

  it.each([
    [502, 'text/html', '<html><body><h1>502 Bad Gateway</h1></body></html>', /^HTTP 502\. The token endpoint failed: the server, or a proxy in front of it, has a problem/],
    [404, 'text/html', '<html>Not Found</html>', /^HTTP 404\. The token endpoint answered without an OAuth error \(RFC 6749 §5\.2\): check the token endpoint URL\.$/],
  ])('an HTTP %i that is not an OAuth error reply is named as what it is, not as a refusal with an error code', async (status, type, body, message) => {
    reply = () => ({ status, type, body });
    const e = await requestToken(`${server.url}/token`, { config: cfg(), clientSecret: 'sec' }, new URLSearchParams({ grant_type: 'client_credentials' }), opts).catch((x: unknown) => x as Error);
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toMatch(message);
    expect((e as Error).message).not.toMatch(/http_\d|refused/);
  });

  it('an error code outside RFC 6749 §5.2 (a quote, a line break) is not taken as a code', async () => {
    reply = () => ({ status: 400, body: JSON.stringify({ error: 'sl"ow\ndown' }) });
    const e = await requestToken(`${server.url}/token`, { config: cfg(), clientSecret: 'sec' }, new URLSearchParams({ grant_type: 'client_credentials' }), opts).catch((x: unknown) => x as Error);
    expect((e as Error).message).toBe('HTTP 400. The token endpoint answered with an error code that is not valid (RFC 6749 §5.2: printable ASCII without quotes or backslashes): a broken server or something in between.');
  });

  it('a redirect from the token endpoint is not followed, and says where it pointed', async () => {
    reply = () => ({ status: 307, body: '', type: 'text/plain', headers: { Location: 'http://127.0.0.1:9/steal' } });
    const seen = server.seen.length;
    const e = await requestToken(`${server.url}/token-moved`, { config: cfg(), clientSecret: 'sec' }, new URLSearchParams({ grant_type: 'client_credentials' }), opts).catch((x: unknown) => x as Error);
    expect(e).toBeInstanceOf(Error);
    expect(server.seen).toHaveLength(seen + 1);
    expect((e as Error).message).toMatch(/^The token endpoint answered with a redirect \(HTTP 307\) to http:\/\/127\.0\.0\.1:9\/steal, which Authdesk does not follow/);
  });

  it('an omitted scope is the scope requested (RFC 6749 §5.1)', async () => {
    reply = () => ({ body: '{"access_token":"at-s","token_type":"Bearer"}' });
    const r = await requestToken(`${server.url}/token`, { config: cfg(), clientSecret: 'sec' }, new URLSearchParams({ grant_type: 'client_credentials', scope: 'read write' }), opts);
    expect(r.tokens.scope).toBe('read write');
    reply = () => ({ body: '{"access_token":"at-s","token_type":"Bearer","scope":"read"}' });
    expect((await requestToken(`${server.url}/token`, { config: cfg(), clientSecret: 'sec' }, new URLSearchParams({ grant_type: 'client_credentials', scope: 'read write' }), opts)).tokens.scope).toBe('read');
  });

  it('T9: token_type "bearer" is case-insensitive and sent as canonical Bearer', async () => {
    reply = () => ({ body: '{"access_token":"at-9","token_type":"bEaReR"}' });
    const r = await requestToken(`${server.url}/token`, { config: cfg(), clientSecret: 'sec' }, new URLSearchParams({ grant_type: 'client_credentials' }), opts);
    expect(r.tokens.tokenType).toBe('Bearer');
  });

  it('T10/T15: expires_in as a string is honoured; after expiry a new token is obtained, never the expired one', async () => {
    let n = 0;
    reply = () => ({ body: JSON.stringify({ access_token: `at-${++n}`, token_type: 'Bearer', expires_in: '60' }) });
    let now = 1_000_000;
    const tm = new TokenManager(vault, () => now, new RedactorCache());
    const p = profile();
    const a = await tm.get(p);
    expect(a.tokens.expiresAt).toBe(1_000_000 + 60_000);
    expect(a.warnings.join(' ')).toMatch(/string "60"/);
    now += 30_000;
    expect((await tm.get(p)).tokens.accessToken).toBe('at-1');
    now += 31_000;
    const b = await tm.get(p);
    expect(b.tokens.accessToken).toBe('at-2');
    expect(b.source).toBe('fetched');
  });

  it('T15: a 5 s token is used while valid and replaced after 6 s', async () => {
    let n = 0;
    reply = () => ({ body: JSON.stringify({ access_token: `short-${++n}`, token_type: 'Bearer', expires_in: 5 }) });
    let now = 5_000_000;
    const tm = new TokenManager(vault, () => now, new RedactorCache());
    const p = profile();
    expect((await tm.get(p)).tokens.accessToken).toBe('short-1');
    now += 2_000;
    expect((await tm.get(p)).source).toBe('cache');
    now += 4_000;
    expect((await tm.get(p)).tokens.accessToken).toBe('short-2');
  });

  it('T12: client_secret_basic form-encodes client_id and secret before base64; the raw switch sends them as is', async () => {
    reply = () => ({ body: '{"access_token":"x","token_type":"Bearer"}' });
    const c = cfg({ clientId: 'a:b' });
    await requestToken(`${server.url}/token`, { config: c, clientSecret: 'x+y%z' }, new URLSearchParams({ grant_type: 'client_credentials' }), opts);
    expect(last().headers.authorization).toBe(`Basic ${Buffer.from('a%3Ab:x%2By%25z').toString('base64')}`);
    const raw = cfg({ clientId: 'a:b', sendRawClientCredentials: true });
    const r = await requestToken(`${server.url}/token`, { config: raw, clientSecret: 'x+y%z' }, new URLSearchParams({ grant_type: 'client_credentials' }), opts);
    expect(last().headers.authorization).toBe(`Basic ${Buffer.from('a:b:x+y%z').toString('base64')}`);
    expect(r.clientAuth).toMatch(/raw values/);
  });

  it('T13/T17: token requests are form bodies and scope is space-delimited', async () => {
    reply = () => ({ body: '{"access_token":"x","token_type":"Bearer"}' });
    const tm = new TokenManager(vault, Date.now, new RedactorCache());
    await tm.get(profile({ scope: 'openid   uma_protection', tokenEndpointAuthMethod: 'client_secret_post' }));
    expect(last().headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(last().body).toContain('scope=openid+uma_protection');
    expect(new URLSearchParams(last().body).get('scope')).toBe('openid uma_protection');
    expect(new URLSearchParams(last().body).get('client_secret')).toBe('sec');
  });

  it('reports when the server grants less scope than asked (RFC 6749 §3.3)', async () => {
    reply = () => ({ body: '{"access_token":"x","token_type":"Bearer","scope":"read"}' });
    const tm = new TokenManager(vault, Date.now, new RedactorCache());
    const r = await tm.get(profile({ scope: 'read write' }));
    expect(r.warnings.join(' ')).toMatch(/granted scope "read", not all of "read write"/);
  });

  it('a public client never sends a secret', async () => {
    reply = () => ({ body: '{"access_token":"x","token_type":"Bearer"}' });
    const tm = new TokenManager(vault, Date.now, new RedactorCache());
    await tm.get(profile({ tokenEndpointAuthMethod: 'none' }, 'should-not-be-sent'));
    expect(last().headers.authorization).toBeUndefined();
    expect(last().body).not.toContain('should-not-be-sent');
    expect(new URLSearchParams(last().body).get('client_id')).toBe('cid');
  });

  it('100 concurrent requests on an empty cache make exactly one token request', async () => {
    let calls = 0;
    reply = () => {
      calls += 1;
      return { body: '{"access_token":"shared","token_type":"Bearer","expires_in":300}' };
    };
    const tm = new TokenManager(vault, Date.now, new RedactorCache());
    const p = profile();
    const results = await Promise.all(Array.from({ length: 100 }, () => tm.get(p)));
    expect(calls).toBe(1);
    expect(new Set(results.map((r) => r.tokens.accessToken))).toEqual(new Set(['shared']));
  });

  it('a reply without access_token is a failure, and garbage is explained', async () => {
    reply = () => ({ body: '{"token_type":"Bearer"}' });
    const tm = new TokenManager(vault, Date.now, new RedactorCache());
    await expect(tm.get(profile())).rejects.toThrow(/without an access_token/);
    reply = () => ({ type: 'text/html', body: '<html>login</html>' });
    await expect(tm.get(profile())).rejects.toThrow(/neither JSON nor a form/);
  });

  it('invalid_client is explained with the client auth method that was used', async () => {
    reply = () => ({ status: 401, body: '{"error":"invalid_client","error_description":"bad secret"}' });
    const tm = new TokenManager(vault, Date.now, new RedactorCache());
    await expect(tm.get(profile())).rejects.toThrow(/invalid_client: bad secret \(HTTP 401\).*client_secret_basic/);
  });

  it.each(['DPoP', 'mac'])('a %s token (proof of possession) is not used as a bearer token (RFC 6749 §7.1, RFC 9449)', async (type) => {
    reply = () => ({ body: JSON.stringify({ access_token: 'at-pop', token_type: type }) });
    const tm = new TokenManager(vault, Date.now, new RedactorCache());
    await expect(tm.get(profile())).rejects.toThrow(new RegExp(`^The token endpoint issued a token of type "${type}", which must be sent with a proof of possession`));
  });

  it('an unknown token_type is reported, not silently dropped', async () => {
    reply = () => ({ body: '{"access_token":"x","token_type":"N_A"}' });
    const tm = new TokenManager(vault, Date.now, new RedactorCache());
    const r = await tm.get(profile());
    expect(r.warnings.join(' ')).toMatch(/token_type "N_A" is not Bearer/);
  });
});

describe('device flow polling (RFC 8628 §3.5)', () => {
  const deviceConfig = () => cfg({ grant: 'device_code', deviceAuthorizationEndpoint: `${server.url}/device`, tokenEndpointAuthMethod: 'none' });
  const run = async (answers: string[], device: Record<string, unknown> = { interval: 3 }) => {
    let polls = 0;
    reply = (body) => {
      if (new URLSearchParams(body).get('grant_type') === null) {
        return { body: JSON.stringify({ device_code: 'dc-1', user_code: 'WDJB-MJHT', verification_uri: 'https://as.example/device', expires_in: 600, ...device }) };
      }
      const a = answers[Math.min(polls++, answers.length - 1)]!;
      return a === 'ok' ? { body: '{"access_token":"dev-at","token_type":"Bearer"}' } : { status: 400, body: JSON.stringify({ error: a }) };
    };
    const waits: number[] = [];
    const c = deviceConfig();
    const deps = testDeps(async () => undefined);
    const result = runDeviceFlow(c, { config: c, clientSecret: null }, { ...deps, sleep: async (ms) => void waits.push(ms) });
    return { result, waits, shown: () => deps.steps.flatMap((s) => (s.step === 'polling' ? [s.intervalS * 1000] : [])) };
  };

  it('waits the interval on authorization_pending and adds 5 s for this and every later poll on slow_down', async () => {
    const { result, waits } = await run(['authorization_pending', 'slow_down', 'authorization_pending', 'slow_down', 'ok']);
    expect((await result).tokens.accessToken).toBe('dev-at');
    expect(waits).toEqual([3000, 3000, 8000, 8000, 13000]);
    expect(new URLSearchParams(last().body).get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:device_code');
  });

  it.each([
    ['0.001 s (clamped up to 1 s)', 0.001, 1000],
    ['1e30 s (clamped down to 300 s)', 1e30, 300_000],
    ['missing (5 s)', undefined, 5000],
    ['not a number (5 s)', 'soon', 5000],
    ['negative (5 s)', -2, 5000],
    ['a numeric string', '2', 2000],
  ])('an interval of %s is bounded, and the interval shown is the one waited (RFC 8628 §3.2)', async (_label, interval, ms) => {
    const { result, waits, shown } = await run(['authorization_pending', 'ok'], interval === undefined ? {} : { interval });
    await result;
    expect(waits).toEqual([ms, ms]);
    expect(shown()).toEqual(waits);
  });

  it('slow_down adds 5 s but never beyond 300 s (RFC 8628 §3.5)', async () => {
    const { result, waits, shown } = await run(['slow_down', 'slow_down', 'ok'], { interval: 293 });
    await result;
    expect(waits).toEqual([293_000, 298_000, 300_000]);
    expect(shown()).toEqual(waits);
  });

  it.each([
    ['access_denied', /denied/],
    ['expired_token', /expired/],
  ])('stops on %s and says so', async (error, message) => {
    const { result, waits } = await run(['authorization_pending', error]);
    await expect(result).rejects.toThrow(message);
    expect(waits).toHaveLength(2);
  });
});
