import { describe, expect, it } from 'vitest';
import { isoDate, isoWeekday, localTime, MS_PER_MINUTE } from '../../../src/core/calendar.js';
import { occurrences, parseSlotSpec, planSlots, type Pair } from '../../../src/core/calibrate/slots.js';
import { PerfError } from '../../../src/core/errors.js';

const monday = localTime(2026, 12, 7);
const opts = (slot: string, weeks = 12) => ({ start: monday, weeks, cadenceWeeks: 2, durationMinutes: 30, slots: parseSlotSpec(slot) });
const pairs = (manager: string, reps: string[]): Pair[] => reps.map((rep) => ({ manager, rep }));
const hm = (t: number) => new Date(t).toISOString().slice(11, 16);

describe('parseSlotSpec', () => {
  it('reads day ranges, lists, Chinese day names and several windows', () => {
    expect(parseSlotSpec('Mon-Fri 10:00-17:00')).toEqual({ weekdays: [1, 2, 3, 4, 5], windows: [{ from: 600, to: 1020 }] });
    expect(parseSlotSpec('Tue,Thu 14:00-18:00,09:00-12:00')).toEqual({
      weekdays: [2, 4],
      windows: [{ from: 540, to: 720 }, { from: 840, to: 1080 }],
    });
    expect(parseSlotSpec('周一-周三 10：00-11:00').weekdays).toEqual([1, 2, 3]);
    expect(parseSlotSpec('Fri-Mon 10:00-11:00').weekdays).toEqual([1, 5, 6, 7]);
  });

  it('refuses what it cannot read, as a usage error', () => {
    for (const bad of ['Mon-Fri', 'Funday 10:00-11:00', 'Mon 11:00-10:00', 'Mon 10:00-12:00,11:00-13:00', 'Mon 25:00-26:00'])
      expect(() => parseSlotSpec(bad), bad).toThrow(PerfError);
  });
});

describe('planSlots', () => {
  it("spreads a manager's reps over the days at the window's first time", () => {
    const p = planSlots(pairs('Sun Li', ['A', 'B', 'C']), opts('Mon-Fri 10:00-17:00'));
    expect(p.map((x) => `${isoDate(x.start)} ${hm(x.start)}`)).toEqual(['2026-12-07 10:00', '2026-12-08 10:00', '2026-12-09 10:00']);
  });

  it('never books a manager twice at the same time, also when the reps outnumber the days', () => {
    // one day a cycle (only Mondays of week 1 and week 2), 12 reps → stacked 30 min apart
    const reps = Array.from({ length: 12 }, (_, i) => `R${i}`);
    const p = planSlots(pairs('M', reps), opts('Mon 09:00-12:00'));
    const keys = p.map((x) => x.start);
    expect(new Set(keys).size).toBe(12);
    expect(p.every((x) => isoWeekday(x.start) === 1)).toBe(true);
    // two Mondays in a 2-week cycle, 6 half-hours each
    expect(p.filter((x) => isoDate(x.start) === '2026-12-07').map((x) => hm(x.start))).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30']);
    // intervals never overlap: sorted starts are ≥ 30 min apart
    const sorted = [...keys].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i] - sorted[i - 1]).toBeGreaterThanOrEqual(30 * MS_PER_MINUTE);
  });

  it('treats a person who is a manager and a rep as one calendar', () => {
    // Lead is Boss's rep and Mia's manager: Boss–Lead and Lead–Mia must not share a slot
    const p = planSlots([{ manager: 'Boss', rep: 'Lead' }, { manager: 'Lead', rep: 'Mia' }], opts('Mon 10:00-11:00'));
    expect(p[0].start).not.toBe(p[1].start);
  });

  it('fails with a usage error when the window is too small', () => {
    expect(() => planSlots(pairs('M', ['a', 'b', 'c']), opts('Mon 10:00-10:30'))).toThrow(/no free slot/);
  });

  it('counts the occurrences inside the horizon', () => {
    // 12 weeks from Monday 7 Dec: a Monday-week-1 slot meets 6 times, a Friday-week-2 slot (day 11) 6 times, 5 for 11 weeks
    const [a] = planSlots(pairs('M', ['a']), opts('Mon 10:00-11:00'));
    expect(a.count).toBe(6);
    expect(occurrences(a, 2).map(isoDate)).toEqual(['2026-12-07', '2026-12-21', '2027-01-04', '2027-01-18', '2027-02-01', '2027-02-15']);
    const fri = planSlots(pairs('M', ['a', 'b']), opts('Fri 10:00-11:00', 11));
    expect(fri.map((x) => isoDate(x.start))).toEqual(['2026-12-11', '2026-12-18']);
    expect(fri.map((x) => x.count)).toEqual([6, 5]);
  });
});
