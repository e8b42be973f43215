import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { openTable } from '../../../src/io/source/index.js';
import { expectFatal, readAll, tempDir } from './helpers.js';

const file = tempDir();
const TEXT = '客户,金额,日期\n华为,100,2024-01-02\n"Acme, Inc",200,2024-02-03\n';
// plain: no cell holds a control character, so the converter need not look for them (CsvCore)
const EXPECTED = [
  { row: 1, cells: ['客户', '金额', '日期'], plain: true },
  { row: 2, cells: ['华为', '100', '2024-01-02'], plain: true },
  { row: 3, cells: ['Acme, Inc', '200', '2024-02-03'], plain: true },
];

describe('CSV encodings', () => {
  const cases: [string, Uint8Array, string][] = [
    ['utf8.csv', Buffer.from(TEXT), 'utf-8'],
    ['utf8bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]), 'utf-8-bom'],
    ['utf16le.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]), 'utf-16le'],
    ['utf16be.csv', iconv.encode(TEXT, 'utf-16be', { addBOM: true }), 'utf-16be'],
    ['utf16le-nobom.csv', Buffer.from(TEXT, 'utf16le'), 'utf-16le'],
    ['utf16be-nobom.csv', iconv.encode(TEXT, 'utf-16be'), 'utf-16be'],
    ['gbk.csv', iconv.encode(TEXT, 'gbk'), 'gb18030'],
    ['gb18030.csv', iconv.encode(TEXT + '𠀀,1,2\n', 'gb18030'), 'gb18030'],
  ];
  for (const [name, bytes, encoding] of cases) {
    it(`reads ${name} as ${encoding}`, async () => {
      const { src, rows } = await readAll(file(name, bytes));
      expect(src.meta).toMatchObject({ format: 'csv', encoding, delimiter: ',' });
      expect(rows.slice(0, 3)).toEqual(EXPECTED);
      expect(src.problems).toEqual([]);
    });
  }

  it('honours a forced encoding', async () => {
    const { src, rows } = await readAll(file('forced.csv', iconv.encode('名字,x\n张三,1\n', 'gbk')), { encoding: 'gbk' });
    expect(src.meta.encoding).toBe('gbk');
    expect(rows[1].cells).toEqual(['张三', '1']);
    const latin = await readAll(file('latin.csv', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2c, 0x31, 0x0a])), { encoding: 'latin1' });
    expect(latin.rows[0].cells).toEqual(['café', '1']);
  });

  it('refuses an unknown forced encoding', async () => {
    await expectFatal(() => openTable(file('x.csv', 'a,b\n'), { encoding: 'klingon' }), /unknown encoding "klingon"/);
  });

  it('accepts a multi-byte character cut at the 1 MiB sniff boundary as UTF-8', async () => {
    const filler = 'a,b\n' + 'x,y\n'.repeat((1 << 20) / 4 - 1) + 'x'; // 1 MiB - 3 bytes, then 中 straddles the boundary
    const bytes = Buffer.from(filler + '中,z\n');
    expect(bytes.length).toBeGreaterThan(1 << 20);
    const { src, rows } = await readAll(file('boundary.csv', bytes));
    expect(src.meta.encoding).toBe('utf-8');
    expect(rows.at(-1)!.cells).toEqual(['x中', 'z']);
    expect(src.problems).toEqual([]);
  });

  it('reports rows with undecodable bytes when a UTF-8 file turns into GBK later', async () => {
    const head = Buffer.from('name,city\n' + 'Alice,Paris\n'.repeat(100_000)); // > 1 MiB of valid UTF-8
    const bad = iconv.encode('张三,北京\n', 'gbk');
    const { src, rows } = await readAll(file('mixed.csv', Buffer.concat([head, bad, Buffer.from('Bob,Rome\n')])));
    expect(src.meta.encoding).toBe('utf-8');
    expect(rows.length).toBe(100_003);
    const problems = src.problems.filter((p) => p.code === 'bad_bytes');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ row: 100_002, severity: 'warning' });
    expect(problems[0].message.en).toMatch(/mix encodings.*UTF-8/);
  });
});

describe('CSV structure', () => {
  for (const [name, d] of [['comma', ','], ['semicolon', ';'], ['tab', '\t'], ['pipe', '|']] as const) {
    it(`sniffs the ${name} delimiter`, async () => {
      const text = ['Report of 2024', `id${d}amount${d}note`, `1${d}"1,5"${d}"a${d}b"`, `2${d}3${d}c`].join('\n');
      const { src, rows } = await readAll(file(`${name}.csv`, text));
      expect(src.meta.delimiter).toBe(d);
      expect(rows[0]).toEqual({ row: 1, cells: ['Report of 2024'], plain: true });
      expect(rows[2].cells).toEqual(['1', '1,5', `a${d}b`]);
      expect(src.problems).toEqual([]);
    });
  }

  it('keeps embedded newlines in one record and counts it as one row', async () => {
    const { rows } = await readAll(file('nl.csv', 'a,b\r\n"line1\r\nline2",x\r\n\r\n"q ""quoted""",y\r\n'));
    expect(rows).toEqual([
      { row: 1, cells: ['a', 'b'], plain: true },
      { row: 2, cells: ['line1\r\nline2', 'x'], plain: false },
      { row: 4, cells: ['q "quoted"', 'y'], plain: true },
    ]);
  });

  it('reads CR-only line ends and skips blank rows while counting them', async () => {
    const { rows } = await readAll(file('cr.csv', 'a,b\r1,2\r\r,\r3,4'));
    expect(rows).toEqual([
      { row: 1, cells: ['a', 'b'], plain: true },
      { row: 2, cells: ['1', '2'], plain: true },
      { row: 5, cells: ['3', '4'], plain: true },
    ]);
  });

  it('reports ragged rows but keeps them; title rows above the header are not ragged', async () => {
    const { src, rows } = await readAll(file('ragged.csv', 'Title\na,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12,\n13,14,15\n'));
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(src.problems.map((p) => [p.code, p.row, p.severity])).toEqual([
      ['ragged_row', 4, 'warning'],
      ['ragged_row', 5, 'warning'],
    ]);
  });

  it('reads stdin, sniffing from the first chunk', async () => {
    const stdin = Readable.from([Buffer.from('x;y\n1;'), Buffer.from('2\n3;4\n')]);
    const src = await openTable('-', { stdin });
    const rows = [];
    for await (const r of src.rows()) rows.push(r.cells);
    expect(src.meta).toMatchObject({ path: '-', delimiter: ';', encoding: 'utf-8' });
    expect(rows).toEqual([['x', 'y'], ['1', '2'], ['3', '4']]);
  });

  it('skips a row with an oversized field as an error problem and reads on', async () => {
    const big = 'z'.repeat(5000);
    const { src, rows } = await readAll(file('big.csv', `a,b\n1,${big}\n2,ok\n"${big}\n${big}",3\n4,ok\n`), { maxCellBytes: 1000 });
    expect(rows.map((r) => r.cells[0])).toEqual(['a', '2', '4']);
    expect(src.problems.map((p) => [p.code, p.row, p.severity])).toEqual([
      ['cell_too_large', 2, 'error'],
      ['cell_too_large', 4, 'error'],
    ]);
  });

  it('drops an oversized field while it streams (bounded memory) and reports it', async () => {
    const big = 'z'.repeat(3 << 20);
    const { src, rows } = await readAll(file('huge.csv', `a,b\n1,"${big}"\n2,ok\n`), { maxCellBytes: 1 << 20 });
    expect(rows.map((r) => r.row)).toEqual([1, 3]);
    expect(src.problems[0]).toMatchObject({ code: 'cell_too_large', row: 2 });
  });

  it('fails on an unterminated quote, naming the row where it opened', async () => {
    const path = file('quote.csv', 'a,b\n1,2\n\n3,"never closed\n4,5\n6,7\n');
    const src = await openTable(path);
    await expectFatal(async () => {
      for await (const _ of src.rows());
    }, /quote.csv: a quoted field that starts on row 4 is never closed/);
  });
});
