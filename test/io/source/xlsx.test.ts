import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../../../src/core/values/types.js';
import { openTable } from '../../../src/io/source/index.js';
import { inlineRunsJoined } from '../../../src/io/source/xlsx.js';
import { xlsx } from '../../bad-inputs/make.js';
import { expectFatal, readAll, storedZip, tempDir } from './helpers.js';

const file = tempDir();
const utc = (y: number, m: number, d: number, h = 0, min = 0): Date => new Date(Date.UTC(y, m - 1, d, h, min));

async function write(name: string, build: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return file(name, Buffer.from(await wb.xlsx.writeBuffer()));
}

const isHeader = (cells: Cell[]): boolean => cells.filter((c) => typeof c === 'string' && /^(id|amount|客户|金额)$/i.test(c)).length >= 2;

describe('XLSX cells', () => {
  it('reads titles, dates, formulas, rich text, hyperlinks, booleans and errors', async () => {
    const p = await write('cells.xlsx', (wb) => {
      const ws = wb.addWorksheet('Deals');
      ws.addRow(['Q1 pipeline report']);
      ws.addRow([]);
      ws.addRow(['id', 'closed', 'amount', 'double', 'note', 'link', 'won', 'check', 'due']);
      const r = ws.addRow([
        'D1',
        utc(2024, 3, 15, 9, 30),
        1200.5,
        { formula: 'C4*2', result: 2401 },
        { richText: [{ text: 'big ', font: { bold: true } }, { text: 'deal' }] },
        { text: 'crm', hyperlink: 'https://crm.example/D1' },
        true,
        { error: '#N/A' },
        { formula: 'B4+30', result: 45396 },
      ]);
      r.getCell(2).numFmt = 'yyyy-mm-dd hh:mm';
      r.getCell(9).numFmt = 'yyyy-mm-dd';
      ws.addRow(['Line1_x000D_\nLine2', 45000]);
    });
    const { src, rows } = await readAll(p);
    expect(src.meta).toEqual({ path: p, format: 'xlsx', sheet: 'Deals', sheets: ['Deals'], date1904: false });
    expect(rows.map((r) => r.row)).toEqual([1, 3, 4, 5]);
    expect(rows[0].cells).toEqual(['Q1 pipeline report']);
    expect(rows[2].cells).toEqual(['D1', utc(2024, 3, 15, 9, 30), 1200.5, 2401, 'big deal', 'crm', true, '#N/A', utc(2024, 4, 14)]);
    expect(rows[3].cells).toEqual(['Line1\r\nLine2', 45000]);
    expect(src.problems).toEqual([]);
  });

  it('applies the 1904 date system', async () => {
    const p = await write('1904.xlsx', (wb) => {
      wb.properties.date1904 = true;
      const ws = wb.addWorksheet('S');
      ws.addRow(['closed', 'plus']);
      const r = ws.addRow([utc(2024, 3, 15), { formula: 'A2+1', result: 43905 }]);
      r.getCell(1).numFmt = 'yyyy-mm-dd';
      r.getCell(2).numFmt = 'yyyy-mm-dd';
    });
    const { src, rows } = await readAll(p);
    expect(src.meta.date1904).toBe(true);
    // 43905 in the 1904 system is 2024-03-15 + 1 day.
    expect(rows[1].cells).toEqual([utc(2024, 3, 15), utc(2024, 3, 16)]);
  });

  it('reads date1904="true" (which exceljs alone ignores)', async () => {
    const zip = storedZip({
      'xl/workbook.xml': '<workbook xmlns:r="r"><workbookPr date1904="true"/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
      'xl/_rels/workbook.xml.rels': '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
      'xl/styles.xml': '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>',
      'xl/sharedStrings.xml': '<sst><si><t>when</t></si></sst>',
      'xl/worksheets/sheet1.xml': '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" s="1"><v>43904</v></c></row></sheetData></worksheet>',
    });
    const { src, rows } = await readAll(file('true1904.xlsx', zip));
    expect(src.meta.date1904).toBe(true);
    expect(rows[1].cells).toEqual([utc(2024, 3, 15)]);
  });

  it('keeps Chinese text intact across inflate chunk boundaries', async () => {
    const names = Array.from({ length: 6000 }, (_, i) => `上海客户科技有限公司第${i}号分公司`);
    const p = await write('zh.xlsx', (wb) => {
      const ws = wb.addWorksheet('客户');
      ws.addRow(['客户', '金额']);
      names.forEach((n, i) => ws.addRow([n, i]));
    });
    const { rows } = await readAll(p);
    expect(rows.length).toBe(6001);
    expect(rows.slice(1).map((r) => r.cells[0])).toEqual(names);
  });

  it('skips a long tail of empty formatted rows', async () => {
    const p = await write('tail.xlsx', (wb) => {
      const ws = wb.addWorksheet('S');
      ws.addRow(['id', 'amount']);
      ws.addRow([1, 2]);
      for (let r = 3; r <= 50_000; r++) ws.getRow(r).getCell(1).numFmt = '0.00';
    });
    const { rows } = await readAll(p);
    expect(rows.map((r) => r.row)).toEqual([1, 2]);
  });
});

describe('XLSX strings and damage', () => {
  it('keeps every run of an inline rich-text string ("Li" + " Na" is "Li Na"), without phonetic guides', async () => {
    const p = file(
      'inline.xlsx',
      xlsx(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Owner</t></is></c></row>' +
          '<row r="2"><c r="A2" t="inlineStr"><is><r><t>Li</t></r><r><rPr><b/></rPr><t xml:space="preserve"> Na</t></r><rPh sb="0" eb="1"><t>リ</t></rPh></is></c></row>',
      ),
    );
    const { rows } = await readAll(p);
    expect(rows.map((r) => r.cells)).toEqual([['Owner'], ['Li Na']]);
  });

  it('joins runs whatever the chunk boundaries', async () => {
    const xml = '<row><c t="inlineStr"><is><r><t>Li</t></r><r><t> Na</t></r></is></c><c t="inlineStr"><is><t>x</t></is></c></row>';
    for (let cut = 0; cut <= xml.length; cut++) {
      let out = '';
      for await (const t of inlineRunsJoined(Readable.from([xml.slice(0, cut), xml.slice(cut)]))) out += t;
      expect(out).toBe('<row><c t="inlineStr"><is><t xml:space="preserve">Li Na</t></is></c><c t="inlineStr"><is><t>x</t></is></c></row>');
    }
  });

  it('ends a damaged sheet stream with exit 2 and a message (it used to hang and exit 13)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Deals');
    ws.addRow(['id', 'amount']);
    for (let i = 0; i < 2000; i++) ws.addRow([`D${i}`, i * 7919 % 1000]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    // Flip bytes early in the deflated sheet: the inflater fails, not the XML parser.
    const at = bytes.indexOf('xl/worksheets/sheet1.xml') + 'xl/worksheets/sheet1.xml'.length + 20;
    for (let k = at; k < at + 40; k++) bytes[k] ^= 0xff;
    const p = file('damaged.xlsx', bytes);
    await expectFatal(() => readAll(p), /the workbook is damaged or truncated/);
  });
});

describe('XLSX sheets', () => {
  const book = (): Promise<string> =>
    write('sheets.xlsx', (wb) => {
      wb.addWorksheet('说明').addRows([['This workbook was exported by CRM'], ['See the next sheet']]);
      wb.addWorksheet('Hidden', { state: 'hidden' }).addRows([['id', 'amount'], ['H', 0]]);
      wb.addWorksheet('Deals').addRows([['Deals 2024'], ['id', 'amount'], ['D1', 100]]);
      wb.addWorksheet('Leads').addRows([['客户', '金额'], ['L1', 5]]);
    });

  it('lists sheets and picks the first visible one with a header', async () => {
    const { src, rows } = await readAll(await book(), { looksLikeHeader: isHeader });
    expect(src.meta.sheets).toEqual(['说明', 'Hidden', 'Deals', 'Leads']);
    expect(src.meta.sheet).toBe('Deals');
    expect(rows).toEqual([
      { row: 1, cells: ['Deals 2024'] },
      { row: 2, cells: ['id', 'amount'] },
      { row: 3, cells: ['D1', 100] },
    ]);
  });

  it('falls back to the first sheet when none has a header', async () => {
    const { src, rows } = await readAll(await book(), { looksLikeHeader: () => false });
    expect(src.meta.sheet).toBe('说明');
    expect(rows.map((r) => r.cells[0])).toEqual(['This workbook was exported by CRM', 'See the next sheet']);
  });

  it('selects --sheet by name and by 1-based index', async () => {
    const p = await book();
    const byName = await readAll(p, { sheet: 'Leads', looksLikeHeader: isHeader });
    expect(byName.src.meta.sheet).toBe('Leads');
    expect(byName.rows[1].cells).toEqual(['L1', 5]);
    const byIndex = await readAll(p, { sheet: '3' });
    expect(byIndex.src.meta.sheet).toBe('Deals');
    expect(byIndex.rows[2].cells).toEqual(['D1', 100]);
  });

  it('names the sheets when --sheet matches none', async () => {
    await expect(openTable(await book(), { sheet: 'Nope' })).rejects.toMatchObject({ code: 2, text: { en: expect.stringMatching(/no sheet "Nope".*1\. 说明, 2\. Hidden, 3\. Deals, 4\. Leads/) } });
  });

  it('reads an xlsx from stdin', async () => {
    const stdin = Readable.from([readFileSync(await book())]);
    const src = await openTable('-', { stdin, sheet: 'Leads' });
    const rows = [];
    for await (const r of src.rows()) rows.push(r.cells);
    expect(rows).toEqual([['客户', '金额'], ['L1', 5]]);
  });

  it('decides the format from the bytes, not the extension', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('S').addRow(['a', 1]);
    const xlsxAsCsv = file('really-xlsx.csv', Buffer.from(await wb.xlsx.writeBuffer()));
    expect((await readAll(xlsxAsCsv)).rows[0].cells).toEqual(['a', 1]);
    const csvAsXlsx = file('really-csv.xlsx', 'a,b\n1,2\n');
    const { src, rows } = await readAll(csvAsXlsx);
    expect(src.meta.format).toBe('csv');
    expect(rows[1].cells).toEqual(['1', '2']);
  });
});

describe('XLSX memory budget', () => {
  it('stops reading shared strings past limits.maxMemoryMB, with the way out, rather than run out of memory', async () => {
    const p = await write('many-strings.xlsx', (wb) => {
      const ws = wb.addWorksheet('S');
      ws.addRow(['id', 'amount']);
      for (let i = 0; i < 5000; i++) ws.addRow([`deal-${i}`, i]);
    });
    // Any process is past 1 byte: the check fires at the first chunk, deterministically.
    await expectFatal(() => readAll(p, { maxMemoryBytes: 1 }), /shared strings took perf past .* of memory \(limits\.maxMemoryMB\).*Export the sheet as CSV/);
    // Under the default budget the same workbook reads whole.
    expect((await readAll(p)).rows).toHaveLength(5001);
  });
});
