import type { Command } from 'commander';
import { bi } from '../../core/i18n.js';
import { rosterOf } from '../../core/teams.js';
import { periodOf, ScoreAccumulator } from '../../core/score/index.js';
import { checkOutputPath, writeTextChunks } from '../../io/output.js';
import { jsonDocument } from '../../io/json-out.js';
import { countingSpool } from '../../core/spool.js';
import { fileSpool } from '../../io/spool.js';
import type { DatasetInfo } from '../../io/read.js';
import { action, writeCommandWorkbook, addOutputFlags, addReadFlags, examples, type OutputFlags, type ReadFlags } from '../common.js';
import { strictExit } from '../context.js';
import { load, RosterMatch, stream } from '../load.js';
import { addChartFlags, chartOutputs, type ChartFlags } from '../chart-files.js';
import { jsonOf } from './json.js';
import { scorePieces } from './pieces.js';
import { renderScore } from './report.js';

/**
 * Misses and point-audit entries held (as JSON lines, off the JS heap) per list before they are sorted
 * and spilled to a temporary file as one run: a few hundred KB held, and runs few enough to merge cheaply.
 */
const SPILL_BUDGET = 1_000;

interface ScoreFlags extends ReadFlags, OutputFlags, ChartFlags {
  deals?: string;
  leads?: string;
  team?: string;
  month?: string;
  from?: string;
  to?: string;
}

export function registerScore(program: Command): void {
  const cmd = program
    .command('score')
    .argument('<activity>', 'the activity log export (CSV or XLSX; - for stdin)')
    .description('score sales behaviour: key behaviour indicators (KBIs) and point rules from the activity log, per rep, week and month')
    .option('--deals <file>', 'deals export: won deals are checked for interviews and a demo before the close, signed customers for monthly revisits')
    .option('--leads <file>', 'leads export: assignment time and first contact for the lead follow-up rule')
    .option('--team <file>', 'team roster: team of each rep, and reps with no activity at all')
    .option('--month <YYYY-MM>', 'score this calendar month (default: the month holding --as-of, up to --as-of)')
    .option('--from <date>', 'first day of the period (with --to)')
    .option('--to <date>', 'last day of the period');
  addReadFlags(cmd);
  addChartFlags(cmd);
  addOutputFlags(cmd, 'write the workbook (Summary with charts, Scores, Teams, KBI compliance, KBI misses, Weekly detail, Point audit, Problems) to FILE.xlsx');
  examples(cmd, [
    'sales-perf score fixtures/activity.xlsx --deals fixtures/deals.csv --leads fixtures/leads.csv --team fixtures/teams.csv --as-of 2026-11-27',
    'sales-perf score activity.csv --month 2026-10 -o scored.xlsx',
    'sales-perf score activity.csv --from 2026-09-01 --to 2026-11-30 --json > scores.json',
  ]);
  action<ScoreFlags>(cmd, async (ctx, [file], flags) => {
    const period = periodOf(flags, ctx.asOf);
    const inputs = [file, flags.deals, flags.leads, flags.team].filter((f): f is string => f !== undefined);
    if (flags.out) checkOutputPath(flags.out, { force: flags.force, inputs });
    const teams = flags.team ? await load(ctx, flags.team, 'teams') : undefined;
    // Every export is matched to the roster as perf forecast matches its deals.
    const match = teams && new RosterMatch(ctx, teams);
    const deals = flags.deals ? await load(ctx, flags.deals, 'deals', {}, match) : undefined;
    const leads = flags.leads ? await load(ctx, flags.leads, 'leads', {}, match) : undefined;
    const name = file === '-' ? 'stdin' : file;
    const acc = new ScoreAccumulator({
      config: ctx.config.score,
      period,
      asOf: ctx.asOf,
      file: name,
      deals: deals?.rows,
      dealsFile: deals?.file,
      leads: leads?.rows,
      leadsFile: leads?.file,
      roster: teams ? rosterOf(teams.rows) : undefined,
      // The text report shows only how many misses there are: it keeps none.
      spool: flags.json || flags.out ? fileSpool(SPILL_BUDGET) : countingSpool,
    });
    const info = await stream(ctx, file, 'activities', flags, (a) => acc.add(a), match, scorePieces(acc, match));
    const result = acc.finish();
    const sources: DatasetInfo[] = [info, ...[deals, leads, teams].filter((d): d is NonNullable<typeof d> => d !== undefined)];
    const problems = [...sources.flatMap((s) => s.problems), ...result.problems];
    const problemCount = sources.reduce((s, d) => s + d.problemCount, 0) + result.problems.length;
    // Charts and workbook sheets load only for -o and --chart: the text report and --json are spared their modules (~15 ms).
    const images = await chartOutputs(
      ctx,
      async () => {
        const { scoreCharts, scoreLevels } = await import('../../core/charts/index.js');
        return scoreLevels(result).flatMap((ref) => scoreCharts(result, ref, ctx.lang));
      },
      flags,
      inputs,
    );
    if (flags.out) {
      const { summarySheet, workbook } = await import('./workbook.js');
      await writeCommandWorkbook(ctx, flags.out, bi('Behaviour scores', '行为评分'), [summarySheet(ctx.lang, result, images), ...workbook(ctx.lang, result, problems)], { force: flags.force, inputs });
    }
    if (flags.json) await writeTextChunks('-', jsonDocument(jsonOf(result, problems, problemCount, ctx.checks)));
    else ctx.print(renderScore(ctx, result, problems, problemCount, flags.out));
    if (flags.out) ctx.note(ctx.t(bi(`wrote ${flags.out}`, `已写入 ${flags.out}`)));
    return strictExit(ctx, [{ problemCount }]);
  });
}
