import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../../src/core/calendar.js';
import { beatenBy, planChecks, planForecast } from '../../../src/core/plan/index.js';
import type { Deal } from '../../../src/schema/rows.js';

const won = (i: number, amount: number): Deal =>
  ({ id: `D${i}`, row: i + 2, rep: 'Ann', team: 'A', stage: 'won', stage_label: 'Won', amount, closed_at: parseIsoDate(`2026-${String(i + 1).padStart(2, '0')}-10`)! }) as Deal;

/** Ten months January–October, as of November: one backtest origin (9 months of training), one month ahead. */
const plan = (months: number[], method: 'mean' | 'naive') =>
  planForecast(
    months.map((a, i) => won(i, a)),
    { asOf: parseIsoDate('2026-11-05')!, file: 'd', method, backtestOrigins: 1, backtestHorizon: 1 },
  );

describe('the forecast against its baselines', () => {
  it('names the better baseline that beat the forecast, ties to the static target', () => {
    expect(beatenBy(0.5, 0.4, 0.45)).toBe('static');
    expect(beatenBy(0.5, 0.6, 0.45)).toBe('snaive');
    expect(beatenBy(0.5, 0.4, 0.4)).toBe('static');
    expect(beatenBy(0.5, 0.5, 0.6)).toBeNull();
    expect(beatenBy(null, 0.1, 0.1)).toBeNull();
    expect(beatenBy(0.5, null, null)).toBeNull();
  });

  it('says plainly when seasonal naive beat the forecast on the history (hand-computed)', () => {
    // Training 10…90: the mean forecasts 50 for October (100): WAPE 50 %; the static target (9 months
    // annualised, no growth under 24 months) is 50 as well; seasonal naive under a year is the last month, 90: WAPE 10 %.
    const p = plan([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 'mean');
    expect(p.choice).toMatchObject({ backtestWape: 0.5, backtestStaticWape: 0.5, backtestSnaiveWape: 0.1, worseThanStatic: false, beatenBy: 'snaive' });
    const checks = planChecks(p);
    expect(checks.every((c) => c.status === 'caveat')).toBe(true);
    expect(checks.find((c) => c.code === 'forecast_method')!.message.en).toBe('Method: mean · backtest WAPE 50.0% vs static target 50.0%, seasonal naive 10.0%');
    expect(checks.find((c) => c.code === 'forecast_beaten')!.message.en).toMatch(
      /^On your history seasonal naive \(.*\) beat perf's forecast by 40\.0 points of WAPE \(backtest 10\.0% vs 50\.0%\)/,
    );
  });

  it('says so when the static target beat it, and nothing when the forecast was at least as good', () => {
    // Training alternates 50, 10 and ends on 50: naive says 50 for October (10), 400 %; the static target
    // 290 ÷ 9 = 32.2…, |32.2… − 10| ÷ 10 = 222.2 %.
    const p = plan([50, 10, 50, 10, 50, 10, 50, 10, 50, 10], 'naive');
    expect(p.choice.beatenBy).toBe('static');
    expect(p.choice.worseThanStatic).toBe(true);
    expect(planChecks(p).find((c) => c.code === 'forecast_beaten')!.message.en).toMatch(/^On your history the static target \(.*\) beat perf's forecast by 177\.8 points of WAPE \(backtest 222\.2% vs 400\.0%\)/);
    // A steady rise: naive (90 for 100) is seasonal naive itself here, so nothing beat it.
    const q = plan([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 'naive');
    expect(q.choice.beatenBy).toBeNull();
    expect(planChecks(q).map((c) => c.code)).not.toContain('forecast_beaten');
  });
});

describe('the first screen after a collapse', () => {
  it('says auto chose without the levels that lag a break, and still names a baseline that beat it', () => {
    // Olist's first 8 months (Jan–Aug), as of September: SBA would win the contest, naive (37) does instead.
    const p = planForecast(
      [3, 73, 113, 147, 207, 122, 57, 37].map((a, i) => won(i, a)),
      { asOf: parseIsoDate('2026-09-05')!, file: 'd', backtestOrigins: 1, backtestHorizon: 1 },
    );
    expect(p.choice).toMatchObject({ selected: 'naive', afterBreak: 'collapse' });
    const checks = planChecks(p);
    expect(checks[0].code).toBe('forecast_break');
    expect(checks.find((c) => c.code === 'forecast_method')!.message.en).toMatch(
      /^Method: auto chose naive on the company's own history \(6 rolling origins: WAPE 88\.1%, static target 93\.7%; SBA and the static target may not win after the collapse \(their levels lag a break\)\)/,
    );
    // The plan's backtest at origin 7 (Jan–Jul, no break yet; one month ahead auto chose the month-of-quarter
    // profile, 120.6 for August's 37) against seasonal naive (naive under a year: 57, 20 ÷ 37) and the static
    // target (722 ÷ 7 = 103.1, 66.1 ÷ 37): seasonal naive beat it, and the check says so.
    expect(p.choice.backtestSnaiveWape).toBeCloseTo(20 / 37, 10);
    expect(p.choice.backtestStaticWape).toBeCloseTo((722 / 7 - 37) / 37, 10);
    expect(p.choice.backtestWape!).toBeGreaterThan(2);
    expect(p.choice.beatenBy).toBe('snaive');
    expect(checks.map((c) => c.code)).toContain('forecast_beaten');
  });
});
