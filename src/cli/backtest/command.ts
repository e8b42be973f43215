import type { Command } from 'commander';
import { usageError } from '../../core/errors.js';
import type { MethodName } from '../../core/forecast/index.js';
import { bi, byCount } from '../../core/i18n.js';
import { planBacktest, type Level } from '../../core/plan/index.js';
import { noHistoryRefusal } from '../../core/checks/sanity.js';
import { measureOf } from '../../core/plan/series.js';
import { dealsAsOf, isWon } from '../../core/deals.js';
import { checkOutputPath } from '../../io/output.js';
import { action, addOutputFlags, addReadFlags, examples, writeJsonOrWorkbook, type OutputFlags } from '../common.js';
import { strictExit } from '../context.js';
import { loadDealsAsOf } from '../load.js';
import { problemLines } from '../render.js';
import { backtestJson } from './json.js';
import { renderBacktest } from './report.js';
import { backtestSheets } from './workbook.js';

const DEFAULT_METHODS: readonly MethodName[] = ['snaive', 'ets', 'theta', 'croston', 'sba', 'auto'];
const ALL: readonly MethodName[] = ['auto', 'snaive', 'naive', 'mean', 'ses', 'ets', 'damped', 'theta', 'croston', 'sba', 'combo', 'moq', 'static'];

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
  examples(cmd, ['sales-perf backtest fixtures/deals.csv', 'sales-perf backtest fixtures/deals.csv --by company,team --growth 40% --json']);
  action<BacktestFlags>(cmd, async (ctx, [file], flags) => {
    const methods = (flags.methods ? flags.methods.split(',').map((s) => s.trim()) : DEFAULT_METHODS) as MethodName[];
    const bad = methods.filter((m) => !ALL.includes(m));
    if (bad.length) throw usageError(`unknown ${byCount(bad.length, 'method', 'methods')} ${bad.join(', ')}; choose from ${ALL.join(', ')}`, `未知方法 ${bad.join('、')}；可选 ${ALL.join('、')}`);
    const int = (v: string | undefined, d: number, name: string) => {
      const n = v === undefined ? d : Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 36) throw usageError(`${name} must be a whole number from 1 to 36`, `${name} 必须是 1 到 36 之间的整数`);
      return n;
    };
    if (flags.measure !== undefined && flags.measure !== 'amount' && flags.measure !== 'count') throw usageError('--measure must be amount or count', '--measure 只能是 amount 或 count');
    let growth: number | null = null;
    if (flags.growth !== undefined) {
      const m = /^([+-]?\d+(?:\.\d+)?)\s*%?$/.exec(flags.growth.trim());
      if (!m) throw usageError(`--growth must look like 40% or 0.4, not "${flags.growth}"`, `--growth 应形如 40% 或 0.4，而不是"${flags.growth}"`);
      growth = flags.growth.includes('%') ? Number(m[1]) / 100 : Number(m[1]);
    }
    const levels = (flags.by ?? 'company,team,rep').split(',').map((s) => s.trim());
    const inputs = [file, flags.team].filter((x): x is string => Boolean(x));
    if (flags.out) checkOutputPath(flags.out, { force: flags.force, inputs });
    const { data, sources } = await loadDealsAsOf(ctx, file, flags);
    ctx.refuse([noHistoryRefusal(data.file, data.rows, data.rowsRead, ctx.asOf)]);
    // The same choice as perf forecast: deal counts when the export has no amounts.
    const measure = (flags.measure as 'amount' | 'count' | undefined) ?? measureOf(dealsAsOf(data.rows, ctx.asOf).deals.filter(isWon), data.mapping.fields.amount !== undefined);
    if (measure === 'count' && flags.measure === undefined)
      ctx.checks.push({ code: 'measure', status: 'guessed', file: data.file, message: bi('no won deal has an amount: scored in deal counts, as perf forecast does', '赢单都没有金额：与 perf forecast 一样按单数评估') });
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
    const json = () => backtestJson(data.file, bt, levels, problems, ctx.checks);
    if (flags.out) await writeJsonOrWorkbook(ctx, flags.out, json, { title: bi('Forecast methods backtested', '预测方法回测'), sheets: () => backtestSheets(ctx.lang, bt, levels, problems) }, { force: flags.force, inputs });
    ctx.print(flags.json ? json() : `${renderBacktest(ctx, data.file, bt, levels)}\n\n${problemLines(ctx, problems, sources.reduce((s, d) => s + d.problemCount, 0))}`);
    return strictExit(ctx, sources);
  });
}
