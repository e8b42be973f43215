import type { Lang } from '../i18n.js';
import type { AlertCondition } from '../alerts/types.js';
import type { Measure } from '../plan/types.js';
import type { ScoreResult } from '../score/types.js';
import { forecastChart, pacingChart, type ChartMonths, type ChartSeries } from './forecast.js';
import { kbiChart, scoreChart, scoreMonths } from './score.js';
import { levelLabel } from './style.js';
import type { BoardLevel, Chart, LevelKind, Pace } from './types.js';

/** The parts of a plan (or of its `perf forecast --json` form) the board draws. */
export interface BoardPlan {
  months: ChartMonths;
  series: (ChartSeries & { team: string | null })[];
  options: { band: number; bonusThreshold: number };
}

export interface BoardInputs {
  plan: BoardPlan;
  measure: Measure;
  /** The current quarter's pace per level id; levels without a baseline are absent. */
  paces?: ReadonlyMap<string, Pace>;
  score?: ScoreResult;
  alerts?: readonly AlertCondition[];
}

interface LevelRef {
  id: string;
  level: LevelKind;
  name: string;
  team: string | null;
}

/** Forecast charts, one per level (company, teams, reps), in the plan's order. */
export const forecastCharts = (plan: BoardPlan, measure: Measure, lang: Lang): Chart[] => plan.series.map((s) => forecastChart(s, plan.months, measure, lang));

/** Score levels: the company, each team, each rep (ids as in the plan). */
export function scoreLevels(r: ScoreResult): LevelRef[] {
  const teams = [...new Set(r.teams.map((x) => x.team))];
  const reps = [...new Map(r.reps.map((x) => [x.rep, x.team])).entries()];
  return [
    { id: 'company', level: 'company', name: '', team: null },
    ...teams.map((t): LevelRef => ({ id: `team:${t}`, level: 'team', name: t, team: null })),
    ...reps.map(([rep, team]): LevelRef => ({ id: `rep:${rep}`, level: 'rep', name: rep, team })),
  ];
}

/** Behaviour-score trend and KBI compliance for one level. */
export function scoreCharts(r: ScoreResult, ref: LevelRef, lang: Lang): Chart[] {
  const months = scoreMonths(r, ref.level, ref.name);
  return [scoreChart(ref.id, ref.level, ref.name, months, lang), kbiChart(ref.id, ref.level, ref.name, months, lang)];
}

const alertsOf = (all: readonly AlertCondition[], ref: LevelRef) =>
  all
    .filter((c) => ref.level === 'company' || (ref.level === 'team' ? c.team === ref.name : c.rep === ref.name))
    .map((c) => ({ severity: c.severity, title: c.title, details: c.details, action: c.action }));

/**
 * Every level of the board with its charts: forecast with intervals and target band, the current
 * quarter's pace, behaviour score and KBI compliance (when scored), and the active alerts. Levels
 * are the plan's; reps or teams only the score knows come after them.
 */
export function buildBoard(inputs: BoardInputs, lang: Lang): BoardLevel[] {
  const { plan, score } = inputs;
  const refs: LevelRef[] = plan.series.map((s) => ({ id: s.id, level: s.level, name: s.name, team: s.level === 'rep' ? s.team : null }));
  const known = new Set(refs.map((r) => r.id));
  if (score) for (const r of scoreLevels(score)) if (!known.has(r.id)) refs.push(r);
  const byId = new Map(plan.series.map((s) => [s.id, s]));
  return refs.map((ref) => {
    const charts: Chart[] = [];
    const s = byId.get(ref.id);
    if (s) charts.push(forecastChart(s, plan.months, inputs.measure, lang));
    const pace = inputs.paces?.get(ref.id);
    if (pace) charts.push(pacingChart(ref.id, ref.level, ref.name, pace, plan.options.band, plan.options.bonusThreshold, lang));
    if (score) charts.push(...scoreCharts(score, ref, lang));
    return { ...ref, label: levelLabel(ref.level, ref.name), charts, alerts: alertsOf(inputs.alerts ?? [], ref) };
  });
}
