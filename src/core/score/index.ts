/**
 * Behaviour scoring: key behaviour indicators (KBIs) and point rules from an activity log.
 *
 *   const acc = new ScoreAccumulator({ config: cfg.score, period, asOf, file, deals, leads, roster });
 *   for each activity row: acc.add(row)      // one pass, bounded memory
 *   const result = acc.finish();             // ScoreResult: reps × months, teams, weeks, misses, audit
 *
 * or, with the rows already in memory, `scoreBehaviour(rows, options)`.
 */
import type { Activity } from '../../schema/rows.js';
import { ScoreAccumulator, type ScoreOptions } from './accumulator.js';
import type { ScoreResult } from './types.js';

export { ScoreAccumulator, type ScoreOptions };
export { addWorkingHours, endOfWorkingDay, workClock, type WorkClock } from './clock.js';
export { KBI_LABELS, KBI_SHORT, KBI_UNITS, behaviourScore, formulaText } from './kbis.js';
export { monthPeriod, periodOf } from './period.js';
export type * from './types.js';

export function scoreBehaviour(activities: Iterable<Activity>, opts: ScoreOptions): ScoreResult {
  const acc = new ScoreAccumulator(opts);
  for (const a of activities) acc.add(a);
  return acc.finish();
}
