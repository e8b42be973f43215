/**
 * The XML of a workbook's parts, read with saxes straight into perf's cells: no exceljs Row or Cell objects,
 * no event arrays (exceljs' own streaming reader spends most of its time and garbage on those). The values are
 * the ones exceljs' streaming reader gave, as perf corrected them; the differential property test in
 * test/io/source/xlsx-xml.test.ts (its oracle: xlsx-oracle.ts) holds the two together.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { bi } from '../../core/i18n.js';
import type { Cell } from '../../core/values/types.js';
import type { Problem } from '../../schema/problem.js';
import type { RawRow } from './types.js';

/** A shared string as a cell shows it (rich-text runs joined, _xHHHH_ escapes decoded); null for an empty `<si>`. */
export type SharedString = string | null;

/** Per cell style (cellXfs index): whether its number format shows a date; undefined where there is no style. */
export type DateStyles = (boolean | undefined)[];

/** Feeds a part's text to a parser, which closes at its end: a part cut short fails as damaged. */
async function parseAll(source: AsyncIterable<string>, parser: SaxesParser): Promise<void> {
  for await (const chunk of source) parser.write(chunk);
  parser.close();
}

/**
 * xl/sharedStrings.xml. Text is gathered as exceljs gathered it (each `<t>` starts afresh, text after it up to
 * the next one is kept), except that phonetic guides (`<rPh>`) are not part of the text, as for inline strings.
 */
export async function readSharedStrings(source: AsyncIterable<string>): Promise<SharedString[]> {
  const strings: SharedString[] = [];
  const parser = new SaxesParser();
  let text: string | null = null;
  let runs: (string | null)[] = [];
  let phonetic = 0;
  parser.on('opentag', (tag) => {
    if (tag.name === 'rPh') phonetic += tag.isSelfClosing ? 0 : 1;
    else if (phonetic > 0) return;
    else if (tag.name === 't') text = null;
    else if (tag.name === 'si') {
      runs = [];
      text = null;
    }
  });
  parser.on('text', (t) => {
    if (phonetic === 0) text = text ? text + t : t;
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'rPh') phonetic--;
    else if (phonetic > 0) return;
    else if (tag.name === 'r') {
      runs.push(text);
      text = null;
    } else if (tag.name === 'si') {
      // Joined and decoded once here, not at each of the (often many) cells that use the string.
      const whole = runs.length ? runs.join('') : text;
      strings.push(whole === null ? null : unescapeOoxml(whole));
      runs = [];
      text = null;
    }
  });
  await parseAll(source, parser);
  return strings;
}

/**
 * Built-in number formats that show a date or time: 14–22 and 45–47 everywhere, and 27–36 and 50–58, which a
 * workbook saved in Chinese, Japanese or Korean gives its dates (`yyyy"年"m"月"d"日"` is 31) without writing
 * the format out. exceljs read those as plain numbers, so a Chinese export's dates arrived as serials.
 */
const BUILTIN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** xl/styles.xml: the cell styles (`<cellXfs>`) and whether each one's number format, built in or custom, shows a date. */
export async function readDateStyles(source: AsyncIterable<string>): Promise<DateStyles> {
  const custom = new Map<number, string>();
  const formats: number[] = [];
  const parser = new SaxesParser();
  let inNumFmts = false;
  let inCellXfs = false;
  let depth = 0;
  parser.on('opentag', (tag) => {
    const a = tag.attributes as Record<string, string>;
    if (tag.name === 'numFmts') inNumFmts = !tag.isSelfClosing;
    else if (tag.name === 'cellXfs') {
      inCellXfs = !tag.isSelfClosing;
      depth = 0;
    } else if (inNumFmts && tag.name === 'numFmt' && a.formatCode !== undefined) custom.set(parseInt(a.numFmtId, 10), a.formatCode.replace(/[\\](.)/g, '$1'));
    else if (inCellXfs) {
      if (depth === 0 && tag.name === 'xf') formats.push(parseInt(a.numFmtId, 10));
      if (!tag.isSelfClosing) depth++;
    }
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'numFmts') inNumFmts = false;
    else if (tag.name === 'cellXfs' && depth === 0) inCellXfs = false;
    else if (inCellXfs && !tag.isSelfClosing) depth--;
  });
  await parseAll(source, parser);
  // A custom format replaces the built-in one of the same id (an empty code does not).
  return formats.map((id) => (id ? (custom.get(id) ? isDateFormat(custom.get(id)) : BUILTIN_DATES.has(id)) : false));
}

/** The workbook facts a sheet's cells depend on. */
export interface CellContext {
  path: string;
  sharedStrings: SharedString[];
  dateStyles: DateStyles;
  date1904: boolean;
  maxCellBytes: number;
}

/** What a sheet yields: a row with something in it, or the problem that replaced it. */
export type SheetItem = RawRow | Problem;

export const isProblem = (item: SheetItem): item is Problem => 'code' in item;

/**
 * The rows of one worksheet part, in order; rows with nothing in them (formatted-but-empty rows are common at
 * the end of sheets) are left out. `source` is the part's text, inline rich-text strings already joined.
 */
export async function* sheetRows(source: AsyncIterable<string>, ctx: CellContext): AsyncGenerator<SheetItem> {
  const parser = new SaxesParser();
  const ready: SheetItem[] = [];
  let inSheetData = false;
  let inRow = false;
  let rowNo = 0;
  let rowDate: boolean | undefined;
  let cells: Cell[] = [];
  // The cell being read. As exceljs read it, its value is the text from its last <v>, <is> or <t> up to the cell's
  // end or an <f> (whose text is not needed: a formula's cached result is its value).
  let inCell = false;
  let ref: string | undefined;
  let style = 0;
  let type: string | undefined;
  let formula = false;
  let value: string | undefined;
  let inValue = false;

  parser.on('opentag', (tag: SaxesTagPlain) => {
    switch (tag.name) {
      case 'sheetData':
        inSheetData = true;
        break;
      case 'row':
        if (!inSheetData) break;
        inRow = true;
        rowNo = parseInt(tag.attributes.r, 10);
        rowDate = tag.attributes.s ? ctx.dateStyles[parseInt(tag.attributes.s, 10)] : undefined;
        cells = [];
        break;
      case 'c':
        if (!inRow) break;
        inCell = true;
        ref = tag.attributes.r;
        style = parseInt(tag.attributes.s, 10);
        type = tag.attributes.t;
        formula = inValue = false;
        value = undefined;
        break;
      case 'f':
        if (!inCell) break;
        formula = true;
        inValue = false;
        break;
      case 'v':
      case 'is':
      case 't':
        if (!inCell) break;
        value = '';
        inValue = true;
        break;
    }
  });
  parser.on('text', (text) => {
    if (inValue) value += text;
  });
  parser.on('closetag', (tag) => {
    switch (tag.name) {
      case 'sheetData':
        inSheetData = false;
        break;
      case 'c': {
        if (!inCell) break;
        inCell = inValue = false;
        if (ref === undefined) throw new Error(`a cell of row ${rowNo} has no reference (r="…")`);
        const col = columnOf(ref);
        if (col === 0) break;
        const date = (style ? ctx.dateStyles[style] : undefined) ?? rowDate ?? false;
        const cell = value === undefined ? null : cellValue(value, type, formula, date, ctx);
        if (cell !== null && cell !== '') {
          while (cells.length < col - 1) cells.push(null);
          cells[col - 1] = cell;
        } else if (col <= cells.length) cells[col - 1] = null;
        break;
      }
      case 'row': {
        if (!inRow) break;
        inRow = false;
        const item = finishRow(ctx, rowNo, cells);
        if (item) ready.push(item);
        break;
      }
    }
  });

  for await (const chunk of source) {
    parser.write(chunk);
    // One chunk's rows at a time: a consumer that stops early leaves the rest of the part uninflated.
    for (let i = 0; i < ready.length; i++) yield ready[i];
    ready.length = 0;
  }
  parser.close();
  yield* ready;
}

/** The column number of a reference such as "AB12" or "$AB$12" (its capital letters before the digits); 0 when it has none. */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const ch = ref.charCodeAt(i);
    if (ch >= 65 && ch <= 90) col = col * 26 + ch - 64;
    else if (ch >= 48 && ch <= 57) break;
  }
  if (col > 16384) throw new Error(`the cell reference ${ref} is past the last column (XFD)`);
  return col;
}

function finishRow(ctx: CellContext, row: number, cells: Cell[]): SheetItem | null {
  while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
  if (cells.length === 0) return null;
  const max = ctx.maxCellBytes;
  for (const value of cells) {
    if (typeof value === 'string' && value.length * 3 > max && Buffer.byteLength(value) > max) {
      return {
        file: ctx.path,
        row,
        column: null,
        value: null,
        code: 'cell_too_large',
        message: bi(`Row ${row} has a cell larger than ${max} bytes; the row was skipped.`, `第 ${row} 行有超过 ${max} 字节的单元格，已跳过该行。`),
        severity: 'error',
      };
    }
  }
  return { row, cells };
}

/**
 * A cell's value, by its type. Error values (#N/A, #DIV/0! …) are passed on as their literal, so a mapped column
 * reports them as a problem on the row (an empty value would silently count a deal as having no amount); so is a
 * formula's cached result that is no number (#NUM!). exceljs dropped a formula's cached 0 and turned a cached
 * error or boolean into NaN or a number: here 0 is 0, an error its literal and a boolean a boolean.
 */
function cellValue(text: string, type: string | undefined, formula: boolean, date: boolean, ctx: CellContext): Cell {
  switch (type) {
    case 's': {
      return ctx.sharedStrings[parseInt(text, 10)] ?? null;
    }
    case 'inlineStr':
    case 'str':
      return unescapeOoxml(xmlDecode(text));
    case 'e':
      return text;
    case 'b':
      return parseInt(text, 10) !== 0;
  }
  const n = parseFloat(text);
  if (formula && Number.isNaN(n)) return '#NUM!';
  return date ? excelDate(n, ctx.date1904) : n;
}

/** exceljs decodes the five XML entities once more in str and inlineStr cells; kept so the values stay the same. */
const xmlDecode = (s: string): string =>
  s.includes('&') ? s.replace(/&([a-z]*);/g, (c) => (c === '&lt;' ? '<' : c === '&gt;' ? '>' : c === '&amp;' ? '&' : c === '&apos;' ? "'" : c === '&quot;' ? '"' : c)) : s;

/** OOXML escapes control characters in strings as _xHHHH_ (e.g. _x000D_ for a carriage return). */
const unescapeOoxml = (s: string): string => (s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : s);

/** A number format that shows a date or time: y m d h s outside quoted text and [..] sections (same rule as exceljs). */
function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  const bare = fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]+/.test(bare);
}

/** Excel serial → the wall-clock time as a UTC Date. */
const excelDate = (serial: number, date1904: boolean): Date => new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86400000));
