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
import { isoDate, type LocalTime } from '../calendar.js';
import { bi, type Bi } from '../i18n.js';
import { ScoreAccumulator } from './accumulator.js';
import type { ScoreOptions } from './state.js';
import type { ScoreResult } from './types.js';

export { ScoreAccumulator, type ScoreOptions };
export { addWorkingHours, endOfWorkingDay, workClock, type WorkClock } from './clock.js';
export { KBI_LABELS, KBI_SHORT, behaviourScore, formulaText } from './kbis.js';
export { monthPeriod, periodOf } from './period.js';
export type * from './types.js';

/**
 * The caveat when the activity log does not cover every month of the period: which months were
 * scored, the span the log covers, which months were left out. Null when every month was scored.
 */
export function coverageNote(p: ScoreResult['period']): Bi | null {
  const left = p.months.filter((m) => !p.scoredMonths.includes(m));
  if (!left.length) return p.touchWeeksNotJudged && p.activityTo !== null ? touchNote(p.touchWeeksNotJudged, p.activityTo) : null;
  if (p.activityFrom === null || p.activityTo === null || !p.scoredMonths.length)
    return bi(
      `⚠ Not scored: ${left.join(', ')} — the activity log has no row in the period up to --as-of.`,
      `⚠ 未评分：${left.join('、')}——截至 --as-of，活动记录在该期间内没有任何记录。`,
    );
  const span = `${isoDate(p.activityFrom)} … ${isoDate(p.activityTo)}`;
  return bi(
    `⚠ Scored months: ${p.scoredMonths.join(', ')}, for every rep; not scored: ${left.join(', ')} — the activity log covers ${span} only.`,
    `⚠ 评分月份：${p.scoredMonths.join('、')}（所有销售相同）；未评分：${left.join('、')}——活动记录仅覆盖 ${span}。`,
  );
}

/** The touch KBI's weeks after an activity log that stops short of --as-of: not judged, said with the scores. */
const touchNote = (weeks: string, end: LocalTime): Bi =>
  bi(
    `⚠ The activity log ends ${isoDate(end)}, before --as-of: the touch KBI is not judged for ${weeks}, which it does not reach (or reaches only in part).`,
    `⚠ 活动记录截至 ${isoDate(end)}，早于 --as-of：${weeks} 没有数据（或只有部分数据），不判断客户触达。`,
  );

export function scoreBehaviour(activities: Iterable<Activity>, opts: ScoreOptions): ScoreResult {
  const acc = new ScoreAccumulator(opts);
  for (const a of activities) acc.add(a);
  return acc.finish();
}
