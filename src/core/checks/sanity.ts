import { addDays, dayNumber, endOfDay, indexSpan, isoDate, monthIndex, monthKey, startOfDay, weekIndex, weekIndexKey, weekStart, type LocalTime } from '../calendar.js';
import { bi, grouped, nounCount, byCount } from '../i18n.js';
import type { Check } from '../../schema/check.js';
import type { Deal } from '../../schema/rows.js';
import type { Refusal } from './refusal.js';
import type { RecentDays } from '../ingest/recent-days.js';
import { dealsAsOf } from '../deals.js';

/** The latest of the given date fields over all rows; null when none has one. */
export function latestDate<T>(rows: readonly T[], fields: readonly (keyof T)[]): LocalTime | null {
  let end: number | null = null;
  for (const r of rows)
    for (const f of fields) {
      const v = r[f];
      if (typeof v === 'number' && (end === null || v > end)) end = v;
    }
  return end;
}

/** The as-of date that fits data ending at `end`: the day after. */
const dayAfter = (end: LocalTime): string => isoDate(addDays(startOfDay(end), 1));

/**
 * Data that end long before the as-of date give results built from empty months (a target from years of
 * zeros). Refused unless --allow-stale; the fix names the as-of date that fits the data.
 */
export function staleRefusal(file: string, end: LocalTime | null, asOf: LocalTime, months: number): Refusal | null {
  if (end === null) return null;
  const d = new Date(asOf);
  const cutoff = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - months, d.getUTCDate());
  if (end >= cutoff) return null;
  const last = isoDate(end);
  const next = dayAfter(end);
  const gap = monthIndex(asOf) - monthIndex(end);
  return {
    code: 'stale_data',
    file,
    override: 'allowStale',
    message: bi(
      `${file}: the export ends ${last}, ${nounCount(gap, 'month')} before the as-of date ${isoDate(asOf)}; results would be built from months without data.\n` +
        `Run with --as-of ${next}, or --allow-stale.`,
      `${file}：导出数据截至 ${last}，比基准日期 ${isoDate(asOf)} 早 ${gap} 个月；结果将建立在没有数据的月份上。\n` +
        `请加 --as-of ${next} 运行，或加 --allow-stale。`,
    ),
  };
}

/** The whole months or ISO weeks between the one data ending at `end` reach and the as-of date's own: each has no row at all. */
export interface UncoveredSpan {
  /** month or week index of the first and last period without data */
  first: number;
  last: number;
  n: number;
  /** "2026-12" or "2026-W49…2026-W50" */
  text: string;
  /** the as-of date that fits the data: the day after its end */
  fits: string;
}

/** Null when the data reach the period before the as-of date's own (or any later one). */
export function uncoveredSpan(end: LocalTime | null, asOf: LocalTime, unit: 'month' | 'week'): UncoveredSpan | null {
  if (end === null) return null;
  const [index, key] = unit === 'month' ? [monthIndex, monthKey] : [weekIndex, weekIndexKey];
  const first = index(end) + 1;
  const last = index(asOf) - 1;
  if (last < first) return null;
  const n = last - first + 1;
  return { first, last, n, text: indexSpan(first, last, key), fits: dayAfter(end) };
}

/**
 * Data that end a month or more before the as-of month, but within guards.staleMonths: the whole months
 * between hold no row at all, and every command reads them as nothing won and nothing done. Olist's
 * closed deals end 2018-11-14; as of 2019-01-01 December counted as a month of no wins, and the forecast
 * blamed "a collapse at the end of the history". Said first, with the as-of date that fits the data.
 */
export function uncoveredMonths(file: string, end: LocalTime | null, asOf: LocalTime, recent?: RecentDays): Check | null {
  if (end === null) return null;
  const span = uncoveredSpan(end, asOf, 'month');
  // No whole month missing: the month the data end in may still be missing its last days.
  if (span === null) return recent ? uncoveredDays(file, end, asOf, recent) : null;
  const { n, text: months, fits: next } = span;
  return {
    code: 'uncovered_months',
    status: 'caveat',
    file,
    message: bi(
      `${file} ends ${isoDate(end)}: ${byCount(n, 'the whole month', `the ${n} whole months`)} before the as-of date (${months}) ${byCount(n, 'has', 'have')} no rows and ${byCount(n, 'counts', 'count')} as nothing won or done. If the export stops there, run with --as-of ${next}.`,
      `${file} 的数据截至 ${isoDate(end)}：基准日期之前的整月（${months}，共 ${n} 个月）没有任何数据，按零计。如果导出到此为止，请加 --as-of ${next} 运行。`,
    ),
  };
}

/** Days before the data's end whose rows give the export's pace. */
const PACE_DAYS = 56;
/** Rows the pace must expect in the days after the end before their absence is said: none in such days happens by chance about 5% of the time (Poisson). */
const EXPECTED_ROWS = 3;

/**
 * The days between the data's end and the as-of date hold no rows where the export's own pace would put
 * several: the export was taken before the as-of date, and those days count as nothing won or done (the
 * month they end, or the one in progress, reads short). The fixtures, exported on 2026-11-24 and read on
 * 2026-12-03, took "a collapse" from November's missing week; Olist as of 2018-12-01 (ending 2018-11-14)
 * gave a next-quarter target of 18 deals where 63 as of 2018-11-15; as of 2026-12-31 December was "won so
 * far" with no row in it. A quiet stretch no longer than the export's own in the 8 weeks before (a weekend),
 * or a pace expecting fewer than 3 rows, is not said.
 */
function uncoveredDays(file: string, end: LocalTime, asOf: LocalTime, recent: RecentDays): Check | null {
  const last = dayNumber(end);
  // Days strictly between the last row's day and the as-of day (today's rows may still be coming in).
  const gap = dayNumber(asOf) - last - 1;
  // Days without rows are news only when the export has not gone that quiet itself in the weeks before: a
  // weekend for a weekday log, not one day for a log with rows every day, not six for one with gaps of eight.
  if (gap < 1 || gap <= recent.longestQuiet(last - PACE_DAYS + 1, last)) return null;
  const perDay = recent.between(last - PACE_DAYS + 1, last) / PACE_DAYS;
  const expected = perDay * gap;
  if (expected < EXPECTED_ROWS) return null;
  const from = dayAfter(end);
  const to = isoDate(addDays(startOfDay(asOf), -1));
  const pace = perDay >= 10 ? grouped(Math.round(perDay)) : perDay.toFixed(1);
  const about = grouped(Math.round(expected));
  return {
    code: 'uncovered_days',
    status: 'caveat',
    file,
    message: bi(
      `${file} ends ${isoDate(end)}: the ${gap} days before the as-of date (${from}…${to}) have no rows, where the export's pace of the 8 weeks before (${pace} rows a day) would have put about ${about} there; they count as if nothing was won or done. If the export was taken then, run with --as-of ${from}.`,
      `${file} 的数据截至 ${isoDate(end)}：基准日期之前的 ${gap} 天（${from}…${to}）没有任何数据，而按此前 8 周的节奏（每天 ${pace} 行）应有约 ${about} 行；这些天将按没有任何成交或行为计算。如果导出就在当天，请加 --as-of ${from} 运行。`,
    ),
  };
}

/**
 * A forecast, target check or backtest needs signed history: a header-only export, or one without a won
 * deal by the as-of date, would print a ¥0 target with P 100%.
 */
export function noHistoryRefusal(file: string, deals: readonly Deal[], rowsRead: number, asOf: LocalTime): Refusal | null {
  if (rowsRead === 0)
    return {
      code: 'no_rows',
      file,
      override: null,
      message: bi(`${file}: the export has a header but no rows; there is nothing to read.`, `${file}：导出文件只有表头，没有数据行；没有可读取的内容。`),
    };
  const by = endOfDay(asOf);
  if (deals.some((d) => d.stage === 'won' && d.closed_at !== undefined && d.closed_at < by)) return null;
  const labels = new Map<string, number>();
  for (const d of deals) labels.set(d.stage_label || d.stage, (labels.get(d.stage_label || d.stage) ?? 0) + 1);
  const seen = [...labels].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([l, n]) => `${l} ${grouped(n)}`);
  return {
    code: 'no_won_deal',
    file,
    override: null,
    message: bi(
      `${file}: no won deal closed by ${isoDate(asOf)} among ${grouped(deals.length)} rows (stages read: ${seen.join('; ') || '—'}); forecasts, targets and audits need signed deals.\n` +
        `Check that the stage column marks signed deals as won (赢单, Closed Won …), and the --as-of date.`,
      `${file}：${grouped(deals.length)} 行中没有在 ${isoDate(asOf)} 之前签约的赢单（读到的阶段：${seen.join('；') || '—'}）；预测、目标和审计都需要已签约的商机。\n` +
        `请检查阶段列是否把已签约的商机标为赢单（赢单、Closed Won 等），以及 --as-of 日期。`,
    ),
  };
}

/**
 * The assumption the as-of reading (`dealsAsOf`) makes about deals without a created date (Olist's closed
 * deals, Maven's prospects), said once before the results; null when it leaves nothing out on `asOf`.
 */
export function unknownCreationCheck(file: string, deals: readonly Deal[], asOf: LocalTime): Check | null {
  const n = dealsAsOf(deals, asOf).unknownCreation;
  if (n === 0) return null;
  const day = isoDate(asOf);
  return {
    code: 'as_of_unknown_creation',
    status: 'guessed',
    file,
    message: bi(
      `${nounCount(n, 'deal', grouped(n))} without a created date ${byCount(n, 'was', 'were')} not closed by the as-of date ${day}, and the export runs past it: whether ${byCount(n, 'it', 'they')} existed then is unknown, so ${byCount(n, 'it is', 'they are')} left out (pipeline, deal counts, rep activity). A deal without a created date counts from its close date; export the created date to count ${byCount(n, 'it', 'them')}.`,
      `${grouped(n)} 条商机没有创建日期，在基准日期 ${day} 时尚未结单，而导出数据晚于该日：无法确定它们当时是否已存在，因此不计入（销售管道、商机数、销售在岗判断）。没有创建日期的商机从结单日期起算；导出创建日期即可计入。`,
    ),
  };
}

/** Days without any row an activity log may end with before the as-of date and still count as reaching it: a weekend. */
const QUIET_DAYS = 2;

/**
 * Where an activity log stops short of the as-of date: more than a weekend of days without a row before it
 * (the fixtures' log ends Thursday 2026-11-26; read on 2026-12-03 its leads waited 149 h "without follow-up"
 * where 55 h were known). Lead follow-up (alerts) is judged as of the day after its last row; the touch KBI
 * (alerts and score) does not judge the weeks after the last one it covers to its Friday. Null when the log reaches the as-of date.
 */
export function logReach(end: LocalTime | null, asOf: LocalTime): { judgedAt: LocalTime; fits: string; days: number; weeks: { first: number; n: number; text: string } | null } | null {
  if (end === null) return null;
  const days = dayNumber(asOf) - dayNumber(end) - 1;
  if (days <= QUIET_DAYS) return null;
  const judgedAt = addDays(startOfDay(end), 1);
  // A week counts as covered when the log reaches its Friday: rows at weekends are rare.
  const covered = dayNumber(end) - dayNumber(weekStart(end)) >= 4 ? weekIndex(end) : weekIndex(end) - 1;
  const first = covered + 1;
  const last = weekIndex(asOf) - 1;
  const n = last - first + 1;
  const weeks = n < 1 ? null : { first, n, text: indexSpan(first, last, weekIndexKey) };
  return { judgedAt, fits: isoDate(judgedAt), days, weeks };
}
