import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { jwtVerify, type CryptoKey } from 'jose';
import { startDigestServer } from '../helpers/digest-server';
import { testKeyPair, traditionalPem } from '../helpers/keys';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { startServer } from '../helpers/servers';
import { startSigV4Server } from '../helpers/sigv4-server';
import { startMtlsAuthServer } from '../helpers/mtls-as';
import { mtlsMaterial, type MtlsMaterial } from '../helpers/tls';
import { expect, screenshot, test, type Authdesk } from './harness';

/**
 * The editors of the schemes Authdesk signs or answers itself: a Digest, an AWS SigV4, a GitHub App, a client
 * certificate (mTLS) and an OAuth tls_client_auth profile are made through the form, each gets a 200 from a local
 * server that verifies the credentials independently, and no secret reaches the window or the data directory.
 */

const secret = (prefix = '') => `${prefix}${randomBytes(18).toString('base64url')}`;

/** Opens the editor with a name and a scheme chosen. */
async function newProfile(authdesk: Authdesk, name: string, scheme: string) {
  const { page } = authdesk;
  await page.getByRole('navigation', { name: 'Profiles' }).getByRole('button', { name: 'New profile' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Authentication scheme').selectOption({ label: scheme });
}

/** Saves the profile and sends GET `url` with it from the Request pane (an OAuth profile opens on its Profile tab); returns the status pill. */
async function saveAndSend(authdesk: Authdesk, url: string) {
  const { page } = authdesk;
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('tab', { name: /^Profile: / })).toBeVisible();
  await page.getByRole('tab', { name: 'Request' }).click();
  await page.getByLabel('URL', { exact: true }).fill(url);
  await page.getByRole('button', { name: 'Send' }).click();
  return page.locator('.status-line .status-pill');
}

/** Neither the window nor any file under the data directory holds a secret in any encoding. */
async function expectNoLeaks(authdesk: Authdesk, secrets: string[], pairs: string[] = []) {
  expect(findLeaks(authdesk.receivedText(), secrets, pairs)).toEqual([]);
  expect(await scanPaths([authdesk.home], secrets, pairs)).toEqual([]);
}

test('Digest: the editor makes a profile that answers the server’s challenge', async ({ authdesk }) => {
  const { page } = authdesk;
  const username = 'digest-user';
  const password = secret('pw-');
  const server = await startDigestServer({ realm: 'authdesk-e2e', username, password, qop: 'auth', algorithm: 'SHA-256' });
  try {
    await newProfile(authdesk, 'Camera (Digest)', 'Digest');
    await expect(page.getByText('Authdesk answers the server’s WWW-Authenticate: Digest challenge')).toBeVisible();
    await page.getByLabel('Username', { exact: true }).fill(username);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('type', 'password');
    await page.getByLabel('Base URL (optional)', { exact: true }).fill(server.url);
    await screenshot(page, '40-digest');

    await expect(await saveAndSend(authdesk, `${server.url}/status`)).toHaveText(/^200\b/);
    const steps = page.getByRole('region', { name: 'Auth steps' });
    await expect(steps).toContainText(/Digest challenge received \(.*SHA-256/);
    await expect(steps).toContainText('Digest challenge answered');
    expect(server.problems).toEqual([]);

    await page.getByRole('tab', { name: /Profile: Camera/ }).click();
    await expect(page.locator('.kv')).toContainText(`Digest (challenge-response) · username ${username}`);
    await expectNoLeaks(authdesk, [password], [username]);
  } finally {
    await server.close();
  }
});

test('AWS SigV4: the editor makes a profile whose requests verify, with temporary credentials', async ({ authdesk }) => {
  const { page } = authdesk;
  const creds = { accessKeyId: 'ASIAE2ETESTKEY000001', secretAccessKey: secret('sk/'), sessionToken: secret('tok+'), region: 'eu-west-1', service: 'execute-api' };
  const server = await startSigV4Server(creds);
  try {
    await newProfile(authdesk, 'Orders API (SigV4)', 'AWS SigV4');
    await page.getByLabel('Access key ID').fill(creds.accessKeyId);
    await page.getByLabel('Region').fill(creds.region);
    await page.getByLabel('Service').fill(creds.service);
    await page.getByLabel('Secret access key').fill(creds.secretAccessKey);
    await page.getByLabel('Session token (needed for ASIA… keys)').fill(creds.sessionToken);
    await expect(page.getByLabel('Secret access key')).toHaveAttribute('type', 'password');
    await expect(page.getByLabel(/^Session token/)).toHaveAttribute('type', 'password');
    await page.getByLabel('Base URL (optional)', { exact: true }).fill(server.url);
    await screenshot(page, '41-sigv4');

    await expect(await saveAndSend(authdesk, `${server.url}/prod/orders?limit=5`)).toHaveText(/^200\b/);
    expect(server.problems).toEqual([]);

    await page.getByRole('tab', { name: /Profile: Orders API/ }).click();
    await expect(page.locator('.kv')).toContainText(`access key ${creds.accessKeyId} · region ${creds.region} · service ${creds.service}`);
    await expectNoLeaks(authdesk, [creds.secretAccessKey, creds.sessionToken]);
  } finally {
    await server.close();
  }
});

const APP_ID = '271828';
const INSTALLATION = '31415926';

const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));

/** Imitates GitHub's `POST /app/installations/{id}/access_tokens`: verifies the App JWT (RS256, iss = App ID, ≤ 10 min). */
function startGitHub(publicKey: CryptoKey, issued: Set<string>, jwts: string[]) {
  return startServer((req, res) => {
    const m = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) return json(res, 404, { message: 'Not Found' });
    const jwt = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    jwts.push(jwt);
    void jwtVerify(jwt, publicKey, { issuer: APP_ID, algorithms: ['RS256'] })
      .then(({ payload }) => {
        if (payload.exp! - payload.iat! > 600) throw new Error('lives too long');
        if (m[1] !== INSTALLATION) return json(res, 404, { message: 'Not Found' });
        const token = `ghs_${randomBytes(18).toString('hex')}`;
        issued.add(token);
        json(res, 201, { token, expires_at: new Date(Date.now() + 3600_000).toISOString(), permissions: { contents: 'read' } });
      })
      .catch(() => json(res, 401, { message: 'A JSON web token could not be decoded' }));
  });
}

test('GitHub App: the editor makes a profile that trades its App JWT for an installation token', async ({ authdesk }) => {
  const { page } = authdesk;
  const key = await testKeyPair('RS256', 'unused');
  const pem = traditionalPem(key.pkcs8); // GitHub hands out PKCS#1 "RSA PRIVATE KEY" files
  const issued = new Set<string>();
  const jwts: string[] = [];
  const github = await startGitHub(key.publicKey, issued, jwts);
  const api = await startServer((req, res) => {
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!issued.has(token)) return json(res, 401, { message: 'Bad credentials' });
    json(res, 200, { full_name: 'octo/repo' });
  });
  try {
    await newProfile(authdesk, 'Octo app (GitHub App)', 'OAuth 2.0');
    await page.getByLabel('Grant').selectOption('github_app');
    await expect(page.getByLabel('Client ID')).toHaveCount(0);
    await expect(page.getByLabel('Token endpoint')).toHaveCount(0);
    await page.getByLabel('App ID').fill(APP_ID);
    await page.getByLabel('Installation ID').fill(INSTALLATION);
    await page.getByLabel('GitHub API URL (optional)').fill(github.url);
    const keyField = page.getByLabel('App private key (PEM)');
    await expect(keyField).toHaveAttribute('autocomplete', 'off');
    await expect(keyField).toHaveAttribute('spellcheck', 'false');
    await page.getByLabel('Or read it from a file:').setInputFiles({ name: 'octo-app.private-key.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(pem) });
    await expect(page.getByText('Read octo-app.private-key.pem: RSA PRIVATE KEY')).toBeVisible();
    expect(await keyField.inputValue()).toBe(pem);
    await page.getByLabel('Base URL (optional)', { exact: true }).fill(api.url);
    await screenshot(page, '42-github-app');

    await expect(await saveAndSend(authdesk, `${api.url}/repos/octo/repo`)).toHaveText(/^200\b/);
    await expect(page.getByRole('region', { name: 'Auth steps' })).toContainText(/fetched with github_app/);
    expect(github.seen).toHaveLength(1);

    await page.getByRole('tab', { name: /Profile: Octo app/ }).click();
    await expect(page.locator('.kv')).toContainText(`GitHub App · App ID ${APP_ID} · installation ${INSTALLATION}`);
    await expect(page.locator('.kv')).toContainText(github.url);
    const fragment = pem.trim().split('\n')[2]!;
    await expectNoLeaks(authdesk, [pem, fragment, ...jwts, ...issued]);
  } finally {
    await Promise.all([github.close(), api.close()]);
  }
});

/** A server on 127.0.0.1 that completes the TLS handshake only with a client certificate from the test CA. */
async function startMtlsServer(m: MtlsMaterial) {
  const server = https.createServer({ key: m.serverKey, cert: m.serverCert, ca: m.caCert, requestCert: true, rejectUnauthorized: true }, (req, res) =>
    json(res, 200, { hello: (req.socket as TLSSocket).getPeerCertificate().subject.CN }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

test('mTLS: the editor makes a client-certificate profile (encrypted key from a file, its CA) that a server requiring one accepts', async ({ authdesk }) => {
  const { page } = authdesk;
  const m = mtlsMaterial();
  const server = await startMtlsServer(m);
  try {
    await newProfile(authdesk, 'Partner API (mTLS)', 'Client certificate (mTLS)');
    await expect(page.getByRole('radio', { name: /PEM files/ })).toBeChecked();
    await page.getByLabel('Client certificate (PEM)').fill(m.clientCert);
    const keyField = page.getByLabel('Private key (PEM)');
    await keyField.locator('xpath=..').getByLabel('Or read it from a file:').setInputFiles({ name: 'partner-client.key', mimeType: 'application/x-pem-file', buffer: Buffer.from(m.clientKeyEncrypted) });
    await expect(page.getByText('Read partner-client.key: ENCRYPTED PRIVATE KEY')).toBeVisible();
    await expect(keyField).toHaveAttribute('autocomplete', 'off');
    await page.getByLabel('CA certificate (optional)').fill(m.caCert);
    await page.getByLabel('Base URL (optional)', { exact: true }).fill(server.url);
    // The engine opens the key before saving: a wrong passphrase is refused in the form, and nothing is saved.
    await page.getByLabel('Passphrase (optional)').fill('not the passphrase');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.getByRole('alert')).toHaveText('The passphrase does not decrypt the client private key: check it. Nothing was saved.');
    await expect(page.getByRole('navigation', { name: 'Profiles' })).not.toContainText('Partner API');
    await page.getByLabel('Passphrase (optional)').fill(m.passphrase);
    await expect(page.getByLabel('Passphrase (optional)')).toHaveAttribute('type', 'password');
    await screenshot(page, '43-mtls');

    await expect(await saveAndSend(authdesk, `${server.url}/whoami`)).toHaveText(/^200\b/);
    await expect(page.getByRole('region', { name: 'Auth steps' })).toContainText('Client certificate (PEM) offered in the TLS handshake of https:// requests');
    await expect(page.locator('#panel-request')).toContainText('authdesk-client');
    await screenshot(page, '44-mtls-sent');

    await page.getByRole('tab', { name: /Profile: Partner API/ }).click();
    await expect(page.locator('.kv')).toContainText('Client certificate (mTLS) · PEM: 1 certificate and a private key · trusts its own CA for the server');
    // Replacing the key replaces its passphrase with it; a key of another certificate is refused, the saved pair kept.
    const saved = await page.locator('.secret-status').allTextContents();
    await page.getByRole('button', { name: 'Replace client private key (PEM)' }).click();
    const replace = page.locator('.replace-form');
    await replace.getByLabel('New client private key (PEM)').fill(m.strangerKey);
    await expect(replace.getByLabel('New private key passphrase (empty when none)')).toHaveValue('');
    await replace.getByRole('button', { name: 'Save to keychain' }).click();
    await expect(replace.getByRole('alert')).toHaveText('The client private key does not belong to the client certificate: give the key the certificate was issued for. Nothing was saved.');
    await replace.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.locator('.secret-status').allTextContents()).toEqual(saved);
    await expectNoLeaks(authdesk, [m.clientKeyEncrypted, m.clientKeyEncrypted.trim().split('\n')[2]!, m.passphrase, m.strangerKey, m.strangerKey.trim().split('\n')[2]!]);
  } finally {
    await server.close();
  }
});

test('OAuth tls_client_auth: Discover fills the mTLS endpoint aliases; a PKCS#12 client certificate gets a certificate-bound token', async ({ authdesk }) => {
  const { page } = authdesk;
  const m = mtlsMaterial();
  const as = await startMtlsAuthServer(m, { 'partner-svc': { method: 'tls_client_auth', match: 'authdesk-client' } });
  try {
    await newProfile(authdesk, 'Partner (tls_client_auth)', 'OAuth 2.0');
    await page.getByLabel('Client authentication').selectOption('tls_client_auth');
    await page.getByLabel('Issuer').fill(as.issuer);
    await page.getByRole('button', { name: 'Discover' }).click();
    await expect(page.getByLabel('Token endpoint')).toHaveValue(`${as.url}/token`); // the alias, not the plain token_endpoint
    await page.getByLabel('Client ID').fill('partner-svc');
    await expect(page.getByLabel('Client secret')).toHaveCount(0);
    const certificate = page.getByRole('group', { name: 'Client certificate' });
    await certificate.getByRole('radio', { name: /PKCS#12 bundle/ }).check();
    const bundle = certificate.getByLabel('PKCS#12 file (.p12 or .pfx)');
    await bundle.locator('xpath=..').getByLabel('Or read it from a file:').setInputFiles({ name: 'partner.p12', mimeType: 'application/x-pkcs12', buffer: Buffer.from(m.clientPkcs12Base64, 'base64') });
    await expect(certificate.getByText(/Read partner\.p12: PKCS#12 bundle · \d+ bytes/)).toBeVisible();
    await certificate.getByLabel('Passphrase (optional)').fill(m.passphrase);
    await certificate.getByLabel('CA certificate (optional)').fill(m.caCert);
    await page.getByLabel('Base URL (optional)', { exact: true }).fill(as.url);
    await screenshot(page, '45-oauth-tls-client-auth');

    await expect(await saveAndSend(authdesk, `${as.url}/api`)).toHaveText(/^200\b/);
    const steps = page.getByRole('region', { name: 'Auth steps' });
    await expect(steps).toContainText('fetched with client_credentials (tls_client_auth');
    await expect(steps).toContainText('Client certificate offered in the TLS handshake (RFC 8705 §3: certificate-bound tokens)');
    expect(as.seen.map((r) => [r.path, r.clientId, r.authorization])).toEqual([['/token', 'partner-svc', false]]);
    await expectNoLeaks(authdesk, [m.clientPkcs12Base64, m.passphrase]);
  } finally {
    await as.close();
  }
});
