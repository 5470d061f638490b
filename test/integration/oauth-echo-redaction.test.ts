import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, type FlowHost } from '../../electron/engine/engine';
import { MAX_QUOTED_CHARS } from '../../electron/engine/redaction';
import { formEncode } from '../../shared/encoding';
import type { FlowStep, OAuthConfig } from '../../shared/oauth';
import { openTestEngine, type TestEngine } from '../helpers/test-engine';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { startServer, type TestServer } from '../helpers/servers';

/**
 * An authorization server that quotes what it received in its error replies (the Authorization header and the
 * form body) must never get the client_secret, the refresh token or the Basic credential shown: every OAuth
 * endpoint's answer is redacted before it becomes an error message, a warning or a revocation note.
 */

const CLIENT_ID = 'myclient';
const SECRETS = ['CC-Secret-Phi2718', 'cc+/=&#:ü-Sx9~%'];
const REFRESH = 'rt-Echo+/=&#:77Qz';
const ACCESS = 'at-Echo-55Wq';

/** x's before the secret in the huge error_description: "invalid_client: " + these end where [REDACTED] fills the cap. */
const QUOTE_PAD = MAX_QUOTED_CHARS - 'invalid_client: '.length - '[REDACTED]'.length;

let server: TestServer;
let home: string;
let engine: Engine;
let opened: TestEngine;

/** What the server received, quoted back. */
const echo = (req: { headers: Record<string, unknown> }, body: string) => `got ${String(req.headers.authorization ?? '')} body ${body}`;

beforeAll(async () => {
  server = await startServer((req, res, body) => {
    const reply = (status: number, json: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(json));
    // a huge error_description with a secret where a cut before masking would split it (E8: the quote is capped)
    const huge = `${'x'.repeat(QUOTE_PAD)}${SECRETS[1]}${'y'.repeat(300_000)}`;
    if (req.url === '/token-huge') return reply(400, { error: 'invalid_client', error_description: huge });
    if (req.url === '/device-huge') return reply(400, { error: 'invalid_client', error_description: huge });
    if (req.url === '/token') return reply(400, { error: 'invalid_client', error_description: echo(req, body) });
    if (req.url === '/device') return reply(400, { error: 'invalid_client', error_description: echo(req, body) });
    // a device authorization answer whose user_code and verification URIs quote the request (RFC 8628 §3.2)
    if (req.url === '/device-ok') {
      const q = encodeURIComponent(echo(req, body));
      return reply(200, { device_code: 'dc-Echo-31Kp', user_code: echo(req, body), verification_uri: `${server.url}/verify?got=${q}`, verification_uri_complete: `${server.url}/verify?c=${q}`, expires_in: 60, interval: 1 });
    }
    if (req.url === '/revoke') return reply(400, { error: echo(req, body) });
    // a successful reply whose token_type quotes the request (a warning names the token_type)
    if (req.url === '/token-ok') return reply(200, { access_token: ACCESS, refresh_token: REFRESH, token_type: echo(req, body), expires_in: 3600 });
    // discovery: a metadata document whose issuer quotes a secret the engine knows
    if (req.url?.startsWith('/.well-known/')) return reply(200, { issuer: `issuer ${SECRETS[0]}` });
    reply(404, {});
  });
  opened = await openTestEngine('echo');
  ({ home, engine } = opened);
});
afterAll(async () => {
  await opened.dispose();
  await server.close();
});

/** Every form of every secret, including the form-encoded secret inside Basic's `client_id:client_secret`. */
const leaksIn = (text: string) => findLeaks(text, [...SECRETS, ...SECRETS.map(formEncode), REFRESH, ACCESS], [CLIENT_ID]);

let n = 0;
async function profile(secret: string, auth: Partial<OAuthConfig>): Promise<string> {
  const name = `echo-${++n}`;
  await engine.createProfile({
    name,
    clientType: 'confidential',
    auth: { scheme: 'oauth2', grant: 'client_credentials', tokenEndpoint: `${server.url}/token`, clientId: CLIENT_ID, tokenEndpointAuthMethod: 'client_secret_basic', sendRawClientCredentials: false, requireIss: false, tokenPrefix: 'Bearer', ...auth } as OAuthConfig,
    secrets: { client_secret: secret },
  });
  return name;
}

const messageOf = async (p: Promise<unknown>): Promise<string> => {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toMatchObject({ code: 'auth_failed' });
  return (e as Error).message;
};

describe('server text quoted in OAuth errors is redacted (client_secret, Basic credential, refresh token)', () => {
  const cases: [string, Partial<OAuthConfig>, RegExp][] = [
    ['client_secret_post', { tokenEndpointAuthMethod: 'client_secret_post' }, /^invalid_client: got {2}body grant_type=client_credentials&client_id=myclient&client_secret=\[REDACTED\] \(HTTP 400\)\. The server did not accept/],
    ['client_secret_basic (form-encoded)', {}, /^invalid_client: got Basic \[REDACTED\] body grant_type=client_credentials \(HTTP 400\)/],
    ['client_secret_basic (raw values)', { sendRawClientCredentials: true }, /^invalid_client: got Basic \[REDACTED\] body grant_type=client_credentials \(HTTP 400\)/],
  ];
  for (const secret of SECRETS) {
    it.each(cases)(`token endpoint, %s, secret ${secret.slice(0, 3)}…: token and send show the error without the secret`, async (_label, auth, shape) => {
      const name = await profile(secret, auth);
      const before = server.seen.length;
      const fromToken = await messageOf(engine.token(name));
      const fromSend = await messageOf(engine.send({ profileId: (await engine.getProfile(name)).id, url: `${server.url}/api` }));
      // the secret really went out, so a clean message means redaction, not absence
      expect(server.seen.slice(before).map((r) => `${String(r.headers.authorization)} ${r.body}`).join(' ')).toMatch(/Basic |client_secret=/);
      for (const m of [fromToken, fromSend]) {
        expect(m).toMatch(shape);
        expect(leaksIn(m)).toEqual([]);
      }
    });
  }

  it('device authorization endpoint: the echoed client credentials are redacted', async () => {
    const name = await profile(SECRETS[1]!, { grant: 'device_code', deviceAuthorizationEndpoint: `${server.url}/device`, tokenEndpointAuthMethod: 'client_secret_post' });
    const host: FlowHost = { openBrowser: async () => undefined, onProgress: () => undefined };
    const m = await messageOf(engine.token(name, host));
    expect(m).toMatch(/^The device authorization endpoint refused the request \(invalid_client: got {2}body client_id=myclient&client_secret=\[REDACTED\]/);
    expect(leaksIn(m)).toEqual([]);
  });

  it.each([['client_secret_basic'], ['client_secret_post']] as const)(
    'device authorization answer (%s): user_code and verification URIs quoting the request reach the host redacted',
    async (method) => {
      const name = await profile(SECRETS[1]!, { grant: 'device_code', deviceAuthorizationEndpoint: `${server.url}/device-ok`, tokenEndpointAuthMethod: method });
      const steps: FlowStep[] = [];
      const before = server.seen.length;
      const m = await messageOf(engine.token(name, { openBrowser: async () => undefined, onProgress: (s) => steps.push(s) }));
      const device = steps.find((s) => s.step === 'device_code');
      // the credentials really went out and came back in the answer, so clean steps mean redaction
      const sent = server.seen.slice(before).find((r) => r.url === '/device-ok')!;
      expect(`${String(sent.headers.authorization)} ${sent.body}`).toMatch(method === 'client_secret_basic' ? /^Basic / : /client_secret=/);
      expect(device).toMatchObject({ userCode: expect.stringMatching(/^got .*\[REDACTED\]/), verificationUri: expect.stringContaining('/verify?got=') });
      expect(leaksIn(JSON.stringify(steps) + m)).toEqual([]);
    },
  );

  it('a 300 KB error_description is quoted masked, then cut to its first characters (token endpoint)', async () => {
    const name = await profile(SECRETS[1]!, { tokenEndpoint: `${server.url}/token-huge`, tokenEndpointAuthMethod: 'client_secret_post' });
    const m = await messageOf(engine.token(name));
    expect(m).toBe(`invalid_client: ${'x'.repeat(QUOTE_PAD)}[REDACTED]… (HTTP 400). ${m.split('(HTTP 400). ')[1]}`);
    expect(m).toMatch(/The server did not accept the client credentials/);
    expect(m.length).toBeLessThan(MAX_QUOTED_CHARS + 400);
    expect(leaksIn(m)).toEqual([]);
  });

  it('a 300 KB error_description from the device authorization endpoint is capped the same way', async () => {
    const name = await profile(SECRETS[1]!, { grant: 'device_code', deviceAuthorizationEndpoint: `${server.url}/device-huge`, tokenEndpointAuthMethod: 'client_secret_post' });
    const m = await messageOf(engine.token(name, { openBrowser: async () => undefined, onProgress: () => undefined }));
    expect(m).toBe(`The device authorization endpoint refused the request (invalid_client: ${'x'.repeat(QUOTE_PAD)}[REDACTED]…).`);
  });

  it('token warnings and revocation notes that quote the request are redacted', async () => {
    const name = await profile(SECRETS[1]!, { tokenEndpoint: `${server.url}/token-ok`, revocationEndpoint: `${server.url}/revoke` });
    const info = await engine.token(name);
    expect(info.warnings.join('\n')).toMatch(/The token_type "got Basic \[REDACTED\] body grant_type=client_credentials" is not Bearer/);
    // The refresh token this client_credentials reply held was not kept (RFC 6749 §4.4.3): only the access token is
    // revoked, and the server refuses (RFC 7009 §2.2.1: not confirmed, so revoke fails with every note in its message).
    const m = await messageOf(engine.revoke(name));
    expect(m).toMatch(/^The access_token was not revoked: the server refused \(HTTP 400, got Basic \[REDACTED\] body token=\[REDACTED\]&token_type_hint=access_token\)/);
    expect(server.seen.some((r) => r.url === '/revoke' && r.body.includes(formEncode(ACCESS)))).toBe(true);
    expect(leaksIn([...info.warnings, m].join('\n'))).toEqual([]);
  });

  it('discovery: a metadata document quoting a known secret is redacted in the error', async () => {
    await profile(SECRETS[0]!, {});
    const m = await messageOf(engine.discover(server.url));
    expect(m).toContain('names the issuer "issuer [REDACTED]"');
    expect(leaksIn(m)).toEqual([]);
  });

  it('leaves no secret in the data directory', async () => {
    expect(await scanPaths([home], [...SECRETS, ...SECRETS.map(formEncode), REFRESH, ACCESS], [CLIENT_ID])).toEqual([]);
  });
});
