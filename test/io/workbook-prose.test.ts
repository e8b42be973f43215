import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { writeWorkbook } from '../../src/io/workbook.js';

const dir = mkdtempSync(join(tmpdir(), 'perf-wb-prose-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function noteHeights(notes: string[]): Promise<(number | undefined)[]> {
  const out = join(dir, `${notes.length}-${notes[0].length}.xlsx`);
  await writeWorkbook(out, [{ name: 'Notes', columns: [], rows: [], notes }], Date.UTC(2026, 10, 27));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  const ws = wb.getWorksheet('Notes')!;
  return notes.map((n) => {
    let h: number | undefined;
    ws.eachRow((row) => {
      if (row.getCell(1).value === n) h = row.height;
    });
    return h;
  });
}

describe('prose rows in a workbook', () => {
  // Over nine empty columns (81 units) a line holds ~73 characters. The three words below are 142
  // characters: by width alone two lines, but "y…" does not fit after "x…", nor "z…" after "y…": three.
  it('are as tall as the words wrap, not as the characters would fill the lines', async () => {
    const [h] = await noteHeights([`${'x'.repeat(60)} ${'y'.repeat(60)} ${'z'.repeat(20)}`]);
    const [one] = await noteHeights(['short']);
    expect(one).toBeUndefined();
    expect(h).toBe(15 * 3);
  });
  it('break a word longer than a line at the line end, on lines of its own', async () => {
    const [h] = await noteHeights([`ab ${'0'.repeat(150)}`]);
    // "ab", then 150 characters over three lines of ~73.
    expect(h).toBe(15 * 4);
  });
});
