import { forecast, type ForecastOptions } from './index.js';
import { mase, maseScale } from './metrics.js';
import type { MethodName } from './types.js';

export interface BacktestOptions extends Omit<ForecastOptions, 'method'> {
  /**
   * Forecast origins, as training lengths (each forecasts months origin+1..origin+h), or a count k
   * meaning the last k origins that still have h actual months after them: n−h−k+1 … n−h.
   * Origins with fewer than `minTrain` (default 3) months of history are skipped.
   */
  origins: number | readonly number[];
  h: number;
  methods: readonly MethodName[];
  minTrain?: number;
  /**
   * The borrowed seasonal profile at an origin (its training length), instead of one fixed seasonalProfile: a
   * profile estimated on a parent's whole history would know the test months (a leak), so the caller estimates
   * it on the parent's months before each origin.
   */
  profileAt?: (trainLength: number) => readonly number[] | undefined;
}

/** Rolling-origin errors of one way of forecasting, pooled over origins and steps. */
export interface OriginScore {
  /** Origins evaluated and (origin, step) pairs scored. */
  origins: number;
  points: number;
  /** Mean absolute error. */
  mae: number;
  /** Σ|error| / Σ|actual|, as a fraction (0.12 = 12 %); null when every actual is 0. */
  wape: number | null;
  /** MAE over the in-sample seasonal-naive MAE of each origin's history (lag 1 under 13 months), averaged over origins; null if no origin has a non-zero scale. */
  mase: number | null;
  /** Mean of forecast − actual (positive = over-forecast). */
  bias: number;
  /** Share of actuals inside the 80 % / 95 % intervals; null for a forecast without intervals. */
  coverage80: number | null;
  coverage95: number | null;
}

export interface BacktestRow extends OriginScore {
  method: MethodName;
  coverage80: number;
  coverage95: number;
}

/** What a forecaster returns for scoring: means, and interval bounds when it has them. */
export interface Prediction {
  mean: readonly number[];
  lower80?: readonly number[];
  upper80?: readonly number[];
  lower95?: readonly number[];
  upper95?: readonly number[];
}

/** Scores `predict` (training months → the next `steps` months) at each origin of `series`. */
export function scoreOrigins(
  series: readonly number[],
  origins: readonly number[],
  h: number,
  predict: (train: number[], steps: number) => Prediction,
): OriginScore {
  const n = series.length;
  let absSum = 0;
  let actSum = 0;
  let biasSum = 0;
  let in80 = 0;
  let in95 = 0;
  let intervals = true;
  let points = 0;
  let maseSum = 0;
  let maseCount = 0;
  for (const o of origins) {
    const train = series.slice(0, o);
    const actual = series.slice(o, Math.min(n, o + h));
    const r = predict(train, actual.length);
    const { lower80, upper80, lower95, upper95 } = r;
    if (!lower80 || !upper80 || !lower95 || !upper95) intervals = false;
    for (let i = 0; i < actual.length; i++) {
      const e = r.mean[i] - actual[i];
      absSum += Math.abs(e);
      actSum += Math.abs(actual[i]);
      biasSum += e;
      if (lower80 && upper80 && actual[i] >= lower80[i] && actual[i] <= upper80[i]) in80++;
      if (lower95 && upper95 && actual[i] >= lower95[i] && actual[i] <= upper95[i]) in95++;
      points++;
    }
    const m = mase(actual, r.mean, maseScale(train));
    if (Number.isFinite(m)) {
      maseSum += m;
      maseCount++;
    }
  }
  const per = (v: number): number => (points ? v / points : 0);
  return {
    origins: origins.length,
    points,
    mae: per(absSum),
    wape: actSum > 0 ? absSum / actSum : null,
    mase: maseCount ? maseSum / maseCount : null,
    bias: per(biasSum),
    coverage80: intervals ? per(in80) : null,
    coverage95: intervals ? per(in95) : null,
  };
}

/** Rolling-origin evaluation of each method on one series' own history. */
export function backtest(series: readonly number[], opts: BacktestOptions): BacktestRow[] {
  const n = series.length;
  const h = Math.max(1, Math.floor(opts.h));
  const minTrain = opts.minTrain ?? 3;
  const cut =
    typeof opts.origins === 'number'
      ? Array.from({ length: Math.max(0, Math.floor(opts.origins)) }, (_, k) => n - h - k).reverse()
      : [...opts.origins];
  const origins = cut.filter((o) => Number.isInteger(o) && o >= minTrain && o < n);
  const { origins: _o, h: _h, methods, minTrain: _m, profileAt, ...fopts } = opts;
  return methods.map((method) => {
    // Every method of the core has intervals, so its coverage is never null.
    const s = scoreOrigins(series, origins, h, (train, steps) =>
      forecast(train, steps, { ...fopts, method, ...(profileAt ? { seasonalProfile: profileAt(train.length) } : {}) }),
    );
    return { ...s, method, coverage80: s.coverage80 ?? 0, coverage95: s.coverage95 ?? 0 };
  });
}
