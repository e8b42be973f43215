import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import XLSX from 'xlsx';
import { problemsSheet, sheetNames, writeWorkbook, type SheetSpec } from '../../src/io/workbook.js';
import { tempDir } from '../cli/helpers.js';

const tmp = tempDir('perf-sheets-');
afterAll(tmp.cleanup);

const rep = (name: string): SheetSpec => ({ name, fromData: true, columns: [{ key: 'rep', header: 'Rep' }], rows: [{ rep: name }] });

describe('sheet names from data', () => {
  it('reps named History, Problems, \'Li Na\', with []:*?/\\ or longer than 31 characters: valid, distinct names, fixed sheets keep theirs', async () => {
    const reps = ['History', 'Problems', "'Li Na'", 'Li Na', 'a/b\\c[d]:e*f?g', 'x'.repeat(40), 'X'.repeat(40), '张伟'.repeat(20), "''", '😀'.repeat(20)];
    const out = join(tmp.dir, 'reps.xlsx');
    await writeWorkbook(out, [...reps.map(rep), problemsSheet('en', [])], Date.UTC(2026, 10, 27));
    const wb = XLSX.read(readFileSync(out));
    expect(wb.SheetNames).toEqual([
      'History (2)',
      'Problems (2)',
      'Li Na',
      'Li Na (2)',
      'a-b-c-d--e-f-g',
      'x'.repeat(31),
      `${'X'.repeat(27)} (2)`,
      '张伟'.repeat(15) + '张',
      'Sheet',
      '😀'.repeat(15),
      'Problems',
    ]);
    // Every rep's sheet holds that rep: nothing was merged or dropped.
    reps.forEach((r, i) => expect(wb.Sheets[wb.SheetNames[i]].A2.v).toBe(r));
  });

  it('in any case, a 31-character name that must be numbered stays within 31 characters', () => {
    const names = sheetNames(['Summary', 'summary', 'SUMMARY', ...Array(12).fill('y'.repeat(31))].map((name) => ({ name })));
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(31);
    expect(names.slice(0, 4)).toEqual(['Summary', 'summary (2)', 'SUMMARY (3)', 'y'.repeat(31)]);
    expect(names.at(-1)).toBe(`${'y'.repeat(26)} (12)`);
  });
});
