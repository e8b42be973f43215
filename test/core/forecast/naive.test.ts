import { describe, expect, it } from 'vitest';
import { meanForecast, naive, snaive } from '../../../src/core/forecast/naive.js';
import { seasonal } from './helpers.js';

describe('seasonal naive', () => {
  it('repeats the last year exactly', () => {
    const y = seasonal(3);
    const r = snaive(y, 18);
    expect(r.mean).toEqual([...y.slice(24, 36), ...y.slice(24, 30)]);
    expect(r.sd.every((s) => s === 0)).toBe(true);
  });

  it('sd is σ√(k+1) with σ the RMS of seasonal differences', () => {
    // Second year is first year + 3 everywhere except one month (+7): σ = √((11·9 + 49)/12).
    const y1 = seasonal(1);
    const y2 = y1.map((v, i) => v + (i === 4 ? 7 : 3));
    const r = snaive([...y1, ...y2], 25);
    const sigma = Math.sqrt((11 * 9 + 49) / 12);
    expect(r.sd[0]).toBeCloseTo(sigma, 10);
    expect(r.sd[11]).toBeCloseTo(sigma, 10);
    expect(r.sd[12]).toBeCloseTo(sigma * Math.SQRT2, 10);
    expect(r.sd[24]).toBeCloseTo(sigma * Math.sqrt(3), 10);
    expect(r.upper95[0] - r.mean[0]).toBeCloseTo(1.959964 * sigma, 4);
    expect(r.upper80[0] - r.mean[0]).toBeCloseTo(1.281552 * sigma, 4);
  });

  it('falls back to naive under one year', () => {
    const r = snaive([5, 7, 6], 2);
    expect(r.method).toBe('naive');
    expect(r.mean).toEqual([6, 6]);
  });
});

describe('naive and mean', () => {
  it('naive carries the last value with random-walk sd', () => {
    const r = naive([1, 3, 2, 4], 3);
    expect(r.mean).toEqual([4, 4, 4]);
    const sigma = Math.sqrt((4 + 1 + 4) / 3);
    expect(r.sd[0]).toBeCloseTo(sigma, 12);
    expect(r.sd[2]).toBeCloseTo(sigma * Math.sqrt(3), 12);
  });

  it('mean forecasts the average', () => {
    const r = meanForecast([2, 4, 6, 8], 2);
    expect(r.mean).toEqual([5, 5]);
    expect(r.fittedResidualSd).toBeCloseTo(Math.sqrt(20 / 3), 12);
  });
});
