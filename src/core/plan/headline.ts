import { bi, type Bi, nounCount } from '../i18n.js';
import type { Check } from '../../schema/check.js';
import type { ForecastPlan, Measure, MethodChoice, SeriesPlan } from './types.js';

/** Reps named in the caveat on targets outside their record before the rest are counted. */
const NAMED = 5;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * The baseline that beat the forecast in its own backtest: a WAPE strictly below the forecast's, the lower
 * of the two when both did (a tie goes to the static target, the one the article criticises).
 */
export function beatenBy(wape: number | null, staticWape: number | null, snaiveWape: number | null): MethodChoice['beatenBy'] {
  if (wape === null) return null;
  const st = staticWape !== null && staticWape < wape ? staticWape : null;
  const sn = snaiveWape !== null && snaiveWape < wape ? snaiveWape : null;
  if (st === null && sn === null) return null;
  if (sn === null) return 'static';
  if (st === null) return 'snaive';
  return sn < st ? 'snaive' : 'static';
}

export function methodChoice(company: SeriesPlan, measure: Measure): MethodChoice {
  const info = company.method[measure];
  const bt = info.backtest;
  const backtestWape = bt?.wape ?? null;
  const backtestStaticWape = bt?.staticWape ?? null;
  const backtestSnaiveWape = bt?.snaiveWape ?? null;
  return {
    method: info.method,
    selected: typeof info.params.selected === 'string' ? info.params.selected : null,
    selectionOrigins: num(info.params.selectionOrigins),
    selectionWape: num(info.params.selectionWape),
    selectionStaticWape: num(info.params.staticWape),
    afterBreak: info.params.afterBreak === 'collapse' || info.params.afterBreak === 'surge' ? info.params.afterBreak : null,
    backtestWape,
    backtestStaticWape,
    backtestSnaiveWape,
    worseThanStatic: backtestWape !== null && backtestStaticWape !== null && backtestWape > backtestStaticWape,
    beatenBy: beatenBy(backtestWape, backtestStaticWape, backtestSnaiveWape),
  };
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
/** A difference of two WAPEs in percentage points, to the tenth. */
const points = (a: number, b: number) => ((a - b) * 100).toFixed(1);

const BASELINE: Record<'static' | 'snaive', Bi> = {
  static: bi('the static target (last year × (1 + growth), spread evenly)', '静态目标（去年 ×（1 + 增长率），平均分摊）'),
  snaive: bi('seasonal naive (the same month a year before, or the last month with under a year of history)', '季节性朴素法（取上一年同月；历史不足一年时取上月）'),
};

/**
 * The caveats a reader must see before any target, as checks (first in the text report and in the JSON's
 * `checks`): breaks at the end of the history, refused and unreliable targets, the method with its
 * backtest against the static target and seasonal naive, a plain statement when either beat it, and rep
 * targets a manager should check.
 */
export function planChecks(plan: ForecastPlan): Check[] {
  const caveat = (code: string, message: Bi): Check => ({ code, status: 'caveat', file: plan.file, message });
  const out: Check[] = plan.breaks.map((b) => caveat('forecast_break', b.message));
  const refused = plan.series.filter((s) => Object.values(s.targets).some((t) => t[plan.measure].refused)).length;
  if (refused)
    out.push(
      caveat(
        'targets_refused',
        bi(
          `Targets refused for ${refused} series (a target of 0, or probabilities from a forecast without spread): they are marked and must not be signed.`,
          `${refused} 个对象的目标被拒绝（目标为 0，或概率来自没有波动的预测）：已标出，不能据此签署。`,
        ),
      ),
    );
  if (!plan.targetsReliable && plan.breaks.length)
    out.push(caveat('targets_unreliable', bi('Targets unreliable: the history ends in a level shift (above).', '目标不可靠：历史末尾出现水平突变（见上）。')));
  const c = plan.choice;
  const lagging =
    c.afterBreak === null
      ? bi('', '')
      : bi(
          `; SBA and the static target may not win after the ${c.afterBreak} (their levels lag a break)`,
          `；历史末尾${c.afterBreak === 'collapse' ? '断崖式下跌' : '骤升'}之后，SBA 与静态目标（水平滞后于突变）不参与胜出`,
        );
  const sel =
    c.selected === null
      ? bi(`Method: ${c.method}`, `方法：${c.method}`)
      : bi(
          `Method: auto chose ${c.selected} on the company's own history (${c.selectionOrigins} rolling origins: WAPE ${pct(c.selectionWape)}, static target ${pct(c.selectionStaticWape)}${lagging.en})`,
          `方法：auto 依据公司自身历史选出 ${c.selected}（${c.selectionOrigins} 个滚动起点：WAPE ${pct(c.selectionWape)}，静态目标 ${pct(c.selectionStaticWape)}${lagging.zh}）`,
        );
  const bt =
    c.backtestWape === null
      ? bi('', '')
      : bi(
          ` · backtest WAPE ${pct(c.backtestWape)} vs static target ${pct(c.backtestStaticWape)}, seasonal naive ${pct(c.backtestSnaiveWape)}`,
          ` · 回测 WAPE ${pct(c.backtestWape)}，静态目标 ${pct(c.backtestStaticWape)}，季节性朴素法 ${pct(c.backtestSnaiveWape)}`,
        );
  out.push(caveat('forecast_method', bi(sel.en + bt.en, sel.zh + bt.zh)));
  if (c.beatenBy !== null && c.backtestWape !== null) {
    const base = c.beatenBy === 'static' ? c.backtestStaticWape! : c.backtestSnaiveWape!;
    const who = BASELINE[c.beatenBy];
    const by = points(c.backtestWape, base);
    out.push(
      caveat(
        'forecast_beaten',
        bi(
          `On your history ${who.en} beat perf's forecast by ${by} points of WAPE (backtest ${pct(base)} vs ${pct(c.backtestWape)}): weigh these targets against it before signing.`,
          `在您的历史数据上，${who.zh}比 perf 的预测好 ${by} 个百分点的 WAPE（回测 ${pct(base)} 对 ${pct(c.backtestWape)}）：签署前请与之对照权衡这些目标。`,
        ),
      ),
    );
  }
  const names = plan.series.filter((s) => s.targetFlags?.length).map((s) => s.name);
  const flagged = names.length;
  if (flagged) {
    // Named, so the caveat can be acted on from the report alone; a long list stops after five.
    const shown = names.slice(0, NAMED);
    const more = flagged - shown.length;
    const who = bi(`${shown.join(', ')}${more ? ` and ${more} more` : ''}`, `${shown.join('、')}${more ? ` 等 ${flagged} 人` : ''}`);
    out.push(
      caveat(
        'rep_target_flags',
        bi(
          `${nounCount(flagged, 'rep')} with a target outside 50%–200% of their trailing-four-quarter average (${who.en}): check them before signing (reasons: workbook "Flag" column, --json targetFlags).`,
          `${flagged} 位销售的目标超出其近四个季度季均的 50%–200%（${who.zh}）：签署前请核对（原因见工作簿"提示"列、--json 的 targetFlags）。`,
        ),
      ),
    );
  }
  return out;
}
