import { isoDate } from '../../core/calendar.js';
import { bi } from '../../core/i18n.js';
import type { AuditResult, Flag } from '../../core/audit/index.js';
import { problemsSheet, type SheetSpec } from '../../io/workbook.js';
import type { Context } from '../context.js';
import { KIND_LABELS, notCheckedLines, SEVERITY } from './labels.js';

export function workbookSheets(ctx: Context, r: AuditResult, problems: Parameters<typeof problemsSheet>[1]): SheetSpec[] {
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
        ...notCheckedLines((b) => ctx.t(b), r),
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
        { key: 'results', header: t('Results score', '业绩得分'), format: 'score' },
        { key: 'behaviour', header: t('Behaviour score', '行为得分'), format: 'score' },
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
        severity: ctx.t(SEVERITY[f.severity].label),
        severityKey: f.severity,
        metric: ctx.t(f.metric),
        message: ctx.t(f.message),
        rows: f.evidence.map((e) => e.row).join(', '),
      })),
      fill: (row, key) => (key === 'severity' ? ({ high: 'bad', medium: 'warn', low: 'info' } as const)[row.severityKey as Flag['severity']] : undefined),
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
