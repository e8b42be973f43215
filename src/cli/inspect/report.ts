import { bi, formatNumber, labelled } from '../../core/i18n.js';
import type { Context } from '../context.js';
import { clipText, problemLines, renderTable, wrapText } from '../render.js';
import type { InspectResult } from './json.js';

export function renderInspect(ctx: Context, r: InspectResult): string {
  const t = ctx.t;
  // An ambiguous column left at YMD reads no day/month date at all: "undecided", not a year-first order it does not have.
  const orderLabel = (s: InspectResult['dateStyles'][number] | undefined) => (!s ? '' : s.ambiguous && s.order === 'YMD' ? t(bi('undecided', '未定')) : s.order);
  const n = (v: number) => formatNumber(ctx.lang, v);
  const delimiterName = r.delimiter === '\t' ? 'tab' : r.delimiter;
  // Chinese takes full-width commas between the format's parts and 、 between names; the delimiter itself stays as it is.
  const parts = t(bi(', ', '，'));
  const names = t(bi(', ', '、'));
  const source = [
    labelled(ctx.lang, t(bi('File', '文件')), r.file),
    labelled(
      ctx.lang,
      t(bi('Format', '格式')),
      [r.format, r.encoding, delimiterName && `${t(bi('delimiter', '分隔符'))} "${delimiterName}"`, r.sheet && `${t(bi('sheet', '工作表'))} "${r.sheet}"`].filter(Boolean).join(parts),
    ),
    labelled(ctx.lang, t(bi('Header row', '表头行')), String(r.headerRow)),
    labelled(ctx.lang, t(bi('Read as', '识别为')), r.kind),
    labelled(ctx.lang, t(bi('Rows', '行数')), t(bi(`${n(r.rowsRead)} read, ${n(r.rowsKept)} kept`, `读取 ${n(r.rowsRead)}，有效 ${n(r.rowsKept)}`))),
  ];
  const mapping = renderTable(
    [t(bi('field', '字段')), t(bi('column', '列'))],
    Object.entries(r.mapping).map(([f, h]) => [f, h]),
    { title: t(bi('Column mapping', '列映射')) },
  );
  const unmapped = labelled(ctx.lang, t(bi('Not used', '未使用的列')), r.unmapped.length ? r.unmapped.join(names) : '—');
  const shadowed = r.shadowed.length
    ? labelled(ctx.lang, t(bi('Also matched (ignored, first column wins)', '重复匹配（已忽略，以第一列为准）')), r.shadowed.map((s) => `${s.header} → ${s.field}`).join(names))
    : '';
  const dates = r.dateRanges.length
    ? renderTable(
        [t(bi('date field', '日期字段')), t(bi('from', '最早')), t(bi('to', '最晚')), t(bi('order', '顺序'))],
        r.dateRanges.map((d) => [d.field, d.min, d.max, orderLabel(r.dateStyles.find((s) => s.field === d.field))]),
        { title: t(bi('Dates', '日期范围')) },
      )
    : '';
  const byColumn = r.problemsByColumn.length
    ? renderTable(
        [t(bi('column', '列')), t(bi('problems', '问题数')), t(bi('kinds', '类型'))],
        r.problemsByColumn.map((c) => [c.column || '—', c.count, Object.entries(c.codes).map(([k, v]) => `${k} ${v}`).join(', ')]),
        { title: t(bi('Problems per column', '各列问题')) },
      )
    : '';
  // Fields down, sample rows across: an export's rows are too wide for a terminal the other way round.
  const sampleKeys = [...new Set(r.samples.flatMap((s) => Object.keys(s)))].filter((k) => k !== 'row');
  // Four rows of at most 16 columns (a date and time in full) fit a 100-column terminal; --json has them all.
  const shown = r.samples.slice(0, 4);
  const clip = (v: unknown) => (v === undefined ? '' : clipText(String(v), 16));
  const samples = shown.length
    ? renderTable(
        [t(bi('row', '行号')), ...shown.map((s) => String(s.row))],
        sampleKeys.map((k) => [k, ...shown.map((s) => clip(s[k]))]),
        { title: t(bi('First rows as read', '前几行（读取结果）')) },
      )
    : '';
  // Problem lines stay whole (one per problem, easy to grep); the rest fits a 100-column terminal.
  return [wrapText([source.join('\n'), mapping, unmapped, shadowed, dates, byColumn, samples].filter((s) => s !== '').join('\n\n')), problemLines(ctx, r.problems, r.problemCount)].join(
    '\n\n',
  );
}
