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
        return [k, c.t, c.v instanceof Date ? c.v.toISOString() : c.v, c.f ?? null, c.z ?? null];
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

/**
 * The workbook shows nothing the JSON of the same run does not hold: every number cell is a number of
 * the JSON (to 6 significant digits), every date cell a date the JSON mentions, and the Problems sheet
 * lists exactly the JSON's problems.
 */
export function workbookAgreesWithJson(wb: XLSX.WorkBook, json: Json): void {
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
    for (const [ref, raw] of Object.entries(ws)) {
      if (ref.startsWith('!')) continue;
      const c = raw as XLSX.CellObject;
      if (c.t !== 'n' || typeof c.v !== 'number') continue;
      if (isDateFormat(c.z)) {
        if (!text.includes(serialDate(c.v))) missing.push(`${name}!${ref} date ${serialDate(c.v)}`);
      } else if (!numbers.has(key(c.v))) missing.push(`${name}!${ref} ${c.v}`);
    }
  }
  expect(missing, 'workbook numbers absent from the JSON of the same run').toEqual([]);
}
