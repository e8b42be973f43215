/**
 * Reading deals "as of" a date cannot see past it: on random exports, a deal created after --as-of, or
 * the outcome and close date of a deal closed after it, changes nothing the plan (targets, pipeline,
 * counts, active reps), the backtest or accuracy's actuals show. The only trace of later rows is the
 * number left out (`deals.afterAsOf` and the after_as_of problem that says it).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localTime } from '../../src/core/calendar.js';
import { actualsOf } from '../../src/core/accuracy/index.js';
import { planBacktest, planForecast, type ForecastPlan } from '../../src/core/plan/index.js';
import type { Deal } from '../../src/schema/rows.js';

const DAY = 86_400_000;
const REPS = ['Ann', 'Bob', 'Cy', 'Di'];
const TEAM: Record<string, string> = { Ann: 'East', Bob: 'East', Cy: 'West', Di: 'West' };
const START = localTime(2024, 1, 1);

/** A deal created `created` days after 2024-01-01, closed (or expected to close) `delay` days later. */
const deal = fc.record({
  rep: fc.constantFrom(...REPS, 'Newcomer'),
  created: fc.integer({ min: 0, max: 1000 }),
  delay: fc.integer({ min: 0, max: 120 }),
  stage: fc.constantFrom<'won' | 'lost' | 'open'>('won', 'won', 'lost', 'open'),
  amount: fc.integer({ min: 1, max: 90_000 }),
  customer: fc.constantFrom('A', 'B', 'C', 'D', 'E'),
});
type Raw = typeof deal extends fc.Arbitrary<infer T> ? T : never;

const toDeal = (r: Raw, i: number): Deal => {
  const created = START + r.created * DAY;
  const at = created + r.delay * DAY;
  return {
    row: i + 2,
    id: `D${i}`,
    rep: r.rep,
    team: TEAM[r.rep] ?? 'West',
    customer: r.customer,
    stage: r.stage,
    stage_label: r.stage === 'open' ? 'Proposal' : r.stage === 'won' ? 'Closed Won' : 'Closed Lost',
    amount: r.amount,
    created_at: created,
    ...(r.stage === 'open' ? { expected_close_at: at } : { closed_at: at }),
  };
};

/** The plan without the count of rows the export had after the as-of date. */
const asSeen = (plan: ForecastPlan) => ({ ...plan, deals: { ...plan.deals, afterAsOf: 0 }, problems: plan.problems.filter((p) => p.code !== 'after_as_of') });

const options = (asOf: number) => ({ asOf, method: 'naive' as const, file: 'deals.csv', baselineMonths: 12 });

const scenario = fc.record({
  base: fc.array(deal, { minLength: 20, maxLength: 120 }),
  later: fc.array(deal, { minLength: 1, maxLength: 30 }),
  // The as-of: a day between 2024-10 and 2026-08, so there is history before it and deals after it.
  asOfDay: fc.integer({ min: 280, max: 970 }),
});

describe('deals read as of --as-of (src/core/deals.ts dealsAsOf)', () => {
  it('deals created after the as-of date change nothing but the count left out', () => {
    fc.assert(
      fc.property(scenario, ({ base, later, asOfDay }) => {
        const asOf = START + asOfDay * DAY;
        const before = base.map(toDeal);
        // Created from the day after the as-of date on: any stage, any rep (new ones too), any close.
        const added = later.map((r, i) => toDeal({ ...r, created: asOfDay + 1 + (r.created % 200) }, before.length + i));
        const after = [...before, ...added];
        const a = planForecast(before, options(asOf));
        const b = planForecast(after, options(asOf));
        expect(asSeen(b)).toEqual(asSeen(a));
        expect(b.deals.afterAsOf - a.deals.afterAsOf).toBe(added.length);
        const bt = { asOf, measure: 'amount' as const, methods: ['naive' as const], origins: 2, h: 2, staticGrowth: null };
        expect(planBacktest(after, bt)).toEqual(planBacktest(before, bt));
        // Later rows tell only that the export was taken after the as-of, so it covers every month before it.
        const actuals = actualsOf(after, { asOf, file: 'deals.csv' });
        expect(actuals.coveredTo).toBe(asOf);
        expect({ ...actuals, coveredTo: null }).toEqual({ ...actualsOf(before, { asOf, file: 'deals.csv' }), coveredTo: null });
      }),
      { numRuns: 25 },
    );
  });

  it("a deal closed after the as-of date shows neither its outcome nor its close date: won or lost, any later day, the same plan", () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 300 }), ({ base, asOfDay }, shift) => {
        const asOf = START + asOfDay * DAY;
        const deals = base.map(toDeal);
        const by = asOf + DAY;
        // Every deal open on the as-of date and closed later: the other outcome, closed `shift` days later still.
        const flipped = deals.map((d): Deal =>
          d.closed_at !== undefined && d.closed_at >= by && d.created_at! < by
            ? { ...d, stage: d.stage === 'won' ? 'lost' : 'won', stage_label: d.stage === 'won' ? 'Closed Lost' : 'Closed Won', closed_at: d.closed_at + shift * DAY }
            : d,
        );
        expect(planForecast(flipped, options(asOf))).toEqual(planForecast(deals, options(asOf)));
      }),
      { numRuns: 25 },
    );
  });
});
