/**
 * Value parsers: what they accept, they accept again in its canonical spelling, with the same value
 * (test/core/values has the "never throws" properties and the spellings; these close the loop).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoDateTime } from '../../src/core/calendar.js';
import { parseBoolean } from '../../src/core/values/boolean.js';
import { parseDate, type DateOrder } from '../../src/core/values/date.js';
import { parseMoney } from '../../src/core/values/money.js';
import { parseNumber } from '../../src/core/values/number.js';
import type { Cell } from '../../src/core/values/types.js';

/** Cells as readers deliver them, text shaped like the values in exports often enough to be accepted. */
const moneyText = fc.stringMatching(/^[-−(]?[¥￥$]?(RMB |USD )?[0-9０-９]{1,9}([,，][0-9]{3})*([.．][0-9]{1,3})?[万亿]?(元| CNY)?[)]?$/);
const numberText = fc.stringMatching(/^[-+−]?[0-9]{1,12}(,[0-9]{3})*(\.[0-9]{1,6})?(e[+-]?[0-9]{1,2})?$/);
const dateText = fc.stringMatching(/^(19|20|21)[0-9]{2}[-/.年]([0-9]|0[1-9]|1[0-2])[-/.月]([0-9]|[012][0-9]|3[01])日?( ([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?)?(Z|[+-]0[0-9]:?[03]0)?$/);
const anyCell: fc.Arbitrary<Cell> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.date({ noInvalidDate: false }),
  fc.constantFrom('-0', '0e0', '1e309', '−０', '(0)', '¥', '万', '1'.repeat(5000), ' '.repeat(3)),
);

const ZONES = ['Asia/Shanghai', 'UTC', 'America/Los_Angeles', 'Asia/Kolkata'];

describe('value parsers round-trip what they accept', () => {
  it('money: finite, whole cents, and the plain number re-reads as the same amount', () => {
    fc.assert(
      fc.property(fc.oneof(moneyText, anyCell), (raw) => {
        const r = parseMoney(raw);
        if (!r.ok) return;
        expect(Number.isFinite(r.value)).toBe(true);
        expect(Object.is(r.value, -0)).toBe(false);
        expect(parseMoney(r.value)).toEqual({ ok: true, value: r.value });
        // Beyond 2^53 cents (≈ 9×10^13) a double cannot hold the cents: such amounts are not round-tripped.
        if (Math.abs(r.value) >= Number.MAX_SAFE_INTEGER / 100) return;
        // Whole cents, judged on the double's exact value (r.value * 100 is itself rounded).
        expect(Number(r.value.toFixed(2))).toBe(r.value);
        expect(parseMoney(String(r.value))).toEqual({ ok: true, value: r.value });
      }),
      { numRuns: 2000 },
    );
    // Found by the property above (one run in a few hundred): rounding n * 100 moved the cents of an amount read back.
    expect(parseMoney(40_000_000_000_000.2)).toEqual({ ok: true, value: 40_000_000_000_000.2 });
  });

  it('numbers: finite, and String(value) re-reads as the same number', () => {
    fc.assert(
      fc.property(fc.oneof(numberText, anyCell), (raw) => {
        const r = parseNumber(raw);
        if (!r.ok) return;
        expect(Number.isFinite(r.value)).toBe(true);
        expect(parseNumber(String(r.value))).toEqual({ ok: true, value: r.value });
      }),
      { numRuns: 2000 },
    );
  });

  it('booleans: String(value) re-reads as the same answer, and so does the boolean itself', () => {
    fc.assert(
      fc.property(anyCell, (raw) => {
        const r = parseBoolean(raw);
        if (!r.ok) return;
        expect(parseBoolean(String(r.value))).toEqual(r);
        expect(parseBoolean(r.value)).toEqual(r);
      }),
      { numRuns: 2000 },
    );
  });

  it('dates: a LocalTime in range, and its ISO spelling re-reads as the same time, in any zone and order', () => {
    fc.assert(
      fc.property(fc.oneof(dateText, anyCell), fc.constantFrom<DateOrder>('YMD', 'DMY', 'MDY'), fc.constantFrom(...ZONES), fc.boolean(), (raw, order, timeZone, date1904) => {
        const r = parseDate(raw, { order, timeZone, date1904 });
        if (!r.ok) return;
        expect(Number.isInteger(r.value)).toBe(true);
        const year = new Date(r.value).getUTCFullYear();
        expect(year).toBeGreaterThanOrEqual(1990);
        expect(year).toBeLessThanOrEqual(2100);
        // The ISO spelling (to the second) carries no zone: it is already wall-clock time, in every zone and order.
        const seconds = Math.floor(r.value / 1000) * 1000;
        for (const o of ['YMD', 'DMY', 'MDY'] as const) expect(parseDate(isoDateTime(r.value), { order: o, timeZone: 'UTC' })).toEqual({ ok: true, value: seconds });
      }),
      { numRuns: 2000 },
    );
  });

  it('dates: an instant with Z lands on the wall clock of the configured zone, whatever the machine zone', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1991, 0, 1), max: Date.UTC(2099, 0, 1) }), fc.constantFrom(...ZONES), (epoch, timeZone) => {
        const text = new Date(Math.floor(epoch / 1000) * 1000).toISOString().replace('.000Z', 'Z');
        const r = parseDate(text, { order: 'YMD', timeZone });
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const parts = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(text));
        const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
        expect(r.value).toBe(Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')));
      }),
      { numRuns: 500 },
    );
  });
});
