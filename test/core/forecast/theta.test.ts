import { describe, expect, it } from 'vitest';
import { isSeasonal, seasonalFigure, seasonalProfile } from '../../../src/core/forecast/decompose.js';
import { theta } from '../../../src/core/forecast/theta.js';
import { INDEX, noise, seasonal } from './helpers.js';

describe('decomposition and seasonality test', () => {
  it('recovers exact multiplicative indices', () => {
    const fig = seasonalFigure(seasonal(4), 'multiplicative');
    fig.forEach((f, p) => expect(f).toBeCloseTo(INDEX[p], 10));
  });

  it('flags a seasonal series and not a trend or a constant', () => {
    expect(isSeasonal(seasonal(3))).toBe(true);
    expect(isSeasonal(Array.from({ length: 36 }, (_, t) => 10 + t))).toBe(false);
    expect(isSeasonal(new Array(36).fill(5))).toBe(false);
    // Needs more than two years.
    expect(isSeasonal(seasonal(2))).toBe(false);
  });

  it('profile is indexed by calendar month', () => {
    // Series starts in April (3): its first value carries INDEX[0], which is April's index.
    const prof = seasonalProfile(seasonal(3), 3)!;
    expect(prof[3]).toBeCloseTo(INDEX[0], 10);
    expect(prof[2]).toBeCloseTo(INDEX[11], 10);
    expect(prof.reduce((a, b) => a + b, 0)).toBeCloseTo(12, 10);
    expect(seasonalProfile(seasonal(1))).toBeUndefined();
  });
});

describe('theta', () => {
  it('flat series gives a flat forecast with no spread', () => {
    const r = theta(new Array(20).fill(7), 5)!;
    expect(r.mean).toEqual([7, 7, 7, 7, 7]);
    expect(r.sd).toEqual([0, 0, 0, 0, 0]);
  });

  it('pure seasonal series is repeated', () => {
    const y = seasonal(4, 200);
    const r = theta(y, 12)!;
    expect(r.method).toBe('theta(seasonal)');
    r.mean.forEach((v, i) => expect(v).toBeCloseTo(200 * INDEX[i], 6));
  });

  it('linear trend: SES follows the data (α at its bound) and half the slope is added per step', () => {
    // y = 10 + 2t: SES level ends at the last value, drift = slope/2 = 1, lead = (1 − (1−α)^n)/α ≈ 1.
    const y = Array.from({ length: 30 }, (_, t) => 10 + 2 * t);
    const r = theta(y, 4)!;
    expect(r.params.alpha).toBeCloseTo(0.9999, 4);
    expect(r.params.drift).toBeCloseTo(1, 10);
    r.mean.forEach((v, i) => expect(v).toBeCloseTo(68 + (i + 1), 2));
  });

  it('intervals widen with the horizon and 95 % contains 80 %', () => {
    const y = Array.from({ length: 40 }, (_, t) => 50 + 0.5 * t + 5 * noise(40)[t]);
    const r = theta(y, 12)!;
    for (let i = 1; i < 12; i++) expect(r.upper95[i] - r.lower95[i]).toBeGreaterThan(r.upper95[i - 1] - r.lower95[i - 1]);
    for (let i = 0; i < 12; i++) {
      expect(r.lower95[i]).toBeLessThan(r.lower80[i]);
      expect(r.upper95[i]).toBeGreaterThan(r.upper80[i]);
    }
  });
});
