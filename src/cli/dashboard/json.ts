import { isoDate, type LocalTime } from '../../core/calendar.js';
import type { AlertCondition } from '../../core/alerts/index.js';
import type { BoardLevel, BoardPlan, Pace } from '../../core/charts/index.js';
import { tr, type Lang } from '../../core/i18n.js';
import type { Measure } from '../../core/plan/index.js';
import type { ScoreResult } from '../../core/score/index.js';

/** The numbers behind the page, embedded in it as JSON: the levels and their charts, the plan, the paces, the scores and the active alerts. */
export const boardData = (
  lang: Lang,
  asOf: LocalTime,
  measure: Measure,
  board: BoardLevel[],
  plan: BoardPlan,
  paceByLevel: Map<string, Pace>,
  score: ScoreResult | undefined,
  conditions: AlertCondition[],
) => ({
  version: 1,
  asOf: isoDate(asOf),
  measure,
  levels: board.map((l, i) => ({ id: l.id, level: l.level, name: l.name, charts: l.charts.map((c) => ({ id: c.id, kind: c.kind, marks: c.marks })), alerts: l.alerts.length, index: i })),
  plan,
  paces: Object.fromEntries(board.map((l) => [l.id, paceByLevel.get(l.id) ?? null])),
  score: score ? { months: score.period.months, reps: score.reps, teams: score.teams } : null,
  alerts: conditions.map((c) => ({ key: c.key, rule: c.rule, severity: c.severity, team: c.team ?? null, rep: c.rep ?? null, title: tr(lang, c.title) })),
});
