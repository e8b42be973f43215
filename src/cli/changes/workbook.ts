import { BUCKETS, SIGN, balance, type Bucket, type Changes, type Movement } from '../../core/changes/index.js';
import { bi, tr, type Lang } from '../../core/i18n.js';
import type { Problem } from '../../schema/problem.js';
import { problemsSheet, type SheetColumn, type SheetImage, type SheetSpec } from '../../io/workbook.js';
import { BUCKET_MEANINGS, BUCKET_NAMES, TAG_NAMES } from './labels.js';

const units = (cents: number) => cents / 100;

/** A summary of every group's waterfall, then one sheet of deals per bucket with OLD → NEW values. */
export function changesSheets(lang: Lang, c: Changes, problems: Problem[], images: SheetImage[]): SheetSpec[] {
  const t = (en: string, zh: string) => tr(lang, bi(en, zh));
  const dealColumns: SheetColumn[] = [
    { key: 'id', header: t('Deal', '商机'), width: 14 },
    { key: 'flow', header: t('In this bucket', '计入本项'), format: 'money', width: 14 },
    { key: 'old_rep', header: t('Owner OLD', '旧负责人'), width: 14 },
    { key: 'new_rep', header: t('Owner NEW', '新负责人'), width: 14 },
    { key: 'old_date', header: t('Close date OLD', '旧成交日期'), format: 'date', width: 13 },
    { key: 'new_date', header: t('Close date NEW', '新成交日期'), format: 'date', width: 13 },
    { key: 'old_amount', header: t('Amount OLD', '旧金额'), format: 'money', width: 14 },
    { key: 'new_amount', header: t('Amount NEW', '新金额'), format: 'money', width: 14 },
    { key: 'old_stage', header: t('Stage OLD', '旧阶段'), width: 16 },
    { key: 'new_stage', header: t('Stage NEW', '新阶段'), width: 16 },
    { key: 'old_row', header: t('Row OLD', '旧行号'), format: 'int', width: 8 },
    { key: 'new_row', header: t('Row NEW', '新行号'), format: 'int', width: 8 },
  ];
  const dealRow = (m: Movement, bucket: Bucket | null) => ({
    id: m.id,
    flow: bucket === null ? undefined : units(m.flows.filter((f) => f.bucket === bucket).reduce((s, f) => s + f.cents, 0)),
    old_rep: m.old?.rep,
    new_rep: m.new?.rep,
    old_date: m.old?.date ?? undefined,
    new_date: m.new?.date ?? undefined,
    old_amount: m.old ? units(m.old.cents) : undefined,
    new_amount: m.new ? units(m.new.cents) : undefined,
    old_stage: m.old ? m.old.stage_label || m.old.stage : undefined,
    new_stage: m.new ? m.new.stage_label || m.new.stage : undefined,
    old_row: m.old?.row,
    new_row: m.new?.row,
  });
  const summary: SheetSpec = {
    name: t('Waterfall', '瀑布'),
    notes: [
      t(`Window ${c.window.quarter}; amounts in currency units, summed in cents: start + inflows − outflows = end exactly`, `窗口 ${c.window.quarter}；金额单位为元，按分求和：期初 + 流入 − 流出 = 期末，精确相等`),
      ...c.checks.map((ch) => tr(lang, ch.message)),
    ],
    columns: [
      { key: 'level', header: t('Level', '层级'), width: 9 },
      { key: 'group', header: t('Group', '分组'), width: 16 },
      { key: 'start', header: t('Start', '期初'), format: 'money', width: 14 },
      ...BUCKETS.map((b): SheetColumn => ({ key: b, header: `${SIGN[b] > 0 ? '+' : '−'}${tr(lang, BUCKET_NAMES[b])}`, format: 'money', width: 13 })),
      { key: 'end', header: t('End', '期末'), format: 'money', width: 14 },
      { key: 'balanced', header: t('Balanced', '平衡'), width: 9 },
    ],
    rows: c.levels.flatMap((l) =>
      l.groups.map((g) => ({
        level: l.level,
        group: g.key === '*' ? t('Company', '公司') : g.key,
        start: units(g.start),
        ...Object.fromEntries(BUCKETS.map((b) => [b, units(g.buckets[b])])),
        end: units(g.end),
        balanced: balance(g) === g.end ? '✓' : '✗',
      })),
    ),
    fill: (row, key) => (key === 'balanced' ? (row.balanced === '✓' ? 'good' : 'bad') : undefined),
    images,
  };
  const bucketSheets = BUCKETS.map((b): SheetSpec | null => {
    const ms = c.movements.filter((m) => m.flows.some((f) => f.bucket === b));
    return ms.length ? { name: tr(lang, BUCKET_NAMES[b]), notes: [tr(lang, BUCKET_MEANINGS[b])], columns: dealColumns, rows: ms.map((m) => dealRow(m, b)) } : null;
  }).filter((s): s is SheetSpec => s !== null);
  const tagged = c.movements.filter((m) => m.tags.length);
  const sheets: SheetSpec[] = [summary, ...bucketSheets];
  if (tagged.length)
    sheets.push({
      name: t('Stage and owner', '阶段与负责人'),
      columns: [{ key: 'tags', header: t('Change', '变化'), width: 28 }, ...dealColumns.filter((col) => col.key !== 'flow')],
      rows: tagged.map((m) => ({ tags: m.tags.map((tag) => tr(lang, TAG_NAMES[tag])).join(', '), ...dealRow(m, null) })),
    });
  if (c.slippage.length)
    sheets.push({
      name: t('Slippage', '推迟'),
      columns: [
        { key: 'rep', header: t('Rep', '销售'), width: 16 },
        { key: 'deals', header: t('Deals pushed', '推迟单数'), format: 'int', width: 12 },
        { key: 'times', header: t('Times pushed', '推迟次数'), format: 'int', width: 12 },
        { key: 'undated', header: t('Date removed', '日期被清空'), format: 'int', width: 12 },
        { key: 'daysPushed', header: t('Days pushed', '推迟天数'), format: 'int', width: 12 },
        { key: 'amount', header: t('Amount pushed', '推迟金额'), format: 'money', width: 14 },
        { key: 'flag', header: t('Flag', '标记'), width: 22 },
      ],
      rows: c.slippage.map((s) => ({ ...s, amount: units(s.cents), flag: s.repeated ? t('repeated pusher', '反复推迟') : '' })),
      fill: (row, key) => (key === 'flag' && row.flag ? 'warn' : undefined),
    });
  sheets.push(problemsSheet(lang, problems));
  return sheets;
}
