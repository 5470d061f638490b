import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { jwtVerify, type CryptoKey } from 'jose';
import { startServer, type TestServer } from './servers';

/** A GitHub App's installation-token endpoint, and an API taking the tokens it issued, for tests. */

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

/**
 * Imitates `POST /app/installations/{id}/access_tokens`: verifies the App JWT (RS256 with `publicKey`, iss = the App
 * ID, at most 10 minutes long, GitHub's headers), returns {token, expires_at}. Records each JWT and issued token.
 */
export function startGitHubApp(publicKey: CryptoKey, app: { appId: string; installationId: string }, issued: Set<string>, jwts: string[]): Promise<TestServer> {
  return startServer((req, res) => {
    const m = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) return json(res, 404, { message: 'Not Found' });
    const jwt = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    jwts.push(jwt);
    void (async () => {
      try {
        if (req.headers.accept !== 'application/vnd.github+json' || req.headers['x-github-api-version'] !== '2022-11-28') throw new Error('headers');
        const { payload } = await jwtVerify(jwt, publicKey, { issuer: app.appId, algorithms: ['RS256'] });
        if (payload.exp! - payload.iat! > 600 || payload.iat! > Date.now() / 1000) throw new Error('bad lifetime');
      } catch {
        return json(res, 401, { message: 'A JSON web token could not be decoded' });
      }
      if (m[1] !== app.installationId) return json(res, 404, { message: 'Not Found' });
      const token = `ghs_${randomBytes(27).toString('hex').slice(0, 36)}`;
      issued.add(token);
      json(res, 201, { token, expires_at: new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}/, ''), permissions: { contents: 'read' }, repository_selection: 'all' });
    })();
  });
}

/** An API that wants `Authorization: Bearer <one of tokens>` and echoes the header back (so redaction is exercised). */
export function startBearerApi(tokens: Set<string>): Promise<TestServer> {
  return startServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    if (!tokens.has(auth.replace(/^Bearer /, ''))) return json(res, 401, { message: 'Bad credentials' });
    json(res, 200, { ok: true, youSent: auth });
  });
}
