import { MS_PER_DAY, MS_PER_HOUR, isoDate, toLocalTime, type LocalTime } from '../calendar.js';
import { bi, type Bi } from '../i18n.js';
import { foldWidth } from './text.js';
import type { Cell, ParseResult } from './types.js';

/** How a column writes day-first or month-first dates; year-first dates never depend on it. */
export type DateOrder = 'YMD' | 'DMY' | 'MDY';

export interface DateOptions {
  /** From {@link detectDateOrder}. Under 'YMD', `3/4/2026` is refused as ambiguous; `31/3/2026` still reads. */
  order: DateOrder;
  /** The configured zone: instants written with `Z` or an offset become its wall-clock time. */
  timeZone: string;
  /** The workbook uses Excel's 1904 date system (old Mac workbooks). */
  date1904?: boolean;
  /** Dates outside these years are refused (config `dateRange`); default {@link DEFAULT_YEARS}. */
  years?: YearRange;
}

/** The years a date may fall in, both included. */
export interface YearRange {
  minYear: number;
  maxYear: number;
}

/**
 * A CRM date before 1990 or after 2100 is a typo (0026 for 2026, 9999 as "never"), not a sale: read
 * silently it would stretch every series over centuries.
 */
export const DEFAULT_YEARS: YearRange = { minYear: 1990, maxYear: 2100 };

/** The date lies within the years, both included. */
export const withinYears = (t: LocalTime, years: YearRange = DEFAULT_YEARS): boolean =>
  t >= Date.UTC(years.minYear, 0, 1) && t < Date.UTC(years.maxYear + 1, 0, 1);
const MAX_SERIAL = 2958465; // 9999-12-31
const MAX_LENGTH = 64; // longer text is never a date; also bounds every regex below

const EXPECTED = bi(
  'expected a date such as 2026-03-31, 2026/3/31 or 2026年3月31日',
  '应为日期，例如 2026-03-31、2026/3/31 或 2026年3月31日',
);
const BAD_TIME = bi(
  'expected a time of day after the date, such as 14:05, 2:05 PM or 下午2:05',
  '日期后的时间应为一天中的时刻，例如 14:05、2:05 PM 或 下午2:05',
);
const INVALID_DATE_CELL = bi('expected a date, but the cell holds an invalid date', '应为日期，但单元格中的日期无效');
const PHANTOM = bi(
  "Excel serial 60 is 1900-02-29, Excel's phantom leap day that never existed (expected a real date)",
  'Excel 序列号 60 对应 1900-02-29，这是 Excel 虚构的闰日，实际并不存在（应为真实日期）',
);
export const yearOutOfRange = (what: string, years: YearRange = DEFAULT_YEARS): Bi =>
  bi(
    `${what}: the year is outside the supported range ${years.minYear}–${years.maxYear} (config dateRange)`,
    `${what}：年份超出支持的范围 ${years.minYear}–${years.maxYear}（配置项 dateRange）`,
  );
const noSuchDate = (y: number, m: number, d: number): Bi =>
  bi(
    `no such date: ${y}-${m}-${d} (expected a real calendar date such as 2026-03-31)`,
    `不存在的日期：${y}-${m}-${d}（应为真实的日历日期，例如 2026-03-31）`,
  );
const notSerial = (n: number): Bi =>
  bi(
    `the number ${n} is not an Excel date serial (1–${MAX_SERIAL}); expected a date such as 2026-03-31`,
    `数字 ${n} 不是 Excel 日期序列号（1–${MAX_SERIAL}）；应为日期，例如 2026-03-31`,
  );
const badTimeZone = (tz: string): Bi => bi(`unknown time zone ${tz}`, `未知的时区 ${tz}`);

const ORDER_TEXT: Record<DateOrder, Bi> = {
  YMD: bi('year/month/day, e.g. 2026/3/31', '年/月/日，例如 2026/3/31'),
  DMY: bi('day/month/year, e.g. 31/3/2026', '日/月/年，例如 31/3/2026'),
  MDY: bi('month/day/year, e.g. 3/31/2026', '月/日/年，例如 3/31/2026'),
};

/** The order in words, for messages. */
export const formatDateOrder = (order: DateOrder): Bi => ORDER_TEXT[order];

const wrongOrder = (text: string, order: DateOrder): Bi =>
  bi(
    `${text} is not a valid date in this column's order, ${ORDER_TEXT[order].en}`,
    `${text} 按本列的日期顺序（${ORDER_TEXT[order].zh}）不是有效日期`,
  );
const ambiguousOrder = (text: string): Bi =>
  bi(
    `${text} is ambiguous: day/month or month/day? Write 2026-03-31 or set the column's date order`,
    `${text} 有歧义：是日/月还是月/日？请写成 2026-03-31 或设置该列的日期顺序`,
  );

// Date heads; the rest of the string is the time tail. Digit runs are bounded, so no backtracking blow-up.
const YEAR_FIRST = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(.*)$/;
const YEAR_LAST = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(.*)$/;
const CHINESE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?(.*)$/;
const NUMERIC = /^\d{1,7}(?:\.\d+)?$/;
// [T or space] [上午|下午] H:MM[:SS[.fff]] | H时[M分[S秒]] [AM|PM] [Z|±HH[:MM]]
const TIME =
  /^(?:[t\s]\s*)?(?:(上午|下午)\s*)?(\d{1,2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?|\s*[时点](?:\s*(\d{1,2})\s*分(?:\s*(\d{1,2})\s*秒)?)?)\s*(?:([ap])\.?m\.?)?\s*(z|[+-]\d{2}(?::?\d{2})?)?$/i;

type Fail = { ok: false; reason: Bi };
const fail = (reason: Bi): Fail => ({ ok: false, reason });
const FAIL_EXPECTED = fail(EXPECTED);

interface Clock {
  ms: number; // since midnight
  offsetMinutes: number | null; // null: wall-clock time, no zone written
}

/**
 * A date (and time) as LocalTime in `opts.timeZone`. Wall-clock text stays as written; `Z`/offset
 * instants are converted; Excel serials and exceljs `Date` cells (wall clock stored as UTC) are read
 * as wall clock too.
 */
export function parseDate(raw: Cell, opts: DateOptions): ParseResult<LocalTime> {
  if (typeof raw === 'string') return parseDateText(raw, opts);
  if (typeof raw === 'number') return fromSerial(raw, opts);
  if (raw instanceof Date) {
    const t = raw.getTime();
    if (Number.isNaN(t)) return fail(INVALID_DATE_CELL);
    return inRange(t, opts, isoDate(t));
  }
  return FAIL_EXPECTED;
}

function parseDateText(raw: string, opts: DateOptions): ParseResult<LocalTime> {
  if (raw.length > MAX_LENGTH) return FAIL_EXPECTED;
  const fast = isoFastPath(raw, opts);
  if (fast !== undefined) return fast;
  const s = foldWidth(raw);
  if (s.length === 8 && allDigits(s)) return fromFields(num(s, 0, 4), num(s, 4, 2), num(s, 6, 2), 0, null, opts);
  if (NUMERIC.test(s)) return fromSerial(Number(s), opts);

  let m = YEAR_FIRST.exec(s);
  if (m) return withTime(+m[1], +m[3], +m[4], m[5], true, opts);
  m = CHINESE.exec(s);
  if (m) return withTime(+m[1], +m[2], +m[3], m[4], false, opts);
  m = YEAR_LAST.exec(s);
  if (!m) return FAIL_EXPECTED;
  const a = +m[1];
  const b = +m[3];
  const dm = resolveDayMonth(a, b, opts.order);
  if (dm === 'ambiguous') return fail(ambiguousOrder(s.slice(0, s.length - m[5].length)));
  const [day, month] = dm;
  if (month < 1 || month > 12 || day < 1 || day > 31)
    return opts.order === 'YMD' ? FAIL_EXPECTED : fail(wrongOrder(s.slice(0, s.length - m[5].length), opts.order));
  return withTime(+m[4], month, day, m[5], true, opts);
}

/** [day, month] of `a/b/yyyy`; under YMD only when one of them cannot be a month. */
function resolveDayMonth(a: number, b: number, order: DateOrder): [number, number] | 'ambiguous' {
  if (order === 'DMY' || a === b) return [a, b];
  if (order === 'MDY') return [b, a];
  if (b > 12 && a <= 12) return [b, a];
  return a > 12 ? [a, b] : 'ambiguous';
}

// `2026-03-31`, `2026-03-31 14:05`, `2026-03-31T14:05:09.123Z`, `…+08:00`: the bulk of real exports,
// read without regexes. Anything unusual goes to the general path (undefined).
function isoFastPath(s: string, opts: DateOptions): ParseResult<LocalTime> | undefined {
  const n = s.length;
  if (n < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  const y = num(s, 0, 4);
  const mo = num(s, 5, 2);
  const d = num(s, 8, 2);
  if (!(y >= 0 && mo >= 0 && d >= 0)) return undefined;
  if (n === 10) return fromFields(y, mo, d, 0, null, opts);
  const sep = s.charCodeAt(10);
  if (n < 16 || (sep !== 32 && sep !== 84) || s.charCodeAt(13) !== 58) return undefined;
  const hh = num(s, 11, 2);
  const mi = num(s, 14, 2);
  let ss = 0;
  let ms = 0;
  let i = 16;
  if (s.charCodeAt(i) === 58) {
    ss = num(s, 17, 2);
    i = 19;
    if (s.charCodeAt(i) === 46) {
      ms = num(s, 20, 3);
      i = 23;
    }
  }
  if (!(hh >= 0 && mi >= 0 && ss >= 0 && ms >= 0)) return undefined;
  let offsetMinutes: number | null = null;
  if (i < n) {
    const z = s.charCodeAt(i);
    if (z === 90 && i + 1 === n) offsetMinutes = 0;
    else if ((z === 43 || z === 45) && i + 6 === n && s.charCodeAt(i + 3) === 58) {
      const oh = num(s, i + 1, 2);
      const om = num(s, i + 4, 2);
      if (!(oh <= 14 && om <= 59)) return undefined;
      offsetMinutes = (z === 45 ? -1 : 1) * (oh * 60 + om);
    } else return undefined;
  }
  if (hh > 23 || mi > 59 || ss > 59) return fail(BAD_TIME);
  return fromFields(y, mo, d, ((hh * 60 + mi) * 60 + ss) * 1000 + ms, offsetMinutes, opts);
}

/** Digits s[at, at+len) as a number; NaN when any is not an ASCII digit. */
function num(s: string, at: number, len: number): number {
  let v = 0;
  for (let i = at; i < at + len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (!(c >= 0 && c <= 9)) return NaN;
    v = v * 10 + c;
  }
  return v;
}

function allDigits(s: string): boolean {
  return num(s, 0, s.length) >= 0;
}

function withTime(y: number, m: number, d: number, tail: string, needsSeparator: boolean, opts: DateOptions): ParseResult<LocalTime> {
  if (tail === '') return fromFields(y, m, d, 0, null, opts);
  const first = tail.charCodeAt(0);
  if (needsSeparator && first !== 32 && first !== 84 && first !== 116) return FAIL_EXPECTED;
  const clock = parseClock(tail);
  return 'reason' in clock ? clock : fromFields(y, m, d, clock.ms, clock.offsetMinutes, opts);
}

function parseClock(tail: string): Clock | Fail {
  const m = TIME.exec(tail);
  if (!m) return fail(BAD_TIME);
  const [, cnMeridiem, hText, colonMin, colonSec, fraction, cnMin, cnSec, meridiem, zone] = m;
  let h = +hText;
  const mi = colonMin !== undefined ? +colonMin : cnMin !== undefined ? +cnMin : 0;
  const sec = colonSec !== undefined ? +colonSec : cnSec !== undefined ? +cnSec : 0;
  const ms = fraction !== undefined ? +fraction.slice(0, 3).padEnd(3, '0') : 0;
  if (cnMeridiem !== undefined && meridiem !== undefined) return fail(BAD_TIME);
  const pm = meridiem !== undefined ? meridiem.toLowerCase() === 'p' : cnMeridiem === '下午' ? true : cnMeridiem ? false : null;
  if (pm !== null) {
    // 12-hour clock; "下午 15:00" is unambiguous and allowed, "上午 15:00" and "0:30 PM" are not.
    if (h === 0 || (!pm && h > 12)) return fail(BAD_TIME);
    if (pm && h < 12) h += 12;
    if (!pm && h === 12) h = 0;
  }
  if (h > 23 || mi > 59 || sec > 59) return fail(BAD_TIME);
  const offsetMinutes = zone === undefined ? null : zoneOffset(zone);
  if (Number.isNaN(offsetMinutes)) return fail(BAD_TIME);
  return { ms: ((h * 60 + mi) * 60 + sec) * 1000 + ms, offsetMinutes };
}

/** Minutes east of UTC for `Z`, `+08`, `+0800`, `-05:30`; NaN beyond ±14:00. */
function zoneOffset(zone: string): number {
  if (zone.length === 1) return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = +digits.slice(0, 2);
  const minutes = digits.length > 2 ? +digits.slice(2) : 0;
  if (hours > 14 || minutes > 59) return NaN;
  return (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function daysIn(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

const inRange = (t: LocalTime, opts: DateOptions, what: string): ParseResult<LocalTime> =>
  withinYears(t, opts.years) ? { ok: true, value: t } : fail(yearOutOfRange(what, opts.years));

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil): what Date.UTC
 * gives for years from 100 on, without a call into the runtime for every date of a million-row file.
 */
function civilDays(y: number, m: number, d: number): number {
  const ys = m <= 2 ? y - 1 : y;
  const era = Math.floor(ys / 400);
  const yoe = ys - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

/** `ms` since midnight; `offsetMinutes` east of UTC as written, null for wall-clock text (no zone). */
function fromFields(y: number, m: number, d: number, ms: number, offsetMinutes: number | null, opts: DateOptions): ParseResult<LocalTime> {
  const { timeZone } = opts;
  const years = opts.years ?? DEFAULT_YEARS;
  if (y < years.minYear || y > years.maxYear) return fail(yearOutOfRange(`${String(y).padStart(4, '0')}-${m}-${d}`, years));
  if (m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return fail(noSuchDate(y, m, d));
  const wall = civilDays(y, m, d) * MS_PER_DAY + ms;
  if (offsetMinutes === null) return { ok: true, value: wall };
  const t = zoneLocal(wall - offsetMinutes * 60_000, timeZone);
  if (t === null) return fail(badTimeZone(timeZone));
  return inRange(t, opts, isoDate(t));
}

function fromSerial(serial: number, opts: DateOptions): ParseResult<LocalTime> {
  const date1904 = opts.date1904 === true;
  if (!(serial >= 1 && serial < MAX_SERIAL + 1)) return fail(notSerial(serial));
  const day = Math.floor(serial);
  if (!date1904 && day === 60) return fail(PHANTOM);
  // 1900 system: serial 1 is 1900-01-01 and day 60 does not exist, so from 61 on the base is 1899-12-30.
  // 1904 system: serial 0 is 1904-01-01, 1462 days after that base.
  const base = date1904 ? -1462 : day < 60 ? -1 : 0;
  const t = (day - base - 25569) * MS_PER_DAY + Math.round((serial - day) * MS_PER_DAY);
  return inRange(t, opts, `Excel serial ${serial} is ${isoDate(t)}`);
}

// Intl is slow per call; a zone's offset is fixed within an hour except at a transition, which the
// cache detects by comparing the hour's two ends and then skips.
const offsets = new Map<string, Map<number, number>>();
const OFFSET_CACHE_LIMIT = 100_000;

function zoneLocal(epoch: number, timeZone: string): LocalTime | null {
  let zone = offsets.get(timeZone);
  if (!zone) {
    try {
      toLocalTime(0, timeZone);
    } catch {
      return null;
    }
    zone = new Map();
    offsets.set(timeZone, zone);
  }
  const hour = Math.floor(epoch / MS_PER_HOUR);
  const cached = zone.get(hour);
  if (cached !== undefined) return epoch + cached;
  const start = hour * MS_PER_HOUR;
  const offset = toLocalTime(start, timeZone) - start;
  if (toLocalTime(start + MS_PER_HOUR - 1000, timeZone) - (start + MS_PER_HOUR - 1000) !== offset)
    return toLocalTime(epoch, timeZone);
  if (zone.size >= OFFSET_CACHE_LIMIT) zone.clear();
  zone.set(hour, offset);
  return epoch + offset;
}

/**
 * The column's order for `a/b/yyyy` dates, decided once from its values: a first number over 12 means
 * day-first, a second over 12 month-first. No evidence either way, or both, is `ambiguous` with
 * `fallback` as the order.
 */
export function detectDateOrder(samples: readonly Cell[], fallback: DateOrder = 'YMD'): { order: DateOrder; ambiguous: boolean } {
  let dayFirst = 0;
  let monthFirst = 0;
  let unclear = 0;
  for (const sample of samples) {
    if (typeof sample !== 'string' || sample.length > MAX_LENGTH) continue;
    const m = YEAR_LAST.exec(foldWidth(sample));
    if (!m) continue;
    const a = +m[1];
    const b = +m[3];
    if (a < 1 || b < 1) continue;
    if (a > 12 && b <= 12) dayFirst++;
    else if (b > 12 && a <= 12) monthFirst++;
    else if (a <= 12 && b <= 12 && a !== b) unclear++;
  }
  if (dayFirst > 0 && monthFirst > 0) return { order: fallback, ambiguous: true };
  if (dayFirst > 0) return { order: 'DMY', ambiguous: false };
  if (monthFirst > 0) return { order: 'MDY', ambiguous: false };
  if (unclear > 0) return { order: fallback, ambiguous: true };
  return { order: 'YMD', ambiguous: false };
}
