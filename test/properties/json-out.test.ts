/**
 * A document written piece by piece, with some of its arrays read from one-shot iterables, is exactly
 * JSON.stringify(document, null, 2): same key order, indentation, numbers, escapes, and the same
 * treatment of what JSON has no text for (undefined, functions, NaN, toJSON).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonList, jsonChunks } from '../../src/io/json-out.js';

const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('array'), tie('object'), tie('special')),
  leaf: fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.constant(-0),
  ),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('0', '10', '1', '__proto__x', 'a b')), tie('value'), { maxKeys: 5 }),
  // Values JSON.stringify transforms: dates (valid or not), toJSON (given the key), functions, boxed primitives.
  special: fc.oneof(
    fc.date({ noInvalidDate: false }),
    tie('value').map((v) => ({ toJSON: (key: string) => (key === '1' ? undefined : { key, v }) })),
    fc.constant(() => 1),
    fc.constant(Object.assign(() => 1, { toJSON: () => 'called' })),
    fc.string().map((s) => new String(s)),
    fc.double().map((d) => new Number(d)),
  ),
}));

/** The same document with some arrays (never inside a list's item) handed over as one-shot iterables. */
function streamed(v: unknown, pick: () => boolean): unknown {
  if (Array.isArray(v)) {
    if (pick())
      return new JsonList(
        (function* () {
          yield* v;
        })(),
      );
    return v.map((x) => streamed(x, pick));
  }
  if (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, streamed(x, pick)]));
  return v;
}

const text = (v: unknown, size?: number) => [...jsonChunks(v, size)].join('');

describe('jsonChunks', () => {
  it('writes what JSON.stringify(value, null, 2) writes, with lists read as they are written', () => {
    fc.assert(
      fc.property(value, fc.array(fc.boolean(), { minLength: 1 }), fc.integer({ min: 1, max: 64 }), (doc, picks, size) => {
        let i = 0;
        const lazy = streamed(doc, () => picks[i++ % picks.length]);
        expect(text(lazy, size)).toBe(JSON.stringify(doc, null, 2) ?? '');
      }),
      { numRuns: 2000 },
    );
  });

  it('writes a document with long lists, such as a score, the same way', () => {
    const misses = Array.from({ length: 50 }, (_, i) => ({ rep: `R${i % 7}`, due: '2026-11-02 00:00', rows: [i, i + 1], note: { en: 'a "quoted"\nline', zh: '说明' } }));
    const doc = { checks: [], period: { from: '2026-11-01' }, misses, audit: [], problems: [{ row: 2 }], problemCount: 1 };
    expect(text({ ...doc, misses: new JsonList(misses), audit: new JsonList([]) })).toBe(JSON.stringify(doc, null, 2));
  });

  it('hands the text over in pieces of at least the size asked, but the last', () => {
    const pieces = [...jsonChunks({ xs: new JsonList(Array.from({ length: 1000 }, (_, i) => ({ i }))) }, 100)];
    expect(pieces.length).toBeGreaterThan(10);
    expect(pieces.slice(0, -1).every((p) => p.length >= 100)).toBe(true);
  });

  it('refuses a list inside a list item rather than write it as an object', () => {
    expect(() => text(new JsonList([{ inner: new JsonList([1]) }]))).toThrow(/not supported/);
  });
});
