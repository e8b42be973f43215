import type { Command } from 'commander';
import { isoDate, monthIndex, monthEnd, monthIndexOf, monthStart, quarterEnd, quarterIndex, quarterKey, quarterStart, monthKey } from '../../core/calendar.js';
import { EXIT, PerfError } from '../../core/errors.js';
import { bi } from '../../core/i18n.js';
import { targetsPeriodRefusal } from '../../core/checks/periods.js';
import { behaviourOf, evaluate, monthsOf, targetChecks, type EvalPeriod, type TargetRow } from '../../core/evaluate/index.js';
import { unknownTargetNames } from '../../core/evaluate/targets.js';
import { planForecast, type Level } from '../../core/plan/index.js';
import { plannedAtQuarterStart, planTargets, quarterEve, restOfPeriod } from '../../core/plan/pacing.js';
import { scoreBehaviour } from '../../core/score/index.js';
import { rosterOf, NO_TEAM } from '../../core/teams.js';
import { checkOutputPath, writeTextFile } from '../../io/output.js';
import { readTargets } from '../../io/targets-file.js';
import { action, writeCommandWorkbook, addOutputFlags, addReadFlags, examples, type OutputFlags } from '../common.js';
import { strictExit } from '../context.js';
import { load } from '../load.js';
import { loadPlanInputs, type PlanFlags } from '../plan-inputs.js';
import { problemLines } from '../render.js';
import { evaluationJson } from './json.js';
import { renderEvaluation } from './report.js';
import { evaluationSheets } from './workbook.js';

interface EvaluateFlags extends PlanFlags, OutputFlags {
  deals: string;
  activity?: string;
  targets?: string;
  period: string;
}

/** The forms --period accepts: a quarter 2026-Q4 or 2026Q4, a month 2026-11; anything else is refused. */
export function periodOf(text: string): EvalPeriod {
  const q = /^(\d{4})-?Q([1-4])$/.exec(text.trim());
  const m = q ? null : /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text.trim());
  if (!q && !m)
    throw new PerfError(
      EXIT.usage,
      bi(
        `--period must be a quarter (2026-Q4 or 2026Q4) or a month (2026-11), not "${text}"`,
        `--period 必须是季度（2026-Q4 或 2026Q4）或月份（2026-11），而不是"${text}"`,
      ),
    );
  const qi = q ? Number(q[1]) * 4 + Number(q[2]) - 1 : null;
  const mi = m ? monthIndexOf(Number(m[1]), Number(m[2])) : null;
  const [key, from, to] = qi !== null ? [quarterKey(qi), quarterStart(qi), quarterEnd(qi)] : [monthKey(mi!), monthStart(mi!), monthEnd(mi!)];
  return { key, from, to, months: monthsOf(from, to) };
}

/** The deals export, given as the argument (like every other command's) or as --deals: once, and not missing. */
function dealsFile(arg: string | undefined, flag: string | undefined): string {
  if (arg !== undefined && flag !== undefined && arg !== flag)
    throw new PerfError(EXIT.usage, bi(`two deals exports given (${arg} and --deals ${flag}): give one`, `给出了两个商机导出文件（${arg} 和 --deals ${flag}）：只需一个`));
  const file = arg ?? flag;
  if (file === undefined)
    throw new PerfError(
      EXIT.usage,
      bi('evaluate needs the deals export: sales-perf evaluate deals.csv --period 2026-Q4 (or --deals deals.csv)', 'evaluate 需要商机导出文件：sales-perf evaluate deals.csv --period 2026-Q4（或 --deals deals.csv）'),
    );
  return file;
}

export function registerEvaluate(program: Command): void {
  const cmd = program
    .command('evaluate')
    .description('the overall evaluation: target attainment (results) and behaviour score combined 60/40, the ±15% band, and the accelerator reward')
    .argument('[deals]', 'deals / opportunities export (the same as --deals)')
    .option('--deals <file>', 'deals / opportunities export')
    .option('--activity <file>', 'activity log export (behaviour score); without it only results are scored')
    .requiredOption('--period <period>', 'the period evaluated: a quarter (2026-Q4 or 2026Q4) or a month (2026-11)')
    .option('--targets <file>', 'targets: a perf forecast workbook (with the manager\'s "Adjusted target" and "Note") or a CSV level,name,period,target; default: forecast on the spot')
    .option('--team <file>', 'team roster (rep, team, region, manager)')
    .option('--adjust <file>', 'market adjustments, as for perf forecast (targets computed on the spot)');
  addReadFlags(cmd);
  addOutputFlags(cmd, 'write the evaluation to FILE (.xlsx: Evaluation, Attainment, Behaviour, Reward, Problems; .json)');
  examples(cmd, [
    'sales-perf evaluate --deals fixtures/deals.csv --activity fixtures/activity.xlsx --team fixtures/teams.csv --period 2026-Q4 --as-of 2026-11-27',
    'sales-perf evaluate --deals deals.csv --activity activity.xlsx --targets targets.xlsx --period 2026-11 -o evaluation.xlsx',
    'sales-perf evaluate --deals deals.csv --activity activity.csv --targets targets.csv --period 2026-Q4 --json',
    'sales-perf evaluate --deals deals.csv --period 2026Q4    # no activity log: results only',
  ]);
  action<EvaluateFlags>(cmd, async (ctx, args, flags) => {
    flags.deals = dealsFile(args[0], flags.deals);
    const period = periodOf(flags.period);
    const inputs = [flags.deals, flags.activity, flags.targets, flags.team, flags.adjust].filter((x): x is string => x !== undefined);
    if (flags.out) checkOutputPath(flags.out, { force: flags.force, inputs });
    // Deals, roster, adjustments and plan settings exactly as perf forecast reads them.
    const loaded = await loadPlanInputs(ctx, flags.deals, flags);
    const roster = rosterOf(loaded.options.roster ?? []);
    const activity = flags.activity ? await load(ctx, flags.activity, 'activities', flags, loaded.match) : undefined;
    const score = activity
      ? scoreBehaviour(activity.rows, {
          config: ctx.config.score,
          period: { from: period.from, to: period.to },
          asOf: ctx.asOf,
          file: activity.file,
          deals: loaded.deals,
          dealsFile: loaded.options.file,
          roster: roster.size ? roster : undefined,
        })
      : undefined;
    const read = flags.targets ? await readTargets(flags.targets, flags) : null;
    // A file of targets for another period would leave every target blank: one clear refusal instead.
    if (read && (read.periods.length > 0 || read.problems.length === 0))
      ctx.refuse([targetsPeriodRefusal(flags.targets!, read.periods, { key: period.key, from: monthIndex(period.from), to: monthIndex(period.to) })]);
    // The plan perf forecast made the day before the period's quarter began: its targets (without
    // --targets), and the history each series had then (a newcomer's target is not ranked).
    const q = quarterIndex(period.from);
    const eve = plannedAtQuarterStart(loaded.deals, loaded.options, q);
    const keys = [...new Set([period.key, ...period.months])];
    // Deals without amounts: the plan is in deal counts, and so are its targets and the evaluation.
    const measure = eve.measure;
    const teamOf = new Map<string, string>();
    for (const m of roster.values()) if (m.team ?? m.region) teamOf.set(m.rep, (m.team ?? m.region)!);
    for (const r of score?.reps ?? []) if (!teamOf.has(r.rep) && r.team !== NO_TEAM) teamOf.set(r.rep, r.team);
    for (const d of loaded.deals) if (!teamOf.has(d.rep) && (d.team ?? d.region)) teamOf.set(d.rep, (d.team ?? d.region)!);
    const eveDay = isoDate(quarterEve(q));
    // What the plan said against its own targets travels with them: refused ones are not scored, unreliable ones not paid.
    const planned = (): TargetRow[] => planTargets(eve, keys, measure).map((t) => ({ ...t, file: ctx.t(bi(`forecast as of ${eveDay}`, `${eveDay} 的预测`)), fromForecast: true }));
    // A targets row naming nobody in the data would be a made-up rep with 0%, and the real one unscored.
    const named = read ? unknownTargetNames(read.targets, keys, { reps: [...new Set([...roster.keys(), ...loaded.deals.map((d) => d.rep), ...(activity?.rows.map((a) => a.rep) ?? [])])], teams: [...new Set([...teamOf.values()])] }) : null;
    if (named) ctx.addChecks(named.checks);
    const targets: TargetRow[] = named?.targets ?? planned();
    // The plan marks the reps it forecast as their team's average per head: fewer than forecast.minRepMonths months.
    const short = (level: Level) => new Set(eve.series.filter((s) => s.level === level && s.shortHistory).map((s) => s.name));
    // A running period is projected with today's plan: won to date + the forecast of its rest.
    const running = ctx.asOf < period.to;
    const nowPlan = running ? planForecast(loaded.deals, { ...loaded.options, backtestOrigins: 0 }) : null;
    const restOf = (level: Level) => new Map(nowPlan!.series.filter((s) => s.level === level).map((s) => [s.name, restOfPeriod(nowPlan!, s, period.months, measure)]));
    const result = evaluate({
      deals: loaded.deals,
      period,
      asOf: ctx.asOf,
      targets,
      behaviour: score ? behaviourOf(score) : undefined,
      teamOf,
      rest: nowPlan ? { reps: restOf('rep'), teams: restOf('team') } : undefined,
      shortHistory: { reps: short('rep'), teams: short('team'), months: ctx.config.forecast.minRepMonths },
      config: ctx.config.evaluate,
      measure,
    });
    // A manager's adjusted target is theirs: what turns a doubted target into one that is scored and paid.
    const fix = read
      ? bi(`To score or pay on such a target, fill in its "Adjusted target" in ${flags.targets}.`, `如需据此评分或计奖，请在 ${flags.targets} 中填写其"调整后目标"。`)
      : bi(
          `These targets are the forecast as of ${eveDay}. To score or pay on such a target, write that plan (sales-perf forecast --as-of ${eveDay} -o targets.xlsx), fill in its "Adjusted target" and evaluate with --targets targets.xlsx.`,
          `这些目标来自 ${eveDay} 的预测。如需据此评分或计奖，请导出该计划（sales-perf forecast --as-of ${eveDay} -o targets.xlsx），填写"调整后目标"，再以 --targets targets.xlsx 运行 evaluate。`,
        );
    ctx.addChecks(targetChecks(result, fix));
    const problems = [...loaded.problems, ...(activity?.problems ?? []), ...(score?.problems ?? []), ...(read?.problems ?? []), ...(named?.problems ?? []), ...result.problems];
    const problemCount =
      loaded.problemCounts.reduce((s, d) => s + d.problemCount, 0) +
      (activity?.problemCount ?? 0) +
      (score?.problems.length ?? 0) +
      (read?.problems.length ?? 0) +
      (named?.problems.length ?? 0) +
      result.problems.length;
    const targetsFrom = flags.targets ?? ctx.t(bi('forecast computed on the spot', '现场计算的预测'));
    const json = () => evaluationJson(ctx.asOf, targetsFrom, ctx.config.evaluate, result, period, problems, problemCount, ctx.checks);
    if (flags.out?.toLowerCase().endsWith('.xlsx')) await writeCommandWorkbook(ctx, flags.out, bi('Overall evaluation', '综合考核'), evaluationSheets(ctx, result, problems), { force: flags.force, inputs });
    else if (flags.out) await writeTextFile(flags.out, json() + '\n', { force: flags.force, inputs });
    if (flags.out && flags.out !== '-') ctx.note(ctx.t(bi(`wrote ${flags.out}`, `已写入 ${flags.out}`)));
    ctx.print(flags.json ? json() : `${renderEvaluation(ctx, result, targetsFrom)}\n\n${problemLines(ctx, problems, problemCount)}`);
    return strictExit(ctx, [{ problemCount }]);
  });
}
