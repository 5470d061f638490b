import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Utf8, formEncode, percentEncode } from '../../shared/encoding';
import { createRedactor, REDACTED, secretForms } from '../../shared/redact';
import { htmlForms } from '../../shared/redact-html';
import { findLeaks } from '../helpers/leak-scan';

const hostile = fc.string({ unit: fc.constantFrom(...'aZ09:+/=&#%"\\\'é中€ \n\t{}[]<>;$'.split('')), minLength: 8, maxLength: 40 });
const secretArb = fc.tuple(fc.string({ unit: fc.constantFrom(...'abcdefXYZ0123456789'.split('')), minLength: 4, maxLength: 8 }), hostile).map(([a, b]) => a + b);

/** `s` with each code point `which` matches as a numeric character reference, after `named` took its names. */
function refs(s: string, which: RegExp, format: (cp: number) => string, named: Record<string, string> = {}): string {
  return Array.from(s, (c) => named[c] ?? (which.test(c) ? format(c.codePointAt(0)!) : c)).join('');
}
const dec = (cp: number) => `&#${cp};`;
const hex = (cp: number) => `&#x${cp.toString(16)};`;
const HEX = (cp: number) => `&#x${cp.toString(16).toUpperCase()};`;
const NAMED = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
/** HTML encoders that write numeric character references, each as its documentation and source say it does. */
const NUMERIC_HTML: Record<string, (s: string) => string> = {
  // OWASP ESAPI encodeForHTML: all but alphanumerics and its immune ",.-_ " (names where HTML 4 has one)
  esapi: (s) => refs(s, /[^A-Za-z0-9,.\-_ ]/u, hex, NAMED),
  // Microsoft AntiXSS 3.x Encoder.HtmlEncode: all but its safe list, decimal
  antixss: (s) => refs(s, /[^A-Za-z0-9,.\-_ ]/u, dec),
  // .NET WebUtility/HttpUtility.HtmlEncode: `'` and U+00A0 and up (Latin-1 here) decimal
  webutility: (s) => refs(s, /['\u00a0-\u{10ffff}]/u, dec, NAMED),
  // .NET System.Text.Encodings.Web HtmlEncoder.Default: `'`, `+` and non-ASCII as upper-case hex
  htmlencoder: (s) => refs(s, /['+\u0080-\u{10ffff}]/u, HEX, NAMED),
  // Go html/template: `"` `'` `+` decimal, `& < >` named
  gotemplate: (s) => refs(s, /["'+]/, dec, { '&': '&amp;', '<': '&lt;', '>': '&gt;' }),
  // Spring HtmlUtils.htmlEscapeHex(s, "UTF-8"): only `& < > " '`, lower-case hex
  springhex: (s) => refs(s, /[&<>"']/, hex),
  // the trial's echo: punctuation past `& < > " '` numbered, decimal
  trial: (s) => refs(s, /[^A-Za-z0-9,.\-_ &<>"']/u, dec),
};

/** Every way a secret can be written into an artifact. */
function embed(secret: string, user: string): string[] {
  return [
    `token=${secret}`,
    `Authorization: Bearer ${secret}`,
    JSON.stringify({ nested: { value: `x${secret}y` } }),
    `https://h.example/p?k=${percentEncode(secret)}&other=1`,
    `q=${formEncode(secret)}`,
    `Basic ${base64Utf8(`${user}:${secret}`)}`,
    base64Utf8(`prefix-${secret}-suffix`),
    `${encodeURIComponent(secret)}`,
    `digest-input=${Buffer.from(secret, 'utf8').toString('hex')};`,
    `DUMP ${Buffer.from(secret, 'utf8').toString('hex').toUpperCase()} END`,
    `<p>Unknown secret ${secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`,
    `<input value="${secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;')}">`,
    // PHP json_encode (`\/`, non-ASCII as \uXXXX), Go encoding/json (HTML-unsafe as \u003c), a parsed Location
    `{"error":"bad ${JSON.stringify(secret).slice(1, -1).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(/\//g, '\\/')}"}`,
    `{"error":"bad ${JSON.stringify(secret).slice(1, -1).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16).toUpperCase()}`)}"}`,
    new URL(`http://h.example/next?to=${secret.replace(/#/g, '')}`).href,
    `<input value='${secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;')}'>`,
    ...Object.values(NUMERIC_HTML).map((encode) => `<p>Unknown key ${encode(secret)}</p>`),
  ];
}

describe('redactor', () => {
  it('masks a secret in every encoding, whatever characters it holds (property)', () => {
    fc.assert(
      fc.property(secretArb, fc.string({ minLength: 1, maxLength: 12 }).filter((u) => !u.includes(':')), (secret, user) => {
        const r = createRedactor({ secrets: [secret] });
        for (const text of embed(secret, user)) {
          expect(findLeaks(r.text(text), [secret], [user])).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('masks a secret in every encoding at every offset, among other secrets and any filler (property)', () => {
    // The by-value search reads one window every few characters; where a secret lands relative to those windows
    // depends on what comes before it, so the filler's length and the other secrets vary the alignment.
    const filler = fc.string({ unit: fc.constantFrom(...'ab=/+%"\\é中 \n'.split('')), maxLength: 40 });
    fc.assert(
      fc.property(fc.array(secretArb, { minLength: 1, maxLength: 4 }), filler, filler, fc.nat(7), (secrets, before, after, which) => {
        const secret = secrets[which % secrets.length]!;
        const r = createRedactor({ secrets });
        for (const text of embed(secret, 'user')) {
          expect(findLeaks(r.text(before + text + after), secrets, ['user'])).toEqual([]);
          expect(findLeaks(r.values(JSON.stringify({ before, text, after })), secrets, ['user'])).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('masks both secrets whole when their occurrences overlap', () => {
    const a = 'first-SECRET-0042';
    const b = '0042-second-SECRET';
    const r = createRedactor({ secrets: [a, b] });
    const out = r.text(`x ${a.slice(0, -4)}${b} y`);
    expect(findLeaks(out, [a, b])).toEqual([]);
    expect(out).toBe(`x ${REDACTED} y`);
  });

  it('masks what any rule family finds, even where their matches overlap', () => {
    const secret = 'Zq9-known-value';
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    const r = createRedactor({ secrets: [secret] });
    // a shape that runs into a known value, and a named field whose value holds both
    expect(r.text(`${jwt}${secret}+tail`)).toBe(`${REDACTED}+tail`);
    expect(r.text(`{"client_secret":"${secret} and ${jwt}","note":"ok"}`)).toBe(`{"client_secret":"${REDACTED}","note":"ok"}`);
    expect(r.text(`a=1&token=${secret}&b=2`)).toBe(`a=1&token=${REDACTED}&b=2`);
    expect(r.values(`{"token":"${secret}"}`)).toBe(`{"token":"${REDACTED}"}`);
  });

  it('masks the longer secret whole when one secret is a substring of another', () => {
    fc.assert(
      fc.property(secretArb, fc.string({ minLength: 4, maxLength: 10 }), (short, tail) => {
        const long = short + tail;
        const r = createRedactor({ secrets: [short, long] });
        const out = r.text(`a=${long} b=${short}`);
        expect(out).not.toContain(long);
        expect(findLeaks(out, [short, long])).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('masks a secret split across a header and a body', () => {
    const secret = 'Xk9#p:/+=&q€';
    const r = createRedactor({ secrets: [secret] });
    const headers = r.headers([['X-Custom', `v=${secret}`], ['Content-Type', 'application/json']]);
    const body = r.text(JSON.stringify({ echo: secret, deeper: [`${secret}\n`] }));
    expect(findLeaks(JSON.stringify(headers) + body, [secret])).toEqual([]);
    expect(headers[1]).toEqual(['Content-Type', 'application/json']);
  });

  it('redacts by name: auth headers keep their scheme word, configured names are masked', () => {
    const r = createRedactor({ headerNames: ['X-My-Key'], paramNames: ['sig2'] });
    expect(r.headers([['Authorization', 'Bearer abc.def'], ['x-my-key', 'zzz'], ['Accept', '*/*']])).toEqual([
      ['Authorization', `Bearer ${REDACTED}`],
      ['x-my-key', REDACTED],
      ['Accept', '*/*'],
    ]);
    expect(r.url('https://u:p@h.example/x?sig2=abc&page=1&access_token=t')).toBe(`https://h.example/x?sig2=${REDACTED}&page=1&access_token=${REDACTED}`);
    expect(r.url('https://token-only@h.example/x')).toBe('https://h.example/x');
    expect(r.url('https://h.example/users/@me?page=2')).toBe('https://h.example/users/@me?page=2');
    expect(r.text('{"client_secret":"s3\\"cr","code":"invalid_request"}')).toBe(`{"client_secret":"${REDACTED}","code":"invalid_request"}`);
  });

  it('redacts by shape as defence in depth (JWT, well-known prefixes)', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    const r = createRedactor();
    expect(r.text(`token ${jwt} and ghp_${'a'.repeat(36)}`)).toBe(`token ${REDACTED} and ${REDACTED}`);
    // A shape starts at a word boundary: inside a longer word it is not a credential of that kind …
    const key = `AKIA${'B'.repeat(16)}`;
    expect(r.text(`x${key} _${key}`)).toBe(`x${key} _${key}`);
    // … but the scan goes on past such a place and finds one further along, at line start or after punctuation.
    expect(r.text(`${key}, xghp_${'a'.repeat(36)} ghp_${'b'.repeat(36)} "${key}"`)).toBe(`${REDACTED}, xghp_${'a'.repeat(36)} ${REDACTED} "${REDACTED}"`);
  });

  it('masks very long secrets (a PEM private key) without exhausting the stack', () => {
    const pem = `-----BEGIN PRIVATE KEY-----\n${'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'.repeat(100)}\n-----END PRIVATE KEY-----`;
    const other = `${pem.slice(0, 500)}DIFFERENT${pem.slice(500)}`;
    const r = createRedactor({ secrets: [pem, other] });
    expect(r.text(`pem: ${JSON.stringify(pem)} and ${other}`)).toBe(`pem: "${REDACTED}" and ${REDACTED}`);
  });

  it("masks the tester's HTML-escaped echo of a client_secret, and adds no form for a secret without HTML-special characters", () => {
    const secret = 'S3cr&t<a b+c/d=e%f:g>';
    const r = createRedactor({ secrets: [secret] });
    expect(r.text('{"error_description":"Unknown secret S3cr&amp;t&lt;a b+c/d=e%f:g&gt;"}')).toBe(`{"error_description":"Unknown secret ${REDACTED}"}`);
    expect(secretForms('plain-Secret-123')).not.toContainEqual(expect.stringMatching(/&(amp|lt|gt|quot|#\d+|#x\w+);/));
  });

  it('masks a secret echoed with numeric character references (ESAPI, AntiXSS, .NET, Go html/template), in a bounded number of forms', () => {
    const secret = 'br_9Xq2&Ab+/cd==';
    const r = createRedactor({ secrets: [secret, 'clé<😀>+x\'"'] });
    // the trial's echo, ESAPI's and AntiXSS's
    expect(r.text('<p>Unknown br_9Xq2&Ab&#43;&#47;cd&#61;&#61;.</p>')).toBe(`<p>Unknown ${REDACTED}.</p>`);
    expect(r.text('<p>Unknown br_9Xq2&amp;Ab&#x2b;&#x2f;cd&#x3d;&#x3d;.</p>')).toBe(`<p>Unknown ${REDACTED}.</p>`);
    expect(r.text('<p>Unknown br_9Xq2&#38;Ab&#43;&#47;cd&#61;&#61;.</p>')).toBe(`<p>Unknown ${REDACTED}.</p>`);
    // non-ASCII and an astral character as one reference per code point (.NET HtmlEncoder, WebUtility)
    expect(r.text('v=cl&#xE9;&lt;&#x1F600;&gt;&#x2B;x&#x27;&quot;;')).toBe(`v=${REDACTED};`);
    expect(r.text('v=cl&#233;&lt;&#128512;&gt;+x&#39;&quot;;')).toBe(`v=${REDACTED};`);
    // a secret no HTML encoder changes gets no HTML form; a long hostile one a bounded number
    expect(secretForms('plain-Secret_1.0 x')).not.toContainEqual(expect.stringMatching(/&(amp|lt|gt|quot|#\d+|#x\w+);/));
    const hostile = `${'a+b/c=d&e<f>g"h\'iéj😀k'.repeat(20)}`;
    expect(htmlForms(hostile).length).toBeLessThanOrEqual(6 + 72); // the named tables, then the numeric treatments
  });

  it('masks a padded secret echoed trimmed, as a server reads a header value (RFC 9110 §5.5), in its encodings too', () => {
    const r = createRedactor({ secrets: ['  PadStdin-P1  ', 'PadHdrKey-P3 ', ' EnvTok-Padded99 '] });
    const echo = '{"authorization":"Bearer   PadStdin-P1","x-k":"PadHdrKey-P3","e":"Bearer  EnvTok-Padded99","t":"PadStdin-P1"}';
    expect(r.text(echo)).toBe(`{"authorization":"Bearer ${REDACTED}","x-k":"${REDACTED}","e":"Bearer ${REDACTED}","t":"${REDACTED}"}`);
    expect(r.text(`q=${encodeURIComponent('  PadStdin-P1')}&b=${Buffer.from('PadStdin-P1').toString('base64')}`)).not.toMatch(/PadStdin|UGFkU3RkaW4tUDE/);
    // Every form of the trimmed value is among the padded secret's forms.
    expect(secretForms(' PadStdin-P1 ')).toEqual(expect.arrayContaining(secretForms('PadStdin-P1')));
  });

  it('does not redact by value what is too short to be told from ordinary text', () => {
    expect(secretForms('abc')).toEqual([]);
    expect(createRedactor({ secrets: ['abc'] }).text('abcabc')).toBe('abcabc');
  });

  it('gives every input its own answer when the same short texts and URLs come back again and again (memoised)', () => {
    const secret = 'sk-memo-7f3a9c2e';
    const r = createRedactor({ secrets: [secret] });
    const texts = Array.from({ length: 1500 }, (_, i) => (i % 3 === 0 ? `token ${secret} #${i}` : `plain text #${i}`));
    for (let round = 0; round < 2; round++) {
      texts.forEach((t, i) => expect(r.text(t)).toBe(i % 3 === 0 ? `token ${REDACTED} #${i}` : t));
      texts.forEach((_t, i) => expect(r.url(`https://api.test/x?i=${i}&k=${i % 3 === 0 ? secret : 'v'}`)).toBe(`https://api.test/x?i=${i}&k=${i % 3 === 0 ? REDACTED : 'v'}`));
    }
    // A redactor built after a secret was learnt does not answer from the older one's memo.
    expect(createRedactor({ secrets: [secret, 'plain-text-new1'] }).text('plain-text-new1')).toBe(REDACTED);
    expect(r.text('plain-text-new1')).toBe('plain-text-new1');
  });
});
