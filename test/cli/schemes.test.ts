import keytar from 'keytar';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileView } from '../../shared/contract';
import type { TokenInfo } from '../../shared/oauth';
import { startDigestServer } from '../helpers/digest-server';
import { startBearerApi, startGitHubApp } from '../helpers/github-app';
import { testKeyPair, traditionalPem } from '../helpers/keys';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { startOidcProvider } from '../helpers/oidc';
import type { TestServer } from '../helpers/servers';
import { startSigV4Server } from '../helpers/sigv4-server';
import { mtlsMaterial, type MtlsMaterial } from '../helpers/tls';
import { json, runCli, spawnCli, tempHome, transcript } from './helpers';

/**
 * `profile add` for digest, aws-sigv4, mtls and the key-based OAuth forms (jwt_bearer, github_app, private_key_jwt):
 * secrets from stdin (PEM blocks included), --key-file and --secret-env; `profile show`; the keychain entries; sends
 * against real local servers that verify the credentials themselves; usage errors; and a leak scan at the end.
 */

const T = 60_000;
const S = {
  digestPassword: 'dg-pa$$:+/=&#9xQ',
  digestUser: 'sk_dig_+/=&#Q7',
  awsSecret: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYzq/=&#77',
  awsSession: 'FwoGZXIvYXdzE+/=tok-77&#:',
  awsSecret2: 'xKbmsYVuoGFNJ/L8NEFOH+cQySgjDZar/=&#88',
};
const AKID = 'AKIAIOSFODNN7EXAMPLE';
let home: Awaited<ReturnType<typeof tempHome>>;
let dir: string;
let m: MtlsMaterial;
let mtlsServer: https.Server;
let mtlsUrl: string;
const servers: TestServer[] = [];
let op: Awaited<ReturnType<typeof startOidcProvider>>;
let pkjwt: Awaited<ReturnType<typeof testKeyPair>>;
let ghKey: Awaited<ReturnType<typeof testKeyPair>>;
/** Every secret of this file, for the leak scan (PEM keys also by one line of their body). */
const secrets: string[] = Object.values(S);

const cli = (args: string[], input?: string, env?: NodeJS.ProcessEnv) => runCli(args, { home: home.home, input, env });
const add = (name: string, args: string[], input?: string, env?: NodeJS.ProcessEnv) => cli(['profile', 'add', name, ...args], input, env);
const show = async (name: string) => json<ProfileView>(await cli(['profile', 'show', name, '--json']));
const send = async (name: string, url: string, env?: NodeJS.ProcessEnv) => {
  const r = await cli(['send', name, url, '--json'], undefined, env);
  return { code: r.code, stderr: r.stderr, reply: json<{ status: number | null; failure: string | null; bodyPreview?: string }>(r) };
};
const file = (name: string) => path.join(dir, name);
/** The keychain entries of a profile: slot → stored value. */
const keychainOf = async (id: string) =>
  Object.fromEntries(
    (await keytar.findCredentials('Authdesk')).filter((c) => c.account.startsWith(`profile/${id}/`)).map((c) => [c.account.slice(`profile/${id}/`.length), c.password]),
  );
const pemLine = (pem: string) => pem.trim().split('\n')[2]!;
const keep = (...values: string[]) => secrets.push(...values, ...values.filter((v) => v.includes('-----BEGIN')).map(pemLine));

beforeAll(async () => {
  home = await tempHome();
  dir = await mkdtemp(path.join(os.tmpdir(), 'authdesk-schemes-'));
  m = mtlsMaterial();
  [pkjwt, ghKey] = await Promise.all([testKeyPair('ES256', 'kid-cli'), testKeyPair('RS256', 'unused')]);
  keep(m.clientKey, m.clientKeyEncrypted, m.clientPkcs12Base64, m.passphrase, pkjwt.pkcs8, traditionalPem(ghKey.pkcs8));
  await Promise.all([
    writeFile(file('client.pem'), m.clientCert),
    writeFile(file('ca.pem'), m.caCert),
    writeFile(file('client.key'), m.clientKey),
    writeFile(file('client.p12'), Buffer.from(m.clientPkcs12Base64, 'base64')),
    writeFile(file('combined.pem'), m.clientCert + m.clientKey),
    writeFile(file('app.pem'), traditionalPem(ghKey.pkcs8)),
    writeFile(file('jwt.pem'), pkjwt.pkcs8),
  ]);
  mtlsServer = https.createServer({ key: m.serverKey, cert: m.serverCert, ca: m.caCert, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    res.end(`hello ${(req.socket as TLSSocket).getPeerCertificate().subject.CN}`);
  });
  await new Promise<void>((resolve) => mtlsServer.listen(0, '127.0.0.1', resolve));
  mtlsUrl = `https://127.0.0.1:${(mtlsServer.address() as AddressInfo).port}/whoami`;
  op = await startOidcProvider([
    { client_id: 'pkjwt', token_endpoint_auth_method: 'private_key_jwt', token_endpoint_auth_signing_alg: 'ES256', jwks: { keys: [pkjwt.jwk] }, grant_types: ['client_credentials'], redirect_uris: [], response_types: [] },
  ]);
}, T);
afterAll(async () => {
  mtlsServer?.closeAllConnections();
  await new Promise((resolve) => mtlsServer?.close(resolve));
  await Promise.all([...servers.map((s) => s.close()), op?.close()]);
  await home?.cleanup();
  await rm(dir, { recursive: true, force: true });
});

describe('profile add: digest', () => {
  it('--username: password from stdin, stored in the keychain, accepted by a Digest server', async () => {
    const server = await startDigestServer({ realm: 'cli', username: 'alice', password: S.digestPassword, qop: 'auth', algorithm: 'SHA-256' });
    servers.push(server);
    const r = await add('dig', ['--scheme', 'digest', '--username', 'alice'], `${S.digestPassword}\n`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Saved profile "dig" \(digest, confidential\)\.\n {2}password: saved · fingerprint [0-9a-f]{8}/);
    const view = await show('dig');
    expect(view.auth).toEqual({ scheme: 'digest', username: 'alice' });
    expect(await keychainOf(view.id)).toEqual({ password: `v1:${S.digestPassword}` });
    const sent = await send('dig', `${server.url}/private?x=1`);
    expect(sent.reply.status, sent.stderr).toBe(200);
    expect(server.problems).toEqual([]);
  }, T);

  it('--secret-username: username then password from stdin', async () => {
    const server = await startDigestServer({ realm: 'cli', username: S.digestUser, password: S.digestPassword, qop: null, algorithm: null });
    servers.push(server);
    const r = await add('dig-secret', ['--scheme', 'digest', '--secret-username'], `${S.digestUser}\n${S.digestPassword}\n`);
    expect(r.code, r.stderr).toBe(0);
    const view = await show('dig-secret');
    expect(view.auth).toEqual({ scheme: 'digest', username: null });
    expect(await keychainOf(view.id)).toEqual({ username: `v1:${S.digestUser}`, password: `v1:${S.digestPassword}` });
    expect((await cli(['profile', 'show', 'dig-secret'])).stdout).toMatch(/^Identity +\(secret username\)$/m);
    expect((await send('dig-secret', `${server.url}/`)).reply.status).toBe(200);
    expect(server.problems).toEqual([]);
  }, T);
});

describe('profile add: aws-sigv4', () => {
  it('secret access key and session token from stdin (a real process); the server verifies the signature', async () => {
    const server = await startSigV4Server({ accessKeyId: AKID, secretAccessKey: S.awsSecret, sessionToken: S.awsSession, region: 'eu-west-1', service: 'execute-api' });
    servers.push(server);
    const args = ['profile', 'add', 'aws', '--scheme', 'aws-sigv4', '--access-key-id', AKID, '--region', 'eu-west-1', '--service', 'execute-api'];
    const r = await spawnCli(args, { home: home.home, input: `${S.awsSecret}\n${S.awsSession}\n` });
    expect(r.code, r.stderr).toBe(0);
    const view = await show('aws');
    expect(view.auth).toEqual({ scheme: 'aws-sigv4', accessKeyId: AKID, region: 'eu-west-1', service: 'execute-api' });
    expect(view.identity).toBe(AKID);
    expect(await keychainOf(view.id)).toEqual({ secret_access_key: `v1:${S.awsSecret}`, session_token: `v1:${S.awsSession}` });
    const human = (await cli(['profile', 'show', 'aws'])).stdout;
    expect(human).toMatch(/^Scheme +aws-sigv4 \(execute-api, eu-west-1\)$/m);
    expect(human).toMatch(/^Access key ID +AKIAIOSFODNN7EXAMPLE$/m);
    expect(human).toMatch(/^Region +eu-west-1$/m);
    expect(human).toMatch(/^Service +execute-api$/m);
    const sent = await send('aws', `${server.url}/items?b=2&a=1`);
    expect(sent.reply.status, sent.stderr).toBe(200);
    expect(server.problems).toEqual([]);
  }, T);

  it('--secret-env for the secret access key, and an empty line for no session token', async () => {
    const server = await startSigV4Server({ accessKeyId: AKID, secretAccessKey: S.awsSecret2, region: 'us-east-1', service: 's3' });
    servers.push(server);
    const r = await add('aws-env', ['--scheme', 'aws-sigv4', '--access-key-id', AKID, '--region', 'us-east-1', '--service', 's3', '--secret-env', 'AWS_SECRET_ACCESS_KEY'], '\n', { AWS_SECRET_ACCESS_KEY: '' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('secret access key: env $AWS_SECRET_ACCESS_KEY');
    const view = await show('aws-env');
    expect(await keychainOf(view.id)).toEqual({ session_token: 'v1:' });
    const sent = await send('aws-env', `${server.url}/bucket/key`, { AWS_SECRET_ACCESS_KEY: S.awsSecret2 });
    expect(sent.reply.status, sent.stderr).toBe(200);
    expect(server.seen.at(-1)!.headers).not.toHaveProperty('x-amz-security-token');
  }, T);
});

describe('profile add: mtls', () => {
  it('--cert, --ca and --key-file: the key goes to the keychain, the file stays, the server sees the certificate', async () => {
    const r = await add('mtls', ['--scheme', 'mtls', '--cert', file('client.pem'), '--ca', file('ca.pem'), '--key-file', file('client.key')], '\n');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`authdesk: note: the key from ${file('client.key')} is now in the OS keychain; Authdesk left the file as it was, and you may delete it.`);
    expect(await readFile(file('client.key'), 'utf8')).toBe(m.clientKey);
    const view = await show('mtls');
    expect(view.auth).toEqual({ scheme: 'mtls', format: 'pem', certificatePem: m.clientCert, caPem: m.caCert });
    expect(await keychainOf(view.id)).toEqual({ client_key: `v1:${m.clientKey}`, client_key_passphrase: 'v1:' });
    const human = (await cli(['profile', 'show', 'mtls'])).stdout;
    expect(human).toMatch(/^Client certificate +CN=authdesk-client \(valid until .+\)$/m);
    expect(human).toMatch(/^Trusted CA +CN=Authdesk Test CA \(valid until .+\)$/m);
    const sent = await send('mtls', mtlsUrl);
    expect(sent.reply.status, sent.stderr).toBe(200);
    expect(sent.reply.bodyPreview).toBe('hello authdesk-client');
  }, T);

  it('an encrypted PEM key piped on stdin (a real process): the block up to its END line, then the passphrase', async () => {
    const args = ['profile', 'add', 'mtls-stdin', '--scheme', 'mtls', '--cert', file('client.pem'), '--ca', file('ca.pem')];
    const r = await spawnCli(args, { home: home.home, input: `${m.clientKeyEncrypted.replace(/\n/g, '\r\n')}${m.passphrase}\n` });
    expect(r.code, r.stderr).toBe(0);
    const view = await show('mtls-stdin');
    expect(await keychainOf(view.id)).toEqual({ client_key: `v1:${m.clientKeyEncrypted}`, client_key_passphrase: `v1:${m.passphrase}` });
    expect((await send('mtls-stdin', mtlsUrl)).reply.status).toBe(200);
  }, T);

  it('--pkcs12 --key-file (stored base64), the passphrase from --secret-env, the server CA from AUTHDESK_EXTRA_CA_CERTS', async () => {
    const r = await add('p12', ['--scheme', 'mtls', '--pkcs12', '--key-file', file('client.p12'), '--secret-env', 'P12_PASS']);
    expect(r.code, r.stderr).toBe(0);
    const view = await show('p12');
    expect(view.auth).toEqual({ scheme: 'mtls', format: 'pkcs12' });
    expect(await keychainOf(view.id)).toEqual({ client_pkcs12: `v1:${m.clientPkcs12Base64}` });
    expect((await cli(['profile', 'show', 'p12'])).stdout).toMatch(/^Client certificate +in the PKCS#12 bundle$/m);
    const sent = await send('p12', mtlsUrl, { P12_PASS: m.passphrase, AUTHDESK_EXTRA_CA_CERTS: file('ca.pem') });
    expect(sent.reply.status, sent.stderr).toBe(200);
    expect(sent.reply.bodyPreview).toBe('hello authdesk-client');
  }, T);
});

describe('profile add: OAuth 2.0 with a private key', () => {
  it('github_app with --key-file: no client_secret read; the installation token is obtained and sent', async () => {
    const issued = new Set<string>();
    const jwts: string[] = [];
    const gh = await startGitHubApp(ghKey.publicKey, { appId: '12345', installationId: '4242' }, issued, jwts);
    const api = await startBearerApi(issued);
    servers.push(gh, api);
    const r = await add('gh', ['--scheme', 'oauth2', '--grant', 'github_app', '--app-id', '12345', '--installation-id', '4242', '--api-base', gh.url, '--key-file', file('app.pem')], 'must-not-be-read\n');
    expect(r.code, r.stderr).toBe(0);
    const view = await show('gh');
    expect(view.auth).toMatchObject({ scheme: 'oauth2', grant: 'github_app', appId: '12345', installationId: '4242', apiBase: gh.url });
    expect(view.identity).toBe('12345');
    expect(await keychainOf(view.id)).toEqual({ private_key: `v1:${traditionalPem(ghKey.pkcs8)}` });
    const human = (await cli(['profile', 'show', 'gh'])).stdout;
    expect(human).toMatch(/^App ID +12345\nInstallation ID +4242\nAPI base +http:\/\/127\.0\.0\.1:\d+$/m);
    expect(human).not.toContain('Client auth');
    const sent = await send('gh', `${api.url}/repos/o/r`);
    expect(sent.reply.status, sent.stderr).toBe(200);
    expect(jwts).toHaveLength(1);
    keep(...jwts, ...issued);
  }, T);

  it('github_app with the PEM key on stdin, then authdesk token', async () => {
    const issued = new Set<string>();
    const jwts: string[] = [];
    const gh = await startGitHubApp(ghKey.publicKey, { appId: '777', installationId: '9' }, issued, jwts);
    servers.push(gh);
    const r = await add('gh-stdin', ['--scheme', 'oauth2', '--grant', 'github_app', '--app-id', '777', '--installation-id', '9', '--api-base', `${gh.url}/`], traditionalPem(ghKey.pkcs8));
    expect(r.code, r.stderr).toBe(0);
    const token = await cli(['token', 'gh-stdin', '--json']);
    expect(token.code, token.stderr).toBe(0);
    expect(json<TokenInfo>(token)).toMatchObject({ source: 'fetched', tokenType: 'Bearer', hasRefreshToken: false });
    keep(...jwts, ...issued);
  }, T);

  it('private_key_jwt (ES256, kid) with the key on stdin: oidc-provider verifies the client assertion', async () => {
    const args = ['--scheme', 'oauth2', '--grant', 'client_credentials', '--issuer', op.issuer, '--client-id', 'pkjwt', '--scope', 'api:read'];
    const r = await add('pkjwt', [...args, '--token-endpoint-auth-method', 'private_key_jwt', '--signing-alg', 'ES256', '--key-id', 'kid-cli'], pkjwt.pkcs8);
    expect(r.code, r.stderr).toBe(0);
    const view = await show('pkjwt');
    expect(view.auth).toMatchObject({ tokenEndpointAuthMethod: 'private_key_jwt', signingAlg: 'ES256', keyId: 'kid-cli' });
    expect(view.secrets.map((s) => s.slot)).toEqual(['private_key']);
    expect(await keychainOf(view.id)).toEqual({ private_key: `v1:${pkjwt.pkcs8.trimEnd()}\n` }); // the block, ended by a newline
    expect((await cli(['profile', 'show', 'pkjwt'])).stdout).toMatch(/^Signing +ES256, kid kid-cli$/m);
    const token = await cli(['token', 'pkjwt', '--json']);
    expect(token.code, token.stderr).toBe(0);
    expect(json<TokenInfo>(token).source).toBe('fetched');
  }, T);

  it('jwt_bearer: endpoints discovered from --issuer, the claims shown, the key from --key-file', async () => {
    const r = await add('jwtb', [
      '--scheme', 'oauth2', '--grant', 'jwt_bearer', '--issuer', op.issuer, '--client-id', 'svc', '--token-endpoint-auth-method', 'private_key_jwt',
      '--jwt-subject', 'user@example.com', '--jwt-issuer', 'svc-iss', '--jwt-audience', 'https://as.example.com', '--signing-alg', 'ES256', '--key-file', file('jwt.pem'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`discovered the endpoints of ${op.issuer}`);
    const view = await show('jwtb');
    expect(view.auth).toMatchObject({ grant: 'jwt_bearer', tokenEndpoint: `${op.issuer}/token`, jwtSubject: 'user@example.com', jwtIssuer: 'svc-iss', jwtAudience: 'https://as.example.com' });
    expect(await keychainOf(view.id)).toEqual({ private_key: `v1:${pkjwt.pkcs8}` });
    expect((await cli(['profile', 'show', 'jwtb'])).stdout).toMatch(/^JWT issuer +svc-iss\nJWT subject +user@example\.com\nJWT audience +https:\/\/as\.example\.com$/m);
  }, T);
});

describe('profile add: usage errors', () => {
  it('exit 2 with exact messages, and nothing saved', async () => {
    const tok = ['--scheme', 'oauth2', '--grant', 'client_credentials', '--client-id', 'c', '--token-endpoint', 'http://127.0.0.1:9/token'];
    const sig = ['--scheme', 'aws-sigv4', '--access-key-id', AKID, '--region', 'us-east-1'];
    const cases: [string[], string][] = [
      [['--scheme', 'digest'], '--scheme digest needs --username U (the password comes on standard input) or --secret-username (both come on standard input).'],
      [['--scheme', 'digest', '--username', 'u', '--secret-username'], 'Give either --username U or --secret-username, not both.'],
      [['--scheme', 'apikey', '--in', 'header', '--param', 'K', '--username', 'u'], '--username applies to --scheme basic or digest only.'],
      [sig, '--scheme aws-sigv4 needs --access-key-id ID, --region R and --service S (stdin: the secret access key, then the session token or an empty line).'],
      [[...sig, '--service', 'S3'], 'Invalid --service: a service signing name such as s3 or execute-api.'],
      [['--scheme', 'aws-sigv4', '--access-key-id', 'short', '--region', 'us-east-1', '--service', 's3'], 'Invalid --access-key-id: an access key id: 16 to 128 letters and digits (AKIA…).'],
      [['--scheme', 'bearer', '--region', 'us-east-1'], '--region applies to --scheme aws-sigv4 only.'],
      [['--scheme', 'mtls'], '--scheme mtls needs --cert FILE (the client certificate, PEM) and the private key by --key-file FILE or stdin; or --pkcs12 --key-file FILE.'],
      [['--scheme', 'mtls', '--pkcs12', '--cert', file('client.pem')], '--cert does not apply with --pkcs12: the bundle carries the certificate.'],
      [['--scheme', 'mtls', '--cert', file('nope.pem')], `Could not read --cert ${file('nope.pem')} (ENOENT).`],
      [['--scheme', 'mtls', '--cert', file('combined.pem')], `--cert ${file('combined.pem')} also holds a private key, which must not be stored in the profile file: give the certificate alone, and the key with --key-file.`],
      [['--scheme', 'mtls', '--cert', file('client.pem'), '--ca', file('client.key')], `--ca ${file('client.key')} also holds a private key, which must not be stored in the profile file: give the certificate alone, and the key with --key-file.`],
      [['--scheme', 'mtls', '--cert', file('client.key')], `--cert ${file('client.key')} also holds a private key, which must not be stored in the profile file: give the certificate alone, and the key with --key-file.`],
      [['--scheme', 'mtls', '--cert', file('client.p12')], `--cert ${file('client.p12')} holds no readable PEM certificate (-----BEGIN CERTIFICATE-----).`],
      [['--scheme', 'mtls', '--cert', file('client.pem'), '--key-file', file('client.p12')], `--key-file ${file('client.p12')} holds no PEM private key (-----BEGIN … PRIVATE KEY----- to -----END … PRIVATE KEY-----); for a .p12/.pfx bundle add --pkcs12.`],
      [['--scheme', 'mtls', '--pkcs12', '--key-file', file('client.key')], `--key-file ${file('client.key')} is PEM text, not a PKCS#12 bundle: leave out --pkcs12 and give the certificate with --cert.`],
      [['--scheme', 'mtls', '--cert', file('client.pem'), '--key-file', file('client.key'), '--secret-env', 'A', '--secret-env', 'B'], 'This profile has 1 secret(s) (private key passphrase (empty when none)) besides the --key-file but 2 --secret-env were given.'],
      [['--scheme', 'basic', '--username', 'u', '--key-file', file('client.key')], '--key-file applies to --scheme mtls or oauth2 only.'],
      [['--scheme', 'bearer', '--pkcs12'], '--pkcs12 applies to --scheme mtls or oauth2 only.'],
      [['--scheme', 'bearer', '--jwt-subject', 'x'], '--jwt-subject applies to --scheme oauth2 only.'],
      [['--scheme', 'oauth2', '--grant', 'jwt_bearer', '--client-id', 'c', '--token-endpoint', 'http://127.0.0.1:9/token'], 'The jwt_bearer grant needs --jwt-subject: the assertion\'s sub, the principal the token is for (RFC 7523 §3).'],
      [['--scheme', 'oauth2', '--grant', 'github_app', '--app-id', '1'], 'The github_app grant needs --installation-id: the installation whose access token is requested.'],
      [['--scheme', 'oauth2', '--grant', 'github_app', '--installation-id', '1'], 'The github_app grant needs --app-id: the GitHub App ID, the iss of the App JWT.'],
      [['--scheme', 'oauth2', '--grant', 'github_app', '--app-id', '1', '--installation-id', 'x'], 'Invalid --installation-id: the installation ID: digits.'],
      [['--scheme', 'oauth2', '--grant', 'github_app', '--app-id', '1', '--installation-id', '2', '--signing-alg', 'ES256'], 'GitHub App JWTs are signed with RS256.'],
      [['--scheme', 'oauth2', '--grant', 'github_app', '--app-id', '1', '--installation-id', '2', '--client-id', 'c'], '--client-id does not apply to --grant github_app: it takes --app-id, --installation-id and the App\'s private key.'],
      [['--scheme', 'oauth2', '--grant', 'github_app', '--app-id', '1', '--installation-id', '2', '--api-base', 'ftp://x'], '--api-base must be an absolute http:// or https:// URL.'],
      [[...tok, '--app-id', '1'], '--app-id applies to --grant github_app only.'],
      [[...tok, '--jwt-audience', 'a'], '--jwt-audience applies to --grant jwt_bearer only.'],
      [[...tok, '--key-id', 'k'], '--key-id applies when a private key signs JWTs: --grant jwt_bearer or github_app, or --token-endpoint-auth-method private_key_jwt.'],
      [
        [...tok, '--key-file', file('jwt.pem')],
        '--key-file applies to oauth2 when a private key signs JWTs (--grant jwt_bearer or github_app, or --token-endpoint-auth-method private_key_jwt) or with a client certificate (tls_client_auth, self_signed_tls_client_auth).',
      ],
      [[...tok, '--token-endpoint-auth-method', 'private_key_jwt', '--key-file', file('client.pem')], `--key-file ${file('client.pem')} holds no PEM private key (-----BEGIN … PRIVATE KEY----- to -----END … PRIVATE KEY-----).`],
    ];
    for (const [args, message] of cases) {
      const r = await add('x', args, 'must-not-be-read\n');
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 2, stderr: `authdesk: ${message}\n` });
    }
    const mtls = ['--scheme', 'mtls', '--cert', file('client.pem')];
    const stdinCases: [string, string][] = [
      ['not a key\n', 'Line 1 of standard input should start the client private key (PEM): a -----BEGIN … PRIVATE KEY----- line (or give --key-file FILE).'],
      [m.clientKey.split('\n').slice(0, 4).join('\n'), 'Standard input ended before the -----END PRIVATE KEY----- line of the client private key (PEM).'],
      ['', 'Standard input ended before the client private key (PEM) (line 1). Give one secret per line, in order; an empty line is an empty value (not allowed here).'],
    ];
    for (const [input, message] of stdinCases) {
      const r = await add('x', mtls, input);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: `authdesk: ${message}\n` });
    }
    expect(json<ProfileView[]>(await cli(['profile', 'list', '--json'])).map((p) => p.name)).not.toContain('x');
  }, T);
});

describe('profile add and rotate: key material is checked before anything is saved', () => {
  it('a wrong or missing passphrase, a key of another certificate, a bundle that does not open, a key that cannot sign: exit 2, nothing saved', async () => {
    await Promise.all([writeFile(file('client-enc.key'), m.clientKeyEncrypted), writeFile(file('stranger.key'), m.strangerKey)]);
    const pem = ['--scheme', 'mtls', '--cert', file('client.pem'), '--key-file', file('client-enc.key')];
    const tok = ['--scheme', 'oauth2', '--grant', 'client_credentials', '--client-id', 'c', '--token-endpoint', 'http://127.0.0.1:9/token'];
    const cases: [string[], string, string][] = [
      [pem, 'not the passphrase\n', 'The passphrase does not decrypt the client private key: check it. Nothing was saved.'],
      [pem, '\n', 'The client private key is encrypted: give its passphrase (on the line after the key on standard input, or with --secret-env). Nothing was saved.'],
      [['--scheme', 'mtls', '--cert', file('client.pem'), '--key-file', file('stranger.key')], '\n', 'The client private key does not belong to the certificate of --cert: give the key the certificate was issued for. Nothing was saved.'],
      [
        [...tok, '--token-endpoint-auth-method', 'tls_client_auth', '--cert', file('client.pem'), '--key-file', file('stranger.key')],
        '\n',
        'The client private key does not belong to the certificate of --cert: give the key the certificate was issued for. Nothing was saved.',
      ],
      [['--scheme', 'mtls', '--pkcs12', '--key-file', file('client.p12')], 'not the passphrase\n', 'The passphrase does not decrypt the PKCS#12 bundle: check it. Nothing was saved.'],
      [
        [...tok, '--token-endpoint-auth-method', 'private_key_jwt', '--key-file', file('jwt.pem')],
        '',
        'The private key is an EC key on prime256v1, which cannot sign RS256 (RFC 7518 §3.1: RS256 and PS256 need RSA, ES256 needs EC P-256): give --signing-alg to match the key, or another key. Nothing was saved.',
      ],
      [
        [...tok, '--token-endpoint-auth-method', 'private_key_jwt', '--signing-alg', 'ES256', '--key-file', file('client-enc.key')],
        '',
        'The private key is encrypted with a passphrase, which JWT signing keys cannot have here: save the unencrypted PEM (openssl pkcs8 -topk8 -nocrypt). Nothing was saved.',
      ],
      [
        ['--scheme', 'oauth2', '--grant', 'github_app', '--app-id', '1', '--installation-id', '2', '--key-file', file('jwt.pem')],
        '',
        "The private key is an EC key on prime256v1, which cannot sign RS256 (RFC 7518 §3.1: RS256 and PS256 need RSA, ES256 needs EC P-256): GitHub App JWTs are RS256: give the App's RSA private key (the .pem from its settings). Nothing was saved.",
      ],
    ];
    for (const [args, input, message] of cases) {
      const r = await add('bad-key', args, input);
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 2, stderr: `authdesk: ${message}\n` });
    }
    expect(json<ProfileView[]>(await cli(['profile', 'list', '--json'])).map((p) => p.name)).not.toContain('bad-key');

    // rotate checks the same way and keeps the working key and passphrase.
    const before = await keychainOf((await show('mtls-stdin')).id);
    const rotated = await cli(['rotate', 'mtls-stdin'], `${m.clientKeyEncrypted}not the passphrase\n`);
    expect({ code: rotated.code, stderr: rotated.stderr }).toEqual({ code: 2, stderr: 'authdesk: The passphrase does not decrypt the client private key: check it. Nothing was saved.\n' });
    expect(await keychainOf((await show('mtls-stdin')).id)).toEqual(before);
  }, T);
});

describe('leak scan', () => {
  it('no secret in the data directory or in anything the CLI printed', async () => {
    expect(await cli(['export', '--format', 'har', '--out', path.join(home.home, 'log.har')]).then((r) => r.code)).toBe(0);
    expect(await scanPaths([home.home], secrets, ['alice'])).toEqual([]);
    expect(findLeaks(transcript.join('\n'), secrets, ['alice'])).toEqual([]);
  }, T);
});
