import chalk from 'chalk';
import { bi, formatNumber, formatPercent, labelled, nounCount } from '../../core/i18n.js';
import { STATIC, type PlanBacktest } from '../../core/plan/index.js';
import type { Context } from '../context.js';
import { levelLabel, levelName } from '../forecast/present.js';
import { textTable, wrapText } from '../render.js';

export function renderBacktest(ctx: Context, file: string, bt: PlanBacktest, levels: string[]): string {
  const { lang } = ctx;
  const t = (en: string, zh: string) => ctx.t(bi(en, zh));
  const num = (v: number | null, d = 0) => (v === null ? '—' : formatNumber(lang, v, d));
  const pct = (v: number | null) => (v === null ? '—' : formatPercent(lang, v, 1));
  const g = bt.staticGrowth === null ? t("each origin's trailing YoY growth", '各起点前一年的同比增长') : formatPercent(lang, bt.staticGrowth, 0);
  const out: string[] = [
    chalk.bold(t(`perf backtest · ${file} · as of ${bt.asOf}`, `perf backtest · ${file} · 基准日期 ${bt.asOf}`)),
    t(
      `Won ${bt.measure === 'amount' ? 'amount' : 'deal count'} per month · ${nounCount(bt.historyMonths, 'month')} of history · up to ${nounCount(bt.origins, 'rolling origin')}, ${nounCount(bt.h, 'month')} ahead each · static = last year × (1 + ${g}) ÷ 12`,
      `每月赢单${bt.measure === 'amount' ? '金额' : '单数'} · 历史 ${bt.historyMonths} 个月 · 最多 ${bt.origins} 个滚动起点，每次预测 ${bt.h} 个月 · 静态目标 = 去年 × (1 + ${g}) ÷ 12`,
    ),
    '',
  ];
  for (const n of bt.notes) out.push(`${chalk.yellow('!')} ${ctx.t(n)}`, '');
  for (const s of bt.series.filter((x) => levels.includes(x.level))) {
    // The company's name is its level's: said once.
    const about = [...(s.level === 'company' ? [] : [levelLabel(lang, s.level)]), t(nounCount(s.months, 'month'), `${s.months} 个月`)].join(t(', ', '，'));
    const title = `${levelName(lang, s)}${t(` (${about})`, `（${about}）`)}`;
    if (s.scores.length === 0) {
      out.push(labelled(lang, chalk.bold(title), ctx.t(s.note!)), '');
      continue;
    }
    out.push(
      textTable(
        [t('Method', '方法'), 'MAE', 'WAPE', 'MASE', t('Bias', '偏差'), t('80% cov.', '80%覆盖'), t('95% cov.', '95%覆盖'), t('Origins', '起点')],
        s.scores.map((r) => [
          (r.method === s.best ? '★ ' : '  ') + (r.method === STATIC ? t('static target', '静态目标') : r.method),
          num(r.mae),
          pct(r.wape),
          num(r.mase, 2),
          num(r.bias),
          pct(r.coverage80),
          pct(r.coverage95),
          String(r.origins),
        ]),
        [1, 2, 3, 4, 5, 6, 7],
        title,
      ),
    );
    out.push('');
  }
  out.push(
    t(
      'MAE mean absolute error · WAPE Σ|error| ÷ Σ|actual| · MASE MAE ÷ in-sample seasonal-naive MAE (< 1 beats it) · bias mean(forecast − actual) · coverage: share of actuals inside the interval (aim 80% / 95%) · ★ lowest MAE',
      'MAE 平均绝对误差 · WAPE Σ|误差| ÷ Σ|实际| · MASE MAE ÷ 样本内季节性朴素法 MAE（< 1 即优于它）· 偏差 = 平均(预测 − 实际) · 覆盖率：实际值落入区间的比例（目标 80% / 95%）· ★ MAE 最低',
    ),
  );
  return wrapText(out.join('\n'));
}
