/**
 * The shapes the streaming pass (accumulator.ts) hands to the finishing step (finish.ts) and a piece's
 * state to the other thread (pack.ts), kept apart so that each imports them and none imports another's
 * module for them; with the one literal of an empty slot and the one spelling of a rule bucket's key.
 */
import type { LocalTime } from '../calendar.js';
import type { Roster } from '../teams.js';
import type { Activity, Deal, Lead } from '../../schema/rows.js';
import type { Problem } from '../../schema/problem.js';
import type { ScoreConfig } from '../../schema/config/score.js';
import type { KbiId } from '../../schema/kbis.js';
import type { Spool, SpoolFactory } from '../spool.js';
import type { WorkClock } from './clock.js';
import type { Tallies } from './kbis.js';
import type { Miss, Period } from './types.js';

export interface WeekState {
  byType: number[];
  /** distinct customers of the rep in the week */
  customers: number;
  touches: number;
  /** the first touches of the week, as evidence when the week falls short */
  touchRows: number[];
}

export interface RepState {
  first: LocalTime;
  team: string | undefined;
  weeks: Map<number, WeekState>;
}

export interface Contact {
  at: LocalTime;
  deadline: LocalTime;
  row: number;
}

/** State of one rep with one customer (or deal/lead when the row names no customer). */
export interface PairState {
  /** rep, tab, key: the key of its slot and of the won closes (`converted`) */
  pk: string;
  rep: string;
  key: string;
  isCustomer: boolean;
  needsAt: LocalTime[];
  needsRows: number[];
  activeMonths: number[];
  /**
   * The open contacts' at, deadline and row, side by side: numbers in one array, not an object per contact
   * (contacts live for days of rows, long enough to be copied by the young-generation GC).
   */
  contacts: number[];
  logs: LocalTime[];
}

/** What a row of one rep × customer (or deal/lead) needs, found with one lookup. */
export interface PairSlot {
  /** created by the first row that needs it */
  pair: PairState | null;
  /** one bit per week of the period: whether the pair had a row in it (distinct customers per rep and week) */
  weeks: number[] | null;
  /** the last week (index into `weeks`) whose bit a row set: a pair's rows come in runs, and most stop here */
  seenWeek: number;
  /** the last month a row added to pair.activeMonths: most rows have it, and do not read the pair */
  seenMonth: number;
  /** won deals of the period with this customer */
  deals: DealCheck[] | null;
  /** leads of this customer */
  leads: LeadCheck[] | null;
  /**
   * No lead in `leads` can take a follow-up at or after this time: each has one by then (Infinity: one has
   * none yet). An upper bound: follow-ups only move earlier, here or in a merge.
   */
  followedBy: LocalTime;
  /** signed customer's months to revisit, by month index */
  upkeep: Map<number, UpkeepCheck> | null;
  /**
   * A continuation's follow-up candidates among the rows of the period with this customer and no lead
   * (Continuation.follow has those with a lead): kept here, where the row has looked already.
   */
  follow: FollowCandidates | null;
  /** a continuation's objection-log times of the pair up to its first time + slack, and the earliest later one */
  logTimes: LogCandidates | null;
}

/** A slot with nothing in it yet (one literal, so every slot has the same shape). */
export const emptySlot = (): PairSlot => ({ pair: null, weeks: null, seenWeek: NaN, seenMonth: NaN, deals: null, leads: null, followedBy: -Infinity, upkeep: null, follow: null, logTimes: null });

export interface LogCandidates {
  head: LocalTime[];
  /** Infinity: none */
  after: LocalTime;
}

export interface DealCheck {
  deal: Deal;
  /** activities strictly before this count as "before the close" */
  cutoff: LocalTime;
  demoRows: number[];
  lateDemoRows: number[];
  needsRows: number[];
}

export interface UpkeepCheck {
  rep: string;
  customer: string;
  month: number;
  deal: Deal;
  rows: number[];
}

export interface ScoreOptions {
  config: ScoreConfig;
  period: Period;
  /** "today": rows after its end are ignored, checks due after it are pending */
  asOf: LocalTime;
  /** the activity export's name, for evidence */
  file: string;
  deals?: readonly Deal[];
  dealsFile?: string;
  leads?: readonly Lead[];
  leadsFile?: string;
  roster?: Roster;
  /** where misses and point-audit entries wait for the outputs (default: in memory) */
  spool?: SpoolFactory;
  /**
   * The rows to come do not start the log: they follow rows another accumulator reads, and this one's
   * state is merged into that one's (`ScoreAccumulator.merge`). It then also keeps what only the rows
   * before the cut can settle (`Continuation`).
   */
  continuation?: boolean;
}

/** A follow-up's time and activity row, side by side, as candidates for leads assigned before the cut. */
export interface FollowCandidates {
  /** at, row, at, row …: the rows up to the piece's first time + slack, in file order */
  head: number[];
  /** the earliest later one (Infinity: none) and its row */
  afterAt: LocalTime;
  afterRow: number;
}

/** By rep, then lead id: nested, so a row builds no joined key (measured: a joined key per row cost a piece 0.9 s of 1M rows). */
export type FollowIndex = Map<string, Map<string, FollowCandidates>>;

/**
 * What a piece that does not start the log keeps for the merge with the rows before it. When its rows
 * are in time order within slackDays of the rows before the cut, those rows end by `first` + slack, so
 * only objection logs and follow-ups up to then can meet checks that began before the cut.
 */
export interface Continuation {
  /** the time of its first row up to --as-of (NaN: none yet) */
  first: LocalTime;
  /** the earliest row up to --as-of */
  min: LocalTime;
  /** contacts judged failed here that a log before the cut may have met */
  provisional: { p: PairState; c: Contact }[];
  /**
   * Assignments of leads these rows do not hold, dated before the period: a lead the rows before the cut
   * assigned later would have its first assignment here (the merge refuses then).
   */
  assignedBefore: { rep: string; id: string; at: LocalTime }[];
  /** follow-up candidates from rows in the period tagged with a lead, by rep then lead id (the others' are in their customer's slot: PairSlot.follow) */
  follow: FollowIndex;
}

export interface LeadCheck {
  id: string;
  rep: string;
  customer: string | undefined;
  assigned: LocalTime;
  /** the first follow-up seen so far (first_contact_at or an activity of the rep) */
  followUp: LocalTime | undefined;
  /** the activity row of that follow-up; null when it came from the lead's first-contact column */
  followRow: number | null;
  file: string;
  row: number;
}

export interface RuleItems {
  index: number;
  rep: string;
  bucket: string;
  month: number;
  /** the counted activities' times and rows, side by side: plain number arrays, not an object per activity */
  ats: LocalTime[];
  rows: number[];
}

/** The key of a rule's bucket of a rep in ruleItems. */
export const ruleKey = (index: number, rep: string, bucket: string) => `${index}\t${rep}\t${bucket}`;

export interface Collected {
  acc: FinishHost;
  reps: Map<string, RepState>;
  pairs: PairState[];
  deals: DealCheck[];
  upkeep: UpkeepCheck[];
  leads: LeadCheck[];
  ruleItems: RuleItems[];
  firstWeek: number;
  lastWeek: number;
  periodStart: LocalTime;
  /** the latest activity up to --as-of (-Infinity: none) */
  lastActivity: LocalTime;
}

/** What finishing reads of the accumulator once the pass is over. */
export interface FinishHost {
  readonly opts: ScoreOptions;
  readonly cfg: ScoreConfig;
  readonly clock: WorkClock;
  readonly periodEnd: LocalTime;
  readonly cutoff: LocalTime;
  readonly converted: Map<string, LocalTime>;
  talliesOf(rep: string, month: number): Tallies | undefined;
  weekTalliesOf(rep: string, week: number): Tallies | undefined;
  readonly misses: Spool<Miss>;
  /** misses per month key and KBI (in KBI_IDS order): the counts left once the unscored months are dropped */
  readonly missMonths: Map<string, number[]>;
  readonly spool: SpoolFactory;
  readonly problems: Problem[];
  readonly stats: { activities: number; inPeriod: number; afterAsOf: number; outOfOrder: number };
  periodMonths(): number[];
  tally(kbi: KbiId, rep: string, month: number, week: number | null, due: LocalTime, actual: number, ok: boolean, miss: () => Omit<Miss, 'kbi' | 'rep' | 'team' | 'month' | 'week' | 'due' | 'actual'>): void;
}

/**
 * A continuation accumulator's state as it travels to the thread that merges it (`ScoreAccumulator.state`,
 * `ScoreAccumulator.resume`): every field the rows built, as plain data with its shared references (a pair
 * in `pairs`, `openPairs` and `cont` is one object). Between threads its bulk travels packed (pack.ts). The
 * misses travel as entries, or as their count when the spool only counts. Named here are the fields that
 * hold activity row numbers (shift.ts moves them) or that pack.ts packs; the rest are carried as they are.
 */
export interface PieceState {
  reps: Map<string, RepState>;
  pairs: PairState[];
  /** by rep, then key */
  slots: Map<string, Map<string, PairSlot>>;
  /** the pairs with open contacts */
  openPairs: Set<PairState>;
  dealsById: Map<string, DealCheck>;
  upkeep: UpkeepCheck[];
  leadChecks: LeadCheck[];
  /** leadChecks before this index come from the leads file: their own row is that file's */
  fileLeads: number;
  ruleItems: Map<string, RuleItems>;
  cont: Continuation;
  firstLate: Activity | null;
  misses: Miss[] | number;
  [field: string]: unknown;
}
