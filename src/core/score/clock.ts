import { MS_PER_DAY, MS_PER_MINUTE, dayNumber, isoWeekday, parseIsoDate, type LocalTime } from '../calendar.js';

export interface WorkingHoursConfig {
  days: number[];
  start: string;
  end: string;
  holidays: string[];
  workdays: string[];
}

/** The working calendar: which dates are working days, and the working hours within them. */
export interface WorkClock {
  isWorkingDay(day: number): boolean;
  /** minutes after midnight */
  startMin: number;
  endMin: number;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const dayOf = (iso: string) => dayNumber(parseIsoDate(iso) ?? 0);

export function workClock(c: WorkingHoursConfig): WorkClock {
  const weekdays = new Set(c.days);
  const holidays = new Set(c.holidays.map(dayOf));
  const workdays = new Set(c.workdays.map(dayOf));
  return {
    isWorkingDay: (day) => workdays.has(day) || (!holidays.has(day) && weekdays.has(isoWeekday(day * MS_PER_DAY))),
    startMin: minutesOf(c.start),
    endMin: minutesOf(c.end),
  };
}

/** Midnight ending the `n`-th working day after the day of `t` (n = 0: the end of t's own day). */
export function endOfWorkingDay(t: LocalTime, n: number, clock: WorkClock): LocalTime {
  let day = dayNumber(t);
  for (let left = n; left > 0; ) {
    day++;
    if (clock.isWorkingDay(day)) left--;
  }
  return (day + 1) * MS_PER_DAY;
}

/**
 * The moment `hours` working hours after `t`: only the working hours of working days run. A start
 * outside working hours begins counting at the next opening.
 */
export function addWorkingHours(t: LocalTime, hours: number, clock: WorkClock): LocalTime {
  let left = Math.round(hours * 60);
  let day = dayNumber(t);
  let minute = Math.floor((t - day * MS_PER_DAY) / MS_PER_MINUTE);
  const span = clock.endMin - clock.startMin;
  if (span <= 0) return t + hours * 3_600_000;
  for (let guard = 0; guard < 3660; guard++) {
    if (clock.isWorkingDay(day)) {
      const from = Math.max(minute, clock.startMin);
      const available = Math.max(0, clock.endMin - from);
      if (left <= available) return day * MS_PER_DAY + (from + left) * MS_PER_MINUTE;
      left -= available;
    }
    day++;
    minute = 0;
  }
  return t + hours * 3_600_000;
}
