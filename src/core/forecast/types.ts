import { bi, type Bi } from '../i18n.js';
import { Z80, Z95 } from './stats.js';

/**
 * A note on how a forecast was made. forecast() returns every note bilingual; the method modules
 * may still write plain English, which `noteBi` translates.
 */
export type Note = Bi | string;

const NOTES: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^constant series: flat forecast, no spread$/, () => '常数序列：平直预测，无波动'],
  [/^seasonal profile borrowed: naive on adjusted data$/, () => '借用季节模式：对调整后的数据用朴素法'],
  [/^too few observations to estimate the spread; sd = mean absolute level$/, () => '观测太少，无法估计波动；标准差取平均绝对水平'],
  [/^too few seasonal differences to estimate the spread; sd = mean absolute level$/, () => '季节差分太少，无法估计波动；标准差取平均绝对水平'],
  [/^fewer than (\d+) months: seasonal naive unavailable, used naive$/, (m) => `不足 ${m[1]} 个月：无法用季节朴素法，改用朴素法`],
];

/** Both languages of a note (an English note no translation is known for is shown as is in Chinese too). */
export function noteBi(n: Note): Bi {
  if (typeof n !== 'string') return n;
  for (const [re, zh] of NOTES) {
    const m = re.exec(n);
    if (m) return bi(n, zh(m));
  }
  return bi(n, n);
}

/** The monthly cycle every method here assumes. */
export const PERIOD = 12;

export type MethodName = 'auto' | 'snaive' | 'naive' | 'mean' | 'ses' | 'ets' | 'damped' | 'theta' | 'croston' | 'sba' | 'combo' | 'moq' | 'static';

/** Seasonal cycles the methods know: months (12), quarters (4), none (1). */
export type Period = 12 | 4 | 1;

/**
 * One forecast h steps ahead. Arrays all have length h; index 0 is the month after the last observation.
 * `sd[i]` is the forecast standard deviation for that month (what the probability helpers use);
 * the 80/95 % bounds come from the same distribution (normal, or simulated quantiles for ETS
 * models with multiplicative seasonality).
 */
export interface ForecastResult {
  /** What actually produced the numbers, e.g. 'ETS(M,Ad,M)', 'theta(seasonal)', 'snaive', 'mean(fallback)'. */
  method: string;
  /** Fitted parameters (smoothing weights, selected components, flags); for display and audit. */
  params: Record<string, number | string | boolean>;
  mean: number[];
  sd: number[];
  lower80: number[];
  upper80: number[];
  lower95: number[];
  upper95: number[];
  /** In-sample one-step residual standard deviation on the data's scale. */
  fittedResidualSd: number;
  /** True when means and bounds were floored at 0. */
  nonNegative: boolean;
  /** Why a simpler method or a borrowed profile was used, if it was. */
  notes: Note[];
}

/** Builds a result from means and per-step sds with normal bounds. */
export function normalResult(
  method: string,
  params: ForecastResult['params'],
  mean: number[],
  sd: number[],
  fittedResidualSd: number,
  notes: Note[] = [],
): ForecastResult {
  return {
    method,
    params,
    mean,
    sd,
    lower80: mean.map((m, i) => m - Z80 * sd[i]),
    upper80: mean.map((m, i) => m + Z80 * sd[i]),
    lower95: mean.map((m, i) => m - Z95 * sd[i]),
    upper95: mean.map((m, i) => m + Z95 * sd[i]),
    fittedResidualSd,
    nonNegative: false,
    notes,
  };
}

const finite = (v: number): number => (Number.isFinite(v) ? v : 0);

/** Replaces any non-finite number by 0 and, for count series, floors means and bounds at 0. */
export function finalize(r: ForecastResult, nonNegative: boolean): ForecastResult {
  const floor = (v: number): number => (nonNegative ? Math.max(0, finite(v)) : finite(v));
  return {
    ...r,
    mean: r.mean.map(floor),
    sd: r.sd.map((v) => Math.max(0, finite(v))),
    lower80: r.lower80.map(floor),
    upper80: r.upper80.map(floor),
    lower95: r.lower95.map(floor),
    upper95: r.upper95.map(floor),
    fittedResidualSd: Math.max(0, finite(r.fittedResidualSd)),
    nonNegative,
  };
}

/** Multiplies means, sds and bounds by per-step factors (reseasonalising a forecast made on adjusted data). */
export function scaleResult(r: ForecastResult, factors: readonly number[]): ForecastResult {
  const mul = (a: number[]): number[] => a.map((v, i) => v * factors[i]);
  return {
    ...r,
    mean: mul(r.mean),
    sd: r.sd.map((v, i) => v * Math.abs(factors[i])),
    lower80: mul(r.lower80),
    upper80: mul(r.upper80),
    lower95: mul(r.lower95),
    upper95: mul(r.upper95),
  };
}

/** Adds per-step offsets to means and bounds (reseasonalising with additive indices); the spread is unchanged. */
export function shiftResult(r: ForecastResult, offsets: readonly number[]): ForecastResult {
  const add = (a: number[]): number[] => a.map((v, i) => v + offsets[i]);
  return { ...r, mean: add(r.mean), lower80: add(r.lower80), upper80: add(r.upper80), lower95: add(r.lower95), upper95: add(r.upper95) };
}

/**
 * Residual sd when there are too few residuals to estimate one: the series' mean absolute level
 * (coefficient of variation 1), i.e. "we know little", and 0 for an all-zero series.
 */
export function fallbackSd(y: readonly number[]): number {
  if (y.length === 0) return 0;
  let s = 0;
  for (const v of y) s += Math.abs(v);
  return s / y.length;
}
