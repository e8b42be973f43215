import { dayNumber, monthStart, type MonthIndex } from '../../src/core/calendar.js';
import { DayBuffer } from './buffer.js';
import { dayWeight, monthOfDay, monthVolume, pickDay, quarterEndDay } from './days.js';
import { rng, type Rng } from './prng.js';
import type { World } from './world.js';

export type Stage = 'won' | 'lost' | 'open';

export interface DealRecord {
  id: string;
  rep: number;
  customer: number;
  stage: Stage;
  /** Pipeline step of an open deal: 0 prospecting, 1 proposal, 2 negotiation. */
  step: number;
  amount: number;
  createdDay: number;
  /** Won or lost on this day; null while open. */
  closeDay: number | null;
  /** Where an open deal is expected to close (always after the export's end). */
  expectedDay: number | null;
  /** A signed deal reversed later (refund, or a fake order unwound after quarter end). */
  cancelledDay: number | null;
  /** No won deal with this customer closed before this one (set in close order). */
  isNew: boolean;
  /** Sorting key among deals created the same day. */
  tie: number;
}

export interface DealOptions {
  seed: number;
  startDay: number;
  endDay: number;
  /** Exactly this many deals. */
  count: number;
  /** Median deal size (CNY). */
  amountMedian?: number;
  growthPerYear?: number;
  /** Win probability of an average rep (skill 1). */
  winRate?: number;
}

/** Customers a rep can sell to on a day: accounts sorted by the day they appear. */
class AccountBook {
  private owned: number[][];
  private team: number[][];
  private all: number[];
  constructor(private world: World) {
    const bySince = (a: number, b: number) => world.customers[a].sinceDay - world.customers[b].sinceDay || a - b;
    this.owned = world.reps.map(() => []);
    this.team = world.teams.map(() => []);
    world.customers.forEach((c, i) => {
      this.owned[c.owner].push(i);
      this.team[c.team].push(i);
    });
    this.owned.forEach((l) => l.sort(bySince));
    this.team.forEach((l) => l.sort(bySince));
    this.all = world.customers.map((_, i) => i).sort(bySince);
  }
  private availableIn(list: number[], day: number): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.world.customers[list[mid]].sinceDay <= day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  pick(r: Rng, rep: number, day: number): number {
    const lists = [this.owned[rep], this.team[this.world.reps[rep].team], this.all];
    for (let i = r.chance(0.85) ? 0 : 1; i < lists.length; i++) {
      const n = this.availableIn(lists[i], day);
      if (n > 0) return lists[i][r.int(0, n - 1)];
    }
    const own = this.owned[rep];
    return own.length > 0 ? own[0] : this.all[0];
  }
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Deal counts per (month, rep) cell: seasonal, skill-weighted, noisy, summing to exactly `count`. */
function allocate(world: World, o: DealOptions, r: Rng, months: MonthIndex[]): number[][] {
  const growth = o.growthPerYear ?? 0.12;
  const weights = months.map((m) => {
    const first = Math.max(dayNumber(monthStart(m)), o.startDay);
    const last = Math.min(dayNumber(monthStart(m + 1)) - 1, o.endDay);
    const volume = monthVolume(m, months[0], growth);
    return world.reps.map((rep) => {
      const from = Math.max(first, rep.joinDay);
      if (from > last) return 0;
      const fraction = (last - from + 1) / (dayNumber(monthStart(m + 1)) - dayNumber(monthStart(m)));
      const tenure = (from - rep.joinDay) / 30;
      const ramp = tenure < 1 ? 0.45 : tenure < 2 ? 0.7 : tenure < 3 ? 0.9 : 1;
      const burst = rep.intermittent ? (r.chance(0.35) ? 2 : 0.03) : 1;
      return rep.skill * volume * fraction * ramp * burst * r.logNormal(1, 0.22);
    });
  });
  const total = weights.flat().reduce((s, w) => s + w, 0);
  const scale = total > 0 ? o.count / total : 0;
  let acc = r.next();
  let given = 0;
  const counts = weights.map((row) =>
    row.map((w) => {
      const before = Math.floor(acc);
      acc += w * scale;
      const n = Math.floor(acc) - before;
      given += n;
      return n;
    }),
  );
  // Floating-point drift can leave the sum one off; settle it on the busiest cell.
  if (given !== o.count && counts.length > 0) {
    let best: [number, number] = [0, 0];
    counts.forEach((row, i) => row.forEach((n, j) => { if (n > counts[best[0]][best[1]]) best = [i, j]; }));
    counts[best[0]][best[1]] = Math.max(0, counts[best[0]][best[1]] + o.count - given);
  }
  return counts;
}

/** Moves a weekend or holiday close to the nearest earlier working day not before `floor`. */
function workingDayOnOrBefore(day: number, floor: number): number {
  let d = day;
  while (d > floor && dayWeight(d) < 0.5) d--;
  return d;
}

export interface DealMonth {
  /** Deals created this month, in creation order (ids follow creation). */
  deals: DealRecord[];
  /** First day of the next month: every later deal is created on or after it. */
  nextDay: number;
}

export function* dealMonths(world: World, o: DealOptions): Generator<DealMonth> {
  const r = rng(o.seed, 'deals');
  const months: MonthIndex[] = [];
  for (let m = monthOfDay(o.startDay); m <= monthOfDay(o.endDay); m++) months.push(m);
  const counts = allocate(world, o, r, months);
  const book = new AccountBook(world);
  const median = o.amountMedian ?? 50_000;
  const width = Math.max(6, String(o.count).length);
  const firstOpenExpected = dayNumber(monthStart(monthOfDay(o.endDay) + 1));
  let seq = 0;
  for (let mi = 0; mi < months.length; mi++) {
    const m = months[mi];
    const first = Math.max(dayNumber(monthStart(m)), o.startDay);
    const last = Math.min(dayNumber(monthStart(m + 1)) - 1, o.endDay);
    const batch: DealRecord[] = [];
    counts[mi].forEach((n, repIndex) => {
      const rep = world.reps[repIndex];
      for (let k = 0; k < n; k++) {
        const createdDay = pickDay(r, Math.max(first, rep.joinDay), last);
        const customer = book.pick(r, repIndex, createdDay);
        const won = r.chance(clamp((o.winRate ?? 0.42) * Math.pow(rep.skill, 0.6), 0.12, 0.85));
        let closeDay = createdDay + Math.max(2, Math.round(won ? r.logNormal(35, 0.5) : r.logNormal(28, 0.6)));
        let amount = Math.max(1000, Math.round((median * Math.pow(rep.skill, 0.3) * r.logNormal(1, 0.75)) / 100) * 100);
        let cancelledDay: number | null = null;
        if (won) {
          // Quarter-end push: signings slide into the quarter's last days, hard for crammers.
          const q = quarterEndDay(closeDay);
          const prevQ = dayNumber(monthStart(monthOfDay(q) - 2)) - 1;
          const span = rep.crammer ? 2 : 6;
          if (q - closeDay <= 14 && r.chance(rep.crammer ? 0.85 : 0.2)) closeDay = Math.max(createdDay, q - r.int(0, span));
          else if (closeDay - prevQ <= 10 && prevQ >= createdDay && r.chance(rep.crammer ? 0.7 : 0.15)) closeDay = prevQ - r.int(0, span);
          closeDay = Math.max(createdDay, closeDay);
          if (r.chance(0.01)) cancelledDay = closeDay + r.int(20, 60);
        }
        let isWon = won;
        let created = createdDay;
        const qEnd = quarterEndDay(createdDay);
        if (rep.crammer && qEnd - createdDay < 31 && qEnd <= o.endDay && r.chance(0.12)) {
          // A fake order: booked on the quarter's last days, round amount, reversed a few weeks later.
          isWon = true;
          closeDay = qEnd - r.int(0, 1);
          created = Math.max(first, closeDay - r.int(1, 3));
          amount = r.pick([50_000, 80_000, 100_000, 150_000, 200_000]) * (median / 50_000);
          cancelledDay = closeDay + r.int(9, 25);
        } else if (isWon || closeDay <= o.endDay) {
          closeDay = workingDayOnOrBefore(closeDay, created);
        }
        if (cancelledDay !== null && cancelledDay > o.endDay) cancelledDay = null;
        const open = closeDay > o.endDay;
        const life = closeDay - created;
        batch.push({
          id: '',
          rep: repIndex,
          customer,
          stage: open ? 'open' : isWon ? 'won' : 'lost',
          step: open ? Math.min(2, Math.floor((3 * (o.endDay - created)) / Math.max(1, life))) : 0,
          amount,
          createdDay: created,
          closeDay: open ? null : closeDay,
          expectedDay: open ? clamp(closeDay + r.int(0, 60), firstOpenExpected + r.int(0, 6), o.endDay + 125) : null,
          cancelledDay: open ? null : cancelledDay,
          isNew: false,
          tie: r.next(),
        });
      }
    });
    batch.sort((a, b) => a.createdDay - b.createdDay || a.tie - b.tie);
    for (const d of batch) d.id = `OPP-${String(++seq).padStart(width, '0')}`;
    yield { deals: batch, nextDay: dayNumber(monthStart(m + 1)) };
  }
}

/** Deals as a CRM exports closed business: by close date, open deals last; `isNew` marks first wins. */
export function* dealsByClose(world: World, o: DealOptions): Generator<DealRecord> {
  const buffer = new DayBuffer<DealRecord>();
  const open: DealRecord[] = [];
  const won = new Uint8Array(world.customers.length);
  const settle = (d: DealRecord) => {
    d.isNew = won[d.customer] === 0;
    if (d.stage === 'won') won[d.customer] = 1;
    return d;
  };
  for (const { deals, nextDay } of dealMonths(world, o)) {
    for (const d of deals) {
      if (d.closeDay === null) open.push(d);
      else buffer.push(d.closeDay, d);
    }
    for (const day of buffer.drain(nextDay)) for (const d of day) yield settle(d);
  }
  for (const day of buffer.drainAll()) for (const d of day) yield settle(d);
  for (const d of open) yield settle(d);
}
