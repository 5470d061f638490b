import { base64Bytes, formEncode, percentEncode, toBase64Url } from './encoding';
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

/** Shapes of credentials seen in the wild, applied last. */
const SHAPES: RegExp[] = [
  /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, // JWS compact serialisation (RFC 7515 §7.1)
  /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}/g, // Stripe
  /\bgh[pousr]_[A-Za-z0-9]{30,}/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{30,}/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, // Slack
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key id
  /\bglpat-[A-Za-z0-9_-]{20,}/g, // GitLab
  /\bAIza[0-9A-Za-z_-]{35}\b/g, // Google API key
];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

type Trie = Map<string, Trie> & { end?: boolean };

/**
 * A regex source matching any of `words`, built as a trie so the engine decides one character at a time instead of
 * trying every word at every position. At each node the longer continuation is tried first (greedy), so a secret
 * that is a prefix of another never leaves the other's tail behind.
 */
function trieSource(words: readonly string[]): string {
  const root: Trie = new Map();
  for (const word of words) {
    let node = root;
    for (const ch of word) {
      let next = node.get(ch);
      if (!next) {
        next = new Map();
        node.set(ch, next);
      }
      node = next;
    }
    node.end = true;
  }
  // Runs of single-child nodes become one literal, so recursion (and the regex's nesting) grows with the number of
  // branch points, not with a secret's length: a 3 KB PEM key is one literal, not 3,000 nested groups.
  const build = (node: Trie): string => {
    const branches = [...node].map(([ch, child]) => {
      let literal = escapeRegExp(ch);
      let next = child;
      while (next.size === 1 && !next.end) {
        const [c, n] = next.entries().next().value as [string, Trie];
        literal += escapeRegExp(c);
        next = n;
      }
      return literal + build(next);
    });
    if (branches.length === 0) return '';
    const body = branches.length === 1 ? branches[0]! : `(?:${branches.join('|')})`;
    return node.end ? `(?:${body})?` : body;
  };
  return build(root);
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
 * Every form in which `secret` may appear in a request, a response, a log or a file: raw, JSON-escaped (also with
 * non-ASCII as \uXXXX), percent-encoded (RFC 3986, upper- and lower-case hex, and encodeURIComponent's lighter set),
 * form-encoded, and base64/base64url — alone, padded, and at any alignment inside a longer base64 blob such as
 * Basic's `user:pass`. Returns distinct forms of at least {@link MIN_SECRET_LENGTH} characters.
 */
export function secretForms(secret: string): string[] {
  if (secret.length < MIN_SECRET_LENGTH) return [];
  const bytes = utf8.encode(secret);
  const json = JSON.stringify(secret).slice(1, -1);
  const jsonAscii = json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const pct = percentEncode(secret);
  const forms = [
    secret,
    json,
    jsonAscii,
    pct,
    pct.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    encodeURIComponent(secret),
    formEncode(secret),
    base64Bytes(bytes),
    toBase64Url(base64Bytes(bytes)),
    ...base64Alignments(bytes),
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
}

export interface Redactor {
  /** Text (a body, an error message): by value, then JSON/form fields by name, then by shape. */
  text(input: string): string;
  /** A URL: by value, then query parameters by name, then by shape; userinfo is removed. */
  url(input: string): string;
  /** Headers: credential headers by name (keeping the auth scheme word), everything else as text. */
  headers(input: readonly HeaderPair[]): HeaderPair[];
  /** By value and by shape only (no name rules): safe on serialised JSON, for re-checking stored records. */
  values(input: string): string;
}

/**
 * Builds a redactor for one set of secrets. Longer needles are matched first, so a secret that is a substring of
 * another never leaves the longer one's tail behind. Cost: one regex pass per rule family, O(text length).
 */
export function createRedactor(options: RedactorOptions = {}): Redactor {
  const needles = [...new Set((options.secrets ?? []).flatMap(secretForms))];
  // Values and shapes in one pass: the secrets as a trie, then the credential shapes.
  const byValueAndShape = new RegExp([...(needles.length ? [trieSource(needles)] : []), ...SHAPES.map((r) => r.source)].join('|'), 'g');
  const headerNames = new Set([...SENSITIVE_HEADERS, ...(options.headerNames ?? []).map((h) => h.toLowerCase())]);
  const params = [...new Set([...SENSITIVE_PARAMS, ...(options.paramNames ?? []).map((p) => p.toLowerCase())])];
  const paramAlt = params.map(escapeRegExp).join('|');
  const jsonAlt = params.filter((p) => !QUERY_ONLY_PARAMS.has(p)).map(escapeRegExp).join('|');
  const formFieldSource = `(^|[?&;\\s])((?:${paramAlt})=)[^&#\\s"']*`;
  // One pass for names: a JSON field ("client_secret": "…") or a form/query field (client_secret=…).
  const byName = new RegExp(`("(?:${jsonAlt})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"|${formFieldSource}`, 'gi');
  const formField = new RegExp(formFieldSource, 'gi');
  const nameReplacer = (_m: string, jsonKey: string | undefined, pre: string, formKey: string): string =>
    jsonKey !== undefined ? `${jsonKey}"${REDACTED}"` : `${pre}${formKey}${REDACTED}`;

  const valueAndShape = (s: string): string => s.replace(byValueAndShape, REDACTED);
  const text = (s: string): string => valueAndShape(s).replace(byName, nameReplacer);

  const url = (s: string): string => {
    let out = valueAndShape(s);
    try {
      const u = new URL(out);
      if (u.username || u.password) {
        u.username = '';
        u.password = '';
      }
      out = u.toString();
    } catch {
      // Not an absolute URL: treat it as text below.
    }
    return out.replace(formField, `$1$2${REDACTED}`);
  };

  const headers = (pairs: readonly HeaderPair[]): HeaderPair[] =>
    pairs.map(([name, value]) => {
      const lower = name.toLowerCase();
      if (!headerNames.has(lower)) return [name, text(value)];
      if (lower === 'authorization' || lower === 'proxy-authorization') {
        const scheme = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) /.exec(value)?.[1];
        return [name, scheme ? `${scheme} ${REDACTED}` : REDACTED];
      }
      return [name, REDACTED];
    });

  return { text, url, headers, values: valueAndShape };
}
