import chalk from 'chalk';
import { monthIndex, parseQuarterKey } from '../../core/calendar.js';
import { bi, formatNumber, formatPercent } from '../../core/i18n.js';
import type { CheckResult } from '../../core/plan/check.js';
import type { Problem } from '../../schema/problem.js';
import type { Context } from '../context.js';
import { problemLines, textTable, wrapText } from '../render.js';
import { P_PROPOSED, VERDICTS } from './labels.js';

const yesNo = (ctx: Context, ok: boolean, what: string) => (ok ? ctx.t(bi('yes', '有')) : chalk.red(ctx.t(bi(`no ${what}`, `无`))));

export function renderTargetCheck(ctx: Context, file: string, period: string, results: CheckResult[], problems: Problem[], problemCount: number): string {
  const { lang } = ctx;
  const t = (en: string, zh: string) => ctx.t(bi(en, zh));
  // amounts in whole units; deal counts (deals without amounts) keep a tenth
  const money = (v: number) => formatNumber(lang, v, Number.isInteger(v) ? 0 : 1);
  const pct = (v: number | null) => (v === null ? '—' : `${v >= 0 ? '+' : ''}${formatPercent(lang, v, 1)}`);
  const out: string[] = [chalk.bold(t(`perf target check · ${file} · period ${period}`, `perf target check · ${file} · 期间 ${period}`)), ''];
  // A history shorter than a year is labelled as what it holds; a series shorter than the rest says its own.
  const span = Math.max(0, ...results.map((r) => r.lastMonths));
  const held = (r: CheckResult) => (r.lastMonths < span ? t(` (${r.lastMonths} m)`, `（${r.lastMonths} 个月）`) : '');
  out.push(
    textTable(
      [t('Series', '对象'), t(`Last ${span} m`, `近${span}个月`), t('Growth', '去年增长'), t('Proposed', '建议目标'), t('Implied', '隐含增长'), t('Forecast', '预测'), t('Fcst growth', '预测增长'), ctx.t(P_PROPOSED)],
      results.map((r) => [
        r.name ?? t('Company', '公司'),
        money(r.last12) + held(r),
        pct(r.growthLast12),
        money(r.proposed),
        pct(r.impliedGrowth),
        money(r.expected),
        pct(r.expectedGrowth),
        formatPercent(lang, r.probability, 1),
      ]),
      [1, 2, 3, 4, 5, 6, 7],
      t('Proposal against history and forecast', '建议目标与历史、预测对比'),
      // In a narrow terminal the growth rates go first: the proposal, the forecast and the chance of reaching it carry the verdict.
      [0, 1, 0, 2, 1, 2, 0, 3],
    ),
  );
  out.push('');
  out.push(
    textTable(
      [t('Series', '对象'), t('Baseline (≥12 m)', '历史基线(≥12月)'), t('Milestones', '阶段里程碑'), t('Resources', '资源承诺'), t('Verdict', '结论')],
      results.map((r) => [
        r.name ?? t('Company', '公司'),
        r.baseline.ok ? t(`yes (${r.baseline.months} m)`, `有（${r.baseline.months} 个月）`) : chalk.red(t(`no (${r.baseline.months} m)`, `无（${r.baseline.months} 个月）`)),
        r.milestones.issue ? chalk.red(t('do not hold', '不成立')) : yesNo(ctx, r.milestones.ok, t('(not stated)', '')),
        r.resources.ok ? t('stated', '已说明') : chalk.red(t('not stated', '未说明')),
        { achievable: (s: string) => s, stretch: chalk.yellow, unrealistic: chalk.red }[r.verdict](ctx.t(VERDICTS[r.verdict])),
      ]),
      [],
      t('"Three nos" audit (三无): baseline, milestones, resources', '"三无"审查：历史基线、阶段里程碑、资源承诺'),
    ),
  );
  out.push('');
  for (const r of results) out.push(`${chalk.bold('→')} ${ctx.t(r.sentence)}`);
  const first = results[0];
  if (first && !first.milestones.ok) {
    // A period under way: its quarters already over hold what was won, not a forecast.
    const now = monthIndex(ctx.asOf);
    const split = Object.entries(first.milestones.suggested)
      .map(([k, v]) => `${k} ${money(v)}${parseQuarterKey(k)! * 3 + 2 < now ? t(' (won)', '（已赢单）') : ''}`)
      .join(' · ');
    out.push(t(`  Milestones the forecast suggests (${first.name ?? 'company'}): ${split}`, `  按预测建议的阶段拆分（${first.name ?? '公司'}）：${split}`));
  }
  if (results[0]?.measure === 'count')
    out.push(t('  The deals carry no amounts: last 12 months, proposal and forecast are in won deals.', '  商机数据没有金额：近12个月、建议目标和预测均按赢单数计。'));
  if (span < 12)
    out.push(t(`  The history holds ${span} complete months, not 12: growth is measured against them annualised.`, `  历史只有 ${span} 个完整月份，不足 12 个月：增长以其年化值为基数。`));
  out.push(t('  Growth is measured against the last 12 complete months scaled to the period; P is the chance that won deals reach the proposal under the forecast distribution.', '  增长以最近 12 个完整月份（按期间长度折算）为基数；P 为按预测分布赢单达到建议目标的概率。'));
  out.push('');
  out.push(problemLines(ctx, problems, problemCount));
  return wrapText(out.join('\n'));
}
