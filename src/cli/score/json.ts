import { formatLocal, isoDate } from '../../core/calendar.js';
import type { Check } from '../../schema/check.js';
import type { ScoreResult } from '../../core/score/index.js';

/** `--json`: the result with its times as local dates, and the data problems. */
export function jsonOf(r: ScoreResult, problems: ScoreResult['problems'], problemCount: number, checks: Check[]) {
  return {
    checks,
    ...r,
    period: {
      ...r.period,
      from: isoDate(r.period.from),
      to: isoDate(r.period.to),
      cutoff: formatLocal(r.period.cutoff),
      activityFrom: r.period.activityFrom === null ? null : formatLocal(r.period.activityFrom),
      activityTo: r.period.activityTo === null ? null : formatLocal(r.period.activityTo),
    },
    weeks: r.weeks.map((w) => ({ ...w, weekStart: isoDate(w.weekStart) })),
    misses: Array.from(r.misses, (m) => ({ ...m, due: formatLocal(m.due) })),
    audit: Array.from(r.audit, (a) => ({ ...a, at: formatLocal(a.at) })),
    problems,
    problemCount,
  };
}
