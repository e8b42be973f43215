import type { ColumnField } from '../../schema/field.js';
import type { Check } from '../../schema/check.js';
import type { Problem } from '../../schema/problem.js';
import type { Kind, RowOf } from '../../schema/rows.js';
import { dayNumber, isoDate } from '../calendar.js';
import { EXIT, PerfError } from '../errors.js';
import { bi, type Bi } from '../i18n.js';
import { parseActivityType } from '../values/activity-type.js';
import { parseBoolean } from '../values/boolean.js';
import { decideNumberStyle, type NumberStyle } from '../values/decimal.js';
import { detectDateOrder, parseDate, type DateOrder, type YearRange } from '../values/date.js';
import { parseMoney } from '../values/money.js';
import { MoneyTotal } from '../values/money-sum.js';
import { parseNumber } from '../values/number.js';
import { parseStage } from '../values/stage.js';
import { isControl } from '../values/text.js';
import type { Cell, ParseResult } from '../values/types.js';
import type { ColumnMapping } from './columns.js';
import { memoised } from './memo.js';
import { parseUnit } from './units.js';
import { RecentDays } from './recent-days.js';

export interface ConvertOptions {
  file: string;
  mapping: ColumnMapping;
  timeZone: string;
  dateFormat: 'auto' | DateOrder;
  date1904?: boolean;
  /** the decimal mark of every number column, or auto: decided per column from its first rows */
  numberFormat?: 'auto' | NumberStyle;
  years?: YearRange;
  /** Stored problems stop here (the rest are counted), so a hopeless 5M-row file cannot exhaust memory. */
  problemLimit?: number;
  /** Date orders already decided from the file's first rows (a later part read by another thread). */
  dateOrders?: Record<string, DateOrder>;
  /** Likewise the decimal mark of each number column. */
  numberStyles?: Record<string, NumberStyle>;
}

/**
 * What the converter needs of a kind's row schema, as plain data (built from the zod schema by rowShape):
 * a reading thread is handed it and loads zod only if a row fails the fast check (zod cost such a thread
 * ~0.1-0.2 s of start-up).
 */
export interface RowShape<K extends Kind = Kind> {
  kind: K;
  /** every key of the row schema, in order */
  keys: string[];
  /** the mappable fields, in declaration order */
  fields: ColumnField[];
  /** fields the row schema requires: a row missing one goes through zod for its message */
  required: string[];
  /**
   * The date, number and money fields, with bounds that imply their zod schema accepts a value (type,
   * bounds); null: the schema says more, and every row holding such a value goes through zod.
   */
  numbers: { name: string; bounds: { lo: number; hi: number; whole: boolean } | null }[];
}

/** The row schema's verdict on a row the fast check did not pass (zod's safeParse, which words the problems; `zh` in Chinese). */
export type RowValidator = (
  row: Record<string, unknown>,
) => { success: true; data: unknown } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string; zh?: string }[] } };

export interface DateStyle {
  field: string;
  header: string;
  order: DateOrder;
  ambiguous: boolean;
}

const SAMPLE_ROWS = 1000;

// A text cell of a row not known to be plain (RawRow.plain) is checked: a loop costs less than a regex test.
const hasControl = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isControl(c)) return true;
  }
  return false;
};
const CONTROLS = /[\u0000-\u001f\u007f]+/g;

// What Excel shows for a failed formula, in a workbook cell or saved into a CSV.
const EXCEL_ERROR = /^#(?:N\/A|REF!|VALUE!|DIV\/0!|NAME\?|NULL!|NUM!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)$/;

// A printable ASCII first character settles most cells without trimming them.
const isBlank = (c: Cell) => {
  if (c === null || c === '') return true;
  if (typeof c !== 'string') return false;
  const first = c.charCodeAt(0);
  return !(first > 32 && first < 127) && c.trim() === '';
};

const cellText = (c: Cell): string => (c instanceof Date ? c.toISOString() : c === null ? '' : String(c));
/**
 * A problem as it is kept: a copy, since a parsed column's text (and a message quoting it) may be cut
 * from its whole 64 KiB chunk's text (CsvCore.parsed) and would keep that alive as long as the problem.
 */
const detached = <T>(p: T): T => JSON.parse(JSON.stringify(p)) as T;

/** Field kinds whose text the converter parses into a number, date or boolean and then drops (the kinds column() reads `via: 'parse'`; CsvCore.parsed). */
export const PARSED_KINDS: ReadonlySet<string> = new Set(['money', 'number', 'boolean', 'date']);

type Bounds = NonNullable<RowShape['numbers'][number]['bounds']>;

type Field = ColumnField & {
  col: number;
  header: string;
  /** how many of the row schema's required keys the column fills (a stage or type column fills two: value and label) */
  required: number;
  /** a number field's bounds (RowShape.numbers; null: zod decides every value), undefined for the others */
  bounds: Bounds | null | undefined;
};

/** Whether a number is one its field's zod schema accepts (RowShape.numbers). */
const within = (v: unknown, b: Bounds | null): boolean =>
  b !== null && typeof v === 'number' && (b.whole ? Number.isSafeInteger(v) : Number.isFinite(v)) && v >= b.lo && v <= b.hi;

/** The keys a column of this field fills. */
const keysOf = (f: ColumnField): string[] => (f.meta.kind === 'stage' ? ['stage', 'stage_label'] : f.meta.kind === 'activityType' ? ['type', 'type_label'] : [f.name]);

/** A mapped column with its parser, fixed once the column's date order and decimal mark are decided. */
type Column = Field &
  (
    /** text is cleaned in place: a result object per text cell (three or four a row) was garbage to collect */
    | { via: 'text' }
    | { via: 'parse'; parse: (cell: Cell) => ParseResult<unknown> }
    /** stage and activity type: a value and the label as written */
    | { via: 'pair'; parse: (cell: Cell) => { value: string; label: string }; key: string; labelKey: string }
  );

/**
 * Turns raw rows into canonical rows of one kind. Date columns decide their day/month order once, from
 * the first rows, so the first rows are held back until that decision is made.
 */
export class RowConverter<K extends Kind> {
  readonly problems: Problem[] = [];
  problemCount = 0;
  rowsIn = 0;
  rowsOut = 0;
  dateStyles: DateStyle[] = [];
  /** readings decided for the user (units, number style, currency), shown first in reports */
  readonly checks: Check[] = [];
  /** ISO code of the amounts' currency when the file names one */
  currency: string | null = null;
  /** the latest date a kept row records (expected closes aside): how far the export reaches */
  dataEnd: number | null = null;
  /** rows per day before the data's end, by each row's latest date (sanity.ts: a last month covered in part) */
  readonly recentDays = new RecentDays();
  private readonly endFields: string[];
  private readonly currencies = new Set<string>();
  private readonly numberStyles = new Map<string, NumberStyle>();
  private pending: { row: number; cells: Cell[]; plain: boolean }[] | null = [];
  private readonly fields: Field[];
  /** the fields with their parsers, once the first rows decided date orders and decimal marks */
  private columns: Column[] = [];
  private readonly dateOrders = new Map<string, DateOrder>();
  /** Numeric fields whose zod schema adds checks (int, nonnegative) that the parsers do not promise. */
  private readonly checked: RowShape['numbers'];
  /**
   * The required keys the mapped columns fill, when they fill every required key but the row number
   * (null: some required key has no column, and only completing the row can fill it): a row that filled
   * them all, with numbers in bounds and nothing completed, conforms without a look at each key.
   */
  private readonly requiredFilled: number | null;
  private readonly seenIds = new Map<string, number>();
  private readonly hasStage: boolean;
  private readonly hasId: boolean;
  /**
   * Every field of the kind, undefined, in the schema's order: each row starts as a copy, so all rows of a
   * kind share one shape and the code reading them (the score's per-row rules) stays monomorphic. Rows
   * built field by field took a shape per combination of blank columns: 13-14% of a 1M-row score.
   */
  private readonly blank: Record<string, unknown>;
  private readonly moneyTotal: MoneyTotal;

  /**
   * A row the fast check did not pass, met before this converter had a validator (a reading thread loads
   * zod only then): `settle` decides it, before the next row.
   */
  held: { out: Record<string, unknown>; row: number; cells: Cell[] } | null = null;

  /** `validate` null: rows that need it are held (a converter given its date orders and number styles). */
  constructor(
    readonly shape: RowShape<K>,
    private readonly opts: ConvertOptions,
    private readonly emit: (row: RowOf<K>) => void,
    private validate: RowValidator | null,
  ) {
    const { mapping } = opts;
    this.moneyTotal = new MoneyTotal(opts.file);
    const required = new Set(shape.required);
    const bounds = new Map(shape.numbers.map((n) => [n.name, n.bounds]));
    this.fields = shape.fields
      .filter((f) => f.name in mapping.fields)
      .map((f) => ({
        ...f,
        col: mapping.fields[f.name],
        header: mapping.headers[mapping.fields[f.name]],
        required: keysOf(f).filter((k) => required.has(k)).length,
        bounds: bounds.get(f.name),
      }));
    const filled = new Set(this.fields.flatMap(keysOf));
    this.requiredFilled = shape.required.every((k) => k === 'row' || filled.has(k)) ? this.fields.reduce((n, f) => n + f.required, 0) : null;
    this.blank = Object.fromEntries(shape.keys.map((name) => [name, undefined]));
    this.checked = shape.numbers.filter((n) => n.name in mapping.fields);
    this.hasStage = 'stage' in mapping.fields;
    this.hasId = 'id' in mapping.fields;
    if (opts.dateOrders) {
      this.pending = null;
      for (const [field, order] of Object.entries(opts.dateOrders)) this.dateOrders.set(field, order);
      for (const [field, style] of Object.entries(opts.numberStyles ?? {})) this.numberStyles.set(field, style);
      this.columns = this.fields.map((f) => this.column(f));
    }
    this.endFields = this.fields.filter((f) => f.meta.kind === 'date' && f.name !== 'expected_close_at').map((f) => f.name);
    for (const f of this.fields) {
      const unit = mapping.units[f.name];
      if (f.meta.kind !== 'money' || !unit) continue;
      if (unit.currency) this.currencies.add(unit.currency);
      if (unit.shift > 0) {
        const factor = (10 ** unit.shift).toLocaleString('en-US');
        this.check('header_unit', bi(`amounts in "${f.header}" are in ${unit.text}: multiplied by ${factor}`, `"${f.header}"中的金额单位为${unit.text}：已乘以 ${factor}`));
      }
    }
  }

  /** The date order and decimal mark of each column, once decided (null while the first rows are still sampled). */
  decided(): { dateOrders: Record<string, DateOrder>; numberStyles: Record<string, NumberStyle> } | null {
    return this.pending ? null : { dateOrders: Object.fromEntries(this.dateOrders), numberStyles: Object.fromEntries(this.numberStyles) };
  }

  private check(code: string, message: Bi): void {
    this.checks.push({ code, status: 'guessed', file: this.opts.file, message });
  }

  /** `plain`: the reader found no control character in the row's cells (RawRow.plain), so its text is not searched for them. */
  push(row: number, cells: Cell[], plain = false): void {
    this.rowsIn++;
    if (this.pending) {
      this.pending.push({ row, cells, plain });
      if (this.pending.length >= SAMPLE_ROWS) this.flushPending();
      return;
    }
    this.convert(row, cells, plain);
  }

  end(): void {
    if (this.pending) this.flushPending();
    this.decideCurrency();
  }

  /** One currency per file: from the amounts' symbols or codes, the header's unit, or a currency column. */
  private decideCurrency(): void {
    if (this.currencies.size > 1) {
      const list = [...this.currencies].sort().join(', ');
      throw new PerfError(
        EXIT.usage,
        bi(
          `${this.opts.file}: amounts in more than one currency (${list}); perf does not convert currencies. Export one currency per file, or convert the amounts first.`,
          `${this.opts.file}：金额包含多种货币（${list}）；perf 不做汇率换算。请每种货币单独导出，或先换算金额。`,
        ),
      );
    }
    const [only] = this.currencies;
    if (only === undefined) return;
    this.currency = only;
    this.check('currency', bi(`amounts are in ${only} (as the file says)`, `金额货币为 ${only}（按文件所写）`));
  }

  problem(p: Omit<Problem, 'file'>): void {
    this.problemCount++;
    if (this.problems.length < (this.opts.problemLimit ?? 100_000)) this.problems.push(detached({ file: this.opts.file, ...p }));
  }

  private flushPending(): void {
    const pending = this.pending!;
    this.pending = null;
    for (const f of this.fields) {
      if (f.meta.kind !== 'date') continue;
      if (this.opts.dateFormat !== 'auto') {
        this.dateOrders.set(f.name, this.opts.dateFormat);
        continue;
      }
      const samples = pending.map((p) => p.cells[f.col] ?? null).filter((c) => !isBlank(c));
      const { order, ambiguous } = detectDateOrder(samples, 'YMD');
      this.dateOrders.set(f.name, order);
      this.dateStyles.push({ field: f.name, header: f.header, order, ambiguous });
      // Undecided (the fallback YMD): a day-first or month-first date is refused row by row, never guessed.
      const undecided = order === 'YMD';
      if (ambiguous)
        this.check(
          'date_order',
          undecided
            ? bi(`dates in "${f.header}" could be day/month or month/day: those are not read (set "dateFormat" to DMY or MDY)`, `"${f.header}"中的日期既可能是日/月也可能是月/日：这些日期未读取（请将 "dateFormat" 设为 DMY 或 MDY）`)
            : bi(`dates in "${f.header}" read as ${order}; they could be either day/month or month/day (set "dateFormat")`, `"${f.header}"中的日期按 ${order} 读取；它们既可能是日/月也可能是月/日（可设置 "dateFormat"）`),
        );
      if (ambiguous)
        this.problem({
          row: null,
          column: f.header,
          value: null,
          code: 'ambiguous_date_order',
          severity: 'warning',
          message: undecided
            ? bi(
                'dates in this column could be day/month or month/day, and no value tells which: such dates are not read. Set "dateFormat" in perf.config.json to DMY or MDY',
                '此列日期无法判断是"日/月"还是"月/日"，也没有任何值能说明：这些日期未读取。请在 perf.config.json 中设置 "dateFormat" 为 DMY 或 MDY',
              )
            : bi(
                `dates in this column could be day/month or month/day; read as ${order}. Set "dateFormat" in perf.config.json to DMY or MDY if that is wrong`,
                `此列日期无法判断是"日/月"还是"月/日"，已按 ${order} 读取；如有误，请在 perf.config.json 中设置 "dateFormat" 为 DMY 或 MDY`,
              ),
        });
    }
    for (const f of this.fields) {
      if (f.meta.kind !== 'money' && f.meta.kind !== 'number') continue;
      this.numberStyles.set(f.name, this.decideStyle(f, pending));
    }
    this.columns = this.fields.map((f) => this.column(f));
    for (const p of pending) this.convert(p.row, p.cells, p.plain);
  }

  /** Like date order, a column's decimal mark is decided once, from the rows already held back. */
  private decideStyle(f: Field, pending: { cells: Cell[] }[]): NumberStyle {
    const forced = this.opts.numberFormat ?? 'auto';
    if (forced !== 'auto') return forced;
    const texts = pending.map((p) => p.cells[f.col]).filter((c): c is string => typeof c === 'string' && c.trim() !== '');
    const d = decideNumberStyle(texts);
    if (d.undecided) {
      const [a, b] = d.examples.map((e) => `"${e}"`);
      const why =
        d.undecided === 'conflict'
          ? bi(`it writes numbers both as ${a} (decimal point) and ${b} (decimal comma)`, `其中数字既有 ${a}（小数点）又有 ${b}（小数逗号）的写法`)
          : bi(`a value such as ${a} is a thousand times larger with a decimal comma than with a decimal point`, `${a} 这样的值按小数逗号读取比按小数点读取大一千倍`);
      throw new PerfError(
        EXIT.usage,
        bi(
          `${this.opts.file}: cannot tell the decimal mark of column "${f.header}": ${why.en}.\nSay which: "numberFormat": "comma" (1.234,56) or "point" (1,234.56) in perf.config.json, or run with --decimal-comma.`,
          `${this.opts.file}：无法判断"${f.header}"列的小数点：${why.zh}。\n请指定：在 perf.config.json 中设置 "numberFormat": "comma"（1.234,56）或 "point"（1,234.56），或加 --decimal-comma 运行。`,
        ),
      );
    }
    if (d.style === 'comma')
      this.check('number_style', bi(`"${f.header}" writes numbers as 1.234,56 (decimal comma): read that way`, `"${f.header}"中的数字写作 1.234,56（小数逗号）：已按此读取`));
    return d.style;
  }

  private column(f: Field): Column {
    const { timeZone, date1904, years, mapping } = this.opts;
    switch (f.meta.kind) {
      case 'text':
        return { ...f, via: 'text' };
      case 'money': {
        const o = { style: this.numberStyles.get(f.name), shift: mapping.units[f.name]?.shift, currencies: this.currencies };
        return { ...f, via: 'parse', parse: (cell) => parseMoney(cell, o) };
      }
      case 'number': {
        const style = this.numberStyles.get(f.name);
        return { ...f, via: 'parse', parse: (cell) => parseNumber(cell, style) };
      }
      case 'boolean':
        return { ...f, via: 'parse', parse: parseBoolean };
      case 'date': {
        const o = { order: this.dateOrders.get(f.name) ?? 'YMD', timeZone, date1904, years };
        return { ...f, via: 'parse', parse: (cell) => parseDate(cell, o) };
      }
      case 'stage': {
        const parse = memoised((cell) => {
          const { stage, label } = parseStage(cell);
          return { value: stage, label };
        });
        const [key, labelKey] = keysOf(f);
        return { ...f, via: 'pair', key, labelKey, parse };
      }
      case 'activityType': {
        const parse = memoised((cell) => {
          const { type, label } = parseActivityType(cell);
          return { value: type, label };
        });
        const [key, labelKey] = keysOf(f);
        return { ...f, via: 'pair', key, labelKey, parse };
      }
    }
  }

  private text(f: Field, cell: Cell, plain: boolean): string {
    let value = typeof cell === 'string' ? cell : cellText(cell);
    // Printable ASCII at both ends: nothing to trim, and most cells are so.
    const first = value.charCodeAt(0);
    const last = value.charCodeAt(value.length - 1);
    if (!(first > 32 && first < 127 && last > 32 && last < 127)) value = value.trim();
    // NUL and other control characters in a name break SVG charts and workbook XML downstream.
    if (!plain && hasControl(value)) value = value.replace(CONTROLS, ' ').replace(/ {2,}/g, ' ').trim();
    if (f.name === 'currency') this.currencies.add(parseUnit(value)?.currency ?? value.toUpperCase());
    return value;
  }

  private refuse(row: number, f: Field, cell: Cell, code: string, message: Bi): void {
    this.problem({ row, column: f.header, value: cellText(cell), code, message, severity: 'error' });
  }

  private convert(row: number, cells: Cell[], plain: boolean): void {
    if (this.held) throw new Error(`row ${this.held.row} was held for the row schema and not settled`);
    const out: Record<string, unknown> = { ...this.blank };
    out.row = row;
    let failed = false;
    let filled = 0;
    let inBounds = true;
    for (const f of this.columns) {
      const cell = cells[f.col] ?? null;
      if (isBlank(cell)) continue;
      if (typeof cell === 'string' && cell.charCodeAt(0) === 35 && EXCEL_ERROR.test(cell)) {
        failed = true;
        this.refuse(row, f, cell, 'cell_error', bi(`the cell holds the Excel error ${cell} (a formula that failed); row skipped. Fix the formula or its inputs in the workbook`, `单元格是 Excel 错误值 ${cell}（公式计算失败），已跳过该行。请修正工作簿中的公式或其引用的数据`));
        continue;
      }
      if (f.via === 'text') {
        out[f.name] = this.text(f, cell, plain);
        filled += f.required;
        continue;
      }
      if (f.via === 'pair') {
        const p = f.parse(cell);
        out[f.key] = p.value;
        out[f.labelKey] = p.label;
        filled += f.required;
        continue;
      }
      const parsed = f.parse(cell);
      if (!parsed.ok) {
        failed = true;
        this.refuse(row, f, cell, `bad_${f.meta.kind}`, parsed.reason);
      } else {
        out[f.name] = parsed.value;
        if (parsed.value !== undefined) filled += f.required;
        if (f.bounds !== undefined && !within(parsed.value, f.bounds)) inBounds = false;
        if (f.meta.kind === 'money') this.moneyTotal.add(parsed.value as number, row, f.header);
      }
    }
    if (failed) return;
    const completed = this.complete(out, row);
    if ((!completed && inBounds && filled === this.requiredFilled) || this.conforms(out)) {
      if (!this.checkRules(out, row, cells)) return;
      this.kept(out);
      return;
    }
    if (!this.validate) {
      this.held = { out, row, cells };
      return;
    }
    this.judge(out, row, cells);
  }

  /** Decides the held row with the row schema's validator, which the converter keeps for the rows after it. */
  settle(validate: RowValidator): void {
    const { out, row, cells } = this.held!;
    this.held = null;
    this.validate = validate;
    this.judge(out, row, cells);
  }

  /** A row the fast check did not pass: zod keeps it or words why not. */
  private judge(out: Record<string, unknown>, row: number, cells: Cell[]): void {
    const result = this.validate!(out);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = String(issue.path[0] ?? '');
        const f = this.fields.find((x) => x.name === field);
        const cell = f ? (cells[f.col] ?? null) : null;
        const message =
          out[field] === undefined
            ? bi(`required value "${field}" is empty; row skipped`, `必填字段"${field}"为空，已跳过该行`)
            : bi(`"${field}" is not valid (${issue.message}); row skipped`, `"${field}"无效（${issue.zh ?? issue.message}），已跳过该行`);
        const code = out[field] === undefined ? 'missing_value' : 'invalid_value';
        this.problem({ row, column: f?.header ?? field, value: cell === null ? null : cellText(cell), code, severity: 'error', message });
      }
      return;
    }
    if (!this.checkRules(result.data as Record<string, unknown>, row, cells)) return;
    this.kept(result.data as Record<string, unknown>);
  }

  private kept(row: Record<string, unknown>): void {
    this.rowsOut++;
    let latest = -Infinity;
    for (const f of this.endFields) {
      const v = row[f];
      if (typeof v === 'number' && v > latest) latest = v;
    }
    if (latest !== -Infinity) {
      if (this.dataEnd === null || latest > this.dataEnd) this.dataEnd = latest;
      this.recentDays.add(latest);
    }
    this.emit(row as RowOf<K>);
  }

  /**
   * The parsers already produce the schema's types (trimmed non-empty text, enums, booleans), so a row
   * with every required field and valid numbers is what zod would return; the rest go through zod,
   * which words the problem. Skipping the full parse saves ~1 s per million rows; a test holds every
   * emitted row to the schema.
   */
  private conforms(out: Record<string, unknown>): boolean {
    for (const name of this.shape.required) if (out[name] === undefined) return false;
    for (const { name, bounds } of this.checked) {
      const v = out[name];
      if (v !== undefined && !within(v, bounds)) return false;
    }
    return true;
  }

  /**
   * Fills what an export may leave implicit, so the schema sees a whole row. False only when it changed
   * nothing; a deals row always says true (deals files are small, and their rows take the full check).
   */
  private complete(out: Record<string, unknown>, row: number): boolean {
    let completed = false;
    if (this.shape.kind === 'deals') {
      completed = true;
      if (!this.hasId || out.id === undefined) out.id = `#${row}`;
      if (!this.hasStage || out.stage === undefined) {
        // A file of signed deals (e.g. a "won deals" export) has a close date and no stage column.
        out.stage = out.closed_at !== undefined ? 'won' : 'open';
        out.stage_label = '';
      }
      // In Salesforce-style exports the close date of an open deal is its expected close date.
      if (out.stage === 'open' && out.closed_at !== undefined) {
        out.expected_close_at ??= out.closed_at;
        out.closed_at = undefined;
      }
    }
    if (this.shape.kind === 'activities' && out.type === undefined) {
      completed = true;
      out.type = 'other';
      out.type_label = '';
    }
    return completed;
  }

  private checkRules(data: Record<string, unknown>, row: number, cells: Cell[]): boolean {
    const header = (field: string) => this.fields.find((f) => f.name === field)?.header ?? field;
    if (this.shape.kind === 'deals' && data.stage === 'won' && data.closed_at === undefined) {
      this.problem({
        row,
        column: header('closed_at'),
        value: '',
        code: 'missing_value',
        severity: 'error',
        message: bi('a won deal needs a close date; row skipped', '赢单必须有签约日期，已跳过该行'),
      });
      return false;
    }
    const id = data.id;
    if (typeof id === 'string' && this.hasId && (this.shape.kind === 'deals' || this.shape.kind === 'leads')) {
      const first = this.seenIds.get(id);
      if (first !== undefined) {
        this.problem({
          row,
          column: header('id'),
          value: cellText(cells[this.opts.mapping.fields.id] ?? null),
          code: 'duplicate_id',
          severity: 'error',
          message: bi(`duplicate id: already used on row ${first}; row skipped`, `编号重复：已在第 ${first} 行出现，已跳过该行`),
        });
        return false;
      }
      this.seenIds.set(id, row);
    }
    // A deal closed before it was created: one of the dates is wrong. Kept (its close still counts) and said here,
    // where the file, row and cells are known; the audit measures no cycle on it.
    const created = data.created_at;
    const closed = data.closed_at;
    if (this.shape.kind === 'deals' && typeof created === 'number' && typeof closed === 'number' && dayNumber(closed) < dayNumber(created)) {
      this.problem({
        row,
        column: header('closed_at'),
        value: cellText(cells[this.opts.mapping.fields.closed_at] ?? null),
        code: 'closed_before_created',
        severity: 'warning',
        message: bi(
          `the deal closed before it was created ("${header('created_at')}" ${isoDate(created)}); row kept, but the audit measures no sales cycle on it (a negative cycle is no fast close). Correct the date that is wrong`,
          `该商机的关闭日期早于创建日期（"${header('created_at')}" ${isoDate(created)}）；该行保留，但审计不计算其成交周期（负的周期不算快速成交）。请更正有误的日期`,
        ),
      });
    }
    return true;
  }
}
