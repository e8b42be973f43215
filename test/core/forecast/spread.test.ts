import { describe, expect, it } from 'vitest';
import { forecast } from '../../../src/core/forecast/index.js';
import { quantile, sumDistribution } from '../../../src/core/forecast/distribution.js';
import { normalResult } from '../../../src/core/forecast/types.js';

// 27 months of won deals: a rise to 150 a month, then a collapse to single digits.
const RISE_COLLAPSE = [5, 8, 12, 20, 30, 45, 60, 80, 100, 120, 140, 150, 140, 110, 80, 60, 45, 35, 28, 22, 18, 15, 12, 10, 9, 8, 7];

describe('forecast spread on a rise-then-collapse count series', () => {
  it('keeps the 80% interval of next year’s total within a sane multiple of the last year’s total', () => {
    const last12 = RISE_COLLAPSE.slice(-12).reduce((s, v) => s + v, 0); // 416
    const r = forecast(RISE_COLLAPSE, 12, { nonNegative: true });
    const hi = quantile(r, [1, 12], 0.9);
    expect(Number.isFinite(hi)).toBe(true);
    // A random-walk member's variance grows with h without bound: uncapped this is ≈ 1,060 (2.5× last year).
    expect(hi).toBeLessThan(2 * last12);
    expect(quantile(r, [1, 12], 0.1)).toBe(0);
    // No month's sd exceeds that of the historical-mean forecast, sd(y)·√(1 + 1/n).
    const n = RISE_COLLAPSE.length;
    const mu = RISE_COLLAPSE.reduce((s, v) => s + v, 0) / n;
    const cap = Math.sqrt(RISE_COLLAPSE.reduce((s, v) => s + (v - mu) ** 2, 0) / (n - 1)) * Math.sqrt(1 + 1 / n);
    for (const s of r.sd) expect(s).toBeLessThanOrEqual(cap + 1e-9);
  });

  it('sums from the first month with spread: an elapsed (zero-sd) month is known, not perfectly correlated with the rest', () => {
    // Random walk after a known month: sd² = 100·[0, 1, 2] → Var(sum) = 100 + 200 + 2·10·10√2·(1/√2) = 500.
    const r = normalResult('test', {}, [0, 10, 10], [0, 10, 10 * Math.SQRT2], 10);
    expect(sumDistribution(r, [1, 3]).sd).toBeCloseTo(Math.sqrt(500), 10);
    expect(sumDistribution(r, [2, 3]).sd).toBeCloseTo(Math.sqrt(500), 10);
    expect(sumDistribution(r, [1, 1]).sd).toBe(0);
  });
});
