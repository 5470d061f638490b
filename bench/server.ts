import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The credentials the bench server accepts; every tool under test is configured with these. */
export interface BenchCredentials {
  basicUser: string;
  basicPassword: string;
  apiKeyHeader: string;
  apiKey: string;
  clientId: string;
  clientSecret: string;
  scope: string;
}

/** What the server has seen since the last {@link BenchServer.reset}. */
export interface ServerStats {
  tokenRequests: number;
  authorized: number;
  unauthorized: number;
}

export interface BenchServer {
  port: number;
  origin: string;
  credentials: BenchCredentials;
  stats(): ServerStats;
  reset(): void;
  close(): Promise<void>;
}

const secret = (bytes = 24) => randomBytes(bytes).toString('base64url');

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** `Basic base64(user:pass)` → [user, pass] (RFC 7617), or null. */
function parseBasic(header: string | undefined): [string, string] | null {
  const m = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

function json(res: http.ServerResponse, status: number, body: unknown, extra: http.OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...extra });
  res.end(text);
}

/**
 * A small API on 127.0.0.1 (ephemeral port) for the benchmark:
 * - `POST /token`: OAuth 2.0 client-credentials grant (RFC 6749 §4.4), client authenticated by HTTP Basic or by
 *   `client_id`/`client_secret` in the form body (§2.3.1); issues random bearer tokens valid one hour, and counts
 *   every token request.
 * - `GET /resource`: 200 with a small JSON body when the request carries the Basic credentials, the API key header,
 *   or a bearer token this server issued (RFC 6750 §2.1); 401 otherwise.
 */
export async function startBenchServer(): Promise<BenchServer> {
  const credentials: BenchCredentials = {
    basicUser: 'bench-user',
    basicPassword: `pw-${secret()}`,
    apiKeyHeader: 'X-Api-Key',
    apiKey: `key-${secret()}`,
    clientId: 'bench-client',
    clientSecret: `cs-${secret()}`,
    scope: 'read',
  };
  const issued = new Set<string>();
  const stats: ServerStats = { tokenRequests: 0, authorized: 0, unauthorized: 0 };
  let served = 0;

  const token = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => {
    stats.tokenRequests += 1;
    const form = new URLSearchParams(body);
    const basic = parseBasic(req.headers.authorization);
    const [id, sec] = basic ? basic.map((v) => decodeURIComponent(v.replace(/\+/g, ' '))) : [form.get('client_id') ?? '', form.get('client_secret') ?? ''];
    if (!same(id ?? '', credentials.clientId) || !same(sec ?? '', credentials.clientSecret)) {
      json(res, 401, { error: 'invalid_client' }, { 'WWW-Authenticate': 'Basic realm="bench"' });
      return;
    }
    if (form.get('grant_type') !== 'client_credentials') {
      json(res, 400, { error: 'unsupported_grant_type' });
      return;
    }
    const accessToken = secret(32);
    issued.add(accessToken);
    json(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: 3600, scope: credentials.scope }, { 'Cache-Control': 'no-store' });
  };

  const resource = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const auth = req.headers.authorization ?? '';
    const basic = parseBasic(auth);
    const bearer = /^Bearer (\S+)$/i.exec(auth)?.[1];
    const key = req.headers[credentials.apiKeyHeader.toLowerCase()];
    const ok =
      (basic !== null && same(basic[0], credentials.basicUser) && same(basic[1], credentials.basicPassword)) ||
      (typeof key === 'string' && same(key, credentials.apiKey)) ||
      (bearer !== undefined && issued.has(bearer));
    if (!ok) {
      stats.unauthorized += 1;
      json(res, 401, { error: 'unauthorized' }, { 'WWW-Authenticate': 'Basic realm="bench", Bearer' });
      return;
    }
    stats.authorized += 1;
    served += 1;
    json(res, 200, { id: served, ok: true, items: [{ name: 'alpha', value: 1 }, { name: 'beta', value: 2 }] });
  };

  const server = http.createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'POST' && path === '/token') token(req, res, Buffer.concat(chunks).toString('utf8'));
      else if ((req.method === 'GET' || req.method === 'HEAD') && path === '/resource') resource(req, res);
      else json(res, 404, { error: 'not_found' });
    });
  });
  server.maxRequestsPerSocket = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    credentials,
    stats: () => ({ ...stats }),
    reset: () => {
      stats.tokenRequests = 0;
      stats.authorized = 0;
      stats.unauthorized = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
