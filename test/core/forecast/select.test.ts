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

  it('weighs an origin whose months sold nothing against the training level, not in raw units', () => {
    // Last origin: 11 months of 100 to 120, then a month of 0. Relative to 110 a month, naive's miss of 120
    // weighs 120 / 110 ≈ 1.09 there; counted raw it was 120 and decided the selection alone.
    const y = [100, 110, 120, 100, 110, 120, 100, 110, 120, 100, 120, 0];
    const sel = selectOnHistory(y, 3, SELECT_CANDIDATES)!;
    for (const c of SELECT_CANDIDATES) expect(sel.errors[c]! / sel.origins).toBeLessThan(2);
  });

  it('keeps the combination with fewer than 2 origins, and on 4 years or more (M3’s histories)', () => {
    expect(selectOnHistory([5, 7, 6], 3, SELECT_CANDIDATES)).toBeUndefined();
    expect(forecast([5, 7, 6], 3).params.selected).toBeUndefined();
    expect(forecast(seasonal(4), 3).params.selected).toBeUndefined();
    expect(forecast(seasonal(4), 3).method).toMatch(/^combo/);
  });
});

describe('detectBreak', () => {
  it('finds the Olist collapse: last 3 months against the 3 before', () => {
    const b = detectBreak([3, 73, 113, 147, 207, 122, 57, 37, 33, 23, 21, 6])!;
    expect(b.kind).toBe('collapse');
    // (23 + 21 + 6) ÷ 3 against (57 + 37 + 33) ÷ 3.
    expect(b.recent).toBeCloseTo(50 / 3, 10);
    expect(b.before).toBeCloseTo(127 / 3, 10);
    expect(b.ratio).toBeCloseTo(50 / 127, 10);
  });

  it('finds a surge, a collapse to nothing on 6 months, and nothing in a steady or too short history', () => {
    expect(detectBreak([10, 10, 10, 10, 10, 10, 30, 20, 10])).toMatchObject({ kind: 'surge', ratio: 2 });
    expect(detectBreak([10, 12, 9, 11, 10, 12, 9, 8, 11])).toBeUndefined();
    expect(detectBreak([100, 100, 100, 0, 0, 0])).toMatchObject({ kind: 'collapse', recent: 0, before: 100 });
    expect(detectBreak([100, 100, 0, 0, 0])).toBeUndefined();
  });

  it('tests a history of more than two years on its seasonally adjusted months: a fourth quarter that always triples is no surge', () => {
    const year = [100, 100, 100, 100, 100, 100, 100, 100, 100, 300, 300, 300];
    expect(detectBreak([...year, ...year, ...year])).toBeUndefined();
    // Without the cycle (period 1), or with only two years (too few to test the cycle), it is one: 300 against 100.
    expect(detectBreak([...year, ...year, ...year], 1)).toMatchObject({ kind: 'surge', ratio: 3, seasonallyAdjusted: false });
    expect(detectBreak([...year, ...year])).toMatchObject({ kind: 'surge', ratio: 3 });
  });
});

describe('break-aware auto: after a collapse, levels that lag it may not win', () => {
  // Olist's first 8 months: a rise to 207 deals, then 122, 57, 37. The next three months were 33, 23, 21.
  const olist8 = [3, 73, 113, 147, 207, 122, 57, 37];

  it('scores every candidate as before: SBA would win on the months before the break', () => {
    // (122 + 57 + 37) ÷ 3 = 72 against (113 + 147 + 207) ÷ 3 = 155.7: 46 %, a collapse.
    expect(detectBreak(olist8)).toMatchObject({ kind: 'collapse', recent: 72 });
    const sel = selectOnHistory(olist8, 3, SELECT_CANDIDATES)!;
    // Naive at origins 2…7: 73 for 113, 147, 207; 113 for 147, 207, 122; 147 for 207, 122, 57; 207 for 122, 57, 37;
    // 122 for 57, 37; 57 for 37.
    const naive = 248 / 467 + 137 / 476 + 175 / 386 + 405 / 216 + 150 / 94 + 20 / 37;
    expect(sel.errors.naive).toBeCloseTo(naive, 10);
    // The static target (the training mean under a year): 38, 63, 84, 108.6, 110.8…, 103.1… at the same origins.
    const st = 353 / 467 + 287 / 476 + 188 / 386 + (13.4 + 51.6 + 71.6) / 216 + (2 * (665 / 6) - 57 - 37) / 94 + (722 / 7 - 37) / 37;
    expect(sel.errors.static).toBeCloseTo(st, 10);
    // SBA's level, smoothed with a fixed 0.1 from 3, stayed low through the rise and is still high in the fall: lowest score.
    expect(sel.winner).toBe('sba');
    expect(sel.errors.sba!).toBeLessThan(naive);
  });

  it('so auto takes the best of the rest, naive (37), which misses the next 3 months by 34 deals against SBA’s 81', () => {
    const r = forecast(olist8, 3);
    expect(r.params).toMatchObject({ selected: 'naive', afterBreak: 'collapse' });
    expect(r.mean).toEqual([37, 37, 37]);
    expect(r.notes.map((n) => (typeof n === 'string' ? n : n.en)).join(' ')).toMatch(/ends in a collapse .*SBA and the static target, whose levels lag a break, were not allowed to win/);
    const miss = (f: readonly number[]) => Math.round([33, 23, 21].reduce((s, a, i) => s + Math.abs(f[i] - a), 0));
    expect(miss(r.mean)).toBe(34);
    // SBA forecasts 52.7 a month: 19.7 + 29.7 + 31.7.
    expect(miss(forecast(olist8, 3, { method: 'sba' }).mean)).toBe(81);
  });

  it('leaves the choice alone without a break: one month earlier (207, 122, 57 against 73, 113, 147: 116 %) SBA stays', () => {
    expect(detectBreak(olist8.slice(0, 7))).toBeUndefined();
    expect(forecast(olist8.slice(0, 7), 3).params).toMatchObject({ selected: 'sba' });
    expect(forecast(olist8.slice(0, 7), 3).params.afterBreak).toBeUndefined();
  });

  it('keeps an earlier plan\'s candidate (pacing keeps the one that set the target), but not a lagging one through a break', () => {
    // Kept: naive, the best of the rest here, would be today's choice; theta is fitted instead and said to be kept.
    const theta = forecast(olist8, 3, { keep: 'theta' });
    expect(theta.params).toMatchObject({ selected: 'theta', kept: true, choiceToday: 'naive', afterBreak: 'collapse' });
    expect(theta.mean).toEqual(forecast(olist8, 3, { method: 'theta' }).mean);
    expect(theta.notes.map((n) => (typeof n === 'string' ? n : n.en)).join(' ')).toMatch(/kept from an earlier plan: theta .*they would choose naive/);
    // SBA, chosen one month earlier, lags the collapse: not kept, and the result says which was dropped.
    const sba = forecast(olist8, 3, { keep: 'sba' });
    expect(sba.params).toMatchObject({ selected: 'naive', keepDropped: 'sba', afterBreak: 'collapse' });
    expect(sba.params.kept).toBeUndefined();
    expect(sba.mean).toEqual([37, 37, 37]);
    // Without a break, SBA is kept as it is chosen.
    expect(forecast(olist8.slice(0, 7), 3, { keep: 'sba' }).params).toMatchObject({ selected: 'sba', kept: true, choiceToday: 'sba' });
  });
});
