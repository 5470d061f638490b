import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { base64Utf8, formEncode, percentEncode, toBase64Url } from '../../shared/encoding';

/**
 * The leak scanner: proof, not memory, that no secret survived. Deliberately independent of the product's
 * redactor (it shares only the byte-exact encoders), so a redactor bug cannot hide itself.
 */

/** `s` with `&`, `<`, `>` escaped as named entities and the quotes as `quotes` says (left as they are otherwise). */
function htmlEscape(s: string, quotes: Record<string, string>): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/["']/g, (q) => quotes[q] ?? q);
}

/** `s` with every character `which` matches written as `\\uXXXX` (UTF-16 code units), hex in lower or upper case. */
function uEscape(s: string, which: RegExp, upper = false): string {
  return s.replace(which, (c) => {
    const hex = `000${c.charCodeAt(0).toString(16)}`.slice(-4);
    return `\\u${upper ? hex.toUpperCase() : hex}`;
  });
}

/**
 * `s` with each code point that `which` matches written as a numeric character reference (`&#43;`, `&#x2b;`,
 * `&#x2B;`), after `named` replaced its characters by name: how ESAPI, AntiXSS and .NET's HTML encoders write it.
 */
function numericRefs(s: string, which: RegExp, radix: 10 | 16, upper = false, named: Record<string, string> = {}): string {
  return Array.from(s, (c) => {
    if (named[c]) return named[c];
    if (!which.test(c)) return c;
    const n = c.codePointAt(0)!.toString(radix);
    return radix === 10 ? `&#${n};` : `&#x${upper ? n.toUpperCase() : n};`;
  }).join('');
}
const NOT_SAFE = /[^A-Za-z0-9,.\-_ ]/u;
const HTML_NAMED = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/**
 * `secret` as Node's own WHATWG URL parser stores it when the raw value is put in a query (of a special scheme or
 * not) or a path segment: what a redirect's Location becomes once the sender resolves it.
 */
function urlParsed(secret: string): { form: string; value: string }[] {
  const query = (base: string) => {
    const u = new URL(base);
    u.search = `q=${secret}`;
    return u.search.slice('?q='.length);
  };
  const path = new URL('foo://h/');
  path.pathname = `/x${secret}`;
  const forms = [
    { form: 'url-query', value: query('http://h/') },
    { form: 'url-query-non-special', value: query('foo://h/') },
    { form: 'url-path', value: path.pathname.slice('/x'.length) },
  ];
  return [...forms, ...forms.map((f) => ({ form: `${f.form}-lower`, value: f.value.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()) }))];
}

/** Named forms of a secret as they could appear in an artifact. */
export function leakForms(secret: string, pairedWith: string[] = []): { form: string; value: string }[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const forms: { form: string; value: string }[] = [
    { form: 'raw', value: secret },
    { form: 'json-escaped', value: json },
    { form: 'json-ascii-escaped', value: json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) },
    { form: 'json-slash-escaped (PHP JSON_UNESCAPED_UNICODE)', value: json.replace(/\//g, '\\/') },
    { form: 'json-php (slash and non-ASCII escaped)', value: uEscape(json, /[\u0080-\uffff]/g).replace(/\//g, '\\/') },
    { form: 'json-go (HTML-unsafe escaped)', value: uEscape(json, /[<>&\u2028\u2029]/g) },
    { form: 'json-hex-upper (PHP JSON_HEX_*)', value: uEscape(json.replace(/\\"/g, '"'), /[<>&'"\u0080-\uffff]/g, true).replace(/\//g, '\\/') },
    { form: 'json-ascii-upper (Jackson)', value: uEscape(json, /[\u0080-\uffff]/g, true) },
    { form: 'json-dotnet', value: uEscape(json.replace(/\\"/g, '"'), /[<>&'"+`\u0080-\uffff]/g, true) },
    { form: 'json-in-json (a JSON string quoted in JSON)', value: JSON.stringify(json).slice(1, -1) },
    ...urlParsed(secret),
    { form: 'percent-encoded', value: percentEncode(secret) },
    { form: 'percent-encoded-lower', value: percentEncode(secret).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()) },
    { form: 'encodeURIComponent', value: encodeURIComponent(secret) },
    { form: 'form-encoded', value: formEncode(secret) },
    { form: 'hex', value: Buffer.from(secret, 'utf8').toString('hex') },
    { form: 'HEX', value: Buffer.from(secret, 'utf8').toString('hex').toUpperCase() },
    { form: 'base64', value: base64Utf8(secret) },
    { form: 'base64url', value: toBase64Url(base64Utf8(secret)) },
    { form: 'base64-unpadded', value: base64Utf8(secret).replace(/=+$/, '') },
    { form: 'html-escaped-text', value: htmlEscape(secret, {}) },
    { form: 'html-escaped', value: htmlEscape(secret, { '"': '&quot;', "'": '&#39;' }) },
    { form: 'html-escaped-x27', value: htmlEscape(secret, { '"': '&quot;', "'": '&#x27;' }) },
    { form: 'html-escaped-numeric', value: htmlEscape(secret, { '"': '&#34;', "'": '&#39;' }) },
    { form: 'html-escaped-039', value: htmlEscape(secret, { '"': '&quot;', "'": '&#039;' }) },
    { form: 'html-numeric-decimal (AntiXSS)', value: numericRefs(secret, NOT_SAFE, 10) },
    { form: 'html-numeric-hex (ESAPI encodeForHTML)', value: numericRefs(secret, NOT_SAFE, 16, false, HTML_NAMED) },
    { form: 'html-numeric-HEX (.NET HtmlEncoder)', value: numericRefs(secret, /[+'\u0080-\u{10ffff}]/u, 16, true, HTML_NAMED) },
    { form: 'html-numeric-punctuation-only', value: numericRefs(secret, /[^A-Za-z0-9,.\-_ &<>"']/u, 10) },
  ];
  for (const user of pairedWith) {
    forms.push({ form: `base64(user:secret)`, value: base64Utf8(`${user}:${secret}`) });
    forms.push({ form: `base64(secret:pass)`, value: base64Utf8(`${secret}:${user}`) });
  }
  const seen = new Set<string>();
  return forms.filter((f) => f.value.length >= 4 && !seen.has(f.value) && seen.add(f.value));
}

/**
 * The forms of {@link leakForms} for `secret` and, for a secret of 4 characters or more (shorter ones are not
 * masked by value), for its lower- and upper-cased versions (`toLowerCase`, `toUpperCase`: ü/Ü, ß/SS), named so;
 * one per lower-cased value, as they are searched ignoring case.
 */
function caseForms(secret: string, pairs: string[]): { form: string; value: string }[] {
  const variants: [string, string][] = [[secret, '']];
  if (secret.length >= 4) variants.push([secret.toLowerCase(), ' of the lower-cased secret'], [secret.toUpperCase(), ' of the upper-cased secret']);
  const seen = new Set<string>();
  return variants
    .flatMap(([v, suffix]) => leakForms(v, pairs).map((f) => ({ form: f.form + suffix, value: f.value })))
    .filter((f) => !seen.has(f.value.toLowerCase()) && seen.add(f.value.toLowerCase()));
}

/**
 * Every form of every secret found in `haystack` (text or bytes, searched as latin1 and as UTF-8), in any case: as
 * written, and with the case of the secret or of its encoded form changed (a server that echoes a secret
 * lower-cased, an upper-cased percent-encoding). A hit found only ignoring case has its form named "case changed".
 * @param pairs extra `user` values to combine with each secret as Basic's `user:pass`
 */
export function findLeaks(haystack: string | Buffer, secrets: string[], pairs: string[] = []): { secret: string; form: string }[] {
  const texts = typeof haystack === 'string' ? [haystack] : [haystack.toString('utf8'), haystack.toString('latin1')];
  const lowered = texts.map((t) => t.toLowerCase());
  const hits: { secret: string; form: string }[] = [];
  for (const secret of secrets) {
    for (const f of caseForms(secret, pairs)) {
      const exact = texts.some((t) => t.includes(f.value));
      if (exact || lowered.some((t) => t.includes(f.value.toLowerCase()))) {
        hits.push({ secret: `${secret.slice(0, 2)}…(${secret.length} chars)`, form: exact ? f.form : `${f.form}, case changed` });
      }
    }
  }
  return hits;
}

async function* walk(p: string): AsyncGenerator<string> {
  const s = await stat(p).catch(() => null);
  if (!s) return;
  if (s.isFile()) {
    yield p;
    return;
  }
  if (s.isDirectory()) for (const name of await readdir(p)) yield* walk(path.join(p, name));
}

/** Scans files and folders (recursively: the data directory, the SQLite file and its WAL, logs, exports). */
export async function scanPaths(paths: string[], secrets: string[], pairs: string[] = []): Promise<{ file: string; form: string }[]> {
  const hits: { file: string; form: string }[] = [];
  for (const root of paths) {
    for await (const file of walk(root)) {
      // SQLite may remove its -wal/-shm files between listing and reading: a file that is gone holds nothing.
      const bytes = await readFile(file).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : Promise.reject(e)));
      if (bytes) for (const h of findLeaks(bytes, secrets, pairs)) hits.push({ file, form: h.form });
    }
  }
  return hits;
}
