import type { Command } from 'commander';
import { isoDate, monthEnd, monthIndex, monthStart } from '../../core/calendar.js';
import { bi, byCount, nounCount } from '../../core/i18n.js';
import type { Check } from '../../schema/check.js';
import { runAudit, type ScoreInput } from '../../core/audit/index.js';
import { behaviourOf, evaluate, monthsOf } from '../../core/evaluate/index.js';
import { plannedTargets } from '../../core/plan/pacing.js';
import { scoreBehaviour } from '../../core/score/index.js';
import { rosterOf, type Roster, NO_TEAM } from '../../core/teams.js';
import type { Problem } from '../../schema/problem.js';
import type { Dataset } from '../../io/read.js';
import { checkOutputPath, writeTextFile } from '../../io/output.js';
import { action, writeCommandWorkbook, addOutputFlags, addReadFlags, examples, type OutputFlags } from '../common.js';
import { strictExit, type Context } from '../context.js';
import { load, loadEarlier } from '../load.js';
import { loadPlanInputs, type PlanFlags, type PlanInputs } from '../plan-inputs.js';
import { problemLines } from '../render.js';
import { auditJson } from './json.js';
import { renderAudit } from './report.js';
import { workbookSheets } from './workbook.js';

interface AuditFlags extends PlanFlags, OutputFlags {
  activity?: string;
  previous?: string;
}

/**
 * Results and behaviour scores for the single-KPI check, over the months the activity log covers (up
 * to --as-of): behaviour = perf score's monthly scores averaged; results = perf evaluate's results
 * score against the targets perf forecast set on the eve of each quarter, pro-rated while a month runs.
 */
function repScores(
  ctx: Context,
  loaded: PlanInputs,
  activity: Dataset<'activities'>,
  roster: Roster,
): { input: ScoreInput; problems: Problem[]; refused: Doubted[]; unreliable: Doubted[]; span: string; months: readonly string[] } | undefined {
  const times = activity.rows.map((a) => a.at).filter((at) => at <= ctx.asOf);
  if (times.length === 0) return undefined;
  const first = monthIndex(Math.min(...times));
  const last = monthIndex(Math.max(...times));
  const from = monthStart(first);
  const to = monthEnd(last);
  const months = monthsOf(from, to);
  const period = { key: months.length > 1 ? `${months[0]}…${months[months.length - 1]}` : months[0], from, to, months };
  const score = scoreBehaviour(activity.rows, {
    config: ctx.config.score,
    period: { from, to },
    asOf: ctx.asOf,
    file: activity.file,
    deals: loaded.deals,
    dealsFile: loaded.options.file,
    roster: roster.size ? roster : undefined,
  });
  const teamOf = new Map<string, string>();
  for (const r of score.reps) if (r.team !== NO_TEAM) teamOf.set(r.rep, r.team);
  const targets = plannedTargets(loaded.deals, loaded.options, period, 'amount').map((t) => ({ ...t, file: `forecast as of ${isoDate(t.plannedOn)}`, fromForecast: true }));
  const result = evaluate({ deals: loaded.deals, period, asOf: ctx.asOf, targets, behaviour: behaviourOf(score), teamOf, config: ctx.config.evaluate });
  const source = bi(
    `${period.key}: results = perf evaluate's results score against perf forecast's targets${result.status === 'running' ? ' pro-rated to date' : ''}, behaviour = perf score`,
    `${period.key}：业绩 = perf evaluate 的业绩得分（目标取自 perf forecast${result.status === 'running' ? '，按已过天数折算' : ''}），行为 = perf score`,
  );
  // A results score against a target the forecast refused is none: those reps are not judged. One it called unreliable is judged, its caveat said first (see the command).
  // The span's target is the sum of its months': the caveat names the months whose target the forecast doubted, as evaluate --period each of them does.
  const status = (s: 'refused' | 'unreliable'): Doubted[] =>
    result.reps
      .filter((e) => e.targetStatus === s)
      .map((e) => {
        const doubted = targets.filter((t) => t.level === 'rep' && t.name === e.name && months.includes(t.period) && (s === 'refused' ? t.refused : t.unreliable.length));
        return { rep: e.name, months: doubted.length ? [...new Set(doubted.map((t) => t.period))].sort() : months };
      });
  return {
    input: {
      from,
      to: Math.min(to, ctx.asOf),
      scores: result.reps.map((e) => ({ rep: e.name, team: e.team, wonAmount: e.actual, results: e.targetStatus === 'refused' ? null : e.results, behaviour: e.behaviour, source })),
    },
    problems: [...score.problems, ...result.problems],
    refused: status('refused'),
    unreliable: status('unreliable'),
    span: period.key,
    months,
  };
}

/** A rep whose span target the forecast refused or doubted, and the months of the span whose targets it was. */
interface Doubted {
  rep: string;
  months: string[];
}

/** Reps grouped by the same months, in first-seen order: one caveat per set of months. */
function byMonths(reps: readonly Doubted[]): { names: string[]; months: string[] }[] {
  const groups = new Map<string, { names: string[]; months: string[] }>();
  for (const r of reps) {
    const key = r.months.join(' ');
    (groups.get(key) ?? groups.set(key, { names: [], months: r.months }).get(key)!).names.push(r.rep);
  }
  return [...groups.values()];
}

/** What the single-KPI check rests on when the forecast refused or doubted the targets behind its results scores: said first. */
function targetCaveats(scores: { refused: Doubted[]; unreliable: Doubted[]; span: string; months: readonly string[] }, flagged: string[]): Check[] {
  const { span } = scores;
  const periods = (months: string[]) => months.join(', ');
  // Every month of the span doubted: the span is named once (a one-month span is that month).
  const whole = (months: string[]) => months.length === scores.months.length;
  const evaluate = (months: string[]) => (whole(months) && months.length > 1 ? 'sales-perf evaluate' : months.map((m) => `sales-perf evaluate --period ${m}`).join(', '));
  const refused = byMonths(scores.refused).map(
    ({ names, months }): Check => ({
      code: 'single_kpi_not_judged',
      status: 'caveat',
      file: null,
      message: bi(
        `single-KPI risk not judged for ${names.join(', ')}: the forecast refused ${byCount(names.length, 'its', 'their')} ${whole(months) ? `${byCount(names.length, 'target', 'targets')} for ${span}` : `${periods(months)} ${byCount(names.length * months.length, 'target', 'targets')}, so there is no results score for ${span}`} (see ${evaluate(months)})`,
        `未判断 ${names.join('、')} 的单一指标风险：预测拒绝了其 ${whole(months) ? span : periods(months)} 的目标${whole(months) ? '' : `，因此 ${span} 没有业绩得分`}（见 ${evaluate(months)}）`,
      ),
    }),
  );
  const shaky = byMonths(scores.unreliable.filter((r) => flagged.includes(r.rep))).map(
    ({ names, months }): Check => ({
      code: 'single_kpi_unreliable_target',
      status: 'caveat',
      file: null,
      message: bi(
        `the single-KPI ${byCount(names.length, 'flag', 'flags')} of ${names.join(', ')} ${byCount(names.length, 'rests', 'rest')} on a results score against a ${span} target ${whole(months) ? '' : `whose ${periods(months)} ${byCount(months.length, 'part', 'parts')} `}the forecast called unreliable (see ${evaluate(months)}): check the target before acting on ${byCount(names.length, 'it', 'them')}`,
        `${names.join('、')} 的单一指标风险标记所依据的业绩得分，对应的 ${span} 目标${whole(months) ? '' : `中 ${periods(months)} 部分`}被预测认为不可靠（见 ${evaluate(months)}）：据此行动前请先核对目标`,
      ),
    }),
  );
  return [...refused, ...shaky];
}

export function registerAudit(program: Command): void {
  const cmd = program
    .command('audit')
    .argument('<deals>', 'deals / opportunities export (CSV or XLSX)')
    .description('were results earned? period-end cramming, reversed period-end deals, deals without activity, duplicates and splits, single-KPI risk')
    .option('--activity <file>', 'activity log: enables the no-activity and single-KPI checks')
    .option('--team <file>', 'team roster (rep, team, region, manager)')
    .option('--previous <file>', 'an earlier export of the same deals: quarter-end wins it shows that are now lost, reopened, cancelled or deleted are cramming evidence');
  addReadFlags(cmd);
  addOutputFlags(cmd, 'write the audit to FILE (.xlsx: Summary, Flags, Evidence, Problems; .json)');
  examples(cmd, [
    'sales-perf audit fixtures/deals.csv --as-of 2026-11-27',
    'sales-perf audit fixtures/deals.csv --activity fixtures/activity.xlsx --team fixtures/teams.csv -o audit.xlsx',
    'sales-perf audit deals-2026-12-01.csv --previous deals-2026-10-01.csv',
    'sales-perf audit deals.csv --json | jq ".flags[] | select(.kind==\\"reversal\\")"',
  ]);
  action<AuditFlags>(cmd, async (ctx, [file], flags) => {
    const inputs = [file, flags.activity, flags.team, flags.previous].filter((x): x is string => x !== undefined);
    if (flags.out) checkOutputPath(flags.out, { force: flags.force, inputs });
    const loaded = await loadPlanInputs(ctx, file, flags);
    const roster = rosterOf(loaded.options.roster ?? []);
    const activity = flags.activity ? await load(ctx, flags.activity, 'activities', flags) : undefined;
    if (activity) loaded.match?.join(activity);
    const previous = flags.previous ? await loadEarlier(ctx, flags.previous, flags) : undefined;
    if (previous) loaded.match?.join(previous);
    const scores = activity ? repScores(ctx, loaded, activity, roster) : undefined;
    const result = runAudit({
      deals: loaded.deals,
      activities: activity?.rows,
      scores: scores?.input,
      asOf: ctx.asOf,
      config: ctx.config.audit,
      previous: previous && { deals: previous.rows, files: { previous: previous.file, current: loaded.options.file ?? file } },
      columns: loaded.columns,
    });
    if (scores) ctx.checks.push(...targetCaveats(scores, result.flags.filter((f) => f.kind === 'single_kpi').map((f) => f.rep!)));
    if (!loaded.options.amountColumn)
      ctx.checks.push({
        code: 'measure',
        status: 'guessed',
        file: loaded.options.file ?? file,
        message: bi('the deals have no amount column: the audit counts deals, and shows no amount shares (—)', '商机没有金额列：审计按单数统计，不显示金额占比（—）'),
      });
    if (result.previous) {
      const { matched, undone } = result.previous;
      const n = ctx.config.audit.lastDays;
      // Said first: these flags rest on matching two exports by id, which one export cannot show.
      ctx.checks.push({
        code: 'previous_compared',
        status: 'guessed',
        file: result.previous.file,
        message: bi(
          `compared with ${result.previous.file} (--previous) by deal id, ${nounCount(matched, 'deal')} in both: ${nounCount(undone, 'win')} in the last ${n} days of a quarter since lost, reopened, cancelled or deleted${undone ? ' — flagged as cramming evidence' : ''}`,
          `已按商机编号与 ${result.previous.file}（--previous）比对，两份共有 ${matched} 个商机：${undone} 个季度最后 ${n} 天的赢单此后输单、重开、取消或被删除${undone ? '——已作为冲量证据标记' : ''}`,
        ),
      });
    }
    const problems = [...loaded.problems, ...(activity?.problems ?? []), ...(previous?.problems ?? []), ...(scores?.problems ?? [])];
    const problemCount =
      loaded.problemCounts.reduce((n, p) => n + p.problemCount, 0) + (activity?.problemCount ?? 0) + (previous?.problemCount ?? 0) + (scores?.problems.length ?? 0);
    const sources = [{ problemCount }];
    const json = () => auditJson(ctx.asOf, inputs, ctx.config.audit, result, problems, problemCount, ctx.checks);
    if (flags.out?.toLowerCase().endsWith('.xlsx')) await writeCommandWorkbook(ctx, flags.out, bi('Were results earned? Integrity audit', '业绩真实性审计'), workbookSheets(ctx, result, problems), { force: flags.force, inputs });
    else if (flags.out) await writeTextFile(flags.out, json() + '\n', { force: flags.force, inputs });
    if (flags.out && flags.out !== '-') ctx.note(ctx.t(bi(`wrote ${flags.out}`, `已写入 ${flags.out}`)));
    ctx.print(flags.json ? json() : `${renderAudit(ctx, result)}\n\n${problemLines(ctx, problems, problemCount)}`);
    return strictExit(ctx, sources);
  });
}
