import { addDays, dayNumber, monthKey, parseMonthKey, quarterEnd, quarterIndex, quarterKey, quarterMonthKeys, quarterOfMonth, quarterStart, type LocalTime, type QuarterIndex } from '../calendar.js';
import type { Deal } from '../../schema/rows.js';
import { planForecast } from './index.js';
import type { ForecastPlan, Measure, MethodInfo, MonthKey, PlanOptions, SeriesPlan } from './types.js';
import { bi, type Bi } from '../i18n.js';
import { targetDoubts } from './doubts.js';
import { SELECT_CANDIDATES, type Candidate } from '../forecast/index.js';
import { COMPANY_ID } from './series.js';
import type { Check } from '../../schema/check.js';

/**
 * Pacing against the targets a manager works with: a quarter's target is the one `perf forecast`
 * set the day before the quarter began; progress is what the plan made today says (won to date and
 * the forecast of the rest), with the methods the target's plan chose refitted on today's deals.
 * Alerts, the dashboard, calibration prep and the evaluation of a running period all read their
 * targets and projections here.
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
  const targetPlan = plannedAtQuarterStart(deals, options, quarterIndex(options.asOf));
  return { targetPlan, nowPlan: projectingPlan(deals, options, targetPlan) };
}

/** What 'auto' chose for one series' measure, for a later plan to keep; null where it chose nothing (no or too little history, inactive, a method given by --method). */
export function chosenMethod(info: MethodInfo): Candidate | null {
  const selected = info.params.selected;
  if (typeof selected === 'string') return SELECT_CANDIDATES.includes(selected as Candidate) ? (selected as Candidate) : null;
  // Histories too long or too short to choose on: the combination, or SBA for an intermittent series.
  const method = info.method.replace(/\+profile$/, '');
  return method.startsWith('combo-') ? 'combo' : method === 'sba' ? 'sba' : null;
}

/**
 * Today's plan, forecasting each series with the method `eve` (the plan that set the period's targets)
 * chose for it, refitted on today's deals. Chosen again every day, a method can switch when a month
 * ends without a single new deal (as the fixtures' month cut short by the export's end joins the
 * history, the company's ETS becomes seasonal naive on 2026-12-01): a projection against a fixed
 * target should move only when the deals do.
 */
export function projectingPlan(deals: readonly Deal[], options: PlanOptions, eve: ForecastPlan): ForecastPlan {
  const keep = new Map<string, Partial<Record<Measure, Candidate>>>();
  for (const s of eve.series) {
    if (s.level === 'rep') continue;
    const methods: Partial<Record<Measure, Candidate>> = {};
    for (const m of ['amount', 'count'] as const) {
      const c = chosenMethod(s.method[m]);
      if (c) methods[m] = c;
    }
    keep.set(s.id, methods);
  }
  return planForecast(deals, { ...options, backtestOrigins: 0, keepMethods: keep });
}

/** Forecasts that are no method's choice: nothing to forecast from (no history, all zero, an inactive series). */
const NO_FORECAST = new Set(['empty', 'zero', 'inactive']);

/**
 * Why the rest of the quarter of series `id` is forecast with a method chosen today rather than kept
 * from the plan that set its target, for the company and team its forecast is scaled to (a rep's
 * forecast is a share of its team's): one line per such series, empty when every method was kept.
 */
export function methodsChosenToday(plans: QuarterPlans, id: string): Bi[] {
  const measure = plans.nowPlan.measure;
  if (plans.nowPlan.options.method !== 'auto') return [];
  const s = plans.nowPlan.series.find((x) => x.id === id);
  if (!s) return [];
  const sources = [COMPANY_ID, s.level === 'rep' ? s.parent : s.id].filter((x, i, all): x is string => x !== null && all.indexOf(x) === i);
  const quarter = plans.nowPlan.months.currentQuarter;
  const eve = plans.targetPlan.asOf;
  const out: Bi[] = [];
  const none: Bi[] = [];
  for (const sid of sources) {
    const now = plans.nowPlan.series.find((x) => x.id === sid);
    if (!now) continue;
    const info = now.method[measure];
    const p = info.params;
    if (p.kept || NO_FORECAST.has(info.method)) continue;
    const who = now.level === 'company' ? bi('the company', '公司') : bi(`team ${now.name}`, `团队 ${now.name}`);
    const today = typeof p.selected === 'string' ? p.selected : info.method;
    if (typeof p.keepDropped === 'string') {
      out.push(
        bi(
          `${who.en}: the rest of ${quarter} is forecast with today's choice of method (${today}): the one that set the target on ${eve} (${p.keepDropped}) cannot follow the ${p.afterBreak === 'collapse' ? 'collapse' : 'surge'} the history now ends in`,
          `${who.zh}：${quarter} 剩余期间按今天选出的方法（${today}）预测：${eve} 制定目标时所用的方法（${p.keepDropped}）跟不上历史末尾的${p.afterBreak === 'collapse' ? '断崖式下跌' : '骤升'}`,
        ),
      );
      continue;
    }
    const planned = plans.targetPlan.series.find((x) => x.id === sid);
    if (!planned || chosenMethod(planned.method[measure]) === null) none.push(bi(`${who.en} (${today})`, `${who.zh}（${today}）`));
  }
  if (none.length)
    out.push(
      bi(
        `${none.map((n) => n.en).join(' and ')}: the rest of ${quarter} is forecast with today's choice of method, which can change from one day to the next without new deals: the plan that set the target on ${eve} chose none (too little history then)`,
        `${none.map((n) => n.zh).join('和')}：${quarter} 剩余期间按今天选出的方法预测，即使没有新成交，该方法也可能每天不同：${eve} 制定目标的计划未选定方法（当时历史太短）`,
      ),
    );
  return out;
}

/** The checks, each said once, for the series `ids` whose pace is projected with a method chosen today (methodsChosenToday), first in the report. */
export function methodChecks(plans: QuarterPlans, ids: Iterable<string>, file: string | null): Check[] {
  const out = new Map<string, Check>();
  for (const id of ids)
    for (const message of methodsChosenToday(plans, id)) if (!out.has(message.en)) out.set(message.en, { code: 'method_chosen_today', status: 'caveat', file, message });
  return [...out.values()];
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
  noTarget: { why: 'no_deals' | 'no_history' | 'refused'; refused?: Bi; hollow?: MonthKey; member?: string } | null;
}

/** The first member (team or rep, at any depth) of series `id` with a month of `months` the plan refused as 0 for an active series. */
function refusedMember(plan: ForecastPlan, id: string, months: readonly MonthKey[], measure: Measure): { name: string; month: MonthKey } | undefined {
  for (const c of plan.series) {
    if (c.parent !== id) continue;
    const month = months.find((mk) => {
      const t = c.targets[mk]?.[measure];
      return t !== undefined && t.target <= 0 && Boolean(t.refused);
    });
    if (month) return { name: c.name, month };
    const deeper = refusedMember(plan, c.id, months, measure);
    if (deeper) return deeper;
  }
  return undefined;
}

/**
 * Why a quarter target with a number is none to pace against, or null when it is one. A quarter that sums a
 * month the plan could not set (a target of 0 for an active series, as West's October after its surge):
 * alerts, the dashboard and the coaching packet read "208% of target" against it. A company or team target
 * also holds its members': one whose month the forecast refused (0 for an active rep) leaves the sum no
 * target either, as evaluate refuses such a sum. A target refused only for want of spread keeps its number
 * (its probabilities are what say nothing).
 */
function hollowTarget(plan: ForecastPlan, planned: SeriesPlan, q: QuarterIndex, measure: Measure): QuarterProgress['noTarget'] {
  const quarter = quarterKey(q);
  const months = quarterMonthKeys(q);
  const own = months.find((mk) => (planned.targets[mk]?.[measure]?.target ?? 1) <= 0);
  if (own)
    return {
      why: 'refused',
      // The forecast refuses such a quarter with its month's reason (an older saved plan may not).
      refused:
        planned.targets[quarter][measure].refused ??
        bi(`the forecast set no ${own} target (0 for an active series), so the ${quarter} target is not one to pace against`, `预测未能定出 ${own} 的目标（在岗者为 0），${quarter} 目标不能用来衡量进度`),
      hollow: own,
    };
  const member = refusedMember(plan, planned.id, months, measure);
  if (!member) return null;
  return {
    why: 'refused',
    refused: bi(
      `it includes ${member.name}'s ${quarter} target, which the forecast refused (it set no ${member.month} target: 0 for an active series)`,
      `其中包含 ${member.name} 的 ${quarter} 目标，而预测拒绝了该目标（未能定出 ${member.month} 的目标：在岗者为 0）`,
    ),
    hollow: member.month,
    member: member.name,
  };
}

/** Progress of one series (`company`, `team:East`, `rep:Li Na`) in the quarter holding `asOf`. */
export function progressOf(plans: QuarterPlans, id: string, asOf: LocalTime): QuarterProgress {
  const q = quarterIndex(asOf);
  const quarter = quarterKey(q);
  const measure = plans.nowPlan.measure;
  const planned = plans.targetPlan.series.find((s) => s.id === id);
  const cell = planned?.targets[quarter]?.[measure];
  const now = plans.nowPlan.series.find((s) => s.id === id);
  const outlook = now?.outlook[measure];
  const set = cell !== undefined && cell.target > 0;
  const hollow = set ? hollowTarget(plans.targetPlan, planned!, q, measure) : null;
  const target = set && !hollow ? cell.target : null;
  const noTarget: QuarterProgress['noTarget'] =
    target !== null
      ? null
      : (hollow ??
        (!now || (now.historyStart === null && now.monthToDate.count === 0 && (outlook?.wonToDate ?? 0) === 0)
          ? { why: 'no_deals' }
          : cell?.refused
            ? { why: 'refused', refused: cell.refused }
            : { why: 'no_history' }));
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

