import { isoDate, monthKey, parseMonthKey, parseQuarterKey, quarterIndex, quarterKey, type LocalTime } from '../calendar.js';
import { bi } from '../i18n.js';
import type { Refusal } from './refusal.js';

/** The months that period keys (2026-10, 2026-Q4) span, first to last; null when there is none. */
export function monthSpan(periods: Iterable<string>): { from: number; to: number } | null {
  let span: { from: number; to: number } | null = null;
  for (const p of periods) {
    const q = parseQuarterKey(p);
    const m = q === null ? parseMonthKey(p) : null;
    if (q === null && m === null) continue;
    const from = q === null ? m! : q * 3;
    const to = q === null ? m! : q * 3 + 2;
    span = span === null ? { from, to } : { from: Math.min(span.from, from), to: Math.max(span.to, to) };
  }
  return span;
}

const spanText = (s: { from: number; to: number }) => (s.from === s.to ? monthKey(s.from) : `${monthKey(s.from)}…${monthKey(s.to)}`);

/** The --period that fits a span: its quarter, its month, or its year when it holds exactly one. */
function periodFitting(s: { from: number; to: number }): string | null {
  if (s.from === s.to) return monthKey(s.from);
  if (s.from % 3 === 0 && s.to === s.from + 2) return quarterKey(s.from / 3);
  if (s.from % 12 === 0 && s.to === s.from + 11) return String(s.from / 12);
  return null;
}

/**
 * A targets file made for another period would leave every target blank (rows of dashes, no score):
 * refused with the months it covers. `wanted` is the period asked for, as month indexes: a target
 * counts when its own period lies within it (the period itself, one of its months or quarters).
 */
export function targetsPeriodRefusal(file: string, periods: readonly string[], wanted: { key: string; from: number; to: number }): Refusal | null {
  const within = (p: string) => {
    const s = monthSpan([p]);
    return s !== null && s.from >= wanted.from && s.to <= wanted.to;
  };
  if (periods.some(within)) return null;
  const span = monthSpan(periods);
  const fits = span && periodFitting(span);
  const covers = span ? spanText(span) : null;
  return {
    code: 'period_mismatch',
    file,
    override: null,
    message: bi(
      `${file} ${covers ? `covers ${covers}` : 'has no target'}, not ${wanted.key}.\n` +
        `Give the targets for ${wanted.key}${fits ? `, or run with --period ${fits}` : ''}.`,
      `${file} ${covers ? `的目标期间为 ${covers}` : '中没有目标'}，而不是 ${wanted.key}。\n` +
        `请提供 ${wanted.key} 的目标${fits ? `，或加 --period ${fits} 运行` : ''}。`,
    ),
  };
}

/**
 * A saved plan (`perf forecast --json`) drawn on another quarter's board would pace this quarter against
 * another one's targets: refused unless it was made in the quarter of the as-of date.
 */
export function planPeriodRefusal(file: string, plan: { asOf: LocalTime; target: readonly string[] }, asOf: LocalTime): Refusal | null {
  const quarter = quarterKey(quarterIndex(asOf));
  if (quarterIndex(plan.asOf) === quarterIndex(asOf)) return null;
  const span = monthSpan(plan.target);
  const made = isoDate(plan.asOf);
  const targets = span ? spanText(span) : quarterKey(quarterIndex(plan.asOf) + 1);
  return {
    code: 'period_mismatch',
    file,
    override: null,
    message: bi(
      `${file} is the plan as of ${made} (targets for ${targets}), not for ${quarter} (as of ${isoDate(asOf)}).\n` +
        `Run sales-perf forecast --as-of ${isoDate(asOf)} --json again, or the dashboard with --as-of ${made}.`,
      `${file} 是截至 ${made} 的预测计划（目标期间 ${targets}），不适用于 ${quarter}（截至 ${isoDate(asOf)}）。\n` +
        `请重新运行 sales-perf forecast --as-of ${isoDate(asOf)} --json，或给看板加 --as-of ${made}。`,
    ),
  };
}
