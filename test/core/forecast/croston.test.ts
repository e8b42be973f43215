import { describe, expect, it } from 'vitest';
import { croston } from '../../../src/core/forecast/croston.js';

describe('Croston and SBA', () => {
  // Demands 3, 5, 2 after intervals 2, 3, 2. With α = 0.1:
  // size 3 → 3 + 0.1·(5−3) = 3.2 → 3.2 + 0.1·(2−3.2) = 3.08
  // interval 2 → 2 + 0.1·(3−2) = 2.1 → 2.1 + 0.1·(2−2.1) = 2.09
  const y = [0, 3, 0, 0, 5, 0, 2];

  it('Croston = size / interval', () => {
    const r = croston(y, 3, { alpha: 0.1 });
    expect(r.params.size).toBeCloseTo(3.08, 12);
    expect(r.params.interval).toBeCloseTo(2.09, 12);
    for (const v of r.mean) expect(v).toBeCloseTo(3.08 / 2.09, 12);
  });

  it('SBA multiplies by 1 − α/2', () => {
    const r = croston(y, 2, { alpha: 0.1, variant: 'sba' });
    for (const v of r.mean) expect(v).toBeCloseTo(1.4, 12);
  });

  it('alpha 0.5 on another series', () => {
    // Demands 4 (interval 1), 2 (interval 3): size 4 → 3, interval 1 → 2; rate 1.5, SBA 1.5·0.75.
    expect(croston([4, 0, 0, 2], 1, { alpha: 0.5 }).mean[0]).toBeCloseTo(1.5, 12);
    expect(croston([4, 0, 0, 2], 1, { alpha: 0.5, variant: 'sba' }).mean[0]).toBeCloseTo(1.125, 12);
  });

  it('all zeros forecast zero; a single demand repeats it over its interval', () => {
    expect(croston([0, 0, 0], 2).mean).toEqual([0, 0]);
    expect(croston([0, 0, 6], 1).mean[0]).toBeCloseTo(2, 12);
  });

  it('intervals widen with the horizon', () => {
    const r = croston([0, 2, 0, 5, 0, 0, 1, 3, 0, 0, 4, 0], 6, { alpha: 0.2 });
    for (let i = 1; i < 6; i++) expect(r.sd[i]).toBeGreaterThan(r.sd[i - 1]);
  });
});
