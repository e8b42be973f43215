import { formatLocal, isoDate } from '../../core/calendar.js';
import type { Check } from '../../schema/check.js';
import type { ScoreResult } from '../../core/score/index.js';
import { mapEntries } from '../../core/spool.js';
import { JsonList } from '../../io/json-out.js';

/**
 * `--json`: the result with its times as local dates, and the data problems. The misses and the point
 * audit grow with the log: they stay lists read from the spools as the text is written (io/json-out.ts).
 */
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
    misses: new JsonList(mapEntries(r.misses, (m) => ({ ...m, due: formatLocal(m.due) }))),
    audit: new JsonList(mapEntries(r.audit, (a) => ({ ...a, at: formatLocal(a.at) }))),
    problems,
    problemCount,
  };
}
