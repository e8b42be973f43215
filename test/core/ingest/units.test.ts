import { describe, expect, it } from 'vitest';
import { mapColumns } from '../../../src/core/ingest/columns.js';
import { rowConverter } from '../../../src/core/ingest/shape.js';
import { parseUnit, splitHeaderUnit } from '../../../src/core/ingest/units.js';
import type { Cell } from '../../../src/core/values/types.js';
import type { Deal } from '../../../src/schema/rows.js';

describe('header units', () => {
  it.each<[string, string, number, string | undefined]>([
    ['合同金额(元)', '合同金额', 0, 'CNY'],
    ['合同金额（万元）', '合同金额', 4, 'CNY'],
    ['金额/万', '金额', 4, undefined],
    ['Amount (USD)', 'Amount', 0, 'USD'],
    ['Close Value [€]', 'Close Value', 0, 'EUR'],
    ['成交金额（千元）', '成交金额', 3, 'CNY'],
    ['Revenue (k)', 'Revenue', 3, undefined],
    ['Amount (USD M)', 'Amount', 6, 'USD'],
    ['销售额（百万元）', '销售额', 6, 'CNY'],
    ['Amount【亿元】', 'Amount', 8, 'CNY'],
  ])('%s → %s, ×10^%i, %s', (header, name, shift, currency) => {
    const s = splitHeaderUnit(header);
    expect(s?.name).toBe(name);
    expect(s?.unit).toMatchObject({ shift, currency });
  });

  it('leaves a header without a unit whole, and a tail it does not understand as no unit', () => {
    expect(splitHeaderUnit('Close Date')).toBeNull();
    expect(parseUnit('full name')).toMatchObject({ shift: 0, currency: undefined });
  });

  it('maps a header with its unit, which it keeps (today 合同金额(元) was left unmapped)', () => {
    const m = mapColumns('deals', ['负责人', '阶段', '合同金额（万元）', '签约日期', 'Owner (full name)']);
    expect(m.fields.amount).toBe(2);
    expect(m.units.amount).toMatchObject({ text: '万元', shift: 4, currency: 'CNY' });
    expect(mapColumns('deals', ['Owner (full name)', 'Close Date']).fields.rep).toBe(0);
  });

  it.each<[string, Cell, number]>([
    ['合同金额（万元）', '12.5', 125000],
    ['合同金额（万元）', 12.5, 125000],
    ['金额/万', '1,234.5', 12345000],
    ['成交金额（千元）', '7', 7000],
    ['Amount (USD)', '$1,200.50', 1200.5],
    // a 万 written in the cell itself is the cell's own unit
    ['合同金额（万元）', '3万', 30000],
  ])('scales %s: %s → %d, and says so first', (header, cell, amount) => {
    const out: Deal[] = [];
    const c = rowConverter('deals', { file: 'd.csv', mapping: mapColumns('deals', ['Owner', 'Stage', header, 'Close Date']), timeZone: 'UTC', dateFormat: 'auto' }, (r) => out.push(r));
    c.push(2, ['Ann', 'Won', cell, '2026-03-01']);
    c.end();
    expect(out[0].amount).toBe(amount);
    if (/万|千/.test(header)) expect(c.checks.map((k) => k.code)).toContain('header_unit');
  });
});

describe('currency', () => {
  const read = (header: string[], rows: Cell[][]) => {
    const c = rowConverter('deals', { file: 'd.csv', mapping: mapColumns('deals', header), timeZone: 'UTC', dateFormat: 'auto' }, () => {});
    rows.forEach((r, i) => c.push(i + 2, r));
    c.end();
    return c;
  };

  it('is taken from symbols, codes, the header unit or a currency column', () => {
    expect(read(['Owner', 'Stage', 'Amount', 'Close Date'], [['A', 'Won', '$1,054', '2017-03-01']]).currency).toBe('USD');
    expect(read(['Owner', 'Stage', 'Amount (EUR)', 'Close Date'], [['A', 'Won', '1054', '2017-03-01']]).currency).toBe('EUR');
    expect(read(['Owner', 'Stage', 'Amount', 'Currency', 'Close Date'], [['A', 'Won', '1054', 'usd', '2017-03-01']]).currency).toBe('USD');
    expect(read(['Owner', 'Stage', 'Amount', 'Close Date'], [['A', 'Won', '1054', '2017-03-01']]).currency).toBeNull();
  });

  it('refuses a file with mixed currencies (exit 2, naming them)', () => {
    expect(() => read(['Owner', 'Stage', 'Amount', 'Close Date'], [['A', 'Won', '$1,054', '2017-03-01'], ['B', 'Won', '¥900', '2017-03-01']])).toThrow(
      /more than one currency \(CNY, USD\)/,
    );
    expect(() => read(['Owner', 'Stage', 'Amount', 'Close Date'], [['A', 'Won', '€1', '2017-03-01'], ['B', 'Won', '1 USD', '2017-03-01']])).toThrow(
      expect.objectContaining({ code: 2 }),
    );
  });
});
