import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../../src/core/calendar.js';
import { planBacktest, planForecast } from '../../../src/core/plan/index.js';
import type { Deal } from '../../../src/schema/rows.js';

const won = (rep: string, team: string, month: number, amount: number): Deal =>
  ({
    id: `${rep}${month}`,
    row: month + 2,
    rep,
    team,
    stage: 'won',
    stage_label: 'Won',
    amount,
    closed_at: parseIsoDate(`${2024 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}-10`)!,
  }) as Deal;

/** Team A: 36 months (2024–2026) with a yearly cycle; team B: 100 a month in 2026 only, too short for its own profile. */
const deals = (lastOfA: number): Deal[] => [
  ...Array.from({ length: 36 }, (_, m) => won('Ann', 'A', m, m === 35 ? lastOfA : 100 + 50 * Math.sin((2 * Math.PI * m) / 12))),
  ...Array.from({ length: 12 }, (_, k) => won('Bob', 'B', 24 + k, 100)),
];
const teamB = (lastOfA: number) =>
  planBacktest(deals(lastOfA), { asOf: parseIsoDate('2027-01-05')!, measure: 'amount', methods: ['mean'], origins: 1, h: 1, staticGrowth: null, levels: ['team'] }).series.find(
    (s) => s.id === 'team:B',
  )!;

describe('planBacktest', () => {
  it('lends a short team the company profile estimated before each origin, never on the months it is tested on', () => {
    // B is 100 every month: its plain mean would miss December by 0; through the borrowed profile it does not.
    const mae = teamB(100).scores.find((s) => s.method === 'mean')!.mae;
    expect(mae).toBeGreaterThan(1);
    // December 2026 (the tested month) of team A moves the company's whole-history profile, not B's forecast made in November.
    expect(teamB(5000).scores.find((s) => s.method === 'mean')!.mae).toBe(mae);
  });

  it('the forecast’s own backtest of a team does the same', () => {
    const bt = (lastOfA: number) =>
      planForecast(deals(lastOfA), { asOf: parseIsoDate('2027-01-05')!, file: 'd', method: 'mean', backtestOrigins: 1, backtestHorizon: 1 }).series.find((s) => s.id === 'team:B')!
        .method.amount.backtest!.mae;
    expect(bt(100)).toBeGreaterThan(1);
    expect(bt(5000)).toBe(bt(100));
  });
});
