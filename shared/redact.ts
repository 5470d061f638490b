import { base64Bytes, formEncode, percentEncode, toBase64Url } from './encoding';
import { jsonForms, nestedJsonForms, urlParserForms, wellFormed } from './redact-forms';
import { htmlForms } from './redact-html';
import { createNeedleIndex } from './redact-needles';
import { maskSpans } from './redact-spans';
import { escapeRegExp } from './regex-source';
import type { HeaderPair } from './request';

/**
 * Redaction before anything is written (DESIGN.md "Secret hygiene" rule 2): by value first — every known secret in
 * every encoding it can take on the wire or in a file — then by name (auth headers, cookies, configured and
 * well-known parameter names), then by shape (JWTs, well-known token prefixes) as defence in depth.
 */

export const REDACTED = '[REDACTED]';

/** Values shorter than this are not redacted by value: masking every "ab" would destroy the log, not protect it. */
export const MIN_SECRET_LENGTH = 4;

const utf8 = new TextEncoder();

/** Header names whose values are always credentials (RFC 9110 §11.6.2, §11.7.2; RFC 6265). */
export const SENSITIVE_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'x-auth-token',
  'x-access-token',
  'x-amz-security-token',
  'dd-api-key',
  'dd-application-key',
  'private-token',
]);

/**
 * Header names that say they carry a credential although they are in no list: a header typed into a request by hand
 * (X-Shopify-Access-Token, Ocp-Apim-Subscription-Key, X-Goog-Api-Key, X-CSRF-Token, X-Client-Secret). Kept narrow on
 * purpose: WWW-Authenticate, Access-Control-Allow-Credentials and the like explain a failure and stay readable.
 */
export const CREDENTIAL_HEADER_NAME = /api-?key|secret|password|passwd|(?:^|[-_])(?:access-?|auth-?|session-?)?token$|(?:^|[-_])key$/;

/** Parameter and JSON field names whose values are credentials (RFC 6749 §4, §5.1, §6; RFC 7636 §4.5). */
export const SENSITIVE_PARAMS = new Set([
  'access_token',
  'refresh_token',
  'id_token',
  'client_secret',
  'code',
  'code_verifier',
  'password',
  'api_key',
  'apikey',
  'api_token',
  'token',
  'secret',
  'key',
  'client_assertion',
  'assertion',
  'device_code',
  'sig',
  'signature',
  'x-amz-signature',
  'x-amz-security-token',
]);

/** Names too generic to redact inside JSON bodies (`"code": "invalid_request"` is an error, not a credential). */
const QUERY_ONLY_PARAMS = new Set(['code', 'key', 'sig', 'signature']);

/** Shapes of credentials seen in the wild, defence in depth next to the known values. */
const SHAPES: RegExp[] = [
  /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/, // JWS compact serialisation (RFC 7515 §7.1)
  /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}/, // Stripe
  /\bgh[pousr]_[A-Za-z0-9]{30,}/, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{30,}/,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/, // Slack
  /\bAKIA[0-9A-Z]{16}\b/, // AWS access key id
  /\bglpat-[A-Za-z0-9_-]{20,}/, // GitLab
  /\bAIza[0-9A-Za-z_-]{35}\b/, // Google API key
];

/**
 * All shapes as one global regex (one pass), without their leading `\b`: a regex that starts with an assertion
 * cannot skip ahead to its literal prefixes, and this one is about 1.5× faster. {@link shapeSpans} checks the word
 * boundary itself. Used through shapeSpans only, which resets it.
 */
const ANY_SHAPE = new RegExp(SHAPES.map((r) => r.source.replace(/^\\b/, '')).join('|'), 'g');
const WORD_CHAR = /\w/;

/** Appends the `[start, end)` span of every credential shape in `text` (starting at a word boundary) to `spans`. */
function shapeSpans(text: string, spans: number[]): number[] {
  ANY_SHAPE.lastIndex = 0;
  for (let m = ANY_SHAPE.exec(text); m; m = ANY_SHAPE.exec(text)) {
    // Every shape starts with a word character, so `\b` before it means: no word character just before it.
    if (m.index > 0 && WORD_CHAR.test(text[m.index - 1]!)) ANY_SHAPE.lastIndex = m.index + 1;
    else spans.push(m.index, m.index + m[0].length);
  }
  return spans;
}

/**
 * The base64 text of `bytes` when they sit at any offset inside a longer base64-encoded blob: for each of the three
 * alignments, the characters determined by these bytes alone. So `base64("user:" + secret)` contains one of them,
 * whatever the user is (this is how secret scanners find base64-embedded keys).
 */
function base64Alignments(bytes: Uint8Array): string[] {
  const out: string[] = [];
  for (let k = 0; k < 3; k++) {
    const padded = new Uint8Array(k + bytes.length);
    padded.set(bytes, k);
    const enc = base64Bytes(padded);
    const start = Math.ceil((8 * k) / 6);
    const end = Math.floor((8 * padded.length) / 6);
    const core = enc.slice(start, end);
    if (core.length >= 6) out.push(core, toBase64Url(core));
  }
  return out;
}

/**
 * Every form in which `secret` may appear in a request, a response, a log or a file: raw; JSON-escaped as common
 * server stacks write it (JSON.stringify; PHP's `\/` and non-ASCII `\uXXXX`; Go's `\u003c \u003e \u0026`; Python's
 * ensure_ascii; .NET; each with lower- and upper-case hex: shared/redact-forms.ts); percent-encoded (RFC 3986,
 * upper- and lower-case hex, encodeURIComponent's lighter set, and the WHATWG URL parser's query and path
 * percent-encode sets, which keep `%`, `+`, `&`, `/` as they are); form-encoded; hex of its UTF-8 bytes (lower- and
 * upper-case: a server echoing a digest input, a debug dump); base64/base64url — alone, padded, and at any alignment
 * inside a longer base64 blob such as Basic's `user:pass` —; and HTML-escaped, with named entities (`&amp; &lt; &gt;
 * &quot; &#39; &#x27;`…) and with numeric character references as ESAPI, AntiXSS, .NET, Go html/template and
 * Spring write them (`&#43;`, `&#x2b;`, `&#x2B;`: shared/redact-html.ts), only for a secret holding a character that
 * such an encoder changes (anything but ASCII letters, digits, `, . - _` and space). A secret with whitespace around it
 * also gets every form of it trimmed at either end or both: a header field's value is taken without the whitespace
 * around it (RFC 9110 §5.5), so a server echoes a padded token trimmed. Each of these values (of at least
 * {@link MIN_SECRET_LENGTH} characters) also gets every form of it in lower and in upper case (`toLowerCase`,
 * `toUpperCase`: ü/Ü, ß/SS…), as a server or a logger that changes the case of what it echoes writes it; the
 * redactor matches all forms ignoring ASCII case (see {@link createRedactor}), so together they catch any case of the
 * ASCII letters with the other letters as given, all lower or all upper. Returns distinct forms of at least
 * {@link MIN_SECRET_LENGTH} characters; none for a shorter secret (nor for one that only case mapping lengthens).
 */
export function secretForms(secret: string): string[] {
  const trimmed = [secret, secret.trim(), secret.trimStart(), secret.trimEnd()].filter((v) => v.length >= MIN_SECRET_LENGTH);
  const variants = new Set(trimmed.flatMap((v) => [v, v.toLowerCase(), v.toUpperCase()]));
  return [...new Set([...variants].flatMap(encodedForms))];
}

/** {@link secretForms} of one exact value (no trimmed variants). */
function encodedForms(secret: string): string[] {
  if (secret.length < MIN_SECRET_LENGTH) return [];
  const bytes = utf8.encode(secret);
  // encodeURIComponent throws on a lone surrogate; UTF-8 encoders (TextEncoder, URLSearchParams, the URL parser) write
  // U+FFFD for it, and so does whatever echoes the secret after a UTF-8 round trip.
  const usv = wellFormed(secret);
  const pct = percentEncode(usv);
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  const forms = [
    secret,
    usv,
    ...jsonForms(secret),
    ...nestedJsonForms(secret),
    pct,
    pct.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    encodeURIComponent(usv),
    ...urlParserForms(secret),
    formEncode(secret),
    hex,
    hex.toUpperCase(),
    base64Bytes(bytes),
    toBase64Url(base64Bytes(bytes)),
    ...base64Alignments(bytes),
    ...htmlForms(secret),
  ];
  return [...new Set(forms)].filter((f) => f.length >= MIN_SECRET_LENGTH);
}

export interface RedactorOptions {
  /** Secret values known to the main process: stored, obtained, or derived (a whole Authorization value). */
  secrets?: readonly string[];
  /** Extra header names to redact by name (a profile's API-key headers), case-insensitive. */
  headerNames?: readonly string[];
  /** Extra query/form/JSON parameter names to redact by name (a profile's API-key query names). */
  paramNames?: readonly string[];
  /**
   * A secret's forms ({@link secretForms}) from a caller that keeps them: a caller that builds a redactor for every
   * new secret then encodes each secret once. Default: {@link secretForms}.
   */
  formsOf?: (secret: string) => readonly string[];
}

/** The parts of a request a user may type credentials into: its headers, its URL and its body. */
export interface RequestParts {
  headers: readonly HeaderPair[];
  url: string;
  body?: string | null;
}

export interface Redactor {
  /** Text (a body, an error message): by value, JSON/form fields by name, and by shape. */
  text(input: string): string;
  /** A URL: by value, then query parameters by name, then by shape; userinfo is removed. */
  url(input: string): string;
  /** Headers: credential headers by name (keeping the auth scheme word), everything else as text. */
  headers(input: readonly HeaderPair[]): HeaderPair[];
  /** By value and by shape only (no name rules): safe on serialised JSON, for re-checking stored records. */
  values(input: string): string;
  /**
   * The values that this redactor's name rules mask in `request` (credentials typed by hand), so they can be learnt
   * as secrets and masked by value wherever a server echoes them: the value of each credential header (for
   * Authorization, also the part after the scheme word and a Basic password, RFC 7617 §2; for Cookie, also each
   * cookie's value, RFC 6265 §4.2.1) and of each credential-named field of the URL's query and of the body (as
   * written, and decoded: JSON string escapes, RFC 8259 §7; form encoding, WHATWG URL "application/x-www-form-urlencoded").
   * Distinct values of at least {@link MIN_SECRET_LENGTH} characters; none when nothing is named as a credential.
   * Cost: one pass of the name rules over the URL and the body.
   */
  credentials(request: RequestParts): string[];
}

/** `url` with its userinfo (user:password@) removed; text that is not an absolute URL is returned as it is. */
function withoutUserinfo(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url; // not an absolute URL: the caller treats it as text
  }
}

/** Inputs longer than this (chars) are not memoised: a body is rarely sent twice, a header value often is. */
const MEMO_MAX_CHARS = 1024;
/** Memoised inputs per function of one redactor; the memo starts over when full (at most about 1 MB each). */
const MEMO_ENTRIES = 512;

/**
 * `fn` with its results for short inputs remembered. A redactor never changes once built (a new secret makes a new
 * one), so the same input always gives the same output: repeated header values, URLs and auth step texts are masked
 * once. The memo lives in memory only, like the secrets the redactor already holds.
 */
function memoized(fn: (s: string) => string): (s: string) => string {
  const seen = new Map<string, string>();
  return (s) => {
    if (s.length > MEMO_MAX_CHARS) return fn(s);
    let out = seen.get(s);
    if (out === undefined) {
      out = fn(s);
      if (seen.size >= MEMO_ENTRIES) seen.clear();
      seen.set(s, out);
    }
    return out;
  };
}

/** An auth header's scheme word (RFC 9110 §11.4 token) and the credentials after it. */
const AUTH_SCHEME = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) +(.*)$/s;

/** `text` decoded by `decode`, or nothing when it is not validly encoded. */
function decoded(text: string, decode: (s: string) => string): string[] {
  try {
    return [decode(text)];
  } catch {
    return []; // not validly encoded: the text as written is learnt alone
  }
}

const utf8Decoder = new TextDecoder();
/** The password of a Basic credential (RFC 7617 §2: base64 of UTF-8 `user:pass`, split at the first colon). */
const basicPassword = (b64: string): string => {
  const pair = utf8Decoder.decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
  if (!pair.includes(':')) throw new SyntaxError('not a Basic credential');
  return pair.slice(pair.indexOf(':') + 1);
};
/** A JSON string's contents (between the quotes) unescaped (RFC 8259 §7). */
const jsonUnescape = (inner: string): string => JSON.parse(`"${inner}"`) as string;
/** A form-encoded value decoded (`+` is a space, then percent-decoding). */
const formDecode = (value: string): string => decodeURIComponent(value.replace(/\+/g, ' '));

/** The secrets a credential header's value holds: all of it, and the parts named in {@link Redactor.credentials}. */
function headerCredentials(lowerName: string, value: string): string[] {
  const whole = value.trim();
  if (lowerName === 'cookie') {
    const values = whole.split(';').map((pair) => pair.slice(pair.indexOf('=') + 1).trim().replace(/^"(.*)"$/s, '$1'));
    return [whole, ...values];
  }
  if (lowerName !== 'authorization' && lowerName !== 'proxy-authorization') return [whole];
  const m = AUTH_SCHEME.exec(whole);
  if (!m) return [whole];
  const credentials = m[2]!.trim();
  return [whole, credentials, ...(m[1]!.toLowerCase() === 'basic' ? decoded(credentials, basicPassword) : [])];
}

/**
 * Builds a redactor for one set of secrets (indexed once: build it once per set, not per call). By value, every form
 * of every secret ({@link secretForms}) is matched ignoring the case of ASCII letters — base64 and hex forms too: a
 * base64 text with its case changed is still readable (each 4-character group has at most 16 case variants, and
 * those that decode to the secret's kind of text are few), and matching it costs nothing more. By value and by
 * shape, every occurrence is masked, overlapping ones included, so a secret that is a substring of another, or
 * one that a credential shape starts in, never leaves a tail behind. Cost: O(text length) per rule family; the
 * by-value search reads one window every few characters (shared/redact-needles.ts), not every position.
 */
export function createRedactor(options: RedactorOptions = {}): Redactor {
  const byValue = createNeedleIndex([...new Set((options.secrets ?? []).flatMap(options.formsOf ?? secretForms))]);
  const headerNames = new Set([...SENSITIVE_HEADERS, ...(options.headerNames ?? []).map((h) => h.toLowerCase())]);
  const params = [...new Set([...SENSITIVE_PARAMS, ...(options.paramNames ?? []).map((p) => p.toLowerCase())])];
  const paramAlt = params.map(escapeRegExp).join('|');
  const jsonAlt = params.filter((p) => !QUERY_ONLY_PARAMS.has(p)).map(escapeRegExp).join('|');
  const formFieldSource = `(^|[?&;\\s])((?:${paramAlt})=)[^&#\\s"']*`;
  // One pass for names: a JSON field ("client_secret": "…") or a form/query field (client_secret=…).
  const byName = new RegExp(`("(?:${jsonAlt})"\\s*:\\s*")(?:[^"\\\\]|\\\\.)*"|${formFieldSource}`, 'gi');
  const formField = new RegExp(formFieldSource, 'gi');
  /** Appends the span of every named field's value (inside the quotes of a JSON string) in `s` to `spans`. */
  const nameSpans = (s: string, spans: number[]): number[] => {
    byName.lastIndex = 0;
    for (let m = byName.exec(s); m; m = byName.exec(s)) {
      const end = m.index + m[0].length;
      if (m[1] !== undefined) spans.push(m.index + m[1].length, end - 1);
      else spans.push(m.index + m[2]!.length + m[3]!.length, end);
    }
    return spans;
  };

  const valueAndShape = (s: string): string => maskSpans(s, shapeSpans(s, byValue.find(s)), REDACTED);
  // All three rule families read the same input and mask once: one pass each, one output, and a match of one
  // family never hides part of another's.
  const text = memoized((s: string): string => maskSpans(s, nameSpans(s, shapeSpans(s, byValue.find(s))), REDACTED));

  const url = memoized((s: string): string => {
    let out = valueAndShape(s);
    // Userinfo needs an "@"; without one the URL is kept as written (parsing it would only normalise it).
    if (out.includes('@')) out = withoutUserinfo(out);
    return out.replace(formField, `$1$2${REDACTED}`);
  });

  /** Whether a header (lower-case name) is masked by name. */
  const credentialHeader = (lower: string): boolean => headerNames.has(lower) || CREDENTIAL_HEADER_NAME.test(lower);

  const headers = (pairs: readonly HeaderPair[]): HeaderPair[] =>
    pairs.map(([name, value]) => {
      const lower = name.toLowerCase();
      if (!credentialHeader(lower)) return [name, text(value)];
      if (lower === 'authorization' || lower === 'proxy-authorization') {
        const scheme = AUTH_SCHEME.exec(value)?.[1];
        return [name, scheme ? `${scheme} ${REDACTED}` : REDACTED];
      }
      return [name, REDACTED];
    });

  const credentials = (request: RequestParts): string[] => {
    const found: string[] = [];
    for (const [name, value] of request.headers) {
      const lower = name.toLowerCase();
      if (credentialHeader(lower)) found.push(...headerCredentials(lower, value));
    }
    for (const s of request.body ? [request.url, request.body] : [request.url]) {
      // Both name rules need a "=" (form field) or a '"' (JSON field): a plain URL, the common case, skips the scan.
      if (!s.includes('=') && !s.includes('"')) continue;
      const spans = nameSpans(s, []);
      for (let i = 0; i < spans.length; i += 2) {
        const v = s.slice(spans[i], spans[i + 1]);
        // A JSON field's value follows its opening quote; a form field's follows "=".
        found.push(v, ...decoded(v, s[spans[i]! - 1] === '"' ? jsonUnescape : formDecode));
      }
    }
    return [...new Set(found)].filter((v) => v.length >= MIN_SECRET_LENGTH);
  };

  return { text, url, headers, values: valueAndShape, credentials };
}
