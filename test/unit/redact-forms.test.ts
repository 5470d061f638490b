import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED, secretForms } from '../../shared/redact';
import { jsonForms, nestedJsonForms, urlParserForms } from '../../shared/redact-forms';
import { findLeaks } from '../helpers/leak-scan';

/** The tester's made-up bearer token: `/`, `+`, `<`, `>`, `&` are each escaped by some server stack. */
const TOKEN = 'k9/Q+z<T>&w8';

const anyText = fc.string({ unit: fc.constantFrom(...'aZ0/\\"\'<>&+`#?{} %\n\u0001\u007féü中€😀\u2028'.split(''), '😀', '\ud800'), minLength: 4, maxLength: 30 });

describe('escaped forms of a secret echoed by a server', () => {
  it.each([
    ['PHP json_encode (\\/)', '{"error": "invalid token k9\\/Q+z<T>&w8"}'],
    ['Go encoding/json (\\u003c)', '{"error":"invalid token k9/Q+z\\u003cT\\u003e\\u0026w8"}'],
    ['upper-case hex (\\u003C)', '{"error":"invalid token k9/Q+z\\u003CT\\u003E\\u0026w8"}'],
    ['PHP with JSON_HEX_TAG|JSON_HEX_AMP', '{"error":"invalid token k9\\/Q+z\\u003CT\\u003E\\u0026w8"}'],
    ['.NET System.Text.Json', '{"error":"invalid token k9/Q\\u002Bz\\u003CT\\u003E\\u0026w8"}'],
    ['a Location the URL parser normalised', 'Location: http://127.0.0.1:1/php?next=k9/Q+z%3CT%3E&w8'],
    ['the same, lower-case hex', 'http://127.0.0.1:1/php?next=k9/Q+z%3cT%3e&w8'],
  ])('masks the token in %s', (_style, text) => {
    const out = createRedactor({ secrets: [TOKEN] }).text(text);
    expect(out).toContain(REDACTED);
    expect(out).not.toMatch(/k9|w8/);
    expect(findLeaks(out, [TOKEN])).toEqual([]);
  });

  it("masks a non-ASCII secret as Python's json.dumps (ensure_ascii), PHP and Jackson write it", () => {
    const secret = 'clé-€-中-😀/x';
    const r = createRedactor({ secrets: [secret] });
    expect(r.text('{"detail": "cl\\u00e9-\\u20ac-\\u4e2d-\\ud83d\\ude00/x"}')).toBe(`{"detail": "${REDACTED}"}`);
    expect(r.text('{"detail":"cl\\u00e9-\\u20ac-\\u4e2d-\\ud83d\\ude00\\/x"}')).toBe(`{"detail":"${REDACTED}"}`);
    expect(r.text('{"detail":"cl\\u00E9-\\u20AC-\\u4E2D-\\uD83D\\uDE00/x"}')).toBe(`{"detail":"${REDACTED}"}`);
  });

  it('writes JSON as JSON.stringify, Python, PHP and Go do, for any characters (property)', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const forms = jsonForms(s);
        const json = JSON.stringify(s).slice(1, -1);
        const ascii = json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
        expect(forms[0]).toBe(json);
        expect(forms).toContain(ascii); // Python json.dumps, ensure_ascii=True
        expect(forms).toContain(ascii.replace(/\\u007f/g, '\u007f').replace(/\//g, '\\/')); // PHP json_encode
        expect(forms).toContain(json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)); // Go
        // every form decodes back to the secret
        for (const f of forms) expect(JSON.parse(`"${f}"`)).toBe(JSON.parse(`"${json}"`));
      }),
      { numRuns: 300 },
    );
  });

  it('turns lone surrogates into U+FFFD before it drops newlines, as the URL API does (a newline never joins two halves)', () => {
    for (const s of ['a\ud800\n\ude00', '\udbff\t\udfffz', 'x\ud800\r\n\udc00y']) {
      const u = new URL('http://h/');
      u.search = `q=${s}`;
      expect(urlParserForms(s)).toContain(u.search.slice(3));
      expect(u.search).toContain('%EF%BF%BD%EF%BF%BD');
    }
  });

  it("agrees with the WHATWG URL parser's query and path percent-encoding (property)", () => {
    fc.assert(
      fc.property(anyText.filter((s) => !s.includes('/')), (s) => {
        const forms = urlParserForms(s);
        for (const base of ['http://h/', 'foo://h/']) {
          const u = new URL(base);
          u.search = `q=${s}`;
          expect(forms).toContain(u.search.slice(3));
        }
        const p = new URL('foo://h/');
        p.pathname = `/x${s}`;
        expect(forms).toContain(p.pathname.slice(2));
        for (const f of forms) expect(f.replace(/%[0-9a-f]{2}/gi, (m) => m.toUpperCase())).toMatch(/^[^ "<>]*$/);
      }),
      { numRuns: 300 },
    );
  });

  it('writes a secret quoted twice (JSON inside a JSON string) as JSON.stringify and PHP do, for any characters (property)', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const nested = nestedJsonForms(s);
        const once = JSON.stringify(s).slice(1, -1);
        if (once === s) return;
        const twice = JSON.stringify(once).slice(1, -1);
        expect(nested).toContain(twice);
        expect(nested).toContain(twice.replace(/\//g, '\\/'));
        // every form decodes back to the secret after two JSON decodings
        for (const f of nested) expect(JSON.parse(`"${JSON.parse(`"${f}"`) as string}"`)).toBe(JSON.parse(`"${once}"`));
      }),
      { numRuns: 300 },
    );
  });

  it('masks a secret in a request body that an error reply quotes as a JSON string (the trial\'s echo)', () => {
    const secret = 'hk_Zq9+/=&\\"sp ace-é';
    const r = createRedactor({ secrets: [secret] });
    const reply = JSON.stringify({ error: 'bad request', request_body: JSON.stringify({ api_key: secret }) });
    const php = reply.replace(/\//g, '\\/');
    for (const text of [reply, php]) {
      const out = r.text(text);
      expect(out).toContain(REDACTED);
      expect(JSON.parse(JSON.parse(out).request_body as string)).toEqual({ api_key: REDACTED });
    }
    expect(nestedJsonForms('plainSecret123')).toEqual([]);
  });

  it('adds no form for a secret that no escaper changes, and none below the minimum length', () => {
    expect(jsonForms('plainSecret123')).toEqual(['plainSecret123']);
    expect(urlParserForms('plainSecret123')).toEqual(['plainSecret123']);
    expect(secretForms('k9<')).toEqual([]);
  });
});
