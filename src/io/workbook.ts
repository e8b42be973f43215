import type ExcelJS from 'exceljs';
import { formatLocal, type LocalTime } from '../core/calendar.js';
import { bi, tr, type Lang } from '../core/i18n.js';
import type { Problem } from '../schema/problem.js';
import { writeAtomic, type OutputPolicy } from './output.js';

/** score: a 0–100 score with one decimal, as the text reports show it */
export type ColumnFormat = 'text' | 'int' | 'decimal' | 'score' | 'money' | 'percent' | 'date' | 'datetime';
export type Fill = 'good' | 'warn' | 'bad' | 'info';

export interface SheetColumn {
  key: string;
  header: string;
  width?: number;
  format?: ColumnFormat;
}

export interface SheetImage {
  png: Buffer;
  /** top-left cell, 0-based column and row */
  col: number;
  row: number;
  width: number;
  height: number;
}

export interface SheetSpec {
  /** Any text: made a valid, unique Excel sheet name by {@link sheetNames}. */
  name: string;
  /** The name comes from the data (a rep): it yields to the fixed sheets (Problems, Summary) when both want it. */
  fromData?: boolean;
  columns: SheetColumn[];
  rows: Record<string, unknown>[];
  /** Lines of explanation written above the table (e.g. a formula); the header follows them. */
  notes?: string[];
  fill?: (row: Record<string, unknown>, key: string) => Fill | undefined;
  images?: SheetImage[];
}

const FORMATS: Record<ColumnFormat, string | undefined> = {
  text: '@',
  int: '#,##0',
  decimal: '#,##0.00',
  score: '0.0',
  money: '#,##0.00',
  percent: '0.0%',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
};

const FILLS: Record<Fill, string> = { good: 'FFC6EFCE', warn: 'FFFFEB9C', bad: 'FFFFC7CE', info: 'FFDDEBF7' };

function cellValue(value: unknown, format: ColumnFormat | undefined): ExcelJS.CellValue {
  if (value === undefined || value === null) return null;
  // LocalTime is wall-clock ms in the UTC frame, which is exactly how Excel date cells are stored.
  if ((format === 'date' || format === 'datetime') && typeof value === 'number') return new Date(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.join(', ');
  // Strings are written as strings: CRM text such as "=1+1" never becomes a formula.
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const MAX_SHEET_NAME = 31;
// Excel refuses these characters in a sheet name, a leading or trailing apostrophe, and the name History.
const FORBIDDEN = /[[\]:*?/\\\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const RESERVED = ['history'];

/** The first `max` UTF-16 units of a name, never splitting a surrogate pair. */
function clip(name: string, max: number): string {
  let out = '';
  for (const ch of name) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

/**
 * Valid, distinct sheet names for any texts: forbidden characters become '-', edge apostrophes and
 * spaces go, at most 31 characters, and a name already taken (Excel compares without case) or reserved
 * gets ' (2)', ' (3)'… Fixed names are claimed before names from data, so a rep named Problems never
 * takes the Problems sheet's place.
 */
export function sheetNames(specs: readonly Pick<SheetSpec, 'name' | 'fromData'>[]): string[] {
  const used = new Set(RESERVED);
  const names: string[] = new Array(specs.length);
  const order = specs.map((s, i) => ({ s, i })).sort((a, b) => Number(Boolean(a.s.fromData)) - Number(Boolean(b.s.fromData)) || a.i - b.i);
  for (const { s, i } of order) {
    const base = clip(s.name.replace(FORBIDDEN, '-').trim().replace(/^'+|'+$/g, '').trim(), MAX_SHEET_NAME) || 'Sheet';
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = clip(base, MAX_SHEET_NAME - suffix.length).replace(/'+$/, '') + suffix;
    }
    used.add(name.toLowerCase());
    names[i] = name;
  }
  return names;
}

function addSheet(wb: ExcelJS.Workbook, spec: SheetSpec, name: string): void {
  const ws = wb.addWorksheet(name);
  const notes = spec.notes ?? [];
  for (const line of notes) ws.addRow([line]).font = { italic: true, color: { argb: 'FF595959' } };
  if (notes.length) ws.addRow([]);
  for (const img of spec.images ?? []) {
    const id = wb.addImage({ buffer: img.png as unknown as ExcelJS.Buffer, extension: 'png' });
    ws.addImage(id, { tl: { col: img.col, row: img.row }, ext: { width: img.width, height: img.height } });
  }
  // A sheet of notes and pictures only (a Summary) has no table.
  if (spec.columns.length === 0) return;
  const headerRowNumber = notes.length ? notes.length + 2 : 1;
  const header = ws.addRow(spec.columns.map((c) => c.header));
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
  spec.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width ?? Math.min(40, Math.max(10, c.header.length * 1.6 + 2));
  });
  for (const row of spec.rows) {
    const r = ws.addRow(spec.columns.map((c) => cellValue(row[c.key], c.format)));
    spec.columns.forEach((c, i) => {
      const cell = r.getCell(i + 1);
      const fmt = c.format ? FORMATS[c.format] : undefined;
      if (fmt && c.format !== 'text') cell.numFmt = fmt;
      const fill = spec.fill?.(row, c.key);
      if (fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILLS[fill] } };
    });
  }
  ws.views = [{ state: 'frozen', ySplit: headerRowNumber, xSplit: 0 }];
  if (spec.rows.length)
    ws.autoFilter = { from: { row: headerRowNumber, column: 1 }, to: { row: headerRowNumber, column: spec.columns.length } };
}

/** Writes a workbook atomically; created/modified come from --as-of so reruns are identical. */
export async function writeWorkbook(path: string, sheets: SheetSpec[], asOf: LocalTime, policy: OutputPolicy = {}): Promise<void> {
  // exceljs takes ~0.6 s to load: only commands that write a workbook pay for it.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'perf';
  wb.lastModifiedBy = 'perf';
  wb.created = new Date(asOf);
  wb.modified = new Date(asOf);
  const names = sheetNames(sheets);
  sheets.forEach((s, i) => addSheet(wb, s, names[i]));
  await writeAtomic(path, (tmp) => wb.xlsx.writeFile(tmp), policy);
}

/** The Problems sheet every workbook carries. */
export function problemsSheet(lang: Lang, problems: Problem[]): SheetSpec {
  const t = (en: string, zh: string) => tr(lang, bi(en, zh));
  return {
    name: t('Problems', '数据问题'),
    columns: [
      { key: 'file', header: t('File', '文件'), width: 28 },
      { key: 'row', header: t('Row', '行号'), format: 'int', width: 8 },
      { key: 'column', header: t('Column', '列'), width: 18 },
      { key: 'value', header: t('Value', '原始值'), width: 24, format: 'text' },
      { key: 'severity', header: t('Severity', '级别'), width: 10 },
      { key: 'code', header: t('Code', '代码'), width: 20 },
      { key: 'message', header: t('What is wrong', '问题说明'), width: 70 },
    ],
    rows: problems.map((p) => ({ ...p, message: tr(lang, p.message) })),
    fill: (row, key) => (key === 'severity' ? (row.severity === 'error' ? 'bad' : 'warn') : undefined),
  };
}

export const dateText = (t: LocalTime | undefined) => (t === undefined ? '' : formatLocal(t));
