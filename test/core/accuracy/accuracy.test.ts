import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accuracy, errorSum, verdictOf, type Actuals, type LedgerEntry, type Vintage } from '../../../src/core/accuracy/index.js';
import { monthIndexOf, parseIsoDate } from '../../../src/core/calendar.js';
import { PerfError } from '../../../src/core/errors.js';

const entry = (period: string, horizon: number, mean: number, kind: LedgerEntry['kind'] = 'month'): LedgerEntry => ({
  level: 'company',
  name: 'Company',
  team: null,
  period,
  kind,
  horizon,
  mean,
  lower80: null,
  upper80: null,
  target: null,
  floor: null,
  ceiling: null,
  bonus: null,
  method: 'naive',
});

const vintage = (id: number, asOf: string, entries: LedgerEntry[]): Vintage => ({
  id,
  asOf,
  seq: 1,
  inputsHash: `h${id}`,
  inputs: [],
  measure: 'amount',
  method: 'naive',
  band: 0.15,
  targetQuantile: null,
  recordedAt: '2026-01-01T00:00:00.000Z',
  entries,
});

/** Company actuals from 2026-01: 100, 200, 300 … per month; the export covers to 2026-07-05. */
const ACTUALS: Actuals = {
  measure: 'amount',
  first: monthIndexOf(2026, 1),
  last: monthIndexOf(2026, 6),
  coveredTo: parseIsoDate('2026-07-05'),
  series: new Map([['company', [100, 200, 300, 400, 500, 600]]]),
};
const at = (d: string) => parseIsoDate(d)!;

describe('accuracy core', () => {
  it('sums errors as forecast − actual: WAPE and bias over every scored forecast', () => {
    const s = errorSum([
      { actual: 100, error: 20 },
      { actual: 300, error: -60 },
    ]);
    expect(s).toEqual({ n: 2, actual: 400, absError: 80, error: -40, mae: 40, wape: 0.2, bias: -0.1 });
  });

  it('reads a bias beyond ±10 % as a forecast too high or too low, and a forecast of nothing that came as too high', () => {
    expect(verdictOf({ bias: 0.1, error: 10 })).toBe('balanced');
    expect(verdictOf({ bias: 0.1001, error: 10 })).toBe('over');
    expect(verdictOf({ bias: -0.1001, error: -10 })).toBe('under');
    expect(verdictOf({ bias: null, error: 50 })).toBe('over');
    expect(verdictOf({ bias: null, error: 0 })).toBeNull();
  });

  it('scores only months that ended before the as-of and lie inside the export', () => {
    // Recorded as of 2026-05-01 for 05, 06, 07; scored as of 2026-07-10: 05 and 06 (07 has not ended).
    const v = vintage(1, '2026-05-01', [entry('2026-05', 0, 450), entry('2026-06', 1, 450), entry('2026-07', 2, 450)]);
    const a = accuracy([v], ACTUALS, { asOf: at('2026-07-10'), levels: ['company'], state: 's.db' });
    expect(a.scoredMonths).toEqual(['2026-05', '2026-06']);
    expect(a.waitingMonths).toEqual(['2026-07']);
    expect(a.months.map((m) => m.error)).toEqual([450 - 500, 450 - 600]);
    // As of 2026-08-10 July has ended, but the export ends 2026-07-05: July is still not scored, and said.
    const later = accuracy([v], ACTUALS, { asOf: at('2026-08-10'), levels: ['company'], state: 's.db' });
    expect(later.scoredMonths).toEqual(['2026-05', '2026-06']);
    expect(later.checks.map((c) => c.code)).toContain('ledger_export_ends');
  });

  it('does not score a month the export ends in the middle of, says so as a caveat, and lists the waiting months in order', () => {
    // Recorded as of 2026-04-01 for 04 … 08; the export ends 2026-06-20; scored as of 2026-08-10: April and May only.
    // June holds 600 won by the 20th: scored as a whole month it would read a forecast of 450 as −150.
    const v = vintage(1, '2026-04-01', ['2026-04', '2026-05', '2026-06', '2026-07', '2026-08'].map((p, i) => entry(p, i, 450)));
    const a = accuracy([v], { ...ACTUALS, coveredTo: at('2026-06-20') }, { asOf: at('2026-08-10'), levels: ['company'], state: 's.db' });
    expect(a.scoredMonths).toEqual(['2026-04', '2026-05']);
    expect(a.months.map((m) => m.period)).toEqual(['2026-04', '2026-05']);
    // June and July ended before the as-of but past the export's end; August has not ended: in month order.
    expect(a.waitingMonths).toEqual(['2026-06', '2026-07', '2026-08']);
    expect(a.checks[0]).toMatchObject({ code: 'ledger_export_ends', status: 'caveat' });
    expect(a.checks[0].message.en).toBe('2026-06 … 2026-07 not scored: the export ends 2026-06-20, before those months ended: what was won in them is not all there; score them on a later export');
    expect(a.checks[0].message.zh).toBe('2026-06 … 2026-07 未评分：本次导出数据截至 2026-06-20，当时这些月份尚未结束，赢单并不完整；请用之后的导出再评分');
    // An export ending on a month's last day covers it.
    const toEnd = accuracy([v], { ...ACTUALS, coveredTo: at('2026-06-30') }, { asOf: at('2026-08-10'), levels: ['company'], state: 's.db' });
    expect(toEnd.scoredMonths).toEqual(['2026-04', '2026-05', '2026-06']);
    expect(toEnd.checks[0].message.en).toMatch(/^2026-07 not scored: the export ends 2026-06-30, before that month ended: what was won in it/);
  });

  it('scores a quarter recorded mid-quarter once all its months have ended, the months before the vintage included', () => {
    // As of 2026-05-01 the Q2 figure is April's 400 won plus 450 + 450 forecast; Q2 came to 400 + 500 + 600.
    const v = vintage(1, '2026-05-01', [entry('2026-05', 0, 450), entry('2026-06', 1, 450), entry('2026-Q2', 0, 1300, 'quarter')]);
    const a = accuracy([v], ACTUALS, { asOf: at('2026-07-10'), levels: ['company'], state: 's.db' });
    expect(a.quarters.map((q) => [q.quarter, q.actual])).toEqual([['2026-Q2', 1500]]);
    expect(a.quarters[0].vintages.map((f) => f.error)).toEqual([1300 - 1500]);
  });

  it('calls re-forecasts converged only when the latest is within ±10 % of the actual, not when the error merely shrank', () => {
    // Q2 came to 400 + 500 + 600 = 1500. As of 04-01: 1879 a month (5637, +275.8 %); as of 05-01: April's 400 won + 2269 twice (4938, +229.2 %).
    const first = vintage(1, '2026-04-01', [entry('2026-04', 0, 1879), entry('2026-05', 1, 1879), entry('2026-06', 2, 1879), entry('2026-Q2', 0, 5637, 'quarter')]);
    const shrank = vintage(2, '2026-05-01', [entry('2026-05', 0, 2269), entry('2026-06', 1, 2269), entry('2026-Q2', 0, 4938, 'quarter')]);
    const q = (second: Vintage) => accuracy([first, second], ACTUALS, { asOf: at('2026-07-10'), levels: ['company'], state: 's.db' }).quarters[0];
    expect(q(shrank).vintages.map((v) => v.error)).toEqual([5637 - 1500, 4938 - 1500]);
    expect(q(shrank).converged).toBe(false);
    // As of 05-01: 400 + 580 + 670 = 1650, +10.0 %: within the threshold.
    const close = vintage(2, '2026-05-01', [entry('2026-05', 0, 580), entry('2026-06', 1, 670), entry('2026-Q2', 0, 1650, 'quarter')]);
    expect(q(close).converged).toBe(true);
  });

  it("scores a quarter at the sum of the vintage's months, not the ledger's own quarter figure", () => {
    // The ledger's "won so far + the rest" (1290: a day of April counted as won) beside months of 450, 450, 450.
    const v = vintage(1, '2026-04-01', [entry('2026-04', 0, 450), entry('2026-05', 1, 450), entry('2026-06', 2, 450), entry('2026-Q2', 0, 1290, 'quarter')]);
    const a = accuracy([v], ACTUALS, { asOf: at('2026-07-10'), levels: ['company'], state: 's.db' });
    expect(a.quarters[0].vintages[0]).toMatchObject({ forecast: 1350, error: 1350 - 1500 });
    expect(a.quarters[0].vintages[0].pct).toBeCloseTo(a.groups[0].bias!, 12);
  });

  it('refuses with exit 2 when nothing is recorded or nothing is scoreable', () => {
    const refusal = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as PerfError;
      }
      throw new Error('no refusal');
    };
    const none = refusal(() => accuracy([], ACTUALS, { asOf: at('2026-07-10'), levels: ['company'], state: 's.db' }));
    expect(none.code).toBe(2);
    expect(none.text.zh).toContain("s.db 中没有记录任何预测");
    expect(none.text.en).toContain("no forecast is recorded in s.db");
    const early = refusal(() => accuracy([vintage(1, '2026-06-01', [entry('2026-06', 0, 1)])], ACTUALS, { asOf: at('2026-06-15'), levels: ['company'], state: 's.db' }));
    expect(early.code).toBe(2);
  });

  it('WAPE is never below |bias|, and no scored month is later than the month before the as-of (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 6, maxLength: 6 }),
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 1, max: 28 }),
        (means, month, day) => {
          const v = vintage(1, '2026-01-01', means.map((m, i) => entry(`2026-0${i + 1}`, i, m)));
          const asOf = at(`2026-0${month}-${String(day).padStart(2, '0')}`);
          const a = accuracy([v], ACTUALS, { asOf, levels: ['company'], state: 's.db' });
          expect(a.scoredMonths.every((k) => k < `2026-0${month}`)).toBe(true);
          for (const g of a.groups) expect(g.wape! + 1e-12).toBeGreaterThanOrEqual(Math.abs(g.bias!));
        },
      ),
    );
  });
});
