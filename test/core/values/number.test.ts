import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseInteger, parseNumber } from '../../../src/core/values/number.js';
import { expectRejected, valueOf } from './helpers.js';

describe('parseNumber', () => {
  it.each<[string | number, number]>([
    ['42', 42],
    ['-3.75', -3.75],
    ['−3.75', -3.75],
    ['+7', 7],
    ['1,234.5', 1234.5],
    ['1,234,567', 1234567],
    ['1.234,5', 1234.5],
    ['1 234', 1234],
    ['４２．５', 42.5],
    ['１，２３４', 1234],
    ['1.5E+06', 1500000],
    ['2e-3', 0.002],
    [' 12 ', 12],
    ['0.1', 0.1],
    [3.25, 3.25],
  ])('%s → %s', (raw, expected) => {
    expect(valueOf(parseNumber(raw))).toBe(expected);
  });

  it.each(['', ' ', 'abc', '12abc', '1-2', '--1', '12%', '1e999', '1.2.3,4,5'])('rejects %j', (raw) => {
    expectRejected(parseNumber(raw), 'expected a number', '应为数字');
  });
  it('rejects ambiguous separators', () => {
    expectRejected(parseNumber('1,5'), 'ambiguous', '歧义');
    expectRejected(parseNumber('1.234.567'), 'ambiguous', '歧义');
  });
  it('rejects non-number cells', () => {
    for (const raw of [NaN, Infinity, true, null, new Date(0)]) expectRejected(parseNumber(raw), 'expected a number', '应为数字');
  });
  it('never throws, and reads back what it would print', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.double(), fc.constant(null)), (raw) => void parseNumber(raw)));
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }), (n) => {
        expect(valueOf(parseNumber(String(n)))).toBe(n === 0 ? 0 : n);
      }),
    );
  });
});

describe('parseInteger', () => {
  it('accepts whole numbers', () => {
    expect(valueOf(parseInteger('1,200'))).toBe(1200);
    expect(valueOf(parseInteger(30))).toBe(30);
    expect(valueOf(parseInteger('-5'))).toBe(-5);
  });
  it('rejects fractions and unsafe integers', () => {
    expectRejected(parseInteger('1.5'), 'whole number', '整数');
    expectRejected(parseInteger(2 ** 60), 'whole number', '整数');
    expectRejected(parseInteger('x'), 'expected a number', '应为数字');
  });
});
