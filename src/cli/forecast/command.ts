import type { Command } from 'commander';
import { usageError } from '../../core/errors.js';
import { bi, nounCount } from '../../core/i18n.js';
import { planChecks, planForecast, planJson, type ForecastPlan } from '../../core/plan/index.js';
import { checkOutputPath } from '../../io/output.js';
import { forecastCharts } from '../../core/charts/index.js';
import { action, addOutputFlags, addReadFlags, examples, parseLevels, writeJsonOrWorkbook, type OutputFlags } from '../common.js';
import { addChartFlags, chartOutputs, type ChartFlags } from '../chart-files.js';
import { strictExit, type Context } from '../context.js';
import { loadPlanInputs, METHODS, type PlanFlags } from '../plan-inputs.js';
import { forecastJson } from './json.js';
import { renderForecast } from './report.js';
import { forecastSheets } from './workbook.js';


interface ForecastFlags extends PlanFlags, OutputFlags, ChartFlags {
  by?: string;
  targetQuantile?: string;
  record?: boolean;
  state?: string;
}


/** --record: the plan into the ledger, once per as-of and inputs; said on stderr, so --json stays one document. */
async function recordPlan(ctx: Context, plan: ForecastPlan, file: string, flags: ForecastFlags): Promise<void> {
  const [{ recordVintage }, { dataSetStatePath }, { ledgerEntries }] = await Promise.all([
    import('../../io/ledger-store.js'),
    import('../../io/alert-store.js'),
    import('../../core/accuracy/ledger.js'),
  ]);
  const state = flags.state ?? dataSetStatePath(file);
  const inputs = [
    { role: 'deals', file },
    ...(flags.team ? [{ role: 'team', file: flags.team }] : []),
    ...(flags.adjust ? [{ role: 'adjust', file: flags.adjust }] : []),
  ];
  const r = recordVintage(
    state,
    {
      asOf: plan.asOf,
      inputs,
      options: { ...plan.options, stageProbabilities: plan.stageProbabilities },
      measure: plan.measure,
      method: plan.choice.method,
      band: plan.options.band,
      targetQuantile: plan.options.targetQuantile,
      entries: ledgerEntries(plan),
    },
    new Date().toISOString(),
  );
  const label = r.seq > 1 ? `${plan.asOf} #${r.seq}` : plan.asOf;
  ctx.note(
    ctx.t(
      !r.created
        ? bi(`ledger: as-of ${label} on these inputs was already recorded in ${state}; nothing changed`, `预测台账：基准日期 ${label} 的这组输入已记录在 ${state} 中，未作改动`)
        : r.others > 0
          ? bi(
              `ledger: recorded as a new vintage ${label} in ${state} — ${nounCount(r.others, 'earlier run')} at the same as-of used other inputs (a changed export, roster, adjustments or options); accuracy scores each`,
              `预测台账：已作为新版本 ${label} 记录到 ${state}——同一基准日期此前有 ${r.others} 次运行使用了不同输入（导出、名单、调整或选项有变）；accuracy 会分别评分`,
            )
          : bi(`ledger: recorded the forecast as of ${label} in ${state}`, `预测台账：已将基准日期 ${label} 的预测记录到 ${state}`),
    ),
  );
}

export function registerForecast(program: Command): void {
  const cmd = program
    .command('forecast')
    .argument('<deals>', 'deals / opportunities export (CSV or XLSX)')
    .description('rolling forecast of won deals per company, team and rep, and next-quarter targets with a ±15% band')
    .option('--by <levels>', 'levels to report: company,team,rep (default all three)')
    .option('--horizon <n>', 'months to forecast, counting the current one; at least to the end of next quarter, which targets are set for (the default)')
    .option('--method <m>', `forecast method: ${METHODS.join('|')} (default auto)`)
    .option('--adjust <file>', 'market adjustments CSV: scope,name,from,to,change,reason')
    .option('--target-quantile <q>', 'set targets at this quantile of the forecast (e.g. 0.6) instead of its mean')
    .option('--team <file>', 'team roster (rep → team/region, manager)')
    .option('--record', 'keep this run\'s forecasts and targets in the forecast ledger, for sales-perf accuracy later')
    .option('--state <file>', 'the ledger\'s SQLite state (default: the deals export\'s own state file, as perf alerts keeps)');
  addReadFlags(cmd);
  addChartFlags(cmd);
  addOutputFlags(cmd, 'write the targets workbook (.xlsx, charts in its Summary sheet) or JSON (.json) to FILE');
  examples(cmd, [
    'sales-perf forecast fixtures/deals.csv',
    'sales-perf forecast fixtures/deals.csv --as-of 2026-11-27 --adjust fixtures/adjustments.csv -o targets.xlsx',
    'sales-perf forecast fixtures/deals.csv --by company,team --horizon 6 --json',
    'sales-perf forecast deals.csv --record --state ledger.db   # then, months later: sales-perf accuracy deals.csv --state ledger.db',
    'sales-perf --lang zh forecast fixtures/deals-zh.gbk.csv --team fixtures/teams.csv',
  ]);
  action<ForecastFlags>(cmd, async (ctx, [file], flags) => {
    const levels = parseLevels(flags.by);
    let targetQuantile: number | undefined;
    if (flags.targetQuantile !== undefined) {
      targetQuantile = Number(flags.targetQuantile);
      if (!(targetQuantile > 0 && targetQuantile < 1))
        throw usageError(`--target-quantile must be between 0 and 1, e.g. 0.6, not "${flags.targetQuantile}"`, `--target-quantile 必须在 0 与 1 之间，例如 0.6，而不是"${flags.targetQuantile}"`);
    }
    const inputs = [file, flags.team, flags.adjust, flags.record ? flags.state : undefined].filter((x): x is string => Boolean(x));
    if (flags.out) checkOutputPath(flags.out, { force: flags.force, inputs });
    const loaded = await loadPlanInputs(ctx, file, flags);
    const plan = planForecast(loaded.deals, { ...loaded.options, ...(targetQuantile !== undefined ? { targetQuantile } : {}) });
    // Breaks, refusals and the method's backtest against the baselines lead the report, the JSON and the workbook.
    ctx.checks.push(...planChecks(plan));
    // Recorded before anything is written: a ledger that cannot be written leaves no outputs behind either.
    if (flags.record) await recordPlan(ctx, plan, file, flags);
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
        { title: bi('Rolling forecast and targets', '滚动预测与目标'), sheets: () => forecastSheets(plan, levels, ctx.lang, problems, ctx.config.currency, images) },
        { force: flags.force, inputs },
      );
    ctx.print(flags.json ? json() : renderForecast(ctx, plan, levels, problems, problemCount));
    return strictExit(ctx, [{ problemCount }]);
  });
}
