import { describe, expect, it } from 'vitest';
import { detectBreak, forecast, selectOnHistory, SELECT_CANDIDATES } from '../../../src/core/forecast/index.js';
import { seasonalAdjust } from '../../../src/core/forecast/theta.js';
import { INDEX, seasonal } from './helpers.js';

describe('seasonal adjustment with zero and negative months', () => {
  it('adjusts a seasonal series with a zero month multiplicatively (as thetaf), where it used to skip it', () => {
    const y = seasonal(4);
    y[13] = 0; // one empty February
    expect(seasonalAdjust(y).seasonal).toBe('multiplicative');
    const r = forecast(y, 12, { method: 'theta' });
    expect(r.method).toBe('theta(seasonal)');
    // May (index 1.3) is forecast well above January (0.8), as in the history.
    expect(r.mean[4] / r.mean[0]).toBeGreaterThan(1.4);
  });

  it('adjusts a series with negative months additively: a pure additive pattern is repeated exactly', () => {
    const y = seasonal(3).map((v) => v - 90); // January −10, May +40
    expect(seasonalAdjust(y).seasonal).toBe('additive');
    const r = forecast(y, 12, { method: 'theta' });
    r.mean.forEach((v, i) => expect(v).toBeCloseTo(100 * INDEX[i] - 90, 6));
  });
});

describe('period option', () => {
  it('12 (default), 4 (quarters) and 1 (no season) set the seasonal cycle', () => {
    const q = [10, 20, 30, 40, 10, 20, 30, 40, 10, 20, 30, 40];
    expect(forecast(q, 4, { method: 'snaive', period: 4 }).mean).toEqual([10, 20, 30, 40]);
    expect(forecast(seasonal(3), 3, { method: 'theta', period: 1 }).method).toBe('theta');
    expect(forecast(seasonal(3), 3, { method: 'theta' }).method).toBe('theta(seasonal)');
    // The static target of a quarterly series: last year's four quarters (120) ÷ 4 × (1 + growth over the year before, 120/100 − 1).
    expect(forecast([10, 20, 30, 40, 20, 20, 40, 40], 2, { method: 'static', period: 4 }).mean).toEqual([36, 36]);
  });
});

describe('auto chooses on the series’ own rolling origins', () => {
  // Sales bunched in the quarter's last month: 10, 10, 40 every quarter.
  const quarterEnd = [10, 10, 40, 10, 10, 40, 10, 10, 40];

  it('the month-of-quarter profile repeats the quarter shape: centred 3-month average 20, ratios ½, ½, 2', () => {
    expect(forecast(quarterEnd, 3, { method: 'moq' }).mean.map((v) => Math.round(v * 1e6) / 1e6)).toEqual([10, 10, 40]);
  });

  it('picks the profile on a quarter-end history, with its error and the static target’s in params and notes', () => {
    const sel = selectOnHistory(quarterEnd, 3, SELECT_CANDIDATES)!;
    // Origins 3…8 (the last 6 with ≥ 2 months of training).
    expect(sel.origins).toBe(6);
    expect(sel.winner).toBe('moq');
    const r = forecast(quarterEnd, 3);
    expect(r.params.selected).toBe('moq');
    expect(r.mean.map((v) => Math.round(v))).toEqual([10, 10, 40]);
    // Static at origin 8 (8 months: mean 20) misses the next month (40) by 20: 20/40 = 50 % there.
    expect(r.params.staticWape as number).toBeGreaterThan(0.3);
    expect(r.notes.map((n) => (typeof n === 'string' ? n : n.en)).join(' ')).toMatch(/chosen on 6 rolling origins of this series: moq \(WAPE .*; static target .*\)/);
  });

  it('charges a candidate that cannot be fitted at an origin what forecast() would do there, never an infinite error', () => {
    // Origins 2 and 3 of 10, 20, 30, 40. At 2 months nothing of the combination fits: forecast() takes the
    // mean, 15, for 30 and 40 (40 ÷ 70). At 3 months the combination is Theta alone, 35.0 (to 0.002), for 40 (5 ÷ 40).
    const sel = selectOnHistory([10, 20, 30, 40], 3, SELECT_CANDIDATES)!;
    expect(sel.errors.combo).toBeCloseTo(40 / 70 + 5 / 40, 4);
    // Seasonal naive and the profile need more history at both origins: charged the same.
    expect(sel.errors.snaive).toBe(sel.errors.combo);
    expect(sel.errors.moq).toBe(sel.errors.combo);
    // Naive: 20 for 30 and 40 (30 ÷ 70), then 30 for 40 (10 ÷ 40); the static target: 15 (40 ÷ 70), then 20 (20 ÷ 40).
    expect(sel.errors.naive).toBeCloseTo(30 / 70 + 10 / 40, 10);
    expect(sel.errors.static).toBeCloseTo(40 / 70 + 20 / 40, 10);
    expect(sel.winner).toBe('naive');
  });

  it('keeps the combination with fewer than 2 origins, and on 4 years or more (M3’s histories)', () => {
    expect(selectOnHistory([5, 7, 6], 3, SELECT_CANDIDATES)).toBeUndefined();
    expect(forecast([5, 7, 6], 3).params.selected).toBeUndefined();
    expect(forecast(seasonal(4), 3).params.selected).toBeUndefined();
    expect(forecast(seasonal(4), 3).method).toMatch(/^combo/);
  });
});

describe('detectBreak', () => {
  it('finds the Olist collapse: last 3 months against the 6 before', () => {
    const b = detectBreak([3, 73, 113, 147, 207, 122, 57, 37, 33, 23, 21, 6])!;
    expect(b.kind).toBe('collapse');
    expect(b.recent).toBeCloseTo(50 / 3, 10);
    expect(b.before).toBeCloseTo(603 / 6, 10);
  });

  it('finds a surge, and nothing in a steady or too short history', () => {
    expect(detectBreak([10, 10, 10, 10, 10, 10, 30, 20, 10])).toMatchObject({ kind: 'surge', ratio: 2 });
    expect(detectBreak([10, 12, 9, 11, 10, 12, 9, 8, 11])).toBeUndefined();
    expect(detectBreak([100, 100, 100, 100, 100, 0, 0, 0])).toBeUndefined();
  });
});
