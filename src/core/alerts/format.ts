import { bi, formatNumber, formatPercent, type Bi } from '../i18n.js';

/** A number in both languages' notation. */
export const biNum = (v: number, decimals = 0): Bi => bi(formatNumber('en', v, decimals), formatNumber('zh', v, decimals));

export const biPct = (ratio: number, decimals = 1): Bi => bi(formatPercent('en', ratio, decimals), formatPercent('zh', ratio, decimals));

/** At most the last `n` items (streaks can be long; the message shows the recent end). */
export const lastItems = <T>(items: readonly T[], n: number): T[] => items.slice(Math.max(0, items.length - n));
