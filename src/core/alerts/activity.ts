import { dayNumber, isoWeekday, weekIndex } from '../calendar.js';
import type { Activity } from '../../schema/rows.js';

/**
 * What the alert rules need from an activity log, gathered row by row so a large log streams through
 * in bounded memory: customer touches per rep and ISO week, each rep's team/region, the first day of
 * data (overall and per rep), and the first follow-up of each lead. Only activity before `before` counts.
 */
export class ActivityDigest {
  readonly touches = new Map<string, Map<number, number>>();
  readonly repFirstDay = new Map<string, number>();
  readonly repGroup = new Map<string, { team?: string; region?: string }>();
  readonly followUps = new Map<string, number>();
  firstDay: number | undefined;
  lastDay: number | undefined;
  /** rows read, before the as-of date or not: none is an empty export, not a quiet team */
  rows = 0;
  /** the latest activity time in the log, as-of date or not: how far the export reaches */
  end: number | undefined;
  /** the earliest activity at or after the as-of date (a log that starts after it judges nothing) */
  firstLater: number | undefined;
  private readonly touchTypes: ReadonlySet<string>;

  constructor(
    touchTypes: readonly string[],
    private readonly before: number,
  ) {
    this.touchTypes = new Set(touchTypes);
  }

  add(a: Activity): void {
    this.rows++;
    if (this.end === undefined || a.at > this.end) this.end = a.at;
    if (a.at >= this.before) {
      if (this.firstLater === undefined || a.at < this.firstLater) this.firstLater = a.at;
      return;
    }
    const day = dayNumber(a.at);
    if (this.firstDay === undefined || day < this.firstDay) this.firstDay = day;
    if (this.lastDay === undefined || day > this.lastDay) this.lastDay = day;
    const first = this.repFirstDay.get(a.rep);
    if (first === undefined || day < first) this.repFirstDay.set(a.rep, day);
    if (!this.repGroup.has(a.rep) && (a.team !== undefined || a.region !== undefined)) this.repGroup.set(a.rep, { team: a.team, region: a.region });
    if (!this.touches.has(a.rep)) this.touches.set(a.rep, new Map());
    if (this.touchTypes.has(a.type)) {
      const weeks = this.touches.get(a.rep)!;
      const w = weekIndex(a.at);
      weeks.set(w, (weeks.get(w) ?? 0) + 1);
    }
    if (a.lead_id !== undefined && a.type !== 'lead_assigned') {
      const seen = this.followUps.get(a.lead_id);
      if (seen === undefined || a.at < seen) this.followUps.set(a.lead_id, a.at);
    }
  }
}

/** The first ISO week fully covered by data that starts on `day` (a week begun mid-week is partial). */
export function firstFullWeek(day: number): number {
  const t = day * 86_400_000;
  return isoWeekday(t) === 1 ? weekIndex(t) : weekIndex(t) + 1;
}
