import { describe, expect, it } from 'vitest';
import { probAtLeast, quantile, sumDistribution } from '../../../src/core/forecast/distribution.js';
import { normalResult, finalize } from '../../../src/core/forecast/types.js';
import { normalCdf, normalQuantile } from '../../../src/core/forecast/stats.js';

const res = (mean: number[], sd: number[]) => normalResult('test', {}, mean, sd, sd[0]);

describe('normal helpers', () => {
  it('cdf and quantile agree with tabulated values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815516, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.0902323, 6);
  });
});

describe('probability and quantiles', () => {
  const r = res([100, 110, 120], [10, 10 * Math.SQRT2, 10 * Math.sqrt(3)]);

  it('single month', () => {
    expect(probAtLeast(r, 1, 100)).toBeCloseTo(0.5, 7);
    expect(probAtLeast(r, 1, 100 + 1.2815516 * 10)).toBeCloseTo(0.1, 6);
    expect(quantile(r, 2, 0.975)).toBeCloseTo(110 + 1.959964 * 10 * Math.SQRT2, 4);
  });

  it('sum of a random walk’s months has variance Σ min(i, j)·σ²', () => {
    // sd² = 100·[1, 2, 3] → weights c = [1, 1, 1]; Var(sum) = 100·(1+2+3 + 2·(1+1+2)) = 1400.
    const d = sumDistribution(r, [1, 3]);
    expect(d.mean).toBe(330);
    expect(d.sd).toBeCloseTo(Math.sqrt(1400), 10);
    expect(probAtLeast(r, [1, 3], 330)).toBeCloseTo(0.5, 7);
    expect(sumDistribution(r, [2, 3]).sd).toBeCloseTo(Math.sqrt(100 * (2 + 3 + 2 * 2)), 10);
  });

  it('flat sd means independent months (seasonal naive within a year)', () => {
    const s = res([5, 5, 5], [2, 2, 2]);
    expect(sumDistribution(s, [1, 3]).sd).toBeCloseTo(Math.sqrt(12), 12);
  });

  it('SES weights α: cov(e1, e2) = ασ²', () => {
    const a = 0.3;
    const s = res([0, 0], [1, Math.sqrt(1 + a * a)]);
    expect(sumDistribution(s, [1, 2]).sd).toBeCloseTo(Math.sqrt(1 + 1 + a * a + 2 * a), 12);
  });

  it('zero spread is a step function; nonNegative makes x ≤ 0 certain and floors quantiles', () => {
    const z = res([4, 4], [0, 0]);
    expect(probAtLeast(z, [1, 2], 8)).toBe(1);
    expect(probAtLeast(z, [1, 2], 8.01)).toBe(0);
    const c = finalize(res([1, 1], [3, 3]), true);
    expect(probAtLeast(c, 1, 0)).toBe(1);
    expect(quantile(c, 1, 0.05)).toBe(0);
  });

  it('rejects steps outside the horizon', () => {
    expect(() => probAtLeast(r, 4, 1)).toThrow(RangeError);
  });
});
