import { monthEnd, monthIndex, monthStart, parseIsoDate, parseMonthKey, type LocalTime, type MonthIndex } from '../calendar.js';
import { EXIT, PerfError } from '../errors.js';
import { bi } from '../i18n.js';
import type { Period } from './types.js';

export const monthPeriod = (m: MonthIndex): Period => ({ from: monthStart(m), to: monthEnd(m) });

/**
 * The period to score from --month or --from/--to; by default the calendar month holding --as-of,
 * scored up to --as-of (checks that fall due later are reported as pending).
 */
export function periodOf(flags: { month?: string; from?: string; to?: string }, asOf: LocalTime): Period {
  const p = requestedPeriod(flags, asOf);
  if (p.from > asOf)
    throw new PerfError(EXIT.usage, bi('the period starts after --as-of: nothing to score yet', '期间开始于 --as-of 之后：尚无可评分的数据'));
  return p;
}

function requestedPeriod(flags: { month?: string; from?: string; to?: string }, asOf: LocalTime): Period {
  if (flags.month !== undefined && (flags.from !== undefined || flags.to !== undefined))
    throw new PerfError(EXIT.usage, bi('use either --month or --from/--to, not both', '--month 与 --from/--to 只能二选一'));
  if (flags.month !== undefined) {
    const m = parseMonthKey(flags.month);
    if (m === null) throw new PerfError(EXIT.usage, bi(`--month must look like 2026-11, not "${flags.month}"`, `--month 必须形如 2026-11，而不是"${flags.month}"`));
    return monthPeriod(m);
  }
  if (flags.from !== undefined || flags.to !== undefined) {
    const date = (name: string, v: string | undefined, fallback: LocalTime) => {
      if (v === undefined) return fallback;
      const t = parseIsoDate(v);
      if (t === null) throw new PerfError(EXIT.usage, bi(`${name} must be a date like 2026-11-01, not "${v}"`, `${name} 必须是形如 2026-11-01 的日期，而不是"${v}"`));
      return t;
    };
    const from = date('--from', flags.from, monthStart(monthIndex(asOf)));
    const to = date('--to', flags.to, asOf);
    if (to < from) throw new PerfError(EXIT.usage, bi('--to is before --from', '--to 早于 --from'));
    return { from, to };
  }
  return monthPeriod(monthIndex(asOf));
}
