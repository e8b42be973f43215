/**
 * A spool that spills to a temporary file past its budget reads back exactly what the in-memory spool
 * gives: the same entries (strings with any characters, nulls, nested arrays), sorted by the spool's
 * order with ties in the order they were added — whatever the budget, and as often as it is read.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memorySpool } from '../../src/core/spool.js';
import { fileSpool } from '../../src/io/spool.js';

interface Entry {
  key: string;
  n: number;
  seq: number;
  note: { en: string; zh: string } | null;
  rows: number[];
}

// Coarse keys so that many entries tie and the tie order (the order added) is tested too.
const byKey = (a: Entry, b: Entry) => a.key.localeCompare(b.key) || a.n - b.n;

const entries = fc
  .array(
    fc.record({
      key: fc.constantFrom('Ann', 'Bob', '张伟', 'émile', ''),
      n: fc.integer({ min: -2, max: 2 }),
      note: fc.option(fc.record({ en: fc.string({ unit: 'grapheme' }), zh: fc.string({ unit: 'binary' }) })),
      rows: fc.array(fc.integer({ min: 2, max: 1_000_000 }), { maxLength: 4 }),
    }),
    { maxLength: 300 },
  )
  .map((xs) => xs.map((x, seq): Entry => ({ ...x, seq })));

describe('file spool', () => {
  it('reads back what the in-memory spool gives, in the same order, for any budget', () => {
    fc.assert(
      fc.property(entries, fc.integer({ min: 1, max: 40 }), (xs, budget) => {
        const mem = memorySpool(byKey);
        const file = fileSpool(budget)(byKey);
        for (const x of xs) {
          mem.push({ ...x });
          file.push({ ...x });
        }
        const expected = [...mem];
        expect(file.length).toBe(xs.length);
        expect([...file]).toEqual(expected);
        // read twice: the outputs (report, workbook, JSON) each read the entries once
        expect([...file]).toEqual(expected);
        // ties keep the order they were added in
        for (let i = 1; i < expected.length; i++) if (byKey(expected[i - 1], expected[i]) === 0) expect(expected[i - 1].seq).toBeLessThan(expected[i].seq);
      }),
      { numRuns: 150 },
    );
  });

  it('reads back the same after a reading stopped half-way and entries added after a reading', () => {
    fc.assert(
      fc.property(entries, entries, fc.integer({ min: 1, max: 40 }), fc.nat(), (first, later, budget, stop) => {
        const mem = memorySpool(byKey);
        const file = fileSpool(budget)(byKey);
        const add = (x: Entry) => {
          mem.push({ ...x });
          file.push({ ...x });
        };
        first.forEach(add);
        let n = 0;
        for (const _ of file) if (n++ >= stop % (first.length + 1)) break;
        expect([...file]).toEqual([...mem]);
        later.forEach((x, i) => add({ ...x, seq: first.length + i }));
        expect([...file]).toEqual([...mem]);
        expect(file.length).toBe(first.length + later.length);
      }),
      { numRuns: 150 },
    );
  });

  it('reads back entries longer than its read and merge buffers, with characters of every width across the cuts', () => {
    const file = fileSpool(2)(byKey);
    const long = (i: number) => ({ key: 'k', n: i, seq: i, note: { en: 'é张😀a'.repeat(5000 + i * 3001), zh: '' }, rows: [i] });
    const xs = Array.from({ length: 7 }, (_, i) => long(i));
    xs.forEach((x) => file.push(x));
    expect([...file]).toEqual(xs);
  });
});
