import { dayNumber, type LocalTime } from '../calendar.js';

/** Days a tally keeps: the pace before the data's end is measured over fewer (PACE_DAYS in sanity.ts). */
const KEPT = 128;

/**
 * Rows per day over the last 128 days of the data seen so far, by the latest date of each row: enough to
 * tell whether the days after the data's end would have held rows at the export's own pace (a month the
 * export covers only in part). A fixed ring, not a map of every day: it runs once per row of a 1M-row
 * log. Mergeable, so reading threads each keep one: days older than 128 before a piece's own latest row
 * are older than that before the whole file's, and outside any window it is asked about.
 */
export class RecentDays {
  private readonly days = new Float64Array(KEPT).fill(-Infinity);
  private readonly counts = new Float64Array(KEPT);

  add(t: LocalTime): void {
    this.addDay(dayNumber(t), 1);
  }

  private addDay(day: number, n: number): void {
    const slot = day & (KEPT - 1);
    const held = this.days[slot];
    if (held !== day) {
      // The slot holds a later day: this one is 128 days or more before a row already seen.
      if (held > day) return;
      this.days[slot] = day;
      this.counts[slot] = 0;
    }
    this.counts[slot] += n;
  }

  /** Rows whose latest date falls on days [from, to] (day numbers), within the last 128 days seen. */
  between(from: number, to: number): number {
    let n = 0;
    for (let s = 0; s < KEPT; s++) if (this.days[s] >= from && this.days[s] <= to) n += this.counts[s];
    return n;
  }

  /** The longest run of days in [from, to] without a row: how long the export itself goes quiet (weekends, holidays). */
  longestQuiet(from: number, to: number): number {
    const days: number[] = [];
    for (let s = 0; s < KEPT; s++) if (this.days[s] >= from && this.days[s] <= to && this.counts[s] > 0) days.push(this.days[s]);
    days.sort((a, b) => a - b);
    let longest = 0;
    let prev = from - 1;
    for (const d of [...days, to + 1]) {
      longest = Math.max(longest, d - prev - 1);
      prev = d;
    }
    return longest;
  }

  /** As plain numbers (day, count, …) for the thread that merges a piece's. */
  pairs(): number[] {
    const out: number[] = [];
    for (let s = 0; s < KEPT; s++) if (this.days[s] !== -Infinity) out.push(this.days[s], this.counts[s]);
    return out;
  }

  merge(pairs: readonly number[]): void {
    for (let i = 0; i < pairs.length; i += 2) this.addDay(pairs[i], pairs[i + 1]);
  }
}
