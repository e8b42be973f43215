import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cellLabel, normaliseKey } from '../../../src/core/values/text.js';

describe('normaliseKey', () => {
  it.each(['Close Date', 'close_date', 'CLOSE-DATE', 'Ｃｌｏｓｅ　Ｄａｔｅ', ' close/date ', 'Close.Date', '(close date)'])('%s → closedate', (s) => {
    expect(normaliseKey(s)).toBe('closedate');
  });

  it('keeps CJK letters and strips CJK punctuation and brackets', () => {
    expect(normaliseKey('金额(元)')).toBe('金额元');
    expect(normaliseKey('金额（元）')).toBe('金额元');
    expect(normaliseKey('【阶段】、《商机》「状态」。')).toBe('阶段商机状态');
    expect(normaliseKey('关闭-丢单')).toBe('关闭丢单');
    expect(normaliseKey('\uFEFFStage\u200B')).toBe('stage');
  });

  it('is idempotent and stable across the cache', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (s) => {
        const k = normaliseKey(s);
        expect(normaliseKey(s)).toBe(k);
        expect(normaliseKey(k)).toBe(k);
      }),
    );
  });
});

describe('cellLabel', () => {
  it('reads cells back as text', () => {
    expect(cellLabel('  Won ')).toBe('Won');
    expect(cellLabel(null)).toBe('');
    expect(cellLabel(42)).toBe('42');
    expect(cellLabel(true)).toBe('true');
    expect(cellLabel(new Date(Date.UTC(2026, 2, 31)))).toBe('2026-03-31');
    expect(cellLabel(new Date(Date.UTC(2026, 2, 31, 14, 5)))).toBe('2026-03-31 14:05');
    expect(cellLabel(new Date(NaN))).toBe('');
  });
});
