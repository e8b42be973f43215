import type { Command } from 'commander';
import { formatLocal, isoDate } from '../../core/calendar.js';
import { bi, formatPercent, tr, type Bi, type Lang } from '../../core/i18n.js';
import { rosterOf } from '../../core/teams.js';
import { KBI_SHORT, periodOf, ScoreAccumulator, type KbiValue, type ScoreResult } from '../../core/score/index.js';
import { KBI_IDS } from '../../schema/config/score.js';
import { ACTIVITY_TYPES, ACTIVITY_TYPE_LABELS } from '../../core/values/activity-type.js';
import { checkOutputPath } from '../../io/output.js';
import { streamDataset, type DatasetInfo } from '../../io/read.js';
import { problemsSheet, writeWorkbook, type Fill, type SheetImage, type SheetSpec } from '../../io/workbook.js';
import { action, addOutputFlags, addReadFlags, examples, type OutputFlags, type ReadFlags } from '../common.js';
import { strictExit, type Context } from '../context.js';
import { load } from '../load.js';
import { bar, num, problemLines, renderTable } from '../render.js';
import { wrapText } from '../render.js';
import { addChartFlags, chartOutputs, type ChartFlags } from '../chart-files.js';
import { scoreCharts, scoreLevels } from '../../core/charts/index.js';

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
    'perf score fixtures/activity.xlsx --deals fixtures/deals.csv --leads fixtures/leads.csv --team fixtures/teams.csv --as-of 2026-11-27',
    'perf score activity.csv --month 2026-10 -o scored.xlsx',
    'perf score activity.csv --from 2026-09-01 --to 2026-11-30 --json > scores.json',
  ]);
  action<ScoreFlags>(cmd, async (ctx, [file], flags) => {
    const period = periodOf(flags, ctx.asOf);
    const inputs = [file, flags.deals, flags.leads, flags.team].filter((f): f is string => f !== undefined);
    if (flags.out) checkOutputPath(flags.out, { force: flags.force, inputs });
    const deals = flags.deals ? await load(ctx, flags.deals, 'deals') : undefined;
    const leads = flags.leads ? await load(ctx, flags.leads, 'leads') : undefined;
    const teams = flags.team ? await load(ctx, flags.team, 'teams') : undefined;
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
    });
    const info = await streamDataset(file, { ...ctx.readOptions(flags), kind: 'activities' }, (a) => acc.add(a));
    const result = acc.finish();
    const sources: DatasetInfo[] = [info, ...[deals, leads, teams].filter((d): d is NonNullable<typeof d> => d !== undefined)];
    const problems = [...sources.flatMap((s) => s.problems), ...result.problems];
    const problemCount = sources.reduce((s, d) => s + d.problemCount, 0) + result.problems.length;
    const images = await chartOutputs(ctx, () => scoreLevels(result).flatMap((ref) => scoreCharts(result, ref, ctx.lang)), flags, { col: 0, row: 3 });
    if (flags.out) await writeWorkbook(flags.out, [summarySheet(ctx.lang, result, images), ...workbook(ctx.lang, result, problems)], ctx.asOf, { force: flags.force, inputs });
    if (flags.json) ctx.print(JSON.stringify(jsonOf(result, problems, problemCount), null, 2));
    else ctx.print(renderScore(ctx, result, problems, problemCount, flags.out));
    if (flags.out) ctx.note(ctx.t(bi(`wrote ${flags.out}`, `已写入 ${flags.out}`)));
    return strictExit(ctx, [{ problemCount }]);
  });
}

const pct = (lang: Lang, v: number | null) => (v === null ? '—' : formatPercent(lang, v, 0));

function jsonOf(r: ScoreResult, problems: ScoreResult['problems'], problemCount: number) {
  return {
    ...r,
    period: { ...r.period, from: isoDate(r.period.from), to: isoDate(r.period.to), cutoff: formatLocal(r.period.cutoff) },
    weeks: r.weeks.map((w) => ({ ...w, weekStart: isoDate(w.weekStart) })),
    misses: r.misses.map((m) => ({ ...m, due: formatLocal(m.due) })),
    audit: r.audit.map((a) => ({ ...a, at: formatLocal(a.at) })),
    problems,
    problemCount,
  };
}

const kbiCell = (lang: Lang, v: KbiValue) => (v.compliance === null ? '       —' : `${bar(v.compliance, 3)} ${pct(lang, v.compliance).padStart(4)}`);

export function renderScore(ctx: Context, r: ScoreResult, problems: ScoreResult['problems'], problemCount: number, out?: string): string {
  const t = ctx.t;
  const lang = ctx.lang;
  const blocks: string[] = [];
  blocks.push(
    t(
      bi(
        `Behaviour scores ${isoDate(r.period.from)} … ${isoDate(r.period.to)} (as of ${isoDate(r.period.cutoff - 86_400_000)}; ${num(lang, r.stats.inPeriod)} of ${num(lang, r.stats.activities)} activities in the period)`,
        `行为评分 ${isoDate(r.period.from)} … ${isoDate(r.period.to)}（截至 ${isoDate(r.period.cutoff - 86_400_000)}；期内行为 ${num(lang, r.stats.inPeriod)} 条，共 ${num(lang, r.stats.activities)} 条）`,
      ),
    ),
  );
  const kbiHead = KBI_IDS.map((k) => t(KBI_SHORT[k]));
  for (const month of r.period.months) {
    const reps = r.reps.filter((x) => x.month === month).sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.rep.localeCompare(b.rep));
    blocks.push(
      renderTable(
        ['#', t(bi('Rep', '销售')), t(bi('Team', '团队')), t(bi('Score', '得分')), t(bi('Points', '积分')), ...kbiHead],
        reps.map((x) => [x.rank === null ? '—' : String(x.rank), x.rep, x.team, x.score === null ? '—' : x.score.toFixed(1), x.points, ...x.kbis.map((v) => kbiCell(lang, v))]),
        { title: t(bi(`Leaderboard ${month}`, `排行榜 ${month}`)) },
      ),
    );
    const teams = r.teams.filter((x) => x.month === month).sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9));
    if (teams.length)
      blocks.push(
        renderTable(
          ['#', t(bi('Team', '团队')), t(bi('Reps', '人数')), t(bi('Avg score', '平均得分')), t(bi('Points', '积分')), ...kbiHead],
          teams.map((x) => [x.rank === null ? '—' : String(x.rank), x.team, x.reps, x.score === null ? '—' : x.score.toFixed(1), x.points, ...x.kbis.map((v) => kbiCell(lang, v))]),
          { title: t(bi(`Teams ${month}`, `团队汇总 ${month}`)) },
        ),
      );
  }
  const thresholds = r.kbis
    .map((k) => `  ${t(KBI_SHORT[k.kbi])} = ${t(k.label)}: ${k.kbi === 'objection' ? '' : `≥ ${k.threshold} `}${t(k.unit)}${k.available ? '' : t(bi(' (needs --deals)', '（需要 --deals）'))}`)
    .join('\n');
  const missCount = new Map<string, number>();
  for (const m of r.misses) missCount.set(m.kbi, (missCount.get(m.kbi) ?? 0) + 1);
  const misses = KBI_IDS.map((k) => `${t(r.kbis.find((x) => x.kbi === k)!.label)} ${missCount.get(k) ?? 0}`).join(' · ');
  blocks.push(
    [
      t(bi('KBIs (bars: share of due checks passed):', 'KBI（条形：到期检查通过比例）：')),
      thresholds,
      `${t(bi('Misses', '未达标'))}: ${misses}${out ? '' : t(bi(' — details with -o FILE.xlsx or --json', ' —— 明细见 -o FILE.xlsx 或 --json'))}`,
      `${t(bi('Formula', '公式'))}: ${t(r.formula)}`,
    ].join('\n'),
  );
  blocks.push(problemLines(ctx, problems, problemCount));
  return wrapText(blocks.join('\n\n'));
}

const complianceFill = (v: unknown): Fill | undefined =>
  typeof v !== 'number' ? undefined : v >= 1 ? 'good' : v >= 0.8 ? 'warn' : 'bad';

/** The first sheet: what was scored, the formula, and a behaviour chart per level. */
function summarySheet(lang: Lang, r: ScoreResult, images: SheetImage[]): SheetSpec {
  return {
    name: tr(lang, bi('Summary', '概览')),
    columns: [],
    rows: [],
    notes: [tr(lang, r.formula)],
    images,
  };
}

function workbook(lang: Lang, r: ScoreResult, problems: ScoreResult['problems']): SheetSpec[] {
  const t = (en: string, zh: string) => tr(lang, bi(en, zh));
  const l = (b: Bi) => tr(lang, b);
  const kbiCols = (suffix: 'compliance' | 'actual') =>
    r.kbis.map((k) => ({
      key: `${k.kbi}_${suffix}`,
      header: `${l(k.label)} ${suffix === 'compliance' ? t('compliance', '达成率') : t('actual', '实际')}`,
      format: suffix === 'compliance' ? ('percent' as const) : ('decimal' as const),
      width: 14,
    }));
  const kbiFields = (kbis: KbiValue[]) =>
    Object.fromEntries(kbis.flatMap((v) => [[`${v.kbi}_compliance`, v.compliance], [`${v.kbi}_actual`, v.actual], [`${v.kbi}_threshold`, v.threshold]]));
  const fillKbi = (row: Record<string, unknown>, key: string): Fill | undefined => {
    if (key.endsWith('_compliance') || key === 'compliance') return complianceFill(row[key]);
    if (key.endsWith('_actual')) {
      const v = row[key];
      const th = row[key.replace('_actual', '_threshold')];
      return typeof v === 'number' && typeof th === 'number' && v < th ? 'bad' : undefined;
    }
    return undefined;
  };
  const notes = [
    `${t('Period', '期间')}: ${isoDate(r.period.from)} … ${isoDate(r.period.to)}; ${t('as of', '截至')} ${isoDate(r.period.cutoff - 86_400_000)}`,
    `${t('Formula', '公式')}: ${l(r.formula)}`,
    ...r.kbis.map((k) => `${l(k.label)}: ${t('threshold', '阈值')} ${k.threshold} ${l(k.unit)}`),
  ];
  return [
    {
      name: t('Scores', '得分'),
      notes,
      columns: [
        { key: 'month', header: t('Month', '月份'), width: 9 },
        { key: 'rank', header: t('Rank', '排名'), format: 'int', width: 6 },
        { key: 'rep', header: t('Rep', '销售'), width: 14 },
        { key: 'team', header: t('Team', '团队'), width: 10 },
        { key: 'teamRank', header: t('Rank in team', '团队内排名'), format: 'int', width: 8 },
        { key: 'score', header: t('Score (0–100)', '得分（0–100）'), format: 'decimal', width: 10 },
        { key: 'compliance', header: t('KBI compliance', 'KBI 达成率'), format: 'percent', width: 10 },
        { key: 'points', header: t('Points', '积分'), format: 'int', width: 8 },
        { key: 'pointsRatio', header: t('Points share', '积分完成度'), format: 'percent', width: 10 },
        ...kbiCols('compliance'),
        ...kbiCols('actual'),
      ],
      rows: r.reps.map((x) => ({ ...x, ...kbiFields(x.kbis) })),
      fill: fillKbi,
    },
    {
      name: t('Teams', '团队'),
      notes: [t('Team roll-up: KBI checks pooled over the team; score = mean of the reps’ scores.', '团队汇总：KBI 检查按团队合并；得分 = 成员得分的平均值。')],
      columns: [
        { key: 'month', header: t('Month', '月份'), width: 9 },
        { key: 'rank', header: t('Rank', '排名'), format: 'int', width: 6 },
        { key: 'team', header: t('Team', '团队'), width: 12 },
        { key: 'reps', header: t('Reps', '人数'), format: 'int', width: 6 },
        { key: 'score', header: t('Avg score', '平均得分'), format: 'decimal', width: 10 },
        { key: 'compliance', header: t('KBI compliance', 'KBI 达成率'), format: 'percent', width: 10 },
        { key: 'points', header: t('Points', '积分'), format: 'int', width: 8 },
        ...kbiCols('compliance'),
      ],
      rows: r.teams.map((x) => ({ ...x, ...kbiFields(x.kbis) })),
      fill: fillKbi,
    },
    {
      name: t('KBI compliance', 'KBI 达成'),
      columns: [
        { key: 'month', header: t('Month', '月份'), width: 9 },
        { key: 'rep', header: t('Rep', '销售'), width: 14 },
        { key: 'team', header: t('Team', '团队'), width: 10 },
        { key: 'kbi', header: 'KBI', width: 20 },
        { key: 'unit', header: t('Unit', '单位'), width: 30 },
        { key: 'threshold', header: t('Threshold', '阈值'), format: 'decimal', width: 9 },
        { key: 'actual', header: t('Actual (mean)', '实际（平均）'), format: 'decimal', width: 10 },
        { key: 'passed', header: t('Passed', '通过'), format: 'int', width: 8 },
        { key: 'due', header: t('Due', '到期'), format: 'int', width: 8 },
        { key: 'pending', header: t('Pending', '未到期'), format: 'int', width: 8 },
        { key: 'compliance', header: t('Compliance', '达成率'), format: 'percent', width: 10 },
      ],
      rows: r.reps.flatMap((x) => x.kbis.map((v) => ({ month: x.month, rep: x.rep, team: x.team, ...v, kbi: l(v.label), unit: l(v.unit) }))),
      fill: (row, key) => (key === 'compliance' ? complianceFill(row.compliance) : key === 'actual' && typeof row.actual === 'number' && row.actual < (row.threshold as number) ? 'bad' : undefined),
    },
    {
      name: t('KBI misses', 'KBI 未达标'),
      notes: [t('Every failed check with its evidence; rows are the activity file’s row numbers as Excel shows them.', '每一项未通过的检查及其证据；行号为行为记录文件在 Excel 中显示的行号。')],
      columns: [
        { key: 'rep', header: t('Rep', '销售'), width: 14 },
        { key: 'team', header: t('Team', '团队'), width: 10 },
        { key: 'kbi', header: 'KBI', width: 20 },
        { key: 'month', header: t('Month', '月份'), width: 9 },
        { key: 'week', header: t('Week', '周'), width: 10 },
        { key: 'customer', header: t('Customer', '客户'), width: 30 },
        { key: 'deal', header: t('Deal', '商机'), width: 12 },
        { key: 'dealRow', header: t('Deal row', '商机行号'), format: 'int', width: 8 },
        { key: 'due', header: t('Due', '到期'), format: 'datetime', width: 16 },
        { key: 'actual', header: t('Actual', '实际'), format: 'decimal', width: 8 },
        { key: 'threshold', header: t('Threshold', '阈值'), format: 'decimal', width: 8 },
        { key: 'rows', header: t('Activity rows', '行为记录行号'), width: 24 },
        { key: 'note', header: t('What happened', '说明'), width: 70 },
      ],
      rows: r.misses.map((m) => ({ ...m, kbi: l(r.kbis.find((k) => k.kbi === m.kbi)!.label), note: l(m.note) })),
      fill: (_row, key) => (key === 'actual' ? 'bad' : undefined),
    },
    {
      name: t('Weekly detail', '周明细'),
      notes: [t('A week belongs to the month holding its Thursday (ISO rule); counts cover all seven days.', '每周归属于其周四所在的月份（ISO 规则）；计数覆盖整周七天。')],
      columns: [
        { key: 'rep', header: t('Rep', '销售'), width: 14 },
        { key: 'team', header: t('Team', '团队'), width: 10 },
        { key: 'week', header: t('Week', '周'), width: 10 },
        { key: 'weekStart', header: t('Monday', '周一'), format: 'date', width: 11 },
        { key: 'month', header: t('Month', '月份'), width: 9 },
        ...ACTIVITY_TYPES.map((k) => ({ key: `n_${k}`, header: l(ACTIVITY_TYPE_LABELS[k]), format: 'int' as const, width: 9 })),
        { key: 'customers', header: t('Customers', '客户数'), format: 'int', width: 9 },
        ...r.kbis.flatMap((k) => [
          { key: `${k.kbi}_actual`, header: `${l(k.label)} ${t('actual', '实际')}`, format: 'decimal' as const, width: 12 },
          { key: `${k.kbi}_compliance`, header: `${l(k.label)} ${t('compliance', '达成率')}`, format: 'percent' as const, width: 12 },
        ]),
      ],
      rows: r.weeks.map((w) => ({ ...w, ...Object.fromEntries(Object.entries(w.byType).map(([k, v]) => [`n_${k}`, v])), ...kbiFields(w.kbis) })),
      fill: fillKbi,
    },
    {
      name: t('Point audit', '积分明细'),
      notes: [t('Every point with the rows that earned or cost it. Rows with 0 points show progress toward the next group or a reached cap.', '每一分及其来源行。0 分的行表示距下一组的进度或已达上限。')],
      columns: [
        { key: 'rep', header: t('Rep', '销售'), width: 14 },
        { key: 'team', header: t('Team', '团队'), width: 10 },
        { key: 'month', header: t('Month', '月份'), width: 9 },
        { key: 'bucket', header: t('Counted in', '计数周期'), width: 10 },
        { key: 'rule', header: t('Rule', '规则'), width: 18 },
        { key: 'ruleLabel', header: t('Rule name', '规则名称'), width: 26 },
        { key: 'points', header: t('Points', '积分'), format: 'int', width: 8 },
        { key: 'file', header: t('File', '文件'), width: 24 },
        { key: 'rows', header: t('Source rows', '来源行号'), width: 18 },
        { key: 'at', header: t('When', '时间'), format: 'datetime', width: 16 },
        { key: 'note', header: t('Why', '说明'), width: 70 },
      ],
      rows: r.audit.map((a) => ({ ...a, ruleLabel: l(a.ruleLabel), note: l(a.note) })),
      fill: (row, key) => (key === 'points' && typeof row.points === 'number' ? (row.points < 0 ? 'bad' : row.points > 0 ? 'good' : undefined) : undefined),
    },
    problemsSheet(lang, problems),
  ];
}
