import { endOfDay, isoDate, monthIndex, monthKey, type LocalTime, type MonthIndex } from '../calendar.js';
import { EXIT, PerfError } from '../errors.js';
import { bi, type Bi, nounCount, byCount } from '../i18n.js';
import { buildHierarchy, COMPANY_ID, repId, teamId, type Node } from '../plan/series.js';
import type { Level, Measure } from '../plan/types.js';
import type { Deal, TeamMember } from '../../schema/rows.js';
import { periodMonths, vintageLabel, type Vintage } from './ledger.js';
import { compareText } from '../values/text.js';

export { ledgerEntries, vintageLabel, periodMonths, type LedgerEntry, type Vintage } from './ledger.js';

/**
 * A series whose recorded forecasts exceeded its actuals by more than this share of them (bias above
 * +10 %) over-promised; below −10 % it sandbagged. Within ±10 % the forecast is called balanced.
 */
export const BIAS_THRESHOLD = 0.1;

/** Won per series and month in the later export, over the months it can score. */
export interface Actuals {
  measure: Measure;
  /** First month with a won deal, the last complete month before the as-of, and the latest date in the export. */
  first: MonthIndex | null;
  last: MonthIndex;
  latest: LocalTime | null;
  /** series id ('company', 'team:East', 'rep:Zhang Wei') → won per month, index 0 = `first` */
  series: Map<string, number[]>;
}

/** The actuals as `perf forecast` counts them: won by close date, cancelled signings taken out, the roster's teams. */
export function actualsOf(deals: readonly Deal[], opts: { asOf: LocalTime; file: string; roster?: readonly TeamMember[]; amountColumn?: boolean }): Actuals {
  const H = buildHierarchy(deals, { ...opts, baselineMonths: 12 });
  const key = H.measure === 'amount' ? 'amount' : 'count';
  const series = new Map<string, number[]>();
  const add = (id: string, n: Node) => series.set(id, n.monthly[key]);
  add(COMPANY_ID, H.company);
  for (const t of H.teams) add(teamId(t.name), t);
  for (const r of H.reps) add(repId(r.name), r);
  let latest: LocalTime | null = null;
  for (const d of deals)
    for (const t of [d.created_at, d.closed_at])
      if (t !== undefined && t < endOfDay(opts.asOf) && (latest === null || t > latest)) latest = t;
  return { measure: H.measure, first: H.won.length ? H.first : null, last: H.last, latest, series };
}

export interface Scored {
  vintage: number;
  vintageLabel: string;
  asOf: string;
  level: Level;
  name: string;
  period: string;
  horizon: number;
  forecast: number;
  lower80: number | null;
  upper80: number | null;
  target: number | null;
  actual: number;
  /** forecast − actual: positive = the forecast promised more than came */
  error: number;
}

export interface ErrorSum {
  n: number;
  actual: number;
  absError: number;
  error: number;
  mae: number;
  /** Σ|error| ÷ Σ actual; null when nothing was won */
  wape: number | null;
  /** Σ error ÷ Σ actual; null when nothing was won */
  bias: number | null;
}

export type Verdict = 'over' | 'under' | 'balanced';

export interface GroupScore extends ErrorSum {
  level: Level;
  name: string;
  verdict: Verdict | null;
}

export interface HorizonScore extends ErrorSum {
  level: Level;
  horizon: number;
}

/** One quarter of one series: what every vintage forecast for it, and what came. */
export interface QuarterScore {
  level: Level;
  name: string;
  quarter: string;
  actual: number;
  vintages: (Scored & { pct: number | null })[];
  /** |last vintage's error| ≤ |first's| (null with one vintage) */
  converged: boolean | null;
}

export interface AccuracyCheck {
  code: string;
  message: Bi;
}

export interface Accuracy {
  measure: Measure;
  biasThreshold: number;
  vintages: { id: number; label: string; asOf: string; method: string; inputs: Vintage['inputs']; recordedAt: string; scored: number }[];
  scoredMonths: string[];
  /** recorded months not scored yet, and why */
  waitingMonths: string[];
  checks: AccuracyCheck[];
  months: Scored[];
  groups: GroupScore[];
  horizons: HorizonScore[];
  quarters: QuarterScore[];
}

export function errorSum(rows: readonly Pick<Scored, 'actual' | 'error'>[]): ErrorSum {
  const actual = rows.reduce((s, r) => s + r.actual, 0);
  const absError = rows.reduce((s, r) => s + Math.abs(r.error), 0);
  const error = rows.reduce((s, r) => s + r.error, 0);
  return { n: rows.length, actual, absError, error, mae: rows.length ? absError / rows.length : 0, wape: actual > 0 ? absError / actual : null, bias: actual > 0 ? error / actual : null };
}

/** Over-promising also when nothing came but something was forecast (bias has no denominator then). */
export const verdictOf = (s: Pick<ErrorSum, 'bias' | 'error'>, threshold = BIAS_THRESHOLD): Verdict | null =>
  s.bias === null ? (s.error > 0 ? 'over' : null) : s.bias > threshold ? 'over' : s.bias < -threshold ? 'under' : 'balanced';

const seriesId = (level: Level, name: string) => (level === 'company' ? COMPANY_ID : level === 'team' ? teamId(name) : repId(name));
const groupBy = <T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> => {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
};
const span = (keys: readonly string[]) => (keys.length === 0 ? '—' : keys.length === 1 ? keys[0] : `${keys[0]} … ${keys[keys.length - 1]}`);

/**
 * Every recorded forecast of a month the export can score, against what was won: error by months ahead,
 * WAPE and bias per series, and every quarter's forecasts by vintage. A month is scored when it ended
 * before the as-of, the export has a deal dated in it or later (else it may have been taken before the
 * month closed), and it is not before the export's first won deal. Refused (exit 2) when nothing is
 * recorded or nothing can be scored yet.
 */
export function accuracy(vintages: readonly Vintage[], actuals: Actuals, opts: { asOf: LocalTime; levels: readonly Level[]; state: string }): Accuracy {
  if (vintages.length === 0)
    throw new PerfError(
      EXIT.usage,
      bi(
        `no forecast is recorded in ${opts.state}: record one with \`sales-perf forecast deals.csv --record --state ${opts.state}\`, then run accuracy on a later export once a month has passed`,
        `${opts.state} 中没有记录任何预测：先运行 \`sales-perf forecast deals.csv --record --state ${opts.state}\` 记录一次，过一个月后再用新的导出运行 accuracy`,
      ),
    );
  const checks: AccuracyCheck[] = [];
  const usable = vintages.filter((v) => v.measure === actuals.measure);
  const otherMeasure = vintages.filter((v) => v.measure !== actuals.measure);
  if (otherMeasure.length)
    checks.push({
      code: 'ledger_measure',
      message: bi(
        `${nounCount(otherMeasure.length, 'recorded forecast')} (${otherMeasure.map(vintageLabel).join(', ')}) ${byCount(otherMeasure.length, 'is', 'are')} in ${otherMeasure[0].measure === 'amount' ? 'amounts' : 'deal counts'} but this export is in ${actuals.measure === 'amount' ? 'amounts' : 'deal counts'}: not scored`,
        `${otherMeasure.length} 次记录的预测（${otherMeasure.map(vintageLabel).join('、')}）的口径与本次导出不同（${otherMeasure[0].measure === 'amount' ? '金额' : '单数'} / ${actuals.measure === 'amount' ? '金额' : '单数'}）：不评分`,
      ),
    });
  const asOfMonth = monthIndex(opts.asOf);
  const latestMonth = actuals.latest === null ? null : monthIndex(actuals.latest);
  const scoreable = (mi: MonthIndex) => actuals.first !== null && latestMonth !== null && mi >= actuals.first && mi < asOfMonth && mi <= latestMonth;
  const actualOf = (level: Level, name: string, mi: MonthIndex): number => {
    const s = actuals.series.get(seriesId(level, name));
    return s?.[mi - (actuals.first ?? 0)] ?? 0;
  };

  const recordedMonths = [...new Set(usable.flatMap((v) => v.entries.filter((e) => e.kind === 'month').map((e) => periodMonths(e.period)[0])))].sort((a, b) => a - b);
  const scoredMonths = recordedMonths.filter(scoreable);
  const waiting = recordedMonths.filter((mi) => !scoreable(mi));
  const notYet = waiting.filter((mi) => mi >= asOfMonth);
  const pastExport = waiting.filter((mi) => mi < asOfMonth && latestMonth !== null && mi > latestMonth);
  const beforeExport = waiting.filter((mi) => actuals.first !== null && mi < actuals.first);
  if (scoredMonths.length === 0)
    throw new PerfError(
      EXIT.usage,
      bi(
        `nothing to score yet: the recorded forecasts cover ${span(recordedMonths.map(monthKey))}, and none of those months ended before --as-of ${isoDate(opts.asOf)} and lies within this export (its latest date: ${actuals.latest === null ? 'none' : isoDate(actuals.latest)}). Run accuracy on an export taken after ${recordedMonths.length ? monthKey(recordedMonths[0]) : 'the first recorded month'} has ended`,
        `暂无可评分的月份：已记录的预测覆盖 ${span(recordedMonths.map(monthKey))}，其中没有一个月份在 --as-of ${isoDate(opts.asOf)} 之前结束且落在本次导出的范围内（导出最晚日期：${actuals.latest === null ? '无' : isoDate(actuals.latest)}）。请在 ${recordedMonths.length ? monthKey(recordedMonths[0]) : '首个记录月份'} 结束后，用新的导出再运行 accuracy`,
      ),
    );
  if (pastExport.length)
    checks.push({
      code: 'ledger_export_ends',
      message: bi(
        `${span(pastExport.map(monthKey))} not scored: this export's latest date is ${isoDate(actuals.latest!)}, it may have been taken before those months closed`,
        `${span(pastExport.map(monthKey))} 未评分：本次导出的最晚日期是 ${isoDate(actuals.latest!)}，可能在这些月份结束前导出`,
      ),
    });
  if (beforeExport.length)
    checks.push({
      code: 'ledger_before_export',
      message: bi(
        `${span(beforeExport.map(monthKey))} not scored: before this export's first won deal (${monthKey(actuals.first!)})`,
        `${span(beforeExport.map(monthKey))} 未评分：早于本次导出的首笔赢单（${monthKey(actuals.first!)}）`,
      ),
    });

  const months: Scored[] = [];
  const quarterRows: Scored[] = [];
  const missing = new Set<string>();
  for (const v of usable)
    for (const e of v.entries) {
      const ms = periodMonths(e.period);
      // A quarter is scored once all its months are, whether or not this vintage forecast each (its months
      // before the vintage's as-of were already won, and are in its quarter figure).
      if (!ms.every(scoreable) || !opts.levels.includes(e.level)) continue;
      if (!actuals.series.has(seriesId(e.level, e.name))) missing.add(`${e.level === 'team' ? 'team ' : ''}${e.name}`);
      const actual = ms.reduce((s, mi) => s + actualOf(e.level, e.name, mi), 0);
      const row: Scored = {
        vintage: v.id,
        vintageLabel: vintageLabel(v),
        asOf: v.asOf,
        level: e.level,
        name: e.name,
        period: e.period,
        horizon: e.horizon,
        forecast: e.mean,
        lower80: e.lower80,
        upper80: e.upper80,
        target: e.target,
        actual,
        error: e.mean - actual,
      };
      (e.kind === 'month' ? months : quarterRows).push(row);
    }
  if (missing.size)
    checks.push({
      code: 'ledger_series_missing',
      message: bi(
        `recorded but without a won deal in this export: ${[...missing].join(', ')}; their actuals count as 0 (renamed or moved? the export names them otherwise)`,
        `有记录但本次导出中没有赢单：${[...missing].join('、')}；其实际值按 0 计（是否改名或调岗？）`,
      ),
    });
  const seqs = usable.filter((v) => v.seq > 1);
  if (seqs.length)
    checks.push({
      code: 'ledger_same_as_of',
      message: bi(
        `${seqs.map(vintageLabel).join(', ')}: recorded again at the same as-of on other inputs; each vintage is scored on its own`,
        `${seqs.map(vintageLabel).join('、')}：同一基准日期用不同输入再次记录；每个版本分别评分`,
      ),
    });

  const levelOrder = (l: Level) => ['company', 'team', 'rep'].indexOf(l);
  const groups: GroupScore[] = [...groupBy(months, (r) => `${levelOrder(r.level)}\u0000${r.name}`).values()].map((rows) => {
    const sum = errorSum(rows);
    return { level: rows[0].level, name: rows[0].name, ...sum, verdict: verdictOf(sum) };
  });
  groups.sort((a, b) => levelOrder(a.level) - levelOrder(b.level) || compareText(a.name, b.name));
  const horizons: HorizonScore[] = [...groupBy(months, (r) => `${levelOrder(r.level)}\u0000${String(r.horizon).padStart(3, '0')}`).values()]
    .map((rows) => ({ level: rows[0].level, horizon: rows[0].horizon, ...errorSum(rows) }))
    .sort((a, b) => levelOrder(a.level) - levelOrder(b.level) || a.horizon - b.horizon);
  const byAsOf = (a: Scored, b: Scored) => compareText(a.asOf, b.asOf) || a.vintage - b.vintage;
  const quarters: QuarterScore[] = [...groupBy(quarterRows, (r) => `${levelOrder(r.level)}\u0000${r.name}\u0000${r.period}`).values()]
    .map((rows) => {
      const vs = [...rows].sort(byAsOf).map((r) => ({ ...r, pct: r.actual > 0 ? r.error / r.actual : null }));
      return {
        level: rows[0].level,
        name: rows[0].name,
        quarter: rows[0].period,
        actual: rows[0].actual,
        vintages: vs,
        converged: vs.length > 1 ? Math.abs(vs[vs.length - 1].error) <= Math.abs(vs[0].error) : null,
      };
    })
    .sort((a, b) => compareText(a.quarter, b.quarter) || levelOrder(a.level) - levelOrder(b.level) || compareText(a.name, b.name));

  return {
    measure: actuals.measure,
    biasThreshold: BIAS_THRESHOLD,
    vintages: [...usable]
      .sort((a, b) => compareText(a.asOf, b.asOf) || a.id - b.id)
      .map((v) => ({ id: v.id, label: vintageLabel(v), asOf: v.asOf, method: v.method, inputs: v.inputs, recordedAt: v.recordedAt, scored: months.filter((m) => m.vintage === v.id).length })),
    scoredMonths: scoredMonths.map(monthKey),
    waitingMonths: [...notYet, ...pastExport].map(monthKey),
    checks,
    months,
    groups,
    horizons,
    quarters,
  };
}
