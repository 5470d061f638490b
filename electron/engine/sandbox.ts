import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SandboxInfo } from '../../shared/contract';
import { SANDBOX_CLIENTS, SandboxOAuth, type Grant } from './sandbox-oauth';

/**
 * The built-in demo API: a new user's first 2xx with no account anywhere. Listens on 127.0.0.1 only. Its
 * credentials are public demo values (shown in the UI and the README); the API key deliberately holds the
 * characters that break naive clients in a query string (`$ ) ' ] ; # _`, TRAPS T3).
 */
export const SANDBOX_CREDENTIALS: SandboxInfo['credentials'] = {
  basic: { username: 'demo', password: 'authdesk-demo' },
  apiKey: { header: 'X-Api-Key', value: "$V8)x'];A#27Z-b_y" },
  bearerToken: 'demo-bearer-token-7f3a91',
};

const ENDPOINTS: SandboxInfo['endpoints'] = [
  { method: 'GET', path: '/basic', auth: 'HTTP Basic', description: 'Basic auth: username demo, password authdesk-demo' },
  { method: 'GET', path: '/apikey', auth: 'API key', description: 'API key in the X-Api-Key header or the api_key query parameter' },
  { method: 'GET', path: '/bearer', auth: 'Bearer', description: 'Authorization: Bearer demo-bearer-token-7f3a91' },
  { method: 'GET', path: '/status/{code}', auth: 'none', description: 'Answers with the given status code' },
  { method: 'GET', path: '/.well-known/oauth-authorization-server', auth: 'none', description: 'OAuth 2.0 metadata (RFC 8414): the sandbox is its own issuer' },
  { method: 'POST', path: '/oauth/token', auth: 'OAuth client', description: 'client_credentials (sandbox-service), authorization_code + PKCE and device_code (sandbox-desktop), refresh_token with rotation' },
];

/** Bytes of request body the sandbox reads at most (its forms are tiny). */
const MAX_BODY = 64 * 1024;

/** Constant-time string comparison (hashing first so lengths do not leak either). */
function same(a: string, b: string): boolean {
  const h = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(h(a), h(b));
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

function basicUser(header: string | undefined): { user: string; pass: string } | null {
  const m = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { user: decoded.slice(0, colon), pass: decoded.slice(colon + 1) };
}

/** The /bearer answer to a sandbox OAuth access token: it names the OAuth client the token was issued to, and its scope. */
const oauthGreeting = ({ clientId, scope }: Grant) => ({
  authenticated: true,
  scheme: 'OAuth 2.0 access token',
  as: clientId,
  scope,
  message: `Hello ${clientId}! Your OAuth access token (issued to the OAuth client ${clientId}, scope "${scope}") works.`,
});

function handle(req: http.IncomingMessage, res: http.ServerResponse, baseUrl: string, oauth: SandboxOAuth, body: string): void {
  const url = new URL(req.url ?? '/', baseUrl);
  if (oauth.handle(req, res, url, body)) return;
  const c = SANDBOX_CREDENTIALS;
  const ok = (scheme: string, who: string) => json(res, 200, { authenticated: true, scheme, as: who, message: `Hello ${who}! Your ${scheme} credentials work.` });
  switch (url.pathname) {
    case '/':
      return json(res, 200, { name: 'Authdesk sandbox', baseUrl, endpoints: ENDPOINTS });
    case '/basic': {
      const creds = basicUser(req.headers.authorization);
      if (creds && same(creds.user, c.basic.username) && same(creds.pass, c.basic.password)) return ok('HTTP Basic', creds.user);
      return json(res, 401, { error: 'invalid_credentials', hint: 'Use the sandbox demo username and password shown by Authdesk (authdesk sandbox prints them).' }, {
        'WWW-Authenticate': 'Basic realm="Authdesk sandbox", charset="UTF-8"',
      });
    }
    case '/apikey': {
      const given = (req.headers['x-api-key'] as string | undefined) ?? url.searchParams.get('api_key');
      if (given !== null && given !== undefined && same(given, c.apiKey.value)) return ok('API key', 'demo-app');
      return json(res, 401, { error: 'invalid_api_key', hint: 'Send the sandbox key in X-Api-Key or ?api_key=.' });
    }
    case '/bearer': {
      const m = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
      if (m && same(m[1]!, c.bearerToken)) return ok('Bearer token', 'demo-bearer');
      const issued = m ? oauth.accessTokenGrant(m[1]!) : null;
      if (issued) return json(res, 200, oauthGreeting(issued));
      return json(res, 401, { error: 'invalid_token' }, {
        'WWW-Authenticate': `Bearer realm="Authdesk sandbox", error="invalid_token", error_description="The access token is missing or invalid"`,
      });
    }
    default: {
      const status = /^\/status\/(\d{3})$/.exec(url.pathname);
      if (status) return json(res, Number(status[1]), { status: Number(status[1]) });
      return json(res, 404, { error: 'not_found', endpoints: ENDPOINTS.map((e) => e.path) });
    }
  }
}

/** A running sandbox. */
export interface Sandbox {
  info: SandboxInfo;
  close(): Promise<void>;
}

/**
 * Starts the sandbox on 127.0.0.1.
 * @param port 0 (default) for an ephemeral port
 * @throws the listen error (EADDRINUSE…) when the port is taken
 */
export async function startSandbox(port = 0, opts: { accessTokenTtlS?: number } = {}): Promise<Sandbox> {
  let baseUrl = '';
  const oauth = new SandboxOAuth(() => baseUrl, opts.accessTokenTtlS);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => handle(req, res, baseUrl, oauth, Buffer.concat(chunks).toString('utf8')));
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    info: { baseUrl, credentials: SANDBOX_CREDENTIALS, endpoints: ENDPOINTS, oauth: { issuer: baseUrl, ...SANDBOX_CLIENTS } },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
