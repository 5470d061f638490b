import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sender } from '../../electron/engine/sender';
import { applyAuth } from '../../shared/auth-apply';
import { startServer, type TestServer } from '../helpers/servers';
import { selfSignedCert } from '../helpers/tls';

describe('TLS: verification and https → http downgrades', () => {
  let plain: TestServer;
  let secure: https.Server;
  let secureUrl: string;
  let cert: string;
  beforeAll(async () => {
    plain = await startServer((_req, res) => res.end('plain'));
    const tls = selfSignedCert();
    cert = tls.cert;
    secure = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
      if (req.url === '/down') return res.writeHead(302, { Location: `${plain.url}/landing` }).end();
      res.writeHead(200).end(req.headers.authorization ? 'with-auth' : 'no-auth');
    });
    await new Promise<void>((r) => secure.listen(0, '127.0.0.1', r));
    secureUrl = `https://127.0.0.1:${(secure.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await plain.close();
    secure.closeAllConnections();
    await new Promise((r) => secure.close(r));
  });

  it('refuses an untrusted certificate and calls it a TLS failure, with no override', async () => {
    const sender = new Sender();
    const ex = await sender.send({ method: 'GET', url: `${secureUrl}/x`, headers: [] }, { auth: null, timeoutMs: 5000 });
    sender.close();
    expect(ex.failure).toBe('tls');
    expect(ex.error).toMatch(/TLS with 127\.0\.0\.1:\d+ failed/);
  });

  it('trusts an extra CA when configured, and measures the TLS phase', async () => {
    const sender = new Sender({ extraCaCerts: cert });
    const ex = await sender.send({ method: 'GET', url: `${secureUrl}/x`, headers: [] }, { auth: null, timeoutMs: 5000 });
    sender.close();
    expect(ex.status).toBe(200);
    expect(ex.timings.tlsMs).not.toBeNull();
  });

  it('T7: never carries credentials over an https → http downgrade, even to an origin the profile trusts', async () => {
    const sender = new Sender({ extraCaCerts: cert });
    const auth = applyAuth({ scheme: 'bearer', prefix: 'Bearer' }, { token: 'tok-downgrade' });
    const before = plain.seen.length;
    const ex = await sender.send({ method: 'GET', url: `${secureUrl}/down`, headers: [] }, { auth, timeoutMs: 5000, trustedOrigins: [plain.url] });
    sender.close();
    expect(plain.seen[before]!.headers.authorization).toBeUndefined();
    expect(ex.redirects[0]!.credentials).toBe('stripped');
    expect(ex.steps.map((s) => s.detail).join(' ')).toMatch(/downgrade never carries credentials/);
  });
});
