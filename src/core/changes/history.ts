import { aliasOf, type ColumnMapping } from '../ingest/columns.js';
import { EXIT, PerfError } from '../errors.js';
import { bi } from '../i18n.js';
import type { LocalTime } from '../calendar.js';
import { normaliseKey } from '../values/text.js';
import type { Cell } from '../values/types.js';
import type { HistoryRow } from '../../schema/rows.js';

/** A deals export as read, before conversion: the history is replayed on its cells, so values parse as the export's own. */
export interface RawDeals {
  file: string;
  mapping: ColumnMapping;
  rows: { row: number; cells: Cell[] }[];
  /** parsed created date per source row, where the row was kept */
  createdAt: Map<number, LocalTime | undefined>;
}

// Log entries that are events, not field changes. 'created' is also a header of created_at, so these are matched first.
const CREATED = new Set(['created', 'opportunitycreated', 'opportunitycreatedfromlead', 'dealcreated', '创建', '新建', '新增', '创建商机', '新建商机']);
const DELETED = new Set(['deleted', 'opportunitydeleted', 'dealdeleted', '删除', '作废', '删除商机', '作废商机']);

export interface ReplayLog {
  /** deal id → column index → the column's changes, oldest first */
  changes: Map<string, Map<number, HistoryRow[]>>;
  created: Map<string, LocalTime>;
  deleted: Map<string, LocalTime>;
  /** logged field names the deals export has no column for, with how many changes each */
  unmatched: Map<string, number>;
  /** ids in the log that the deals export does not list */
  unknownDeals: Set<string>;
  /** whether the log carries old values (else each value's predecessor is its old value) */
  hasOld: boolean;
}

/** The deals export's column a logged field name changes: its own header first, then the deals aliases. */
function columnOf(mapping: ColumnMapping, field: string): number | undefined {
  const key = normaliseKey(field);
  const own = mapping.headers.findIndex((h) => normaliseKey(h) === key);
  if (own >= 0) return own;
  const canonical = aliasOf('deals', field);
  return canonical === undefined ? undefined : mapping.fields[canonical];
}

const idText = (c: Cell) => (c === null || c === undefined ? '' : String(c).trim());

/** Sorts a field-history log by deal and column, and says what in it the deals export cannot place. */
export function replayLog(deals: RawDeals, history: readonly HistoryRow[], hasOld: boolean): ReplayLog {
  const idCol = deals.mapping.fields.id;
  if (idCol === undefined)
    throw new PerfError(
      EXIT.usage,
      bi(
        `${deals.file}: no deal id column — a field history is matched to the deals by id; export the deal/opportunity id too`,
        `${deals.file}：没有商机编号列——字段变更记录按商机编号与商机对应；请同时导出商机编号`,
      ),
    );
  const ids = new Set(deals.rows.map((r) => idText(r.cells[idCol])));
  const log: ReplayLog = { changes: new Map(), created: new Map(), deleted: new Map(), unmatched: new Map(), unknownDeals: new Set(), hasOld };
  // Oldest first; a tie keeps the log's own order.
  const sorted = [...history].sort((a, b) => a.at - b.at || a.row - b.row);
  for (const h of sorted) {
    if (!ids.has(h.deal_id)) {
      log.unknownDeals.add(h.deal_id);
      continue;
    }
    const key = normaliseKey(h.field);
    if (CREATED.has(key)) {
      if (!log.created.has(h.deal_id)) log.created.set(h.deal_id, h.at);
      continue;
    }
    if (DELETED.has(key)) {
      log.deleted.set(h.deal_id, h.at);
      continue;
    }
    const col = columnOf(deals.mapping, h.field);
    if (col === undefined || col === idCol) {
      log.unmatched.set(h.field, (log.unmatched.get(h.field) ?? 0) + 1);
      continue;
    }
    const byCol = log.changes.get(h.deal_id) ?? new Map<number, HistoryRow[]>();
    const list = byCol.get(col) ?? [];
    list.push(h);
    byCol.set(col, list);
    log.changes.set(h.deal_id, byCol);
  }
  return log;
}

/**
 * The deals export as it stood just before `until` (exclusive): every logged change at or after it undone,
 * deals created at or after it and deals deleted before it left out. A deal's value of a field is the old
 * value of its first change from `until` on; without old values, the new value of its last change before
 * `until` (blank when there was none).
 */
export function rowsAt(deals: RawDeals, log: ReplayLog, until: LocalTime): { row: number; cells: Cell[] }[] {
  const idCol = deals.mapping.fields.id!;
  const out: { row: number; cells: Cell[] }[] = [];
  for (const r of deals.rows) {
    const id = idText(r.cells[idCol]);
    const created = log.created.get(id) ?? deals.createdAt.get(r.row);
    if (created !== undefined && created >= until) continue;
    const deleted = log.deleted.get(id);
    if (deleted !== undefined && deleted < until) continue;
    const byCol = log.changes.get(id);
    if (!byCol) {
      out.push(r);
      continue;
    }
    const cells = [...r.cells];
    for (const [col, list] of byCol) {
      const after = list.findIndex((h) => h.at >= until);
      if (after < 0) continue;
      const value = log.hasOld ? list[after].old_value : after > 0 ? list[after - 1].new_value : undefined;
      while (cells.length <= col) cells.push(null);
      cells[col] = value ?? null;
    }
    out.push({ row: r.row, cells });
  }
  return out;
}

/**
 * How many times each deal's expected close was moved later in [from, until), read from the log's changes of
 * that column (parse: the export's own date reading). A change whose values do not both parse is not counted.
 */
export function pushCounts(log: ReplayLog, col: number, from: LocalTime, until: LocalTime, parse: (raw: Cell) => LocalTime | null): Map<string, number> {
  const out = new Map<string, number>();
  for (const [id, byCol] of log.changes) {
    const list = byCol.get(col);
    if (!list) continue;
    let n = 0;
    list.forEach((h, i) => {
      if (h.at < from || h.at >= until) return;
      const before = parse((log.hasOld ? h.old_value : list[i - 1]?.new_value) ?? null);
      const after = parse(h.new_value ?? null);
      if (before !== null && after !== null && after > before) n++;
    });
    if (n) out.set(id, n);
  }
  return out;
}
