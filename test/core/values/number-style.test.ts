import { describe, expect, it } from 'vitest';
import { mapColumns } from '../../../src/core/ingest/columns.js';
import { rowConverter } from '../../../src/core/ingest/shape.js';
import { decideNumberStyle, styleEvidence } from '../../../src/core/values/decimal.js';
import { parseMoney } from '../../../src/core/values/money.js';
import { parseNumber } from '../../../src/core/values/number.js';
import type { Cell } from '../../../src/core/values/types.js';
import type { Deal } from '../../../src/schema/rows.js';

describe('number style of a column', () => {
  it.each<[string, ReturnType<typeof styleEvidence>]>([
    ['1.054,00 €', 'comma'],
    ['50,00 €', 'comma'],
    ['1.234.567', 'comma'],
    ['1,234.56', 'point'],
    ['0.5', 'point'],
    ['1,234,567', 'point'],
    ['1.234', 'dot3'],
    ['1,234', 'comma3'],
    ['1234', null],
  ])('%s says %s', (text, evidence) => expect(styleEvidence(text)).toBe(evidence));

  it('is decided from all the values seen, not value by value', () => {
    expect(decideNumberStyle(['1.054,00 €', '50,00 €', '1.234']).style).toBe('comma');
    expect(decideNumberStyle(['1,234', '12,000']).style).toBe('point');
    expect(decideNumberStyle(['1.234', '2.500'])).toMatchObject({ undecided: 'dot3' });
    expect(decideNumberStyle(['1,5', '1.5'])).toMatchObject({ undecided: 'conflict' });
  });

  it('reads amounts and numbers in the decided style', () => {
    expect(parseMoney('1.234', { style: 'comma' })).toEqual({ ok: true, value: 1234 });
    expect(parseMoney('50,00 €', { style: 'comma' })).toEqual({ ok: true, value: 50 });
    expect(parseMoney('1.054,00 €', { style: 'comma' })).toEqual({ ok: true, value: 1054 });
    expect(parseNumber('1,5', 'comma')).toEqual({ ok: true, value: 1.5 });
    expect(parseNumber('1,5')).toMatchObject({ ok: false });
  });
});

describe('a European Excel export (decimal comma)', () => {
  const convert = (rows: Cell[][], numberFormat: 'auto' | 'point' | 'comma' = 'auto') => {
    const out: Deal[] = [];
    const c = rowConverter(
      'deals',
      { file: 'eu.csv', mapping: mapColumns('deals', ['Owner', 'Stage', 'Close Value', 'Close Date']), timeZone: 'UTC', dateFormat: 'auto', numberFormat },
      (r) => out.push(r),
    );
    rows.forEach((r, i) => c.push(i + 2, r));
    c.end();
    return { out, c };
  };

  it('keeps every amount, 1.234 as one thousand two hundred thirty-four, and says how it read them', () => {
    const { out, c } = convert([
      ['A', 'Won', '1.054,00 €', '25.03.2017'],
      ['B', 'Won', '50,00 €', '26.03.2017'],
      ['C', 'Won', '1.234', '27.03.2017'],
    ]);
    expect(c.problems).toEqual([]);
    expect(out.map((d) => d.amount)).toEqual([1054, 50, 1234]);
    expect(c.checks.find((k) => k.code === 'number_style')?.message.en).toMatch(/"Close Value" writes numbers as 1\.234,56/);
    expect(c.currency).toBe('EUR');
  });

  it('refuses a column whose style it cannot decide, naming the column and the fix (exit 2)', () => {
    const run = () => convert([['A', 'Won', '1.234', '2017-03-01'], ['B', 'Won', '2.500', '2017-03-02']]);
    expect(run).toThrow(/cannot tell the decimal mark of column "Close Value".*\n.*--decimal-comma/);
    expect(run).toThrow(expect.objectContaining({ code: 2 }));
  });

  it('follows numberFormat when it is set', () => {
    const { out } = convert([['A', 'Won', '1.234', '2017-03-01']], 'comma');
    expect(out[0].amount).toBe(1234);
    expect(convert([['A', 'Won', '1.234', '2017-03-01']], 'point').out[0].amount).toBe(1.23);
  });
});
