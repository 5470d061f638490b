import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { queryParams } from '../../shared/url-query';

/** What the WHATWG URL parser says: the reference that queryParams must equal. */
function reference(url: string): [string, string][] {
  try {
    return [...new URL(url).searchParams];
  } catch {
    return [];
  }
}

// Characters that the URL parser or the form decoder treat specially, plus ordinary ones.
const unit = fc.constantFrom(...'aZ09-._~&=?#%+/:@!$\'()*,;[]"<>`{}|^\\ \t\n\r\u0000\u001fé中'.split(''), '😀', '\ud800', '\udfff', '%41', '%zz', '%C3%A9', '%ff');
const part = fc.string({ unit, maxLength: 25 });
const prefix = fc.constantFrom('https://api.example.test/v1/items', 'http://h.example:8080', 'https://u:p@h.example/', 'mailto:x', 'foo://h/p', 'file:///tmp/x', 'https://exa mple/', 'not a url', '', ' https://h.example/');

describe('queryParams', () => {
  it('equals [...new URL(url).searchParams] for any URL, valid or not (property)', () => {
    fc.assert(
      fc.property(prefix, part, part, fc.constantFrom('', '?', '#'), (start, a, b, sep) => {
        const url = `${start}${sep}${a}?${b}`;
        expect(queryParams(url)).toEqual(reference(url));
      }),
      { numRuns: 3000 },
    );
  });

  it('tells valid URLs from invalid ones as the URL parser does, whatever the scheme and authority (property)', () => {
    const scheme = fc.constantFrom('http', 'HTTPS', 'ws', 'wss', 'ftp', 'file', 'foo', 'https+x');
    const slashes = fc.constantFrom('//', '/', '', '\\\\', '///', '/\\');
    const authority = fc.string({ unit: fc.constantFrom(...'ab1.-:@%[]_ \t\u001f\u0000é'.split(''), '::1', '999999', '[::1]'), maxLength: 12 });
    const rest = fc.constantFrom('', '/', '/p', '\\p', '#f', ' ', '\u001f');
    fc.assert(
      fc.property(scheme, slashes, authority, rest, (s, sl, a, r) => {
        const url = `${s}:${sl}${a}${r}?a=1`;
        expect(queryParams(url)).toEqual(reference(url));
      }),
      { numRuns: 3000 },
    );
  });

  it('equals the URL parser on queries it reads by itself (property)', () => {
    const plain = fc.string({ unit: fc.constantFrom(...'aZ09-._~&=?#/:@!$\'()*,;[]"<>`{}|^\\ \u0000\u001fé中'.split(''), '😀'), maxLength: 30 });
    fc.assert(
      fc.property(prefix, plain, (start, query) => {
        const url = `${start}?${query}`;
        expect(queryParams(url)).toEqual(reference(url));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads plain queries without the URL parser, and hands everything else to it', () => {
    expect(queryParams('https://h.example/p?page=2&sort=&flag&&x=a=b#frag?no=1')).toEqual([
      ['page', '2'],
      ['sort', ''],
      ['flag', ''],
      ['x', 'a=b'],
    ]);
    expect(queryParams('https://h.example/p?q=a+b%20c%zz&%E2%82%AC=1')).toEqual([
      ['q', 'a b c%zz'],
      ['€', '1'],
    ]);
    expect(queryParams('https://h.example/p?a=1 ')).toEqual([['a', '1']]);
    expect(queryParams('https://h.example/p#a?b=1')).toEqual([]);
    expect(queryParams('/relative?a=1')).toEqual([]);
  });
});
