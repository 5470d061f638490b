import { scanMembers } from './json-raw';
import { escapeRegExp, JSON_STRING_SOURCE as STRING } from './regex-source';

/**
 * Reads the members of many JSON objects that share a layout — the same keys in the same order, as JSON.stringify
 * writes objects built by the same code — with one regex match each instead of a character-by-character scan. A
 * layout is learnt from an object that the scanner (./json-raw.ts, always right) read, compiled into an anchored
 * regex with one capture per member, and tried first on the next objects; an object it does not match is scanned
 * again, and teaches its own layout.
 */

/** A number, true, false or null (as written by JSON.stringify: no whitespace). */
const SCALAR = '[-+.0-9A-Za-z]+';
/** A container whose brackets are balanced, strings skipped exactly, with `inner` for nested containers. */
const container = (inner: string): string => `[\\[{](?:${STRING}|[^"\\[\\]{}]${inner ? `|${inner}` : ''})*[\\]}]`;
/**
 * A JSON value whose containers nest at most two deep (`[["name","value"]]`, `{"facts":{"k":"v"}}`), as one of
 * valid JSON text: a container ends at its matching bracket, and its contents are not checked further. Each
 * character has one way to match, so a failing match backtracks in linear time. A deeper value makes the layout
 * not match, and the scanner reads that object.
 */
const VALUE = `${STRING}|${SCALAR}|${container(container(''))}`;

/** Layouts kept per reader; objects of further layouts are scanned (each layout is a regex of a few KB). */
const MAX_LAYOUTS = 8;
/** Members beyond which a layout is not compiled (the regex grows with them). */
const MAX_MEMBERS = 64;

interface Layout {
  regex: RegExp;
  /** For each wanted key, its capture group (the last one when a key repeats, as JSON.parse keeps the last), or 0. */
  groups: number[];
}

function compile(rawKeys: readonly string[], wanted: readonly string[]): Layout {
  const group = new Map(rawKeys.map((raw, i) => [JSON.parse(raw) as string, i + 1] as const));
  const members = rawKeys.map((k) => `${escapeRegExp(k)}:(${VALUE})`).join(',');
  return { regex: new RegExp(`^\\{${members}\\}$`), groups: wanted.map((key) => group.get(key) ?? 0) };
}

/**
 * A reader of the members `keys` of JSON objects, learning layouts as it goes. Returns, for a JSON object text, the
 * raw text of each of `keys` (in that order; `missing` for a key the object lacks).
 * @throws SyntaxError (from the scanner) when the text is not one JSON object
 */
export function memberReader<M>(keys: readonly string[], missing: M): (json: string) => (string | M)[] {
  const layouts = new Map<string, Layout>();
  let current: Layout | undefined;
  return (json) => {
    const match = current?.regex.exec(json);
    if (current && match) {
      const { groups } = current;
      const out = new Array<string | M>(groups.length);
      for (let i = 0; i < groups.length; i++) out[i] = groups[i] ? match[groups[i]!]! : missing;
      return out;
    }
    const scanned = scanMembers(json);
    const signature = scanned.rawKeys.join(',');
    current = layouts.get(signature);
    if (!current && layouts.size < MAX_LAYOUTS && scanned.rawKeys.length <= MAX_MEMBERS) {
      current = compile(scanned.rawKeys, keys);
      layouts.set(signature, current);
    }
    return keys.map((key) => scanned.members.get(key) ?? missing);
  };
}
