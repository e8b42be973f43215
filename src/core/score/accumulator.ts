import {
  MS_PER_DAY,
  formatLocal,
  monthIndex,
  monthKey,
  monthOfDay,
  monthStart,
  weekIndexKey,
  weekIndexStart,
  type LocalTime,
} from '../calendar.js';
import { bi, nounCount, byCount } from '../i18n.js';
import { ACTIVITY_TYPES } from '../values/activity-type.js';
import type { Activity, Deal, Lead } from '../../schema/rows.js';
import type { Problem } from '../../schema/problem.js';
import type { ActivityRule, ScoreConfig } from '../../schema/config/score.js';
import { KBI_IDS, type KbiId } from '../../schema/kbis.js';
import { endOfWorkingDay, workClock, type WorkClock } from './clock.js';
import { addTallies, emptyTallies, TALLY_WIDTH, type Tallies } from './kbis.js';
import type { Miss } from './types.js';
import { finishScore, missOrder } from './finish.js';
import { countingSpool, memorySpool, type Spool, type SpoolFactory } from '../spool.js';
import { emptySlot, ruleKey, type Collected, type Contact, type Continuation, type DealCheck, type FinishHost, type LeadCheck, type PairSlot, type PairState, type PieceState, type RepState, type RuleItems, type ScoreOptions, type UpkeepCheck } from './state.js';
import { earliestFollow, keepFollow, keepLog, leadFollow, logMeets, noFollow, noLogs, orWeeks } from './merge.js';


const TYPE_INDEX = new Map<string, number>(ACTIVITY_TYPES.map((t, i) => [t, i]));
const KBI_INDEX = new Map<KbiId, number>(KBI_IDS.map((k, i) => [k, i]));
const WEEK_THURSDAY = 3 * MS_PER_DAY;
/** ISO week number since 1970 (Mondays are day numbers ≡ 4 mod 7), same as calendar.weekIndex. */
const weekOf = (t: LocalTime) => Math.floor((Math.floor(t / MS_PER_DAY) + 3) / 7);
export const monthOfWeek = (w: number) => monthIndex(weekIndexStart(w) + WEEK_THURSDAY);







/**
 * Fields a piece's state leaves behind: what the constructor builds from the options alone (the spool
 * travels as its entries), and indexes the merge does not read of a piece (leads by id; the pairs holding
 * log times, which the merge finds again) — measured, they were a third of the whole log's state.
 */
const NOT_SENT = new Set([
  ...['opts', 'cfg', 'clock', 'spool', 'misses', 'converted', 'leadsById', 'logged'],
  // what the constructor derives from the options, and caches the merge rebuilds or does without
  ...['touchType', 'needsType', 'demoType', 'contactType', 'logType', 'upkeepType', 'rulesByType', 'expiring', 'missCounts'],
]);

/** Precomputed per-rule matching: which rules count an activity type. */
interface CompiledRule {
  index: number;
  rule: ActivityRule;
  /**
   * The rule's entries of ruleItems by rep and bucket number (ISO week index or month index), so that a
   * row builds no bucket key and no joined key string. A cache: a bucket missing here is looked up in
   * ruleItems, which stays the state a merge joins.
   */
  byRep: Map<string, Map<number, RuleItems>>;
}

/**
 * One streaming pass over an activity log. State is kept per rep, per rep × customer, per open
 * objection window and per rule bucket of the scored period — never per row of the whole file.
 * Rows may arrive in any order within `slackDays`; rows later than that are counted as a problem.
 */
export class ScoreAccumulator implements FinishHost {
  readonly cfg: ScoreConfig;
  readonly clock: WorkClock;
  private readonly periodStart: LocalTime;
  /** end of the period's last day, or of --as-of if earlier */
  readonly periodEnd: LocalTime;
  /** end of the --as-of day: rows after it are ignored, checks due after it are pending */
  readonly cutoff: LocalTime;
  private readonly firstWeek: number;
  private readonly lastWeek: number;
  private readonly slack: number;
  private watermark = -Infinity;
  private sweptDay = -Infinity;
  /** the horizon of the last sweep */
  private horizon = -Infinity;
  /** set when the rows do not start the log (ScoreOptions.continuation) */
  private readonly cont: Continuation | null;
  private readonly reps = new Map<string, RepState>();
  /**
   * Everything kept per rep × customer (or deal/lead), by rep then key, so a row looks its pair up once
   * (and builds no joined key): its state, its weeks, the won deals and signed months of the pair, the
   * leads of its customer.
   */
  private readonly slots = new Map<string, Map<string, PairSlot>>();
  /** the pairs' states in the order they were created (the order of their checks) */
  private readonly pairs: PairState[] = [];
  private readonly openPairs = new Set<PairState>();
  /**
   * The open pairs by the deadline of each contact they hold (a pair may be listed under several), so that
   * the daily sweep visits the pairs with a contact falling due rather than every open pair. Derived from
   * openPairs: a merge rebuilds it.
   */
  private expiring = new Map<LocalTime, PairState[]>();
  /** pairs holding objection-log times: the weekly trim of old times visits these, not every pair of the period */
  private readonly logged = new Set<PairState>();
  private readonly touchType: boolean[];
  private readonly needsType: boolean[];
  private readonly demoType: boolean[];
  private readonly contactType: boolean[];
  private readonly logType: boolean[];
  private readonly upkeepType: boolean[];
  private readonly rulesByType: CompiledRule[][];
  private readonly dealsById = new Map<string, DealCheck>();
  private readonly upkeep: UpkeepCheck[] = [];
  /** earliest won close per rep × customer: a customer is converted from then on */
  readonly converted = new Map<string, LocalTime>();
  private readonly leadsById = new Map<string, LeadCheck[]>();
  private readonly leadChecks: LeadCheck[] = [];
  /** no lead was assigned before this (Infinity: no lead), so an earlier row follows none up: a bound kept by addLead and reassignments */
  private leadsFrom = Infinity;
  /** how many of leadChecks come from the leads file (the same in every piece); the rest from lead_assigned rows */
  private readonly fileLeads: number;
  private readonly ruleItems = new Map<string, RuleItems>();
  /** KBI tallies per rep, by month and by week: number-keyed maps under the rep, so a check does not build and hash a rep-and-month key */
  private readonly repTallies = new Map<string, { months: Map<number, Tallies>; weeks: Map<number, Tallies> }>();
  readonly spool: SpoolFactory;
  readonly misses: Spool<Miss>;
  readonly missMonths = new Map<string, number[]>();
  /** missMonths' lists by month index, so a miss builds no month key: a cache (a merge adds months to missMonths only) */
  private readonly missCounts = new Map<number, number[]>();
  readonly problems: Problem[] = [];
  readonly stats = { activities: 0, inPeriod: 0, afterAsOf: 0, outOfOrder: 0 };
  private firstLate: Activity | null = null;
  /** deadlineOf's last day and its answer */
  private deadlineDay = NaN;
  private deadlineAt = 0;

  constructor(readonly opts: ScoreOptions) {
    const c = (this.cfg = opts.config);
    this.spool = opts.spool ?? memorySpool;
    this.misses = this.spool(missOrder);
    this.clock = workClock(c.workingHours);
    this.periodStart = opts.period.from;
    // Checks are anchored in the period but judged on everything known by --as-of (a week or an
    // objection window running past the period end still sees its last days).
    this.cutoff = opts.asOf + MS_PER_DAY;
    this.periodEnd = Math.min(opts.period.to + MS_PER_DAY, this.cutoff);
    // Weeks belong to the month (and period) holding their Thursday, so a week is never split.
    this.firstWeek = weekOf(opts.period.from - WEEK_THURSDAY + 6 * MS_PER_DAY);
    this.lastWeek = weekOf(opts.period.to - WEEK_THURSDAY);
    this.slack = c.slackDays * MS_PER_DAY;
    const flags = (types: readonly string[]) => ACTIVITY_TYPES.map((t) => types.includes(t));
    this.touchType = flags(c.touch.types);
    this.needsType = flags(c.needs.types);
    this.demoType = flags(c.demo.types);
    this.contactType = flags(c.objection.contactTypes);
    this.logType = flags(c.objection.logTypes);
    this.upkeepType = flags(c.upkeep.types);
    this.rulesByType = ACTIVITY_TYPES.map(() => []);
    c.rules.forEach((rule, index) => {
      if (rule.kind !== 'activity') return;
      const compiled: CompiledRule = { index, rule, byRep: new Map() };
      for (const t of rule.types) this.rulesByType[TYPE_INDEX.get(t)!].push(compiled);
    });
    for (const rep of opts.roster?.keys() ?? []) this.rep(rep, undefined);
    this.indexDeals(opts.deals ?? []);
    this.indexLeads(opts.leads ?? []);
    this.fileLeads = this.leadChecks.length;
    this.cont = opts.continuation ? { first: NaN, min: Infinity, provisional: [], follow: new Map(), assignedBefore: [] } : null;
  }

  private inPeriod = (t: LocalTime) => t >= this.periodStart && t < this.periodEnd;

  private indexDeals(deals: readonly Deal[]): void {
    const months = this.periodMonths();
    for (const d of deals) {
      if (d.stage !== 'won' || d.closed_at === undefined) continue;
      if (d.customer !== undefined) {
        const pk = `${d.rep}\t${d.customer}`;
        const prev = this.converted.get(pk);
        if (prev === undefined || d.closed_at < prev) this.converted.set(pk, d.closed_at);
        const signed = monthIndex(d.closed_at);
        for (let k = 1; k <= this.cfg.upkeep.months; k++) {
          const m = signed + k;
          if (!months.includes(m) || (d.cancelled_at !== undefined && d.cancelled_at <= monthStart(m))) continue;
          const s = this.slot(d.rep, d.customer);
          s.upkeep ??= new Map();
          if (!s.upkeep.has(m)) {
            const u: UpkeepCheck = { rep: d.rep, customer: d.customer, month: m, deal: d, rows: [] };
            s.upkeep.set(m, u);
            this.upkeep.push(u);
          }
        }
      }
      if (!this.inPeriod(d.closed_at)) continue;
      const check: DealCheck = {
        deal: d,
        cutoff: d.closed_at % MS_PER_DAY === 0 ? d.closed_at + MS_PER_DAY : d.closed_at + 1,
        demoRows: [],
        lateDemoRows: [],
        needsRows: [],
      };
      this.dealsById.set(d.id, check);
      if (d.customer !== undefined) (this.slot(d.rep, d.customer).deals ??= []).push(check);
    }
  }

  private indexLeads(leads: readonly Lead[]): void {
    let noTime = 0;
    let noRep = 0;
    for (const l of leads) {
      if (l.assigned_at === undefined) {
        noTime++;
        continue;
      }
      if (!this.inPeriod(l.assigned_at)) continue;
      if (l.rep === undefined) {
        noRep++;
        continue;
      }
      const first = l.first_contact_at !== undefined && l.first_contact_at >= l.assigned_at ? l.first_contact_at : undefined;
      this.addLead({
        id: l.id,
        rep: l.rep,
        customer: l.customer,
        assigned: l.assigned_at,
        followUp: first,
        followRow: null,
        file: this.opts.leadsFile ?? 'leads',
        row: l.row,
      });
    }
    const note = (count: number, code: string, en: string, zh: string) => {
      if (count)
        this.problems.push({ file: this.opts.leadsFile ?? 'leads', row: null, column: null, value: null, code, severity: 'warning', message: bi(en, zh) });
    };
    note(noTime, 'lead_no_assigned_at', `${nounCount(noTime, 'lead')} ${byCount(noTime, 'has', 'have')} no assignment time; ${byCount(noTime, 'its', 'their')} follow-up is not checked`, `${noTime} 条线索没有分配时间，未检查其跟进`);
    note(noRep, 'lead_no_rep', `${nounCount(noRep, 'lead')} assigned in the period ${byCount(noRep, 'has', 'have')} no owner; ${byCount(noRep, 'its', 'their')} follow-up is not checked`, `期内 ${noRep} 条线索没有负责人，未检查其跟进`);
  }

  private addLead(l: LeadCheck): void {
    this.leadChecks.push(l);
    if (l.assigned < this.leadsFrom) this.leadsFrom = l.assigned;
    push(this.leadsById, `${l.rep}\t${l.id}`, l);
    if (l.customer !== undefined) {
      const s = this.slot(l.rep, l.customer);
      (s.leads ??= []).push(l);
      s.followedBy = Math.max(s.followedBy, l.followUp ?? Infinity);
    }
  }

  periodMonths(): number[] {
    const out: number[] = [];
    for (let m = monthIndex(this.periodStart); m <= monthIndex(this.periodEnd - 1); m++) out.push(m);
    return out;
  }

  private rep(name: string, team: string | undefined): RepState {
    let r = this.reps.get(name);
    if (!r) {
      r = { first: Infinity, team, weeks: new Map() };
      this.reps.set(name, r);
    } else if (r.team === undefined && team !== undefined) r.team = team;
    return r;
  }

  private slot(rep: string, key: string): PairSlot {
    let byKey = this.slots.get(rep);
    if (!byKey) this.slots.set(rep, (byKey = new Map()));
    let s = byKey.get(key);
    if (!s) byKey.set(key, (s = emptySlot()));
    return s;
  }

  private pair(s: PairSlot, rep: string, key: string, isCustomer: boolean): PairState {
    let p = s.pair;
    if (!p) {
      p = s.pair = { pk: `${rep}\t${key}`, rep, key, isCustomer, needsAt: [], needsRows: [], activeMonths: [], contacts: [], logs: [] };
      this.pairs.push(p);
    }
    return p;
  }

  talliesOf(rep: string, month: number): Tallies | undefined {
    return this.repTallies.get(rep)?.months.get(month);
  }

  weekTalliesOf(rep: string, week: number): Tallies | undefined {
    return this.repTallies.get(rep)?.weeks.get(week);
  }

  tally(kbi: KbiId, rep: string, month: number, week: number | null, due: LocalTime, actual: number, ok: boolean, miss: () => Omit<Miss, 'kbi' | 'rep' | 'team' | 'month' | 'week' | 'due' | 'actual'>): void {
    // A check counts once it falls due, passed or not: counting early passes alone would flatter the period in progress.
    const pending = due > this.cutoff;
    let rt = this.repTallies.get(rep);
    if (!rt) this.repTallies.set(rep, (rt = { months: new Map(), weeks: new Map() }));
    const ki = KBI_INDEX.get(kbi)!;
    bump(rt.months, month, ki * TALLY_WIDTH, pending, actual, ok);
    if (week !== null) bump(rt.weeks, week, ki * TALLY_WIDTH, pending, actual, ok);
    if (ok || pending) return;
    let counts = this.missCounts.get(month);
    if (!counts) {
      const mk = monthKey(month);
      counts = this.missMonths.get(mk);
      if (!counts) this.missMonths.set(mk, (counts = KBI_IDS.map(() => 0)));
      this.missCounts.set(month, counts);
    }
    counts[ki]++;
    if (this.misses.discards) this.misses.push(undefined as never);
    else
      this.misses.push({
      kbi,
      rep,
      team: '',
      month: monthKey(month),
      week: week === null ? null : weekIndexKey(week),
      due,
      actual,
      ...miss(),
    });
  }

  add(a: Activity): void {
    this.stats.activities++;
    const at = a.at;
    if (at >= this.cutoff) {
      this.stats.afterAsOf++;
      return;
    }
    const day = Math.floor(at / MS_PER_DAY);
    if (at > this.watermark) {
      this.watermark = at;
      if (day > this.sweptDay) {
        this.sweptDay = day;
        this.sweep(at - this.slack);
      }
    } else if (at < this.watermark - this.slack) {
      this.stats.outOfOrder++;
      this.firstLate ??= a;
    }
    const cont = this.cont;
    if (cont) {
      if (cont.first !== cont.first) cont.first = at;
      if (at < cont.min) cont.min = at;
    }
    const rep = a.rep;
    const r = this.rep(rep, a.team);
    if (at < r.first) r.first = at;
    const ti = TYPE_INDEX.get(a.type) ?? 8;
    const customer = a.customer;
    const inPeriod = at >= this.periodStart && at < this.periodEnd;
    if (inPeriod) this.stats.inPeriod++;

    const key = customer ?? a.deal_id ?? a.lead_id ?? '';
    const isCustomer = customer !== undefined;
    // Looked up when a part of the row needs it (null: not yet), and created only when the row leaves state
    // behind: most rows outside the period need no slot, and must not grow the map.
    let s: PairSlot | undefined | null = null;

    const w = Math.floor((day + 3) / 7);
    const m = monthOfDay(day);
    if (w >= this.firstWeek && w <= this.lastWeek) {
      let ws = r.weeks.get(w);
      if (!ws) r.weeks.set(w, (ws = { byType: new Array(9).fill(0), customers: 0, touches: 0, touchRows: [] }));
      ws.byType[ti]++;
      if (isCustomer && this.firstInWeek((s ??= this.slot(rep, key)), w - this.firstWeek)) ws.customers++;
      if (this.touchType[ti]) {
        ws.touches++;
        if (ws.touchRows.length < this.cfg.touch.perWeek) ws.touchRows.push(a.row);
      }
    }

    let p: PairState | undefined;
    if (inPeriod && isCustomer) {
      s ??= this.slot(rep, key);
      // Rows come in time order: the month is nearly always the one the slot saw last, and the pair is not read.
      if (s.seenMonth !== m) {
        p = this.pair(s, rep, key, true);
        if (!p.activeMonths.includes(m)) p.activeMonths.push(m);
        s.seenMonth = m;
      }
    }
    if (this.needsType[ti] && isCustomer) {
      p ??= this.pair((s ??= this.slot(rep, key)), rep, key, true);
      p.needsAt.push(at);
      p.needsRows.push(a.row);
    }
    if (this.contactType[ti] && inPeriod) {
      p ??= this.pair((s ??= this.slot(rep, key)), rep, key, isCustomer);
      const deadline = this.deadlineOf(day);
      // A pair with contacts is already in openPairs (and one with logs in logged): adding it again would not move it.
      if (!logWithin(p.logs, at, deadline)) {
        if (p.contacts.push(at, deadline, a.row) === 3) this.openPairs.add(p);
        this.expires(p, deadline);
      } else this.closeContact(p, { at, deadline, row: a.row }, true);
    }
    // Contacts lie in the period and logs count only after them, so earlier logs are never needed.
    if (this.logType[ti] && inPeriod) {
      p ??= this.pair((s ??= this.slot(rep, key)), rep, key, isCustomer);
      if (p.logs.push(at) === 1) this.logged.add(p);
      if (cont) keepLog((s!.logTimes ??= noLogs()), at, cont.first + this.slack);
      if (p.contacts.length) this.logArrived(p, at);
    }
    if ((this.demoType[ti] || this.needsType[ti]) && this.dealsById.size) {
      if (s === null && isCustomer) s = this.slots.get(rep)?.get(key);
      this.dealActivity(a, isCustomer ? (s?.deals ?? null) : null, ti);
    }
    if (this.upkeepType[ti] && isCustomer && this.upkeep.length) {
      if (s === null) s = this.slots.get(rep)?.get(key);
      const u = s?.upkeep?.get(m);
      if (u) u.rows.push(a.row);
    }
    if (a.type === 'lead_assigned') {
      const id = a.lead_id ?? customer;
      const known = id === undefined ? undefined : this.leadsById.get(`${rep}\t${id}`)?.[0];
      if (id !== undefined && inPeriod && !known)
        this.addLead({ id, rep, customer, assigned: at, followUp: undefined, followRow: null, file: this.opts.file, row: a.row });
      // A lead assigned again keeps its first assignment, whatever order the export lists the rows in.
      else if (known && at < known.assigned) {
        known.assigned = at;
        known.row = a.row;
        if (at < this.leadsFrom) this.leadsFrom = at;
      }
      // Before the period, and not a lead of these rows: the rows before the cut may hold the lead, assigned later.
      else if (cont && id !== undefined && !known && at < this.periodStart) cont.assignedBefore.push({ rep, id, at });
    } else {
      if (cont && at >= this.periodStart) {
        if (a.lead_id !== undefined) keepFollow(leadFollow(cont.follow, rep, a.lead_id), at, a.row, cont.first + this.slack);
        else if (isCustomer) keepFollow(((s ??= this.slot(rep, key)).follow ??= noFollow()), at, a.row, cont.first + this.slack);
      }
      // An activity tagged with a lead follows up that lead only; an untagged one, the rep's leads of its customer.
      if (at >= this.leadsFrom) {
        if (a.lead_id !== undefined) this.followUp(this.leadsById.get(`${rep}\t${a.lead_id}`), at, a.row);
        else if (isCustomer) {
          if (s === null) s = this.slots.get(rep)?.get(key);
          if (s?.leads && at < s.followedBy) s.followedBy = this.followUp(s.leads, at, a.row);
        }
      }
    }
    const rules = this.rulesByType[ti];
    if (rules.length) this.countRules(rules, a, rep, w, m, inPeriod);
  }

  /** Whether this is the rep's first row with this customer in the week: one bit per week of the period and pair, instead of a set of customer names per rep and week. */
  private firstInWeek(s: PairSlot, week: number): boolean {
    if (s.seenWeek === week) return false;
    s.seenWeek = week;
    const bits = (s.weeks ??= new Array<number>(((this.lastWeek - this.firstWeek) >> 5) + 1).fill(0));
    const mask = 1 << (week & 31);
    const word = bits[week >> 5];
    if (word & mask) return false;
    bits[week >> 5] = word | mask;
    return true;
  }

  /** Returns when the leads had their follow-ups by (Infinity: one has none yet), PairSlot.followedBy. */
  private followUp(leads: LeadCheck[] | undefined, at: LocalTime, row: number): LocalTime {
    let by = -Infinity;
    if (!leads) return by;
    for (const l of leads) {
      if (!(at < l.assigned || (l.followUp !== undefined && l.followUp <= at))) {
        l.followUp = at;
        l.followRow = row;
      }
      by = Math.max(by, l.followUp ?? Infinity);
    }
    return by;
  }

  private dealActivity(a: Activity, byPair: DealCheck[] | null, ti: number): void {
    const byId = a.deal_id !== undefined ? this.dealsById.get(a.deal_id) : undefined;
    if (!byId && !byPair) return;
    const seen = new Set<DealCheck>();
    for (const d of [...(byId && byId.deal.rep === a.rep ? [byId] : []), ...(byPair ?? [])]) {
      if (seen.has(d)) continue;
      seen.add(d);
      const before = a.at < d.cutoff;
      if (this.demoType[ti]) (before ? d.demoRows : d.lateDemoRows).push(a.row);
      if (this.needsType[ti] && before) d.needsRows.push(a.row);
    }
  }

  /** Week rules count whole weeks of the period (all seven days); month rules count the period's days. */
  private countRules(rules: CompiledRule[], a: Activity, rep: string, w: number, m: number, inPeriod: boolean): void {
    for (const { index, rule, byRep } of rules) {
      const weekly = rule.period === 'week';
      if (weekly ? w < this.firstWeek || w > this.lastWeek : !inPeriod) continue;
      if (!this.matches(rule, a)) continue;
      let byBucket = byRep.get(rep);
      if (!byBucket) byRep.set(rep, (byBucket = new Map()));
      let items = byBucket.get(weekly ? w : m);
      if (!items) {
        const bucket = weekly ? weekIndexKey(w) : monthKey(m);
        const key = ruleKey(index, rep, bucket);
        items = this.ruleItems.get(key);
        if (!items) this.ruleItems.set(key, (items = { index, rep, bucket, month: weekly ? monthOfWeek(w) : m, ats: [], rows: [] }));
        byBucket.set(weekly ? w : m, items);
      }
      items.ats.push(a.at);
      items.rows.push(a.row);
    }
  }

  /** Whether an activity passes a rule's filter (its type already matched). */
  matches(rule: ActivityRule, a: Activity): boolean {
    const f = rule.filter;
    if (f.effective !== undefined && this.isEffective(a) !== f.effective) return false;
    if (f.complete !== undefined && this.isComplete(a) !== f.complete) return false;
    if (f.minDurationMin !== undefined && !((a.duration_min ?? -1) >= f.minDurationMin)) return false;
    if (f.outcomes !== undefined && !(a.outcome !== undefined && f.outcomes.some((o) => o.toLowerCase() === a.outcome!.toLowerCase())))
      return false;
    if (f.withDeal !== undefined && (a.deal_id !== undefined) !== f.withDeal) return false;
    return true;
  }

  /** The effective column when filled; else a long-enough duration or a listed outcome. */
  isEffective(a: Activity): boolean {
    if (a.effective !== undefined) return a.effective;
    const e = this.cfg.effective;
    if (e.minDurationMin !== null && a.duration_min !== undefined && a.duration_min >= e.minDurationMin) return true;
    return a.outcome !== undefined && e.outcomes.some((o) => o.toLowerCase() === a.outcome!.toLowerCase());
  }

  isComplete(a: Activity): boolean {
    if (a.complete !== undefined) return a.complete;
    const m = this.cfg.complete.minDurationMin;
    return m !== null && a.duration_min !== undefined && a.duration_min >= m;
  }

  private logArrived(p: PairState, at: LocalTime): void {
    const cs = p.contacts;
    let left = 0;
    for (let i = 0; i < cs.length; i += 3) {
      if (at >= cs[i] && at < cs[i + 1]) this.closeContact(p, { at: cs[i], deadline: cs[i + 1], row: cs[i + 2] }, true);
      else left = keepContact(cs, left, i);
    }
    if (left < cs.length) cs.length = left;
    if (!left) this.openPairs.delete(p);
  }

  /** Lists `p` under a deadline of a contact it holds (once in a row: the sweep visits a pair at most once a deadline anyway). */
  private expires(p: PairState, deadline: LocalTime): void {
    const due = this.expiring.get(deadline);
    if (!due) this.expiring.set(deadline, [p]);
    else if (due[due.length - 1] !== p) due.push(p);
  }

  /** The objection deadline of a contact on `day`: the same for every contact of the day, so worked out once a day. */
  private deadlineOf(day: number): LocalTime {
    if (day !== this.deadlineDay) {
      this.deadlineDay = day;
      this.deadlineAt = endOfWorkingDay(day * MS_PER_DAY, this.cfg.objection.withinWorkingDays, this.clock);
    }
    return this.deadlineAt;
  }

  closeContact(p: PairState, c: Contact, ok: boolean): void {
    const day = Math.floor(c.at / MS_PER_DAY);
    const w = Math.floor((day + 3) / 7);
    this.tally('objection', p.rep, monthOfDay(day), w >= this.firstWeek && w <= this.lastWeek ? w : null, c.deadline, ok ? 1 : 0, ok, () => ({
      customer: p.isCustomer ? p.key : null,
      deal: null,
      dealRow: null,
      threshold: 1,
      rows: [c.row],
      note: bi(
        `contact on ${formatLocal(c.at)} without an objection log by ${formatLocal(c.deadline - 60_000)}`,
        `${formatLocal(c.at)} 的接触后，截至 ${formatLocal(c.deadline - 60_000)} 未更新异议清单`,
      ),
    }));
  }

  /** Closes objection windows that no in-order row can still satisfy and forgets old log times. */
  private sweep(horizon: LocalTime): void {
    this.horizon = horizon;
    const early = this.cont ? this.cont.first + this.slack : -Infinity;
    for (const [deadline, due] of this.expiring) {
      if (deadline > horizon) continue;
      this.expiring.delete(deadline);
      for (const p of due) {
        const cs = p.contacts;
        let left = 0;
        for (let i = 0; i < cs.length; i += 3) {
          if (cs[i + 1] > horizon) left = keepContact(cs, left, i);
          else {
            const c: Contact = { at: cs[i], deadline: cs[i + 1], row: cs[i + 2] };
            if (c.at <= early) this.cont!.provisional.push({ p, c });
            else this.closeContact(p, c, false);
          }
        }
        if (left < cs.length) cs.length = left;
        if (!left) this.openPairs.delete(p);
      }
    }
    if (this.sweptDay % 7 === 0)
      for (const p of this.logged)
        if (p.logs[p.logs.length - 1] < horizon) {
          p.logs = p.logs.filter((t) => t >= horizon);
          if (!p.logs.length) this.logged.delete(p);
        }
  }

  /**
   * Takes in `next`, which read the rows that follow this one's (made with `continuation`), so that this
   * holds what one pass over both would have: per-rep and per-pair state joined, tallies and rule rows
   * added, objection windows and lead follow-ups across the cut settled (merge.ts says why that is
   * exact). Returns false, changing nothing, when the two states cannot tell: rows of `next` more than
   * slackDays behind rows before them, or a lead's assignment moved earlier across the cut; the caller
   * then reads the rows in one pass.
   */
  merge(next: ScoreAccumulator): boolean {
    const n = next.cont;
    if (!n || this.cont || next.stats.outOfOrder || n.min < this.watermark - this.slack) return false;
    for (let i = 0; i < this.fileLeads; i++) if (this.leadChecks[i].assigned !== next.leadChecks[i].assigned) return false;
    const adopted: LeadCheck[] = [];
    for (const l of next.leadChecks.slice(next.fileLeads)) {
      const known = this.leadsById.get(`${l.rep}\t${l.id}`)?.[0];
      if (!known) adopted.push(l);
      else if (l.assigned < known.assigned) return false;
    }
    for (const { rep, id, at } of n.assignedBefore) {
      const known = this.leadsById.get(`${rep}\t${id}`)?.[0];
      if (known && at < known.assigned) return false;
    }

    // Objection windows across the cut, judged on the logs before pairs are joined.
    const ownPair = (p: PairState) => this.slots.get(p.rep)?.get(p.key)?.pair;
    const meetsHere = (p: PairState, c: Contact) => !!ownPair(p)?.logs.some((t) => t >= c.at && t < c.deadline);
    const settled: { p: PairState; c: Contact; ok: boolean }[] = [];
    for (const { p, c } of n.provisional) settled.push({ p, c, ok: meetsHere(p, c) });
    for (const p of next.openPairs)
      p.contacts = flatContacts(contactsOf(p).filter((c) => !(meetsHere(p, c) && settled.push({ p, c, ok: true }))));
    const horizon = next.sweptDay > this.sweptDay ? next.horizon : this.horizon;
    for (const p of this.openPairs) {
      const theirs = next.slots.get(p.rep)?.get(p.key);
      p.contacts = flatContacts(
        contactsOf(p).filter((c) => {
          const ok = logMeets(theirs, c);
          if (ok || c.deadline <= horizon) settled.push({ p, c, ok });
          return !ok && c.deadline > horizon;
        }),
      );
      if (!p.contacts.length) this.openPairs.delete(p);
    }

    this.stats.activities += next.stats.activities;
    this.stats.inPeriod += next.stats.inPeriod;
    this.stats.afterAsOf += next.stats.afterAsOf;
    const perWeek = this.cfg.touch.perWeek;
    for (const [name, rn] of next.reps) {
      const r = this.reps.get(name);
      if (!r) {
        this.reps.set(name, rn);
        continue;
      }
      r.first = Math.min(r.first, rn.first);
      r.team ??= rn.team;
      for (const [w, wn] of rn.weeks) {
        const ws = r.weeks.get(w);
        if (!ws) {
          r.weeks.set(w, wn);
          continue;
        }
        wn.byType.forEach((k, i) => (ws.byType[i] += k));
        ws.customers += wn.customers;
        ws.touches += wn.touches;
        ws.touchRows.push(...wn.touchRows.slice(0, Math.max(0, perWeek - ws.touchRows.length)));
      }
    }
    for (const [rep, byKey] of next.slots)
      for (const [key, sn] of byKey) {
        if (!sn.weeks) continue;
        const s = this.slot(rep, key);
        if (!s.weeks) s.weeks = sn.weeks;
        // A customer seen in a week on both sides of the cut was counted once on each.
        else orWeeks(s.weeks, sn.weeks, (i) => this.reps.get(rep)!.weeks.get(this.firstWeek + i)!.customers--);
      }
    for (const pn of next.pairs) {
      const s = this.slot(pn.rep, pn.key);
      const p = s.pair;
      if (!p) {
        s.pair = pn;
        this.pairs.push(pn);
      } else {
        p.needsAt.push(...pn.needsAt);
        p.needsRows.push(...pn.needsRows);
        for (const m of pn.activeMonths) if (!p.activeMonths.includes(m)) p.activeMonths.push(m);
        p.contacts.push(...pn.contacts);
        p.logs.push(...pn.logs);
      }
      const joined = s.pair!;
      if (joined.contacts.length) this.openPairs.add(joined);
      if (joined.logs.length) this.logged.add(joined);
    }
    for (const { p, c, ok } of settled) this.closeContact(ownPair(p) ?? p, c, ok);

    const deals = [...next.dealsById.values()];
    [...this.dealsById.values()].forEach((d, i) => {
      d.demoRows.push(...deals[i].demoRows);
      d.lateDemoRows.push(...deals[i].lateDemoRows);
      d.needsRows.push(...deals[i].needsRows);
    });
    this.upkeep.forEach((u, i) => u.rows.push(...next.upkeep[i].rows));
    this.leadChecks.forEach((l, i) => {
      // Whatever the piece found is no earlier than its earliest row: most leads were followed up before that.
      if (l.followUp !== undefined && l.followUp <= n.min) return;
      const found =
        i < this.fileLeads
          ? next.leadChecks[i].followUp === undefined
            ? null
            : { at: next.leadChecks[i].followUp!, row: next.leadChecks[i].followRow }
          : earliestFollow([n.follow.get(l.rep)?.get(l.id), l.customer === undefined ? null : next.slots.get(l.rep)?.get(l.customer)?.follow], l.assigned);
      if (found && (l.followUp === undefined || found.at < l.followUp)) {
        l.followUp = found.at;
        l.followRow = found.row;
      }
    });
    for (const l of adopted) this.addLead(l);

    for (const [k, gn] of next.ruleItems) {
      const g = this.ruleItems.get(k);
      if (!g) this.ruleItems.set(k, gn);
      else {
        g.ats.push(...gn.ats);
        g.rows.push(...gn.rows);
      }
    }
    for (const [rep, tn] of next.repTallies) {
      let t = this.repTallies.get(rep);
      if (!t) this.repTallies.set(rep, (t = { months: new Map(), weeks: new Map() }));
      for (const [into, from] of [
        [t.months, tn.months],
        [t.weeks, tn.weeks],
      ])
        for (const [k, v] of from) {
          const mine = into.get(k);
          if (mine) addTallies(mine, v);
          else into.set(k, v);
        }
    }
    if (this.misses.discards) for (let i = 0; i < next.misses.length; i++) this.misses.push(undefined as never);
    else for (const m of next.misses) this.misses.push(m);
    for (const [mk, counts] of next.missMonths) {
      const mine = this.missMonths.get(mk);
      if (mine) counts.forEach((k, i) => (mine[i] += k));
      else this.missMonths.set(mk, counts);
    }
    this.expiring = new Map();
    for (const p of this.openPairs) for (const c of contactsOf(p)) this.expires(p, c.deadline);
    this.horizon = horizon;
    this.watermark = Math.max(this.watermark, next.watermark);
    this.sweptDay = Math.max(this.sweptDay, next.sweptDay);
    return true;
  }

  /**
   * The state the rows built, to merge on another thread (`resume` there). Every own field travels except
   * what the options rebuild and what cannot be copied (functions), so a field added to the pass travels
   * too. For a continuation made with the same options as the accumulator it is merged into.
   */
  state(): PieceState {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this)) if (typeof v !== 'function' && !NOT_SENT.has(k)) out[k] = v;
    out.misses = this.misses.discards ? this.misses.length : [...this.misses];
    return out as PieceState;
  }

  /** A continuation holding a state made by `state()` with the same options (the spool's aside). */
  static resume(opts: ScoreOptions, state: PieceState): ScoreAccumulator {
    const { misses, ...fields } = state;
    const spool = typeof misses === 'number' ? countingSpool : memorySpool;
    const acc = new ScoreAccumulator({ ...opts, spool, continuation: true });
    Object.assign(acc, fields);
    if (typeof misses === 'number') for (let i = 0; i < misses; i++) acc.misses.push(undefined as never);
    else for (const m of misses) acc.misses.push(m);
    return acc;
  }

  finish() {
    for (const p of this.openPairs) for (const c of contactsOf(p)) this.closeContact(p, c, false);
    this.openPairs.clear();
    if (this.stats.outOfOrder && this.firstLate)
      this.problems.push({
        file: this.opts.file,
        row: this.firstLate.row,
        column: null,
        value: formatLocal(this.firstLate.at),
        code: 'out_of_time_order',
        severity: 'warning',
        message: bi(
          `${nounCount(this.stats.outOfOrder, 'row')} ${byCount(this.stats.outOfOrder, 'comes', 'come')} more than ${nounCount(this.cfg.slackDays, 'day')} after later rows (this is the first); objection-window checks near them may be wrong. Sort the export by time or raise score.slackDays.`,
          `${this.stats.outOfOrder} 行比之前的行早 ${this.cfg.slackDays} 天以上（此为第一行）；其附近的异议处理窗口检查可能不准。请按时间排序导出文件，或调大 score.slackDays。`,
        ),
      });
    const collected: Collected = {
      acc: this,
      reps: this.reps,
      pairs: this.pairs,
      deals: [...this.dealsById.values()],
      upkeep: this.upkeep,
      leads: this.leadChecks,
      ruleItems: [...this.ruleItems.values()],
      firstWeek: this.firstWeek,
      lastWeek: this.lastWeek,
      periodStart: this.periodStart,
      lastActivity: this.watermark,
    };
    return finishScore(collected);
  }
}

/** `o`: the KBI's offset in Tallies */
function bump(map: Map<number, Tallies>, key: number, o: number, pending: boolean, actual: number, ok: boolean): void {
  let t = map.get(key);
  if (!t) map.set(key, (t = emptyTallies()));
  if (pending) t[o + 2]++;
  else {
    t[o + 1]++;
    t[o + 3] += actual;
    if (ok) t[o]++;
  }
}

/** Moves the contact at `from` of a pair's flat contacts down to `to`; returns the next free place. */
function keepContact(cs: number[], to: number, from: number): number {
  if (to !== from) {
    cs[to] = cs[from];
    cs[to + 1] = cs[from + 1];
    cs[to + 2] = cs[from + 2];
  }
  return to + 3;
}

const contactsOf = (p: PairState): Contact[] => {
  const out: Contact[] = [];
  for (let i = 0; i < p.contacts.length; i += 3) out.push({ at: p.contacts[i], deadline: p.contacts[i + 1], row: p.contacts[i + 2] });
  return out;
};
const flatContacts = (cs: Contact[]): number[] => cs.flatMap((c) => [c.at, c.deadline, c.row]);

/** Whether a log time lies in [from, to): a loop, not `some` with a closure made for every contact. */
function logWithin(logs: LocalTime[], from: LocalTime, to: LocalTime): boolean {
  for (let i = 0; i < logs.length; i++) if (logs[i] >= from && logs[i] < to) return true;
  return false;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

