import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileView } from '../../shared/contract';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { startMtlsAuthServer, type MtlsAuthServer } from '../helpers/mtls-as';
import { mtlsMaterial, type MtlsMaterial } from '../helpers/tls';
import { json, runCli, tempHome } from './helpers';

/** `profile add --scheme oauth2 --token-endpoint-auth-method tls_client_auth` with --cert/--ca/--key-file (RFC 8705). */

let m: MtlsMaterial;
let as: MtlsAuthServer;
let home: Awaited<ReturnType<typeof tempHome>>;
let dir: string;
const printed: string[] = [];

const cli = async (args: string[], input?: string) => {
  const r = await runCli(args, { home: home.home, input });
  printed.push(r.stdout, r.stderr);
  return r;
};
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  m = mtlsMaterial();
  as = await startMtlsAuthServer(m, { 'ca-client': { method: 'tls_client_auth', match: 'authdesk-client' } });
  home = await tempHome();
  dir = await mkdtemp(path.join(os.tmpdir(), 'authdesk-cli-tls-'));
  await Promise.all([writeFile(file('client.pem'), m.clientCert), writeFile(file('ca.pem'), m.caCert), writeFile(file('client-enc.key'), m.clientKeyEncrypted)]);
});
afterAll(async () => {
  await as.close();
  await home.cleanup();
});

describe('profile add: oauth2 with tls_client_auth', () => {
  it('--issuer picks the mTLS endpoint aliases; --key-file holds the key, stdin the passphrase; the token and the API call work', async () => {
    const args = ['--scheme', 'oauth2', '--grant', 'client_credentials', '--issuer', as.issuer, '--client-id', 'ca-client', '--token-endpoint-auth-method', 'tls_client_auth'];
    const r = await cli(['profile', 'add', 'svc', ...args, '--cert', file('client.pem'), '--ca', file('ca.pem'), '--key-file', file('client-enc.key'), '--json'], `${m.passphrase}\n`);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('using its mutual-TLS endpoint aliases where it lists them (RFC 8705 §5)');
    const view = json<ProfileView>(r);
    expect(view.auth).toMatchObject({ tokenEndpoint: `${as.url}/token`, revocationEndpoint: `${as.url}/revoke`, clientCertificate: { format: 'pem', certificatePem: m.clientCert, caPem: m.caCert } });
    expect(view.secrets.map((s) => s.slot)).toEqual(['client_key', 'client_key_passphrase']);
    expect((await cli(['profile', 'show', 'svc'])).stdout).toMatch(/Client certificate\s+CN=authdesk-client/);
    const sent = await cli(['send', 'svc', `${as.url}/api`, '--json']);
    expect(json<{ status: number }>(sent).status).toBe(200);
    expect(findLeaks(printed.join('\n'), [m.clientKeyEncrypted, m.passphrase])).toEqual([]);
    expect(await scanPaths([home.home], [m.clientKeyEncrypted, m.passphrase])).toEqual([]);
  });

  it('usage errors: the certificate is required, and certificate flags need a mutual-TLS method', async () => {
    const base = ['profile', 'add', 'x', '--scheme', 'oauth2', '--grant', 'client_credentials', '--token-endpoint', `${as.url}/token`, '--client-id', 'c'];
    const noCert = await cli([...base, '--token-endpoint-auth-method', 'self_signed_tls_client_auth']);
    expect(noCert).toMatchObject({ code: 2, stderr: expect.stringContaining('--token-endpoint-auth-method self_signed_tls_client_auth needs --cert FILE') });
    const misplaced = await cli([...base, '--cert', file('client.pem')], 'secret\n');
    expect(misplaced).toMatchObject({ code: 2, stderr: expect.stringContaining('--cert applies to --scheme mtls, or to oauth2 with --token-endpoint-auth-method tls_client_auth') });
  });
});
