import { describe, expect, it } from 'vitest';
import { etsAuto, etsForecast, etsPointForecast, filterEts, fitEts, selectEts } from '../../../src/core/forecast/ets.js';
import { damped } from '../../../src/core/forecast/damped.js';
import { INDEX, noise, seasonal } from './helpers.js';

describe('ETS', () => {
  it('constant series: flat, zero spread', () => {
    const r = etsAuto(new Array(24).fill(3), 6)!;
    expect(r.mean).toEqual(new Array(6).fill(3));
    expect(r.sd.every((s) => s === 0)).toBe(true);
  });

  it('pure seasonal series is repeated closely by a seasonal model', () => {
    const y = seasonal(4, 100).map((v, t) => v * (1 + 0.002 * noise(48)[t]));
    const fit = selectEts(y)!;
    expect(fit.season).not.toBe('N');
    const r = etsForecast(fit, 12);
    r.mean.forEach((v, i) => expect(Math.abs(v / (100 * INDEX[i]) - 1)).toBeLessThan(0.01));
  });

  it('linear trend is extrapolated', () => {
    const y = Array.from({ length: 30 }, (_, t) => 10 + 2 * t + 0.1 * noise(30)[t]);
    const fit = fitEts(y, { error: 'A', trend: 'A', season: 'N' })!;
    const r = etsForecast(fit, 6);
    r.mean.forEach((v, i) => expect(v).toBeCloseTo(10 + 2 * (30 + i), 0));
    // Selection prefers a trend model on trending data.
    expect(selectEts(y)!.trend).not.toBe('N');
  });

  it('class 1 variance: SES sd_h = σ√(1 + (h−1)α²)', () => {
    const y = Array.from({ length: 40 }, (_, t) => 100 + 10 * noise(40, 3)[t]);
    const fit = fitEts(y, { error: 'A', trend: 'N', season: 'N' })!;
    const r = etsForecast(fit, 5);
    const s = Math.sqrt(fit.sigma2);
    r.sd.forEach((v, i) => expect(v).toBeCloseTo(s * Math.sqrt(1 + i * fit.alpha ** 2), 10));
    r.mean.forEach((v) => expect(v).toBeCloseTo(fit.level, 10));
  });

  it('respects the usual parameter bounds', () => {
    const y = seasonal(5, 100).map((v, t) => v + 3 * t + 5 * noise(60, 11)[t]);
    const fit = fitEts(y, { error: 'M', trend: 'Ad', season: 'M' })!;
    expect(fit.alpha).toBeGreaterThanOrEqual(1e-4);
    expect(fit.beta).toBeLessThanOrEqual(fit.alpha);
    expect(fit.gamma).toBeLessThanOrEqual(1 - fit.alpha);
    expect(fit.phi).toBeGreaterThanOrEqual(0.8);
    expect(fit.phi).toBeLessThanOrEqual(0.98);
  });

  it('simulated intervals (multiplicative season) are seeded and nested', () => {
    const y = seasonal(5, 100).map((v, t) => v * (1 + 0.05 * noise(60, 5)[t]));
    const fit = fitEts(y, { error: 'M', trend: 'N', season: 'M' })!;
    const a = etsForecast(fit, 12, { seed: 1 });
    const b = etsForecast(fit, 12, { seed: 1 });
    expect(a.upper95).toEqual(b.upper95);
    expect(a.params.intervals).toBe('simulated');
    for (let i = 0; i < 12; i++) {
      expect(a.lower95[i]).toBeLessThanOrEqual(a.lower80[i]);
      expect(a.upper95[i]).toBeGreaterThanOrEqual(a.upper80[i]);
      expect(a.lower80[i]).toBeLessThan(a.mean[i]);
      expect(a.upper80[i]).toBeGreaterThan(a.mean[i]);
    }
  });

  it('additive-error intervals widen with the horizon', () => {
    const y = Array.from({ length: 36 }, (_, t) => 50 + t + 4 * noise(36, 9)[t]);
    const r = etsForecast(fitEts(y, { error: 'A', trend: 'Ad', season: 'N' })!, 12);
    for (let i = 1; i < 12; i++) expect(r.sd[i]).toBeGreaterThan(r.sd[i - 1]);
  });

  it('skips multiplicative models on data with zeros and seasonal models on short data', () => {
    const y = Array.from({ length: 30 }, (_, t) => (t % 5 === 0 ? 0 : 10 + noise(30)[t]));
    const fit = selectEts(y)!;
    expect(fit.error).toBe('A');
    expect(fit.season).toBe('N');
    expect(selectEts(seasonal(1.5))!.season).toBe('N');
  });
});

describe('damped trend on adjusted data', () => {
  it('pure seasonal series is repeated', () => {
    const r = damped(seasonal(4, 100), 12)!;
    expect(r.method).toBe('damped(seasonal)');
    r.mean.forEach((v, i) => expect(v).toBeCloseTo(100 * INDEX[i], 0));
  });

  it('trend flattens out (damping)', () => {
    const y = Array.from({ length: 36 }, (_, t) => 10 + 2 * t + 0.2 * noise(36)[t]);
    const r = damped(y, 24)!;
    expect(r.mean[1] - r.mean[0]).toBeGreaterThan(r.mean[23] - r.mean[22]);
    expect(r.mean[0]).toBeGreaterThan(y[35]);
  });
});

describe('ETS recursions by hand', () => {
  it("Holt's linear: α = 0.5, β = 0.25, l0 = 10, b0 = 1 on [12, 13]", () => {
    // t1: f = 11, e = 1, l = 11.5, b = 1 + 0.25·1 = 1.25
    // t2: f = 12.75, e = 0.25, l = 12.875, b = 1.25 + 0.25·0.25 = 1.3125
    const fit = filterEts([12, 13], { error: 'A', trend: 'A', season: 'N' }, { alpha: 0.5, beta: 0.25, level0: 10, slope0: 1 }, 12)!;
    expect(fit.level).toBeCloseTo(12.875, 12);
    expect(fit.slope).toBeCloseTo(1.3125, 12);
    expect(etsPointForecast(fit, 2)).toEqual([14.1875, 15.5]);
  });

  it('damped trend point forecast uses φ + φ² + …', () => {
    const fit = filterEts([12, 13], { error: 'A', trend: 'Ad', season: 'N' }, { alpha: 0.5, beta: 0.25, phi: 0.9, level0: 10, slope0: 1 }, 12)!;
    // t1: q = 10.9, e = 1.1, l = 11.45, b = 0.9 + 0.25·1.1 = 1.175
    // t2: q = 11.45 + 1.0575 = 12.5075, e = 0.4925, l = 12.75375, b = 1.0575 + 0.123125 = 1.180625
    expect(fit.level).toBeCloseTo(12.75375, 12);
    expect(fit.slope).toBeCloseTo(1.180625, 12);
    const f = etsPointForecast(fit, 2);
    expect(f[0]).toBeCloseTo(12.75375 + 0.9 * 1.180625, 12);
    expect(f[1]).toBeCloseTo(12.75375 + (0.9 + 0.81) * 1.180625, 12);
  });

  it('multiplicative season (m = 2): α = 0.5, γ = 0.2, l0 = 10, s = [0.8, 1.2] on [9, 12]', () => {
    // t0: f = 8, l = 10 + 0.5·(9/0.8 − 10) = 10.625, s0 = 0.8 + 0.2·(0.9 − 0.8) = 0.82
    // t1: f = 12.75, l = 10.625 + 0.5·(10 − 10.625) = 10.3125, s1 = 1.2 + 0.2·(12/10.625 − 1.2)
    const fit = filterEts([9, 12], { error: 'M', trend: 'N', season: 'M' }, { alpha: 0.5, gamma: 0.2, level0: 10, season0: [0.8, 1.2] }, 2)!;
    const s1 = 1.2 + 0.2 * (12 / 10.625 - 1.2);
    expect(fit.level).toBeCloseTo(10.3125, 12);
    expect(fit.seas[0]).toBeCloseTo(0.82, 12);
    expect(fit.seas[1]).toBeCloseTo(s1, 12);
    const f = etsPointForecast(fit, 2);
    expect(f[0]).toBeCloseTo(10.3125 * 0.82, 12);
    expect(f[1]).toBeCloseTo(10.3125 * s1, 12);
    // Likelihood for multiplicative errors: n·log Σe² + 2·Σ log|f|, e = (y − f)/f.
    const sse = (1 / 8) ** 2 + (-0.75 / 12.75) ** 2;
    expect(fit.lik).toBeCloseTo(2 * Math.log(sse) + 2 * (Math.log(8) + Math.log(12.75)), 10);
  });

  it('rejects parameters outside the usual bounds (β > α)', () => {
    expect(filterEts([1, 2, 3], { error: 'A', trend: 'A', season: 'N' }, { alpha: 0.2, beta: 0.3, level0: 0, slope0: 1 })).toBeUndefined();
  });
});
