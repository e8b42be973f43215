import type { LocalTime } from '../calendar.js';
import type { Bi } from '../i18n.js';
import type { Deal } from '../../schema/rows.js';

export type FlagKind = 'cramming' | 'reversal' | 'no_activity' | 'fast_close' | 'duplicate' | 'split' | 'single_kpi';
export const FLAG_KINDS: readonly FlagKind[] = ['cramming', 'reversal', 'no_activity', 'fast_close', 'duplicate', 'split', 'single_kpi'];

/** One source row behind a flag, as the user finds it in the export. */
export interface Evidence {
  file: 'deals' | 'activities';
  row: number;
  id?: string;
  rep?: string;
  customer?: string;
  amount?: number;
  date?: LocalTime;
  note: Bi;
}

export interface Flag {
  /** F001 …, stable for the same input */
  id: string;
  kind: FlagKind;
  severity: 'high' | 'medium';
  /** who or what is flagged */
  level: 'rep' | 'team' | 'deal';
  rep?: string;
  team?: string;
  /** 2026-Q3, 2026-09, or "all" for a profile over the whole history */
  period?: string;
  /** the number behind the flag, what it measures, and what was expected */
  value: number;
  metric: Bi;
  expected?: number;
  /** z-score or percentile that tripped the flag */
  score?: number;
  message: Bi;
  evidence: Evidence[];
}

/** A flag before numbering. */
export type RawFlag = Omit<Flag, 'id'>;

export const dealEvidence = (d: Deal, note: Bi, date: LocalTime | undefined = d.closed_at): Evidence => ({
  file: 'deals',
  row: d.row,
  id: d.id,
  rep: d.rep,
  customer: d.customer,
  amount: d.amount,
  date,
  note,
});
