import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../../src/core/calendar.js';
import { planChecks, planForecast, repShare } from '../../../src/core/plan/index.js';
import type { Deal } from '../../../src/schema/rows.js';

describe('repShare', () => {
  it('is the trailing share shrunk toward the per-head average by months ÷ (months + 3)', () => {
    // Rep from month 1: 60 of the team's 110 over 3 months → 6/11, weight 3/6 → ½·6/11 + ½·½.
    const s = repShare([0, 10, 20, 30], [10, 20, 40, 50], 1, 2, 12);
    expect(s).toMatchObject({ months: 3, perHead: 0.5, weight: 0.5 });
    expect(s.trailing).toBeCloseTo(6 / 11, 12);
    expect(s.share).toBeCloseTo(0.5 * (6 / 11) + 0.25, 12);
    // Only the trailing window counts: the last 2 months, 50 of 90.
    expect(repShare([0, 10, 20, 30], [10, 20, 40, 50], 1, 2, 2).trailing).toBeCloseTo(50 / 90, 12);
  });
});

const won = (id: string, rep: string, team: string, date: string, amount: number, row: number): Deal =>
  ({ id, row, rep, team, stage: 'won', stage_label: 'Won', amount, closed_at: parseIsoDate(date)! }) as Deal;

describe('plan: breaks, refused targets, rep target flags', () => {
  it('warns first about a collapse at the end of the history and marks the targets unreliable', () => {
    const months = [100, 110, 90, 100, 105, 95, 20, 10, 15];
    const deals = months.map((a, i) => won(`D${i}`, 'Ann', 'A', `2026-${String(i + 1).padStart(2, '0')}-10`, a, i + 2));
    const plan = planForecast(deals, { asOf: parseIsoDate('2026-10-05')!, file: 'd' });
    expect(plan.breaks.map((b) => [b.id, b.kind, b.recent, b.before])).toEqual([
      ['company', 'collapse', 15, 100],
      ['team:A', 'collapse', 15, 100],
    ]);
    expect(plan.targetsReliable).toBe(false);
    expect(planChecks(plan)[0]).toMatchObject({ code: 'forecast_break', status: 'caveat', message: { en: expect.stringMatching(/^Company: collapse at the end of the history/) } });
  });

  it('refuses targets from a forecast without spread (a constant history) instead of printing P 100 %', () => {
    const deals = [1, 2, 3, 4, 5, 6].map((m) => won(`D${m}`, 'Ann', 'A', `2026-0${m}-10`, 100, m + 1));
    const plan = planForecast(deals, { asOf: parseIsoDate('2026-07-05')!, file: 'd', method: 'mean' });
    const q = plan.series.find((s) => s.id === 'company')!.targets['2026-Q4'].amount;
    expect(q.target).toBe(300);
    expect(q.refused?.en).toMatch(/no spread/);
    expect(plan.targetsReliable).toBe(false);
  });

  it('flags a rep target outside 50 %–200 % of the rep’s trailing-four-quarter average, with the reason', () => {
    // Team A over Jan–Jun: Ann 100 every month; Bob 300 in June only (his first month).
    const deals = [1, 2, 3, 4, 5, 6].map((m) => won(`A${m}`, 'Ann', 'A', `2026-0${m}-10`, 100 + (m % 2) * 10, m + 1));
    deals.push(won('B6', 'Bob', 'A', '2026-06-12', 300, 9));
    const plan = planForecast(deals, { asOf: parseIsoDate('2026-07-05')!, file: 'd', method: 'mean' });
    const bob = plan.series.find((s) => s.id === 'rep:Bob')!;
    // Bob's average: 300 in 1 month → 900 a quarter; his Q4 target is far below it.
    expect(bob.targetFlags).toHaveLength(1);
    const f = bob.targetFlags![0];
    expect(f.period).toBe('2026-Q4');
    expect(f.trailingQuarterAverage).toBe(900);
    expect(f.ratio!).toBeLessThan(0.5);
    expect(f.reason.en).toMatch(/of the rep's trailing-four-quarter average 900 \(outside 50%–200%\)/);
    expect(plan.series.find((s) => s.id === 'rep:Ann')!.targetFlags).toBeUndefined();
  });
});
