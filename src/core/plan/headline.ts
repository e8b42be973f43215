import { bi, type Bi } from '../i18n.js';
import type { ForecastPlan, Measure, MethodChoice, SeriesPlan } from './types.js';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function methodChoice(company: SeriesPlan, measure: Measure): MethodChoice {
  const info = company.method[measure];
  const bt = info.backtest;
  const backtestWape = bt?.wape ?? null;
  const backtestStaticWape = bt?.staticWape ?? null;
  return {
    method: info.method,
    selected: typeof info.params.selected === 'string' ? info.params.selected : null,
    selectionOrigins: num(info.params.selectionOrigins),
    selectionWape: num(info.params.selectionWape),
    selectionStaticWape: num(info.params.staticWape),
    backtestWape,
    backtestStaticWape,
    worseThanStatic: backtestWape !== null && backtestStaticWape !== null && backtestWape > backtestStaticWape,
  };
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/**
 * The lines a reader must see before any target: breaks at the end of the history, refused targets,
 * the method and its backtest against the static target (with a warning when it is worse), and rep
 * targets a manager should check. `warn` lines are caveats.
 */
export function headline(plan: ForecastPlan): { warn: boolean; text: Bi }[] {
  const out: { warn: boolean; text: Bi }[] = plan.breaks.map((b) => ({ warn: true, text: b.message }));
  const refused = plan.series.filter((s) => Object.values(s.targets).some((t) => t[plan.measure].refused)).length;
  if (refused)
    out.push({
      warn: true,
      text: bi(
        `Targets refused for ${refused} series (a target of 0, or probabilities from a forecast without spread): they are marked and must not be signed.`,
        `${refused} 个对象的目标被拒绝（目标为 0，或概率来自没有波动的预测）：已标出，不能据此签署。`,
      ),
    });
  if (!plan.targetsReliable && plan.breaks.length)
    out.push({ warn: true, text: bi('Targets unreliable: the history ends in a level shift (above).', '目标不可靠：历史末尾出现水平突变（见上）。') });
  const c = plan.choice;
  const sel =
    c.selected === null
      ? bi(`Method: ${c.method}`, `方法：${c.method}`)
      : bi(
          `Method: auto chose ${c.selected} on the company's own history (${c.selectionOrigins} rolling origins: WAPE ${pct(c.selectionWape)}, static target ${pct(c.selectionStaticWape)})`,
          `方法：auto 依据公司自身历史选出 ${c.selected}（${c.selectionOrigins} 个滚动起点：WAPE ${pct(c.selectionWape)}，静态目标 ${pct(c.selectionStaticWape)}）`,
        );
  const bt =
    c.backtestWape === null
      ? bi('', '')
      : bi(` · backtest WAPE ${pct(c.backtestWape)} vs static target ${pct(c.backtestStaticWape)}`, ` · 回测 WAPE ${pct(c.backtestWape)}，静态目标 ${pct(c.backtestStaticWape)}`);
  out.push({ warn: false, text: bi(sel.en + bt.en, sel.zh + bt.zh) });
  if (c.worseThanStatic)
    out.push({
      warn: true,
      text: bi(
        `This forecast's own backtest is worse than the static target (WAPE ${pct(c.backtestWape)} vs ${pct(c.backtestStaticWape)}): weigh its targets against last year's.`,
        `该预测自身的回测比静态目标差（WAPE ${pct(c.backtestWape)} 对 ${pct(c.backtestStaticWape)}）：请对照去年的水平权衡这些目标。`,
      ),
    });
  const flagged = plan.series.filter((s) => s.targetFlags?.length).length;
  if (flagged)
    out.push({
      warn: true,
      text: bi(
        `${flagged} rep(s) with a target outside 50%–200% of their trailing-four-quarter average: check them before signing (reasons: --json targetFlags).`,
        `${flagged} 位销售的目标超出其近四个季度季均的 50%–200%：签署前请核对（原因见 --json 的 targetFlags）。`,
      ),
    });
  return out;
}
