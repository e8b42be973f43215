import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseMoney } from '../../../src/core/values/money.js';
import { expectRejected, valueOf } from './helpers.js';

describe('parseMoney accepts', () => {
  it.each<[string | number, number]>([
    ['1234', 1234],
    ['1234.5', 1234.5],
    ['1,234.56', 1234.56],
    ['1,234,567.89', 1234567.89],
    ['¥1,234', 1234],
    ['￥1,234.00', 1234],
    ['$ 1,234.56', 1234.56],
    ['€99', 99],
    ['£1,000', 1000],
    ['RMB 1,234', 1234],
    ['rmb1234', 1234],
    ['CNY 5,000', 5000],
    ['USD 12.50', 12.5],
    ['1,234.56 USD', 1234.56],
    ['1234元', 1234],
    ['¥1234元', 1234],
    ['１２，３４５．６７', 12345.67],
    ['（￥１２，３４５）', -12345],
    ['12万', 120000],
    ['12.5万', 125000],
    ['12.5万元', 125000],
    ['1.2345万', 12345],
    ['¥3亿', 300000000],
    ['1.5亿元', 150000000],
    ['-1,234.5', -1234.5],
    ['−1,234.5', -1234.5],
    ['+1,234.5', 1234.5],
    ['-¥1,234', -1234],
    ['¥-1,234', -1234],
    ['(1,234)', -1234],
    ['(¥1,234.50)', -1234.5],
    ['(1.2万)元', -12000],
    ['1.234,56', 1234.56],
    ['1.234.567,89', 1234567.89],
    ['1 234 567.89', 1234567.89],
    ['1 234,5', 1234.5],
    ['  1234  ', 1234],
    ['0.005', 0.01],
    ['1.004', 1],
    ['-0', 0],
    ['.5', 0.5],
    ['0012', 12],
    [1234.56, 1234.56],
    [-7, -7],
    [0.1 + 0.2, 0.3],
  ])('%s → %s', (raw, expected) => {
    expect(valueOf(parseMoney(raw))).toBe(expected);
  });

  it('is exact, without float noise', () => {
    expect(valueOf(parseMoney('1,234.56'))).toBe(1234.56);
    expect(valueOf(parseMoney('0.1万'))).toBe(1000);
    expect(valueOf(parseMoney('1.23456789万'))).toBe(12345.68);
    expect(Object.is(valueOf(parseMoney('-0.00')), 0)).toBe(true);
  });
});

describe('parseMoney rejects', () => {
  it.each(['', '   ', 'abc', 'N/A', '--', '1,2,3', '¥', '元', '(1234', '1234)', '-(1234)', '1元万', '12 34', '1.2.3,4,5'])('%j', (raw) => {
    expectRejected(parseMoney(raw), /expected|ambiguous/, /应为|歧义/);
  });
  it('percentages', () => expectRejected(parseMoney('12%'), 'not a percentage', '百分比'));
  it('abbreviations', () => {
    for (const raw of ['12k', '12K', '1.5M', '3m', '2b']) expectRejected(parseMoney(raw), 'abbreviations like k or M', '缩写');
  });
  it('ambiguous separators', () => {
    for (const raw of ['1,5', '1.234.567', '12,34,567']) expectRejected(parseMoney(raw), 'ambiguous', '歧义');
  });
  it('two different currencies', () => expectRejected(parseMoney('$100元'), 'one currency', '一种货币'));
  it('non-finite numbers and non-amount cells', () => {
    expectRejected(parseMoney(Number.NaN), 'finite', '有限');
    expectRejected(parseMoney(Infinity), 'finite', '有限');
    expectRejected(parseMoney('9'.repeat(100)), 'expected an amount', '应为金额');
    expectRejected(parseMoney(1.7e306), 'too large', '过大');
    expectRejected(parseMoney('100000000000000'), 'too large', '过大');
    expect(valueOf(parseMoney('99999999999.99'))).toBe(99999999999.99);
    for (const raw of [true, null, new Date(0)]) expectRejected(parseMoney(raw), 'expected an amount', '应为金额');
  });
});

describe('parseMoney properties', () => {
  it('never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.double(), fc.boolean(), fc.constant(null), fc.date()), (raw) => {
        const r = parseMoney(raw);
        if (r.ok) expect(Number.isFinite(r.value)).toBe(true);
      }),
    );
    fc.assert(fc.property(fc.stringMatching(/^[-−+(）)¥￥$元万亿,，.．0-9０-９ %kRMBUSD]{0,20}$/), (raw) => void parseMoney(raw)));
  });

  it('integer-cent amounts with separators and a currency sign read back', () => {
    const sign = fc.constantFrom('', '¥', '￥', '$', 'RMB ', 'USD ', '€', '£');
    const suffix = fc.constantFrom('', '元', ' CNY');
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), sign, suffix, fc.boolean(), (cents, prefix, unit, parens) => {
        if (prefix && unit && !(prefix.includes('¥') || prefix.includes('RMB'))) unit = '';
        const abs = Math.abs(cents);
        const int = Math.floor(abs / 100).toLocaleString('en-US');
        const text = `${prefix}${int}.${String(abs % 100).padStart(2, '0')}${unit}`;
        const written = cents < 0 ? (parens ? `(${text})` : `-${text}`) : text;
        expect(valueOf(parseMoney(written))).toBe(cents / 100);
      }),
    );
  });

  it('European writing with both marks reads back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100_000, max: 1e12 }), (cents) => {
        const int = Math.floor(cents / 100).toLocaleString('de-DE');
        expect(valueOf(parseMoney(`${int},${String(cents % 100).padStart(2, '0')} €`))).toBe(cents / 100);
      }),
    );
  });
});
