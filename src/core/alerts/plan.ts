import { dayNumber } from '../calendar.js';
import { severityRank, type AlertCondition, type RuleName, type Severity } from './types.js';
import { compareText } from '../values/text.js';

/** What the store remembers of an alert between runs. */
export interface AlertMemory {
  key: string;
  rule: RuleName;
  status: 'active' | 'resolved';
  /**
   * as-of (LocalTime) of the last run that raised it (new, worsened or reminder), with or without --notify;
   * null if never. Whether it reached its receivers is the deliveries' business, not this.
   */
  lastRaisedOn: number | null;
  lastRaisedMagnitude: number | null;
  lastRaisedSeverity: Severity | null;
  /** the former key its last condition named: a condition under that key again is the same alert (a run without the roster that renamed its team) */
  formerKey?: string;
}

export type AlertEvent = 'raised' | 'worsened' | 'repeated' | 'ongoing' | 'resolved';

/** Events that raise an alert to its receivers (and make the run exit 3). */
export const NOTIFYING: ReadonlySet<AlertEvent> = new Set(['raised', 'worsened', 'repeated']);

export interface Decision {
  key: string;
  event: AlertEvent;
  condition?: AlertCondition;
  memory?: AlertMemory;
}

/**
 * Compares today's conditions with what was raised before:
 * - new, or back after being resolved → raised;
 * - more severe, or magnitude grown by `worsenBy` since it was last raised → worsened (sent at once);
 * - unchanged and last raised `quietDays` or more ago → repeated;
 * - unchanged within the quiet period → ongoing (not sent);
 * - remembered as active but no longer holding, for a rule evaluated this run → resolved.
 * A rule not evaluated (its input was not given) resolves nothing. A decision whose memory has another key
 * (the condition's former key, or the key it was carried over from) tells the store to move that memory to the new key.
 */
export function decide(
  conditions: readonly AlertCondition[],
  memory: ReadonlyMap<string, AlertMemory>,
  evaluated: ReadonlySet<RuleName>,
  asOf: number,
  quietDays: number,
): Decision[] {
  const out: Decision[] = [];
  const seen = new Set<string>();
  for (const c of conditions) {
    // Remembered under its former key (a store written before the key changed, a run without the roster that
    // renamed its team), or back under the key it was carried over from: the same alert, not a new one.
    const m =
      memory.get(c.key) ?? (c.formerKey !== undefined ? memory.get(c.formerKey) : undefined) ?? [...memory.values()].find((x) => x.formerKey === c.key);
    seen.add(c.key);
    if (m) seen.add(m.key);
    let event: AlertEvent;
    if (!m || m.status === 'resolved' || m.lastRaisedOn === null) event = 'raised';
    else if (
      (m.lastRaisedSeverity !== null && severityRank(c.severity) > severityRank(m.lastRaisedSeverity)) ||
      (m.lastRaisedMagnitude !== null && c.magnitude >= m.lastRaisedMagnitude + c.worsenBy - 1e-9)
    )
      event = 'worsened';
    else if (dayNumber(asOf) - dayNumber(m.lastRaisedOn) >= quietDays) event = 'repeated';
    else event = 'ongoing';
    out.push({ key: c.key, event, condition: c, memory: m });
  }
  for (const m of [...memory.values()].sort((a, b) => compareText(a.key, b.key)))
    if (m.status === 'active' && !seen.has(m.key) && evaluated.has(m.rule)) out.push({ key: m.key, event: 'resolved', memory: m });
  return out;
}
