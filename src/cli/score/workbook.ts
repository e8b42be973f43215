import { isoDate } from '../../core/calendar.js';
import { bi, labelled, tr, type Bi, type Lang } from '../../core/i18n.js';
import { coverageNote, type KbiValue, type ScoreResult } from '../../core/score/index.js';
import { mapEntries } from '../../core/spool.js';
import { ACTIVITY_TYPES, ACTIVITY_TYPE_LABELS } from '../../core/values/activity-type.js';
import { problemsSheet, type Fill, type SheetImage, type SheetSpec } from '../../io/workbook.js';
import { NO_TEAM } from '../../core/teams.js';

const complianceFill = (v: unknown): Fill | undefined =>
  typeof v !== 'number' ? undefined : v >= 1 ? 'good' : v >= 0.8 ? 'warn' : 'bad';

/** The first sheet: the leaderboard, the formula, and a behaviour chart per level below. */
export function summarySheet(lang: Lang, r: ScoreResult, images: SheetImage[]): SheetSpec {
  // The leaderboard of the last month scored opens the workbook: rank, rep (team) and score.
  const last = r.period.months[r.period.months.length - 1];
  const board = r.reps.filter((x) => x.month === last && x.rank !== null && x.score !== null).sort((a, b) => a.rank! - b.rank!);
  return {
    name: tr(lang, bi('Summary', '概览')),
    headline: [
      { label: tr(lang, bi(`Leaderboard ${last}`, `${last} 排行榜`)), value: tr(lang, bi('score (0–100)', '得分（0–100）')) },
      ...board.map((x) => ({ label: `${x.rank}. ${x.rep}${x.team && x.team !== NO_TEAM ? ` (${x.team})` : ''}`, value: x.score, format: 'score' as const })),
    ],
    columns: [],
    rows: [],
    notes: [tr(lang, r.formula)],
    images,
  };
}

export function workbook(lang: Lang, r: ScoreResult, problems: ScoreResult['problems']): SheetSpec[] {
  const t = (en: string, zh: string) => tr(lang, bi(en, zh));
  const l = (b: Bi) => tr(lang, b);
  const kbiCols = (suffix: 'compliance' | 'actual') =>
    r.kbis.map((k) => ({
      key: `${k.kbi}_${suffix}`,
      header: `${l(k.label)} ${suffix === 'compliance' ? t('compliance', '达成率') : t('actual', '实际')}`,
      format: suffix === 'compliance' ? ('percent' as const) : ('decimal' as const),
      width: 14,
    }));
  /**
   * A result row widened with its KBI fields (and more), as a sheet reads it. Object.assign onto a new
   * object, not `{ ...row, ...fields }`: V8 gives a spread copy a hidden class outside its transition
   * tree, so every key added to it built new hidden classes in the old generation, for every row
   * (measured on the 200-rep whole log: 230 MB of old-space garbage over the Weekly detail sheet, 5 s).
   */
  const widened = <T extends object>(row: T, ...fields: Record<string, unknown>[]): Record<string, unknown> => Object.assign({}, row, ...fields);
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
    labelled(lang, t('Period', '期间'), `${isoDate(r.period.from)} … ${isoDate(r.period.to)}${t('; as of', '；截至')} ${isoDate(r.period.cutoff - 86_400_000)}`),
    ...[coverageNote(r.period)].filter((n): n is Bi => n !== null).map(l),
    labelled(lang, t('Formula', '公式'), l(r.formula)),
    ...r.kbis.map((k) => labelled(lang, l(k.label), `${t('threshold', '阈值')} ${k.threshold} ${l(k.unit)}`)),
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
        { key: 'score', header: t('Score (0–100)', '得分（0–100）'), format: 'score', width: 10 },
        { key: 'compliance', header: t('KBI compliance', 'KBI 达成率'), format: 'percent', width: 10 },
        { key: 'points', header: t('Points', '积分'), format: 'int', width: 8 },
        { key: 'pointsRatio', header: t('Points share', '积分完成度'), format: 'percent', width: 10 },
        ...kbiCols('compliance'),
        ...kbiCols('actual'),
      ],
      rows: mapEntries(r.reps, (x) => widened(x, kbiFields(x.kbis))),
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
        { key: 'score', header: t('Avg score', '平均得分'), format: 'score', width: 10 },
        { key: 'compliance', header: t('KBI compliance', 'KBI 达成率'), format: 'percent', width: 10 },
        { key: 'points', header: t('Points', '积分'), format: 'int', width: 8 },
        ...kbiCols('compliance'),
      ],
      rows: r.teams.map((x) => widened(x, kbiFields(x.kbis))),
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
      rows: mapEntries(r.misses, (m) => ({ ...m, kbi: l(r.kbis.find((k) => k.kbi === m.kbi)!.label), note: l(m.note) })),
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
      // Built as read, like the misses: a row per rep and week of a whole log is thousands of wide objects.
      rows: mapEntries(r.weeks, (w) => widened(w, Object.fromEntries(Object.entries(w.byType).map(([k, v]) => [`n_${k}`, v])), kbiFields(w.kbis))),
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
      rows: mapEntries(r.audit, (a) => ({ ...a, ruleLabel: l(a.ruleLabel), note: l(a.note) })),
      fill: (row, key) => (key === 'points' && typeof row.points === 'number' ? (row.points < 0 ? 'bad' : row.points > 0 ? 'good' : undefined) : undefined),
    },
    problemsSheet(lang, problems),
  ];
}
