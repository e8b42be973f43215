import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../src/core/calendar.js';
import { PerfError } from '../../src/core/errors.js';
import { buildHierarchy } from '../../src/core/plan/series.js';
import { addMoney, MAX_MONEY_TOTAL, MoneyTotal, sumMoney } from '../../src/core/values/money-sum.js';
import type { Deal } from '../../src/schema/rows.js';

const AS_OF = parseIsoDate('2026-11-27')!;
const cents = (x: number) => Math.round(x * 100);
const REPS = ['Ann', 'Bob', 'Cui', 'Dai'];

/** Won deals of up to four reps in two teams, amounts in whole cents up to `max` each. */
const deals = (max: number, maxLength = 60) =>
  fc.array(
    fc.record({ rep: fc.constantFrom(...REPS), cents: fc.integer({ min: -Math.floor(max * 100), max: Math.floor(max * 100) }), month: fc.integer({ min: 0, max: 10 }), day: fc.integer({ min: 1, max: 28 }) }),
    { minLength: 1, maxLength },
  ).map((rows) =>
    rows.map(
      (r, i): Deal => ({ row: i + 2, id: `D${i}`, rep: r.rep, team: r.rep < 'C' ? 'East' : 'West', stage: 'won', stage_label: 'Won', amount: r.cents / 100, closed_at: Date.UTC(2026, r.month, r.day) }),
    ),
  );

describe('money sums are exact to the cent', () => {
  it('0.1 + 0.2 is 0.3, and a sum does not depend on the order', () => {
    expect(addMoney(0.1, 0.2)).toBe(0.3);
    expect(sumMoney([0.1, 0.2, 0.3])).toBe(0.6);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e12, max: 1e12 }), { maxLength: 50 }), (cs) => {
        const amounts = cs.map((c) => c / 100);
        const exact = cs.reduce((s, c) => s + c, 0);
        expect(cents(sumMoney(amounts))).toBe(exact);
        expect(cents(sumMoney([...amounts].reverse()))).toBe(exact);
      }),
    );
  });

  it("reps' monthly histories add up to their team's and the teams' to the company's, cent for cent, up to 10 trillion in all", () => {
    fc.assert(
      fc.property(deals(MAX_MONEY_TOTAL / 12, 12), (ds) => {
        const h = buildHierarchy(ds, { asOf: AS_OF, file: 'deals.csv', baselineMonths: 12 });
        const months = h.company.monthly.amount.length;
        const month = (d: Deal) => new Date(d.closed_at!).getUTCMonth() - new Date(ds.reduce((a, b) => (a.closed_at! < b.closed_at! ? a : b)).closed_at!).getUTCMonth();
        for (let i = 0; i < months; i++) {
          for (const rep of h.reps) {
            const exact = ds.filter((d) => d.rep === rep.name && month(d) === i).reduce((s, d) => s + cents(d.amount!), 0);
            expect(cents(rep.monthly.amount[i])).toBe(exact);
          }
          for (const team of h.teams) {
            const reps = h.reps.filter((r) => r.team === team.name);
            expect(cents(team.monthly.amount[i])).toBe(reps.reduce((s, r) => s + cents(r.monthly.amount[i]), 0));
          }
          expect(cents(h.company.monthly.amount[i])).toBe(h.teams.reduce((s, t) => s + cents(t.monthly.amount[i]), 0));
        }
        const all = ds.filter((d) => d.closed_at! < Date.UTC(2026, 10, 1)).reduce((s, d) => s + cents(d.amount!), 0);
        expect(h.company.monthly.amount.reduce((s, a) => s + cents(a), 0)).toBe(all);
      }),
      { numRuns: 200 },
    );
  });

  it('500 deals in one month, 9.8 trillion in all: the month is the exact sum (floating-point addition loses a cent here)', () => {
    let seed = 1;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    // Two rounds of the generator: the second is the one whose float sum is a cent off.
    const rounds = [0, 1].map(() => Array.from({ length: 500 }, () => Math.floor(next() * 4e12)));
    const cs = rounds[1];
    const ds: Deal[] = cs.map((c, i) => ({ row: i + 2, id: `D${i}`, rep: REPS[i % 4], team: 'East', stage: 'won', stage_label: 'Won', amount: c / 100, closed_at: Date.UTC(2026, 9, 1 + (i % 28)) }));
    const exact = cs.reduce((s, c) => s + c, 0);
    expect(Math.round(cs.reduce((s, c) => s + c / 100, 0) * 100)).not.toBe(exact);
    const h = buildHierarchy(ds, { asOf: AS_OF, file: 'deals.csv', baselineMonths: 12 });
    expect(cents(h.company.monthly.amount[0])).toBe(exact);
    expect(h.reps.reduce((s, r) => s + cents(r.monthly.amount[0]), 0)).toBe(exact);
  });

  it('a file whose amounts add up to more than 10 trillion is refused, naming the row and column', () => {
    const total = new MoneyTotal('deals.csv');
    total.add(MAX_MONEY_TOTAL / 2, 2, 'Amount');
    total.add(-MAX_MONEY_TOTAL / 2, 3, 'Amount');
    const e = (() => {
      try {
        total.add(0.01, 4, 'Amount');
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(PerfError);
    expect((e as PerfError).code).toBe(2);
    expect((e as PerfError).text.en).toMatch(/deals\.csv: the amounts add up to more than 10 trillion by row 4 \[Amount\]/);
  });
});
