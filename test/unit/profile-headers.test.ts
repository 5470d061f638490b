import { describe, expect, it } from 'vitest';
import { apiBaseMismatch, apiBaseOf } from '../../shared/api-base';
import { profileHeaderProblem, profileHeadersSchema, profileHeaderValueProblem, withProfileHeaders } from '../../shared/profile-headers';
import { profileSchema } from '../../shared/profile';

describe('profile headers', () => {
  it('accept non-secret headers such as Notion-Version, Accept and X-GitHub-Api-Version', () => {
    const ok: [string, string][] = [['Notion-Version', '2022-06-28'], ['Accept', 'application/vnd.github+json'], ['X-GitHub-Api-Version', '2022-11-28']];
    expect(profileHeadersSchema.parse(ok)).toEqual(ok);
  });

  it.each(['Authorization', 'proxy-authorization', 'Cookie', 'X-Api-Key', 'apiKey', 'DD-APPLICATION-KEY', 'x-api-token', 'X-Auth-Token', 'Private-Token', 'Client_Secret', 'X-Session-Id', 'Ocp-Apim-Subscription-Key', 'X-Amz-Security-Token'])(
    'refuse %s: credentials belong to the scheme',
    (name) => {
      expect(profileHeaderProblem(name)).toMatch(/carries credentials/);
      expect(profileHeadersSchema.safeParse([[name, 'v']]).success).toBe(false);
    },
  );

  it.each(['X-Pwd', 'X-JWT', 'Bearer', 'X-Pass', 'Pass', 'X-Private-Id'])('refuse %s as a name that names a credential', (name) => {
    expect(profileHeaderProblem(name)).toMatch(/carries credentials/);
  });

  it.each(['X-Author', 'X-Passenger-Count', 'Accept-Language'])('accept %s (a word that only contains a credential word)', (name) => {
    expect(profileHeaderProblem(name)).toBeNull();
  });

  it('refuse a value that looks like a credential, whatever the name', () => {
    const stripe = `sk_live_${'51HxYz'.repeat(5)}`;
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJl';
    for (const value of [stripe, `ghp_${'a1B2'.repeat(9)}`, jwt, 'Bearer abc', 'basic dXNlcjpwYXNz', 'AKIAIOSFODNN7EXAMPLE']) {
      expect(profileHeaderValueProblem(value), value).toMatch(/looks like a credential/);
      const parsed = profileHeadersSchema.safeParse([['X-Tenant', value]]);
      expect(parsed.success).toBe(false);
      expect(JSON.stringify(parsed.error?.issues)).not.toContain(value);
    }
    for (const value of ['2022-06-28', 'application/vnd.github+json', '550e8400-e29b-41d4-a716-446655440000', 'en-GB']) expect(profileHeaderValueProblem(value)).toBeNull();
  });

  it('refuse headers the sender writes, bad names and values, and a name given twice', () => {
    for (const name of ['Host', 'Content-Length', 'Transfer-Encoding', 'Connection']) expect(profileHeaderProblem(name)).toMatch(/written by Authdesk/);
    for (const bad of [[['Bad Name', 'v']], [['X-A', 'line\r\nInjected: 1']], [['X-A', ' padded ']], [['X-A', '']], [['X-A', 'é']], [['X-A', '1'], ['x-a', '2']]]) {
      expect(profileHeadersSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(profileHeadersSchema.safeParse(Array.from({ length: 21 }, (_, i) => [`X-H${i}`, 'v'])).success).toBe(false);
  });

  it('a profile file may carry headers and a preset id, and no credential header', () => {
    const base = { version: 1, id: '00000000-0000-4000-8000-000000000000', name: 'n', clientType: 'confidential', createdAt: '2026-01-01T00:00:00.000Z', auth: { scheme: 'bearer', prefix: 'Bearer' }, secrets: {} };
    expect(profileSchema.safeParse({ ...base, presetId: 'notion', headers: [['Notion-Version', '2022-06-28']] }).success).toBe(true);
    expect(profileSchema.safeParse({ ...base, headers: [['Authorization', 'Bearer x']] }).success).toBe(false);
    expect(profileSchema.safeParse({ ...base, presetId: 'Not An Id' }).success).toBe(false);
  });

  it('go before the request\'s own headers, and a request header of the same name (any case) wins', () => {
    const profile: [string, string][] = [['Notion-Version', '2022-06-28'], ['Accept', 'application/json']];
    expect(withProfileHeaders(profile, [['notion-version', '2025-09-03']])).toEqual([['Accept', 'application/json'], ['notion-version', '2025-09-03']]);
    const own: [string, string][] = [['X-Trace', '1']];
    expect(withProfileHeaders(undefined, own)).toBe(own);
  });
});

describe('the API host a token reply names', () => {
  it('is instance_url or api_domain when it is an http(s) URL, and differs by origin from the base URL or not', () => {
    expect(apiBaseOf({ extra: { instance_url: 'https://acme.my.salesforce.com/' } })).toBe('https://acme.my.salesforce.com');
    expect(apiBaseOf({ extra: { api_domain: 'https://www.zohoapis.eu' } })).toBe('https://www.zohoapis.eu');
    expect(apiBaseOf({ extra: { api_domain: 'javascript:alert(1)' } })).toBeNull();
    expect(apiBaseOf({ extra: {} })).toBeNull();
    expect(apiBaseMismatch('https://www.zohoapis.eu', 'https://www.zohoapis.eu/crm')).toBeNull();
    expect(apiBaseMismatch('https://www.zohoapis.eu', undefined)).toBeNull();
    expect(apiBaseMismatch('https://www.zohoapis.eu', 'https://www.zohoapis.com')).toMatch(/names https:\/\/www\.zohoapis\.eu .* bound to https:\/\/www\.zohoapis\.com/);
  });
});
