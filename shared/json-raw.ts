/**
 * Reads JSON text without decoding it: the raw text of each member of an object or element of an array, so stored
 * JSON can be re-shaped into another JSON document by pasting those texts, with no parse → objects → stringify
 * round trip (which costs most of an export's time when bodies are long and escaped). Meant for JSON that
 * JSON.stringify wrote: containers and strings are delimited exactly (whitespace between tokens is allowed), an
 * unterminated string or container throws, but scalars are not validated.
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

/**
 * Calls `each(key, start, end)` for each member of the container that opens at `at` (`{` or `[`), with the raw key
 * (quotes included; '' in arrays) and the value's offsets. Returns the offset after the closing bracket.
 */
function walk(json: string, at: number, each: (key: string, start: number, end: number) => void): number {
  const object = json.charCodeAt(at) === 0x7b;
  if (!object && json.charCodeAt(at) !== 0x5b) fail(json, at);
  const close = object ? 0x7d : 0x5d;
  let i = skipSpace(json, at + 1);
  if (json.charCodeAt(i) === close) return i + 1;
  for (;;) {
    let key = '';
    if (object) {
      if (json.charCodeAt(i) !== QUOTE) fail(json, i);
      const keyEnd = stringEnd(json, i);
      key = json.slice(i, keyEnd);
      i = skipSpace(json, keyEnd);
      if (json.charCodeAt(i) !== 0x3a) fail(json, i);
      i = skipSpace(json, i + 1);
    }
    const end = valueEnd(json, i);
    each(key, i, end);
    i = skipSpace(json, end);
    const c = json.charCodeAt(i);
    if (c === close) return i + 1;
    if (c !== 0x2c) fail(json, i);
    i = skipSpace(json, i + 1);
  }
}

/** Walks the one container that `json` holds (whitespace around it allowed). */
function walkAll(json: string, each: (key: string, start: number, end: number) => void): void {
  const end = walk(json, skipSpace(json, 0), each);
  if (skipSpace(json, end) !== json.length) fail(json, end);
}

/**
 * The members of the JSON object `json`: decoded key → raw value text. A repeated key keeps its last value, as
 * JSON.parse does.
 * @throws SyntaxError when `json` is not one object, or a string or container in it is not closed
 */
export function rawMembers(json: string): Map<string, string> {
  const members = new Map<string, string>();
  walkAll(json, (key, start, end) => members.set(rawString(key), json.slice(start, end)));
  return members;
}

/**
 * The elements of the JSON array `json`, each as raw JSON text.
 * @throws SyntaxError when `json` is not one array, or a string or container in it is not closed
 */
export function rawElements(json: string): string[] {
  const elements: string[] = [];
  walkAll(json, (_key, start, end) => elements.push(json.slice(start, end)));
  return elements;
}

/** The value of a raw JSON string literal (quotes included); `JSON.parse` only when it holds an escape. */
export function rawString(raw: string): string {
  return raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
}
