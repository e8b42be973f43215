import { describe, expect, it } from 'vitest';
import { localTime } from '../../../src/core/calendar.js';
import { mapColumns } from '../../../src/core/ingest/columns.js';
import { rowConverter } from '../../../src/core/ingest/shape.js';
import type { Kind, RowOf } from '../../../src/schema/rows.js';
import type { Cell } from '../../../src/core/values/types.js';

function convert<K extends Kind>(kind: K, header: string[], rows: Cell[][], dateFormat: 'auto' | 'DMY' | 'MDY' | 'YMD' = 'auto') {
  const out: RowOf<K>[] = [];
  const c = rowConverter(kind, { file: 't.csv', mapping: mapColumns(kind, header), timeZone: 'Asia/Shanghai', dateFormat }, (r) => out.push(r));
  rows.forEach((cells, i) => c.push(i + 2, cells));
  c.end();
  return { rows: out, problems: c.problems, styles: c.dateStyles };
}

describe('row conversion', () => {
  it('turns a messy Chinese deal row into a canonical row', () => {
    const { rows, problems } = convert(
      'deals',
      ['商机编号', '负责人', '阶段', '合同金额', '签约日期', '是否新客户'],
      [['D1', ' 王芳 ', '已签约', '¥1.5万', '2026年3月5日', '是']],
    );
    expect(problems).toEqual([]);
    expect(rows[0]).toMatchObject({ row: 2, id: 'D1', rep: '王芳', stage: 'won', stage_label: '已签约', amount: 15000, closed_at: localTime(2026, 3, 5), is_new_customer: true });
  });

  it('skips a bad value with a problem naming row, column, value and what was expected', () => {
    const { rows, problems } = convert('deals', ['Owner', 'Stage', 'Amount', 'Close Date'], [
      ['Ann', 'Won', 'lots', '2026-03-05'],
      ['Bob', 'Won', '100', '2026-03-05'],
    ]);
    expect(rows.map((r) => r.rep)).toEqual(['Bob']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 't.csv', row: 2, column: 'Amount', value: 'lots', code: 'bad_money', severity: 'error' });
    expect(problems[0].message.zh).not.toBe('');
  });

  it('reports a workbook date cell out of range instead of failing on it', () => {
    // An Excel serial of 1e9 days formatted as a date: past what a JavaScript Date holds.
    const { rows, problems } = convert('deals', ['Owner', 'Stage', 'Close Date'], [
      ['Ann', 'Won', new Date(Number.NaN)],
      ['Bob', 'Won', '2026-03-05'],
    ]);
    expect(rows.map((r) => r.rep)).toEqual(['Bob']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ row: 2, column: 'Close Date', value: 'Invalid Date', severity: 'error' });
  });

  it('decides day/month order once per column from the data', () => {
    const { rows, styles } = convert('deals', ['Owner', 'Stage', 'Close Date'], [
      ['A', 'Won', '03/04/2026'],
      ['B', 'Won', '25/04/2026'],
    ]);
    expect(styles[0]).toMatchObject({ order: 'DMY', ambiguous: false });
    expect(rows[0].closed_at).toBe(localTime(2026, 4, 3));
  });

  it('reports a column it cannot decide, instead of guessing silently', () => {
    const { problems } = convert('deals', ['Owner', 'Stage', 'Close Date'], [['A', 'Won', '03/04/2026']]);
    expect(problems.map((p) => p.code)).toContain('ambiguous_date_order');
  });

  it('follows dateFormat from config', () => {
    const { rows, problems } = convert('deals', ['Owner', 'Stage', 'Close Date'], [['A', 'Won', '03/04/2026']], 'MDY');
    expect(problems).toEqual([]);
    expect(rows[0].closed_at).toBe(localTime(2026, 3, 4));
  });

  it('reports duplicate deal ids and keeps the first', () => {
    const { rows, problems } = convert('deals', ['Deal ID', 'Owner', 'Stage', 'Close Date'], [
      ['X', 'A', 'Won', '2026-01-01'],
      ['X', 'B', 'Won', '2026-01-02'],
    ]);
    expect(rows.map((r) => r.rep)).toEqual(['A']);
    expect(problems[0]).toMatchObject({ row: 3, code: 'duplicate_id' });
    expect(problems[0].message.en).toContain('row 2');
  });

  it('reads a won-deals export without a stage column as won, and treats an open deal close date as expected', () => {
    const won = convert('deals', ['sr_id', 'won_date'], [['r1', '26-02-2018 19:58']]);
    expect(won.rows[0]).toMatchObject({ stage: 'won', id: '#2', closed_at: localTime(2018, 2, 26, 19, 58) });
    const open = convert('deals', ['Owner', 'Stage', 'Close Date'], [['A', 'Negotiation', '2027-01-15']]);
    expect(open.rows[0]).toMatchObject({ stage: 'open', stage_label: 'Negotiation', expected_close_at: localTime(2027, 1, 15) });
    expect(open.rows[0].closed_at).toBeUndefined();
  });

  it('requires a close date on a won deal and a rep on every row', () => {
    const { rows, problems } = convert('deals', ['Owner', 'Stage', 'Close Date'], [
      ['A', 'Won', ''],
      ['', 'Won', '2026-01-01'],
    ]);
    expect(rows).toEqual([]);
    expect(problems.map((p) => [p.row, p.code])).toEqual([
      [2, 'missing_value'],
      [3, 'missing_value'],
    ]);
  });

  it('maps activity types and keeps the raw label', () => {
    const { rows } = convert('activities', ['客户经理', '行为类型', '发生时间'], [
      ['A', '上门拜访', '2026-11-02 10:00'],
      ['A', '喝茶', '2026-11-02 11:00'],
    ]);
    expect(rows.map((r) => [r.type, r.type_label])).toEqual([
      ['visit', '上门拜访'],
      ['other', '喝茶'],
    ]);
  });
});

describe('number checks', () => {
  it('refuses a negative duration in zod\'s words, in English and Chinese, as the schema does, and keeps the rest', () => {
    const { rows, problems } = convert('activities', ['Owner', 'Type', 'Date', 'Duration'], [
      ['Ann', 'call', '2026-03-05 10:00', '-5'],
      ['Bob', 'call', '2026-03-05 11:00', '0'],
    ]);
    expect(rows.map((r) => [r.rep, r.duration_min])).toEqual([['Bob', 0]]);
    expect(problems).toEqual([
      {
        file: 't.csv',
        row: 2,
        column: 'Duration',
        value: '-5',
        code: 'invalid_value',
        severity: 'error',
        message: {
          en: '"duration_min" is not valid (Too small: expected number to be >=0); row skipped',
          zh: '"duration_min"无效（数值过小：期望 number >=0），已跳过该行',
        },
      },
    ]);
  });
});

describe('row conversion invariants', () => {
  it('emits only rows the zod schema accepts, and every skipped row has an error problem', async () => {
    const fc = (await import('fast-check')).default;
    const { ROW_SCHEMAS } = await import('../../../src/schema/rows.js');
    const junk = fc.oneof(
      fc.constantFrom('', ' ', 'Won', 'Lost', '赢单', 'abc', '-5', '1,234.5', '¥1.5万', '(100)', '2026-02-30', '2026-03-31', '31/12/2026', '45000', 'yes', '否', '拜访', '12.5'),
      fc.string({ maxLength: 6 }),
    );
    const headers = {
      deals: ['Deal ID', 'Owner', 'Stage', 'Amount', 'Close Date', 'Created Date', 'New Customer'],
      activities: ['Owner', 'Type', 'Date', 'Duration', 'Effective', 'Account Name'],
    } as const;
    for (const kind of ['deals', 'activities'] as const) {
      fc.assert(
        fc.property(fc.array(fc.array(junk, { minLength: headers[kind].length, maxLength: headers[kind].length }), { maxLength: 30 }), (rows) => {
          let r: ReturnType<typeof convert>;
          try {
            r = convert(kind, [...headers[kind]], rows);
          } catch (e) {
            // A column written in both decimal styles, or in two currencies, is refused whole: no silent loss either.
            return (e as { code?: number }).code === 2 && /decimal mark|more than one currency/.test((e as Error).message);
          }
          // One shape per kind (every schema field, in order, blank ones undefined): the score's per-row rules were 13% slower on rows of mixed shapes.
          const fields = Object.keys(ROW_SCHEMAS[kind].shape);
          for (const row of r.rows) {
            ROW_SCHEMAS[kind].parse(row);
            expect(Object.keys(row)).toEqual(fields);
          }
          const skipped = new Set(r.problems.filter((p) => p.severity === 'error' && p.row !== null).map((p) => p.row));
          const blank = rows.filter((cells) => cells.every((c) => c.trim() === '')).length;
          return r.rows.length + skipped.size === rows.length - blank || r.rows.length + skipped.size === rows.length;
        }),
        { numRuns: 300 },
      );
    }
  });
});

describe('Excel error values', () => {
  it('are a problem on the row, not an empty value: a deal whose amount is #N/A is not kept as a deal without amount', () => {
    const { rows, problems } = convert('deals', ['Owner', 'Stage', 'Amount', 'Close Date'], [
      ['Ann', 'Won', '#N/A', '2026-03-05'],
      ['Bob', 'Won', '#REF!', '2026-03-05'],
      ['Cy', 'Won', '100', '2026-03-05'],
    ]);
    expect(rows.map((r) => r.rep)).toEqual(['Cy']);
    expect(problems.map((p) => [p.row, p.column, p.value, p.code, p.severity])).toEqual([
      [2, 'Amount', '#N/A', 'cell_error', 'error'],
      [3, 'Amount', '#REF!', 'cell_error', 'error'],
    ]);
  });
});

describe('control characters', () => {
  it('are taken out of names, so charts and workbooks never see a NUL', () => {
    const { rows } = convert('deals', ['Owner', 'Stage', 'Close Date', 'Account Name'], [['Ann\u0000 Lee', 'Won', '2026-03-05', 'Acme\u0007\r\nCorp']]);
    expect(rows[0]).toMatchObject({ rep: 'Ann Lee', customer: 'Acme Corp' });
  });
});
