import chalk from 'chalk';
import Table from 'cli-table3';
import type { Command } from 'commander';
import { isoDate, monthEnd, monthIndexOf, monthStart, quarterEnd, quarterIndex, quarterKey, quarterStart, monthKey } from '../../core/calendar.js';
import { EXIT, PerfError } from '../../core/errors.js';
import { bi, formatNumber, formatPercent, type Bi } from '../../core/i18n.js';
import { behaviourOf, evaluate, monthsOf, type EvalPeriod, type Evaluation, type EvaluateResult, type TargetRow } from '../../core/evaluate/index.js';
import { plannedAtQuarterStart, planForecast, quarterEve, restOfPeriod, type Level } from '../../core/plan/index.js';
import { scoreBehaviour } from '../../core/score/index.js';
import { rosterOf, withRoster } from '../../core/teams.js';
import type { Problem } from '../../schema/problem.js';
import { checkOutputPath, writeTextFile } from '../../io/output.js';
import { readTargets } from '../../io/targets-file.js';
import { problemsSheet, writeWorkbook, type SheetSpec } from '../../io/workbook.js';
import { action, addOutputFlags, addReadFlags, examples, type OutputFlags } from '../common.js';
import { strictExit, type Context } from '../context.js';
import { load } from '../load.js';
import { loadPlanInputs, type PlanFlags } from '../plan-inputs.js';
import { clipText, problemLines, wrapText } from '../render.js';

interface EvaluateFlags extends PlanFlags, OutputFlags {
  deals: string;
  activity?: string;
  targets?: string;
  period: string;
}

const BANDS: Record<Evaluation['band'], Bi> = {
  below: bi('below floor', '低于下限'),
  on: bi('on target', '达标区间'),
  above: bi('above band: reward', '超额：奖励'),
  none: bi('no target', '无目标'),
};

/** Short band labels for the text table (the workbook and JSON carry the full ones). */
const BAND_SHORT: Record<Evaluation['band'], Bi> = {
  below: bi('below', '低于'),
  on: bi('on', '达标'),
  above: bi('above', '超额'),
  none: bi('—', '—'),
};

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

function sheets(ctx: Context, r: EvaluateResult, problems: Problem[]): SheetSpec[] {
  const t = (en: string, zh: string) => ctx.t(bi(en, zh));
  const all = [...r.reps, ...r.teams];
  // spread after the evaluation's own fields: its level ('rep'/'team') must not override the translated one
  const who = (e: Evaluation) => ({ level: e.level === 'rep' ? t('rep', '销售') : t('team', '团队'), name: e.name, team: e.level === 'rep' ? e.team : '' });
  const notes = r.notes.map((x) => ctx.t(x));
  const base = [
    { key: 'level', header: t('Level', '层级'), width: 8 },
    { key: 'name', header: t('Name', '名称'), width: 16 },
    { key: 'team', header: t('Team', '团队'), width: 10 },
  ];
  // deal counts when the deals carry no amounts
  const val = r.measure === 'count' ? ('decimal' as const) : ('money' as const);
  const fill = (row: Record<string, unknown>, key: string) =>
    key === 'band' ? (row.bandKey === 'below' ? 'bad' : row.bandKey === 'above' ? 'good' : row.bandKey === 'on' ? 'info' : 'warn') : undefined;
  return [
    {
      name: t('Evaluation', '综合评价'),
      notes: [ctx.t(r.formula), t(`Period ${r.period.key}, as of ${isoDate(ctx.asOf)}.`, `期间 ${r.period.key}，截至 ${isoDate(ctx.asOf)}。`), ...notes],
      columns: [
        ...base,
        { key: 'rank', header: t('Rank', '排名'), format: 'int', width: 7 },
        { key: 'teamRank', header: t('Rank in team', '团队内排名'), format: 'int', width: 9 },
        { key: 'results', header: t('Results score', '业绩得分'), format: 'decimal' },
        { key: 'behaviour', header: t('Behaviour score', '行为得分'), format: 'decimal' },
        { key: 'overall', header: t('Overall score', '综合得分'), format: 'decimal' },
        { key: 'attainment', header: t('Attainment', '达成率'), format: 'percent' },
        { key: 'band', header: bandHeader(ctx, r), width: 18 },
        { key: 'reward', header: t('Reward', '奖励'), format: 'money' },
        { key: 'rankNote', header: t('Not ranked', '未排名'), width: 24 },
      ],
      rows: all.map((e) => ({
        ...e,
        ...who(e),
        teamRank: e.level === 'rep' ? e.teamRank : null,
        band: ctx.t(BANDS[e.band]),
        bandKey: e.band,
        reward: rewardCell(ctx, r, e),
        rankNote: e.shortHistory ? shortHistoryNote(ctx) : '',
      })),
      fill,
    },
    {
      name: t('Attainment', '目标达成'),
      columns: [
        ...base,
        { key: 'deals', header: t('Won deals', '赢单数'), format: 'int' },
        { key: 'actual', header: r.measure === 'count' ? t('Won deals (counted)', '赢单数（计入）') : t('Won amount', '赢单金额'), format: val },
        { key: 'reversed', header: t('Reversed (not counted)', '已撤销（不计）'), format: 'int' },
        { key: 'proposed', header: t('Proposed target', '建议目标'), format: val },
        { key: 'adjusted', header: t('Adjusted target', '调整后目标'), format: val },
        { key: 'note', header: t('Note', '备注'), width: 30 },
        { key: 'target', header: t('Target used', '采用目标'), format: val },
        { key: 'floor', header: t('Floor', '下限'), format: val },
        { key: 'ceiling', header: t('Ceiling', '上限'), format: val },
        ...(r.status === 'running'
          ? [
              { key: 'expectedToDate', header: t('Target to date', '截至目前目标'), format: val },
              { key: 'attainment', header: t('Attainment to date', '截至目前达成率'), format: 'percent' as const },
              { key: 'projected', header: t('Projected', '预计'), format: val },
              { key: 'projectedAttainment', header: t('Projected attainment', '预计达成率'), format: 'percent' as const },
            ]
          : [{ key: 'attainment', header: t('Attainment', '达成率'), format: 'percent' as const }]),
        { key: 'band', header: bandHeader(ctx, r), width: 18 },
        { key: 'targetSource', header: t('Target from', '目标来源'), width: 30 },
      ],
      rows: all.map((e) => ({ ...e, ...who(e), band: ctx.t(BANDS[e.band]), bandKey: e.band })),
      fill,
    },
    {
      name: t('Behaviour', '行为'),
      notes: r.behaviourScored
        ? [t('Behaviour score: perf score (KBI compliance and point rules), averaged over the months of the period.', '行为得分：perf score（KBI 达标率与积分规则），按期间各月平均。')]
        : notes.slice(0, 1),
      columns: [...base, { key: 'behaviour', header: t('Behaviour score', '行为得分'), format: 'decimal' }],
      rows: all.map((e) => ({ ...who(e), behaviour: e.behaviour })),
    },
    {
      name: t('Reward', '奖励'),
      notes: [
        r.status === 'closed'
          ? t('Each tier\'s rate applies to the amount signed between its attainment and the next tier\'s.', '每档费率适用于该档达成率与下一档之间签约的金额。')
          : t(`Provisional: ${r.period.key} is not over; rewards are computed once it closes.`, `暂定：${r.period.key} 尚未结束，期间结束后才计算奖励。`),
      ],
      columns: [
        { key: 'name', header: t('Rep', '销售'), width: 16 },
        { key: 'team', header: t('Team', '团队'), width: 10 },
        { key: 'tier', header: t('Tier from attainment', '档位起点（达成率）'), format: 'percent' },
        { key: 'rate', header: t('Rate', '费率'), format: 'percent' },
        { key: 'base', header: t('Amount in tier', '档内金额'), format: 'money' },
        { key: 'reward', header: t('Reward', '奖励'), format: 'money' },
      ],
      rows: r.reps.flatMap((e) => [
        ...(e.reward?.tiers ?? []).map((x) => ({ name: e.name, team: e.team, tier: x.attainment, rate: x.rate, base: x.base, reward: x.reward })),
        ...(e.reward && e.reward.bonusBase > 0 ? [{ name: e.name, team: e.team, tier: null, rate: null, base: null, reward: e.reward.bonusBase }] : []),
      ]),
    },
    problemsSheet(ctx.lang, problems),
  ];
}

/** "Band", or "Band (projected)" while the period runs. */
const bandHeader = (ctx: Context, r: EvaluateResult) => ctx.t(r.status === 'running' ? bi('Band (projected)', '区间（预计）') : bi('Band', '区间'));

/** A rep's reward, or "provisional" while the period runs. */
const rewardCell = (ctx: Context, r: EvaluateResult, e: Evaluation): number | string | null =>
  e.level !== 'rep' || r.measure === 'count' ? null : e.reward === null ? ctx.t(bi('provisional', '暂定')) : e.reward.amount;

const shortHistoryNote = (ctx: Context) => {
  const months = ctx.config.forecast.minRepMonths;
  return ctx.t(bi(`⚠ not ranked: target rests on < ${months} months of history`, `⚠ 未排名：目标所依据的历史不足 ${months} 个月`));
};

/** Columns two spaces apart under a rule: the evaluation's ten columns fit 100 terminal columns, boxes would not. */
function plainTable(head: string[], rows: string[][], right: boolean[], title: string): string {
  const blank = Object.fromEntries(
    ['top', 'top-mid', 'top-left', 'top-right', 'bottom', 'bottom-mid', 'bottom-left', 'bottom-right', 'left', 'left-mid', 'mid', 'mid-mid', 'right', 'right-mid'].map((k) => [k, '']),
  );
  const table = new Table({
    head: head.map((h) => chalk.bold(h)),
    style: { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 0 },
    chars: { ...blank, middle: '  ' },
    colAligns: right.map((r) => (r ? 'right' : 'left')),
  });
  for (const r of rows) table.push(r);
  const [header, ...lines] = table.toString().split('\n').filter((l) => l.trim() !== '');
  const width = Math.max(...[header, ...lines].map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').length));
  return [chalk.bold(title), header, '─'.repeat(Math.min(width, 100)), ...lines].join('\n');
}

/** The essential columns only (rank, name, target, won, attainment, band, the three scores, reward); the rest is in -o and --json. */
function render(ctx: Context, r: EvaluateResult, targetsFrom: string): string {
  const t = (en: string, zh: string) => ctx.t(bi(en, zh));
  const n = (v: number | null, d = 0) => (v === null ? '—' : formatNumber(ctx.lang, v, d));
  // deal-count targets keep a tenth (a forecast of 2.4 deals), whole counts show none
  const q = (v: number | null) => (r.measure === 'count' && v !== null && !Number.isInteger(v) ? n(v, 1) : n(v));
  const p = (v: number | null) => (v === null ? '—' : formatPercent(ctx.lang, v, 0));
  const running = r.status === 'running';
  const head = (name: string) => [
    '#',
    name,
    t('Target', '目标'),
    r.measure === 'count' ? t('Won deals', '赢单数') : t('Won', '赢单额'),
    t('Attainment', '达成率'),
    t('Band', '区间'),
    t('Results', '业绩'),
    t('Behav.', '行为'),
    t('Overall', '综合'),
    t('Reward', '奖励'),
  ];
  const right = [true, false, true, true, true, false, true, true, true, true];
  const row = (e: Evaluation) => {
    const reward = e.level !== 'rep' || e.reward === null ? '—' : n(e.reward.amount);
    const attainment = running && e.projectedAttainment !== null ? `${p(e.attainment)} → ${p(e.projectedAttainment)}` : p(e.attainment);
    return [
      e.shortHistory ? '⚠' : e.rank === null ? '—' : String(e.rank),
      clipText(e.name, 18),
      q(e.target) + (e.adjusted !== null ? '*' : ''),
      q(e.actual),
      attainment,
      ctx.t(BAND_SHORT[e.band]),
      n(e.results, 1),
      r.behaviourScored ? n(e.behaviour, 1) : '—',
      n(e.overall, 1),
      reward,
    ];
  };
  // ranked first, then the unranked (short history), then those without a score
  const order = (e: Evaluation) => (e.rank !== null ? e.rank : e.shortHistory ? 1e6 : 1e9);
  const byRank = (a: Evaluation, b: Evaluation) => order(a) - order(b) || a.name.localeCompare(b.name);
  const adjusted = r.reps.concat(r.teams).filter((e) => e.adjusted !== null);
  const cfg = ctx.config.evaluate;
  const legend = running
    ? t(
        `Attainment: to date → projected. Band ±${cfg.band * 100}% on the projected attainment: below the floor, on target, above (reward). No reward before the period closes.`,
        `达成率：截至目前 → 预计。区间 ±${cfg.band * 100}%，按预计达成率判断：低于下限、达标、超额（奖励）。期间结束前不计奖励。`,
      )
    : t(`Band ±${cfg.band * 100}% on the attainment: below the floor, on target, above (reward).`, `区间 ±${cfg.band * 100}%，按达成率判断：低于下限、达标、超额（奖励）。`);
  const prose = (lines: string[]) => wrapText(lines.join('\n'), 100);
  return [
    prose([
      running
        ? t(
            `Evaluation ${r.period.key} (as of ${isoDate(ctx.asOf)}, period running: provisional); targets: ${targetsFrom}`,
            `综合评价 ${r.period.key}（截至 ${isoDate(ctx.asOf)}，期间未结束：暂定）；目标来源：${targetsFrom}`,
          )
        : t(`Evaluation ${r.period.key} (as of ${isoDate(ctx.asOf)}); targets: ${targetsFrom}`, `综合评价 ${r.period.key}（截至 ${isoDate(ctx.asOf)}）；目标来源：${targetsFrom}`),
      ctx.t(r.formula),
    ]),
    '',
    plainTable(head(t('Rep', '销售')), [...r.reps].sort(byRank).map(row), right, t('Reps', '销售')),
    '',
    plainTable(head(t('Team', '团队')), [...r.teams].sort(byRank).map(row), right, t('Teams', '团队')),
    '',
    prose([
      legend,
      ...r.notes.map((x) => ctx.t(x)),
      ...(adjusted.length
        ? [t('* target adjusted by the manager:', '* 经理调整过的目标：'), ...adjusted.map((e) => `  ${e.name}: ${q(e.proposed)} → ${q(e.adjusted)}${e.note ? ` (${e.note})` : ''}`)]
        : []),
      t('All columns (target to date, floor, ceiling, reward tiers, sources): -o FILE.xlsx or --json.', '全部列（截至目前目标、下限、上限、奖励档位、来源）：-o FILE.xlsx 或 --json。'),
    ]),
  ].join('\n');
}

export function registerEvaluate(program: Command): void {
  const cmd = program
    .command('evaluate')
    .description('the overall evaluation: target attainment (results) and behaviour score combined 60/40, the ±15% band, and the accelerator reward')
    .requiredOption('--deals <file>', 'deals / opportunities export')
    .option('--activity <file>', 'activity log export (behaviour score); without it only results are scored')
    .requiredOption('--period <period>', 'the period evaluated: a quarter (2026-Q4 or 2026Q4) or a month (2026-11)')
    .option('--targets <file>', 'targets: a perf forecast workbook (with the manager\'s "Adjusted target" and "Note") or a CSV level,name,period,target; default: forecast on the spot')
    .option('--team <file>', 'team roster (rep, team, region, manager)')
    .option('--adjust <file>', 'market adjustments, as for perf forecast (targets computed on the spot)');
  addReadFlags(cmd);
  addOutputFlags(cmd, 'write the evaluation to FILE (.xlsx: Evaluation, Attainment, Behaviour, Reward, Problems; .json)');
  examples(cmd, [
    'perf evaluate --deals fixtures/deals.csv --activity fixtures/activity.xlsx --team fixtures/teams.csv --period 2026-Q4 --as-of 2026-11-27',
    'perf evaluate --deals deals.csv --activity activity.xlsx --targets targets.xlsx --period 2026-11 -o evaluation.xlsx',
    'perf evaluate --deals deals.csv --activity activity.csv --targets targets.csv --period 2026-Q4 --json',
    'perf evaluate --deals deals.csv --period 2026Q4    # no activity log: results only',
  ]);
  action<EvaluateFlags>(cmd, async (ctx, _args, flags) => {
    const period = periodOf(flags.period);
    const inputs = [flags.deals, flags.activity, flags.targets, flags.team, flags.adjust].filter((x): x is string => x !== undefined);
    if (flags.out) checkOutputPath(flags.out, { force: flags.force, inputs });
    // Deals, roster, adjustments and plan settings exactly as perf forecast reads them.
    const loaded = await loadPlanInputs(ctx, flags.deals, flags);
    const roster = rosterOf(loaded.options.roster ?? []);
    const activity = flags.activity ? await load(ctx, flags.activity, 'activities', flags) : undefined;
    if (activity) withRoster(activity.rows, roster);
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
    // The plan perf forecast made the day before the period's quarter began: its targets (without
    // --targets), and the history each series had then (a newcomer's target is not ranked).
    const q = quarterIndex(period.from);
    const eve = plannedAtQuarterStart(loaded.deals, loaded.options, q);
    const keys = [...new Set([period.key, ...period.months])];
    // Deals without amounts: the plan is in deal counts, and so are its targets and the evaluation.
    const measure = eve.measure;
    const targets: TargetRow[] =
      read?.targets ??
      eve.series.flatMap((s) =>
        keys
          .filter((k) => s.targets[k]?.[measure] !== undefined)
          .map((k) => ({ level: s.level, name: s.name, period: k, target: s.targets[k][measure].target, file: ctx.t(bi(`forecast as of ${isoDate(quarterEve(q))}`, `${isoDate(quarterEve(q))} 的预测`)), fromForecast: true })),
      );
    // The plan marks the reps it forecast as their team's average per head: fewer than forecast.minRepMonths months.
    const short = (level: Level) => new Set(eve.series.filter((s) => s.level === level && s.shortHistory).map((s) => s.name));
    // A running period is projected with today's plan: won to date + the forecast of its rest.
    const running = ctx.asOf < period.to;
    const nowPlan = running ? planForecast(loaded.deals, { ...loaded.options, backtestOrigins: 0 }) : null;
    const restOf = (level: Level) => new Map(nowPlan!.series.filter((s) => s.level === level).map((s) => [s.name, restOfPeriod(nowPlan!, s, period.months, measure)]));
    const teamOf = new Map<string, string>();
    for (const m of roster.values()) if (m.team ?? m.region) teamOf.set(m.rep, (m.team ?? m.region)!);
    for (const r of score?.reps ?? []) if (!teamOf.has(r.rep) && r.team !== '—') teamOf.set(r.rep, r.team);
    for (const d of loaded.deals) if (!teamOf.has(d.rep) && (d.team ?? d.region)) teamOf.set(d.rep, (d.team ?? d.region)!);
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
    const problems = [...loaded.problems, ...(activity?.problems ?? []), ...(score?.problems ?? []), ...(read?.problems ?? []), ...result.problems];
    const problemCount =
      loaded.problemCounts.reduce((s, d) => s + d.problemCount, 0) +
      (activity?.problemCount ?? 0) +
      (score?.problems.length ?? 0) +
      (read?.problems.length ?? 0) +
      result.problems.length;
    const targetsFrom = flags.targets ?? ctx.t(bi('forecast computed on the spot', '现场计算的预测'));
    const json = () =>
      JSON.stringify(
        { asOf: isoDate(ctx.asOf), targetsFrom, config: ctx.config.evaluate, ...result, period: { ...period, from: isoDate(period.from), to: isoDate(period.to) }, problems, problemCount },
        null,
        2,
      );
    if (flags.out?.toLowerCase().endsWith('.xlsx')) await writeWorkbook(flags.out, sheets(ctx, result, problems), ctx.asOf, { force: flags.force, inputs });
    else if (flags.out) await writeTextFile(flags.out, json() + '\n', { force: flags.force, inputs });
    if (flags.out && flags.out !== '-') ctx.note(ctx.t(bi(`wrote ${flags.out}`, `已写入 ${flags.out}`)));
    ctx.print(flags.json ? json() : `${render(ctx, result, targetsFrom)}\n\n${problemLines(ctx, problems, problemCount)}`);
    return strictExit(ctx, [{ problemCount }]);
  });
}
