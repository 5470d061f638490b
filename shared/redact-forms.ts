/**
 * Escaped forms of a secret that other programs write when they echo it back: the JSON string escapers of common
 * server stacks, and the WHATWG URL parser's percent-encoding of a raw value placed in a URL. Used by `secretForms`
 * (shared/redact.ts), the one place that lists every form of a secret. Pure, so it runs everywhere.
 */

const utf8 = new TextEncoder();

/** The escapes every JSON encoder writes (RFC 8259 §7): the two-character ones; other controls become `\uXXXX`. */
const SHORT_ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** What RFC 8259 §7 requires escaped, and lone surrogates (which JSON.stringify writes as `\uXXXX` too). */
const REQUIRED = ['["\\\\\\u0000-\\u001f]', '[\\ud800-\\udbff](?![\\udc00-\\udfff])', '(?<![\\ud800-\\udbff])[\\udc00-\\udfff]'];

/**
 * Characters that servers' JSON encoders also write as `\uXXXX`, beyond what RFC 8259 §7 requires (and beyond the
 * `\/` of PHP), as regex class bodies. HTML-unsafe ones: Go's encoding/json and Rails (`< > &` and U+2028/U+2029),
 * PHP's JSON_HEX_TAG|AMP|APOS|QUOT (`< > & ' "`), .NET System.Text.Json's default encoder (`< > & ' " + \``).
 * Non-ASCII: PHP json_encode, Jackson ESCAPE_NON_ASCII, .NET (U+0080 up), Python json.dumps ensure_ascii (U+007F
 * up; astral characters as a surrogate pair of escapes, as the regex matches UTF-16 code units).
 */
const HTML_UNSAFE = ['', '<>&\\u2028\\u2029', '<>&\'"', '<>&\'"+`'];
const NON_ASCII = ['', '\\u0080-\\uffff', '\\u007f-\\uffff'];

/** One JSON escaper: what it escapes, what of that it writes as `\uXXXX`, whether `/` is `\/` (PHP), its hex case. */
interface JsonStyle {
  pattern: RegExp;
  hexEscaped: RegExp | null;
  upper: boolean;
}

const JSON_STYLES: readonly JsonStyle[] = HTML_UNSAFE.flatMap((html) =>
  NON_ASCII.flatMap((nonAscii) => {
    const extra = html + nonAscii;
    const hexEscaped = extra ? new RegExp(`^[${extra}]$`) : null;
    return [false, true].flatMap((slash) => {
      const pattern = new RegExp([...REQUIRED, ...(slash ? ['/'] : []), ...(extra ? [`[${extra}]`] : [])].join('|'), 'g');
      return [false, true].map((upper) => ({ pattern, hexEscaped, upper }));
    });
  }),
);

/** `\uXXXX` of the UTF-16 code unit `c`, hex digits in the case asked for. */
function unicodeEscape(c: string, upper: boolean): string {
  const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
  return `\\u${upper ? hex.toUpperCase() : hex}`;
}

/**
 * `secret` as the contents of a JSON string (RFC 8259 §7, without the quotes) in the style of each common JSON
 * encoder: JavaScript's JSON.stringify; PHP json_encode (`\/`, non-ASCII as `\uXXXX`, and with its JSON_HEX_* and
 * JSON_UNESCAPED_* flags); Go encoding/json (`\u003c \u003e \u0026 \u2028 \u2029`); Python json.dumps (all but
 * printable ASCII as `\uXXXX`); .NET System.Text.Json; Jackson — each with lower- and upper-case hex (`\u003c`,
 * `\u003C`). Distinct strings, the plain JSON.stringify form first.
 */
export function jsonForms(secret: string): string[] {
  const forms = JSON_STYLES.map((style) =>
    secret.replace(style.pattern, (c) => {
      if (c === '/') return '\\/';
      const short = SHORT_ESCAPES[c];
      return short === undefined || style.hexEscaped?.test(c) ? unicodeEscape(c, style.upper) : short;
    }),
  );
  return [...new Set(forms)];
}

/**
 * `secret` inside a JSON string that is itself inside a JSON string: a request body quoted in an error reply, a JSON
 * log line carried in a JSON field. Each form of {@link jsonForms} that differs from `secret`, escaped once more as
 * JSON.stringify writes it (RFC 8259 §7: its backslashes and quotes doubled) and as PHP json_encode does (also `/` as
 * `\/`). A secret that no escaper changes has none. Distinct strings.
 */
export function nestedJsonForms(secret: string): string[] {
  const out = new Set<string>();
  for (const inner of jsonForms(secret)) {
    if (inner === secret) continue;
    const twice = JSON.stringify(inner).slice(1, -1);
    out.add(twice);
    out.add(twice.replace(/\//g, '\\/'));
  }
  return [...out];
}

/**
 * The WHATWG URL Standard's percent-encode sets (§1.3) for the parts of a URL a server's Location or an echoed URL
 * puts a value in, as `u`-flag regex classes: the C0 control percent-encode set (C0 controls and everything above
 * `~`) plus — for a query: space `"` `#` `<` `>`; for a query of a special scheme (http, https…): also `'`; for a
 * path: the query set and `?` `` ` `` `{` `}`.
 */
const URL_SETS = [
  /[\u0000-\u0020"#<>\u007f-\u{10ffff}]/gu,
  /[\u0000-\u0020"#'<>\u007f-\u{10ffff}]/gu,
  /[\u0000-\u0020"#<>?`{}\u007f-\u{10ffff}]/gu,
];

/** A UTF-16 surrogate without its other half (not well-formed Unicode, but a valid JS string). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * `text` with each lone surrogate replaced by U+FFFD: what a UTF-8 encoder (TextEncoder, URLSearchParams) writes for
 * it, and what Web IDL's USVString conversion makes of a URL API's argument before the URL parser sees it.
 */
export const wellFormed = (text: string): string => text.replace(LONE_SURROGATE, '\ufffd');

/**
 * `secret` as the WHATWG URL parser writes it when the raw value sits in a URL's query (special scheme or not) or
 * path: lone surrogates become U+FFFD (the URL API takes a USVString, so this comes first: a newline between two
halves does not join them), tabs and newlines are removed (URL Standard §4.4, basic URL parser), then only the characters of that part's
 * percent-encode set are percent-encoded (UTF-8 first; a lone surrogate as U+FFFD, as the parser does), everything
 * else — `%`, `+`, `&`, `/` — is kept. Upper-case hex as the standard writes
 * it, and lower-case (a proxy or logger that re-encodes). Distinct strings, possibly equal to `secret` itself.
 */
export function urlParserForms(secret: string): string[] {
  const parsed = wellFormed(secret).replace(/[\t\n\r]/g, '');
  const forms = URL_SETS.flatMap((set) => {
    const upper = parsed.replace(set, (c) => Array.from(utf8.encode(c), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
    return [upper, upper.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())];
  });
  return [...new Set(forms)];
}
