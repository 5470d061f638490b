import { describe, expect, it } from 'vitest';
import { appendQuery, applyAuth } from '../../shared/auth-apply';
import { base64Utf8, basicAuthorization, formEncode, percentEncode } from '../../shared/encoding';

const decodeBasic = (header: string) => Buffer.from(header.replace(/^Basic /, ''), 'base64').toString('utf8');

describe('HTTP Basic (RFC 7617)', () => {
  it('matches the RFC 7617 §2 example', () => {
    expect(basicAuthorization('Aladdin', 'open sesame')).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
  });

  it.each([
    ['admin', 'pa-é-ss'],
    ['中文', 'p€ss'],
    ['Zoë', 'p:a:s:s'],
  ])('T1: encodes %s / %s as base64 of the UTF-8 bytes, dropping nothing', (user, pass) => {
    const header = basicAuthorization(user, pass);
    expect(decodeBasic(header)).toBe(`${user}:${pass}`);
    expect(Buffer.from(header.slice(6), 'base64')).toEqual(Buffer.from(`${user}:${pass}`, 'utf8'));
  });

  it('refuses a username with a colon instead of sending a different identity', () => {
    expect(() => basicAuthorization('a:b', 'x')).toThrow(/cannot contain ":"/);
  });
});

describe('percent-encoding (RFC 3986)', () => {
  it('T3: encodes every reserved character of a hostile API key so it survives a query string', () => {
    const value = "$V8)x'];A#27Z-b_y";
    const encoded = percentEncode(value);
    expect(encoded).toBe('%24V8%29x%27%5D%3BA%2327Z-b_y');
    const url = appendQuery('https://api.example.com/v1/items?page=2', [['api_key', value]]);
    const parsed = new URL(url);
    expect(parsed.hash).toBe('');
    expect(parsed.searchParams.get('api_key')).toBe(value);
    expect(parsed.searchParams.get('page')).toBe('2');
  });

  it('form-encodes with + for space (WHATWG urlencoded)', () => {
    expect(formEncode('a b+c&d')).toBe('a+b%2Bc%26d');
  });
});

describe('applyAuth', () => {
  it('places each API key where its placement says, with prefix, and names them for redaction', () => {
    const applied = applyAuth(
      { scheme: 'apikey', placements: [{ in: 'header', name: 'DD-API-KEY' }, { in: 'query', name: 'token', prefix: 'k-' }, { in: 'cookie', name: 'sid' }] },
      { key0: 'aaaa1111', key1: 'bbbb2222', key2: 'c c;3' },
    );
    expect(applied.headers).toEqual([['DD-API-KEY', 'aaaa1111']]);
    expect(applied.query).toEqual([['token', 'k-bbbb2222']]);
    expect(applied.cookies).toEqual([['sid', 'c%20c%3B3']]);
    expect(applied.headerNames).toEqual(['dd-api-key', 'cookie']);
    expect(applied.paramNames).toEqual(['token', 'sid']);
  });

  it('uses the configured bearer prefix (T11: Zoho-oauthtoken)', () => {
    const applied = applyAuth({ scheme: 'bearer', prefix: 'Zoho-oauthtoken' }, { token: 'tok-123' });
    expect(applied.headers).toEqual([['Authorization', 'Zoho-oauthtoken tok-123']]);
  });

  it('sends a secret username with an empty password (Stripe style)', () => {
    const applied = applyAuth({ scheme: 'basic', username: null }, { username: 'sk_test_abc', password: '' });
    expect(applied.headers[0]![1]).toBe(`Basic ${base64Utf8('sk_test_abc:')}`);
    expect(applied.secretValues).toContain('sk_test_abc');
  });

  it('refuses a header credential with non-ASCII characters instead of sending mangled bytes', () => {
    expect(() => applyAuth({ scheme: 'apikey', placements: [{ in: 'header', name: 'X-Key' }] }, { key0: 'key-日本' })).toThrow(/outside ASCII.*RFC 9110 §5.5/);
    expect(() => applyAuth({ scheme: 'bearer', prefix: 'Bearer' }, { token: 'tök' })).toThrow(/outside ASCII/);
    expect(applyAuth({ scheme: 'apikey', placements: [{ in: 'query', name: 'k' }] }, { key0: 'key-日本' }).query).toEqual([['k', 'key-日本']]);
  });

  it('never sends without a credential it needs', () => {
    expect(() => applyAuth({ scheme: 'bearer', prefix: 'Bearer' }, {})).toThrow(/not available/);
  });
});
