import { accuracy, actualsOf, type Accuracy } from '../../core/accuracy/index.js';
import { accuracyChart } from '../../core/charts/accuracy.js';
import { slug, type Chart } from '../../core/charts/index.js';
import { PerfError } from '../../core/errors.js';
import { bi, formatPercent, nounCount } from '../../core/i18n.js';
import { LEVELS, type PlanOptions } from '../../core/plan/index.js';
import { COMPANY_ID, repId, teamId } from '../../core/plan/series.js';
import type { Deal } from '../../schema/rows.js';
import { readLedger } from '../../io/ledger-store.js';
import type { Context } from '../context.js';

export interface LedgerBoard {
  /** board level id → its forecast-vs-actual chart */
  charts: Map<string, Chart[]>;
  /** for the page's notes: what was scored and the ledger's caveats, or why nothing was */
  notes: string[];
  accuracy: Accuracy | null;
}

/**
 * `dashboard --state`: the forecast ledger scored as `sales-perf accuracy` scores it, drawn per level. A
 * ledger with nothing to score yet is a note on the page, not a failed board.
 */
export function ledgerBoard(ctx: Context, state: string, deals: readonly Deal[], options: PlanOptions): LedgerBoard {
  const actuals = actualsOf(deals, { asOf: ctx.asOf, file: options.file ?? 'deals', roster: options.roster, amountColumn: options.amountColumn });
  let a: Accuracy;
  try {
    a = accuracy(readLedger(state), actuals, { asOf: ctx.asOf, levels: LEVELS, state });
  } catch (e) {
    if (e instanceof PerfError) return { charts: new Map(), notes: [ctx.t(e.text)], accuracy: null };
    throw e;
  }
  const charts = new Map<string, Chart[]>();
  for (const q of a.quarters) {
    const id = q.level === 'company' ? COMPANY_ID : q.level === 'team' ? teamId(q.name) : repId(q.name);
    if (!charts.has(id)) charts.set(id, [accuracyChart(a.quarters.filter((x) => x.level === q.level && x.name === q.name), ctx.lang, `accuracy-${slug(id)}`)]);
  }
  const company = a.groups.find((g) => g.level === 'company');
  const pct = (v: number | null | undefined) => (v == null ? '—' : formatPercent(ctx.lang, v, 1));
  return {
    charts,
    notes: [
      ctx.t(
        bi(
          `Forecast ledger ${state}: ${nounCount(a.vintages.length, 'recorded forecast')} scored on ${a.scoredMonths.join(', ')}; company WAPE ${pct(company?.wape)}, bias ${pct(company?.bias)} (sales-perf accuracy for the detail).`,
          `预测台账 ${state}：${a.vintages.length} 次记录的预测，已评分月份 ${a.scoredMonths.join('、')}；公司 WAPE ${pct(company?.wape)}，偏差 ${pct(company?.bias)}（明细见 sales-perf accuracy）。`,
        ),
      ),
      ...a.checks.map((c) => ctx.t(c.message)),
    ],
    accuracy: a,
  };
}
