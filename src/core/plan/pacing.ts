import { addDays, dayNumber, monthKey, parseMonthKey, quarterEnd, quarterIndex, quarterKey, quarterOfMonth, quarterStart, type LocalTime, type QuarterIndex } from '../calendar.js';
import type { Deal } from '../../schema/rows.js';
import { planForecast } from './index.js';
import type { ForecastPlan, Measure, MonthKey, PlanOptions, SeriesPlan } from './types.js';
import type { Bi } from '../i18n.js';
import { targetDoubts } from './doubts.js';

/**
 * Pacing against the targets a manager works with: a quarter's target is the one `perf forecast`
 * set the day before the quarter began; progress is what the plan made today says (won to date and
 * the forecast of the rest). Alerts, calibration prep and the evaluation of a running period all read
 * their targets and projections here.
 */

/** The day before quarter `q` began: the as-of date of the plan whose targets are that quarter's. */
export const quarterEve = (q: QuarterIndex): LocalTime => addDays(quarterStart(q), -1);

/** The plan made on the eve of quarter `q` (no backtest: only its targets are read). */
export const plannedAtQuarterStart = (deals: readonly Deal[], options: PlanOptions, q: QuarterIndex): ForecastPlan =>
  planForecast(deals, { ...options, asOf: quarterEve(q), backtestOrigins: 0 });

/** The two plans pacing needs: the one that set the current quarter's targets, and today's. */
export interface QuarterPlans {
  targetPlan: ForecastPlan;
  nowPlan: ForecastPlan;
}

export function quarterPlans(deals: readonly Deal[], options: PlanOptions): QuarterPlans {
  return {
    targetPlan: plannedAtQuarterStart(deals, options, quarterIndex(options.asOf)),
    nowPlan: planForecast(deals, { ...options, backtestOrigins: 0 }),
  };
}

/** Share of a period's days gone by `asOf`, the as-of day included (0 before it starts, 1 from its last day). */
export function elapsedShare(from: LocalTime, to: LocalTime, asOf: LocalTime): number {
  const days = dayNumber(to) - dayNumber(from) + 1;
  return Math.min(1, Math.max(0, (dayNumber(asOf) - dayNumber(from) + 1) / days));
}

export interface QuarterProgress {
  quarter: string;
  /** what target, won and projection are in: today's plan's measure (deal counts when the deals carry no amounts) */
  measure: Measure;
  /** the quarter's target (in `measure`) as planned the day before it began; null when that plan has none (no history) */
  target: number | null;
  floor: number | null;
  wonToDate: number;
  /** forecast of the quarter's remaining days, from today's plan */
  rest: number;
  /** wonToDate + rest */
  projected: number;
  /** share of the quarter's days gone, the as-of day included */
  elapsed: number;
  /** target × elapsed */
  expectedByNow: number | null;
  /** wonToDate ÷ expectedByNow: 1 = on pace */
  pace: number | null;
  /** projected ÷ target */
  projectedShare: number | null;
  /**
   * Why `target` is null: no won deal under this name in the data (a rep of the roster the deals spell
   * otherwise, or who has not sold yet), no history when the quarter's plan was made, or the plan refused it.
   */
  noTarget: { why: 'no_deals' | 'no_history' | 'refused'; refused?: Bi } | null;
}

/** Progress of one series (`company`, `team:East`, `rep:Li Na`) in the quarter holding `asOf`. */
export function progressOf(plans: QuarterPlans, id: string, asOf: LocalTime): QuarterProgress {
  const q = quarterIndex(asOf);
  const quarter = quarterKey(q);
  const measure = plans.nowPlan.measure;
  const cell = plans.targetPlan.series.find((s) => s.id === id)?.targets[quarter]?.[measure];
  const outlook = plans.nowPlan.series.find((s) => s.id === id)?.outlook[measure];
  const target = cell && cell.target > 0 ? cell.target : null;
  const now = plans.nowPlan.series.find((s) => s.id === id);
  const noTarget: QuarterProgress['noTarget'] =
    target !== null
      ? null
      : !now || (now.historyStart === null && now.monthToDate.count === 0 && (outlook?.wonToDate ?? 0) === 0)
        ? { why: 'no_deals' }
        : cell?.refused
          ? { why: 'refused', refused: cell.refused }
          : { why: 'no_history' };
  const elapsed = elapsedShare(quarterStart(q), quarterEnd(q), asOf);
  const wonToDate = outlook?.wonToDate ?? 0;
  const projected = outlook?.projected ?? wonToDate;
  const expectedByNow = target === null ? null : target * elapsed;
  return {
    quarter,
    measure,
    target,
    floor: target === null ? null : cell!.floor,
    wonToDate,
    rest: outlook?.rest ?? 0,
    projected,
    elapsed,
    expectedByNow,
    pace: expectedByNow ? wonToDate / expectedByNow : null,
    projectedShare: target === null ? null : projected / target,
    noTarget,
  };
}

/**
 * Forecast of the part of a period (its months) still to come after the plan's as-of date: the
 * current quarter's outlook when the period is that quarter, else the unelapsed share of the current
 * month plus the later months, in `measure` (default: the plan's). Null when a month of the period
 * lies beyond the plan's horizon.
 */
export function restOfPeriod(plan: ForecastPlan, series: SeriesPlan, months: readonly MonthKey[], measure: Measure = plan.measure): number | null {
  const current = parseMonthKey(plan.months.current)!;
  const cq = quarterOfMonth(current);
  if (months.length === 3 && months.every((m, k) => m === monthKey(cq * 3 + k))) return series.outlook[measure].rest;
  let rest = 0;
  for (const m of months) {
    const mi = parseMonthKey(m)!;
    if (mi < current) continue;
    const f = series.forecast[m]?.[measure];
    if (!f) return null;
    rest += f.mean * (mi === current ? plan.months.currentRemaining : 1);
  }
  return rest;
}

/** A target a plan set, with what the plan itself said against it (refused: not scored; unreliable: not paid). */
export interface PlannedTarget {
  level: SeriesPlan['level'];
  name: string;
  period: string;
  target: number;
  refused?: Bi;
  unreliable: Bi[];
}

/** A plan's targets for the periods `keys` (months, quarters) in `measure`, each with its doubts (targetDoubts). */
export function planTargets(plan: ForecastPlan, keys: readonly string[], measure: Measure): PlannedTarget[] {
  return plan.series.flatMap((s) =>
    keys
      .filter((p) => s.targets[p]?.[measure] !== undefined)
      .map((p) => {
        const doubts = targetDoubts(plan, s, p);
        return { level: s.level, name: s.level === 'company' ? 'company' : s.name, period: p, target: s.targets[p][measure].target, refused: doubts.refused ?? undefined, unreliable: doubts.unreliable };
      }),
  );
}

/**
 * Targets of a period's months and of the period itself, each as planned on the eve of its quarter,
 * in `measure` (default: each eve plan's own — deal counts when the deals carry no amounts).
 */
export function plannedTargets(
  deals: readonly Deal[],
  options: PlanOptions,
  period: { key: string; months: readonly MonthKey[] },
  measure?: Measure,
): (PlannedTarget & { plannedOn: LocalTime })[] {
  const keys = [...new Set([period.key, ...period.months])];
  const quarters = [...new Set(period.months.map((m) => quarterOfMonth(parseMonthKey(m)!)))];
  return quarters.flatMap((q) => {
    const plan = plannedAtQuarterStart(deals, options, q);
    return planTargets(plan, keys, measure ?? plan.measure).map((t) => ({ ...t, plannedOn: quarterEve(q) }));
  });
}

