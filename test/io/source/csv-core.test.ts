import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvCore, UNREAD } from '../../../src/io/source/csv-core.js';

/**
 * Tokenizes `text` fed in the given chunk sizes. Like a file's reader, each chunk is in one buffer that
 * the next overwrites (with garbage in between): the tokenizer must keep nothing of it.
 */
function tokenize(
  text: string,
  delimiter: string,
  cuts: number[] = [],
  unread: boolean[] | null = null,
  parsed: boolean[] | null = null,
  plain: boolean[] = [],
): string[][] | 'unclosed' {
  const bytes = Buffer.from(text, 'utf8');
  const shared = Buffer.alloc(bytes.length);
  const core = new CsvCore(delimiter);
  core.unread = unread;
  core.parsed = parsed;
  const rows: string[][] = [];
  const push = (r: string[], p: boolean) => {
    rows.push(r);
    plain.push(p);
  };
  const feed = (from: number, to: number) => {
    bytes.copy(shared, 0, from, to);
    const err = core.parse(shared.subarray(0, to - from), false, push, () => {});
    shared.fill('#');
    return err;
  };
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= at || cut >= bytes.length) continue;
    feed(at, cut);
    at = cut;
  }
  const err = feed(at, bytes.length) ?? core.parse(undefined, true, push, () => {});
  return err ? 'unclosed' : rows;
}


/** A comma-separated text of 1 to `maxRows` records of 1 to 6 of these cells, one record a line. */
const csvText = (cell: fc.Arbitrary<string>, maxRows = 8): fc.Arbitrary<string> =>
  fc
    .array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: maxRows })
    .map((rows) => rows.map((r) => r.join(',')).join('\n') + '\n');

describe('the CSV tokenizer', () => {
  it('reads quotes, escaped quotes, embedded newlines, CRLF and CR-only', () => {
    expect(tokenize('a,b\r\n"x, y","say ""hi"""\r\n"multi\nline",z\rlast,1', ',')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['multi\nline', 'z'],
      ['last', '1'],
    ]);
  });

  it('keeps blank lines as one empty field and ignores a final newline', () => {
    expect(tokenize('a\n\nb\n', ',')).toEqual([['a'], [''], ['b']]);
  });

  it('is tolerant like csv-parse relax options', () => {
    expect(tokenize('ab"c,"d"e\n', ',')).toEqual([['ab"c', 'de']]);
  });

  it('reports an unterminated quote at the end', () => {
    expect(tokenize('a,"b\nc,d\n', ',')).toBe('unclosed');
  });

  it('gives the same records as csv-parse for any well-formed CSV, however the bytes are chunked', () => {
    const cell = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'b', ' ', '中', '文', '1', '.', '-') }),
      fc.string({ unit: fc.constantFrom('a', ',', ';', '"', '\n', '\r\n', '中') }).map((s) => `"${s.replaceAll('"', '""')}"`),
    );
    const row = fc.array(cell, { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 8 }),
        fc.constantFrom(',', ';', '\t'),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.nat({ max: 200 }), { maxLength: 6 }),
        (rows, delimiter, eol, cuts) => {
          const safeRows = rows.map((r) => r.map((c) => (c.startsWith('"') || !c.includes(delimiter) ? c : `"${c}"`)));
          const text = safeRows.map((r) => r.join(delimiter)).join(eol) + eol;
          const expected = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false, relax_quotes: true }) as string[][];
          expect(tokenize(text, delimiter, cuts)).toEqual(expected);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('leaves unread columns undecoded: UNREAD for a non-empty field, empty stays empty, the other columns as without the mask', () => {
    const cell = fc.oneof(
      fc.constantFrom('', '""', '" "', '""""', '"a""b"', '"x"tail', '""tail', ' '),
      fc.string({ unit: fc.constantFrom('a', ' ', '中', '1') }),
      fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '中') }).map((s) => `"${s.replaceAll('"', '""')}"`),
    );
    fc.assert(
      fc.property(
        csvText(cell),
        fc.array(fc.boolean(), { maxLength: 6 }),
        fc.array(fc.nat({ max: 120 }), { maxLength: 6 }),
        (text, unread, cuts) => {
          const full = tokenize(text, ',') as string[][];
          const expected = full.map((r) => r.map((c, col) => (unread[col] && c !== '' ? UNREAD : c)));
          expect(tokenize(text, ',', cuts, unread)).toEqual(expected);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('gives parsed columns the same texts, of any length, quoted or not, ASCII chunks or not, whatever overwrites the chunk after', () => {
    const cell = fc.oneof(
      fc.string({ unit: fc.constantFrom('2', '0', '-', ':', ' ', '.'), maxLength: 40 }),
      fc.string({ unit: fc.constantFrom('1', ',', '"', '\n', '中'), maxLength: 30 }).map((s) => `"${s.replaceAll('"', '""')}"`),
      fc.constantFrom('', '"2026-11-27 08:01"', '2026-11-27T08:01:00.000+08:00', '"12,345,678.90"tail'),
    );
    fc.assert(
      fc.property(
        csvText(cell),
        fc.array(fc.boolean(), { maxLength: 6 }),
        fc.array(fc.nat({ max: 200 }), { maxLength: 6 }),
        (text, parsed, cuts) => {
          expect(tokenize(text, ',', cuts, null, parsed)).toEqual(tokenize(text, ','));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('calls a record plain only when none of its fields holds a control character, and every record without one plain', () => {
    const CONTROL = /[\u0000-\u001f\u007f]/;
    // Repeated long names go through the column cache, whose texts are looked at once; a DEL anywhere in a chunk makes its records not plain.
    const cell = fc.oneof(
      fc.constantFrom('', 'Gao Lei', '"Guiyang Huaxin Logistics Co., Ltd."', 'Shijiazhuang Ruida Software', '"a""b"', '"x"tail', '中文客户名称有限公司'),
      fc.constantFrom('"Acme\u0001 Trading Co., Ltd."', '"Acme Trading Co., Ltd.\t"', 'Ruida\u0002 Software Co'),
      fc.string({ unit: fc.constantFrom('a', ' ', '中', '1', '\t', '\u0001', '\u007f'), maxLength: 20 }),
      fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', '\u0000', '中'), maxLength: 20 }).map((s) => `"${s.replaceAll('"', '""')}"`),
    );
    fc.assert(
      fc.property(csvText(cell, 12), fc.array(fc.nat({ max: 200 }), { maxLength: 6 }), (text, cuts) => {
        const plain: boolean[] = [];
        const records = tokenize(text, ',', cuts, null, null, plain) as string[][];
        records.forEach((r, i) => {
          if (plain[i]) expect(r.filter((c) => CONTROL.test(c))).toEqual([]);
        });
        if (!text.includes('\u007f')) records.forEach((r, i) => expect(plain[i]).toBe(!r.some((c) => CONTROL.test(c))));
      }),
      { numRuns: 600 },
    );
  });

  it('gives every text as csv-parse does when columns repeat values, then stop repeating, across many chunks', () => {
    // Repeated texts are decoded once per column and found again by their bytes: texts alike in length,
    // first, middle and last characters must still come back as themselves, a column's cache that grew
    // (its table rehashed) must still give each text, and a column of ever-new values must read on once it
    // stops caching.
    // All-ASCII chunks first (their short fields are cut from one string per chunk), then Chinese names too.
    const reps = ['Gao Lei', 'He Fang', 'Xu Yu', 'Li Na', 'Wu Di'];
    const zhReps = ['Gao Lei', '王芳', '张伟', 'Xu Yu', '李娜'];
    const lookalikes = Array.from({ length: 12 }, (_, i) => `G${String.fromCharCode(97 + i)}${String.fromCharCode(98 + i)}yang Huaxin Logistics Co., Ltd.`);
    // account: 3,000 names, each met again after the column's cache has grown several times.
    const lines: string[] = ['id,rep,customer,note,when,account'];
    for (let i = 0; i < 20_000; i++) {
      const customer = i < 12_000 ? lookalikes[i % lookalikes.length] : `Customer ${i}`;
      const note = i % 97 === 0 ? `"a note, with ""quotes"" and ${'x'.repeat(i % 150)}"` : i % 5 === 0 ? `"${customer}"` : '';
      lines.push(`ACT-${String(i).padStart(7, '0')},${(i < 10_000 ? reps : zhReps)[i % 5]},"${customer}",${note},2024-01-01 08:${String(i % 60).padStart(2, '0')},Account ${(i * 7) % 3000} Holdings Group Limited`);
    }
    const text = lines.join('\n') + '\n';
    const expected = parse(text, { relax_column_count: true, skip_empty_lines: false, relax_quotes: true }) as string[][];
    const size = Buffer.byteLength(text);
    expect(tokenize(text, ',')).toEqual(expected);
    expect(tokenize(text, ',', Array.from({ length: 40 }, (_, k) => Math.floor(((k + 1) * size) / 41) + (k % 7)))).toEqual(expected);
  });
});
