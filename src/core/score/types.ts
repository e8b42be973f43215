import type { LocalTime, MonthIndex } from '../calendar.js';
import type { Bi } from '../i18n.js';
import type { KbiId } from '../../schema/kbis.js';
import type { Problem } from '../../schema/problem.js';
import type { Entries } from '../spool.js';

export type { KbiId };

/** The period scored: whole calendar days from `from` to `to` (both local midnights, inclusive). */
export interface Period {
  from: LocalTime;
  to: LocalTime;
}

/** One failed check with everything needed to find it in the export. */
export interface Miss {
  kbi: KbiId;
  rep: string;
  team: string;
  month: string;
  /** ISO week key, e.g. 2026-W53; null for monthly checks */
  week: string | null;
  customer: string | null;
  deal: string | null;
  /** the deal's row in the deals file */
  dealRow: number | null;
  /** when the check fell due */
  due: LocalTime;
  actual: number;
  threshold: number;
  /** activity rows (as Excel numbers them) that are the evidence: what was done, or the contact left without follow-up */
  rows: number[];
  note: Bi;
}

export interface KbiValue {
  kbi: KbiId;
  label: Bi;
  /** average actual per due check (touches per week, interviews per customer, share with a demo …) */
  actual: number | null;
  threshold: number;
  unit: Bi;
  passed: number;
  due: number;
  pending: number;
  /** passed / due; null when nothing fell due */
  compliance: number | null;
}

export interface AuditEntry {
  rep: string;
  team: string;
  month: string;
  /** ISO week key or month key the rule's count restarts in */
  bucket: string;
  rule: string;
  ruleLabel: Bi;
  points: number;
  file: string;
  rows: number[];
  at: LocalTime;
  note: Bi;
}

export interface RepMonth {
  rep: string;
  team: string;
  month: string;
  kbis: KbiValue[];
  /** weighted mean compliance of the KBIs that had due checks (0–1); null when none had */
  compliance: number | null;
  points: number;
  /** points / points expected for the days covered, clipped to 0–1 */
  pointsRatio: number;
  /** 0–100, null without any due KBI check */
  score: number | null;
  rank: number | null;
  teamRank: number | null;
}

export interface RepWeek {
  rep: string;
  team: string;
  week: string;
  weekStart: LocalTime;
  month: string;
  /** activities by type, all seven days of the week */
  byType: Record<string, number>;
  customers: number;
  kbis: KbiValue[];
}

export interface TeamMonth {
  team: string;
  month: string;
  reps: number;
  score: number | null;
  compliance: number | null;
  points: number;
  kbis: KbiValue[];
  rank: number | null;
}

export interface ScoreResult {
  period: {
    from: LocalTime;
    to: LocalTime;
    cutoff: LocalTime;
    /** every month of the period up to --as-of */
    months: string[];
    /** the months scored: those the activity log covers (from the month of its first row to that of its last, up to --as-of) */
    scoredMonths: string[];
    /** the first and last activity up to --as-of; null for an empty log */
    activityFrom: LocalTime | null;
    activityTo: LocalTime | null;
    /** the period's weeks the log stops short of (logReach): the touch KBI does not judge them; null when none */
    touchWeeksNotJudged: string | null;
  };
  formula: Bi;
  kbis: { kbi: KbiId; label: Bi; threshold: number; unit: Bi; available: boolean }[];
  reps: RepMonth[];
  teams: TeamMonth[];
  weeks: RepWeek[];
  /** sorted by rep, KBI, due time and first evidence row; read with for … of (past a budget they are on disk) */
  misses: Entries<Miss> & { readonly byKbi: Readonly<Record<KbiId, number>> };
  /** sorted by rep, month, time and rule */
  audit: Entries<AuditEntry>;
  problems: Problem[];
  stats: { activities: number; inPeriod: number; afterAsOf: number; outOfOrder: number };
}

export type { MonthIndex };
