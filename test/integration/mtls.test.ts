import { mkdtemp } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAuth } from '../../shared/auth-apply';
import { Engine } from '../../electron/engine/engine';
import { Sender } from '../../electron/engine/sender';
import { realKeychain } from '../helpers/keyring';
import { findLeaks } from '../helpers/leak-scan';
import { mtlsMaterial, type MtlsMaterial } from '../helpers/tls';

let m: MtlsMaterial;
let server: https.Server;
let url: string;
const sender = new Sender();

beforeAll(async () => {
  m = mtlsMaterial();
  // Requires a client certificate issued by the test CA, and names it in the reply.
  server = https.createServer({ key: m.serverKey, cert: m.serverCert, ca: m.caCert, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    res.end(`hello ${(req.socket as TLSSocket).getPeerCertificate().subject.CN}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/whoami`;
});
afterAll(async () => {
  sender.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const pem = (key: string, passphrase = '', cert = m.clientCert) => applyAuth({ scheme: 'mtls', format: 'pem', certificatePem: cert, caPem: m.caCert }, { client_key: key, client_key_passphrase: passphrase });
const get = (auth: ReturnType<typeof applyAuth> | null, s = sender) => s.send({ method: 'GET', url, headers: [] }, { auth, timeoutMs: 5000 });

describe('mutual TLS against a server that requires client certificates', () => {
  it('PEM certificate and key → 200, the server sees the client certificate', async () => {
    const ex = await get(pem(m.clientKey));
    expect(ex.status).toBe(200);
    expect(ex.bodyPreview).toBe('hello authdesk-client');
    expect(ex.steps).toContainEqual({ kind: 'applied', detail: 'Client certificate (PEM) offered in the TLS handshake of https:// requests' });
    expect(ex.steps.map((s) => s.detail).join(' ')).not.toContain('not presented');
  });

  it('over http:// the auth steps say the certificate was not presented (there is no handshake to put it in)', async () => {
    const server = http.createServer((_req, res) => res.end('plain'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const ex = await sender.send({ method: 'GET', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, headers: [] }, { auth: pem(m.clientKey), timeoutMs: 5000 });
      expect(ex.status).toBe(200);
      expect(ex.steps.filter((s) => s.detail.includes('not presented'))).toEqual([{ kind: 'note', detail: expect.stringContaining('went over http://') }]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a passphrase-protected key works; a wrong passphrase is explained', async () => {
    expect((await get(pem(m.clientKeyEncrypted, m.passphrase))).status).toBe(200);
    const bad = await get(pem(m.clientKeyEncrypted, 'not the passphrase'));
    expect(bad).toMatchObject({ status: null, failure: 'tls', error: expect.stringContaining('could not be decrypted: check its passphrase') });
  });

  it('PKCS#12 works; with a wrong passphrase it is explained', async () => {
    const p12 = (passphrase: string) => applyAuth({ scheme: 'mtls', format: 'pkcs12', caPem: m.caCert }, { client_pkcs12: m.clientPkcs12Base64, client_key_passphrase: passphrase });
    const ok = await get(p12(m.passphrase));
    expect(ok.status).toBe(200);
    expect(ok.bodyPreview).toBe('hello authdesk-client');
    expect(await get(p12('wrong'))).toMatchObject({ failure: 'tls', error: expect.stringContaining('passphrase') });
  });

  it('a legacy PKCS#12 bundle (RC2/3DES, from an environment variable, so not checked when saved) is explained with how to export it again', async () => {
    const legacy = applyAuth({ scheme: 'mtls', format: 'pkcs12', caPem: m.caCert }, { client_pkcs12: m.clientPkcs12LegacyBase64, client_key_passphrase: m.passphrase });
    const ex = await get(legacy);
    expect(ex).toMatchObject({ status: null, failure: 'tls' });
    expect(ex.error).toMatch(/^The PKCS#12 bundle uses a legacy encryption \(RC2 or 3DES, .*\) that this runtime \(OpenSSL 3\) does not support\. Export it again without -legacy, which encrypts with AES-256-CBC /);
  });

  it('without a client certificate the TLS failure says one is required', async () => {
    const plain = new Sender({ extraCaCerts: m.caCert });
    try {
      const ex = await get(null, plain);
      expect(ex).toMatchObject({ status: null, failure: 'tls', error: expect.stringContaining('requires a client certificate (mutual TLS)') });
    } finally {
      plain.close();
    }
  });

  it('a certificate from a CA the server does not trust is refused, and explained', async () => {
    const ex = await get(pem(m.strangerKey, '', m.strangerCert));
    expect(ex).toMatchObject({ status: null, failure: 'tls', error: expect.stringContaining('refused the client certificate') });
  });

  it('pooled sockets are per certificate: a request without one never rides an authenticated connection', async () => {
    const shared = new Sender({ extraCaCerts: m.caCert });
    try {
      const auth = pem(m.clientKey);
      expect((await get(auth, shared)).status).toBe(200);
      expect((await get(auth, shared)).timings.connectMs).toBeNull(); // the profile's keep-alive socket was reused
      expect((await get(null, shared)).failure).toBe('tls');
    } finally {
      shared.close();
    }
  });
});

describe('mutual TLS through the engine (real keychain)', () => {
  it('the key and passphrase come from the keychain and appear nowhere in history', async () => {
    const engine = await Engine.open({ home: await mkdtemp(path.join(os.tmpdir(), 'authdesk-mtls-')), secretStore: realKeychain() });
    try {
      const p = await engine.createProfile({
        name: 'mtls',
        clientType: 'confidential',
        auth: { scheme: 'mtls', format: 'pem', certificatePem: m.clientCert, caPem: m.caCert },
        secrets: { client_key: m.clientKeyEncrypted, client_key_passphrase: m.passphrase },
      });
      const { entry } = await engine.send({ profileId: p.id, method: 'GET', url });
      expect(entry.status).toBe(200);
      expect(findLeaks(JSON.stringify([entry, engine.getHistory(entry.id), await engine.listProfiles()]), [m.clientKeyEncrypted, m.passphrase])).toEqual([]);
      await engine.removeProfile(p.id);
    } finally {
      await engine.close();
    }
  });
});
