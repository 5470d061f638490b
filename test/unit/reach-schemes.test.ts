import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { applyAuth } from '../../shared/auth-apply';
import { toCurl } from '../../shared/curl-export';
import { authSchema, identityOf, secretSlots, type AuthConfig } from '../../shared/profile';
import type { HistoryEntry } from '../../shared/request';
import { startDigestServer } from '../helpers/digest-server';
import { startSigV4Server } from '../helpers/sigv4-server';

const run = promisify(execFile);
const DIGEST: AuthConfig = { scheme: 'digest', username: 'Mufasa' };
const AWS: AuthConfig = { scheme: 'aws-sigv4', accessKeyId: 'AKIDEXAMPLE12345', region: 'eu-west-1', service: 'execute-api' };

describe('Digest, AWS SigV4 and mTLS profiles', () => {
  it('slots, identity and what the redactor learns', () => {
    expect(secretSlots(DIGEST).map((s) => s.slot)).toEqual(['password']);
    expect(secretSlots({ scheme: 'digest', username: null }).map((s) => s.slot)).toEqual(['username', 'password']);
    expect(secretSlots(AWS)).toEqual([expect.objectContaining({ slot: 'secret_access_key', mayBeEmpty: false }), expect.objectContaining({ slot: 'session_token', mayBeEmpty: true })]);
    expect(identityOf({ auth: AWS })).toBe('AKIDEXAMPLE12345');
    expect(identityOf({ auth: DIGEST })).toBe('Mufasa');
    const aws = applyAuth(AWS, { secret_access_key: 'secret-key-1', session_token: 'session-2' });
    expect(aws).toMatchObject({ headers: [], secretValues: ['secret-key-1', 'session-2'], headerNames: ['authorization', 'x-amz-security-token'] });
    expect(aws.paramNames).toContain('x-amz-signature');
    const digest = applyAuth({ scheme: 'digest', username: null }, { username: 'secret-user', password: 'pw-123' });
    expect(digest).toMatchObject({ headers: [], secretValues: ['pw-123', 'secret-user'], headerNames: ['authorization'] });
  });

  it('an mTLS profile: pem needs its certificate, pkcs12 carries its own', () => {
    const cert = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    expect(authSchema.safeParse({ scheme: 'mtls', format: 'pem' }).success).toBe(false);
    expect(authSchema.safeParse({ scheme: 'mtls', format: 'pem', certificatePem: cert }).success).toBe(true);
    expect(authSchema.safeParse({ scheme: 'mtls', format: 'pkcs12', certificatePem: cert }).success).toBe(false);
    expect(secretSlots({ scheme: 'mtls', format: 'pkcs12' }).map((s) => s.slot)).toEqual(['client_pkcs12', 'client_key_passphrase']);
    const applied = applyAuth({ scheme: 'mtls', format: 'pem', certificatePem: cert }, { client_key: 'KEY-PEM', client_key_passphrase: '' });
    expect(applied.tls).toEqual({ certPem: cert, keyPem: 'KEY-PEM', passphrase: '' });
  });
});

/** A redacted history entry of a GET to `url`, as the engine stores it for these schemes. */
const entryFor = (url: string, headers: [string, string][] = []): HistoryEntry =>
  ({ method: 'GET', url, redirects: [], requestHeaders: [['Authorization', 'Digest [REDACTED]'], ['Accept', '*/*'], ...headers], requestBodyPreview: null }) as unknown as HistoryEntry;

describe('curl export of the new schemes runs against the verifying servers', () => {
  it('Digest: curl --digest with AUTHDESK_PASSWORD', async () => {
    const s = await startDigestServer({ realm: 'R', username: 'Mufasa', password: 'Circle of Life', qop: 'auth', algorithm: 'MD5' });
    try {
      const cmd = toCurl(entryFor(`${s.url}/dir/index.html`), { auth: DIGEST });
      expect(cmd).toContain('--digest -u "Mufasa:$AUTHDESK_PASSWORD"');
      const { stdout } = await run('sh', ['-c', `${cmd} -sS`], { env: { ...process.env, AUTHDESK_PASSWORD: 'Circle of Life' } });
      expect(stdout).toBe('hello Mufasa');
    } finally {
      await s.close();
    }
  });

  it('AWS SigV4: curl --aws-sigv4 with the secret and the session token from the environment', async () => {
    const creds = { accessKeyId: 'AKIDEXAMPLE12345', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session/token+1=', region: 'eu-west-1', service: 'execute-api' };
    const s = await startSigV4Server(creds);
    try {
      const entry = entryFor(`${s.url}/v1/things`, [['X-Amz-Date', '20260101T000000Z'], ['x-amz-security-token', '[REDACTED]']]);
      const cmd = toCurl(entry, { auth: AWS });
      expect(cmd).not.toContain('20260101T000000Z');
      // curl signs no x-amz-content-sha256 for execute-api; the verifying server wants one, as S3 does.
      const { stdout } = await run('sh', ['-c', `${cmd} -H "x-amz-content-sha256: $(printf '' | sha256sum | cut -d' ' -f1)" -sS`], {
        env: { ...process.env, AUTHDESK_AWS_SECRET_ACCESS_KEY: creds.secretAccessKey, AUTHDESK_AWS_SESSION_TOKEN: creds.sessionToken },
      });
      expect(s.problems).toEqual([]);
      expect(JSON.parse(stdout)).toMatchObject({ ok: true });
    } finally {
      await s.close();
    }
  });
});
