/**
 * Finds every occurrence of many literal needles (the encodings of every known secret) in long text without looking
 * at every position, ignoring ASCII case (`A`–`Z` match `a`–`z`; no other character is folded): a sampled q-gram
 * index. If every needle is at least `m` characters long, an occurrence contains a WINDOW-character window at each of
 * `step = m - WINDOW + 1` consecutive positions, so reading one window every `step` characters (a hash and a table
 * lookup) cannot step over it, provided the table holds each needle's windows at offsets `0 … step - 1`. Windows are
 * hashed and needles compared with ASCII case folded. A sampled window whose hash is in the table is verified
 * character by character, so a hash collision costs time, never a wrong answer. One table holds all needles: the
 * shortest sets the step, and splitting them by length would only add passes (a short secret costs the same either
 * way).
 */

/** Characters per hashed window. Needles are at least this long (MIN_SECRET_LENGTH in redact.ts is 4). */
export const WINDOW = 4;
/** The largest step: beyond it reads are already rare, and the table (needles × step entries) would only grow. */
const MAX_STEP = 64;

/** The UTF-16 code unit `c` with ASCII case folded: `A`–`Z` (65–90) become `a`–`z`; every other unit is kept. */
const fold = (c: number): number => ((c - 65) >>> 0 < 26 ? c + 32 : c);

/** `text` with ASCII case folded (see {@link fold}). */
const foldText = (text: string): string => text.replace(/[A-Z]+/g, (m) => m.toLowerCase());

/**
 * Hash of the WINDOW UTF-16 code units of `text` at `at` (which must have WINDOW characters after it), ASCII case
 * folded: windows that differ only in the case of ASCII letters hash alike.
 */
function windowHash(text: string, at: number): number {
  let h = Math.imul(fold(text.charCodeAt(at)), 0x9e3779b1);
  h = Math.imul(h ^ fold(text.charCodeAt(at + 1)), 0x85ebca6b);
  h = Math.imul(h ^ fold(text.charCodeAt(at + 2)), 0xc2b2ae35);
  h = Math.imul(h ^ fold(text.charCodeAt(at + 3)), 0x27d4eb2f);
  return h ^ (h >>> 15);
}

/** Whether `text` at `start` holds `folded` (ASCII case folded) once its own ASCII case is folded. */
function matchesAt(text: string, start: number, folded: string): boolean {
  if (start < 0 || start + folded.length > text.length) return false;
  for (let i = 0; i < folded.length; i++) if (fold(text.charCodeAt(start + i)) !== folded.charCodeAt(i)) return false;
  return true;
}

/** The sampling step and a chained hash table of (needle, offset) entries. */
interface Table {
  step: number;
  /** Table slot → first entry index, or -1. */
  heads: Int32Array;
  shift: number;
  /** Per entry: the next entry in the slot's chain (-1 ends it), the full hash, the needle index and the offset. */
  next: Int32Array;
  hash: Int32Array;
  needle: Int32Array;
  offset: Int32Array;
}

function buildTable(needles: readonly string[]): Table {
  const shortest = needles.reduce((min, n) => Math.min(min, n.length), Infinity);
  const step = Math.min(MAX_STEP, shortest - WINDOW + 1);
  const count = needles.length * step;
  const bits = Math.min(20, Math.max(8, Math.ceil(Math.log2(count * 2))));
  const table: Table = {
    step,
    heads: new Int32Array(1 << bits).fill(-1),
    shift: 32 - bits,
    next: new Int32Array(count),
    hash: new Int32Array(count),
    needle: new Int32Array(count),
    offset: new Int32Array(count),
  };
  let e = 0;
  for (let i = 0; i < needles.length; i++) {
    for (let offset = 0; offset < step; offset++, e++) {
      const h = windowHash(needles[i]!, offset);
      const slot = h >>> table.shift;
      table.next[e] = table.heads[slot]!;
      table.heads[slot] = e;
      table.hash[e] = h;
      table.needle[e] = i;
      table.offset[e] = offset;
    }
  }
  return table;
}

/** A set of needles, indexed once, searched many times. */
export interface NeedleIndex {
  /**
   * Every occurrence of every needle in `text`, ASCII case ignored, overlapping ones included, as a flat list of
   * `[start, end)` pairs (UTF-16 offsets) in no particular order; needles equal but for ASCII case count once. Cost:
   * `text.length / step` window hashes (step = the shortest needle's length - WINDOW + 1, at most 64), plus one
   * comparison per sampled window that hashes like a needle's.
   */
  find(text: string): number[];
}

/**
 * Indexes `needles` (distinct or not; each at least {@link WINDOW} characters long), to be found whatever the case of
 * their ASCII letters.
 * @throws RangeError when a needle is shorter than {@link WINDOW}
 */
export function createNeedleIndex(needles: readonly string[]): NeedleIndex {
  if (needles.some((n) => n.length < WINDOW)) throw new RangeError(`Needles must be at least ${WINDOW} characters long.`);
  if (needles.length === 0) return { find: () => [] };
  const folded = [...new Set(needles.map(foldText))];
  const table = buildTable(folded);
  return {
    find(text: string): number[] {
      const spans: number[] = [];
      const last = text.length - WINDOW;
      for (let at = 0; at <= last; at += table.step) {
        const h = windowHash(text, at);
        for (let e = table.heads[h >>> table.shift]!; e !== -1; e = table.next[e]!) {
          if (table.hash[e] !== h) continue;
          const start = at - table.offset[e]!;
          const needle = folded[table.needle[e]!]!;
          if (matchesAt(text, start, needle)) spans.push(start, start + needle.length);
        }
      }
      return spans;
    },
  };
}
