import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, dayNumber, monthStart, type LocalTime } from '../../src/core/calendar.js';
import { atMinute, monthOfDay, monthVolume, pickDay, pickMinuteOfDay } from './days.js';
import { rng, type Rng } from './prng.js';
import type { World } from './world.js';

export interface LeadRecord {
  id: string;
  rep: number;
  customer: number;
  assignedAt: LocalTime;
  /** Null when nobody has followed the lead up (yet). */
  firstContactAt: LocalTime | null;
  source: number;
}

export interface LeadOptions {
  seed: number;
  startDay: number;
  endDay: number;
  /** Exactly this many leads. */
  count: number;
}

export const LEAD_SOURCES = [
  { en: 'Website', zh: '官网', weight: 0.3 },
  { en: 'Trade Show', zh: '展会', weight: 0.15 },
  { en: 'Referral', zh: '转介绍', weight: 0.2 },
  { en: 'Cold Call', zh: '电话营销', weight: 0.1 },
  { en: 'WeChat', zh: '微信', weight: 0.15 },
  { en: 'Partner', zh: '渠道伙伴', weight: 0.1 },
] as const;

function pickSource(r: Rng): number {
  let u = r.next();
  for (let i = 0; i < LEAD_SOURCES.length; i++) if ((u -= LEAD_SOURCES[i].weight) < 0) return i;
  return 0;
}

/** Hours until the first follow-up, or null for never: diligent reps call back the same day. */
function followUpHours(r: Rng, diligence: number): number | null {
  if (r.chance(0.03 + 0.22 * (1 - diligence))) return null;
  if (r.chance(0.05 + 0.8 * Math.pow(1 - diligence, 1.5))) return 49 + r.next() * 110;
  return Math.min(44, 0.2 + r.logNormal(3, 1.1));
}

/** Leads in assignment order; prospects (accounts new around the lead's date) get most of them. */
export function* leadMonths(world: World, o: LeadOptions): Generator<{ leads: LeadRecord[]; nextDay: number }> {
  const r = rng(o.seed, 'leads');
  const firstMonth = monthOfDay(o.startDay);
  const lastMonth = monthOfDay(o.endDay);
  const volumes: number[] = [];
  for (let m = firstMonth; m <= lastMonth; m++) {
    const days = Math.min(dayNumber(monthStart(m + 1)) - 1, o.endDay) - Math.max(dayNumber(monthStart(m)), o.startDay) + 1;
    volumes.push(monthVolume(m, firstMonth, 0.12) * days);
  }
  const total = volumes.reduce((s, v) => s + v, 0);
  const since = (c: number) => world.customers[c].sinceDay;
  const byTeam = world.teams.map((_, t) => world.customers.flatMap((c, i) => (c.team === t ? [i] : [])).sort((a, b) => since(a) - since(b) || a - b));
  const firstAtOrAfter = (list: number[], day: number) => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (since(list[mid]) < day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const width = Math.max(5, String(o.count).length);
  let acc = r.next();
  let given = 0;
  let seq = 0;
  for (let m = firstMonth; m <= lastMonth; m++) {
    const before = Math.floor(acc);
    acc += (volumes[m - firstMonth] / total) * o.count;
    const n = m === lastMonth ? o.count - given : Math.floor(acc) - before;
    given += n;
    const first = Math.max(dayNumber(monthStart(m)), o.startDay);
    const last = Math.min(dayNumber(monthStart(m + 1)) - 1, o.endDay);
    const batch: LeadRecord[] = [];
    const onBoard = world.reps.flatMap((rep, i) => (rep.joinDay <= last ? [i] : []));
    for (let k = 0; k < n; k++) {
      let day = pickDay(r, first, last);
      const rep = onBoard.length > 0 ? r.pick(onBoard) : 0;
      day = Math.max(day, world.reps[rep].joinDay);
      const accounts = byTeam[world.reps[rep].team];
      const lo = firstAtOrAfter(accounts, day - 75);
      const hi = firstAtOrAfter(accounts, day + 76);
      const customer = hi > lo && r.chance(0.7) ? accounts[r.int(lo, hi - 1)] : accounts.length > 0 ? r.pick(accounts) : 0;
      const assignedAt = atMinute(day, pickMinuteOfDay(r));
      const hours = followUpHours(r, world.reps[rep].diligence);
      let contact = hours === null ? null : assignedAt + Math.round(hours * 60) * MS_PER_MINUTE;
      if (contact !== null) {
        // Nobody calls at 3 a.m.: a night-time follow-up happens the next morning.
        const minute = (contact % MS_PER_DAY) / MS_PER_MINUTE;
        if (minute < 8 * 60 || minute > 20 * 60) contact = (Math.floor(contact / MS_PER_DAY) + (minute > 20 * 60 ? 1 : 0)) * MS_PER_DAY + 9 * MS_PER_HOUR + r.int(0, 90) * MS_PER_MINUTE;
        if (contact >= (o.endDay + 1) * MS_PER_DAY) contact = null;
      }
      batch.push({ id: '', rep, customer, assignedAt, firstContactAt: contact, source: pickSource(r) });
    }
    batch.sort((a, b) => a.assignedAt - b.assignedAt);
    for (const l of batch) l.id = `L-${String(++seq).padStart(width, '0')}`;
    yield { leads: batch, nextDay: dayNumber(monthStart(m + 1)) };
  }
}

export function* leadsInOrder(world: World, o: LeadOptions): Generator<LeadRecord> {
  for (const { leads } of leadMonths(world, o)) yield* leads;
}
