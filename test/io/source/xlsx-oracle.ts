/**
 * The oracle of the XLSX reader's differential test: exceljs' own streaming reader (perf's reader before it
 * parsed the XML itself) and the conversion perf applied to its cells, unchanged.
 */
import ExcelJS from 'exceljs';
import type { Cell } from '../../../src/core/values/types.js';
import type { RawRow } from '../../../src/io/source/index.js';

export async function exceljsRows(path: string, date1904: boolean): Promise<RawRow[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  const rows: RawRow[] = [];
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const r = convertRow(row, date1904);
      if (r) rows.push(r);
    }
  }
  return rows;
}

function convertRow(row: ExcelJS.Row, date1904: boolean): RawRow | null {
  const cells: Cell[] = [];
  row.eachCell((cell, col) => {
    const value = convertCell(cell, date1904);
    if (value === null || value === '') return;
    while (cells.length < col - 1) cells.push(null);
    cells[col - 1] = value;
  });
  return cells.length ? { row: row.number, cells } : null;
}

function convertCell(cell: ExcelJS.Cell, date1904: boolean): Cell {
  const value = cell.value as ExcelJS.CellValue | { error: string } | undefined;
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return unescapeOoxml(value);
    case 'number':
    case 'boolean':
      return value;
  }
  if (value instanceof Date) return value;
  if ('richText' in value) return unescapeOoxml(value.richText.map((r) => r.text).join(''));
  if ('error' in value) return String(value.error);
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined || result === null) return null;
    if (typeof result === 'number') {
      if (Number.isNaN(result)) return '#NUM!';
      return isDateFormat(cell.numFmt) ? new Date(Math.round((result - 25569 + (date1904 ? 1462 : 0)) * 86400000)) : result;
    }
    if (typeof result === 'string') return unescapeOoxml(result);
    return null;
  }
  return null;
}

const unescapeOoxml = (s: string): string => s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  return /[ymdhMsb]+/.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}
