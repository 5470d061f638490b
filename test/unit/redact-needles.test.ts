import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createNeedleIndex, WINDOW } from '../../shared/redact-needles';
import { maskSpans } from '../../shared/redact-spans';

/** `s` with ASCII letters lower-cased, and nothing else (not é/É). */
const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** Every occurrence of every needle, ASCII case ignored, overlapping ones included: the naive answer the index must give. */
function naive(text: string, needles: readonly string[]): string[] {
  const found = new Set<string>();
  const folded = asciiLower(text);
  for (const needle of needles.map(asciiLower)) {
    for (let at = folded.indexOf(needle); at >= 0; at = folded.indexOf(needle, at + 1)) found.add(`${at}-${at + needle.length}`);
  }
  return [...found].sort();
}

function spansOf(flat: readonly number[]): string[] {
  const out = new Set<string>();
  for (let i = 0; i < flat.length; i += 2) out.add(`${flat[i]}-${flat[i + 1]}`);
  return [...out].sort();
}

// A small alphabet makes overlaps, repeats and hash-window collisions common; upper-case letters check that ASCII
// case is ignored (and é/É that no other case is); the astral and lone surrogate characters check that the index
// works on UTF-16 code units.
const unit = fc.constantFrom(...'aAb%bB+=/"\\éÉ@['.split(''), '😀', '\ud800', '\udc00');
// Short needles set a small step; long ones alone make the step reach its cap.
const needleArb = fc.oneof(
  fc.string({ unit, minLength: WINDOW, maxLength: 40 }).filter((s) => s.length >= WINDOW),
  fc.string({ unit, minLength: 70, maxLength: 160 }),
);
const fillerArb = fc.string({ unit, maxLength: 60 });

describe('needle index (sampled windows)', () => {
  it('finds every occurrence of every needle, at every offset, whatever the lengths (property)', () => {
    fc.assert(
      fc.property(fc.array(needleArb, { minLength: 1, maxLength: 6 }), fc.array(fc.tuple(fillerArb, fc.nat()), { maxLength: 8 }), fillerArb, (needles, parts, tail) => {
        const text = parts.map(([filler, pick]) => filler + needles[pick % needles.length]).join('') + tail;
        expect(spansOf(createNeedleIndex(needles).find(text))).toEqual(naive(text, needles));
      }),
      { numRuns: 500 },
    );
  });

  it('finds a needle that starts at each of the first positions and ends at the last', () => {
    const needles = ['0123456789abcdefghij', 'wxyz'];
    const index = createNeedleIndex(needles);
    for (let pad = 0; pad < 40; pad++) {
      const text = `${'-'.repeat(pad)}${needles[0]}${'-'.repeat(pad % 7)}wxyz`;
      expect(spansOf(index.find(text))).toEqual(naive(text, needles));
    }
  });

  it('ignores the case of ASCII letters only, and finds needles equal but for case once', () => {
    const index = createNeedleIndex(['Key-Ab12', 'KEY-AB12', 'Schlüssel']);
    expect(spansOf(index.find('key-ab12 KEY-aB12 SCHLüSSEL SCHLÜSSEL'))).toEqual(['0-8', '18-27', '9-17'].sort());
    expect(index.find('key-ab12')).toEqual([0, 8]);
    // @ and [ sit next to A and Z: not folded
    expect(createNeedleIndex(['a@z[']).find('A@Z[ a`z{ A`Z{')).toEqual([0, 4]);
  });

  it('finds nothing without needles, and refuses needles shorter than a window', () => {
    expect(createNeedleIndex([]).find('anything at all')).toEqual([]);
    expect(() => createNeedleIndex(['abc'])).toThrow(RangeError);
  });
});

describe('maskSpans', () => {
  it('masks every span, merging overlaps and keeping touching spans apart, in any order', () => {
    expect(maskSpans('0123456789', [6, 8, 1, 3, 2, 5], '#')).toBe('0#5#89');
    expect(maskSpans('0123456789', [3, 5, 0, 3], '#')).toBe('##56789');
    expect(maskSpans('abc=', [4, 4], '#')).toBe('abc=#');
    expect(maskSpans('same', [], '#')).toBe('same');
  });

  it('leaves no character of any span visible (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('x', 'y'), minLength: 1, maxLength: 30 }), fc.array(fc.tuple(fc.nat(), fc.nat())), (text, picks) => {
        // Spans over a text of x/y only; the marker has neither, so what survives is exactly what no span covered.
        const spans = picks.flatMap(([a, b]) => {
          const start = a % (text.length + 1);
          return [start, Math.min(text.length, start + (b % 6))];
        });
        const covered = new Set<number>();
        for (let i = 0; i < spans.length; i += 2) for (let c = spans[i]!; c < spans[i + 1]!; c++) covered.add(c);
        const visible = [...text].filter((_, i) => !covered.has(i)).join('');
        expect(maskSpans(text, spans, '#').replace(/#/g, '')).toBe(visible);
      }),
    );
  });
});
