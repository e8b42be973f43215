import { isoDate, monthEnd, monthIndex, monthKey, parseIsoDate, type LocalTime, type MonthIndex } from '../calendar.js';
import { latestDate } from '../checks/sanity.js';
import { EXIT, PerfError } from '../errors.js';
import { bi, type Bi, nounCount, byCount } from '../i18n.js';
import { buildHierarchy, COMPANY_ID, NO_TEAM, repId, teamId, type Node } from '../plan/series.js';
import type { Level, Measure } from '../plan/types.js';
import type { Deal, TeamMember } from '../../schema/rows.js';
import { periodMonths, vintageLabel, type LedgerEntry, type Vintage } from './ledger.js';
import { compareText } from '../values/text.js';

export { ledgerEntries, vintageLabel, periodMonths, type LedgerEntry, type Vintage } from './ledger.js';

/**
 * A series whose recorded forecasts exceeded its actuals by more than this share of them (bias above
 * +10 %) was forecast too high; below −10 %, too low; within ±10 % the forecast is called balanced. The
 * forecasts are perf's, so the reading is about them, not about the reps. A quarter's re-forecasts have
 * converged when the latest is within this share of the actual.
 */
export const BIAS_THRESHOLD = 0.1;

/** Won per series and month in the later export, over the months it can score. */
export interface Actuals {
  measure: Measure;
  /** First month with a won deal, and the last complete month before the as-of. */
  first: MonthIndex | null;
  last: MonthIndex;
  /**
   * The day the export covers to, read on the as-of date: its data end (latest created, closed or
   * cancelled date, as the other commands read it), or the as-of date when rows run past it. A month ending
   * later is not scored: the export may have been taken before it closed.
   */
  coveredTo: LocalTime | null;
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
  const end = latestDate(deals, ['created_at', 'closed_at', 'cancelled_at']);
  return { measure: H.measure, first: H.won.length ? H.first : null, last: H.last, coveredTo: end === null ? null : Math.min(end, opts.asOf), series };
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

/** A ledger entry scored against what was won: `forecast` is the entry's own or one rebuilt from its months, with the band that goes with it. */
const scoredRow = (v: Vintage, e: LedgerEntry, forecast: number, band: Pick<LedgerEntry, 'lower80' | 'upper80'>, actual: number): Scored => ({
  vintage: v.id,
  vintageLabel: vintageLabel(v),
  asOf: v.asOf,
  level: e.level,
  name: e.name,
  period: e.period,
  horizon: e.horizon,
  forecast,
  lower80: band.lower80,
  upper80: band.upper80,
  target: e.target,
  actual,
  error: forecast - actual,
});

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
  /** the last vintage's error is within ±BIAS_THRESHOLD of the actual (null with one vintage): shrinking is not enough */
  converged: boolean | null;
}

export interface AccuracyCheck {
  code: string;
  /** a caveat on the scores; otherwise how the ledger was read */
  status?: 'caveat';
  message: Bi;
}

export interface Accuracy {
  measure: Measure;
  biasThreshold: number;
  vintages: { id: number; label: string; asOf: string; method: string; inputs: Vintage['inputs']; recordedAt: string; scored: number }[];
  /** the levels asked for that the ledger and the export both have: scored and reported */
  levels: Level[];
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

const hasTeams = (names: Iterable<string>) => [...names].some((n) => n !== NO_TEAM);

/**
 * Whether the ledger and the export name teams on different terms, so the team level cannot be scored
 * (said in `checks`): a ledger recorded without --team forecast only the placeholder team "—" of reps
 * without one, which an export read with a roster has no actuals for — and a ledger recorded with teams
 * has none in an export read without them. Either way every team would be scored against nothing.
 */
function teamsUnmatched(vintages: readonly Vintage[], actuals: Actuals, checks: AccuracyCheck[]): boolean {
  const recorded = new Set(vintages.flatMap((v) => v.entries.filter((e) => e.level === 'team').map((e) => e.name)));
  const prefix = teamId('');
  const actual = [...actuals.series.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  if (recorded.size === 0 || hasTeams(recorded) === hasTeams(actual)) return false;
  const names = (list: Iterable<string>, sep: string) => [...list].filter((n) => n !== NO_TEAM).sort(compareText).join(sep);
  checks.push({
    code: 'ledger_no_teams',
    status: 'caveat',
    message: hasTeams(actual)
      ? bi(
          `team level not scored: the recorded forecasts name no team (recorded without --team), so this export's teams (${names(actual, ', ')}) were never forecast; record with --team to score them`,
          `团队层级未评分：记录的预测没有团队（记录时未用 --team），本次导出的团队（${names(actual, '、')}）从未被预测；记录时加上 --team 才能为团队评分`,
        )
      : bi(
          `team level not scored: the recorded forecasts are per team (${names(recorded, ', ')}), but this export is read without teams; run accuracy with --team, as the forecasts were recorded`,
          `团队层级未评分：记录的预测按团队（${names(recorded, '、')}），但本次导出读取时没有团队；请像记录预测时一样加上 --team 运行 accuracy`,
        ),
  });
  return true;
}

/**
 * Every recorded forecast of a month the export can score, against what was won: error by months ahead,
 * WAPE and bias per series, and every quarter's forecasts by vintage. A month is scored when it ended
 * before the as-of, the export covers it to its last day (an export ending 2026-10-14 holds half of
 * October, which scored as a month of collapse), and it is not before the export's first won deal. Refused (exit 2) when nothing is
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
  const { coveredTo } = actuals;
  const covered = (mi: MonthIndex) => coveredTo !== null && coveredTo >= monthEnd(mi);
  const scoreable = (mi: MonthIndex) => actuals.first !== null && mi >= actuals.first && mi < asOfMonth && covered(mi);
  const actualOf = (level: Level, name: string, mi: MonthIndex): number => {
    const s = actuals.series.get(seriesId(level, name));
    return s?.[mi - (actuals.first ?? 0)] ?? 0;
  };

  const recordedMonths = [...new Set(usable.flatMap((v) => v.entries.filter((e) => e.kind === 'month').map((e) => periodMonths(e.period)[0])))].sort((a, b) => a - b);
  const scoredMonths = recordedMonths.filter(scoreable);
  const waiting = recordedMonths.filter((mi) => !scoreable(mi));
  const beforeExport = waiting.filter((mi) => actuals.first !== null && mi < actuals.first);
  const pastExport = waiting.filter((mi) => mi < asOfMonth && !covered(mi) && !beforeExport.includes(mi));
  // Months still to come: not ended, or past the export's end; in month order, whatever kept them waiting.
  const later = waiting.filter((mi) => !beforeExport.includes(mi));
  if (scoredMonths.length === 0)
    throw new PerfError(
      EXIT.usage,
      bi(
        `nothing to score yet: the recorded forecasts cover ${span(recordedMonths.map(monthKey))}, and none of those months both ended before --as-of ${isoDate(opts.asOf)} and is covered by this export to its last day (it covers up to ${coveredTo === null ? 'no date' : isoDate(coveredTo)}). Run accuracy on an export taken after ${recordedMonths.length ? monthKey(recordedMonths[0]) : 'the first recorded month'} has ended`,
        `暂无可评分的月份：已记录的预测覆盖 ${span(recordedMonths.map(monthKey))}，其中没有一个月份在 --as-of ${isoDate(opts.asOf)} 之前结束且被本次导出完整覆盖（导出覆盖至 ${coveredTo === null ? '无日期' : isoDate(coveredTo)}）。请在 ${recordedMonths.length ? monthKey(recordedMonths[0]) : '首个记录月份'} 结束后，用新的导出再运行 accuracy`,
      ),
    );
  if (pastExport.length)
    checks.push({
      code: 'ledger_export_ends',
      status: 'caveat',
      message: bi(
        `${span(pastExport.map(monthKey))} not scored: the export ends ${isoDate(coveredTo!)}, before ${byCount(pastExport.length, 'that month', 'those months')} ended: what was won in ${byCount(pastExport.length, 'it', 'them')} is not all there; score ${byCount(pastExport.length, 'it', 'them')} on a later export`,
        `${span(pastExport.map(monthKey))} 未评分：本次导出数据截至 ${isoDate(coveredTo!)}，当时${pastExport.length === 1 ? '该月' : '这些月份'}尚未结束，赢单并不完整；请用之后的导出再评分`,
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

  const levels = opts.levels.filter((l) => l !== 'team' || !teamsUnmatched(usable, actuals, checks));
  if (levels.length === 0)
    throw new PerfError(
      EXIT.usage,
      bi(
        `${checks[checks.length - 1].message.en}. Nothing else was asked for (--by): add company or rep`,
        `${checks[checks.length - 1].message.zh}。--by 未要求其他层级：请加上 company 或 rep`,
      ),
    );

  const months: Scored[] = [];
  const quarterEntries: { v: Vintage; e: LedgerEntry; actual: number }[] = [];
  const missing = new Set<string>();
  for (const v of usable)
    for (const e of v.entries) {
      const ms = periodMonths(e.period);
      // A quarter is scored once all its months are, whether or not this vintage forecast each (its months
      // before the vintage's as-of were already won, and are in its quarter figure).
      if (!ms.every(scoreable) || !levels.includes(e.level)) continue;
      if (!actuals.series.has(seriesId(e.level, e.name))) missing.add(`${e.level === 'team' ? 'team ' : ''}${e.name}`);
      const actual = ms.reduce((s, mi) => s + actualOf(e.level, e.name, mi), 0);
      if (e.kind === 'quarter') {
        quarterEntries.push({ v, e, actual });
        continue;
      }
      months.push(scoredRow(v, e, e.mean, e, actual));
    }
  // A quarter's forecast is its months' — the ones this vintage forecast, and what was won in those already
  // over when it was recorded — so its error is the sum of theirs, and the quarter chart and the bias read
  // the same numbers. (The ledger's own quarter figure, the forecast report's "won so far + the rest",
  // counts the days of the current month already gone as won: on 1 October it differs from the sum of the
  // October–December forecasts the bias scores by a thirty-first of October.)
  const monthRow = new Map(months.map((m) => [`${m.vintage}\u0000${m.level}\u0000${m.name}\u0000${m.period}`, m]));
  const quarterRows: Scored[] = quarterEntries.map(({ v, e, actual }) => {
    const from = monthIndex(parseIsoDate(v.asOf)!);
    let forecast: number | null = 0;
    for (const mi of periodMonths(e.period)) {
      const m = monthRow.get(`${v.id}\u0000${e.level}\u0000${e.name}\u0000${monthKey(mi)}`);
      if (m) forecast += m.forecast;
      else if (mi < from) forecast += actualOf(e.level, e.name, mi);
      else forecast = null;
      if (forecast === null) break;
    }
    // A ledger without the month it forecast (none such is written) keeps its recorded quarter figure and band.
    const rebuilt = forecast !== null;
    return rebuilt ? scoredRow(v, e, Math.round(forecast! * 100) / 100, { lower80: null, upper80: null }, actual) : scoredRow(v, e, e.mean, e, actual);
  });
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
        converged: vs.length > 1 ? Math.abs(vs[vs.length - 1].error) <= BIAS_THRESHOLD * rows[0].actual : null,
      };
    })
    .sort((a, b) => compareText(a.quarter, b.quarter) || levelOrder(a.level) - levelOrder(b.level) || compareText(a.name, b.name));

  return {
    measure: actuals.measure,
    biasThreshold: BIAS_THRESHOLD,
    levels,
    vintages: [...usable]
      .sort((a, b) => compareText(a.asOf, b.asOf) || a.id - b.id)
      .map((v) => ({ id: v.id, label: vintageLabel(v), asOf: v.asOf, method: v.method, inputs: v.inputs, recordedAt: v.recordedAt, scored: months.filter((m) => m.vintage === v.id).length })),
    scoredMonths: scoredMonths.map(monthKey),
    waitingMonths: later.map(monthKey),
    checks,
    months,
    groups,
    horizons,
    quarters,
  };
}
