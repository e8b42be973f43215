import { describe, expect, it } from 'vitest';
import { backtest } from '../../../src/core/forecast/backtest.js';
import { mase, maseScale, smape } from '../../../src/core/forecast/metrics.js';
import { seasonal } from './helpers.js';

describe('metrics', () => {
  it('sMAPE and MASE by hand', () => {
    expect(smape([100, 50], [110, 50])).toBeCloseTo((200 * 10) / 210 / 2, 12);
    expect(smape([0], [0])).toBe(0);
    // Scale: |x_t − x_{t−12}| is 2 everywhere.
    const train = Array.from({ length: 24 }, (_, t) => (t % 12) + (t < 12 ? 0 : 2));
    expect(maseScale(train)).toBe(2);
    expect(mase([10, 20], [12, 16], 2)).toBe(1.5);
  });
});

describe('backtest', () => {
  it('seasonal naive is perfect on a pure seasonal series; naive is not', () => {
    const y = seasonal(4);
    const [sn, nv] = backtest(y, { origins: 3, h: 6, methods: ['snaive', 'naive'] });
    expect(sn.origins).toBe(3);
    expect(sn.points).toBe(18);
    expect(sn.mae).toBe(0);
    expect(sn.bias).toBe(0);
    expect(sn.coverage95).toBe(1);
    expect(nv.mae).toBeGreaterThan(0);
    expect(nv.wape).toBeGreaterThan(0);
  });

  it('naive on a hand-checkable series', () => {
    // Origins 4 and 5 (h = 1): forecasts 4 → actual 5 and 5 → actual 7.
    const [r] = backtest([1, 2, 3, 4, 5, 7], { origins: [4, 5], h: 1, methods: ['naive'] });
    expect(r.mae).toBe(1.5);
    expect(r.bias).toBe(-1.5);
    expect(r.wape).toBeCloseTo(3 / 12, 12);
    // Lag-1 scales (under 13 months): 1 for both origins → MASE = mean(1, 2).
    expect(r.mase).toBe(1.5);
  });

  it('skips origins without enough history and never returns NaN', () => {
    const [r] = backtest([0, 0, 0, 0], { origins: 5, h: 2, methods: ['auto'] });
    expect(r.origins).toBe(0);
    expect(r.mae).toBe(0);
    expect(r.wape).toBeNull();
    expect(r.mase).toBeNull();
  });
});
