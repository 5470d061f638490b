import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactEntry, RedactorCache } from '../../electron/engine/redaction';
import { appendQuery, applyAuth } from '../../shared/auth-apply';
import { shellQuote, toCurl } from '../../shared/curl-export';
import type { AuthConfig } from '../../shared/profile';
import type { HeaderPair, HistoryEntry } from '../../shared/request';
import { findLeaks } from '../helpers/leak-scan';
import { startServer, type TestServer } from '../helpers/servers';

const run = promisify(execFile);
const hasCurl = (() => {
  try {
    return execFileSync('which', ['curl'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
})();

const S = { password: "pä:ss+w/o=r&d#1€'\"$x", token: 'tok/+=:-33-xyz', key: 'k3y+/=&#:-2ZZ', queryKey: 'qk-12345_abcDEF', secretUser: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc' };

/** A history entry exactly as the engine records it: auth applied as the sender does, then redacted. */
function recorded(auth: AuthConfig, secrets: Record<string, string>, req: { method: string; url: string; headers?: HeaderPair[]; body?: string }): HistoryEntry {
  const applied = applyAuth(auth, secrets);
  const cache = new RedactorCache();
  cache.learn(applied.secretValues);
  const cookie: HeaderPair[] = applied.cookies.length ? [['Cookie', applied.cookies.map(([k, v]) => `${k}=${v}`).join('; ')]] : [];
  const e = redactEntry(cache.for(applied), {
    startedAt: '2026-01-01T00:00:00.000Z', profileId: 'p', profileName: 'p', clientType: 'confidential', scheme: auth.scheme, identity: null, fingerprints: [],
    method: req.method, url: appendQuery(req.url, applied.query), status: 200, statusText: 'OK', ok: true, failure: null, error: null,
    timings: { dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: null, totalMs: 1 }, redirects: [],
    requestHeaders: [...(req.headers ?? []), ...applied.headers, ...cookie, ['User-Agent', 'Authdesk/0.1.0']],
    requestBodyPreview: req.body ?? null, responseHeaders: [], responseBodyPreview: null, responseBytes: 0, responseTruncated: false, authSteps: applied.steps, explanation: null,
  });
  return { ...e, id: 1 };
}

const ENV = { AUTHDESK_USERNAME: S.secretUser, AUTHDESK_PASSWORD: S.password, AUTHDESK_TOKEN: S.token, AUTHDESK_API_KEY: S.key, AUTHDESK_API_KEY_2: S.queryKey };

describe('toCurl', () => {
  let api: TestServer;
  beforeAll(async () => {
    // Accepts exactly the credentials of the profiles below, and echoes nothing.
    api = await startServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`, 'utf8').toString('base64')}`;
      const ok =
        req.headers.authorization === basic('alice', S.password) ||
        req.headers.authorization === basic(S.secretUser, S.password) ||
        req.headers.authorization === `Bearer ${S.token}` ||
        req.headers.authorization === `Zoho-oauthtoken ${S.token}` ||
        (req.headers['x-api-key'] === S.key && url.searchParams.get('api_key') === S.queryKey && url.searchParams.get('page') === '2');
      res.writeHead(ok ? 200 : 401).end();
    });
  });
  afterAll(() => api.close());

  const cases: [string, AuthConfig, Record<string, string>, { method: string; path: string; body?: string; headers?: HeaderPair[] }, RegExp][] = [
    ['Basic, username not secret', { scheme: 'basic', username: 'alice' }, { password: S.password }, { method: 'POST', path: '/things', body: `{"name":"O'Brien"}`, headers: [['Content-Type', 'application/json']] }, /-u "alice:\$AUTHDESK_PASSWORD"/],
    ['Basic, secret username', { scheme: 'basic', username: null }, { username: S.secretUser, password: S.password }, { method: 'GET', path: '/v1/account' }, /-u "\$AUTHDESK_USERNAME:\$AUTHDESK_PASSWORD"/],
    ['bearer', { scheme: 'bearer', prefix: 'Bearer' }, { token: S.token }, { method: 'DELETE', path: '/me' }, /-H "Authorization: Bearer \$AUTHDESK_TOKEN"/],
    ['bearer with a Zoho prefix', { scheme: 'bearer', prefix: 'Zoho-oauthtoken' }, { token: S.token }, { method: 'GET', path: '/crm' }, /-H "Authorization: Zoho-oauthtoken \$AUTHDESK_TOKEN"/],
    [
      'API key header + query key',
      { scheme: 'apikey', placements: [{ in: 'header', name: 'X-Api-Key' }, { in: 'query', name: 'api_key' }] },
      { key0: S.key, key1: S.queryKey },
      { method: 'GET', path: '/search?page=2' },
      /\?page=2&api_key=\$AUTHDESK_API_KEY_2"[\s\S]*-H "X-Api-Key: \$AUTHDESK_API_KEY"/,
    ],
  ];

  it.each(cases)('%s: references variables, leaks nothing, and runs for real with curl', async (_name, auth, secrets, req, shape) => {
    const entry = recorded(auth, secrets, { ...req, url: `${api.url}${req.path}` });
    for (const withProfile of [true, false]) {
      const cmd = toCurl(entry, withProfile ? { auth } : undefined);
      expect(cmd).toMatch(withProfile ? shape : /\$AUTHDESK_/);
      expect(findLeaks(cmd, Object.values(S), ['alice', S.secretUser])).toEqual([]);
      if (!hasCurl) continue;
      const before = api.seen.length;
      const { stdout } = await run('bash', ['-c', `${cmd} -s -o /dev/null -w '%{http_code}'`], { env: { PATH: process.env.PATH, ...ENV } });
      expect(stdout).toBe('200');
      const seen = api.seen[before]!;
      expect(seen.method).toBe(req.method);
      if (req.body) expect(seen.body).toBe(req.body);
    }
  });

  it('without the variables set the command still leaks nothing and is refused by the server', async () => {
    const entry = recorded({ scheme: 'bearer', prefix: 'Bearer' }, { token: S.token }, { method: 'GET', url: `${api.url}/me` });
    const cmd = toCurl(entry);
    if (!hasCurl) return;
    const { stdout } = await run('bash', ['-c', `${cmd} -s -o /dev/null -w '%{http_code}'`], { env: { PATH: process.env.PATH } });
    expect(stdout).toBe('401');
  });

  it('shellQuote survives every awkward character', async () => {
    const nasty = `a'b"c$d\`e\\f!g\nh €`;
    if (!hasCurl) return;
    const { stdout } = await run('bash', ['-c', `printf %s ${shellQuote(nasty)}`]);
    expect(stdout).toBe(nasty);
  });

  it('says plainly when curl is missing', () => {
    if (!hasCurl) console.warn('curl is not installed: the exported commands were checked for leaks but not run.');
    expect(typeof hasCurl).toBe('boolean');
  });
});

describe('toCurl for an OAuth profile with mutual-TLS client authentication', () => {
  it('the certificate-bound token goes with the client certificate files (RFC 8705 §3)', () => {
    const auth: AuthConfig = {
      scheme: 'oauth2',
      grant: 'client_credentials',
      tokenEndpoint: 'https://as.example/token',
      clientId: 'svc',
      tokenEndpointAuthMethod: 'tls_client_auth',
      clientCertificate: { format: 'pkcs12' },
      sendRawClientCredentials: false,
      requireIss: false,
      tokenPrefix: 'Bearer',
    };
    const entry = recorded(auth, { client_pkcs12: 'MIIp12bundle==', client_key_passphrase: 'p12-pass-7', access_token: S.token }, { method: 'GET', url: 'https://api.example/v1' });
    const cmd = toCurl(entry, { auth });
    expect(cmd).toMatch(/-H "Authorization: Bearer \$AUTHDESK_TOKEN"/);
    expect(cmd).toContain('--cert-type P12');
    expect(findLeaks(cmd, [S.token, 'MIIp12bundle==', 'p12-pass-7'])).toEqual([]);
  });
});
