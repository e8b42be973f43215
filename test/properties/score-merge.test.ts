/**
 * The score accumulator is mergeable: the rows cut anywhere into pieces, each piece read by its own
 * accumulator (all but the first made with `continuation`) and the states merged in file order, give the
 * ScoreResult of one pass over all the rows, exactly (misses and audit in their order, every row number).
 * Rows in time order within slackDays always merge; rows in any order either merge to the same result or
 * are refused (the caller then reads them in one pass).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localTime } from '../../src/core/calendar.js';
import { ScoreAccumulator, scoreBehaviour, type ScoreOptions, type ScoreResult } from '../../src/core/score/index.js';
import { defaultConfig } from '../../src/schema/config/index.js';
import type { Activity, Deal, Lead } from '../../src/schema/rows.js';

const HOUR = 3_600_000;
const START = localTime(2026, 10, 1);
// Few reps and customers, rows hours apart: objection windows, follow-ups and weeks often straddle a cut.
const REPS = ['Ann', 'Bob'];
const CUSTOMERS = ['A', 'B', 'C'];
const TYPES = ['call', 'visit', 'objection_log', 'objection_log', 'lead_assigned', 'email', 'demo', 'needs_analysis', 'revisit', 'other'] as const;
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });

const row = fc.record({
  rep: fc.constantFrom(...REPS),
  team: maybe(fc.constantFrom('North', 'South')),
  type: fc.constantFrom(...TYPES),
  customer: fc.option(fc.constantFrom(...CUSTOMERS), { nil: undefined, freq: 5 }),
  deal_id: maybe(fc.constantFrom('D0', 'D1', 'D2')),
  lead_id: maybe(fc.constantFrom('L0', 'L1', 'L2')),
  duration_min: maybe(fc.integer({ min: 0, max: 90 })),
  effective: maybe(fc.boolean()),
  outcome: maybe(fc.constantFrom('interested', 'no answer')),
  /** hours since the previous row (in order), or since START (any order) */
  step: fc.integer({ min: 0, max: 12 }),
  /** hours earlier than that, up to 6 days: within the default slackDays (7) */
  back: fc.integer({ min: 0, max: 144 }),
});

const deals: fc.Arbitrary<Deal[]> = fc.array(
  fc.record({ id: fc.constantFrom('D0', 'D1', 'D2', 'D3'), rep: fc.constantFrom(...REPS), customer: fc.constantFrom(...CUSTOMERS), h: fc.integer({ min: -900, max: 700 }), cancel: fc.boolean() }),
  { maxLength: 5 },
).map((ds) => ds.map((d, i): Deal => ({ row: i + 2, id: d.id, rep: d.rep, customer: d.customer, stage: 'won', stage_label: 'won', closed_at: START + d.h * HOUR, cancelled_at: d.cancel ? START + (d.h + 800) * HOUR : undefined })));

const leads: fc.Arbitrary<Lead[]> = fc.array(
  fc.record({ id: fc.constantFrom('L0', 'L1', 'L5'), rep: fc.constantFrom(...REPS), customer: maybe(fc.constantFrom(...CUSTOMERS)), h: fc.integer({ min: -200, max: 700 }), first: maybe(fc.integer({ min: 0, max: 100 })) }),
  { maxLength: 4 },
).map((ls) => ls.map((l, i): Lead => ({ row: i + 2, id: l.id, rep: l.rep, customer: l.customer, assigned_at: START + l.h * HOUR, first_contact_at: l.first === undefined ? undefined : START + (l.h + l.first) * HOUR })));

type Of<A> = A extends fc.Arbitrary<infer T> ? T : never;
type Raw = Of<typeof row>;

/** Rows in file order; `inOrder`: each at most `back` hours behind the latest so far (within slackDays). */
function activities(raws: Raw[], inOrder: boolean): Activity[] {
  let t = START;
  return raws.map(({ step, back, ...r }, i) => {
    t = inOrder ? t + step * HOUR : START + step * 60 * HOUR;
    return { ...r, row: i + 2, type_label: r.type, at: inOrder ? t - back * HOUR : t };
  });
}

const input = (inOrder: boolean) =>
  fc.record({
    rows: fc.array(row, { minLength: 40, maxLength: 150 }).map((rs) => activities(rs, inOrder)),
    deals,
    leads,
    /** cut points, in thousandths of the rows */
    cuts: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 4 }),
    period: fc.constantFrom<[number, number]>([2026, 10], [2026, 11]),
    whole: fc.boolean(),
  });

type Input = Of<ReturnType<typeof input>>;

function options(x: Input): ScoreOptions {
  const [y, m] = x.period;
  return {
    config: defaultConfig().score,
    // one month, or from the first month on (several months and weeks, as the whole log)
    period: { from: x.whole ? localTime(2026, 9, 1) : localTime(y, m, 1), to: localTime(y, m + 1, 1) - 86_400_000 },
    asOf: localTime(2026, 11, 20),
    file: 'activity.csv',
    deals: x.deals,
    dealsFile: 'deals.csv',
    leads: x.leads,
    leadsFile: 'leads.csv',
  };
}

const plain = (r: ScoreResult) => ({ ...r, misses: [...r.misses], missesByKbi: r.misses.byKbi, audit: [...r.audit] });

/** The pieces merged in file order; null when a merge was refused. */
function merged(x: Input): ScoreResult | null {
  const o = options(x);
  const at = [...new Set(x.cuts.map((c) => Math.floor((c * x.rows.length) / 1000)))].sort((a, b) => a - b);
  const bounds = [0, ...at.filter((c) => c > 0 && c < x.rows.length), x.rows.length];
  const accs = bounds.slice(1).map((end, i) => {
    const acc = new ScoreAccumulator({ ...o, continuation: i > 0 });
    for (const a of x.rows.slice(bounds[i], end)) acc.add(a);
    return acc;
  });
  for (const next of accs.slice(1)) if (!accs[0].merge(next)) return null;
  return accs[0].finish();
}

describe('score accumulators merge', () => {
  it('gives the one-pass result for rows in time order within slackDays, cut anywhere', () => {
    let refused = 0;
    fc.assert(
      fc.property(input(true), (x) => {
        const serial = plain(scoreBehaviour(x.rows, options(x)));
        const m = merged(x);
        // A lead's assignment moved earlier across a cut is the one refusal rows in order can meet.
        if (m === null) refused++;
        else expect(plain(m)).toEqual(serial);
      }),
      { numRuns: 300 },
    );
    expect(refused).toBeLessThan(100);
  });

  it('gives the one-pass result, or refuses, for rows in any order', () => {
    fc.assert(
      fc.property(input(false), (x) => {
        const m = merged(x);
        if (m !== null) expect(plain(m)).toEqual(plain(scoreBehaviour(x.rows, options(x))));
      }),
      { numRuns: 200 },
    );
  });
});
