import { mean } from './stats.js';
import { seasonalAdjust } from './theta.js';
import { PERIOD } from './types.js';

/** A level shift at the end of a history: its last BREAK_WINDOW months against the BREAK_WINDOW months before them. */
export interface LevelBreak {
  kind: 'collapse' | 'surge';
  /** Mean of the last BREAK_WINDOW months and of the BREAK_WINDOW months before them. */
  recent: number;
  before: number;
  /** recent ÷ before. */
  ratio: number;
  /** True when the months were seasonally adjusted first (a seasonal history of more than two years). */
  seasonallyAdjusted: boolean;
}

/** A quarter's months: the last quarter against the quarter before. */
export const BREAK_WINDOW = 3;
/** recent ÷ before at or below this is a collapse, at or above its inverse a surge. */
export const BREAK_RATIO = 0.5;

/**
 * A collapse or surge at the end of a non-negative history (Olist's closed deals: 207 in April, 6 in
 * November): the mean of the last 3 months is at most half, or at least twice, the mean of the 3
 * months before them. Undefined without 6 months or when nothing was won in the 3 before. Such a history
 * breaks every method's assumption that the near future resembles the past, so the caller warns, and
 * `auto` stops letting levels that lag a break win (see selectForecast). Two quarters suffice: a rule that
 * needs more months (the 6 before, 9 in all) cannot see a break that a short history, or a backtest's early
 * origin, already ends in. A history long enough to show a yearly cycle (more than 2 years of a `period`-month
 * cycle, as Theta's seasonality test) is tested on its seasonally adjusted months: a December twice November
 * in a business whose Decembers always are is its season, not a break.
 */
export function detectBreak(series: readonly number[], period: number = PERIOD): LevelBreak | undefined {
  const n = series.length;
  if (n < 2 * BREAK_WINDOW) return undefined;
  const sa = period > 1 ? seasonalAdjust(series, period) : undefined;
  const y = sa?.adjusted ?? series;
  const recent = mean(y.slice(n - BREAK_WINDOW));
  const before = mean(y.slice(n - 2 * BREAK_WINDOW, n - BREAK_WINDOW));
  if (!(before > 0)) return undefined;
  const ratio = recent / before;
  const seasonallyAdjusted = Boolean(sa?.seasonal);
  if (ratio <= BREAK_RATIO) return { kind: 'collapse', recent, before, ratio, seasonallyAdjusted };
  if (ratio >= 1 / BREAK_RATIO) return { kind: 'surge', recent, before, ratio, seasonallyAdjusted };
  return undefined;
}
