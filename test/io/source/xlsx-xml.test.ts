import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zip } from '../../bad-inputs/make.js';
import { expectFatal, readAll, tempDir } from './helpers.js';
import { exceljsRows } from './xlsx-oracle.js';

const file = tempDir();
const utc = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/**
 * Cell styles 0–7: general, a custom date, built-in 14 (a date), built-in 31 (a CJK date exceljs does not count
 * as one), "0.00", a custom `0 "days"` (its d is quoted: not a date), `[h]:mm` (a time), and format 165, defined
 * nowhere. Styles 8 and 9 do not exist (a cell then takes its row's style).
 */
const STYLES = `<?xml version="1.0" encoding="UTF-8"?><styleSheet ${NS}><numFmts count="4"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/><numFmt numFmtId="166" formatCode="0.00"/><numFmt numFmtId="167" formatCode="0 &quot;days&quot;"/><numFmt numFmtId="168" formatCode="[h]:mm"/></numFmts><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="8"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"><alignment horizontal="left"/></xf><xf numFmtId="14"/><xf numFmtId="31"/><xf numFmtId="166"/><xf numFmtId="167"/><xf numFmtId="168"/><xf numFmtId="165"/></cellXfs></styleSheet>`;

/** A one-sheet workbook with shared strings and the styles above; parts in the order Excel writes them. */
function book(sheetData: string, sharedStrings: string[], opts: { date1904?: boolean; cols?: string; stored?: boolean } = {}): Buffer {
  const pr = opts.date1904 ? '<workbookPr date1904="1"/>' : '';
  return zip(
    {
      '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
      'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}>${pr}<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      'xl/_rels/workbook.xml.rels':
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      'xl/sharedStrings.xml': `<?xml version="1.0" encoding="UTF-8"?><sst ${NS} count="${sharedStrings.length}">${sharedStrings.join('')}</sst>`,
      'xl/styles.xml': STYLES,
      'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}>${opts.cols ?? ''}<sheetData>${sheetData}</sheetData></worksheet>`,
    },
    { stored: opts.stored },
  );
}

const ws = fc.constantFrom('', '', '', '\n', ' ', '\n  ');
/** Escaped text as it sits in the XML: entities (also doubly escaped ones), OOXML escapes, CJK, quotes. */
const text = fc.array(fc.constantFrom('a', 'Zhang Wei', ' ', '中文', '&amp;', '&lt;', '&gt;', '&amp;amp;', '&amp;lt;', '_x000D_', '_x000a_', '"', "'", '1', '#N/A'), { minLength: 1, maxLength: 4 }).map((p) => p.join(''));
const sharedString = fc.oneof(
  fc.tuple(ws, text, ws).map(([a, t, b]) => `<si>${a}<t>${t}</t>${b}</si>`),
  fc.tuple(text, text, ws).map(([t, u, w]) => `<si><r><t>${t}</t></r>${w}<r><rPr><b/><sz val="11"/></rPr><t xml:space="preserve">${u}</t></r></si>`),
  fc.constant('<si><t/></si>'),
);
const style = fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined });
const number = fc.oneof(fc.integer({ min: 1, max: 60_000 }), fc.integer({ min: 1, max: 240_000 }).map((n) => n / 4), fc.integer({ min: -500, max: 500 }));
/** A cell's content after `<c r=".." s="..."`; formulas' cached results are never 0 (exceljs dropped them: see the examples below). */
const content = (strings: number) =>
  fc.oneof(
    fc.tuple(number, ws).map(([n, w]) => `><v>${n}</v>${w}</c>`),
    fc.tuple(number, ws).map(([n, w]) => ` t="n">${w}<v>${n}</v></c>`),
    fc.integer({ min: 0, max: strings + 1 }).map((i) => ` t="s"><v>${i}</v></c>`),
    fc.tuple(text, ws).map(([t, w]) => ` t="str"><v>${t}</v>${w}</c>`),
    fc.tuple(text, ws).map(([t, w]) => ` t="inlineStr"><is><t>${t}</t>${w}</is></c>`),
    fc.constantFrom(' t="b"><v>1</v></c>', ' t="b"><v>0</v></c>', ' t="e"><v>#N/A</v></c>', ' t="e"><v>#DIV/0!</v></c>', '/>', '></c>', '><f>A1</f></c>'),
    number.filter((n) => n !== 0).map((n) => `><f>A1*2</f><v>${n}</v></c>`),
    number.map((n) => `><f t="shared" si="0"/><v>${n}</v></c>`),
    text.map((t) => ` t="str"><f>"x"&amp;A1</f><v>${t}</v></c>`),
  );
const column = (n: number): string => (n > 26 ? column(Math.floor((n - 1) / 26)) : '') + String.fromCharCode(65 + ((n - 1) % 26));

const workbook = fc
  .array(sharedString, { maxLength: 6 })
  .chain((strings) =>
    fc.record({
      strings: fc.constant(strings),
      rows: fc.array(fc.record({ gap: fc.integer({ min: 1, max: 3 }), style, cells: fc.uniqueArray(fc.record({ col: fc.integer({ min: 1, max: 40 }), style, content: content(strings.length), dollar: fc.boolean() }), { selector: (c) => c.col, maxLength: 6 }) }), { maxLength: 8 }),
      date1904: fc.boolean(),
      cols: fc.boolean(),
      stored: fc.boolean(),
    }),
  )
  .map(({ strings, rows, date1904, cols, stored }) => {
    let r = 0;
    const xml = rows
      .map((row) => {
        r += row.gap;
        const cells = [...row.cells]
          .sort((a, b) => a.col - b.col)
          .map((c) => {
            const ref = c.dollar ? `$${column(c.col)}$${r}` : `${column(c.col)}${r}`;
            return `<c r="${ref}"${c.style === undefined ? '' : ` s="${c.style}"`}${c.content}`;
          })
          .join('');
        return `<row r="${r}"${row.style === undefined ? '' : ` s="${row.style}" customFormat="1"`}>${cells}</row>`;
      })
      .join('');
    return { xml, strings, date1904, stored, cols: cols ? '<cols><col min="1" max="40" width="9" style="1"/></cols>' : undefined };
  });

describe('the XLSX reader against exceljs', () => {
  it("gives the rows exceljs' streaming reader gave, after perf's corrections, for any sheet", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(workbook, async ({ xml, strings, ...opts }) => {
        const path = file(`oracle-${n++}.xlsx`, book(xml, strings, opts));
        const ours = await readAll(path);
        expect(ours.rows).toEqual(await exceljsRows(path, opts.date1904));
        expect(ours.src.problems).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

describe('XLSX values exceljs got wrong', () => {
  it("reads a formula's cached 0, error and boolean as such (exceljs gave empty, empty and 1)", async () => {
    const p = file(
      'formulas.xlsx',
      book(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>' +
          '<row r="2"><c r="A2"><f>B2-B2</f><v>0</v></c><c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="C2" t="b"><f>A2=0</f><v>1</v></c><c r="D2" s="2"><f>A2+45000</f><v>45000</v></c></row>',
        ['<si><t>amount</t></si>', '<si><t>ratio</t></si>', '<si><t>done</t></si>', '<si><t>due</t></si>'],
      ),
    );
    const { rows } = await readAll(p);
    expect(rows[1].cells).toEqual([0, '#DIV/0!', true, utc(2023, 3, 15)]);
  });

  it('leaves phonetic guides out of a shared string (exceljs read the guide instead of the text)', async () => {
    const p = file('phonetic.xlsx', book('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>', ['<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>', '<si><r><t>Li</t></r><r><t> Na</t></r><rPh sb="0" eb="1"><t>リ</t></rPh></si>']));
    expect((await readAll(p)).rows[0].cells).toEqual(['東京', 'Li Na']);
  });

  it('refuses a sheet whose XML is cut short (exceljs read the rows before the cut and stopped)', async () => {
    const sheet = '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2"><v>1</v></c></row>';
    const p = file(
      'cut.xlsx',
      zip({
        'xl/workbook.xml': `<workbook ${NS}><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
        'xl/_rels/workbook.xml.rels': '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
        'xl/sharedStrings.xml': '<sst><si><t>id</t></si></sst>',
        'xl/worksheets/sheet1.xml': sheet,
      }),
    );
    await expectFatal(() => readAll(p), /the workbook is damaged or truncated \(.*unclosed tag/);
  });
});
