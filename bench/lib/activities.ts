import { MS_PER_DAY, MS_PER_MINUTE, type LocalTime } from '../../src/core/calendar.js';
import { DayBuffer } from './buffer.js';
import { dealMonths, type DealOptions, type DealRecord } from './deals.js';
import { atMinute, dayWeight, pickDay, pickMinuteOfDay } from './days.js';
import { leadMonths, type LeadOptions } from './leads.js';
import { rng, type Rng } from './prng.js';
import type { World } from './world.js';

export const ACTIVITY_TYPES = ['call', 'visit', 'email', 'demo', 'needs_analysis', 'objection_log', 'revisit', 'lead_assigned'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export interface ActivityRecord {
  id: string;
  at: LocalTime;
  rep: number;
  customer: number;
  dealId: string | null;
  leadId: string | null;
  type: ActivityType;
  durationMin: number | null;
  effective: boolean | null;
  complete: boolean | null;
}

export interface ActivityOptions {
  seed: number;
  /** The activity log's window; deals and leads outside it only contribute what falls inside. */
  startDay: number;
  endDay: number;
  /** Roughly this many rows: routine touches not tied to a deal make up the difference. */
  target: number;
  deals: DealOptions;
  leads: LeadOptions;
}

const REVISIT_MONTHS = 6;

/** Expected deal-linked rows per deal and per lead for a rep of this diligence (keeps `target` honest). */
function expectedPerDeal(dil: number): number {
  const touches = (40 / 7) * (0.6 + 1.6 * dil);
  const contacts = touches * 0.7;
  return touches + Math.min(4, 0.6 + 2.2 * dil) + contacts * (0.15 + 0.8 * dil) + 0.6 + 0.45 * REVISIT_MONTHS * (0.25 + 0.7 * dil) + 0.5;
}
const EXPECTED_PER_LEAD = 1.85;
/** Routine touches scale with diligence: the diligent log 8+ touches a week, the lax half that. */
const routineFactor = (dil: number) => 0.25 + 1.5 * dil * dil;

class Emitter {
  readonly buffer = new DayBuffer<ActivityRecord>();
  constructor(private r: Rng, private from: number, private to: number) {}

  // Positional and one literal per row: this runs a million times for a 1M-row log.
  add(
    day: number, rep: number, customer: number, dealId: string | null, leadId: string | null, type: ActivityType,
    durationMin: number | null, effective: boolean | null, complete: boolean | null, at?: LocalTime,
  ): ActivityRecord | null {
    if (day < this.from || day > this.to) return null;
    const rec: ActivityRecord = { id: '', at: at ?? atMinute(day, pickMinuteOfDay(this.r)), rep, customer, dealId, leadId, type, durationMin, effective, complete };
    this.buffer.push(day, rec);
    return rec;
  }

  /** A call, visit or email; contacts may be followed by an objection log the same day. */
  contact(day: number, rep: number, customer: number, dealId: string | null, dil: number, leadId: string | null = null, at?: LocalTime, type?: ActivityType): void {
    const r = this.r;
    const u = r.next();
    const kind: ActivityType = type ?? (u < 0.5 ? 'call' : u < 0.8 ? 'email' : 'visit');
    let rec: ActivityRecord | null;
    if (kind === 'email') rec = this.add(day, rep, customer, dealId, leadId, 'email', null, null, null, at);
    else if (kind === 'call') {
      const minutes = Math.max(1, Math.round(r.logNormal(8, 0.7)));
      rec = this.add(day, rep, customer, dealId, leadId, 'call', minutes, minutes >= 3 && r.chance(0.85), null, at);
    } else rec = this.visit(day, 'visit', rep, customer, dealId, dil, at);
    if (rec && kind !== 'email' && r.chance(0.15 + 0.8 * dil)) this.objectionLog(rec);
  }

  visit(day: number, type: 'visit' | 'revisit', rep: number, customer: number, dealId: string | null, dil: number, at?: LocalTime): ActivityRecord | null {
    const r = this.r;
    const minutes = Math.min(240, Math.max(15, Math.round(r.logNormal(60, 0.45) / 5) * 5));
    return this.add(day, rep, customer, dealId, null, type, minutes, r.chance(0.45 + 0.5 * dil), null, at);
  }

  private objectionLog(after: ActivityRecord): void {
    const day = Math.floor(after.at / MS_PER_DAY);
    const at = Math.min(after.at + ((after.durationMin ?? 0) + this.r.int(10, 180)) * MS_PER_MINUTE, (day + 1) * MS_PER_DAY - MS_PER_MINUTE);
    this.add(day, after.rep, after.customer, after.dealId, after.leadId, 'objection_log', null, null, null, at);
  }
}

function dealActivities(e: Emitter, r: Rng, d: DealRecord, dil: number, lastDay: number): void {
  const end = d.closeDay ?? lastDay;
  const life = end - d.createdDay;
  const interviews = Math.min(4, r.poisson(0.6 + 2.2 * dil));
  for (let i = 0; i < interviews; i++) {
    const day = pickDay(r, d.createdDay, d.createdDay + Math.floor(life * 0.5));
    e.add(day, d.rep, d.customer, d.id, null, 'needs_analysis', r.int(9, 24) * 5, null, r.chance(0.35 + 0.6 * dil));
  }
  const touches = r.poisson(((life + 1) / 7) * (0.6 + 1.6 * dil));
  for (let i = 0; i < touches; i++) e.contact(pickDay(r, d.createdDay, end), d.rep, d.customer, d.id, dil);
  // Demos come late in the cycle, just before signing; lax reps skip some.
  const demo = d.stage === 'won' ? r.chance(0.5 + 0.5 * dil) : d.stage === 'lost' ? r.chance(0.45) : r.chance(d.step >= 1 ? 0.5 : 0.1);
  if (demo) {
    const before = d.stage === 'won' ? end - 1 : end;
    const day = pickDay(r, Math.max(d.createdDay, before - 10), Math.max(d.createdDay, before));
    e.add(day, d.rep, d.customer, d.id, null, 'demo', r.int(9, 18) * 5, null, null);
  }
  if (d.stage === 'won' && d.closeDay !== null) {
    const stop = Math.min(lastDay, d.cancelledDay ?? lastDay);
    for (let k = 1; k <= REVISIT_MONTHS; k++) {
      const day = d.closeDay + 30 * k + r.int(-5, 5);
      if (day > stop) break;
      if (r.chance(0.25 + 0.7 * dil)) e.visit(pickDay(r, day - 2, day + 2), 'revisit', d.rep, d.customer, d.id, dil);
    }
  }
}

/**
 * Activities in time order. The same deal and lead options give the same deals and leads as the deal
 * and lead exports, so activity rows refer to real deal ids, lead ids, reps and customers.
 */
export function* activities(world: World, o: ActivityOptions): Generator<ActivityRecord> {
  const r = rng(o.seed, 'activities');
  const from = Math.max(o.startDay, o.deals.startDay);
  const to = Math.min(o.endDay, o.deals.endDay);
  const e = new Emitter(r, from, to);
  const dil = world.reps.map((rep) => rep.diligence);

  // Routine touches fill the gap between deal-driven rows and the target.
  const windowShare = (to - from + 1) / Math.max(1, o.deals.endDay - o.deals.startDay + 1);
  const meanDil = dil.reduce((s, x) => s + x, 0) / Math.max(1, dil.length);
  const linked = o.deals.count * windowShare * expectedPerDeal(meanDil) + o.leads.count * EXPECTED_PER_LEAD;
  let capacity = 0;
  for (let day = from; day <= to; day++) {
    const w = dayWeight(day);
    for (const rep of world.reps) if (rep.joinDay <= day) capacity += w * routineFactor(rep.diligence);
  }
  const rate = capacity > 0 ? Math.max(0, o.target - linked) / capacity : 0;
  const owned = world.reps.map(() => [] as number[]);
  world.customers.forEach((c, i) => owned[c.owner].push(i));
  const byDay = (a: ActivityRecord, b: ActivityRecord) => a.at - b.at;

  const width = Math.max(7, String(Math.round(o.target * 1.2)).length);
  let seq = 0;
  const leadsIter = leadMonths(world, o.leads);
  let pendingLeads = leadsIter.next();
  let monthFirst = o.deals.startDay;
  for (const { deals, nextDay } of dealMonths(world, o.deals)) {
    for (const d of deals) if ((d.closeDay ?? o.deals.endDay) + 31 * REVISIT_MONTHS + 5 >= from && d.createdDay <= to) dealActivities(e, r, d, dil[d.rep], to);
    while (!pendingLeads.done && pendingLeads.value.nextDay <= nextDay) {
      for (const l of pendingLeads.value.leads) {
        const day = Math.floor(l.assignedAt / MS_PER_DAY);
        e.add(day, l.rep, l.customer, null, l.id, 'lead_assigned', null, null, null, l.assignedAt);
        if (l.firstContactAt !== null) {
          e.contact(Math.floor(l.firstContactAt / MS_PER_DAY), l.rep, l.customer, null, dil[l.rep], l.id, l.firstContactAt, r.chance(0.7) ? 'call' : 'email');
        }
      }
      pendingLeads = leadsIter.next();
    }
    for (let day = Math.max(from, monthFirst); day < Math.min(nextDay, to + 1); day++) {
      const w = dayWeight(day);
      world.reps.forEach((rep, i) => {
        if (rep.joinDay > day || owned[i].length === 0) return;
        const n = r.poisson(rate * w * routineFactor(rep.diligence));
        for (let k = 0; k < n; k++) e.contact(day, i, r.pick(owned[i]), null, rep.diligence);
      });
    }
    monthFirst = nextDay;
    for (const list of e.buffer.drain(nextDay, byDay)) {
      for (const a of list) {
        a.id = `ACT-${String(++seq).padStart(width, '0')}`;
        yield a;
      }
    }
  }
  for (const list of e.buffer.drainAll(byDay)) {
    for (const a of list) {
      a.id = `ACT-${String(++seq).padStart(width, '0')}`;
      yield a;
    }
  }
}
