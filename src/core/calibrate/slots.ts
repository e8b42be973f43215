import { addDays, dayNumber, isoWeekday, MS_PER_DAY, MS_PER_MINUTE, type LocalTime } from '../calendar.js';
import { EXIT, PerfError } from '../errors.js';
import { bi } from '../i18n.js';

/** When calibrations may take place: ISO weekdays (1 = Monday) and minute-of-day windows. */
export interface SlotSpec {
  weekdays: number[];
  windows: { from: number; to: number }[];
}

const DAY_NAMES: Record<string, number> = {
  mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, wednesday: 3, thu: 4, thur: 4, thurs: 4, thursday: 4,
  fri: 5, friday: 5, sat: 6, saturday: 6, sun: 7, sunday: 7,
  周一: 1, 周二: 2, 周三: 3, 周四: 4, 周五: 5, 周六: 6, 周日: 7, 周天: 7,
  星期一: 1, 星期二: 2, 星期三: 3, 星期四: 4, 星期五: 5, 星期六: 6, 星期日: 7, 星期天: 7,
};

const badSlot = (text: string, why: string, whyZh: string) =>
  new PerfError(
    EXIT.usage,
    bi(`--slot "${text}": ${why}; expected e.g. 'Mon-Fri 10:00-17:00'`, `--slot "${text}"：${whyZh}；应形如 'Mon-Fri 10:00-17:00'`),
  );

function minuteOfDay(text: string): number | null {
  const m = /^(\d{1,2})[:：](\d{2})$/.exec(text);
  if (!m) return null;
  const [h, mi] = [Number(m[1]), Number(m[2])];
  return h <= 24 && mi < 60 && h * 60 + mi <= 24 * 60 ? h * 60 + mi : null;
}

/** Parses 'Mon-Fri 10:00-17:00', 'Tue,Thu 09:00-12:00,14:00-18:00', '周一-周五 10:00-17:00'. */
export function parseSlotSpec(text: string): SlotSpec {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 2) throw badSlot(text, 'give days, a space, then hours', '请写出星期、空格、再写时段');
  const [daysText, hoursText] = parts;
  const weekdays = new Set<number>();
  for (const piece of daysText.split(/[,，、]/)) {
    const range = piece.split(/[-–~～至]/);
    const ends = range.map((d) => DAY_NAMES[d.toLowerCase()]);
    if (ends.some((d) => d === undefined) || ends.length > 2) throw badSlot(text, `unknown day "${piece}"`, `无法识别的星期"${piece}"`);
    const [a, b = a] = ends;
    for (let d = a; ; d = (d % 7) + 1) {
      weekdays.add(d);
      if (d === b) break;
    }
  }
  const windows = hoursText.split(/[,，]/).map((w) => {
    const [from, to] = w.split('-').map(minuteOfDay);
    if (from === null || to === null || from === undefined || to === undefined || to <= from)
      throw badSlot(text, `bad hours "${w}"`, `时段"${w}"无效`);
    return { from, to };
  });
  windows.sort((a, b) => a.from - b.from);
  for (let i = 1; i < windows.length; i++)
    if (windows[i].from < windows[i - 1].to) throw badSlot(text, 'hours overlap', '时段重叠');
  return { weekdays: [...weekdays].sort((a, b) => a - b), windows };
}

export interface Pair {
  manager: string;
  managerEmail?: string;
  rep: string;
  repEmail?: string;
}

export interface PlannedPair extends Pair {
  /** first occurrence, LocalTime in the configured zone */
  start: LocalTime;
  durationMinutes: number;
  /** occurrences within the horizon */
  count: number;
}

export interface PlanOptions {
  start: LocalTime;
  weeks: number;
  cadenceWeeks: number;
  durationMinutes: number;
  slots: SlotSpec;
}

/**
 * Gives every manager–rep pair a fixed slot in the first cycle (cadence weeks from the start); the
 * series then repeats every cycle, so a clash-free first cycle is clash-free forever. A manager's
 * k-th rep goes to the k-th allowed day of the cycle (wrapping), at the earliest time free for both
 * people: the 1:1s spread over the days instead of piling up on the first morning. Anyone who is a
 * manager in one pair and a rep in another is one person and is never double-booked.
 */
export function planSlots(pairs: readonly Pair[], opts: PlanOptions): PlannedPair[] {
  const cycleDays = opts.cadenceWeeks * 7;
  const days: LocalTime[] = [];
  for (let i = 0; i < cycleDays; i++) {
    const d = addDays(opts.start, i);
    if (opts.slots.weekdays.includes(isoWeekday(d))) days.push(d);
  }
  const times: number[] = [];
  for (const w of opts.slots.windows)
    for (let m = w.from; m + opts.durationMinutes <= w.to; m += opts.durationMinutes) times.push(m);
  if (days.length === 0 || times.length === 0)
    throw new PerfError(EXIT.usage, bi('the slot window leaves no room for a calibration', '可用时段内放不下一次校准'));
  const horizonEnd = addDays(opts.start, opts.weeks * 7);
  const busy = new Map<string, Set<number>>(); // person → taken (day index * 10000 + minute) starts
  const taken = (person: string) => busy.get(person) ?? busy.set(person, new Set()).get(person)!;
  const perManager = new Map<string, number>();
  const out: PlannedPair[] = [];
  for (const p of pairs) {
    const k = perManager.get(p.manager) ?? 0;
    perManager.set(p.manager, k + 1);
    let chosen: { day: number; minute: number } | undefined;
    for (let j = 0; j < days.length && !chosen; j++) {
      const day = (k + j) % days.length;
      const minute = times.find((m) => !taken(p.manager).has(day * 10000 + m) && !taken(p.rep).has(day * 10000 + m));
      if (minute !== undefined) chosen = { day, minute };
    }
    if (!chosen)
      throw new PerfError(
        EXIT.usage,
        bi(
          `no free slot left for ${p.manager} and ${p.rep}: widen --slot or lengthen the cadence`,
          `${p.manager} 与 ${p.rep} 已没有空闲时段：请放宽 --slot 或拉长周期`,
        ),
      );
    taken(p.manager).add(chosen.day * 10000 + chosen.minute);
    taken(p.rep).add(chosen.day * 10000 + chosen.minute);
    const start = days[chosen.day] + chosen.minute * MS_PER_MINUTE;
    const count = Math.ceil((dayNumber(horizonEnd) - dayNumber(days[chosen.day])) / cycleDays);
    out.push({ ...p, start, durationMinutes: opts.durationMinutes, count: Math.max(count, 1) });
  }
  return out;
}

/** Every occurrence of a planned pair (for checks and reports). */
export const occurrences = (p: PlannedPair, cadenceWeeks: number): LocalTime[] =>
  Array.from({ length: p.count }, (_, i) => p.start + i * cadenceWeeks * 7 * MS_PER_DAY);
