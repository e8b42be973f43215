import { constants } from 'node:buffer';
import { closeSync, openSync } from 'node:fs';
import type ExcelJS from 'exceljs';
import { isoDate, type LocalTime } from '../core/calendar.js';
import { bi, labelled, tr, type Lang } from '../core/i18n.js';
import type { Measure } from '../core/plan/types.js';
import type { Entries } from '../core/spool.js';
import { cellWidth, textWidth } from '../core/text-width.js';
import type { Problem } from '../schema/problem.js';
import { writeAtomic, type OutputPolicy } from './output.js';
import { readZipDirectory, readZipEntry, type ByteReader } from './source/zip.js';
import type { StepProgress } from './progress.js';
import { ZipOut } from './zip-out.js';

/**
 * score: a 0–100 score with one decimal, as the text reports show it. money: an amount in the run's currency,
 * with the cents its column's values have. wholeMoney: an amount perf set (a target, its floor, a projection, a
 * reward), in whole currency units as the text reports show it: the cents of a target × 85% are noise.
 */
export type ColumnFormat = 'text' | 'int' | 'decimal' | 'score' | 'money' | 'wholeMoney' | 'percent' | 'date' | 'datetime';

/** How a target, floor, ceiling or projection reads in every workbook: whole amounts in the run's currency, deal counts to a tenth. */
export const targetFormat = (measure: Measure): ColumnFormat => (measure === 'amount' ? 'wholeMoney' : 'decimal');
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
  /** An array, or entries read from a spool (a score's misses): read a few times over, never held as cells when many. */
  rows: Entries<Record<string, unknown>>;
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
  /** A progress line for the rows of the long (streamed) tables, given how many there are in all; null: none shown. */
  rowsProgress?: (total: number) => StepProgress | null;
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

/** Digits after the point a value needs (0–2): a column takes its values' most, so whole amounts show no ".00". */
function decimalsOf(v: unknown): number {
  if (!finite(v)) return 0;
  const cents = Math.round(Math.abs(v) * 100);
  return cents % 100 === 0 ? 0 : cents % 10 !== 0 ? 2 : 1;
}

const quoted = (s: string) => `"${s.replace(/"/g, '""')}"`;

const groupedFormats = new Map<number, Intl.NumberFormat>();

/**
 * `v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })` with one formatter per
 * `d`: toLocaleString builds a formatter per call, and every number cell of a table is measured for its
 * width (a whole log's misses: a million calls). test/io/workbook-stream.test.ts holds the two equal.
 */
export function grouped(v: number, d: number): string {
  let f = groupedFormats.get(d);
  if (!f) groupedFormats.set(d, (f = new Intl.NumberFormat('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })));
  return f.format(v);
}

/** The number format of a column and how its values read (for the width): by measure, currency and the decimals its values need. */
function numberFormat(format: ColumnFormat | undefined, decimals: number, currency: string): { numFmt?: string; text: (v: number) => string } {
  const dec = (d: number) => (d ? `.${'0'.repeat(d)}` : '');
  switch (format) {
    case 'int':
      return { numFmt: '#,##0', text: (v) => grouped(v, 0) };
    case 'decimal': {
      const d = Math.max(1, decimals);
      return { numFmt: `#,##0${dec(d)}`, text: (v) => grouped(v, d) };
    }
    case 'money': {
      const d = decimals;
      return { numFmt: `${currency ? quoted(currency) : ''}#,##0${dec(d)}`, text: (v) => `${currency}${grouped(v, d)}` };
    }
    case 'wholeMoney':
      return numberFormat('money', 0, currency);
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
/**
 * Lines a text takes in a column of `width` units, wrapped as the spreadsheet wraps it: at spaces and after
 * a wide (CJK) character; a word longer than a line starts a line of its own and breaks at its end. Its width
 * alone undercounted a note whose 32-character rep IDs each pushed the rest of their line down: the last
 * line then hid under the next row in LibreOffice.
 */
function linesIn(s: string, width: number): number {
  const room = Math.max(1, (width - 2) / 1.08);
  let lines = 0;
  for (const line of s.split('\n')) {
    // Most cells fit on one line: measured as before, without walking their words.
    if (units(line) <= width) {
      lines++;
      continue;
    }
    let n = 1;
    let used = 0;
    let word = 0;
    const place = () => {
      if (used + word <= room) used += word;
      else if (word <= room) {
        n++;
        used = word;
      } else {
        if (used > 0) n++;
        const full = Math.ceil(word / room) - 1;
        n += full;
        used = word - full * room;
      }
      word = 0;
    };
    for (const ch of line) {
      if (ch === ' ') {
        place();
        // A space that does not fit hangs at the line's end.
        used = Math.min(room, used + 1);
      } else if (cellWidth(ch) === 2) {
        place();
        word = 2;
        place();
      } else word += 1;
    }
    place();
    lines += n;
  }
  return lines;
}

/** Excel's rows per sheet: a longer table is cut there, and the sheet says so above it. */
const EXCEL_ROWS = 1_048_576;
/**
 * Past this many rows a table is streamed: its rows go straight into the sheet's XML as the workbook is
 * written instead of being held as exceljs cells (hundreds of bytes each, a gigabyte for a whole log's
 * misses). Below it the workbook is exceljs's own, byte for byte as before.
 */
const STREAM_ROWS = 5_000;

/** Tests lower these to take the streamed path and the cut on small tables. */
export interface WorkbookLimits {
  streamRows: number;
  maxRows: number;
}

const FILL_ORDER = [undefined, 'good', 'warn', 'bad', 'info'] as const;

interface TableCell {
  value: ExcelJS.CellValue;
  wraps: boolean;
  fill: Fill | undefined;
}

/** A table whose rows exceljs only has as templates (one per cell style): {@link streamSheet} writes the real ones. */
interface StreamedTable {
  ws: ExcelJS.Worksheet;
  /** the first template row, where the table's rows start */
  first: number;
  columns: number;
  rows: Iterable<Record<string, unknown>>;
  shown: number;
  cells: (row: Record<string, unknown>) => TableCell[];
  height: (cells: TableCell[]) => number | undefined;
}

function addSheet(wb: ExcelJS.Workbook, spec: SheetSpec, name: string, banner: string[] | null, lang: Lang, currency: string, limits: WorkbookLimits): StreamedTable | null {
  const ws = wb.addWorksheet(name);
  ws.properties.defaultRowHeight = ROW_PT;
  const cols = spec.columns;
  // One reading before the table is written, rows from a spool read back from disk rather than held: the
  // decimals each column needs and, for each it may get (those of decimal and money columns depend on the
  // values), how wide its widest cell reads.
  const candidates = cols.map((c) => (c.format === 'decimal' || c.format === 'money' ? [0, 1, 2] : [0]).map((d) => numberFormat(c.format, d, currency).text));
  const decimals = cols.map(() => 0);
  const widest = candidates.map((list) => list.map(() => 0));
  /** Widens column i's candidate k, or all of them (a text reads the same whatever the decimals), to fit `text`. */
  const widen = (i: number, text: string, k?: number) => {
    const w = Math.max(...text.split('\n').map(units));
    const list = widest[i];
    for (let j = 0; j < list.length; j++) if (k === undefined || j === k) list[j] = Math.max(list[j], w);
  };
  // The numbers of a formatted column are measured once, by their extremes: each format reads a number no
  // narrower than one of its sign with a smaller magnitude, so the largest and the most negative (-0 among
  // the negatives: it reads "-0") are the widest. Formatting every cell took ~1 s of the 200-rep whole log.
  const most = cols.map(() => ({ pos: NaN, neg: NaN }));
  // A text column is no wider than its cap, however long its texts: once one reaches it, the rest go unmeasured.
  const caps = cols.map((c) => (c.format !== undefined && c.format !== 'text' ? Infinity : Math.max(MIN_WRAP, Math.min(c.width ?? MAX_TEXT, MAX_TEXT))));
  for (const row of spec.rows)
    cols.forEach((c, i) => {
      const raw = row[c.key];
      decimals[i] = Math.max(decimals[i], decimalsOf(raw));
      const value = cellValue(raw, c.format);
      if (typeof value === 'number' && c.format !== undefined) {
        const m = most[i];
        if (value < 0 || Object.is(value, -0)) {
          if (!(value >= m.neg)) m.neg = value;
        } else if (!(value <= m.pos)) m.pos = value;
      } else if (typeof value === 'string') {
        if (widest[i][0] < caps[i]) widen(i, value);
      } else candidates[i].forEach((text, k) => widen(i, shownText(value, text), k));
    });
  most.forEach((m, i) => {
    for (const v of [m.pos, m.neg]) if (!Number.isNaN(v)) candidates[i].forEach((text, k) => widen(i, text(v), k));
  });
  const formats = cols.map((c, i) => numberFormat(c.format, decimals[i], currency));
  const content = widest.map((list, i) => list[Math.min(decimals[i], list.length - 1)]);
  const headline = (spec.headline ?? []).map((h) => {
    const format = h.format ?? (finite(h.value) ? (Number.isInteger(h.value) ? 'int' : 'decimal') : undefined);
    return { label: h.label, value: cellValue(h.value, format), fmt: numberFormat(format, decimalsOf(h.value), currency), bold: !h.detail };
  });

  // Widths from content: the table's header and cells, and the headline's labels (A) and values (B).
  const widths = cols.map((c, i) => Math.max(6, headerUnits(c.header), Math.min(content[i], caps[i])));
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
  const keyFigures = headline.filter((h) => h.bold);
  const details = headline.filter((h) => !h.bold);
  const notes = spec.notes ?? [];
  // Where the header would be with one more caveat (the cut's): a table that does not fit below it is cut.
  const block = (n: number) => (n ? n + 1 : 0);
  const headerAt = ws.rowCount + block((spec.caveats?.length ?? 0) + 1) + block(keyFigures.length) + block(notes.length) + block(details.length) + 1;
  const shown = cols.length ? Math.min(spec.rows.length, limits.maxRows - headerAt) : spec.rows.length;
  const caveats = [...(spec.caveats ?? [])];
  if (shown < spec.rows.length) {
    const n = (x: number) => x.toLocaleString('en-US');
    caveats.push(tr(lang, bi(
      `Only the first ${n(shown)} of ${n(spec.rows.length)} rows are listed: an Excel sheet holds at most ${n(limits.maxRows)} rows.`,
      `仅列出前 ${n(shown)} 行（共 ${n(spec.rows.length)} 行）：Excel 工作表最多容纳 ${n(limits.maxRows)} 行。`,
    )));
  }
  for (const line of caveats) {
    prose(line, { bold: true });
    ws.lastRow!.getCell(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILLS.warn } };
  }
  if (caveats.length) ws.addRow([]);
  // Key figures, then the caveats that qualify them, then the supporting facts.
  figures(keyFigures);
  for (const line of notes) prose(line, { italic: true, ...GREY });
  if (notes.length) ws.addRow([]);
  figures(details);

  let streamed: StreamedTable | null = null;
  if (cols.length) {
    const header = ws.addRow(cols.map((c) => c.header));
    header.font = { bold: true };
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    header.alignment = { wrapText: true, vertical: 'top' };
    const headerLines = Math.max(...cols.map((c, i) => linesIn(c.header, width(i))));
    if (headerLines > 1) header.height = ROW_PT * headerLines;
    const cells = (row: Record<string, unknown>): TableCell[] =>
      cols.map((c, i) => {
        const value = cellValue(row[c.key], c.format);
        return { value, wraps: typeof value === 'string' && units(value) > width(i), fill: spec.fill?.(row, c.key) };
      });
    const height = (list: TableCell[]) => {
      let lines = 1;
      // (a template row wraps no text: it has none)
      list.forEach((c, i) => c.wraps && typeof c.value === 'string' && (lines = Math.max(lines, linesIn(c.value, width(i)))));
      return lines > 1 ? ROW_PT * lines : undefined;
    };
    const addRow = (list: TableCell[]) => {
      const r = ws.addRow(list.map((c) => c.value));
      list.forEach((c, i) => {
        const cell = r.getCell(i + 1);
        if (formats[i].numFmt) cell.numFmt = formats[i].numFmt!;
        // Top-aligned, so the numbers of a row whose text wraps stay level with its first line.
        cell.alignment = c.wraps ? { wrapText: true, vertical: 'top' } : { vertical: 'top' };
        if (c.fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILLS[c.fill] } };
      });
      const h = height(list);
      if (h) r.height = h;
    };
    if (shown > limits.streamRows) {
      if (spec.images?.length) throw new Error(`sheet ${name}: a streamed table cannot carry images`);
      streamed = { ws, first: header.number + 1, columns: cols.length, rows: spec.rows, shown, cells, height };
      // One template row per style a cell can take (wrapped or not, each fill): exceljs registers the styles, streamSheet reads their ids.
      for (const wraps of [false, true]) for (const fill of FILL_ORDER) addRow(cols.map(() => ({ value: null, wraps, fill })));
    } else {
      let n = 0;
      for (const row of spec.rows) {
        if (n++ === shown) break;
        addRow(cells(row));
      }
    }
    if (header.number <= MAX_FROZEN) ws.views = [{ state: 'frozen', ySplit: header.number, xSplit: 0 }];
    if (shown > 1) ws.autoFilter = { from: { row: header.number, column: 1 }, to: { row: header.number, column: cols.length } };
    ws.pageSetup.printTitlesRow = `${header.number}:${header.number}`;
  }

  // Charts go below everything else, one under the other: they never cover or push a row of the table. Page
  // breaks keep each chart whole on paper: a new page before the first (when something is above it) and
  // whenever the next would cross the page end.
  let at = ws.rowCount;
  let onPage = at > 0 ? Infinity : 0;
  let breaks = false;
  for (const img of spec.images ?? []) {
    const rows = Math.ceil(img.height / ROW_PX) + 1;
    if (onPage + rows > ROWS_PER_PAGE && at > 0) {
      ws.getRow(at).addPageBreak();
      breaks = true;
      onPage = 0;
    }
    const id = wb.addImage({ buffer: img.png as unknown as ExcelJS.Buffer, extension: 'png' });
    ws.addImage(id, { tl: { col: 0, row: at }, ext: { width: img.width, height: img.height } });
    at += rows;
    onPage += rows;
  }

  // Printed: landscape A4, one page wide while that keeps a readable type size (a 24-column targets sheet
  // printed one page wide came out at ~4 pt); wider sheets go over two or three pages, the leading text
  // columns (what a row is: level, name and period; rep and team; at least two, at most three) repeated on
  // each. Header row on every page; the sheet's name and the page number in the footer.
  const pagesWide = Math.min(3, Math.max(1, Math.ceil(widths.reduce((a, b) => a + b, 0) / PAGE_WIDTH_UNITS)));
  if (pagesWide > 1) {
    const leading = cols.findIndex((c) => c.format !== undefined && c.format !== 'text');
    ws.pageSetup.printTitlesColumn = `A:${columnName(Math.min(3, Math.max(2, leading < 0 ? 2 : leading)))}`;
  }
  // Pages tall: as many as the sheet has rows (a row never fills more than a page), so the height never sets
  // the scale. Not 0 ("as many as needed"): LibreOffice then prints a sheet 2% smaller when that saves its
  // last page, yet still counts that page, and printed it blank after the sheet (after Maven's Won history).
  // 0 stays where it must: LibreOffice ignores the page breaks that keep the charts whole once the pages tall
  // are given, and reads more than 1000 as 1000 (it would shrink a longer sheet to fit).
  // (a streamed table's template rows stand for its rows)
  const rowsTall = at + (streamed ? streamed.shown - 2 * FILL_ORDER.length : 0);
  Object.assign(ws.pageSetup, {
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: pagesWide,
    fitToHeight: breaks || rowsTall > MAX_FIT_PAGES ? 0 : Math.max(1, rowsTall),
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
  });
  ws.headerFooter.oddFooter = '&L&A&R&P / &N';
  return streamed;
}

/** The most pages tall LibreOffice reads in "fit to N pages". */
const MAX_FIT_PAGES = 1000;

/** Column width units (characters of the default font) one landscape A4 page holds at a still readable ~6-7 pt. */
const PAGE_WIDTH_UNITS = 240;

/** Column letters: 1 → A, 27 → AA. */
function columnName(n: number): string {
  let out = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

/** Text as XML character data, as exceljs writes it: markup escaped, the control characters XML forbids dropped. */
const xmlText = (s: string) =>
  s.replace(/[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, (ch) =>
    ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '"' ? '&quot;' : ch === "'" ? '&apos;' : '',
  );

/** One cell as exceljs writes it, but a string inline (a shared-string table would hold every distinct text). */
function cellXml(ref: string, style: string, v: ExcelJS.CellValue): string {
  const head = `<c r="${ref}" s="${style}"`;
  if (v === null || v === undefined) return `${head}/>`;
  if (typeof v === 'number') return `${head}><v>${v}</v></c>`;
  // Excel's serial day number, as exceljs converts a date.
  if (v instanceof Date) return `${head}><v>${25569 + v.getTime() / 86_400_000}</v></c>`;
  if (typeof v === 'boolean') return `${head} t="b"><v>${v ? 1 : 0}</v></c>`;
  const text = String(v);
  return `${head} t="inlineStr"><is><t${/^\s|\n|\s$/.test(text) ? ' xml:space="preserve"' : ''}>${xmlText(text)}</t></is></c>`;
}

/** The sheet's XML as exceljs wrote it, its template rows replaced by the table's rows, produced as they are read. */
function* streamSheet(xml: string, t: StreamedTable, onRow: () => void): Generator<string> {
  const start = xml.indexOf(`<row r="${t.first}"`);
  const end = xml.indexOf('</sheetData>');
  const styles = xml
    .slice(start, end)
    .split('</row>')
    .slice(0, 2 * FILL_ORDER.length)
    .map((row) => Array.from(row.matchAll(/<c r="[A-Z]+\d+" s="(\d+)"/g), (m) => m[1]));
  if (start < 0 || end < 0 || styles.length !== 2 * FILL_ORDER.length || styles.some((s) => s.length !== t.columns))
    throw new Error('exceljs wrote the template rows of a streamed sheet in an unexpected form');
  const last = t.first + t.shown - 1;
  yield xml.slice(0, start).replace(/(<dimension ref="[A-Z]+\d+:[A-Z]+)\d+"/, `$1${last}"`);
  const letters = Array.from({ length: t.columns }, (_, i) => columnName(i + 1));
  let n = t.first;
  let batch = '';
  for (const row of t.rows) {
    if (n > last) break;
    const cells = t.cells(row);
    const h = t.height(cells);
    batch += `<row r="${n}"${h ? ` ht="${h}" customHeight="1"` : ''} spans="1:${t.columns}" x14ac:dyDescent="0.25">`;
    cells.forEach((c, i) => (batch += cellXml(`${letters[i]}${n}`, styles[(c.wraps ? FILL_ORDER.length : 0) + FILL_ORDER.indexOf(c.fill)][i], c.value)));
    batch += '</row>';
    n++;
    onRow();
    if (batch.length >= 1 << 16) {
      yield batch;
      batch = '';
    }
  }
  yield batch;
  yield xml.slice(end);
}

const bannerLines = (meta: WorkbookMeta, asOf: LocalTime): string[] => {
  const t = (en: string, zh: string) => tr(meta.lang, bi(en, zh));
  return [meta.title, `${t('As of', '基准日期')} ${isoDate(asOf)} · ${labelled(meta.lang, t('Files', '文件'), meta.sources.join(t(', ', '、')) || '—')}`];
};

/**
 * Writes a workbook atomically; its dates (created/modified, and each zip entry's) come from --as-of, so
 * reruns are identical byte for byte. With `meta`,
 * the first sheet opens on the title, the as-of date and the files read. A long table is streamed: exceljs
 * writes the workbook with template rows in its place, then the archive is written again, entry by entry,
 * with the table's rows in the sheet's XML.
 */
export async function writeWorkbook(
  path: string,
  sheets: SheetSpec[],
  asOf: LocalTime,
  policy: OutputPolicy = {},
  meta?: WorkbookMeta,
  limits: WorkbookLimits = { streamRows: STREAM_ROWS, maxRows: EXCEL_ROWS },
): Promise<void> {
  // exceljs takes ~0.6 s to load: only commands that write a workbook pay for it.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'perf';
  wb.lastModifiedBy = 'perf';
  wb.created = new Date(asOf);
  wb.modified = new Date(asOf);
  const names = sheetNames(sheets);
  const streamed = sheets
    .map((s, i) => addSheet(wb, s, names[i], i === 0 && meta ? bannerLines(meta, asOf) : null, meta?.lang ?? 'en', meta?.currency ?? '', limits))
    .filter((t): t is StreamedTable => t !== null);
  // Every workbook is packed again by ZipOut, not only one with streamed tables: exceljs's zip dates each
  // entry by the clock, so the same input and --as-of gave other bytes at every run. Stored, not deflated:
  // every entry is unpacked and deflated again below, so exceljs's own compression (pako, in JS: chart
  // images and all) was work and garbage for nothing.
  const written = await wb.xlsx.writeBuffer({ zip: { compression: 'STORE' } });
  // exceljs hands back a Node Buffer (its typings say an ArrayBuffer-like): Buffer.from would copy the whole
  // archive (37 MB with the 200-rep whole log's charts) and keep both until a full collection.
  const packed = Buffer.isBuffer(written) ? written : Buffer.from(written);
  const src: ByteReader = { size: packed.length, read: async (position, length) => packed.subarray(position, position + length) };
  const byEntry = new Map(streamed.map((t) => [`xl/worksheets/sheet${t.ws.id}.xml`, t]));
  const steps = meta?.rowsProgress?.(streamed.reduce((n, t) => n + t.shown, 0)) ?? null;
  const onRow = steps ? () => steps.step() : () => {};
  await writeAtomic(path, async (tmp) => {
    const fd = openSync(tmp, 'w');
    try {
      const zip = new ZipOut(fd, asOf);
      for (const entry of await readZipDirectory(path, src)) {
        const data = await readZipEntry(path, src, entry, constants.MAX_LENGTH);
        const table = byEntry.get(entry.name);
        // Between entries and between a long entry's batches, a Ctrl-C (or SIGTERM) is handled (ZipOut.add).
        await zip.add(entry.name, table ? streamSheet(data.toString('utf8'), table, onRow) : [data]);
      }
      zip.finish();
    } finally {
      closeSync(fd);
    }
  }, policy).finally(() => steps?.done());
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
