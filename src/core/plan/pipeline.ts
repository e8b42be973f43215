import { endOfDay, monthIndex, monthKey, type MonthIndex } from '../calendar.js';
import { compareText, normaliseKey } from '../values/text.js';
import type { Deal } from '../../schema/rows.js';
import type { ForecastPlan, PipelineCell, SeriesPlan } from './types.js';
import { addMoney } from '../values/money-sum.js';

/**
 * The learned win rate: won ÷ (won + lost) by count over deals closed in the baseline window (all
 * closed deals when the window has none). A closed deal's export keeps only its final stage, so the
 * history cannot tell one open stage from another: every unconfigured stage gets this rate.
 */
export function learnedWinRate(won: readonly Deal[], deals: readonly Deal[], from: MonthIndex, asOf: number): number | null {
  const lost = deals.filter((d) => d.stage === 'lost' && d.closed_at !== undefined && d.closed_at < endOfDay(asOf));
  const inWindow = (d: Deal) => monthIndex(d.closed_at!) >= from;
  const w = won.filter(inWindow).length;
  const l = lost.filter(inWindow).length;
  if (w + l > 0) return w / (w + l);
  return won.length + lost.length > 0 ? won.length / (won.length + lost.length) : null;
}

export function stageTable(
  open: readonly Deal[],
  configured: Record<string, number>,
  learned: number | null,
): ForecastPlan['stageProbabilities'] {
  const conf = new Map(Object.entries(configured).map(([k, v]) => [normaliseKey(k), v]));
  const byLabel = new Map<string, number>();
  for (const d of open) byLabel.set(d.stage_label, (byLabel.get(d.stage_label) ?? 0) + 1);
  return [...byLabel]
    .sort((a, b) => compareText(a[0], b[0]))
    .map(([label, n]) => {
      const c = conf.get(normaliseKey(label));
      return { label, probability: c ?? learned ?? 0, source: c !== undefined ? ('config' as const) : ('learned' as const), open: n };
    });
}

const cell = (): PipelineCell => ({ openCount: 0, openAmount: 0, weighted: 0, weightedCount: 0 });

/** Open deals per series: by expected close month within the horizon, overdue, later, or undated. */
export function pipelineOf(
  open: readonly Deal[],
  probability: (label: string) => number,
  memberOf: (d: Deal) => readonly SeriesPlan[],
  months: readonly string[],
  asOf: number,
): void {
  const lastMonth = months[months.length - 1];
  for (const d of open) {
    const amount = d.amount ?? 0;
    for (const s of memberOf(d)) {
      const p = s.pipeline;
      let target: PipelineCell;
      if (d.expected_close_at === undefined) target = p.undated;
      else if (d.expected_close_at < asOf) target = p.overdue;
      else {
        const key = monthKey(monthIndex(d.expected_close_at));
        target = key > lastMonth ? p.later : (p.months[key] ??= cell());
      }
      target.openCount += 1;
      target.openAmount = addMoney(target.openAmount, amount);
      target.weighted += amount * probability(d.stage_label);
      target.weightedCount += probability(d.stage_label);
    }
  }
}

export const emptyPipeline = (months: readonly string[]): SeriesPlan['pipeline'] => ({
  months: Object.fromEntries(months.map((m) => [m, cell()])),
  overdue: cell(),
  later: cell(),
  undated: cell(),
  coverage: [],
});
