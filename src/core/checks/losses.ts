import type { Problem } from '../../schema/problem.js';
import { bi, grouped, type Bi } from '../i18n.js';
import type { Refusal } from './refusal.js';

const FIX: Record<string, Bi> = {
  bad_money: bi(
    'check how the column writes its numbers: set "numberFormat" ("comma" for 1.234,56) in perf.config.json or run with --decimal-comma, or correct the values',
    '检查该列数字的写法：在 perf.config.json 中设置 "numberFormat"（1.234,56 用 "comma"）或加 --decimal-comma，或修正这些值',
  ),
  bad_date: bi(
    'set "dateFormat" (DMY, MDY or YMD) in perf.config.json, or write the dates as 2026-03-31',
    '在 perf.config.json 中设置 "dateFormat"（DMY、MDY 或 YMD），或把日期写成 2026-03-31',
  ),
  missing_value: bi(
    'fill in the column, or map another column to it under "columns" in perf.config.json',
    '补全该列，或在 perf.config.json 的 "columns" 中映射其他列',
  ),
  duplicate_id: bi('remove the duplicated rows, or map a column with unique ids', '删除重复的行，或映射一个编号唯一的列'),
};
FIX.bad_number = FIX.bad_money;
const OTHER = bi('correct those rows in the export', '在导出文件中修正这些行');

export interface ReadSummary {
  file: string;
  rowsRead: number;
  problems: readonly Problem[];
}

/**
 * One refusal per cause (problem code and column) that skipped more than `maxShare` of the file's rows:
 * a file that lost a third of its deals to one misread column must not give a confident result.
 */
export function lossRefusals(d: ReadSummary, maxShare: number): Refusal[] {
  if (d.rowsRead === 0) return [];
  const causes = new Map<string, { code: string; column: string | null; rows: Set<number>; examples: Problem[]; message: Bi }>();
  for (const p of d.problems) {
    if (p.severity !== 'error' || p.row === null) continue;
    const key = `${p.code}\u0000${p.column ?? ''}`;
    let c = causes.get(key);
    if (!c) causes.set(key, (c = { code: p.code, column: p.column, rows: new Set(), examples: [], message: p.message }));
    c.rows.add(p.row);
    if (c.examples.length < 3) c.examples.push(p);
  }
  const out: Refusal[] = [];
  for (const c of causes.values()) {
    const n = c.rows.size;
    if (n <= maxShare * d.rowsRead) continue;
    const pct = ((100 * n) / d.rowsRead).toFixed(1);
    const col = c.column === null ? '' : ` "${c.column}"`;
    const examples = c.examples.map((p) => `  row ${p.row}: ${JSON.stringify(p.value ?? '')} — ${p.message.en}`).join('\n');
    const examplesZh = c.examples.map((p) => `  第 ${p.row} 行：${JSON.stringify(p.value ?? '')} —— ${p.message.zh}`).join('\n');
    const fix = FIX[c.code] ?? OTHER;
    out.push({
      code: 'rows_dropped',
      file: d.file,
      override: 'allowProblems',
      message: bi(
        `${d.file}: ${grouped(n)} of ${grouped(d.rowsRead)} rows (${pct}%) would be dropped for one cause: ${c.code} in column${col}.\nFor example:\n${examples}\n` +
          `Fix: ${fix.en}; or run with --allow-problems to go on without those rows.`,
        `${d.file}：${grouped(d.rowsRead)} 行中有 ${grouped(n)} 行（${pct}%）因同一原因将被丢弃：${c.column === null ? '' : `"${c.column}"列的`}${c.code}。\n例如：\n${examplesZh}\n` +
          `解决：${fix.zh}；或加 --allow-problems 在不含这些行的情况下继续。`,
      ),
    });
  }
  return out;
}
