import type { Command } from 'commander';
import { isoDate, monthEnd, monthIndex, monthStart } from '../../core/calendar.js';
import { bi, formatNumber, formatPercent, type Bi } from '../../core/i18n.js';
import { runAudit, FLAG_KINDS, scoreText, type AuditResult, type FlagKind, type ScoreInput } from '../../core/audit/index.js';
import { behaviourOf, evaluate, monthsOf } from '../../core/evaluate/index.js';
import { plannedTargets } from '../../core/plan/index.js';
import { scoreBehaviour } from '../../core/score/index.js';
import { rosterOf, withRoster, type Roster } from '../../core/teams.js';
import type { Problem } from '../../schema/problem.js';
import type { Dataset } from '../../io/read.js';
import { checkOutputPath, writeTextFile } from '../../io/output.js';
import { problemsSheet, writeWorkbook, type SheetSpec } from '../../io/workbook.js';
import { action, addOutputFlags, addReadFlags, examples, type OutputFlags } from '../common.js';
import { strictExit, type Context } from '../context.js';
import { load } from '../load.js';
import { loadPlanInputs, type PlanFlags, type PlanInputs } from '../plan-inputs.js';
import { problemLines, renderTable, wrapText } from '../render.js';

interface AuditFlags extends PlanFlags, OutputFlags {
  activity?: string;
}

export const KIND_LABELS: Record<FlagKind, Bi> = {
  cramming: bi('period-end cramming', '期末突击签单'),
  reversal: bi('period-end deal reversed', '期末订单被撤销'),
  no_activity: bi('no activity before signing', '签约前无活动'),
  fast_close: bi('unusually fast close', '成交异常快'),
  duplicate: bi('duplicate', '重复订单'),
  split: bi('split order', '拆单'),
  single_kpi: bi('single-KPI risk', '单一指标风险'),
};

const who = (f: { rep?: string; team?: string }) => f.rep ?? f.team ?? '—';

function workbookSheets(ctx: Context, r: AuditResult, problems: Parameters<typeof problemsSheet>[1]): SheetSpec[] {
  const t = (en: string, zh: string) => ctx.t(bi(en, zh));
  const quarter = r.concentration.filter((p) => p.periodKind === 'quarter');
  const month = new Map(r.concentration.filter((p) => p.periodKind === 'month').map((p) => [`${p.level}:${p.unit}`, p]));
  const scores = new Map(r.scores.map((s) => [s.rep, s]));
  const summary = quarter.map((q) => {
    const m = month.get(`${q.level}:${q.unit}`)!;
    const mine = r.flags.filter((f) => (q.level === 'rep' ? f.rep === q.unit : f.level === 'team' && f.team === q.unit));
    const s = q.level === 'rep' ? scores.get(q.unit) : undefined;
    return {
      level: q.level === 'rep' ? t('rep', '销售') : t('team', '团队'),
      unit: q.unit,
      team: q.level === 'rep' ? q.team : '',
      deals: q.deals,
      qShare: q.share,
      qAmount: q.amountShare,
      qExpected: q.expected,
      qZ: q.z,
      mShare: m.share,
      mExpected: m.expected,
      mZ: m.z,
      results: s?.results,
      behaviour: s?.behaviour,
      flags: mine.length,
      kinds: [...new Set(mine.map((f) => ctx.t(KIND_LABELS[f.kind])))].join(', '),
    };
  });
  const n = ctx.config.audit.lastDays;
  return [
    {
      name: t('Summary', '汇总'),
      notes: [
        t(
          `Share of won deals signed in the last ${n} days of a quarter / month, against what the peers' shares at the same calendar positions predict (z: binomial z-score). As of ${isoDate(ctx.asOf)}.`,
          `季度/月最后 ${n} 天签约的赢单占比，对照同组在相同日历位置的占比所预期的值（z：二项 z 分数）。截至 ${isoDate(ctx.asOf)}。`,
        ),
      ],
      columns: [
        { key: 'level', header: t('Level', '层级'), width: 8 },
        { key: 'unit', header: t('Rep / team', '销售/团队'), width: 16 },
        { key: 'team', header: t('Team', '团队'), width: 10 },
        { key: 'deals', header: t('Won deals', '赢单数'), format: 'int' },
        { key: 'qShare', header: t(`Quarter-end share`, '季末占比'), format: 'percent' },
        { key: 'qAmount', header: t('Quarter-end amount share', '季末金额占比'), format: 'percent' },
        { key: 'qExpected', header: t('Expected (peers)', '预期（同组）'), format: 'percent' },
        { key: 'qZ', header: t('z (quarter)', 'z（季度）'), format: 'decimal' },
        { key: 'mShare', header: t('Month-end share', '月末占比'), format: 'percent' },
        { key: 'mExpected', header: t('Expected (peers)', '预期（同组）'), format: 'percent' },
        { key: 'mZ', header: t('z (month)', 'z（月）'), format: 'decimal' },
        { key: 'results', header: t('Results score', '业绩得分'), format: 'decimal' },
        { key: 'behaviour', header: t('Behaviour score', '行为得分'), format: 'decimal' },
        { key: 'flags', header: t('Flags', '标记数'), format: 'int' },
        { key: 'kinds', header: t('Kinds', '类型'), width: 40 },
      ],
      rows: summary,
      fill: (row, key) => (key === 'flags' && (row.flags as number) > 0 ? 'bad' : undefined),
    },
    {
      name: t('Flags', '标记'),
      columns: [
        { key: 'id', header: 'ID', width: 7 },
        { key: 'kind', header: t('Kind', '类型'), width: 22 },
        { key: 'severity', header: t('Severity', '级别'), width: 9 },
        { key: 'rep', header: t('Rep', '销售'), width: 14 },
        { key: 'team', header: t('Team', '团队'), width: 10 },
        { key: 'period', header: t('Period', '期间'), width: 10 },
        { key: 'value', header: t('Number', '数值'), format: 'decimal' },
        { key: 'expected', header: t('Expected', '预期'), format: 'decimal' },
        { key: 'score', header: t('Score (z / pct / ratio)', '分数'), format: 'decimal' },
        { key: 'metric', header: t('What the number is', '数值含义'), width: 40 },
        { key: 'rows', header: t('Evidence rows', '证据行号'), width: 24 },
        { key: 'message', header: t('Finding', '发现'), width: 90 },
      ],
      rows: r.flags.map((f) => ({
        ...f,
        kind: ctx.t(KIND_LABELS[f.kind]),
        severity: f.severity === 'high' ? t('high', '高') : t('medium', '中'),
        metric: ctx.t(f.metric),
        message: ctx.t(f.message),
        rows: f.evidence.map((e) => e.row).join(', '),
      })),
      fill: (row, key) => (key === 'severity' ? (row.severity === t('high', '高') ? 'bad' : 'warn') : undefined),
    },
    {
      name: t('Evidence', '证据'),
      columns: [
        { key: 'flag', header: t('Flag', '标记'), width: 7 },
        { key: 'file', header: t('File', '文件'), width: 10 },
        { key: 'row', header: t('Row', '行号'), format: 'int', width: 8 },
        { key: 'id', header: 'ID', width: 14 },
        { key: 'rep', header: t('Rep', '销售'), width: 14 },
        { key: 'customer', header: t('Customer', '客户'), width: 36 },
        { key: 'amount', header: t('Amount', '金额'), format: 'money' },
        { key: 'date', header: t('Date', '日期'), format: 'date' },
        { key: 'note', header: t('Why', '说明'), width: 60 },
      ],
      rows: r.flags.flatMap((f) => f.evidence.map((e) => ({ ...e, flag: f.id, note: ctx.t(e.note) }))),
    },
    problemsSheet(ctx.lang, problems),
  ];
}

function renderAudit(ctx: Context, r: AuditResult): string {
  const t = (en: string, zh: string) => ctx.t(bi(en, zh));
  const n = ctx.config.audit.lastDays;
  const lines: string[] = [
    t(
      `Audit as of ${isoDate(ctx.asOf)}: ${r.stats.won} won deals of ${r.stats.deals} rows, ${r.stats.reps} reps, ${r.stats.teams} teams — ${r.flags.length} flags`,
      `审计（截至 ${isoDate(ctx.asOf)}）：${r.stats.deals} 行中 ${r.stats.won} 个赢单，${r.stats.reps} 名销售，${r.stats.teams} 个团队——共 ${r.flags.length} 个标记`,
    ),
    FLAG_KINDS.map((k) => `${ctx.t(KIND_LABELS[k])} ${r.counts[k]}`).join(' · '),
    '',
  ];
  const pct = (v: number) => formatPercent(ctx.lang, v);
  const quarter = r.concentration.filter((p) => p.periodKind === 'quarter');
  lines.push(
    renderTable(
      [t('Rep / team', '销售/团队'), t('Won', '赢单'), t(`Last ${n} days`, `最后 ${n} 天`), t('Share', '占比'), t('Amount share', '金额占比'), t('Expected', '预期'), 'z', t('Flagged', '被标记')],
      quarter.map((p) => [
        p.level === 'team' ? `[${p.unit}]` : p.unit,
        p.deals,
        p.lastDeals,
        pct(p.share),
        pct(p.amountShare),
        pct(p.expected),
        formatNumber(ctx.lang, p.z, 2),
        p.flaggedPeriods.join(' ') || '—',
      ]),
      {
        title: t(
          `Quarter-end concentration (complete quarters only: the running quarter is left out; last ${n} days of each quarter)`,
          `季末集中度（仅完整季度，不含进行中的季度；每季度最后 ${n} 天）`,
        ),
      },
    ),
    '',
  );
  if (r.scores.length)
    lines.push(
      renderTable(
        [t('Rep', '销售'), t('Won in span', '期间赢单额'), t('Results', '业绩'), t('Behaviour', '行为')],
        r.scores.map((s) => [s.rep, formatNumber(ctx.lang, s.wonAmount), scoreText(s.results), scoreText(s.behaviour)]),
        { title: t(`Results against behaviour (${ctx.t(r.scores[0].source)})`, `业绩与行为（${ctx.t(r.scores[0].source)}）`) },
      ),
      '',
    );
  if (r.activityCoverage)
    lines.push(
      t(
        `No-activity check: ${r.activityCoverage.checked} deals checked; ${r.activityCoverage.outside} signed outside the span the activity log covers were not judged.`,
        `无活动检查：检查了 ${r.activityCoverage.checked} 个订单；${r.activityCoverage.outside} 个签约于活动记录覆盖期之外，未判断。`,
      ),
      '',
    );
  lines.push(t('Flags', '标记'));
  if (r.flags.length === 0) lines.push(t('  none', '  无'));
  for (const f of r.flags) {
    lines.push(`  ${f.id} ${f.severity === 'high' ? '!!' : '! '} [${ctx.t(KIND_LABELS[f.kind])}] ${ctx.t(f.message)}`);
    lines.push(`       ${t('rows', '行号')}: ${f.evidence.map((e) => e.row).join(', ')}`);
  }
  return wrapText(lines.join('\n'));
}

/**
 * Results and behaviour scores for the single-KPI check, over the months the activity log covers (up
 * to --as-of): behaviour = perf score's monthly scores averaged; results = perf evaluate's results
 * score against the targets perf forecast set on the eve of each quarter, pro-rated while a month runs.
 */
function repScores(ctx: Context, loaded: PlanInputs, activity: Dataset<'activities'>, roster: Roster): { input: ScoreInput; problems: Problem[] } | undefined {
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
  for (const r of score.reps) if (r.team !== '—') teamOf.set(r.rep, r.team);
  const targets = plannedTargets(loaded.deals, loaded.options, period, 'amount').map((t) => ({ ...t, file: `forecast as of ${isoDate(t.plannedOn)}`, fromForecast: true }));
  const result = evaluate({ deals: loaded.deals, period, asOf: ctx.asOf, targets, behaviour: behaviourOf(score), teamOf, config: ctx.config.evaluate });
  const source = bi(
    `${period.key}: results = perf evaluate's results score against perf forecast's targets${result.status === 'running' ? ' pro-rated to date' : ''}, behaviour = perf score`,
    `${period.key}：业绩 = perf evaluate 的业绩得分（目标取自 perf forecast${result.status === 'running' ? '，按已过天数折算' : ''}），行为 = perf score`,
  );
  return {
    input: { from, to: Math.min(to, ctx.asOf), scores: result.reps.map((e) => ({ rep: e.name, team: e.team, wonAmount: e.actual, results: e.results, behaviour: e.behaviour, source })) },
    problems: [...score.problems, ...result.problems],
  };
}

export function registerAudit(program: Command): void {
  const cmd = program
    .command('audit')
    .argument('<deals>', 'deals / opportunities export (CSV or XLSX)')
    .description('were results earned? period-end cramming, reversed period-end deals, deals without activity, duplicates and splits, single-KPI risk')
    .option('--activity <file>', 'activity log: enables the no-activity and single-KPI checks')
    .option('--team <file>', 'team roster (rep, team, region, manager)');
  addReadFlags(cmd);
  addOutputFlags(cmd, 'write the audit to FILE (.xlsx: Summary, Flags, Evidence, Problems; .json)');
  examples(cmd, [
    'perf audit fixtures/deals.csv --as-of 2026-11-27',
    'perf audit fixtures/deals.csv --activity fixtures/activity.xlsx --team fixtures/teams.csv -o audit.xlsx',
    'perf audit deals.csv --json | jq ".flags[] | select(.kind==\\"reversal\\")"',
  ]);
  action<AuditFlags>(cmd, async (ctx, [file], flags) => {
    const inputs = [file, flags.activity, flags.team].filter((x): x is string => x !== undefined);
    if (flags.out) checkOutputPath(flags.out, { force: flags.force, inputs });
    const loaded = await loadPlanInputs(ctx, file, flags);
    const roster = rosterOf(loaded.options.roster ?? []);
    const activity = flags.activity ? await load(ctx, flags.activity, 'activities', flags) : undefined;
    if (activity) withRoster(activity.rows, roster);
    const scores = activity ? repScores(ctx, loaded, activity, roster) : undefined;
    const result = runAudit({ deals: loaded.deals, activities: activity?.rows, scores: scores?.input, asOf: ctx.asOf, config: ctx.config.audit });
    const problems = [...loaded.problems, ...(activity?.problems ?? []), ...(scores?.problems ?? [])];
    const problemCount = loaded.problemCounts.reduce((n, p) => n + p.problemCount, 0) + (activity?.problemCount ?? 0) + (scores?.problems.length ?? 0);
    const sources = [{ problemCount }];
    const json = () =>
      JSON.stringify(
        { asOf: isoDate(ctx.asOf), files: inputs, config: ctx.config.audit, ...result, problems, problemCount },
        (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
        2,
      );
    if (flags.out?.toLowerCase().endsWith('.xlsx')) await writeWorkbook(flags.out, workbookSheets(ctx, result, problems), ctx.asOf, { force: flags.force, inputs });
    else if (flags.out) await writeTextFile(flags.out, json() + '\n', { force: flags.force, inputs });
    if (flags.out && flags.out !== '-') ctx.note(ctx.t(bi(`wrote ${flags.out}`, `已写入 ${flags.out}`)));
    ctx.print(flags.json ? json() : `${renderAudit(ctx, result)}\n\n${problemLines(ctx, problems, problemCount)}`);
    return strictExit(ctx, sources);
  });
}


