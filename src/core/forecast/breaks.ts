import { mean } from './stats.js';

/** A level shift at the end of a history: its last BREAK_WINDOW months against the BREAK_WINDOW months before them. */
export interface LevelBreak {
  kind: 'collapse' | 'surge';
  /** Mean of the last BREAK_WINDOW months and of the BREAK_WINDOW months before them. */
  recent: number;
  before: number;
  /** recent ÷ before. */
  ratio: number;
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
 * `auto` stops choosing on the months before the break (see selectForecast). Two quarters suffice: a
 * rule that needs more months (the 6 before, 9 in all) cannot see a break that a short history, or a
 * backtest's early origin, already ends in.
 */
export function detectBreak(y: readonly number[]): LevelBreak | undefined {
  const n = y.length;
  if (n < 2 * BREAK_WINDOW) return undefined;
  const recent = mean(y.slice(n - BREAK_WINDOW));
  const before = mean(y.slice(n - 2 * BREAK_WINDOW, n - BREAK_WINDOW));
  if (!(before > 0)) return undefined;
  const ratio = recent / before;
  if (ratio <= BREAK_RATIO) return { kind: 'collapse', recent, before, ratio };
  if (ratio >= 1 / BREAK_RATIO) return { kind: 'surge', recent, before, ratio };
  return undefined;
}
