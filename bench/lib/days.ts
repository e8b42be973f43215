import { MS_PER_DAY, MS_PER_MINUTE, daysInMonth, dayNumber, isoDate, isoWeekday, monthIndex, monthStart, type LocalTime, type MonthIndex } from '../../src/core/calendar.js';
import type { Rng } from './prng.js';

/** First day of the Chinese New Year; the week around it is the year's deepest dip in B2B sales. */
const CNY: Record<number, string> = {
  2019: '2019-02-05', 2020: '2020-01-25', 2021: '2021-02-12', 2022: '2022-02-01', 2023: '2023-01-22', 2024: '2024-02-10',
  2025: '2025-01-29', 2026: '2026-02-17', 2027: '2027-02-06', 2028: '2028-01-26', 2029: '2029-02-13', 2030: '2030-02-03',
};
const cnyDay = new Map<number, number>(
  Object.entries(CNY).map(([y, d]) => [Number(y), dayNumber(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))))]),
);

/** Month factors: December year-end peak, quarter-end months up, summer and the National Day month soft. */
const SEASON = [0.9, 0.9, 1.1, 0.9, 0.95, 1.15, 0.85, 0.85, 1.1, 0.92, 1.05, 1.45];

const weightCache = new Map<number, number>();
/** How busy a calendar day is relative to an ordinary weekday (weekends, Spring Festival, National Day). */
export function dayWeight(day: number): number {
  let w = weightCache.get(day);
  if (w === undefined) weightCache.set(day, (w = computeDayWeight(day)));
  return w;
}

function computeDayWeight(day: number): number {
  const t = day * MS_PER_DAY;
  const d = new Date(t);
  const cny = cnyDay.get(d.getUTCFullYear());
  if (cny !== undefined) {
    const k = day - cny;
    if (k >= -1 && k <= 6) return 0.03;
    if (k >= 7 && k <= 13) return 0.55;
  }
  if (d.getUTCMonth() === 9 && d.getUTCDate() <= 7) return 0.03;
  const wd = isoWeekday(t);
  return wd === 6 ? 0.1 : wd === 7 ? 0.04 : 1;
}

const monthWorkCache = new Map<MonthIndex, number>();
/** Working-day mass of a month, in ordinary weekdays. */
export function monthWorkdays(m: MonthIndex): number {
  let w = monthWorkCache.get(m);
  if (w === undefined) {
    const first = dayNumber(monthStart(m));
    w = 0;
    for (let i = 0; i < daysInMonth(m); i++) w += dayWeight(first + i);
    monthWorkCache.set(m, w);
  }
  return w;
}

/** Relative sales volume of a month: seasonal factor × working days × yearly growth. */
export function monthVolume(m: MonthIndex, firstMonth: MonthIndex, growthPerYear: number): number {
  return SEASON[m % 12] * (monthWorkdays(m) / 21.7) * Math.pow(1 + growthPerYear, (m - firstMonth) / 12);
}

/** A day drawn by `dayWeight` from [fromDay, toDay]. */
export function pickDay(r: Rng, fromDay: number, toDay: number): number {
  if (toDay <= fromDay) return fromDay;
  for (let tries = 0; tries < 64; tries++) {
    const d = r.int(fromDay, toDay);
    if (r.next() < dayWeight(d)) return d;
  }
  return r.int(fromDay, toDay);
}

// Office hours, a lunch dip, a few evening calls.
const HOUR_WEIGHTS = [[8, 0.4], [9, 1], [10, 1.3], [11, 1.2], [12, 0.35], [13, 0.8], [14, 1.2], [15, 1.3], [16, 1.1], [17, 0.7], [18, 0.25], [19, 0.1]] as const;
const HOUR_CDF = (() => {
  const total = HOUR_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  let acc = 0;
  return HOUR_WEIGHTS.map(([h, w]) => ((acc += w / total), [h, acc] as const));
})();

/** Minutes after midnight of a working moment. */
export function pickMinuteOfDay(r: Rng): number {
  const u = r.next();
  const hour = (HOUR_CDF.find(([, c]) => u < c) ?? HOUR_CDF[HOUR_CDF.length - 1])[0];
  return hour * 60 + r.int(0, 59);
}

export const atMinute = (day: number, minuteOfDay: number): LocalTime => day * MS_PER_DAY + minuteOfDay * MS_PER_MINUTE;

const monthCache = new Map<number, MonthIndex>();
export function monthOfDay(day: number): MonthIndex {
  let m = monthCache.get(day);
  if (m === undefined) monthCache.set(day, (m = monthIndex(day * MS_PER_DAY)));
  return m;
}

/** Quarter-end day (last day of Mar/Jun/Sep/Dec) at or after `day`. */
export function quarterEndDay(day: number): number {
  const m = monthOfDay(day);
  const qm = m - (m % 3) + 2;
  return dayNumber(monthStart(qm + 1)) - 1;
}

/** Cached text forms of days and minutes: formatting is the hot path when writing millions of rows. */
export class DayFormats {
  private iso = new Map<number, string>();
  private slash = new Map<number, string>();
  private static hm: string[] = Array.from({ length: 1440 }, (_, i) => `${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`);

  isoDay(day: number): string {
    let s = this.iso.get(day);
    if (s === undefined) this.iso.set(day, (s = isoDate(day * MS_PER_DAY)));
    return s;
  }
  /** 2026/3/5, as Excel on Chinese Windows writes dates. */
  slashDay(day: number): string {
    let s = this.slash.get(day);
    if (s === undefined) {
      const d = new Date(day * MS_PER_DAY);
      this.slash.set(day, (s = `${d.getUTCFullYear()}/${d.getUTCMonth() + 1}/${d.getUTCDate()}`));
    }
    return s;
  }
  static hhmm(t: LocalTime): string {
    return DayFormats.hm[Math.floor((t % MS_PER_DAY) / MS_PER_MINUTE)];
  }
}
