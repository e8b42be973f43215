import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../../src/core/calendar.js';
import { formatPercent } from '../../../src/core/i18n.js';
import { parseAdjustments, planForecast, type ForecastPlan, type RawRow, type SeriesPlan } from '../../../src/core/plan/index.js';
import { readDataset } from '../../../src/io/read.js';
import type { Deal } from '../../../src/schema/rows.js';

const DIR = join(import.meta.dirname, '../../fixtures/plan');
const AS_OF = parseIsoDate('2026-05-10')!;
let deals: Deal[];

/** CSV lines → raw rows as the readers deliver them (no quoting in these small files). */
export const rawRows = (text: string): RawRow[] =>
  text
    .trim()
    .split('\n')
    .map((l, i) => ({ row: i + 1, cells: l.split(',') }));

const byId = (plan: ForecastPlan, id: string): SeriesPlan => plan.series.find((s) => s.id === id)!;

beforeAll(async () => {
  deals = (await readDataset(join(DIR, 'tiny-deals.csv'), { kind: 'deals', timeZone: 'Asia/Shanghai', dateFormat: 'auto' })).rows;
});

describe('planForecast on a tiny hand-computed fixture (method mean, as of 2026-05-10)', () => {
  let plan: ForecastPlan;
  beforeAll(() => {
    plan = planForecast(deals, { asOf: AS_OF, method: 'mean', file: 'tiny', stageProbabilities: { negotiation: 0.6 } });
  });

  it('builds monthly won series per level, leaving out cancelled and later deals', () => {
    expect(plan.months.history).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
    expect(plan.months.forecast).toEqual(['2026-05', '2026-06', '2026-07', '2026-08', '2026-09']);
    expect(plan.months.target).toEqual(['2026-07', '2026-08', '2026-09']);
    expect(plan.months.targetQuarters).toEqual(['2026-Q3']);
    expect(plan.months.currentRemaining).toBeCloseTo(21 / 31, 4);
    // D07 was created on 2026-05-20, after the as-of date: it did not exist yet.
    expect(plan.deals).toEqual({ total: 19, won: 12, lost: 2, open: 4, cancelled: 1, afterAsOf: 1, closedAfterAsOf: 0 });
    const company = byId(plan, 'company');
    expect(Object.values(company.history).map((a) => a.amount)).toEqual([150, 350, 150, 410]);
    expect(Object.values(company.history).map((a) => a.count)).toEqual([2, 3, 2, 4]);
    // New customers: first win per account (X, Z1 | Y, Z2 | Z3 | Z4, W); Y's second win and X in May are repeats.
    expect(Object.values(company.history).map((a) => a.newCount)).toEqual([2, 2, 1, 2]);
    expect(company.monthToDate).toEqual({ count: 1, amount: 40, newCount: 0, newAmount: 0 });
    expect(Object.values(byId(plan, 'rep:Bob').history).map((a) => a.amount)).toEqual([0, 200, 0, 200]);
    expect(byId(plan, 'rep:Dan').historyMonths).toBe(1);
    expect(plan.problems.map((p) => p.code)).toEqual(['after_as_of']);
  });

  it('forecasts a rep with under 3 months as the team average per head, then reconciles top-down', () => {
    expect(byId(plan, 'rep:Dan').method.amount.method).toBe('team-per-head');
    const m = (id: string) => byId(plan, id).forecast['2026-07'].amount.mean;
    // company mean 265; teams A 200 + B 65. Reps are shares of their team: Ann and Bob 200/400 each over
    // 4 months, shrunk 4/7 own + 3/7 per head (1/2) → 1/2 → 100 each. Cat: 200 of B's 260 = 10/13,
    // 4/7·10/13 + 3/7·1/2 = 119/182 → 42.50; Dan (1 month) 65/2 = 32.5; scaled to 65: 36.83, 28.17.
    expect(m('company')).toBe(265);
    expect([m('team:A'), m('team:B')]).toEqual([200, 65]);
    expect([m('rep:Ann'), m('rep:Bob')]).toEqual([100, 100]);
    expect([m('rep:Cat'), m('rep:Dan')]).toEqual([37, 28]);
    expect(byId(plan, 'rep:Cat').share!.amount.share).toBeCloseTo(119 / 182, 10);
  });

  it('sets targets with a ±15% band and +15% bonus, coherent across levels', () => {
    const c = byId(plan, 'company').targets;
    expect(c['2026-07'].amount).toMatchObject({ target: 265, floor: 225, ceiling: 305, bonus: 305 });
    // P under N(265, 150.97): sd = sample sd of [150,350,150,410] × √(1 + 1/4).
    expect(c['2026-07'].amount.pFloor).toBeCloseTo(0.6045, 3);
    expect(c['2026-07'].amount.pTarget).toBeCloseTo(0.5, 3);
    expect(c['2026-07'].amount.pBonus).toBeCloseTo(0.3955, 3);
    // The quarter is the sum of its rounded months.
    expect(c['2026-Q3'].amount).toMatchObject({ target: 795, floor: 675, ceiling: 915, bonus: 915 });
    for (const period of [...plan.months.target, '2026-Q3'])
      for (const k of ['target', 'floor', 'ceiling', 'bonus'] as const)
        for (const measure of ['amount', 'count'] as const) {
          const v = (id: string) => byId(plan, id).targets[period][measure][k];
          expect(v('team:A') + v('team:B')).toBeCloseTo(v('company'), 9);
          expect(v('rep:Ann') + v('rep:Bob')).toBeCloseTo(v('team:A'), 9);
          expect(v('rep:Cat') + v('rep:Dan')).toBeCloseTo(v('team:B'), 9);
        }
  });

  it('projects the current quarter: won to date plus the forecast of its remaining days', () => {
    // Q2: April 410 + May to date 40; rest = 265 × 21/31 + 265 = 444.5 → 445.
    expect(byId(plan, 'company').outlook.amount).toMatchObject({ quarter: '2026-Q2', wonToDate: 450, rest: 445, projected: 895 });
  });

  it('keeps probabilities unrounded, so P(≥floor) and P(≥bonus) of a symmetric band print as 100.0% together', () => {
    // The company's July cell: P(≥floor) 60.4478…% and P(≥bonus) 39.5522…% print 60.4% + 39.6%. Rounded
    // to 4 decimals first (0.6045 and 0.3955) they printed 60.5% + 39.6% = 100.1%.
    const july = byId(plan, 'company').targets['2026-07'].amount;
    expect([formatPercent('en', july.pFloor), formatPercent('en', july.pBonus)]).toEqual(['60.4%', '39.6%']);
    const pairs = plan.series.flatMap((s) => Object.values(s.targets).map((c) => c.amount)).filter((a) => Math.abs(a.pFloor + a.pBonus - 1) < 1e-9);
    expect(pairs.length).toBeGreaterThan(10);
    for (const c of pairs) {
      const shown = [c.pFloor, c.pBonus].map((p) => Number(formatPercent('en', p).replace('%', '')));
      expect(Math.round((shown[0] + shown[1]) * 10) / 10).toBe(100);
    }
  });

  it('places open deals by expected close and computes coverage against target − won', () => {
    // unrounded: 12 / 14 exactly, not 0.8571 (reports round once, for display)
    expect(plan.winRate).toBe(12 / 14);
    expect(plan.stageProbabilities).toEqual([
      { label: 'Negotiation', probability: 0.6, source: 'config', open: 2 },
      { label: 'Proposal', probability: 12 / 14, source: 'learned', open: 1 },
      { label: 'Prospecting', probability: 12 / 14, source: 'learned', open: 1 },
    ]);
    const p = byId(plan, 'company').pipeline;
    expect(p.overdue).toEqual({ openCount: 1, openAmount: 300, weighted: 180, weightedCount: 0.6 });
    expect(p.undated).toMatchObject({ openCount: 1, openAmount: 400 });
    expect(p.coverage).toEqual([
      { period: '2026-Q2', goal: 895, won: 450, gap: 445, openCount: 1, openAmount: 500, weighted: 429, weightedCount: 0.9, coverage: 1.124 },
      { period: '2026-Q3', goal: 795, won: 0, gap: 795, openCount: 1, openAmount: 1000, weighted: 600, weightedCount: 0.6, coverage: 1.258 },
    ]);
    expect(byId(plan, 'team:A').pipeline.coverage[1]).toMatchObject({ gap: 600, openAmount: 1000, coverage: 1.667 });
    expect(byId(plan, 'team:B').pipeline.coverage[1]).toMatchObject({ openAmount: 0, coverage: 0 });
  });
});

describe('market adjustments', () => {
  const text = readFileSync(join(DIR, 'adjustments.csv'), 'utf8');

  it('parses the adjustments file; a bad row is a problem and skipped', () => {
    const { adjustments, problems } = parseAdjustments('adj.csv', rawRows(text));
    expect(adjustments.map((a) => [a.scope, a.name, a.from, a.to, a.kind, a.value, a.measure])).toEqual([
      ['team', 'A', '2026-07', '2026-07', 'percent', 0.1, 'both'],
      ['rep', 'Cat', '2026-08', '2026-08', 'absolute', 30, 'amount'],
      ['all', null, '2026-09', '2026-09', 'absolute', -100, 'amount'],
      ['rep', 'Nobody', '2026-07', '2026-07', 'percent', 0.05, 'both'],
    ]);
    expect(problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [6, 'from', 'bad_month'],
      [7, 'change', 'bad_change'],
    ]);
  });

  it('applies them after the statistical forecast, keeps the levels coherent and lists their effect', () => {
    const { adjustments } = parseAdjustments('adj.csv', rawRows(text));
    const plan = planForecast(deals, { asOf: AS_OF, method: 'mean', adjustments, file: 'tiny' });
    const f = (id: string, m: string) => byId(plan, id).forecast[m].amount;
    // July: team A +10 % → Ann 110, Bob 110, company 285.
    expect(f('rep:Ann', '2026-07')).toMatchObject({ statistical: 100, adjustment: 10, mean: 110 });
    expect(f('company', '2026-07')).toMatchObject({ statistical: 265, adjustment: 20, mean: 285 });
    // August: Cat +30; September: −100 split over all reps in proportion (100:100:36.8:28.2 of 265).
    expect(f('rep:Cat', '2026-08').mean).toBe(67);
    expect(f('company', '2026-08').mean).toBe(295);
    expect(f('company', '2026-09').mean).toBe(165);
    // Ann and Bob 62.26 each, team A 124.53 → 125 by largest remainder: the tie goes to the first rep.
    expect([f('rep:Ann', '2026-09').mean, f('rep:Bob', '2026-09').mean, f('team:A', '2026-09').mean]).toEqual([63, 62, 125]);
    for (const m of plan.months.forecast) {
      const v = (id: string) => f(id, m).mean;
      expect(v('rep:Ann') + v('rep:Bob') + v('rep:Cat') + v('rep:Dan')).toBe(v('company'));
      expect(v('team:A') + v('team:B')).toBe(v('company'));
    }
    expect(byId(plan, 'company').targets['2026-Q3'].amount.target).toBe(285 + 295 + 165);
    expect(plan.adjustments.map((a) => [a.reason, a.effect, a.total])).toEqual([
      ['Trade fair', { '2026-07': 20 }, 20],
      ['Key account renewal', { '2026-08': 30 }, 30],
      ['Holiday closure', { '2026-09': -100 }, -100],
    ]);
    expect(plan.problems.find((p) => p.code === 'unknown_name')).toMatchObject({ row: 5, value: 'Nobody' });
  });

  it('sets quantile targets reconciled top-down', () => {
    const plan = planForecast(deals, { asOf: AS_OF, method: 'mean', targetQuantile: 0.8, file: 'tiny' });
    const t = (id: string) => byId(plan, id).targets['2026-07'].amount;
    expect(t('company').target).toBeGreaterThan(265);
    expect(t('company').pTarget).toBeCloseTo(0.2, 2);
    expect(t('team:A').target + t('team:B').target).toBe(t('company').target);
  });
});

describe('planForecast without amounts', () => {
  const stripAmounts = (ds: Deal[]) => ds.map(({ amount: _a, ...d }) => d as Deal);

  it('plans in deal counts with one file-level problem when no won deal has an amount', () => {
    const plan = planForecast(stripAmounts(deals), { asOf: AS_OF, method: 'mean', file: 'tiny' });
    expect(plan.measure).toBe('count');
    expect(plan.problems.filter((p) => p.code === 'won_without_amount')).toEqual([]);
    expect(plan.problems.filter((p) => p.code === 'no_amounts')).toEqual([expect.objectContaining({ row: null, severity: 'warning' })]);
    // Coverage is in deals too: open deals ÷ (count target − won).
    const c = byId(plan, 'company').pipeline.coverage.find((x) => x.period === '2026-Q3')!;
    expect(c.goal).toBe(byId(plan, 'company').targets['2026-Q3'].count.target);
    expect(c.coverage).toBeCloseTo(c.openCount / c.gap, 3);
  });

  it('says "no amount column" when the reader found none, and keeps per-row problems for a few blanks', () => {
    const none = planForecast(deals, { asOf: AS_OF, method: 'mean', file: 'tiny', amountColumn: false });
    expect(none.measure).toBe('count');
    expect(none.problems.find((p) => p.code === 'no_amounts')?.message.en).toMatch(/^no amount column/);
    const someBlank = deals.map((d, i) => (i === 0 ? ({ ...d, amount: undefined } as Deal) : d));
    const plan = planForecast(someBlank, { asOf: AS_OF, method: 'mean', file: 'tiny' });
    expect(plan.measure).toBe('amount');
    expect(plan.problems.filter((p) => p.code === 'won_without_amount').map((p) => p.row)).toEqual([2]);
    expect(plan.problems.some((p) => p.code === 'no_amounts')).toBe(false);
  });
});
