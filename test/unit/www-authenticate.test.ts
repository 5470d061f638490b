import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWwwAuthenticate, type Challenge } from '../../shared/www-authenticate';

const ch = (scheme: string, params: Record<string, string> = {}, token68: string | null = null): Challenge => ({ scheme, params, token68 });

describe('parseWwwAuthenticate (RFC 9110 §11.6.1, §11.2)', () => {
  it('parses the RFC 9110 §11.6.1 example: two challenges, escaped quotes, a token value', () => {
    expect(parseWwwAuthenticate('Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple"')).toEqual([
      ch('Newauth', { realm: 'apps', type: '1', title: 'Login to "apps"' }),
      ch('Basic', { realm: 'simple' }),
    ]);
  });

  it('parses the RFC 7616 §3.9.1 Digest challenge, written over several lines', () => {
    const value = `Digest
        realm="http-auth@example.org",
        qop="auth, auth-int",
        algorithm=SHA-256,
        nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
        opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`;
    expect(parseWwwAuthenticate(value)).toEqual([
      ch('Digest', {
        realm: 'http-auth@example.org',
        qop: 'auth, auth-int',
        algorithm: 'SHA-256',
        nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
        opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
      }),
    ]);
  });

  it('keeps commas and = inside quoted strings', () => {
    expect(parseWwwAuthenticate('Digest realm="R", nonce="N=x"')).toEqual([ch('Digest', { realm: 'R', nonce: 'N=x' })]);
    expect(parseWwwAuthenticate('Basic realm="a, b=c"')).toEqual([ch('Basic', { realm: 'a, b=c' })]);
    expect(parseWwwAuthenticate('Basic realm="a, Bearer x=y", charset="UTF-8"')).toEqual([ch('Basic', { realm: 'a, Bearer x=y', charset: 'UTF-8' })]);
  });

  it('parses an RFC 6750 §3 Bearer error challenge', () => {
    const value = 'Bearer realm="example", error="invalid_token", error_description="The access token expired", scope="repo user"';
    expect(parseWwwAuthenticate(value)).toEqual([
      ch('Bearer', { realm: 'example', error: 'invalid_token', error_description: 'The access token expired', scope: 'repo user' }),
    ]);
  });

  it('reads token68 (RFC 9110 §11.2)', () => {
    expect(parseWwwAuthenticate('Negotiate abc==')).toEqual([ch('Negotiate', {}, 'abc==')]);
    expect(parseWwwAuthenticate('NTLM TlRMTVNTUAACAAAADAAMADgAAAAFgoKi')).toEqual([ch('NTLM', {}, 'TlRMTVNTUAACAAAADAAMADgAAAAFgoKi')]);
    expect(parseWwwAuthenticate('Negotiate a+b/c~d.e_f-g=, Basic realm="x"')).toEqual([ch('Negotiate', {}, 'a+b/c~d.e_f-g='), ch('Basic', { realm: 'x' })]);
  });

  it('reads challenges with no parameters among others', () => {
    expect(parseWwwAuthenticate('Negotiate, NTLM, Basic realm="corp"')).toEqual([ch('Negotiate'), ch('NTLM'), ch('Basic', { realm: 'corp' })]);
    expect(parseWwwAuthenticate('Bearer')).toEqual([ch('Bearer')]);
  });

  it('reads several header lines, and lines joined with ", " as Node joins them', () => {
    const lines = ['Bearer realm="api"', 'Basic realm="x", charset="UTF-8"'];
    const expected = [ch('Bearer', { realm: 'api' }), ch('Basic', { realm: 'x', charset: 'UTF-8' })];
    expect(parseWwwAuthenticate(lines)).toEqual(expected);
    expect(parseWwwAuthenticate(lines.join(', '))).toEqual(expected);
  });

  it('lower-cases parameter names, keeps the scheme and values as sent', () => {
    expect(parseWwwAuthenticate('BASIC REALM="Mixed Case", Charset=UTF-8')).toEqual([ch('BASIC', { realm: 'Mixed Case', charset: 'UTF-8' })]);
  });

  it('accepts spaces around "=" (BWS), no space after commas and empty list elements', () => {
    expect(parseWwwAuthenticate('Bearer realm = "x" ,error="invalid_token",, scope=""')).toEqual([ch('Bearer', { realm: 'x', error: 'invalid_token', scope: '' })]);
  });

  it('keeps the first of a repeated parameter', () => {
    expect(parseWwwAuthenticate('Basic realm="one", realm="two"')).toEqual([ch('Basic', { realm: 'one' })]);
  });

  it('accepts unquoted URIs that servers send although they are not tokens', () => {
    expect(parseWwwAuthenticate('Bearer error_uri=https://id.example/e?a=b, Basic')).toEqual([ch('Bearer', { error_uri: 'https://id.example/e?a=b' }), ch('Basic')]);
  });

  it('treats __proto__ as an ordinary parameter name', () => {
    const [c] = parseWwwAuthenticate('Basic __proto__="x", constructor="y"');
    expect(c!.params.__proto__).toBe('x');
    expect(Object.keys(c!.params)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('returns what it can from garbage', () => {
    expect(parseWwwAuthenticate('')).toEqual([]);
    expect(parseWwwAuthenticate(' ,, ')).toEqual([]);
    expect(parseWwwAuthenticate('"junk, more", Basic realm="ok"')).toEqual([ch('more'), ch('Basic', { realm: 'ok' })]);
    expect(parseWwwAuthenticate('=== , Basic realm="ok"')).toEqual([ch('Basic', { realm: 'ok' })]);
    expect(parseWwwAuthenticate('Bearer realm="unterminated, error=x')).toEqual([ch('Bearer', { realm: 'unterminated, error=x' })]);
    expect(parseWwwAuthenticate('Basic realm="trailing\\')).toEqual([ch('Basic', { realm: 'trailing\\' })]);
    expect(parseWwwAuthenticate([undefined, 42, 'Basic'] as unknown as string[])).toEqual([ch('Basic')]);
  });

  it('never throws and always returns well-formed challenges', () => {
    const alphabet = fc.constantFrom(...'Basic Bearer realm=",\\ \t\r\n=a1~+/;'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: alphabet })), (value) => {
        const out = parseWwwAuthenticate(value);
        for (const c of out) {
          expect(c.scheme).toMatch(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/);
          for (const key of Object.keys(c.params)) expect(key).toBe(key.toLowerCase());
        }
      }),
      { numRuns: 2000 },
    );
  });
});
