import type { LocalTime } from '../calendar.js';
import { bi, formatNumber, type Bi } from '../i18n.js';
import type { Deal } from '../../schema/rows.js';

export type FlagKind = 'cramming' | 'reversal' | 'no_activity' | 'fast_close' | 'duplicate' | 'split' | 'single_kpi';
export const FLAG_KINDS: readonly FlagKind[] = ['cramming', 'reversal', 'no_activity', 'fast_close', 'duplicate', 'split', 'single_kpi'];

/** One source row behind a flag, as the user finds it in the export. */
export interface Evidence {
  /** previous: the earlier deals export given with --previous */
  file: 'deals' | 'activities' | 'previous';
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
  /** low: worth a look, not a finding (a possible split between two reps) */
  severity: 'high' | 'medium' | 'low';
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

/** An amount in each language's notation (thousands separators; cents only when there are any); — when absent. */
export const amountBi = (v: number | undefined): Bi => {
  if (v === undefined) return bi('—', '—');
  const d = Number.isInteger(v) ? 0 : 2;
  return bi(formatNumber('en', v, d), formatNumber('zh', v, d));
};

/** A 0–100 score with one decimal, as every report shows scores. */
export const scoreText = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : formatNumber('en', v, 1));

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
