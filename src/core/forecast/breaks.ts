import { mean } from './stats.js';

/** A level shift at the end of a history: its last RECENT months against the BEFORE months preceding them. */
export interface LevelBreak {
  kind: 'collapse' | 'surge';
  /** Mean of the last RECENT months and of the BEFORE months before them. */
  recent: number;
  before: number;
  /** recent ÷ before. */
  ratio: number;
}

export const BREAK_RECENT = 3;
export const BREAK_BEFORE = 6;
/** recent ÷ before at or below this is a collapse, at or above its inverse a surge. */
export const BREAK_RATIO = 0.5;

/**
 * A collapse or surge at the end of a non-negative history (Olist's closed deals: 207 in April, 6 in
 * November): the mean of the last 3 months is at most half, or at least twice, the mean of the 6
 * months before them. Undefined without 9 months or when nothing was won before. Such a history breaks
 * every method's assumption that the near future resembles the past, so the caller warns rather than
 * trusting any forecast of it.
 */
export function detectBreak(y: readonly number[]): LevelBreak | undefined {
  if (y.length < BREAK_RECENT + BREAK_BEFORE) return undefined;
  const recent = mean(y.slice(y.length - BREAK_RECENT));
  const before = mean(y.slice(y.length - BREAK_RECENT - BREAK_BEFORE, y.length - BREAK_RECENT));
  if (!(before > 0)) return undefined;
  const ratio = recent / before;
  if (ratio <= BREAK_RATIO) return { kind: 'collapse', recent, before, ratio };
  if (ratio >= 1 / BREAK_RATIO) return { kind: 'surge', recent, before, ratio };
  return undefined;
}
