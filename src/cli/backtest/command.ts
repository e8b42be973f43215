import chalk from 'chalk';
import type { Command } from 'commander';
import { EXIT, PerfError } from '../../core/errors.js';
import type { MethodName } from '../../core/forecast/index.js';
import { bi, formatNumber, formatPercent, tr } from '../../core/i18n.js';
import { planBacktest, STATIC, type Level, type PlanBacktest } from '../../core/plan/index.js';
import { checkOutputPath } from '../../io/output.js';
import { problemsSheet, type SheetSpec } from '../../io/workbook.js';
import { action, addOutputFlags, addReadFlags, examples, writeJsonOrWorkbook, type OutputFlags } from '../common.js';
import { strictExit, type Context } from '../context.js';
import { levelLabel, levelName, textTable } from '../forecast/command.js';
import { loadWithRoster } from '../load.js';
import { problemLines, wrapText } from '../render.js';

const DEFAULT_METHODS: readonly MethodName[] = ['snaive', 'ets', 'theta', 'croston', 'sba', 'auto'];
const ALL: readonly MethodName[] = ['auto', 'snaive', 'naive', 'mean', 'ses', 'ets', 'damped', 'theta', 'croston', 'sba', 'combo'];

interface BacktestFlags extends OutputFlags {
  encoding?: string;
  sheet?: string;
  team?: string;
  methods?: string;
  origins?: string;
  h?: string;
  growth?: string;
  measure?: string;
  by?: string;
}

const usage = (en: string, zh: string) => new PerfError(EXIT.usage, bi(en, zh));

function render(ctx: Context, file: string, bt: PlanBacktest, levels: string[]): string {
  const { lang } = ctx;
  const t = (en: string, zh: string) => ctx.t(bi(en, zh));
  const num = (v: number | null, d = 0) => (v === null ? '—' : formatNumber(lang, v, d));
  const pct = (v: number | null) => (v === null ? '—' : formatPercent(lang, v, 1));
  const g = bt.staticGrowth === null ? t("each origin's trailing YoY growth", '各起点前一年的同比增长') : formatPercent(lang, bt.staticGrowth, 0);
  const out: string[] = [
    chalk.bold(t(`perf backtest · ${file} · as of ${bt.asOf}`, `perf backtest · ${file} · 基准日期 ${bt.asOf}`)),
    t(
      `Won ${bt.measure === 'amount' ? 'amount' : 'deal count'} per month · ${bt.historyMonths} months of history · up to ${bt.origins} rolling origins, ${bt.h} months ahead each · static = last year × (1 + ${g}) ÷ 12`,
      `每月赢单${bt.measure === 'amount' ? '金额' : '单数'} · 历史 ${bt.historyMonths} 个月 · 最多 ${bt.origins} 个滚动起点，每次预测 ${bt.h} 个月 · 静态目标 = 去年 × (1 + ${g}) ÷ 12`,
    ),
    '',
  ];
  for (const n of bt.notes) out.push(`${chalk.yellow('!')} ${ctx.t(n)}`, '');
  for (const s of bt.series.filter((x) => levels.includes(x.level))) {
    const title = `${levelName(lang, s)} (${levelLabel(lang, s.level)}, ${s.months} ${t('months', '个月')})`;
    if (s.scores.length === 0) {
      out.push(`${chalk.bold(title)}: ${ctx.t(s.note!)}`, '');
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

export function registerBacktest(program: Command): void {
  const cmd = program
    .command('backtest')
    .argument('<deals>', 'deals / opportunities export (CSV or XLSX)')
    .description('rolling-origin accuracy of each forecast method, auto and the static "last year + x%" target, per level')
    .option('--methods <list>', `methods to compare (default ${DEFAULT_METHODS.join(',')})`)
    .option('--origins <n>', 'rolling origins per series (default: config forecast.backtestOrigins, 4 — the figure perf forecast prints)')
    .option('--h <n>', 'months ahead scored at each origin (default 3)')
    .option('--growth <pct>', "growth of the static target, e.g. 40% (default: each origin's trailing year-over-year growth)")
    .option('--measure <m>', 'amount or count (default amount)')
    .option('--by <levels>', 'levels to report: company,team,rep (default all three)')
    .option('--team <file>', 'team roster (rep → team/region)');
  addReadFlags(cmd);
  addOutputFlags(cmd, 'write the scores to FILE (.xlsx or .json)');
  examples(cmd, ['perf backtest fixtures/deals.csv', 'perf backtest fixtures/deals.csv --by company,team --growth 40% --json']);
  action<BacktestFlags>(cmd, async (ctx, [file], flags) => {
    const methods = (flags.methods ? flags.methods.split(',').map((s) => s.trim()) : DEFAULT_METHODS) as MethodName[];
    const bad = methods.filter((m) => !ALL.includes(m));
    if (bad.length) throw usage(`unknown method(s) ${bad.join(', ')}; choose from ${ALL.join(', ')}`, `未知方法 ${bad.join('、')}；可选 ${ALL.join('、')}`);
    const int = (v: string | undefined, d: number, name: string) => {
      const n = v === undefined ? d : Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 36) throw usage(`${name} must be a whole number from 1 to 36`, `${name} 必须是 1 到 36 之间的整数`);
      return n;
    };
    const measure = flags.measure ?? 'amount';
    if (measure !== 'amount' && measure !== 'count') throw usage('--measure must be amount or count', '--measure 只能是 amount 或 count');
    let growth: number | null = null;
    if (flags.growth !== undefined) {
      const m = /^([+-]?\d+(?:\.\d+)?)\s*%?$/.exec(flags.growth.trim());
      if (!m) throw usage(`--growth must look like 40% or 0.4, not "${flags.growth}"`, `--growth 应形如 40% 或 0.4，而不是"${flags.growth}"`);
      growth = flags.growth.includes('%') ? Number(m[1]) / 100 : Number(m[1]);
    }
    const levels = (flags.by ?? 'company,team,rep').split(',').map((s) => s.trim());
    const inputs = [file, flags.team].filter((x): x is string => Boolean(x));
    if (flags.out) checkOutputPath(flags.out, { force: flags.force, inputs });
    const { data, sources } = await loadWithRoster(ctx, file, 'deals', flags);
    const bt = planBacktest(data.rows, {
      asOf: ctx.asOf,
      measure,
      methods,
      // The same origins as perf forecast's "company backtest WAPE", so both commands show the same figure.
      origins: int(flags.origins, ctx.config.forecast.backtestOrigins || 4, '--origins'),
      h: int(flags.h, 3, '--h'),
      staticGrowth: growth,
      baselineMonths: ctx.config.forecast.baselineMonths,
      minMonthsForSeasonality: ctx.config.forecast.minMonthsForSeasonality,
      levels: levels as Level[],
    });
    const problems = sources.flatMap((s) => s.problems);
    const json = () => JSON.stringify({ file: data.file, ...bt, series: bt.series.filter((s) => levels.includes(s.level)), problems }, null, 2);
    if (flags.out) {
      const t = (en: string, zh: string) => tr(ctx.lang, bi(en, zh));
      await writeJsonOrWorkbook(ctx, flags.out, json, (): SheetSpec[] => [
        {
          name: t('Backtest', '回测'),
          notes: bt.notes.map((n) => tr(ctx.lang, n)),
          columns: [
            { key: 'level', header: t('Level', '层级'), width: 9 },
            { key: 'name', header: t('Name', '名称'), width: 16 },
            { key: 'months', header: t('History months', '历史月数'), format: 'int', width: 10 },
            { key: 'method', header: t('Method', '方法'), width: 14 },
            { key: 'origins', header: t('Origins', '起点'), format: 'int', width: 8 },
            { key: 'mae', header: 'MAE', format: 'decimal', width: 12 },
            { key: 'wape', header: 'WAPE', format: 'percent', width: 9 },
            { key: 'mase', header: 'MASE', format: 'decimal', width: 9 },
            { key: 'bias', header: t('Bias', '偏差'), format: 'decimal', width: 12 },
            { key: 'coverage80', header: t('80% coverage', '80% 覆盖'), format: 'percent', width: 10 },
            { key: 'coverage95', header: t('95% coverage', '95% 覆盖'), format: 'percent', width: 10 },
            { key: 'best', header: t('Lowest MAE', 'MAE 最低'), width: 10 },
          ],
          rows: bt.series
            .filter((s) => levels.includes(s.level))
            .flatMap((s) => s.scores.map((r) => ({ level: levelLabel(ctx.lang, s.level), name: levelName(ctx.lang, s), months: s.months, ...r, best: r.method === s.best ? '★' : '' }))),
          fill: (row, key) => (key === 'best' && row.best ? 'good' : undefined),
        },
        problemsSheet(ctx.lang, problems),
      ], { force: flags.force, inputs });
    }
    ctx.print(flags.json ? json() : `${render(ctx, data.file, bt, levels)}\n\n${problemLines(ctx, problems, sources.reduce((s, d) => s + d.problemCount, 0))}`);
    return strictExit(ctx, sources);
  });
}
