/**
 * Workbooks read back with SheetJS (`xlsx`), a reader independent of exceljs, which perf writes with.
 */
import { expect } from 'vitest';
import XLSX from 'xlsx';

type Json = unknown;

/** Everything a user sees in a workbook: sheet names and order, and every cell's type, value, formula and format. */
export function workbookContent(wb: XLSX.WorkBook): unknown {
  return wb.SheetNames.map((name) => {
    const ws = wb.Sheets[name];
    const cells = Object.keys(ws)
      .filter((k) => !k.startsWith('!'))
      .sort()
      .map((k) => {
        const c = ws[k] as XLSX.CellObject;
        // Each run of a matrix has its own scratch folder (its state store is listed among the files read).
        const v = typeof c.v === 'string' ? c.v.replace(/\/d\d+\//g, '/dN/') : c.v;
        return [k, c.t, v instanceof Date ? v.toISOString() : v, c.f ?? null, c.z ?? null];
      });
    return { name, ref: ws['!ref'] ?? null, merges: ws['!merges'] ?? [], cells };
  });
}

const isDateFormat = (z: unknown): boolean => typeof z === 'string' && /[ymd]/i.test(z.replace(/"[^"]*"|\[[^\]]*]/g, ''));

/** Excel serial (1900 system) → yyyy-mm-dd. */
const serialDate = (v: number): string => new Date(Math.round((v - 25569) * 86_400_000)).toISOString().slice(0, 10);

function collect(j: Json, numbers: Set<string>, strings: Set<string>): void {
  if (typeof j === 'number') numbers.add(key(j));
  else if (typeof j === 'string') strings.add(j);
  else if (Array.isArray(j)) for (const x of j) collect(x, numbers, strings);
  else if (j && typeof j === 'object') for (const [k, v] of Object.entries(j)) {
    strings.add(k);
    collect(v, numbers, strings);
  }
}

/** Numbers compared to 6 significant digits: what a workbook cell shows, however JSON rounds. */
const key = (v: number): string => (Object.is(v, -0) ? 0 : v).toPrecision(6).replace(/\.?0+(e|$)/, '$1');

const PROBLEM_SHEETS = new Set(['Problems', '数据问题']);

/** The header of each column: the first row whose cells are all text, at least two of them. */
function headers(ws: XLSX.WorkSheet): Map<string, string> {
  const rows = XLSX.utils.sheet_to_json(ws, { header: 1, blankrows: true, defval: null }) as unknown[][];
  const range = XLSX.utils.decode_range(ws['!ref'] ?? 'A1');
  const row = rows.find((r) => r.filter((v) => v !== null).length >= 2 && r.every((v) => v === null || typeof v === 'string')) ?? [];
  return new Map(row.map((h, i) => [XLSX.utils.encode_col(range.s.c + i), String(h ?? '')]));
}

/**
 * The workbook shows nothing the JSON of the same run does not hold: every number cell is a number of
 * the JSON (to 6 significant digits), every date cell a date the JSON mentions (as text or LocalTime),
 * and the Problems sheet lists exactly the JSON's problems. `derived` names columns ("Sheet!Header")
 * whose numbers the workbook computes from the JSON's (e.g. a quarter summed from its months).
 */
export function workbookAgreesWithJson(wb: XLSX.WorkBook, json: Json, derived: readonly string[] = []): void {
  const numbers = new Set<string>();
  const strings = new Set<string>();
  collect(json, numbers, strings);
  const text = JSON.stringify(json);
  const missing: string[] = [];
  for (const name of wb.SheetNames) {
    const ws = wb.Sheets[name];
    if (PROBLEM_SHEETS.has(name)) {
      const rows = XLSX.utils.sheet_to_json(ws, { header: 1, blankrows: false }) as unknown[][];
      const problems = (json as { problems?: unknown[] }).problems;
      if (Array.isArray(problems)) expect(rows.length - 1, `${name} sheet rows`).toBe(problems.length);
      continue;
    }
    const head = headers(ws);
    for (const [ref, raw] of Object.entries(ws)) {
      if (ref.startsWith('!')) continue;
      const c = raw as XLSX.CellObject;
      if (c.t !== 'n' || typeof c.v !== 'number') continue;
      if (derived.includes(`${name}!${head.get(ref.replace(/\d+$/, ''))}`)) continue;
      if (isDateFormat(c.z)) {
        const day = serialDate(c.v);
        if (!text.includes(day) && !numbers.has(key(Math.round((c.v - 25569) * 86_400_000)))) missing.push(`${name}!${ref} date ${day}`);
      } else if (!numbers.has(key(c.v))) missing.push(`${name}!${ref} ${c.v}`);
    }
  }
  expect(missing, 'workbook numbers absent from the JSON of the same run').toEqual([]);
}
