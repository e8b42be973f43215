import type { Command } from 'commander';
import { parseQuarterKey } from '../../core/calendar.js';
import { LEVELS, changes, exportOrder, orderEvidence, pairCurrency, waterfallSteps, type Level } from '../../core/changes/index.js';
import { usageError } from '../../core/errors.js';
import { bi, byCount } from '../../core/i18n.js';
import { checkOutputPath } from '../../io/output.js';
import { chartImagesForChanges } from '../../io/render-chart.js';
import { action, addOutputFlags, addReadFlags, examples, writeJsonOrWorkbook, type OutputFlags } from '../common.js';
import { strictExit } from '../context.js';
import { joinRoster, load, loadWithRoster } from '../load.js';
import { rebuildFromHistory } from './history.js';
import { problemLines } from '../render.js';
import { changesJson } from './json.js';
import { stepLabel } from './labels.js';
import { renderChanges } from './report.js';
import { changesSheets } from './workbook.js';

interface ChangesFlags extends OutputFlags {
  encoding?: string;
  sheet?: string;
  team?: string;
  period?: string;
  by?: string;
  history?: string;
  from?: string;
  to?: string;
}


export function registerChanges(program: Command): void {
  const cmd = program
    .command('changes')
    .argument('<old>', 'the earlier deals / opportunities export (CSV or XLSX); with --history, the one deals export')
    .argument('[new]', 'the later export of the same CRM')
    .description('where the pipeline went between two exports: created, pulled in, pushed, won, lost, deleted … balanced to the cent')
    .option('--period <quarter>', "the window, e.g. 2026-Q4 (default: the quarter holding --as-of, else NEW's latest created/close date)")
    .option('--by <levels>', 'levels to report: company,team,rep (default all three)')
    .option('--team <file>', 'team roster (rep → team/region), joined to both exports')
    .option('--history <file>', "a field-history export (deal id, field, old value, new value, changed at): rebuilds the pipeline at --from and --to from one deals export")
    .option('--from <date>', 'with --history: the earlier date, YYYY-MM-DD (the pipeline at its end)')
    .option('--to <date>', 'with --history: the later date, YYYY-MM-DD (default window: the quarter holding it)');
  addReadFlags(cmd);
  addOutputFlags(cmd, 'write the waterfall and the deals per bucket to FILE (.xlsx or .json)');
  examples(cmd, ['sales-perf changes deals-2026-11-01.csv deals-2026-12-01.csv', 'sales-perf changes old.xlsx new.xlsx --period 2026-Q4 --by company,rep -o changes.xlsx', 'sales-perf changes --history OpportunityFieldHistory.csv --from 2026-10-15 --to 2026-12-01 deals.csv']);
  action<ChangesFlags>(cmd, async (ctx, [oldFile, newFile], flags) => {
    if (flags.history ? newFile !== undefined : newFile === undefined)
      throw usageError(
        flags.history ? 'with --history, give one deals export (its state now): sales-perf changes --history history.csv --from D1 --to D2 deals.csv' : 'give two exports, OLD and NEW (or one with --history history.csv --from D1 --to D2)',
        flags.history ? '使用 --history 时只给一份商机导出（当前状态）：sales-perf changes --history history.csv --from D1 --to D2 deals.csv' : '请给出两份导出 OLD 和 NEW（或一份导出加 --history history.csv --from D1 --to D2）',
      );
    if (!flags.history && (flags.from !== undefined || flags.to !== undefined))
      throw usageError('--from and --to go with --history (two exports are their own dates)', '--from 和 --to 需与 --history 一起使用（两份导出自带日期）');
    let period: number | undefined;
    if (flags.period !== undefined) {
      const q = parseQuarterKey(flags.period.trim());
      if (q === null) throw usageError(`--period must be a quarter like 2026-Q4, not "${flags.period}"`, `--period 必须是形如 2026-Q4 的季度，而不是"${flags.period}"`);
      period = q;
    }
    const levels = (flags.by ?? LEVELS.join(',')).split(',').map((s) => s.trim());
    const bad = levels.filter((l) => !LEVELS.includes(l as Level));
    if (bad.length) throw usageError(`--by: unknown ${byCount(bad.length, 'level', 'levels')} ${bad.join(', ')}; choose from company, team, rep`, `--by：未知层级 ${bad.join('、')}；可选 company、team、rep`);
    const inputs = [oldFile, newFile, flags.team, flags.history].filter((x): x is string => Boolean(x));
    if (flags.out) checkOutputPath(flags.out, { force: flags.force, inputs });
    const rebuilt = flags.history ? await rebuildFromHistory(ctx, oldFile, { ...flags, history: flags.history }) : null;
    const older = rebuilt ? await joinRoster(ctx, rebuilt.older, flags) : await loadWithRoster(ctx, oldFile, 'deals', flags);
    // NEW is matched to the roster as OLD is: a rep it spells by an alias (张伟 for Zhang Wei) is the same rep and
    // takes the roster's team, so an export in the other spelling moves nothing between owners.
    const newer = rebuilt?.newer ?? (await load(ctx, newFile!, 'deals', flags, older.match));
    if (rebuilt) older.match?.matchAll(newer);
    const files = { old: older.data.file, new: newer.file };
    // Two exports can be given in the wrong order; a field history's dates are ordered already.
    const order = rebuilt ? null : exportOrder(orderEvidence(older.data.rows, newer.rows), files);
    if (order?.verdict === 'swapped') ctx.refuse([{ code: 'order_swapped', file: newer.file, message: order.message, override: null }]);
    if (order) ctx.addChecks([{ code: 'order_doubtful', status: 'caveat', file: newer.file, message: order.message }]);
    const currency = pairCurrency(older.data, newer);
    const result = changes(older.data.rows, newer.rows, {
      period,
      // --as-of is how "today" enters; without it the newer export's own dates (or --to) say when it was taken.
      asOf: flags.asOf !== undefined ? ctx.asOf : undefined,
      to: rebuilt?.to,
      pushes: rebuilt?.pushes,
      levels: levels as Level[],
      stageProbabilities: ctx.config.forecast.stageProbabilities,
      files,
    });
    // The comparison's caveats join the reading's: the text report prints them all first, the JSON carries them.
    ctx.checks.push(...[...(currency ? [currency] : []), ...result.checks].map((c) => ({ code: c.code, status: 'guessed' as const, file: null, message: c.message })));
    const sources = [...older.sources, newer, ...(rebuilt?.read ?? [])];
    const problems = sources.flatMap((s) => s.problems);
    const json = () => changesJson(files, result, problems, ctx.checks);
    if (flags.out) {
      const steps = waterfallSteps(result.total).map((s) => ({ ...s, label: ctx.t(stepLabel(s.step)) }));
      const images = /\.json$/i.test(flags.out) ? [] : await chartImagesForChanges(steps, result.window.quarter, ctx.lang);
      await writeJsonOrWorkbook(ctx, flags.out, json, { title: bi('Pipeline changes', '商机变化'), sheets: () => changesSheets(ctx.lang, result, problems, images) }, { force: flags.force, inputs });
    }
    ctx.print(flags.json ? json() : `${renderChanges(ctx, files, result)}\n\n${problemLines(ctx, problems, sources.reduce((s, d) => s + d.problemCount, 0))}`);
    return strictExit(ctx, sources);
  });
}
