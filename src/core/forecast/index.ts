import { comboForecast, cvSelect, FALLBACKS, keptForecast, selectForecast, type Candidate } from './auto.js';
import { profileFactors } from './decompose.js';
import { meanForecast } from './naive.js';
import { runMethod } from './methods.js';
import { bi, type Bi, nounCount } from '../i18n.js';
import { finalize, normalResult, noteBi, PERIOD, scaleResult, type ForecastResult, type MethodName, type Period } from './types.js';

export type { ForecastResult, MethodName, Note, Period } from './types.js';
export { noteBi, PERIOD } from './types.js';
export { seasonalProfile, isSeasonal } from './decompose.js';
export { probAtLeast, quantile, sumDistribution, type StepRange } from './distribution.js';
export { smape, mase, maseScale } from './metrics.js';
export { staticForecast } from './naive.js';
export { detectBreak, type LevelBreak } from './breaks.js';
export { SELECT_CANDIDATES, selectOnHistory, selectionOrigins, type Candidate, type Selection } from './auto.js';

export interface ForecastOptions {
  /** Default 'auto'. 'combo' is the ETS+Theta+damped mean that 'auto' uses on regular series. */
  method?: MethodName;
  /** Count series: means and interval bounds floored at 0. */
  nonNegative?: boolean;
  /**
   * Twelve multiplicative indices by calendar month (0 = January), e.g. from seasonalProfile() of a
   * parent series. Used only when this series has fewer than 24 months (too short to estimate its own
   * seasonality): the series is divided by the indices, forecast without seasonality, and multiplied back.
   */
  seasonalProfile?: readonly number[];
  /** Calendar month (0 = January) of series[0]; aligns seasonalProfile. Default 0. */
  startMonth?: number;
  /** Seed for simulated intervals (ETS with multiplicative seasonality). Default fixed. */
  seed?: number;
  /** Smoothing weight for croston/sba (default 0.1). */
  alpha?: number;
  /**
   * How 'auto' decides on regular series: 'select' (default) chooses on the series' own rolling origins
   * where its history allows (see SELECT_MAX_CYCLES in auto.ts), else the combination; 'combo' is always
   * the mean of ETS/Theta/damped; 'cv' the older selection among ETS/Theta/damped/combo at 3 origins 6 months apart.
   */
  autoStrategy?: 'select' | 'combo' | 'cv';
  /**
   * Seasonal cycle of the series: 12 (monthly, default), 4 (quarterly), 1 (none). seasonalProfile and
   * the month-of-quarter profile apply to monthly series only.
   */
  period?: Period;
  /**
   * 'auto' forecasts with this candidate (the one an earlier plan chose, e.g. the plan that set a
   * quarter's targets) instead of choosing again on today's origins, which can choose otherwise from
   * one month to the next without new deals; except a lagging candidate (SBA, the static target) after
   * a break, which auto does not choose either.
   */
  keep?: Candidate;
}

/** Share of zeros above which 'auto' treats a series as intermittent and uses SBA. */
export const INTERMITTENT_ZERO_SHARE = 0.4;

const CV_CANDIDATES: readonly Candidate[] = ['ets', 'theta', 'damped', 'combo'];


function emptyResult(h: number, method: string, note: Bi): ForecastResult {
  const z = new Array<number>(h).fill(0);
  return normalResult(method, {}, z, [...z], 0, [note]);
}

/** Non-finite inputs are treated as missing and carried forward from the previous value (0 at the start). */
function clean(series: readonly number[]): { y: number[]; repaired: number } {
  let prev = 0;
  let repaired = 0;
  const y = series.map((v) => {
    if (Number.isFinite(v)) return (prev = v);
    repaired++;
    return prev;
  });
  return { y, repaired };
}

function chooseAuto(y: readonly number[], h: number, opts: ForecastOptions, nonSeasonal: boolean): ForecastResult | undefined {
  const strategy = opts.autoStrategy ?? 'select';
  const mo = { seed: opts.seed, nonSeasonal, period: opts.period, alpha: opts.alpha };
  const chosen = strategy === 'select' ? selectForecast(y, h, mo, opts.keep) : undefined;
  if (chosen) return chosen;
  const kept = opts.keep !== undefined ? keptForecast(y, h, opts.keep, mo) : undefined;
  if (kept) return kept;
  const n = y.length;
  const zeros = y.filter((v) => v === 0).length;
  if (n >= 6 && zeros / n >= INTERMITTENT_ZERO_SHARE && y.every((v) => v >= 0)) {
    const r = runMethod('sba', y, h, { alpha: opts.alpha });
    return r && { ...r, notes: [...r.notes, bi(`intermittent (${zeros}/${n} zero months): SBA`, `间歇性序列（${n} 个月中 ${zeros} 个月为零）：SBA`)] };
  }
  return strategy === 'cv' ? cvSelect(y, h, CV_CANDIDATES, mo) : comboForecast(y, h, mo);
}

/**
 * Forecasts h months ahead. Never throws on short or degenerate input and never returns NaN:
 * empty → zeros; all zeros → zeros with zero spread; 1–2 months → historical mean; a method that
 * needs more data falls back to theta, then SES, then naive (recorded in `notes`).
 */
export function forecast(series: readonly number[], h: number, opts: ForecastOptions = {}): ForecastResult {
  const method = opts.method ?? 'auto';
  const nonNegative = opts.nonNegative ?? false;
  const steps = Math.max(0, Math.floor(h));
  const { y: raw, repaired } = clean(series);
  const repairNote = repaired ? [bi(`${nounCount(repaired, 'non-finite value')} replaced by the previous value`, `${repaired} 个非有限数值已用前一个值代替`)] : [];
  const done = (r: ForecastResult): ForecastResult => finalize({ ...r, notes: [...repairNote, ...r.notes].map(noteBi) }, nonNegative);

  if (raw.length === 0) return done(emptyResult(steps, 'empty', bi('no history: zero forecast', '无历史：预测为零')));
  if (raw.every((v) => v === 0)) return done(emptyResult(steps, 'zero', bi('all history is zero: zero forecast', '历史全为零：预测为零')));

  let y = raw;
  let factors: number[] | undefined;
  const profile = opts.seasonalProfile;
  const period = opts.period ?? PERIOD;
  if (period === PERIOD && profile && profile.length === PERIOD && raw.length < 2 * PERIOD && profile.every((p) => Number.isFinite(p) && p > 0)) {
    const start = opts.startMonth ?? 0;
    const past = profileFactors(profile, start, 0, raw.length);
    y = raw.map((v, t) => v / past[t]);
    factors = profileFactors(profile, start, raw.length, steps);
  }
  const nonSeasonal = factors !== undefined;

  let r: ForecastResult | undefined;
  const notes: Bi[] = [];
  if (y.length <= 2 && method !== 'croston' && method !== 'sba') {
    r = meanForecast(y, steps);
    notes.push(bi(`only ${nounCount(y.length, 'month')}: historical mean`, `仅 ${y.length} 个月：取历史均值`));
  } else if (method === 'auto') {
    r = chooseAuto(y, steps, opts, nonSeasonal);
  } else if (method === 'combo') {
    r = comboForecast(y, steps, { seed: opts.seed, nonSeasonal, period });
  } else {
    r = runMethod(method, y, steps, { seed: opts.seed, alpha: opts.alpha, nonSeasonal, period });
  }
  if (!r) {
    for (const fb of FALLBACKS) {
      r = runMethod(fb, y, steps, { seed: opts.seed, nonSeasonal, period });
      if (r) {
        notes.push(bi(`${method} needs more data (${y.length} months): fell back to ${fb}`, `${method} 需要更多数据（现有 ${y.length} 个月）：改用 ${fb}`));
        break;
      }
    }
  }
  let out = r ?? meanForecast(y, steps);
  out = { ...out, notes: [...out.notes, ...notes] };
  if (factors) {
    out = scaleResult(out, factors);
    out = { ...out, method: `${out.method}+profile`, notes: [...out.notes, bi('seasonality borrowed from the supplied profile', '季节性借用自给定的季节模式')] };
  }
  return done(out);
}
