import { describe, expect, it } from 'vitest';
import { readProgress } from '../../src/io/progress.js';

/** A fake terminal and clock: each row takes `msPerRow` milliseconds. */
function run(rows: number, msPerRow: number, size: number | null) {
  let t = 1_000_000;
  const writes: string[] = [];
  let read = 0;
  const p = readProgress('/data/activity.csv', () => ({ read, size }), { write: (s) => writes.push(s), now: () => t });
  for (let i = 1; i <= rows; i++) {
    t += msPerRow;
    read = size ? Math.round((i / rows) * size) : 0;
    p.row();
  }
  p.done();
  return writes;
}

describe('read progress', () => {
  it('stays silent on a short read', () => {
    expect(run(5000, 0.05, 1000)).toEqual([]);
  });

  it('shows rows, rate and share of bytes on one redrawn line, at most 10 times a second, then clears it', () => {
    // 200,000 rows at 10 µs each: 2 s of reading, 100,000 rows/s.
    const writes = run(200_000, 0.01, 8_000_000);
    const lines = writes.slice(0, -1);
    expect(lines.length).toBeGreaterThan(5);
    // 1.5 s shown (after the first 0.5 s): at most 15 refreshes, plus one for rounding at the edges.
    expect(lines.length).toBeLessThanOrEqual(16);
    expect(lines.every((l) => l.startsWith('\rperf: reading activity.csv · ') && l.endsWith('\x1b[K'))).toBe(true);
    expect(lines.at(-1)).toMatch(/· 1\d\d,\d{3} rows · 100,000 rows\/s · (9\d|100)%/);
    expect(writes.at(-1)).toBe('\r\x1b[K');
  });

  it('leaves the percentage out when the size is unknown (stdin, workbooks)', () => {
    const lines = run(100_000, 0.02, null);
    expect(lines[0]).toMatch(/rows\/s\x1b\[K$/);
  });
});
