/**
 * A long table is streamed into the sheet's XML instead of being held as exceljs cells: the workbook must
 * read back the same as the one exceljs writes whole — every cell's value, number format, alignment, fill
 * and font, row heights, column widths, merged prose, frozen header, filter and print setup — and a table
 * longer than a sheet holds is cut with a caveat saying so.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import XLSX from 'xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import type { Entries } from '../../src/core/spool.js';
import { readZipDirectory, readZipEntry } from '../../src/io/source/zip.js';
import { grouped, writeWorkbook, type SheetSpec } from '../../src/io/workbook.js';

const dir = mkdtempSync(join(tmpdir(), 'perf-wb-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const AS_OF = Date.UTC(2026, 10, 27);
const TEXTS = ['plain', ' leading space', 'trailing ', 'two\nlines', '<&>"\'', 'ctrl\u0001char', '张伟 华东区', '😀 emoji', '=1+1', '', 'a long note that certainly wraps: '.repeat(4)];
const NUMBERS = [0, 1, -3, 2.5, 1234567.891, 0.125, Number.NaN, Number.POSITIVE_INFINITY, 1e-7, -0.05];

/** Rows of every kind a sheet meets, varied deterministically. */
const rows = Array.from({ length: 60 }, (_, i) => ({
  text: TEXTS[i % TEXTS.length],
  n: NUMBERS[i % NUMBERS.length],
  int: i * 37 - 500,
  money: i % 3 ? i * 1000.5 : null,
  pct: (i % 7) / 6,
  day: i % 9 ? AS_OF - i * 86_400_000 : Number.NaN,
  at: AS_OF + i * 3_600_000 + 60_000,
  flag: i % 4 === 0 ? true : i % 4 === 1 ? false : undefined,
  list: i % 2 ? [i, i + 1, i + 2] : [],
  obj: i % 5 === 0 ? { a: i } : null,
}));

/** Entries as a spool gives them: a length and an iterable read afresh each time. */
const lazy = <T>(xs: T[]): Entries<T> => ({ length: xs.length, [Symbol.iterator]: () => xs.values() });

const sheets = (table: Entries<Record<string, unknown>>): SheetSpec[] => [
  {
    name: 'Summary',
    headline: [{ label: 'Leaderboard', value: 'score' }, { label: '1. Ann', value: 98.8, format: 'decimal' }, { label: 'read', value: 12, detail: true }],
    columns: [],
    rows: [],
    notes: ['A formula line long enough to wrap over the empty columns of a sheet without a table, as the score summary has.'],
  },
  {
    name: 'Long table',
    notes: ['Every row with its evidence.'],
    caveats: ['A caveat first.'],
    columns: [
      { key: 'text', header: 'Text', width: 24 },
      { key: 'n', header: 'Number', format: 'decimal' },
      { key: 'int', header: 'Whole', format: 'int' },
      { key: 'money', header: 'Amount', format: 'money' },
      { key: 'pct', header: 'Share', format: 'percent' },
      { key: 'day', header: 'Day', format: 'date' },
      { key: 'at', header: 'When', format: 'datetime' },
      { key: 'flag', header: 'Flag' },
      { key: 'list', header: 'Rows' },
      { key: 'obj', header: 'Object', format: 'text' },
    ],
    rows: table,
    fill: (row, key) => (key === 'int' ? ((row.int as number) < 0 ? 'bad' : (row.int as number) > 900 ? 'good' : undefined) : key === 'pct' ? (['warn', 'info', undefined] as const)[(row.pct as number) > 0.5 ? 0 : (row.pct as number) > 0 ? 1 : 2] : undefined),
  },
  { name: 'After', columns: [{ key: 'a', header: 'A' }], rows: [{ a: 'after the long table' }] },
];

const META = { lang: 'en' as const, title: 'Behaviour scores', sources: ['a.csv'], currency: '¥' };

async function write(name: string, table: Entries<Record<string, unknown>>, limits?: { streamRows: number; maxRows: number }): Promise<string> {
  const out = join(dir, name);
  await writeWorkbook(out, sheets(table), AS_OF, {}, META, limits);
  return out;
}

async function sheetXml(file: string, n: number): Promise<string> {
  const bytes = readFileSync(file);
  const src = { size: bytes.length, read: async (p: number, l: number) => bytes.subarray(p, p + l) };
  const entry = (await readZipDirectory(file, src)).find((e) => e.name === `xl/worksheets/sheet${n}.xml`)!;
  return (await readZipEntry(file, src, entry, 1 << 28)).toString('utf8');
}

/** What a reader of the workbook sees, sheet by sheet. */
async function seen(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.worksheets.map((ws) => {
    const cells: unknown[] = [];
    ws.eachRow({ includeEmpty: true }, (row, r) => {
      cells.push({ r, height: row.height });
      // An empty text is an empty shared string in one and an empty inline string, read as no value, in the other: both show nothing.
      row.eachCell({ includeEmpty: true }, (c, col) => cells.push({ r, col, value: c.value === '' ? null : c.value, numFmt: c.numFmt, alignment: c.alignment, fill: c.fill, font: c.font }));
    });
    return {
      name: ws.name,
      widths: ws.columns?.map((c) => c.width),
      merges: ws.model.merges,
      views: ws.views,
      autoFilter: ws.autoFilter,
      pageSetup: ws.pageSetup,
      footer: ws.headerFooter,
      cells,
    };
  });
}

describe('writeWorkbook: a streamed table', () => {
  it('reads back exactly as the workbook exceljs writes whole', async () => {
    const whole = await write('whole.xlsx', rows);
    const streamed = await write('streamed.xlsx', lazy(rows), { streamRows: 0, maxRows: 1_048_576 });
    // the streamed path was taken: the table's strings are inline, not shared
    expect(await sheetXml(streamed, 2)).toContain('t="inlineStr"');
    expect(await sheetXml(whole, 2)).not.toContain('t="inlineStr"');
    expect(await seen(streamed)).toEqual(await seen(whole));
  });

  it('keeps text as text for another reader (SheetJS): no formula, no lost space or line', async () => {
    const streamed = await write('sheetjs.xlsx', lazy(rows), { streamRows: 0, maxRows: 1_048_576 });
    const ws = XLSX.read(readFileSync(streamed)).Sheets['Long table'];
    const header = 5;
    expect(ws[`A${header}`].v).toBe('Text');
    rows.forEach((r, i) => {
      const cell = ws[`A${header + 1 + i}`];
      const expected = r.text.replace(/\u0001/g, '');
      if (expected === '') return;
      expect(cell).toMatchObject({ t: 's', v: expected });
      expect(cell.f).toBeUndefined();
    });
  });

  it('cuts a table longer than a sheet holds, and says so above it', async () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ ...rows[i % rows.length], int: i }));
    for (const streamRows of [0, 1000]) {
      const out = await write(`cut-${streamRows}.xlsx`, lazy(many), { streamRows, maxRows: 30 });
      const ws = XLSX.read(readFileSync(out)).Sheets['Long table'];
      expect(ws.A1.v).toBe('A caveat first.');
      expect(ws.A2.v).toBe('Only the first 24 of 50 rows are listed: an Excel sheet holds at most 30 rows.');
      expect(ws.C30.v).toBe(23);
      expect(ws.A31).toBeUndefined();
      expect(ws['!ref']).toBe('A1:J30');
    }
  });
});

describe('grouped', () => {
  it('reads as toLocaleString en-US with that many decimals, for any number', () => {
    const cases = fc.oneof(fc.double(), fc.integer(), fc.double({ min: -1e7, max: 1e7 }), fc.integer({ min: -99_999_999, max: 99_999_999 }).map((n) => n / 1000), fc.constantFrom(-0, 0.005, 0.015, 1.005, -0.001, 999.995, 1e21, 9.99e20));
    fc.assert(
      fc.property(cases, fc.constantFrom(0, 1, 2), (v, d) => {
        expect(grouped(v, d)).toBe(v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
      }),
      { numRuns: 20_000 },
    );
  });
});
