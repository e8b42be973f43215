import { describe, expect, it } from 'vitest';
import { fitColumns, tableWidth } from '../../src/core/table-fit.js';

const col = (width: number, min = width, priority = 0) => ({ width, min, priority });

describe('fitColumns', () => {
  it('keeps every column at full width when the table fits', () => {
    expect(fitColumns([col(10), col(8)], 80)).toEqual({ shown: [0, 1], widths: [10, 8], dropped: [] });
  });

  it('abbreviates text columns, widest first, before leaving any column out', () => {
    // 1 + (20+3) + (30+3) + (9+3) = 69 > 60: 9 columns of text to give up, all from the widest.
    const f = fitColumns([col(20, 6), col(30, 6), col(9)], 60);
    expect(f.dropped).toEqual([]);
    expect(f.widths).toEqual([20, 21, 9]);
    expect(tableWidth(f.widths)).toBe(60);
  });

  it('leaves out the lowest-priority column, then the rightmost, never the first, and gives the rest their width back', () => {
    const cols = [col(12, 6), col(10), col(10, 10, 2), col(10), col(10)];
    // 1 + 15 + 4 × 13 = 68 > 45; without the last column still 49 with the first cut to 6: two must go.
    const f = fitColumns(cols, 45);
    expect(f.dropped).toEqual([4, 3]);
    expect(f.shown).toEqual([0, 1, 2]);
    expect(f.widths).toEqual([12, 10, 10]);
  });

  it('keeps the first column when nothing else is left', () => {
    expect(fitColumns([col(40, 30), col(10)], 20).shown).toEqual([0]);
  });
});
