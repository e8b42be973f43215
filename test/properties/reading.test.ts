/**
 * Reading: a table written as CSV with any delimiter, quoting and encoding reads back cell for cell; any
 * header row and any cells become canonical rows or problems, never an exception, never a silently
 * dropped row, and never a polluted prototype. (test/io/source/property.test.ts covers arbitrary bytes.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { mapColumns } from '../../src/core/ingest/columns.js';
import { rowConverter } from '../../src/core/ingest/shape.js';
import { EXIT, PerfError } from '../../src/core/errors.js';
import type { Cell } from '../../src/core/values/types.js';
import { openTable } from '../../src/io/source/index.js';
import { KINDS } from '../../src/schema/rows.js';

const dir = mkdtempSync(join(tmpdir(), 'perf-props-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** Text CRM cells hold: ASCII, Chinese, quotes, every candidate delimiter, line breaks. */
const cellText = fc
  .array(fc.oneof(fc.constantFrom('a', 'Z', '7', ' ', '"', ',', ';', '\t', '|', '\n', '\r\n', '张', '伟', '金额', '¥', '—', "'", '='), fc.string({ minLength: 1, maxLength: 3 }).filter((s) => !/[\0\uFEFF\uFFFD\r]/.test(s))), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(''))
  .filter((s) => s.trim() !== '');

const ENCODINGS = [
  { name: 'utf-8', encode: (t: string) => Buffer.from(t, 'utf8'), forced: undefined },
  { name: 'utf-8-bom', encode: (t: string) => Buffer.from(`\uFEFF${t}`, 'utf8'), forced: undefined },
  { name: 'utf-16le', encode: (t: string) => Buffer.from(`\uFEFF${t}`, 'utf16le'), forced: undefined },
  { name: 'utf-16be', encode: (t: string) => iconv.encode(`\uFEFF${t}`, 'utf16be'), forced: undefined },
  { name: 'gb18030', encode: (t: string) => iconv.encode(t, 'gb18030'), forced: 'gb18030' },
] as const;

describe('CSV round trip', () => {
  it('a table written with any delimiter, quoted, in any encoding, reads back cell for cell', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 5 }).chain((w) => fc.array(fc.array(cellText, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 12 })),
        fc.constantFrom(',', ';', '\t', '|'),
        fc.constantFrom(...ENCODINGS),
        fc.constantFrom('\n', '\r\n'),
        async (table, delimiter, encoding, eol) => {
          const text = table.map((row) => row.map((c) => `"${c.replaceAll('"', '""')}"`).join(delimiter)).join(eol) + eol;
          const path = join(dir, `t${n++}.csv`);
          writeFileSync(path, encoding.encode(text));
          const src = await openTable(path, { encoding: encoding.forced });
          const rows: Cell[][] = [];
          for await (const r of src.rows()) rows.push(r.cells);
          expect(src.meta.delimiter).toBe(delimiter);
          expect(rows).toEqual(table);
          expect(src.problems).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** Header names that are also names of Object.prototype members, or that look like them. */
const header = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'Owner', 'Stage', 'Amount', 'Close Date', 'Opportunity ID', '客户', '金额', '签约日期', '负责人', 'Type', 'Date', ''),
  fc.string({ maxLength: 12 }),
);
const cell: fc.Arbitrary<Cell> = fc.oneof(
  fc.constantFrom('Won', 'Lost', 'Open', '2026-03-31', '31/03/2026', '03/04/2026', '¥1.2万', '-5', 'abc', '{"a":1}', '__proto__', '', ' ', 'yes', 'call'),
  fc.string({ maxLength: 10 }),
  fc.double(),
  fc.integer({ min: 40000, max: 50000 }),
  fc.boolean(),
  fc.constant(null),
  fc.date({ noInvalidDate: false }),
);

describe('column mapping and row conversion', () => {
  it('every row becomes a canonical row or an error problem; nothing throws; no prototype is touched', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KINDS),
        fc.array(header, { minLength: 1, maxLength: 8 }),
        fc.array(fc.array(cell, { maxLength: 9 }), { maxLength: 30 }),
        fc.constantFrom('auto', 'YMD', 'DMY', 'MDY') as fc.Arbitrary<'auto' | 'YMD' | 'DMY' | 'MDY'>,
        (kind, headers, rows, dateFormat) => {
          const mapping = mapColumns(kind, headers);
          for (const col of Object.values(mapping.fields)) expect(col).toBeLessThan(headers.length);
          expect(Object.getPrototypeOf(mapping.fields)).toBe(Object.prototype);
          const out: Record<string, unknown>[] = [];
          const conv = rowConverter(kind, { file: 'f.csv', mapping, timeZone: 'Asia/Shanghai', dateFormat }, (r) => out.push(r as Record<string, unknown>));
          try {
            rows.forEach((cells, i) => conv.push(i + 2, cells));
            conv.end();
          } catch (e) {
            // The one refusal conversion may make: amounts whose total passes 10 trillion (MAX_MONEY_TOTAL; fc.double() makes
            // 1e300), where totals would stop being exact to the cent. It names the file, row and column.
            if (e instanceof PerfError && e.code === EXIT.usage && e.text.en.startsWith('f.csv: the amounts add up to more than')) return;
            throw e;
          }
          expect(conv.rowsIn).toBe(rows.length);
          expect(conv.rowsOut).toBe(out.length);
          const failed = new Set(conv.problems.filter((p) => p.severity === 'error' && p.row !== null).map((p) => p.row));
          expect(out.length + failed.size, 'a row was dropped without a problem').toBe(rows.length);
          for (const r of out) {
            expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
            expect(Object.hasOwn(r, '__proto__')).toBe(false);
            expect(failed.has(r.row as number)).toBe(false);
          }
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          expect(Object.prototype.toString.call([])).toBe('[object Array]');
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('refuses amounts whose total passes 10 trillion, naming the file, row and column (found by the property above)', () => {
    const conv = rowConverter('deals', { file: 'f.csv', mapping: mapColumns('deals', ['Amount']), timeZone: 'Asia/Shanghai', dateFormat: 'auto' }, () => undefined);
    expect(() => {
      conv.push(2, [10000000000000.006]);
      conv.end();
    }).toThrow(/^f\.csv: the amounts add up to more than 10 trillion by row 2 \[Amount\]/);
  });
});
