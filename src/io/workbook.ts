import type ExcelJS from 'exceljs';
import { isoDate, type LocalTime } from '../core/calendar.js';
import { bi, tr, type Lang } from '../core/i18n.js';
import { textWidth } from '../core/text-width.js';
import type { Problem } from '../schema/problem.js';
import { writeAtomic, type OutputPolicy } from './output.js';

/** score: a 0–100 score with one decimal, as the text reports show it */
export type ColumnFormat = 'text' | 'int' | 'decimal' | 'score' | 'money' | 'percent' | 'date' | 'datetime';
export type Fill = 'good' | 'warn' | 'bad' | 'info';

export interface SheetColumn {
  key: string;
  header: string;
  /** The most a text column may take (in characters, 20–50) before its cells wrap; numbers and dates always fit. Default 50. */
  width?: number;
  format?: ColumnFormat;
}

/** A chart picture; the workbook places it below the sheet's table, so no row of the table moves. */
export interface SheetImage {
  png: Buffer;
  width: number;
  height: number;
}

/** A key figure shown at the top left of a sheet: the label in column A, the value in column B. */
export interface Headline {
  label: string;
  value: unknown;
  format?: ColumnFormat;
  /** A supporting fact (deals read, method …): shown in plain type under the key figures. */
  detail?: boolean;
}

export interface SheetSpec {
  /** Any text: made a valid, unique Excel sheet name by {@link sheetNames}. */
  name: string;
  /** The name comes from the data (a rep): it yields to the fixed sheets (Problems, Summary) when both want it. */
  fromData?: boolean;
  columns: SheetColumn[];
  rows: Record<string, unknown>[];
  /** Key figures first (a company target, its band and probabilities; a leaderboard), then the notes, then the details, then the table. */
  headline?: Headline[];
  /** Lines of explanation written above the table (e.g. a formula); the header follows them. */
  notes?: string[];
  /** What a reader must know before trusting the figures (a forecast its backtest does not support, refused targets): first, in bold on a warning fill. */
  caveats?: string[];
  fill?: (row: Record<string, unknown>, key: string) => Fill | undefined;
  images?: SheetImage[];
}

/** What the first sheet's opening lines say: the title, the as-of date and the files read. */
export interface WorkbookMeta {
  lang: Lang;
  title: string;
  sources: string[];
  /** Symbol in front of money cells, e.g. ¥ (the config's currency). */
  currency?: string;
}

const FILLS: Record<Fill, string> = { good: 'FFC6EFCE', warn: 'FFFFEB9C', bad: 'FFFFC7CE', info: 'FFDDEBF7' };
const GREY = { color: { argb: 'FF595959' } };
/** Default row height in points (Excel's; LibreOffice otherwise uses its own, slightly lower one). */
const ROW_PT = 15;
const ROW_PX = 20;
/** Text columns wrap beyond this many characters, so no column pushes the rest off the printed page. */
const MAX_TEXT = 50;
/** The narrowest a line of notes is laid out (in characters), over the table's columns or empty ones. */
const PROSE_WIDTH = 80;
/** Rows of 20 px on a landscape A4 page at full size (about 690 px between the margins). */
const ROWS_PER_PAGE = 33;
/** Nor do they wrap below this: a label such as "company" or "2027-Q1" always stays on one line. */
const MIN_WRAP = 20;
/** Freeze the header row only when few rows sit above it: a frozen block taller than this eats the screen. */
const MAX_FROZEN = 10;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Digits after the point a column needs (0–2), from its values: whole amounts show no ".00". */
function decimalsOf(values: unknown[], min: number): number {
  let d = min;
  for (const v of values)
    if (finite(v)) {
      const x = Math.abs(v);
      if (d < 2 && Math.round(x * 100) % 100 !== 0) d = Math.round(x * 100) % 10 !== 0 ? 2 : Math.max(d, 1);
    }
  return d;
}

const quoted = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The number format of a column and how its values read (for the width): by measure, currency and the decimals it needs. */
function numberFormat(format: ColumnFormat | undefined, values: unknown[], currency: string): { numFmt?: string; text: (v: number) => string } {
  const grouped = (v: number, d: number) => v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
  const dec = (d: number) => (d ? `.${'0'.repeat(d)}` : '');
  switch (format) {
    case 'int':
      return { numFmt: '#,##0', text: (v) => grouped(v, 0) };
    case 'decimal': {
      const d = decimalsOf(values, 1);
      return { numFmt: `#,##0${dec(d)}`, text: (v) => grouped(v, d) };
    }
    case 'money': {
      const d = decimalsOf(values, 0);
      return { numFmt: `${currency ? quoted(currency) : ''}#,##0${dec(d)}`, text: (v) => `${currency}${grouped(v, d)}` };
    }
    case 'score':
      return { numFmt: '0.0', text: (v) => v.toFixed(1) };
    case 'percent':
      return { numFmt: '0.0%', text: (v) => `${(v * 100).toFixed(1)}%` };
    case 'date':
      return { numFmt: 'yyyy-mm-dd', text: () => '0000-00-00' };
    case 'datetime':
      return { numFmt: 'yyyy-mm-dd hh:mm', text: () => '0000-00-00 00:00' };
    default:
      return { text: (v) => String(v) };
  }
}

function cellValue(value: unknown, format: ColumnFormat | undefined): ExcelJS.CellValue {
  if (value === undefined || value === null) return null;
  // LocalTime is wall-clock ms in the UTC frame, which is exactly how Excel date cells are stored.
  if ((format === 'date' || format === 'datetime') && typeof value === 'number') return Number.isFinite(value) ? new Date(value) : null;
  // NaN and ±Infinity would show as errors (or "NaN" text): an empty cell says "no value".
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.join(', ');
  // Strings are written as strings: CRM text such as "=1+1" never becomes a formula.
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** How a value reads in its cell, for the column width: numbers as their format shows them, text as it is. */
function shownText(value: ExcelJS.CellValue, text: (v: number) => string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return text(value);
  if (value instanceof Date) return text(0);
  return String(value);
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

/** Spreadsheet width units (one digit each) a text needs; CJK characters take two, a little slack for capitals. */
const units = (s: string) => Math.ceil(textWidth(s) * 1.08) + 2;
/** A header may wrap onto two lines: it needs its longest word and half its length. */
const headerUnits = (h: string) => Math.max(...h.split(/\s+/).map(units), units(h) / 2 + 1);
/** Lines a text takes in a column of `width` units. */
const linesIn = (s: string, width: number) => s.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(units(l) / Math.max(1, width))), 0);

function addSheet(wb: ExcelJS.Workbook, spec: SheetSpec, name: string, banner: string[] | null, currency: string): void {
  const ws = wb.addWorksheet(name);
  ws.properties.defaultRowHeight = ROW_PT;
  const cols = spec.columns;
  const formats = cols.map((c) => numberFormat(c.format, spec.rows.map((r) => r[c.key]), currency));
  const headline = (spec.headline ?? []).map((h) => {
    const format = h.format ?? (finite(h.value) ? (Number.isInteger(h.value) ? 'int' : 'decimal') : undefined);
    return { label: h.label, value: cellValue(h.value, format), fmt: numberFormat(format, [h.value], currency), bold: !h.detail };
  });

  // Widths from content: the table's header and cells, and the headline's labels (A) and values (B).
  const widths = cols.map((c, i) => {
    const cells = spec.rows.map((r) => shownText(cellValue(r[c.key], c.format), formats[i].text));
    const numeric = c.format !== undefined && c.format !== 'text';
    const content = Math.max(0, ...cells.map((s) => Math.max(...s.split('\n').map(units))));
    const cap = numeric ? Infinity : Math.max(MIN_WRAP, Math.min(c.width ?? MAX_TEXT, MAX_TEXT));
    return Math.max(6, headerUnits(c.header), Math.min(content, cap));
  });
  const width = (i: number) => widths[i] ?? 9;
  if (headline.length) {
    widths[0] = Math.max(width(0), Math.min(MAX_TEXT, Math.max(...headline.map((h) => units(h.label)))));
    widths[1] = Math.max(width(1), Math.min(MAX_TEXT, Math.max(...headline.map((h) => units(shownText(h.value, h.fmt.text))))));
  }
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = Math.ceil(w)));
  // Prose spans the table, and at least PROSE_WIDTH (over empty default-width columns) so it stays readable.
  let span = Math.max(1, widths.length);
  let spanWidth = widths.reduce((a, b) => a + b, 0);
  for (; spanWidth < PROSE_WIDTH; span++) spanWidth += width(span);

  /** A line of prose across the table's width, wrapped, its row tall enough to show it all. */
  const prose = (text: string, font: Partial<ExcelJS.Font>) => {
    const row = ws.addRow([text]);
    row.font = font;
    if (span > 1) ws.mergeCells(row.number, 1, row.number, span);
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    const lines = linesIn(text, spanWidth);
    if (lines > 1) row.height = ROW_PT * lines;
  };

  if (banner) {
    prose(banner[0], { bold: true, size: 14 });
    ws.lastRow!.height = 20;
    for (const line of banner.slice(1)) prose(line, GREY);
    ws.addRow([]);
  }
  const figures = (list: typeof headline) => {
    for (const h of list) {
      const row = ws.addRow([h.label, h.value]);
      row.font = { bold: h.bold };
      row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
      row.getCell(2).alignment = typeof h.value === 'string' ? { horizontal: 'left', vertical: 'top', wrapText: true } : { vertical: 'top' };
      if (h.fmt.numFmt) row.getCell(2).numFmt = h.fmt.numFmt;
      const lines = Math.max(linesIn(h.label, width(0)), typeof h.value === 'string' ? linesIn(h.value, width(1)) : 1);
      if (lines > 1) row.height = ROW_PT * lines;
    }
    if (list.length) ws.addRow([]);
  };
  for (const line of spec.caveats ?? []) {
    prose(line, { bold: true });
    ws.lastRow!.getCell(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILLS.warn } };
  }
  if (spec.caveats?.length) ws.addRow([]);
  // Key figures, then the caveats that qualify them, then the supporting facts.
  figures(headline.filter((h) => h.bold));
  const notes = spec.notes ?? [];
  for (const line of notes) prose(line, { italic: true, ...GREY });
  if (notes.length) ws.addRow([]);
  figures(headline.filter((h) => !h.bold));

  if (cols.length) {
    const header = ws.addRow(cols.map((c) => c.header));
    header.font = { bold: true };
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    header.alignment = { wrapText: true, vertical: 'top' };
    const headerLines = Math.max(...cols.map((c, i) => linesIn(c.header, width(i))));
    if (headerLines > 1) header.height = ROW_PT * headerLines;
    for (const row of spec.rows) {
      const r = ws.addRow(cols.map((c) => cellValue(row[c.key], c.format)));
      let lines = 1;
      cols.forEach((c, i) => {
        const cell = r.getCell(i + 1);
        if (formats[i].numFmt) cell.numFmt = formats[i].numFmt!;
        // Top-aligned, so the numbers of a row whose text wraps stay level with its first line.
        const wraps = typeof cell.value === 'string' && units(cell.value) > width(i);
        cell.alignment = wraps ? { wrapText: true, vertical: 'top' } : { vertical: 'top' };
        if (wraps) lines = Math.max(lines, linesIn(cell.value as string, width(i)));
        const fill = spec.fill?.(row, c.key);
        if (fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILLS[fill] } };
      });
      if (lines > 1) r.height = ROW_PT * lines;
    }
    if (header.number <= MAX_FROZEN) ws.views = [{ state: 'frozen', ySplit: header.number, xSplit: 0 }];
    if (spec.rows.length > 1) ws.autoFilter = { from: { row: header.number, column: 1 }, to: { row: header.number, column: cols.length } };
    ws.pageSetup.printTitlesRow = `${header.number}:${header.number}`;
  }

  // Charts go below everything else, one under the other: they never cover or push a row of the table. Page
  // breaks keep each chart whole on paper: a new page before the first (when something is above it) and
  // whenever the next would cross the page end.
  let at = ws.rowCount;
  let onPage = at > 0 ? Infinity : 0;
  for (const img of spec.images ?? []) {
    const rows = Math.ceil(img.height / ROW_PX) + 1;
    if (onPage + rows > ROWS_PER_PAGE && at > 0) {
      ws.getRow(at).addPageBreak();
      onPage = 0;
    }
    const id = wb.addImage({ buffer: img.png as unknown as ExcelJS.Buffer, extension: 'png' });
    ws.addImage(id, { tl: { col: 0, row: at }, ext: { width: img.width, height: img.height } });
    at += rows;
    onPage += rows;
  }

  // Printed: landscape A4, one page wide (no column cut off onto a second page), header row on every page,
  // the sheet's name and the page number in the footer.
  Object.assign(ws.pageSetup, {
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
  });
  ws.headerFooter.oddFooter = '&L&A&R&P / &N';
}

const bannerLines = (meta: WorkbookMeta, asOf: LocalTime): string[] => {
  const t = (en: string, zh: string) => tr(meta.lang, bi(en, zh));
  return [meta.title, `${t('As of', '基准日期')} ${isoDate(asOf)} · ${t('Files', '文件')}: ${meta.sources.join(', ') || '—'}`];
};

/**
 * Writes a workbook atomically; created/modified come from --as-of so reruns are identical. With `meta`,
 * the first sheet opens on the title, the as-of date and the files read.
 */
export async function writeWorkbook(path: string, sheets: SheetSpec[], asOf: LocalTime, policy: OutputPolicy = {}, meta?: WorkbookMeta): Promise<void> {
  // exceljs takes ~0.6 s to load: only commands that write a workbook pay for it.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'perf';
  wb.lastModifiedBy = 'perf';
  wb.created = new Date(asOf);
  wb.modified = new Date(asOf);
  const names = sheetNames(sheets);
  sheets.forEach((s, i) => addSheet(wb, s, names[i], i === 0 && meta ? bannerLines(meta, asOf) : null, meta?.currency ?? ''));
  await writeAtomic(path, (tmp) => wb.xlsx.writeFile(tmp), policy);
}

/** The Problems sheet every workbook carries. */
export function problemsSheet(lang: Lang, problems: Problem[]): SheetSpec {
  const t = (en: string, zh: string) => tr(lang, bi(en, zh));
  return {
    name: t('Problems', '数据问题'),
    columns: [
      { key: 'file', header: t('File', '文件'), width: 28 },
      { key: 'row', header: t('Row', '行号'), format: 'int' },
      { key: 'column', header: t('Column', '列'), width: 18 },
      { key: 'value', header: t('Value', '原始值'), width: 24, format: 'text' },
      { key: 'severity', header: t('Severity', '级别') },
      { key: 'code', header: t('Code', '代码'), width: 20 },
      { key: 'message', header: t('What is wrong', '问题说明') },
    ],
    rows: problems.map((p) => ({ ...p, message: tr(lang, p.message) })),
    fill: (row, key) => (key === 'severity' ? (row.severity === 'error' ? 'bad' : 'warn') : undefined),
  };
}
