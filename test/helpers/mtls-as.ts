import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { MtlsMaterial } from './tls';

/**
 * A small OAuth 2.0 authorization server on 127.0.0.1 that authenticates clients by their TLS client certificate as
 * RFC 8705 says: `tls_client_auth` (§2.1: a certificate chaining to its CA, whose subject CN is the one registered)
 * and `self_signed_tls_client_auth` (§2.2: exactly the registered certificate). It asks for a certificate without
 * requiring one in the handshake, so a wrong or missing certificate gets an `invalid_client` reply, as real servers
 * answer. It issues certificate-bound tokens (§3) that its `/api` accepts only over a connection presenting the same
 * certificate. Token, device authorization and revocation endpoints; metadata on a plain-http twin with
 * `mtls_endpoint_aliases` (§5) pointing here.
 */
export interface MtlsAuthServer {
  /** The https origin (token, device, revoke, api). */
  url: string;
  /** The plain-http issuer whose metadata names this server's endpoints as mTLS aliases. */
  issuer: string;
  /** Each token-endpoint-like request: path, its form, whether it carried an Authorization header. */
  seen: { path: string; form: Record<string, string>; authorization: boolean; clientId: string | null }[];
  close(): Promise<void>;
}

interface Client {
  method: 'tls_client_auth' | 'self_signed_tls_client_auth';
  /** tls_client_auth: the subject CN registered; self-signed: the certificate's SHA-256 fingerprint. */
  match: string;
}

const json = (res: http.ServerResponse, status: number, body: object) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));

/** Starts the server. `clients` maps client_id → how it authenticates and what it must present. */
export async function startMtlsAuthServer(m: MtlsMaterial, clients: Record<string, Client>): Promise<MtlsAuthServer> {
  const seen: MtlsAuthServer['seen'] = [];
  const bound = new Map<string, string>(); // access or refresh token → certificate fingerprint
  let issued = 0;
  const authenticate = (socket: TLSSocket, form: Record<string, string>): string | null => {
    const client = clients[form.client_id ?? ''];
    const peer = socket.getPeerCertificate();
    if (!client || !peer?.fingerprint256) return null;
    if (client.method === 'tls_client_auth') return socket.authorized && peer.subject?.CN === client.match ? peer.fingerprint256 : null;
    return peer.fingerprint256 === client.match ? peer.fingerprint256 : null;
  };
  const issue = (fingerprint: string) => {
    issued += 1;
    const accessToken = `mtls-at-${issued}-${Math.random().toString(36).slice(2)}`;
    const refreshToken = `mtls-rt-${issued}-${Math.random().toString(36).slice(2)}`;
    bound.set(accessToken, fingerprint);
    bound.set(refreshToken, fingerprint);
    return { access_token: accessToken, refresh_token: refreshToken, token_type: 'Bearer', expires_in: 60 };
  };
  const server = https.createServer({ key: m.serverKey, cert: m.serverCert, ca: m.caCert, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const socket = req.socket as TLSSocket;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/api') {
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
        const ok = bound.has(token) && bound.get(token) === socket.getPeerCertificate()?.fingerprint256;
        return ok ? json(res, 200, { hello: 'certificate-bound' }) : json(res, 401, { error: 'invalid_token' });
      }
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      seen.push({ path: req.url ?? '', form, authorization: req.headers.authorization !== undefined, clientId: form.client_id ?? null });
      const fingerprint = authenticate(socket, form);
      if (!fingerprint) return json(res, 401, { error: 'invalid_client', error_description: 'client certificate not accepted for this client_id' });
      if (req.url === '/revoke') return res.writeHead(200).end();
      if (req.url === '/device') return json(res, 200, { device_code: 'dc-1', user_code: 'ABCD-EFGH', verification_uri: `${url}/verify`, interval: 1, expires_in: 60 });
      if (req.url !== '/token') return json(res, 404, { error: 'not_found' });
      const grant = form.grant_type;
      if (grant === 'refresh_token' && bound.get(form.refresh_token ?? '') !== fingerprint) return json(res, 400, { error: 'invalid_grant' });
      if (grant === 'authorization_code' && (form.code !== 'the-code' || !form.code_verifier)) return json(res, 400, { error: 'invalid_grant' });
      if (grant === 'urn:ietf:params:oauth:grant-type:device_code' && form.device_code !== 'dc-1') return json(res, 400, { error: 'invalid_grant' });
      json(res, 200, issue(fingerprint));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const meta = http.createServer((req, res) => {
    if (req.url !== '/.well-known/oauth-authorization-server') return json(res, 404, {});
    json(res, 200, {
      issuer,
      token_endpoint: `${issuer}/token-without-mtls`,
      revocation_endpoint: `${issuer}/revoke-without-mtls`,
      token_endpoint_auth_methods_supported: ['tls_client_auth', 'self_signed_tls_client_auth'],
      mtls_endpoint_aliases: { token_endpoint: `${url}/token`, revocation_endpoint: `${url}/revoke`, device_authorization_endpoint: `${url}/device` },
    });
  });
  await new Promise<void>((resolve) => meta.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(meta.address() as AddressInfo).port}`;
  const stop = (s: http.Server) =>
    new Promise<void>((resolve) => {
      s.closeAllConnections();
      s.close(() => resolve());
    });
  return { url, issuer, seen, close: async () => void (await Promise.all([stop(server), stop(meta)])) };
}
