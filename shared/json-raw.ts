/**
 * Reads JSON text without decoding it: the raw text of each member of an object, so stored JSON can be re-shaped
 * into another JSON document by pasting those texts, with no parse → objects → stringify round trip. Meant for
 * JSON that JSON.stringify wrote: strings and containers are delimited exactly (whitespace between tokens is
 * allowed), an unterminated string or container throws, but scalars are not validated.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function fail(json: string, at: number): never {
  throw new SyntaxError(`Malformed JSON at offset ${at}: ${JSON.stringify(json.slice(at, at + 20))}`);
}

/** Whether the code unit is JSON whitespace (RFC 8259 §2). */
const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function skipSpace(json: string, at: number): number {
  while (isSpace(json.charCodeAt(at))) at += 1;
  return at;
}

/** The offset after the string whose opening quote is at `at`: the first quote not escaped by a backslash. */
function stringEnd(json: string, at: number): number {
  for (let from = at + 1; ; ) {
    const q = json.indexOf('"', from);
    if (q < 0) fail(json, at);
    let b = q - 1;
    while (json.charCodeAt(b) === BACKSLASH) b -= 1;
    if ((q - b) % 2 === 1) return q + 1;
    from = q + 1;
  }
}

/** The offset after the JSON value that starts at `at` (no leading whitespace). */
function valueEnd(json: string, at: number): number {
  const c = json.charCodeAt(at);
  if (c === QUOTE) return stringEnd(json, at);
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    for (let i = at; i < json.length; ) {
      const ch = json.charCodeAt(i);
      if (ch === QUOTE) {
        i = stringEnd(json, i);
        continue;
      }
      if (ch === 0x7b || ch === 0x5b) depth += 1;
      else if ((ch === 0x7d || ch === 0x5d) && --depth === 0) return i + 1;
      i += 1;
    }
    fail(json, at);
  }
  let i = at;
  for (let ch = c; i < json.length && ch !== 0x2c && ch !== 0x7d && ch !== 0x5d && !isSpace(ch); ch = json.charCodeAt(++i));
  if (i === at) fail(json, at);
  return i;
}

/** The members of a JSON object text, in order: each key as written (quotes included) and its raw value. */
export interface ScannedMembers {
  rawKeys: string[];
  /** Decoded key → raw value text; a repeated key keeps its last value, as JSON.parse does. */
  members: Map<string, string>;
}

/**
 * Scans the JSON object `json` (whitespace around and inside allowed).
 * @throws SyntaxError when `json` is not one object, or a string or container in it is not closed
 */
export function scanMembers(json: string): ScannedMembers {
  const out: ScannedMembers = { rawKeys: [], members: new Map() };
  let i = skipSpace(json, 0);
  if (json.charCodeAt(i) !== 0x7b) fail(json, i);
  i = skipSpace(json, i + 1);
  if (json.charCodeAt(i) === 0x7d) i += 1;
  else {
    for (;;) {
      if (json.charCodeAt(i) !== QUOTE) fail(json, i);
      const keyEnd = stringEnd(json, i);
      const key = json.slice(i, keyEnd);
      i = skipSpace(json, keyEnd);
      if (json.charCodeAt(i) !== 0x3a) fail(json, i);
      i = skipSpace(json, i + 1);
      const end = valueEnd(json, i);
      out.rawKeys.push(key);
      out.members.set(rawString(key), json.slice(i, end));
      i = skipSpace(json, end);
      const c = json.charCodeAt(i);
      i += 1;
      if (c === 0x7d) break;
      if (c !== 0x2c) fail(json, i - 1);
      i = skipSpace(json, i);
    }
  }
  if (skipSpace(json, i) !== json.length) fail(json, i);
  return out;
}

/** The value of a raw JSON string literal (quotes included); `JSON.parse` only when it holds an escape. */
export function rawString(raw: string): string {
  return raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
}
