import { EXIT, PerfError } from '../errors.js';
import { bi, type Bi } from '../i18n.js';
import { cellLabel, normaliseKey } from '../values/text.js';
import type { Cell } from '../values/types.js';
import type { Problem } from '../../schema/problem.js';

/** A raw row as the project's readers deliver it: the Excel row number and its cells. */
export interface RawRow {
  row: number;
  cells: Cell[];
}

/** A small side table (adjustments, proposed targets): header found by aliases, cells looked up by field. */
export interface SideTable<F extends string> {
  file: string;
  headerRow: number;
  headers: Partial<Record<F, string>>;
  rows: { row: number; cells: Cell[]; get: (field: F) => Cell; label: (field: F) => string }[];
  /** Header cells that matched no field (e.g. milestone columns), by position. */
  extra: { index: number; header: string }[];
}

/**
 * Finds the header among the first rows (the first row holding every required field), maps the other
 * rows to fields; a missing required column is a usage error naming what is accepted.
 */
export function sideTable<F extends string>(
  file: string,
  raw: readonly RawRow[],
  aliases: Record<F, readonly string[]>,
  required: readonly F[],
  what: Bi,
): SideTable<F> {
  const table = new Map<string, F>();
  for (const f of Object.keys(aliases) as F[]) for (const a of aliases[f]) table.set(normaliseKey(a), f);
  const byKey = (cells: Cell[]) => cells.map((c) => table.get(normaliseKey(cellLabel(c))));
  const at = raw.slice(0, 10).findIndex((r) => {
    const found = byKey(r.cells);
    return required.every((f) => found.includes(f));
  });
  if (at < 0) {
    const first = raw[0]?.cells.map(cellLabel).join(', ') ?? '—';
    const accepted = required.map((f) => `${f}: ${aliases[f].slice(0, 6).join(' / ')}`).join('; ');
    throw new PerfError(
      EXIT.usage,
      bi(
        `${file}: cannot read it as ${what.en}: the header needs ${required.join(', ')} (${accepted}). First row: ${first}`,
        `${file}：无法作为${what.zh}读取：表头需要 ${required.join('、')} 列（${accepted}）。第一行：${first}`,
      ),
    );
  }
  const header = raw[at];
  const fields = byKey(header.cells);
  const index = new Map<F, number>();
  const extra: { index: number; header: string }[] = [];
  fields.forEach((f, i) => {
    if (f && !index.has(f)) index.set(f, i);
    else if (!f && cellLabel(header.cells[i]) !== '') extra.push({ index: i, header: cellLabel(header.cells[i]) });
  });
  const headers: Partial<Record<F, string>> = {};
  for (const [f, i] of index) headers[f] = cellLabel(header.cells[i]);
  const rows = raw
    .slice(at + 1)
    .filter((r) => r.cells.some((c) => cellLabel(c) !== ''))
    .map((r) => {
      const get = (f: F): Cell => {
        const i = index.get(f);
        return i === undefined ? null : (r.cells[i] ?? null);
      };
      return { row: r.row, cells: r.cells, get, label: (f: F) => cellLabel(get(f)) };
    });
  return { file, headerRow: header.row, headers, rows, extra };
}

/** A row-level problem in a side table; `error` means the row was skipped. */
export const rowProblem = (
  file: string,
  row: number | null,
  column: string | null,
  value: string | null,
  code: string,
  message: Bi,
  severity: Problem['severity'] = 'error',
): Problem => ({ file, row, column, value, code, message, severity });
