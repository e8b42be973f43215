import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { monthIndex, monthStart } from '../../core/calendar.js';
import { EXIT, PerfError } from '../../core/errors.js';
import { bi } from '../../core/i18n.js';
import type { Check } from '../../schema/check.js';
import { targetsPeriodRefusal } from '../../core/checks/periods.js';
import { checkProposals, checkTarget, farBelowCheck, parsePeriod, parseProposal, parseProposals, pastPeriodRefusal, underWayCheck, type ProposedRow } from '../../core/plan/check.js';
import { checkOutputPath } from '../../io/output.js';
import { action, addOutputFlags, addReadFlags, examples, writeJsonOrWorkbook, type OutputFlags } from '../common.js';
import { strictExit } from '../context.js';
import { loadPlanInputs, readRawRows, type PlanFlags } from '../plan-inputs.js';
import { targetCheckJson } from './json.js';
import { renderTargetCheck } from './report.js';
import { targetCheckSheets } from './workbook.js';

interface CheckFlags extends PlanFlags, OutputFlags {
  proposed?: string;
  period?: string;
}

export function registerTarget(program: Command): void {
  const target = program.command('target').description('audit targets against the data');
  const cmd = target
    .command('check')
    .argument('<deals>', 'deals / opportunities export (CSV or XLSX)')
    .description('the "three nos" audit (三无: no baseline, no milestones, no resources) of a proposed target: growth vs history, probability under the forecast, baseline, milestones, resources')
    .requiredOption('--proposed <value|file>', 'growth (40%), an amount for the period (1200000), or a per-team CSV: team,target[,headcount][,budget][,2027-Q1 …]')
    .option('--period <p>', 'the period the target is for: 2027, 2027-Q1, 2027-03 or 2027-01..2027-06 (default: next calendar year; on 1 January, the year starting that day)')
    .option('--team <file>', 'team roster (rep → team/region)')
    .option('--method <m>', 'forecast method (default auto)')
    .option('--adjust <file>', 'market adjustments CSV');
  addReadFlags(cmd);
  addOutputFlags(cmd, 'write the audit to FILE (.xlsx or .json)');
  const shown = [
    'sales-perf target check fixtures/deals.csv --proposed 40% --period 2027',
    'sales-perf target check fixtures/deals.csv --proposed 8000000',
    'sales-perf target check fixtures/deals.csv --proposed proposals.csv --period 2027-Q1',
  ];
  examples(cmd, shown);
  examples(target, shown);
  action<CheckFlags>(cmd, async (ctx, [file], flags) => {
    // The next year that has not begun: on 1 January, the year that starts that day.
    const asOfMonth = monthIndex(ctx.asOf);
    const yearStartsToday = asOfMonth % 12 === 0 && ctx.asOf === monthStart(asOfMonth);
    const nextYear = String(Math.floor(asOfMonth / 12) + (yearStartsToday ? 0 : 1));
    const periodText = flags.period ?? nextYear;
    const period = parsePeriod(periodText);
    if (!period) throw new PerfError(EXIT.usage, bi(`--period must look like 2027, 2027-Q1, 2027-03 or 2027-01..2027-06, not "${periodText}"`, `--period 应形如 2027、2027-Q1、2027-03 或 2027-01..2027-06，而不是"${periodText}"`));
    ctx.refuse([pastPeriodRefusal(period, ctx.asOf, file, nextYear)]);
    if (period.to - monthIndex(ctx.asOf) > 35) throw new PerfError(EXIT.usage, bi('--period ends more than 36 months ahead', '--period 结束于 36 个月之后，太远'));
    const inputs = [file, flags.team, flags.adjust].filter((x): x is string => Boolean(x));
    const proposed = flags.proposed!;
    const asFile = /\.(csv|tsv|txt|xlsx|xlsm)$/i.test(proposed) || existsSync(proposed);
    if (asFile) inputs.push(proposed);
    if (flags.out) checkOutputPath(flags.out, { force: flags.force, inputs });
    const loaded = await loadPlanInputs(ctx, file, flags);
    let rows: ProposedRow[];
    let hasResources = false;
    const problems = [...loaded.problems];
    let problemCount = loaded.problemCounts.reduce((s, p) => s + p.problemCount, 0);
    if (asFile) {
      const raw = await readRawRows(proposed, flags);
      const parsed = parseProposals(proposed, raw.rows);
      // Milestones for another period: the table was made for another period than the one checked.
      const stated = [...new Set(parsed.rows.flatMap((r) => Object.keys(r.milestones)))];
      if (stated.length > 0) ctx.refuse([targetsPeriodRefusal(proposed, stated, { key: period.label, from: period.from, to: period.to })]);
      rows = parsed.rows;
      hasResources = parsed.hasResources;
      problems.push(...raw.problems, ...parsed.problems);
      problemCount += raw.problems.length + parsed.problems.length;
    } else {
      const p = parseProposal(proposed);
      if (!p) throw new PerfError(EXIT.usage, bi(`--proposed must be a growth like 40%, an amount like 1200000, or a CSV file, not "${proposed}"`, `--proposed 应为增长率（如 40%）、金额（如 1200000）或 CSV 文件，而不是"${proposed}"`));
      rows = [{ row: null, name: null, proposal: p, headcount: null, budget: null, milestones: {}, text: proposed }];
    }
    const th = { achievable: ctx.config.targets.achievableProbability, unrealistic: ctx.config.targets.unrealisticProbability };
    const res = checkProposals(loaded.deals, loaded.options, period, rows, th, hasResources, asFile ? proposed : file);
    // Deals without amounts: the forecast is in won deals, so an amount cannot be weighed against it.
    if (res.plan.measure === 'count' && rows.some((r) => r.proposal.kind === 'absolute'))
      throw new PerfError(
        EXIT.usage,
        bi(
          `${file} has no deal amounts, so the forecast is in won deals and an amount target (${asFile ? `in ${proposed}` : proposed}) cannot be checked: propose a growth instead, e.g. --proposed 20%`,
          `${file} 没有商机金额，预测按赢单数计，无法审查金额目标（${asFile ? `见 ${proposed}` : proposed}）：请改为增长率，例如 --proposed 20%`,
        ),
      );
    // An amount that is a sliver of the baseline (40 for 40%) is refused before anything is graded on it.
    ctx.refuse(res.refusals);
    // A per-team table also gets the company total (sum of the teams' proposed amounts).
    if (asFile && res.results.length > 1) {
      const total: ProposedRow = {
        row: null,
        name: null,
        proposal: { kind: 'absolute', value: res.results.reduce((s, r) => s + r.proposed, 0) },
        headcount: rows.some((r) => r.headcount !== null) ? rows.reduce((s, r) => s + (r.headcount ?? 0), 0) : null,
        budget: rows.some((r) => r.budget !== null) ? rows.reduce((s, r) => s + (r.budget ?? 0), 0) : null,
        // The teams' milestones as amounts (a share of a team's target is an amount of it), summed.
        milestones: res.results.every((r) => r.milestones.ok)
          ? Object.fromEntries(Object.keys(res.results[0].milestones.stated).map((k) => [k, { kind: 'absolute' as const, value: res.results.reduce((s, r) => s + (r.milestones.stated[k] ?? 0), 0) }]))
          : {},
      };
      res.results.unshift(checkTarget(res.plan.series[0], res.plan, period, total, th, hasResources));
    }
    // Said before the results: a period already under way is graded on what is won plus the forecast of the rest; a proposal far below the history may be sandbagged.
    const source = asFile ? proposed : null;
    ctx.addChecks([res.results[0] ? underWayCheck(res.results[0], period, ctx.asOf, source) : null, ...res.results.map((r) => farBelowCheck(r, source))].filter((c): c is Check => c !== null));
    // The verdicts weigh the proposal against the forecast: a history that ends in a level shift is said first, as perf forecast says it.
    ctx.addChecks(res.plan.breaks.map((b) => ({ code: 'forecast_break', status: 'caveat' as const, file: res.plan.file, message: b.message })));
    problems.push(...res.plan.problems, ...res.problems);
    problemCount += res.plan.problems.length + res.problems.length;
    const json = () => targetCheckJson(res.plan, period.label, ctx.asOf, res.results, problems, ctx.checks);
    if (flags.out) await writeJsonOrWorkbook(ctx, flags.out, json, { title: bi('Target check', '目标审查'), sheets: () => targetCheckSheets(ctx.lang, res.results, problems) }, { force: flags.force, inputs });
    ctx.print(flags.json ? json() : renderTargetCheck(ctx, res.plan.file, period.label, res.results, problems, problemCount));
    return strictExit(ctx, [{ problemCount }]);
  });
}
