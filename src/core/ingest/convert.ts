import type { z } from 'zod';
import type { ColumnField } from '../../schema/field.js';
import type { Problem } from '../../schema/problem.js';
import { ROW_SCHEMAS, type Kind, type RowOf } from '../../schema/rows.js';
import { bi, type Bi } from '../i18n.js';
import { parseActivityType } from '../values/activity-type.js';
import { parseBoolean } from '../values/boolean.js';
import { detectDateOrder, parseDate, type DateOrder, type YearRange } from '../values/date.js';
import { parseMoney } from '../values/money.js';
import { MoneyTotal } from '../values/money-sum.js';
import { parseNumber } from '../values/number.js';
import { parseStage } from '../values/stage.js';
import type { Cell, ParseResult } from '../values/types.js';
import { kindFields, type ColumnMapping } from './columns.js';

export interface ConvertOptions {
  file: string;
  mapping: ColumnMapping;
  timeZone: string;
  dateFormat: 'auto' | DateOrder;
  date1904?: boolean;
  years?: YearRange;
  /** Stored problems stop here (the rest are counted), so a hopeless 5M-row file cannot exhaust memory. */
  problemLimit?: number;
  /** Date orders already decided from the file's first rows (a later part read by another thread). */
  dateOrders?: Record<string, DateOrder>;
}

export interface DateStyle {
  field: string;
  header: string;
  order: DateOrder;
  ambiguous: boolean;
}

const SAMPLE_ROWS = 1000;

const isBlank = (c: Cell) => c === null || c === '' || (typeof c === 'string' && c.trim() === '');

const cellText = (c: Cell): string => (c instanceof Date ? c.toISOString() : c === null ? '' : String(c));

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
  private pending: { row: number; cells: Cell[] }[] | null = [];
  private readonly fields: (ColumnField & { col: number; header: string })[];
  private readonly dateOrders = new Map<string, DateOrder>();
  private readonly schema: z.ZodObject;
  /** Fields the row schema requires: a row missing one goes through zod for its message. */
  private readonly required: string[];
  /** Numeric fields whose zod schema adds checks (int, nonnegative) that the parsers do not promise. */
  private readonly checked: { name: string; schema: z.ZodType }[];
  private readonly seenIds = new Map<string, number>();
  private readonly hasStage: boolean;
  private readonly hasId: boolean;
  private readonly moneyTotal: MoneyTotal;

  constructor(
    private readonly kind: K,
    private readonly opts: ConvertOptions,
    private readonly emit: (row: RowOf<K>) => void,
  ) {
    const { mapping } = opts;
    this.moneyTotal = new MoneyTotal(opts.file);
    this.fields = kindFields(kind)
      .filter((f) => f.name in mapping.fields)
      .map((f) => ({ ...f, col: mapping.fields[f.name], header: mapping.headers[mapping.fields[f.name]] }));
    this.schema = ROW_SCHEMAS[kind] as z.ZodObject;
    const shape = this.schema.shape as Record<string, z.ZodType>;
    this.required = Object.keys(shape).filter((name) => !shape[name].safeParse(undefined).success);
    this.checked = this.fields
      .filter((f) => f.meta.kind === 'date' || f.meta.kind === 'number' || f.meta.kind === 'money')
      .map((f) => ({ name: f.name, schema: shape[f.name] }));
    this.hasStage = 'stage' in mapping.fields;
    this.hasId = 'id' in mapping.fields;
    if (opts.dateOrders) {
      this.pending = null;
      for (const [field, order] of Object.entries(opts.dateOrders)) this.dateOrders.set(field, order);
    }
  }

  /** The date order of each date column, once decided (null while the first rows are still sampled). */
  decidedOrders(): Record<string, DateOrder> | null {
    return this.pending ? null : Object.fromEntries(this.dateOrders);
  }

  push(row: number, cells: Cell[]): void {
    this.rowsIn++;
    if (this.pending) {
      this.pending.push({ row, cells });
      if (this.pending.length >= SAMPLE_ROWS) this.flushPending();
      return;
    }
    this.convert(row, cells);
  }

  end(): void {
    if (this.pending) this.flushPending();
  }

  problem(p: Omit<Problem, 'file'>): void {
    this.problemCount++;
    if (this.problems.length < (this.opts.problemLimit ?? 100_000)) this.problems.push({ file: this.opts.file, ...p });
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
      if (ambiguous)
        this.problem({
          row: null,
          column: f.header,
          value: null,
          code: 'ambiguous_date_order',
          severity: 'warning',
          message: bi(
            `dates in this column could be day/month or month/day; read as ${order}. Set "dateFormat" in perf.config.json to DMY or MDY if that is wrong`,
            `此列日期无法判断是"日/月"还是"月/日"，已按 ${order} 读取；如有误，请在 perf.config.json 中设置 "dateFormat" 为 DMY 或 MDY`,
          ),
        });
    }
    for (const p of pending) this.convert(p.row, p.cells);
  }

  private parseCell(f: ColumnField, cell: Cell): ParseResult<unknown> {
    switch (f.meta.kind) {
      case 'text':
        return { ok: true, value: cellText(cell).trim() };
      case 'money':
        return parseMoney(cell);
      case 'number':
        return parseNumber(cell);
      case 'boolean':
        return parseBoolean(cell);
      case 'date':
        return parseDate(cell, { order: this.dateOrders.get(f.name) ?? 'YMD', timeZone: this.opts.timeZone, date1904: this.opts.date1904, years: this.opts.years });
      case 'stage':
      case 'activityType':
        return { ok: true, value: cell };
    }
  }

  private convert(row: number, cells: Cell[]): void {
    const out: Record<string, unknown> = { row };
    let failed = false;
    const fail = (f: { header: string }, cell: Cell, code: string, message: Bi) => {
      failed = true;
      this.problem({ row, column: f.header, value: cellText(cell), code, message, severity: 'error' });
    };
    for (const f of this.fields) {
      const cell = cells[f.col] ?? null;
      if (isBlank(cell)) continue;
      if (f.meta.kind === 'stage') {
        const s = parseStage(cell);
        out.stage = s.stage;
        out.stage_label = s.label;
        continue;
      }
      if (f.meta.kind === 'activityType') {
        const t = parseActivityType(cell);
        out.type = t.type;
        out.type_label = t.label;
        continue;
      }
      const parsed = this.parseCell(f, cell);
      if (!parsed.ok) fail(f, cell, `bad_${f.meta.kind}`, parsed.reason);
      else {
        out[f.name] = parsed.value;
        if (f.meta.kind === 'money') this.moneyTotal.add(parsed.value as number, row, f.header);
      }
    }
    if (failed) return;
    this.complete(out, row);
    if (this.conforms(out)) {
      if (!this.checkRules(out, row, cells)) return;
      this.rowsOut++;
      this.emit(out as RowOf<K>);
      return;
    }
    const result = this.schema.safeParse(out);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = String(issue.path[0] ?? '');
        const f = this.fields.find((x) => x.name === field);
        const cell = f ? (cells[f.col] ?? null) : null;
        this.problem({
          row,
          column: f?.header ?? field,
          value: cell === null ? null : cellText(cell),
          code: out[field] === undefined ? 'missing_value' : 'invalid_value',
          severity: 'error',
          message:
            out[field] === undefined
              ? bi(`required value "${field}" is empty; row skipped`, `必填字段"${field}"为空，已跳过该行`)
              : bi(`"${field}" is not valid (${issue.message}); row skipped`, `"${field}"无效（${issue.message}），已跳过该行`),
        });
      }
      return;
    }
    if (!this.checkRules(result.data as Record<string, unknown>, row, cells)) return;
    this.rowsOut++;
    this.emit(result.data as RowOf<K>);
  }

  /**
   * The parsers already produce the schema's types (trimmed non-empty text, enums, booleans), so a row
   * with every required field and valid numbers is what zod would return; the rest go through zod,
   * which words the problem. Skipping the full parse saves ~1 s per million rows; a test holds every
   * emitted row to the schema.
   */
  private conforms(out: Record<string, unknown>): boolean {
    for (const name of this.required) if (out[name] === undefined) return false;
    for (const c of this.checked) {
      const v = out[c.name];
      if (v !== undefined && !c.schema.safeParse(v).success) return false;
    }
    return true;
  }

  /** Fills what an export may leave implicit, so the schema sees a whole row. */
  private complete(out: Record<string, unknown>, row: number): void {
    if (this.kind === 'deals') {
      if (!this.hasId || out.id === undefined) out.id = `#${row}`;
      if (!this.hasStage || out.stage === undefined) {
        // A file of signed deals (e.g. a "won deals" export) has a close date and no stage column.
        out.stage = out.closed_at !== undefined ? 'won' : 'open';
        out.stage_label = '';
      }
      // In Salesforce-style exports the close date of an open deal is its expected close date.
      if (out.stage === 'open' && out.closed_at !== undefined) {
        out.expected_close_at ??= out.closed_at;
        delete out.closed_at;
      }
    }
    if (this.kind === 'activities' && out.type === undefined) {
      out.type = 'other';
      out.type_label = '';
    }
  }

  private checkRules(data: Record<string, unknown>, row: number, cells: Cell[]): boolean {
    const header = (field: string) => this.fields.find((f) => f.name === field)?.header ?? field;
    if (this.kind === 'deals' && data.stage === 'won' && data.closed_at === undefined) {
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
    if (typeof id === 'string' && this.hasId && (this.kind === 'deals' || this.kind === 'leads')) {
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
    return true;
  }
}
