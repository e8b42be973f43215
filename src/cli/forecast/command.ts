import type { Command } from 'commander';
import { EXIT, PerfError } from '../../core/errors.js';
import { bi } from '../../core/i18n.js';
import { LEVELS, planChecks, planForecast, planJson, type Level } from '../../core/plan/index.js';
import { checkOutputPath } from '../../io/output.js';
import { forecastCharts } from '../../core/charts/index.js';
import { action, addOutputFlags, addReadFlags, examples, writeJsonOrWorkbook, type OutputFlags } from '../common.js';
import { addChartFlags, chartOutputs, type ChartFlags } from '../chart-files.js';
import { strictExit } from '../context.js';
import { loadPlanInputs, METHODS, type PlanFlags } from '../plan-inputs.js';
import { forecastJson } from './json.js';
import { renderForecast } from './report.js';
import { forecastSheets } from './workbook.js';


interface ForecastFlags extends PlanFlags, OutputFlags, ChartFlags {
  by?: string;
  targetQuantile?: string;
}

const usage = (en: string, zh: string) => new PerfError(EXIT.usage, bi(en, zh));

function parseLevels(text: string | undefined): Level[] {
  if (!text) return [...LEVELS];
  const out = text.split(',').map((s) => s.trim().toLowerCase());
  const bad = out.filter((l) => !LEVELS.includes(l as Level));
  if (bad.length || out.length === 0) throw usage(`--by takes company,team,rep (any of them), not "${text}"`, `--by 只能是 company,team,rep 的组合，而不是"${text}"`);
  return LEVELS.filter((l) => out.includes(l));
}

export function registerForecast(program: Command): void {
  const cmd = program
    .command('forecast')
    .argument('<deals>', 'deals / opportunities export (CSV or XLSX)')
    .description('rolling forecast of won deals per company, team and rep, and next-quarter targets with a ±15% band')
    .option('--by <levels>', 'levels to report: company,team,rep (default all three)')
    .option('--horizon <n>', 'months to forecast, counting the current one (default: rest of this quarter + next quarter)')
    .option('--method <m>', `forecast method: ${METHODS.join('|')} (default auto)`)
    .option('--adjust <file>', 'market adjustments CSV: scope,name,from,to,change,reason')
    .option('--target-quantile <q>', 'set targets at this quantile of the forecast (e.g. 0.6) instead of its mean')
    .option('--team <file>', 'team roster (rep → team/region, manager)');
  addReadFlags(cmd);
  addChartFlags(cmd);
  addOutputFlags(cmd, 'write the targets workbook (.xlsx, charts in its Summary sheet) or JSON (.json) to FILE');
  examples(cmd, [
    'sales-perf forecast fixtures/deals.csv',
    'sales-perf forecast fixtures/deals.csv --as-of 2026-11-27 --adjust fixtures/adjustments.csv -o targets.xlsx',
    'sales-perf forecast fixtures/deals.csv --by company,team --horizon 6 --json',
    'sales-perf --lang zh forecast fixtures/deals-zh.gbk.csv --team fixtures/teams.csv',
  ]);
  action<ForecastFlags>(cmd, async (ctx, [file], flags) => {
    const levels = parseLevels(flags.by);
    let targetQuantile: number | undefined;
    if (flags.targetQuantile !== undefined) {
      targetQuantile = Number(flags.targetQuantile);
      if (!(targetQuantile > 0 && targetQuantile < 1))
        throw usage(`--target-quantile must be between 0 and 1, e.g. 0.6, not "${flags.targetQuantile}"`, `--target-quantile 必须在 0 与 1 之间，例如 0.6，而不是"${flags.targetQuantile}"`);
    }
    const inputs = [file, flags.team, flags.adjust].filter((x): x is string => Boolean(x));
    if (flags.out) checkOutputPath(flags.out, { force: flags.force, inputs });
    const loaded = await loadPlanInputs(ctx, file, flags);
    const plan = planForecast(loaded.deals, { ...loaded.options, ...(targetQuantile !== undefined ? { targetQuantile } : {}) });
    // Breaks, refusals and the method's backtest against the baselines lead the report, the JSON and the workbook.
    ctx.checks.push(...planChecks(plan));
    const problems = [...loaded.problems, ...plan.problems];
    const problemCount = loaded.problemCounts.reduce((s, p) => s + p.problemCount, 0) + plan.problems.length;
    const json = () => forecastJson(plan, levels, problems, ctx.checks);
    const toJson = flags.out !== undefined && /\.json$/i.test(flags.out);
    const shown = planJson(plan, levels);
    const images = await chartOutputs(ctx, () => forecastCharts(shown, plan.measure, ctx.lang), { ...flags, out: toJson ? undefined : flags.out }, inputs);
    if (flags.out)
      await writeJsonOrWorkbook(
        ctx,
        flags.out,
        json,
        { title: bi('Rolling forecast and targets', '滚动预测与目标'), sheets: () => forecastSheets(plan, levels, ctx.lang, problems, ctx.config.currency, images, ctx.checks) },
        { force: flags.force, inputs },
      );
    ctx.print(flags.json ? json() : renderForecast(ctx, plan, levels, problems, problemCount));
    return strictExit(ctx, [{ problemCount }]);
  });
}
