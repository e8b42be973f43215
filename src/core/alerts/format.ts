import { bi, formatNumber, formatPercent, nounCount, type Bi } from '../i18n.js';

/** A number in both languages' notation. */
export const biNum = (v: number, decimals = 0): Bi => bi(formatNumber('en', v, decimals), formatNumber('zh', v, decimals));

export const biPct = (ratio: number, decimals = 1): Bi => bi(formatPercent('en', ratio, decimals), formatPercent('zh', ratio, decimals));

/** Weeks of a streak an alert lists: streaks can be long, and the recent end is the news. */
const LISTED_WEEKS = 8;

/**
 * The last weeks of a weekly streak an alert lists, and, when it lists only those, a line before them saying
 * how long the streak is: the listed weeks alone read as the whole streak. No colon: the CSV joins the lines
 * with "; ".
 */
export function recentWeeks<T>(streak: readonly T[]): { lead: Bi[]; listed: T[] } {
  const listed = streak.slice(Math.max(0, streak.length - LISTED_WEEKS));
  const n = streak.length;
  const lead = listed.length < n ? [bi(`${nounCount(n, 'week')} in a row; only the last ${listed.length} are listed`, `连续 ${n} 周；仅列出最近 ${listed.length} 周`)] : [];
  return { lead, listed };
}
