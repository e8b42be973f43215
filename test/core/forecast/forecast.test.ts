import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forecast, noteBi, seasonalProfile, type MethodName } from '../../../src/core/forecast/index.js';
import { INDEX, noise, seasonal } from './helpers.js';

const ALL: MethodName[] = ['auto', 'snaive', 'naive', 'mean', 'ses', 'ets', 'damped', 'theta', 'croston', 'sba', 'combo', 'moq', 'static'];
const notesOf = (r: ReturnType<typeof forecast>, lang: 'en' | 'zh' = 'en') => r.notes.map((n) => noteBi(n)[lang]).join(' ');
const arrays = (r: ReturnType<typeof forecast>): number[][] => [r.mean, r.sd, r.lower80, r.upper80, r.lower95, r.upper95];

describe('forecast() edge cases', () => {
  it.each(ALL)('%s: all zeros → zeros with no spread', (method) => {
    const r = forecast(new Array(30).fill(0), 4, { method });
    for (const a of arrays(r)) expect(a).toEqual([0, 0, 0, 0]);
  });

  it.each(ALL)('%s: a single month → that value, sd = its size', (method) => {
    const r = forecast([12], 3, { method });
    if (method === 'croston' || method === 'sba') {
      expect(r.mean[0]).toBeCloseTo(method === 'sba' ? 12 * 0.95 : 12, 10);
    } else {
      expect(r.mean).toEqual([12, 12, 12]);
      expect(r.sd[0]).toBeCloseTo(12 * Math.sqrt(2), 10);
    }
    expect(arrays(r).flat().every(Number.isFinite)).toBe(true);
  });

  it.each(ALL)('%s: two months, flat series, tiny series never produce NaN', (method) => {
    for (const y of [[3, 5], [4, 4, 4, 4, 4, 4, 4, 4, 4, 4], [1, 0, 2], [5, 1, 7, 2, 9], [-3, 2, -1, 4, 0, 6, -2, 1]]) {
      const r = forecast(y, 7, { method });
      expect(r.mean).toHaveLength(7);
      expect(arrays(r).flat().every(Number.isFinite)).toBe(true);
    }
    const flat = forecast(new Array(30).fill(9), 3, { method });
    expect(flat.mean.every((v) => Math.abs(v - (method === 'sba' ? 9 * 0.95 : 9)) < 1e-9)).toBe(true);
  });

  it('two months use the historical mean', () => {
    const r = forecast([3, 5], 2);
    expect(r.mean).toEqual([4, 4]);
    expect(r.method).toBe('mean');
  });

  it('empty history and h = 0', () => {
    expect(forecast([], 3).mean).toEqual([0, 0, 0]);
    expect(forecast([1, 2, 3], 0).mean).toEqual([]);
  });

  it('non-finite inputs are carried forward and noted', () => {
    const r = forecast([4, Number.NaN, 6, Infinity, 5, 5, 6, 4], 2, { method: 'naive' });
    expect(r.mean).toEqual([4, 4]);
    expect(notesOf(r)).toMatch(/2 non-finite/);
    expect(notesOf(r, 'zh')).toContain('2 个非有限数值');
  });

  it('a method short of data falls back and says so', () => {
    const r = forecast([5, 6, 7, 8, 9], 2, { method: 'ets' });
    expect(r.method).toBe('theta');
    expect(notesOf(r)).toMatch(/fell back to theta/);
    expect(notesOf(r, 'zh')).toContain('改用 theta');
  });

  it('auto uses SBA on intermittent series when it does not choose on rolling origins', () => {
    const r = forecast([0, 3, 0, 0, 5, 0, 2, 0, 0, 1, 0, 0], 3, { autoStrategy: 'combo' });
    expect(r.method).toBe('sba');
    // Every note comes back in both languages, including those the method modules write in English.
    expect(r.notes).toContainEqual({ en: 'intermittent (8/12 zero months): SBA', zh: '间歇性序列（12 个月中 8 个月为零）：SBA' });
    expect(notesOf(forecast([5, 5, 5, 5, 5], 2, { method: 'ets' }), 'zh')).not.toMatch(/[a-z]{4,}/);
  });

  it('auto repeats a pure seasonal pattern', () => {
    const r = forecast(seasonal(5, 100), 12);
    r.mean.forEach((v, i) => expect(v / (100 * INDEX[i])).toBeCloseTo(1, 2));
  });

  it('borrows a seasonal profile for a short series', () => {
    const team = seasonal(3, 1000); // starts in January
    const prof = seasonalProfile(team, 0)!;
    // A rep with 8 months starting in March at a steady level of 10 (seasonality only).
    const rep = Array.from({ length: 8 }, (_, t) => 10 * INDEX[(2 + t) % 12]);
    const r = forecast(rep, 4, { seasonalProfile: prof, startMonth: 2 });
    expect(r.method).toMatch(/\+profile$/);
    // Next months are November..February.
    r.mean.forEach((v, i) => expect(v).toBeCloseTo(10 * INDEX[(10 + i) % 12], 6));
  });
});

describe('forecast() intervals', () => {
  const y = seasonal(4, 100).map((v, t) => v + 0.8 * t + 6 * noise(48, 21)[t]);
  it.each(['snaive', 'naive', 'ets', 'theta', 'damped', 'auto', 'ses'] as MethodName[])('%s: 95 %% contains 80 %% contains the mean', (method) => {
    const r = forecast(y, 18, { method });
    for (let i = 0; i < 18; i++) {
      expect(r.lower95[i]).toBeLessThanOrEqual(r.lower80[i]);
      expect(r.lower80[i]).toBeLessThanOrEqual(r.mean[i]);
      expect(r.mean[i]).toBeLessThanOrEqual(r.upper80[i]);
      expect(r.upper80[i]).toBeLessThanOrEqual(r.upper95[i]);
    }
  });

  it.each(['snaive', 'naive', 'ses', 'croston'] as MethodName[])('%s: width does not shrink with the horizon', (method) => {
    const r = forecast(y, 18, { method });
    for (let i = 1; i < 18; i++) expect(r.upper95[i] - r.lower95[i]).toBeGreaterThanOrEqual(r.upper95[i - 1] - r.lower95[i - 1] - 1e-9);
    expect(r.upper95[17] - r.lower95[17]).toBeGreaterThan(r.upper95[0] - r.lower95[0]);
  });

  it('ets/theta: the sd relative to the seasonal level grows', () => {
    for (const method of ['ets', 'theta', 'auto'] as MethodName[]) {
      const r = forecast(y, 18, { method });
      expect(r.sd[17] / r.mean[17]).toBeGreaterThan(r.sd[0] / r.mean[0]);
    }
  });
});

describe('count forecasts', () => {
  it('are never negative and never NaN (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 20 }), { minLength: 0, maxLength: 40 }),
        fc.integer({ min: 1, max: 18 }),
        fc.constantFrom(...ALL),
        (y, h, method) => {
          const r = forecast(y, h, { method, nonNegative: true });
          for (const a of arrays(r)) {
            expect(a).toHaveLength(h);
            for (const v of a) expect(v >= 0 && Number.isFinite(v)).toBe(true);
          }
        },
      ),
      { numRuns: 150, seed: 42 },
    );
  });

  it('a falling count series is floored at 0', () => {
    const r = forecast([30, 25, 20, 15, 10, 6, 3, 1, 0, 0], 6, { method: 'ets', nonNegative: true });
    expect(Math.min(...r.lower95)).toBe(0);
    expect(r.nonNegative).toBe(true);
  });
});
