import type { LocalTime } from '../calendar.js';
import type { Bi } from '../i18n.js';

export const RULES = ['new-customer-growth', 'lead-follow-up', 'touches', 'pacing'] as const;
export type RuleName = (typeof RULES)[number];

export type Severity = 'warning' | 'critical';
export const severityRank = (s: Severity): number => (s === 'critical' ? 2 : 1);

export interface Recipient {
  role: 'manager' | 'rep';
  name: string;
  email?: string;
  webhook?: string;
  style?: string;
}

/** One condition that holds on the as-of date. `key` is stable across runs while the condition lasts. */
export interface AlertCondition {
  key: string;
  /** the key earlier versions stored this condition under: a state store that remembers it goes on from there */
  formerKey?: string;
  rule: RuleName;
  team?: string;
  region?: string;
  rep?: string;
  severity: Severity;
  /** How bad it is, in the rule's unit (weeks of streak, overdue leads, attainment points short); larger = worse. */
  magnitude: number;
  /** Growth of `magnitude` since the last notification that counts as worsening. */
  worsenBy: number;
  /** When the condition began (local date/time). */
  since: LocalTime;
  title: Bi;
  /** The numbers behind it, one line each. */
  details: Bi[];
  action: Bi;
  recipients: Recipient[];
  /** The same numbers, machine-readable, for JSON output. */
  numbers: Record<string, unknown>;
}
