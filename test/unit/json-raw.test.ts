import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memberReader } from '../../shared/json-layout';
import { rawString, scanMembers } from '../../shared/json-raw';

/** Objects with hostile keys and values: quotes, backslashes, brackets in strings, controls, astral characters. */
const text = fc.string({ unit: fc.constantFrom(...'ab"\\[]{},:\n\u0000é'.split(''), '😀', '\ud800'), maxLength: 12 });
const value = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof({ depthSize: 'small', maxDepth: 4 }, text, fc.double(), fc.boolean(), fc.constant(null), fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(text, tie('v'), { maxKeys: 3 })),
})).v;
const objectArb = fc.dictionary(text, value, { maxKeys: 6 });

describe('raw JSON members', () => {
  it('gives each member of a JSON.stringify-written or indented object as its own JSON text (property)', () => {
    fc.assert(
      fc.property(objectArb, (obj) => {
        for (const json of [JSON.stringify(obj), JSON.stringify(obj, null, 2)]) {
          const { rawKeys, members } = scanMembers(json);
          expect(rawKeys.map((k) => rawString(k))).toEqual(Object.keys(obj));
          expect(Object.fromEntries([...members].map(([k, raw]) => [k, JSON.parse(raw) as unknown]))).toEqual(JSON.parse(json));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the last of a repeated key, as JSON.parse does, and rejects what is not one object', () => {
    expect(scanMembers('{"a":1,"a":[2]}').members.get('a')).toBe('[2]');
    for (const bad of ['[1]', '{"a":"x}', '{"a":[1,2}', '{"a":1} x', '{"a" 1}', '{a:1}', '']) expect(() => scanMembers(bad)).toThrow(SyntaxError);
  });
});

describe('member reader (learnt layouts)', () => {
  it('reads what the scanner reads, for objects of one layout, of several, and too deep for a layout (property)', () => {
    fc.assert(
      fc.property(fc.array(objectArb, { minLength: 1, maxLength: 6 }), fc.nat(20), (shapes, repeats) => {
        // Objects of the same few layouts, repeated: the first of each teaches a layout, the others are matched by it.
        const keys = [...new Set(shapes.flatMap((o) => Object.keys(o))), 'absent'];
        const read = memberReader(keys, null);
        for (let i = 0; i < shapes.length + repeats; i++) {
          const json = JSON.stringify(shapes[i % shapes.length]);
          const { members } = scanMembers(json);
          expect(read(json)).toEqual(keys.map((k) => members.get(k) ?? null));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('falls back to the scanner for a value nested deeper than a layout matches', () => {
    const read = memberReader(['a', 'b'], undefined);
    expect(read('{"a":1,"b":[[2]]}')).toEqual(['1', '[[2]]']);
    expect(read('{"a":"[[[","b":[[[3]]]}')).toEqual(['"[[["', '[[[3]]]']);
    expect(read('{"b":2,"a":1}')).toEqual(['1', '2']);
  });
});
