import chalk from 'chalk';
import type { Accuracy, QuarterScore } from '../../core/accuracy/index.js';
import { bi, formatNumber, nounCount } from '../../core/i18n.js';
import type { Context } from '../context.js';
import { padColumns as pad, padColumnsLeft as padLeft, renderTable, wrapText } from '../render.js';
import { textWidth } from '../../core/text-width.js';
import { BIAS_RULE, CONVERGED_RULE, LEVEL_NAMES, pct, signedPct, VERDICTS } from './labels.js';
import { NO_TEAM } from '../../core/teams.js';

const BAR = 30;
const LABEL = 20;

const span = (keys: readonly string[]) => (keys.length === 0 ? '—' : keys.length === 1 ? keys[0] : `${keys[0]} … ${keys[keys.length - 1]}`);

/** One quarter of one series: a bar per vintage's forecast, then the actual, on one scale. */
function quarterChart(ctx: Context, q: QuarterScore, decimals: number): string[] {
  const num = (v: number) => formatNumber(ctx.lang, v, decimals);
  const max = Math.max(1, q.actual, ...q.vintages.map((v) => v.forecast));
  const cols = (v: number) => Math.round((Math.max(0, v) / max) * BAR);
  const values = [...q.vintages.map((v) => num(v.forecast)), num(q.actual)];
  const w = Math.max(...values.map(textWidth));
  const line = (label: string, v: number, glyph: string, value: string, tail: string) =>
    `  ${pad(label, LABEL)} ${glyph.repeat(cols(v))}${' '.repeat(BAR - cols(v))} ${padLeft(value, w)}${tail}`;
  const name = q.level === 'company' ? ctx.t(bi('company', '公司')) : `${ctx.t(LEVEL_NAMES[q.level])} ${q.name}`;
  return [
    chalk.bold(`${q.quarter} · ${name}`),
    ...q.vintages.map((v, i) => line(ctx.t(bi(`as of ${v.vintageLabel}`, `基准 ${v.vintageLabel}`)), v.forecast, '▒', values[i], `  ${signedPct(ctx.lang, v.pct)}`)),
    chalk.bold(line(ctx.t(bi('actual', '实际')), q.actual, '█', values[values.length - 1], '')),
  ];
}

export function renderAccuracy(ctx: Context, a: Accuracy, meta: { file: string; state: string }): string {
  const { levels } = a;
  const t = (en: string, zh: string) => ctx.t(bi(en, zh));
  const dec = a.measure === 'count' ? 1 : 0;
  const num = (v: number) => formatNumber(ctx.lang, v, dec);
  const unit = a.measure === 'count' ? t('won deals', '赢单数') : t('won amount', '赢单金额');
  const out: string[] = [
    wrapText(chalk.bold(`sales-perf accuracy · ${meta.file} · ${t('ledger', '台账')} ${meta.state}`)),
    wrapText(
      t(
        `Scored: ${span(a.scoredMonths)} (months that ended before --as-of and this export covers to their end)${a.waitingMonths.length ? `; not yet: ${span(a.waitingMonths)}` : ''}. In ${unit}.`,
        `已评分：${span(a.scoredMonths)}（在 --as-of 之前结束且本次导出完整覆盖的月份）${a.waitingMonths.length ? `；尚未评分：${span(a.waitingMonths)}` : ''}。单位：${unit}。`,
      ),
    ),
    wrapText(
      t(
        `${nounCount(a.vintages.length, 'recorded forecast')}: ${a.vintages.map((v) => `${v.label} (${v.method}, ${v.scored} scored)`).join(', ')}`,
        `${a.vintages.length} 次记录的预测：${a.vintages.map((v) => `${v.label}（${v.method}，${v.scored} 项已评分）`).join('、')}`,
      ),
    ),
    '',
  ];

  // The first level asked for carries the quarter chart: the company by default.
  const chartLevel = levels[0];
  const charted = a.quarters.filter((q) => q.level === chartLevel);
  if (charted.length) {
    out.push(
      wrapText(
        chalk.bold(
          t(
            "Forecast vs actual per quarter (each recorded forecast: the sum of its months' forecasts, months already over counted as won; then what came)",
            '每季度预测与实际（每次记录的预测：各月预测之和，记录时已过去的月份按实际赢单计；以及实际结果）',
          ),
        ),
      ),
    );
    for (const q of charted) out.push(...quarterChart(ctx, q, dec));
    out.push('');
  } else
    out.push(
      wrapText(t('No recorded quarter has fully ended inside this export yet: the quarter chart waits for one.', '尚无已记录的季度在本次导出范围内完全结束：季度图表需等待。')),
      '',
    );

  out.push(
    renderTable(
      [t('Level', '层级'), t('Months ahead', '提前月数'), t('Forecasts', '预测数'), 'MAE', 'WAPE', t('Bias', '偏差')],
      a.horizons.map((h) => [ctx.t(LEVEL_NAMES[h.level]), h.horizon, h.n, num(h.mae), pct(ctx.lang, h.wape), signedPct(ctx.lang, h.bias)]),
      { title: t('Error by horizon (0 = the month holding the as-of)', '按预测提前期的误差（0 = 基准日期所在月）'), right: [1, 2, 3, 4, 5] },
    ),
    '',
  );

  for (const level of levels.filter((l) => l !== 'company')) {
    const groups = a.groups.filter((g) => g.level === level);
    if (!groups.length || (level === 'team' && groups.every((g) => g.name === NO_TEAM))) continue;
    out.push(
      renderTable(
        [level === 'team' ? t('Team', '团队') : t('Rep', '销售'), t('Forecasts', '预测数'), t('Actual', '实际'), 'WAPE', t('Bias', '偏差'), t('Reading', '判断')],
        groups.map((g) => [g.name, g.n, num(g.actual), pct(ctx.lang, g.wape), signedPct(ctx.lang, g.bias), g.verdict === null ? '—' : ctx.t(VERDICTS[g.verdict])]),
        { title: level === 'team' ? t('Bias per team', '各团队偏差') : t('Bias per rep', '各销售偏差'), right: [1, 2, 3, 4] },
      ),
    );
  }
  out.push(wrapText(ctx.t(BIAS_RULE)), '');

  const converging = a.quarters.filter((q) => q.vintages.length > 1);
  if (converging.length)
    out.push(
      renderTable(
        [t('Quarter', '季度'), t('Series', '对象'), t('Vintages', '版本数'), t('First error', '首次误差'), t('Last error', '最近误差'), t('Converged', '收敛')],
        converging.map((q) => {
          const [first, last] = [q.vintages[0], q.vintages[q.vintages.length - 1]];
          return [
            q.quarter,
            q.level === 'company' ? t('company', '公司') : q.name,
            q.vintages.length,
            signedPct(ctx.lang, first.pct),
            signedPct(ctx.lang, last.pct),
            q.converged ? t('yes', '是') : t('no', '否'),
          ];
        }),
        { title: t('How the re-forecasts of each quarter converged (error vs actual)', '同一季度多次重新预测的收敛情况（相对实际的误差）'), right: [2, 3, 4] },
      ),
      wrapText(ctx.t(CONVERGED_RULE)),
      '',
    );
  return out.join('\n').replace(/\n+$/, '');
}
