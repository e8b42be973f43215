import type { Command } from 'commander';
import { accuracy, actualsOf, type QuarterScore } from '../../core/accuracy/index.js';
import { isoDate } from '../../core/calendar.js';
import { bi, type Lang } from '../../core/i18n.js';
import { dataSetStatePath } from '../../io/alert-store.js';
import { readLedger } from '../../io/ledger-store.js';
import { checkOutputPath } from '../../io/output.js';
import type { SheetImage } from '../../io/workbook.js';
import { action, addOutputFlags, addReadFlags, examples, parseLevels, writeJsonOrWorkbook, type OutputFlags, type ReadFlags } from '../common.js';
import { strictExit } from '../context.js';
import { loadDealsAsOf } from '../load.js';
import { problemLines } from '../render.js';
import { accuracyJson } from './json.js';
import { renderAccuracy } from './report.js';
import { accuracySheets } from './workbook.js';

interface AccuracyFlags extends OutputFlags, ReadFlags {
  state?: string;
  by?: string;
  team?: string;
}

export function registerAccuracy(program: Command): void {
  const cmd = program
    .command('accuracy')
    .argument('<deals>', 'a later deals / opportunities export: the actuals the recorded forecasts are scored against')
    .description('were we right? every forecast recorded by forecast --record against what was won: error by horizon, bias per rep and team, quarters')
    .option('--state <file>', "the ledger's SQLite state (default: the deals export's own state file, where forecast --record on the same file wrote)")
    .option('--by <levels>', 'levels to report: company,team,rep (default all three)')
    .option('--team <file>', 'team roster (rep → team), as for perf forecast');
  addReadFlags(cmd);
  addOutputFlags(cmd, 'write the scores to FILE (.xlsx workbook with the quarter chart, or .json)');
  examples(cmd, [
    'sales-perf forecast deals.csv --record --state ledger.db            # at the start of every month or quarter',
    'sales-perf accuracy deals.csv --state ledger.db                     # later, on a newer export',
    'sales-perf accuracy deals-2026-12.csv --state ledger.db --by company,rep -o accuracy.xlsx',
  ]);
  action<AccuracyFlags>(cmd, async (ctx, [file], flags) => {
    const levels = parseLevels(flags.by);
    const state = flags.state ?? dataSetStatePath(file);
    const inputs = [file, flags.team, state].filter((x): x is string => Boolean(x));
    if (flags.out) checkOutputPath(flags.out, { force: flags.force, inputs });
    const vintages = readLedger(state);
    const { data, sources, roster } = await loadDealsAsOf(ctx, file, flags);
    const actuals = actualsOf(data.rows, {
      asOf: ctx.asOf,
      file: data.file,
      roster: flags.team ? [...roster.values()] : undefined,
      amountColumn: data.mapping.fields.amount !== undefined,
    });
    const result = accuracy(vintages, actuals, { asOf: ctx.asOf, levels, state });
    // The ledger's caveats join the reading's: printed first in the report, carried in the JSON's checks.
    ctx.checks.push(...result.checks.map((c) => ({ code: c.code, status: c.status ?? ('guessed' as const), file: null, message: c.message })));
    const problems = sources.flatMap((s) => s.problems);
    const meta = { file: data.file, state, asOf: isoDate(ctx.asOf) };
    const json = () => accuracyJson(result, meta, problems, ctx.checks);
    if (flags.out) {
      const toJson = /\.json$/i.test(flags.out);
      const images = toJson || result.quarters.length === 0 ? [] : await quarterImages(result.quarters.filter((q) => q.level === result.levels[0]), ctx.lang);
      await writeJsonOrWorkbook(
        ctx,
        flags.out,
        json,
        { title: bi('Forecast accuracy', '预测准确度'), sheets: () => accuracySheets(ctx.lang, result, ctx.checks.map((c) => ctx.t(c.message)), problems, images) },
        { force: flags.force, inputs },
      );
    }
    ctx.print(flags.json ? json() : `${renderAccuracy(ctx, result, meta)}\n\n${problemLines(ctx, problems, sources.reduce((s, d) => s + d.problemCount, 0))}`);
    return strictExit(ctx, sources);
  });
}

/** The quarter chart for the workbook; the renderer loads only when a workbook is written. */
async function quarterImages(quarters: readonly QuarterScore[], lang: Lang): Promise<SheetImage[]> {
  const [{ accuracyChart }, { renderCharts, sheetImages }] = await Promise.all([import('../../core/charts/accuracy.js'), import('../../io/render-chart.js')]);
  return quarters.length ? sheetImages(await renderCharts([accuracyChart(quarters, lang)], { png: true })) : [];
}
