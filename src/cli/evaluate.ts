import type { Command } from 'commander';
import { isoDate, monthEnd, monthStart, parseMonthKey, parseQuarterKey, quarterEnd, quarterKey, quarterStart, monthKey } from '../core/calendar.js';
import { EXIT, PerfError } from '../core/errors.js';
import { bi, formatNumber, formatPercent, type Bi } from '../core/i18n.js';
import { behaviourOf, evaluate, monthsOf, type EvalPeriod, type Evaluation, type EvaluateResult, type TargetRow } from '../core/evaluate/index.js';
import { plannedTargets, planForecast, restOfPeriod, type Level } from '../core/plan/index.js';
import { scoreBehaviour } from '../core/score/index.js';
import { rosterOf, withRoster } from '../core/teams.js';
import type { Problem } from '../schema/problem.js';
import { checkOutputPath, writeTextFile } from '../io/output.js';
import { readTargets } from '../io/targets-file.js';
import { problemsSheet, writeWorkbook, type SheetSpec } from '../io/workbook.js';
import { action, addOutputFlags, addReadFlags, examples, type OutputFlags } from './common.js';
import { strictExit, type Context } from './context.js';
import { load } from './load.js';
import { loadPlanInputs, type PlanFlags } from './plan-inputs.js';
import { problemLines, renderTable } from './render.js';

interface EvaluateFlags extends PlanFlags, OutputFlags {
  deals: string;
  activity: string;
  targets?: string;
  period: string;
}

const BANDS: Record<Evaluation['band'], Bi> = {
  below: bi('below floor', '低于下限'),
  on: bi('on target', '达标区间'),
  above: bi('above band: reward', '超额：奖励'),
  none: bi('no target', '无目标'),
};

export function periodOf(text: string): EvalPeriod {
  const q = parseQuarterKey(text);
  const m = q === null ? parseMonthKey(text) : null;
  if (q === null && m === null)
    throw new PerfError(EXIT.usage, bi(`--period must look like 2026-Q4 or 2026-11, not "${text}"`, `--period 必须形如 2026-Q4 或 2026-11，而不是"${text}"`));
  const [key, from, to] = q !== null ? [quarterKey(q), quarterStart(q), quarterEnd(q)] : [monthKey(m!), monthStart(m!), monthEnd(m!)];
  return { key, from, to, months: monthsOf(from, to) };
}

function sheets(ctx: Context, r: EvaluateResult, problems: Problem[]): SheetSpec[] {
  const t = (en: string, zh: string) => ctx.t(bi(en, zh));
  const all = [...r.reps, ...r.teams];
  const who = (e: Evaluation) => ({ level: e.level === 'rep' ? t('rep', '销售') : t('team', '团队'), name: e.name, team: e.level === 'rep' ? e.team : '' });
  const base = [
    { key: 'level', header: t('Level', '层级'), width: 8 },
    { key: 'name', header: t('Name', '名称'), width: 16 },
    { key: 'team', header: t('Team', '团队'), width: 10 },
  ];
  const fill = (row: Record<string, unknown>, key: string) =>
    key === 'band' ? (row.bandKey === 'below' ? 'bad' : row.bandKey === 'above' ? 'good' : row.bandKey === 'on' ? 'info' : 'warn') : undefined;
  return [
    {
      name: t('Evaluation', '综合评价'),
      notes: [ctx.t(r.formula), t(`Period ${r.period.key}, as of ${isoDate(ctx.asOf)}.`, `期间 ${r.period.key}，截至 ${isoDate(ctx.asOf)}。`)],
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
      ],
      rows: all.map((e) => ({ ...who(e), ...e, teamRank: e.level === 'rep' ? e.teamRank : null, band: ctx.t(BANDS[e.band]), bandKey: e.band, reward: rewardCell(ctx, e) })),
      fill,
    },
    {
      name: t('Attainment', '目标达成'),
      columns: [
        ...base,
        { key: 'deals', header: t('Won deals', '赢单数'), format: 'int' },
        { key: 'actual', header: t('Won amount', '赢单金额'), format: 'money' },
        { key: 'reversed', header: t('Reversed (not counted)', '已撤销（不计）'), format: 'int' },
        { key: 'proposed', header: t('Proposed target', '建议目标'), format: 'money' },
        { key: 'adjusted', header: t('Adjusted target', '调整后目标'), format: 'money' },
        { key: 'note', header: t('Note', '备注'), width: 30 },
        { key: 'target', header: t('Target used', '采用目标'), format: 'money' },
        { key: 'floor', header: t('Floor', '下限'), format: 'money' },
        { key: 'ceiling', header: t('Ceiling', '上限'), format: 'money' },
        ...(r.status === 'running'
          ? [
              { key: 'expectedToDate', header: t('Target to date', '截至目前目标'), format: 'money' as const },
              { key: 'attainment', header: t('Attainment to date', '截至目前达成率'), format: 'percent' as const },
              { key: 'projected', header: t('Projected', '预计'), format: 'money' as const },
              { key: 'projectedAttainment', header: t('Projected attainment', '预计达成率'), format: 'percent' as const },
            ]
          : [{ key: 'attainment', header: t('Attainment', '达成率'), format: 'percent' as const }]),
        { key: 'band', header: bandHeader(ctx, r), width: 18 },
        { key: 'targetSource', header: t('Target from', '目标来源'), width: 30 },
      ],
      rows: all.map((e) => ({ ...who(e), ...e, band: ctx.t(BANDS[e.band]), bandKey: e.band })),
      fill,
    },
    {
      name: t('Behaviour', '行为'),
      notes: [t('Behaviour score: perf score (KBI compliance and point rules), averaged over the months of the period.', '行为得分：perf score（KBI 达标率与积分规则），按期间各月平均。')],
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
const rewardCell = (ctx: Context, e: Evaluation): number | string | null =>
  e.level !== 'rep' ? null : e.reward === null ? ctx.t(bi('provisional', '暂定')) : e.reward.amount;

function render(ctx: Context, r: EvaluateResult, targetsFrom: string): string {
  const t = (en: string, zh: string) => ctx.t(bi(en, zh));
  const n = (v: number | null, d = 0) => (v === null ? '—' : formatNumber(ctx.lang, v, d));
  const p = (v: number | null) => (v === null ? '—' : formatPercent(ctx.lang, v));
  const running = r.status === 'running';
  const head = [
    t('Rank', '排名'),
    t('Name', '名称'),
    t('Won', '赢单额'),
    t('Target', '目标'),
    ...(running ? [t('Target to date', '截至目前目标'), t('Attainment to date', '截至目前达成率'), t('Projected', '预计'), t('Projected attainment', '预计达成率')] : [t('Attainment', '达成率')]),
    bandHeader(ctx, r),
    t('Results', '业绩'),
    t('Behaviour', '行为'),
    t('Overall', '综合'),
    t('Reward', '奖励'),
  ];
  const row = (e: Evaluation) => {
    const reward = rewardCell(ctx, e);
    return [
      e.rank ?? '—',
      e.name + (e.adjusted !== null ? ' *' : ''),
      n(e.actual),
      n(e.target),
      ...(running ? [n(e.expectedToDate), p(e.attainment), n(e.projected), p(e.projectedAttainment)] : [p(e.attainment)]),
      ctx.t(BANDS[e.band]),
      n(e.results, 1),
      n(e.behaviour, 1),
      n(e.overall, 1),
      typeof reward === 'number' ? n(reward) : (reward ?? ''),
    ];
  };
  const byRank = (a: Evaluation, b: Evaluation) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.name.localeCompare(b.name);
  const adjusted = r.reps.concat(r.teams).filter((e) => e.adjusted !== null);
  return [
    running
      ? t(
          `Evaluation ${r.period.key} (as of ${isoDate(ctx.asOf)}, period running: provisional); targets: ${targetsFrom}`,
          `综合评价 ${r.period.key}（截至 ${isoDate(ctx.asOf)}，期间未结束：暂定）；目标来源：${targetsFrom}`,
        )
      : t(`Evaluation ${r.period.key} (as of ${isoDate(ctx.asOf)}); targets: ${targetsFrom}`, `综合评价 ${r.period.key}（截至 ${isoDate(ctx.asOf)}）；目标来源：${targetsFrom}`),
    ctx.t(r.formula),
    '',
    renderTable(head, [...r.reps].sort(byRank).map(row), { title: t('Reps', '销售') }),
    '',
    renderTable(head, [...r.teams].sort(byRank).map(row), { title: t('Teams', '团队') }),
    ...(adjusted.length
      ? ['', t('* target adjusted by the manager:', '* 经理调整过的目标：'), ...adjusted.map((e) => `  ${e.name}: ${n(e.proposed)} → ${n(e.adjusted)}${e.note ? ` (${e.note})` : ''}`)]
      : []),
  ].join('\n');
}

export function registerEvaluate(program: Command): void {
  const cmd = program
    .command('evaluate')
    .description('the overall evaluation: target attainment (results) and behaviour score combined 60/40, the ±15% band, and the accelerator reward')
    .requiredOption('--deals <file>', 'deals / opportunities export')
    .requiredOption('--activity <file>', 'activity log export (behaviour score)')
    .requiredOption('--period <period>', 'the period evaluated: a quarter (2026-Q4) or a month (2026-11)')
    .option('--targets <file>', 'targets: a perf forecast workbook (with the manager\'s "Adjusted target" and "Note") or a CSV level,name,period,target; default: forecast on the spot')
    .option('--team <file>', 'team roster (rep, team, region, manager)')
    .option('--adjust <file>', 'market adjustments, as for perf forecast (targets computed on the spot)');
  addReadFlags(cmd);
  addOutputFlags(cmd, 'write the evaluation to FILE (.xlsx: Evaluation, Attainment, Behaviour, Reward, Problems; .json)');
  examples(cmd, [
    'perf evaluate --deals fixtures/deals.csv --activity fixtures/activity.xlsx --team fixtures/teams.csv --period 2026-Q4 --as-of 2026-11-27',
    'perf evaluate --deals deals.csv --activity activity.xlsx --targets targets.xlsx --period 2026-11 -o evaluation.xlsx',
    'perf evaluate --deals deals.csv --activity activity.csv --targets targets.csv --period 2026-Q4 --json',
  ]);
  action<EvaluateFlags>(cmd, async (ctx, _args, flags) => {
    const period = periodOf(flags.period);
    const inputs = [flags.deals, flags.activity, flags.targets, flags.team, flags.adjust].filter((x): x is string => x !== undefined);
    if (flags.out) checkOutputPath(flags.out, { force: flags.force, inputs });
    // Deals, roster, adjustments and plan settings exactly as perf forecast reads them.
    const loaded = await loadPlanInputs(ctx, flags.deals, flags);
    const roster = rosterOf(loaded.options.roster ?? []);
    const activity = await load(ctx, flags.activity, 'activities', flags);
    withRoster(activity.rows, roster);
    const score = scoreBehaviour(activity.rows, {
      config: ctx.config.score,
      period: { from: period.from, to: period.to },
      asOf: ctx.asOf,
      file: activity.file,
      deals: loaded.deals,
      dealsFile: loaded.options.file,
      roster: roster.size ? roster : undefined,
    });
    const read = flags.targets ? await readTargets(flags.targets, flags) : null;
    // Without --targets: the targets perf forecast set the day before the period's quarter began.
    const targets: TargetRow[] =
      read?.targets ??
      plannedTargets(loaded.deals, loaded.options, period).map((t) => ({ ...t, file: `forecast as of ${isoDate(t.plannedOn)}`, row: 0 }));
    // A running period is projected with today's plan: won to date + the forecast of its rest.
    const running = ctx.asOf < period.to;
    const nowPlan = running ? planForecast(loaded.deals, { ...loaded.options, backtestOrigins: 0 }) : null;
    const restOf = (level: Level) => new Map(nowPlan!.series.filter((s) => s.level === level).map((s) => [s.name, restOfPeriod(nowPlan!, s, period.months)]));
    const teamOf = new Map<string, string>();
    for (const m of roster.values()) if (m.team ?? m.region) teamOf.set(m.rep, (m.team ?? m.region)!);
    for (const r of score.reps) if (!teamOf.has(r.rep) && r.team !== '—') teamOf.set(r.rep, r.team);
    const result = evaluate({
      deals: loaded.deals,
      period,
      asOf: ctx.asOf,
      targets,
      behaviour: behaviourOf(score),
      teamOf,
      rest: nowPlan ? { reps: restOf('rep'), teams: restOf('team') } : undefined,
      config: ctx.config.evaluate,
    });
    const problems = [...loaded.problems, ...activity.problems, ...score.problems, ...(read?.problems ?? []), ...result.problems];
    const problemCount =
      loaded.problemCounts.reduce((s, d) => s + d.problemCount, 0) + activity.problemCount + score.problems.length + (read?.problems.length ?? 0) + result.problems.length;
    const targetsFrom = flags.targets ?? ctx.t(bi('forecast computed on the spot', '现场计算的预测'));
    const json = () => JSON.stringify({ asOf: isoDate(ctx.asOf), targetsFrom, config: ctx.config.evaluate, ...result, period: { ...period, from: isoDate(period.from), to: isoDate(period.to) }, problems, problemCount }, null, 2);
    if (flags.out?.toLowerCase().endsWith('.xlsx')) await writeWorkbook(flags.out, sheets(ctx, result, problems), ctx.asOf, { force: flags.force, inputs });
    else if (flags.out) await writeTextFile(flags.out, json() + '\n', { force: flags.force, inputs });
    ctx.print(flags.json ? json() : `${render(ctx, result, targetsFrom)}\n\n${problemLines(ctx, problems, problemCount)}`);
    return strictExit(ctx, [{ problemCount }]);
  });
}
