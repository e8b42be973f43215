import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { writeWorkbook, type SheetSpec } from '../../src/io/workbook.js';

/** A 1×1 transparent PNG: the chart picture's bytes do not matter here. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

const dir = mkdtempSync(join(tmpdir(), 'perf-wb-pages-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const columns = [
  { key: 'name', header: 'Name' },
  { key: 'amount', header: 'Amount', format: 'int' as const },
];
const table = (name: string, n: number): SheetSpec => ({ name, columns, rows: Array.from({ length: n }, (_, i) => ({ name: `Rep ${i}`, amount: i })) });

async function written(sheets: SheetSpec[]): Promise<ExcelJS.Workbook> {
  const out = join(dir, `${sheets.map((s) => s.name).join('-')}.xlsx`);
  await writeWorkbook(out, sheets, Date.UTC(2026, 10, 27));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  return wb;
}

describe('printed page setup', () => {
  // "Fit to 1 page wide, 0 (any number) tall" let LibreOffice print a sheet 2% smaller to save its last page,
  // while still counting that page: a blank page followed the sheet (Maven's Won history; below, 34 rows).
  it('gives a table sheet its pages tall, one per row at most, so the height never shrinks it', async () => {
    const wb = await written([table('First', 1), table('Second', 34)]);
    for (const [name, rows] of [['First', 2], ['Second', 35]] as const) {
      const ws = wb.getWorksheet(name)!;
      expect(ws.pageSetup.fitToWidth, name).toBe(1);
      expect(ws.pageSetup.fitToHeight, name).toBe(rows);
      expect(ws.rowCount, name).toBe(rows);
    }
  });

  // LibreOffice ignores the manual page breaks once the pages tall are given: the charts would be cut.
  it('keeps "any number tall" on a sheet whose charts are kept whole by page breaks', async () => {
    const image = { png: PNG, width: 600, height: 400 };
    const wb = await written([{ ...table('Charts', 5), images: [image, image] }]);
    const ws = wb.getWorksheet('Charts')!;
    expect(ws.pageSetup.fitToHeight).toBe(0);
    expect(ws.getImages()).toHaveLength(2);
  });
});
