/**
 * The calendar helpers that stay hand-written for speed (see src/core/calendar.ts) give date-fns'
 * answers, read through UTCDate so the machine's TZ cannot leak into either side.
 */
import { UTCDate } from '@date-fns/utc';
import { format, getDaysInMonth, getISODay, getISOWeek, getISOWeekYear, startOfISOWeek } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  calendarDate,
  daysInMonth,
  isoDate,
  isoDateTime,
  isoWeek,
  isoWeekKey,
  isoWeekday,
  monthEnd,
  monthIndex,
  monthKey,
  monthStart,
  parseIsoDate,
  weekIndex,
  weekIndexStart,
  weekStart,
} from '../../src/core/calendar.js';

// 1900-01-01 … 2199-12-31, to the second: wider than any export perf accepts.
const instant = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2199, 11, 31, 23, 59, 59) }).map((t) => t - (t % 1000));

describe('calendar helpers agree with date-fns', () => {
  it('formatting, ISO weeks and weekdays', () => {
    fc.assert(
      fc.property(instant, (t) => {
        const d = new UTCDate(t);
        expect(isoDate(t)).toBe(format(d, 'yyyy-MM-dd'));
        expect(isoDateTime(t)).toBe(format(d, "yyyy-MM-dd'T'HH:mm:ss"));
        expect(isoWeek(t)).toEqual({ year: getISOWeekYear(d), week: getISOWeek(d) });
        expect(isoWeekKey(t)).toBe(format(d, "RRRR-'W'II"));
        expect(isoWeekday(t)).toBe(getISODay(d));
        expect(weekStart(t)).toBe(startOfISOWeek(d).getTime());
        expect(weekIndexStart(weekIndex(t))).toBe(weekStart(t));
      }),
      { numRuns: 2000 },
    );
  });

  it('months: keys, bounds and lengths', () => {
    fc.assert(
      fc.property(instant, (t) => {
        const m = monthIndex(t);
        const d = new UTCDate(t);
        expect(monthKey(m)).toBe(format(d, 'yyyy-MM'));
        expect(daysInMonth(m)).toBe(getDaysInMonth(d));
        expect(isoDate(monthStart(m))).toBe(format(d, 'yyyy-MM-01'));
        expect(isoDate(monthEnd(m))).toBe(format(d, `yyyy-MM-${getDaysInMonth(d)}`));
      }),
      { numRuns: 1000 },
    );
  });

  it('parses only real calendar dates, years before 100 refused', () => {
    expect(parseIsoDate('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseIsoDate(' 2026-11-27 ')).toBe(Date.UTC(2026, 10, 27));
    for (const bad of ['2023-02-29', '2026-13-01', '2026-11-31', '2026-1-05', '26-11-27', '2026/11/27', ''])
      expect(parseIsoDate(bad), bad).toBeNull();
    // Date.UTC would read year 26 as 1926: not a date.
    expect(calendarDate(26, 11, 27)).toBeNull();
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 3000 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        const real = m >= 1 && m <= 12 && d >= 1 && d <= getDaysInMonth(new UTCDate(y, m - 1, 1));
        const t = calendarDate(y, m, d);
        expect(t === null ? null : format(new UTCDate(t), 'y-M-d')).toBe(real ? `${y}-${m}-${d}` : null);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(instant, (t) => {
        expect(parseIsoDate(isoDate(t))).toBe(Math.floor(t / 86_400_000) * 86_400_000);
      }),
      { numRuns: 500 },
    );
  });
});
