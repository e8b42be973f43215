import { formatLocal, isoDate } from '../core/calendar.js';
import { writeTextFile, type OutputPolicy } from './output.js';
import type { SheetColumn } from './workbook.js';

/**
 * Characters that make Excel, WPS, LibreOffice or Google Sheets read a cell as a formula (OWASP CSV
 * injection): = + - @, and tab / carriage return, which some of them skip before looking for one.
 */
const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** CRM text that would start a formula gets a leading apostrophe, so a spreadsheet shows it as text. */
export const neutralise = (text: string): string => (text.length > 0 && TRIGGERS.has(text[0]) ? `'${text}` : text);

const quote = (text: string): string => (/[",\r\n;\t]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text);

/**
 * One CSV field. Numbers and booleans are perf's own values and are written as they are (a negative
 * number stays a number); every string is CRM text, neutralised. Dates given as LocalTime numbers with a
 * date/datetime format are written as 2026-03-31 / 2026-03-31 14:05.
 */
export function csvField(value: unknown, format?: SheetColumn['format']): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    if (format === 'date') return isoDate(value);
    if (format === 'datetime') return formatLocal(value);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : JSON.stringify(value);
  return quote(neutralise(text));
}

export interface CsvOptions {
  /** A UTF-8 byte-order mark, so Excel on Chinese Windows opens the file as UTF-8 (default true). */
  bom?: boolean;
}

/** A whole table as RFC 4180 CSV (CRLF line ends), headers neutralised like any other text. */
export function toCsv(columns: Pick<SheetColumn, 'key' | 'header' | 'format'>[], rows: Record<string, unknown>[], opts: CsvOptions = {}): string {
  const lines = [columns.map((c) => csvField(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c.key], c.format)).join(','));
  return `${opts.bom === false ? '' : '\uFEFF'}${lines.join('\r\n')}\r\n`;
}

/** Writes a table as CSV atomically (or to stdout for `-`), with the same columns a workbook sheet uses. */
export async function writeCsvFile(
  path: string,
  columns: Pick<SheetColumn, 'key' | 'header' | 'format'>[],
  rows: Record<string, unknown>[],
  policy: OutputPolicy & CsvOptions = {},
): Promise<void> {
  await writeTextFile(path, toCsv(columns, rows, { bom: policy.bom ?? path !== '-' }), policy);
}
