import { chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, it } from 'vitest';
import { openTable } from '../../../src/io/source/index.js';
import { expectFatal, readAll, storedZip, tempDir } from './helpers.js';

const file = tempDir();
const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const cfb = (...parts: Buffer[]): Buffer => Buffer.concat([CFB_MAGIC, Buffer.alloc(504), ...parts]);
const WORKBOOK = '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>';
const RELS = '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';
const SHEET = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>';

describe('fatal conditions: PerfError, exit 2, the file named, what to do', () => {
  it('file does not exist', async () => {
    await expectFatal(() => openTable(join(tmpdir(), 'perf-no-such-file.csv')), /perf-no-such-file\.csv: no such file\. Check the path/);
  });

  it('is a directory', async () => {
    const dir = file('placeholder', '').replace(/placeholder$/, 'adir');
    mkdirSync(dir);
    await expectFatal(() => openTable(dir), /adir: this is a directory, not a file/);
  });

  it.skipIf(process.getuid?.() === 0)('no read permission', async () => {
    const p = file('secret.csv', 'a,b\n');
    chmodSync(p, 0o000);
    await expectFatal(() => openTable(p), /secret\.csv: permission denied/);
  });

  it('empty file', async () => {
    await expectFatal(() => openTable(file('empty.csv', '')), /empty\.csv: the file is empty \(0 bytes\)/);
  });

  it('binary garbage', async () => {
    await expectFatal(() => openTable(file('garbage.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0xff, 0x00, 0x12]))), /garbage\.csv: this looks like a binary file/);
  });

  it('legacy .xls (OLE compound file)', async () => {
    await expectFatal(() => openTable(file('old.xls', cfb(Buffer.from('Workbook', 'utf16le')))), /old\.xls: this is an old Excel 97-2003 \(\.xls\) file.*save it as \.xlsx or CSV \(UTF-8\)/);
  });

  it('password-protected xlsx, directory at the start or past the first MiB', async () => {
    const name = Buffer.from('EncryptedPackage', 'utf16le');
    await expectFatal(() => openTable(file('locked.xlsx', cfb(name))), /locked\.xlsx: this workbook is password-protected.*File → Info → Protect Workbook/);
    await expectFatal(() => openTable(file('locked2.xlsx', cfb(Buffer.alloc(3 << 20, 7), name))), /password-protected/);
  });

  it('Apple Numbers', async () => {
    await expectFatal(() => openTable(file('deals.numbers', storedZip({ 'Index/Document.iwa': 'x', 'Metadata/Properties.plist': 'y' }))), /Apple Numbers.*File → Export To → Excel/);
  });

  it('OpenDocument .ods', async () => {
    await expectFatal(() => openTable(file('deals.ods', storedZip({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '<x/>' }))), /OpenDocument spreadsheet.*save it as \.xlsx or CSV/);
  });

  it('some other zip', async () => {
    await expectFatal(() => openTable(file('other.xlsx', storedZip({ 'readme.txt': 'hi' }))), /zip archive but not an Excel workbook/);
  });

  for (const [name, content] of [
    ['page.xls', '\ufeff  <!DOCTYPE html><html><body><table><tr><td>1</td></tr></table></body></html>'],
    ['page.xlsx', '\n<html><table></table></html>'],
    ['table.xls', '<table><tr><td>a</td></tr></table>'],
    ['tag.xls', '<TR><TD>a</TD></TR>'],
    ['page.csv', '<!doctype html><title>Login</title>'],
  ]) {
    it(`HTML disguised as a spreadsheet: ${name}`, async () => {
      await expectFatal(() => openTable(file(name, content)), /this is a web page \(HTML\) saved with an Excel or CSV extension.*save it as \.xlsx or CSV/);
    });
  }

  it('truncated xlsx', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Deals').addRows([['id', 'amount'], ...Array.from({ length: 2000 }, (_, i) => [i, i * 2])]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    await expectFatal(() => openTable(file('cut.xlsx', bytes.subarray(0, bytes.length >> 1))), /cut\.xlsx: the file is damaged or truncated/);
  });

  it('malformed sheet XML inside a valid zip fails while reading rows, not with a crash', async () => {
    const zip = storedZip({ 'xl/workbook.xml': WORKBOOK, 'xl/_rels/workbook.xml.rels': RELS, 'xl/worksheets/sheet1.xml': '<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>' + '<row r="2"><<<' });
    await expectFatal(() => readAll(file('bad.xlsx', zip)), /bad\.xlsx: the workbook is damaged or truncated/);
  });

  it('zip bomb: a central directory that claims a huge sheet is refused before unpacking', async () => {
    const zip = storedZip({ 'xl/workbook.xml': WORKBOOK, 'xl/_rels/workbook.xml.rels': RELS, 'xl/worksheets/sheet1.xml': SHEET }, { 'xl/worksheets/sheet1.xml': 4_000_000_000 });
    await expectFatal(() => openTable(file('bomb.xlsx', zip)), /xl\/worksheets\/sheet1\.xml unpacks to 3814\.7 MiB, more than the limit of 512\.0 MiB.*limits\.maxUncompressedMB/);
  });

  it('a real sheet bigger than a small limit is refused', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Deals').addRows(Array.from({ length: 5000 }, (_, i) => [i, `row ${i}`, i * 3]));
    const p = file('large.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    await expectFatal(() => openTable(p, { maxUncompressedBytes: 100_000 }), /unpacks to .* MiB, more than the limit of 0\.1 MiB/);
  });

  it('a sheet that inflates past the limit despite a modest directory entry is stopped while streaming', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`).join('');
    const sheet = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;
    const zip = storedZip({ 'xl/workbook.xml': WORKBOOK, 'xl/_rels/workbook.xml.rels': RELS, 'xl/worksheets/sheet1.xml': sheet }, { 'xl/worksheets/sheet1.xml': 1000 });
    await expectFatal(() => readAll(file('liar.xlsx', zip), { maxUncompressedBytes: 10_000 }), /sheet1\.xml unpacks to .* more than the limit/);
  });
});
