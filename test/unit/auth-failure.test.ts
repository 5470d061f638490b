import { describe, expect, it } from 'vitest';
import { authFailureEntry, authFailureOf } from '../../electron/engine/auth-failure';
import { AuthdeskError } from '../../electron/engine/errors';
import { RedactorCache } from '../../electron/engine/redaction';
import { validRequest } from '../../electron/engine/valid-request';
import { profileSchema } from '../../shared/profile';

const ID = '0c6e1b1e-8a4f-4c1e-9a61-3f2d7c5b9e10';
const profile = profileSchema.parse({
  version: 1,
  id: ID,
  name: 'svc',
  clientType: 'confidential',
  createdAt: '2026-11-30T12:00:00.000Z',
  auth: { scheme: 'oauth2', grant: 'client_credentials', tokenEndpoint: 'https://as.example.test/token', clientId: 'svc-client', tokenEndpointAuthMethod: 'client_secret_post', sendRawClientCredentials: false, requireIss: false, tokenPrefix: 'Bearer' },
  secrets: { client_secret: { ref: { source: 'keychain', account: `profile/${ID}/client_secret` }, fingerprint: '9c074bd4', savedAt: '2026-11-30T12:00:00.000Z' } },
});

describe('authFailureOf: the class of an auth-stage error (metrics, the entry, send --json)', () => {
  it('secret_missing for a missing secret, auth_flow for every other error, a bug included', () => {
    expect(authFailureOf(new AuthdeskError('secret_missing', 'gone'))).toBe('secret_missing');
    for (const code of ['auth_failed', 'login_required', 'keychain_unavailable', 'invalid_request', 'failed'] as const) expect(authFailureOf(new AuthdeskError(code, 'x'))).toBe('auth_flow');
    expect(authFailureOf(new TypeError('a bug'))).toBe('auth_flow');
  });
});

describe('authFailureEntry: the entry of a request that was not sent', () => {
  it('keeps the intended method and URL, no request headers or body, no response; the message is redacted again', () => {
    const redactors = new RedactorCache();
    redactors.learn(['cs-Unit-Secret-1234']);
    const request = validRequest({ profileId: ID, method: 'POST', url: 'https://api.example.test/items?api_key=typed-by-hand', headers: [['X-Trace', 'abc']], body: 'a=1' });
    const entry = authFailureEntry({ profile, request, error: new AuthdeskError('auth_failed', 'invalid_client: the server said cs-Unit-Secret-1234'), startedAt: '2026-11-30T12:00:01.000Z', redactors });
    expect(entry).toMatchObject({
      startedAt: '2026-11-30T12:00:01.000Z',
      profileName: 'svc',
      identity: 'svc-client',
      fingerprints: ['9c074bd4'],
      method: 'POST',
      status: null,
      ok: false,
      failure: 'auth_flow',
      error: 'invalid_client: the server said [REDACTED]',
      requestHeaders: [],
      requestBodyPreview: null,
      responseHeaders: [],
      responseBodyPreview: null,
      authSteps: [],
      explanation: { title: 'Getting a token failed' },
    });
    expect(entry.url).toBe('https://api.example.test/items?api_key=[REDACTED]');
  });
});
