import { describe, expect, it } from 'vitest';
import { readProgress, stepProgress } from '../../src/io/progress.js';

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

  it('speaks Chinese when the run does', () => {
    let t = 0;
    const writes: string[] = [];
    const p = readProgress('/data/销售行为.csv', () => ({ read: 50, size: 100 }), { write: (s) => writes.push(s), now: () => (t += 10) }, 'zh');
    for (let i = 0; i < 200_000; i++) p.row();
    expect(writes[0]).toMatch(/^\rperf：正在读取 销售行为\.csv · [\d,]+ 行 · [\d,]+ 行\/秒 · 50%\x1b\[K$/);
  });

  it('counts the rows threads read on their own when the position says so, not only the rows it was shown', () => {
    // The main thread has taken 100,000 rows of its share, a third of the file: the threads have read as many each.
    let t = 0;
    const writes: string[] = [];
    let taken = 0;
    const p = readProgress('/data/activity.csv', () => ({ read: taken, size: 300_000, rows: taken * 3 }), { write: (s) => writes.push(s), now: () => (t += 10) });
    for (; taken < 100_000; ) {
      taken++;
      p.row();
    }
    // One look at the clock per 1,024 rows, 10 ms each: the last line drawn at 92,160 rows taken (90 looks,
    // 0.9 s), 30% of the share, and three times as many rows read in all: 276,480, 307,200 a second.
    expect(writes.at(-1)).toBe('\rperf: reading activity.csv · 276,480 rows · 307,200 rows/s · 30%\x1b[K');
  });

  it('leaves the percentage out when the size is unknown (stdin, workbooks)', () => {
    const lines = run(100_000, 0.02, null);
    expect(lines[0]).toMatch(/rows\/s\x1b\[K$/);
  });
});

describe('step progress', () => {
  /** `steps` steps of `msPerStep` each, on a fake terminal and clock. */
  function steps(count: number, msPerStep: number) {
    let t = 1_000_000;
    const writes: string[] = [];
    const p = stepProgress((n) => `perf: drawing charts · ${n} of ${count}`, { write: (s) => writes.push(s), now: () => t });
    for (let i = 0; i < count; i++) {
      t += msPerStep;
      p.step();
    }
    p.done();
    return writes;
  }

  it('stays silent when the work is short', () => {
    expect(steps(20, 10)).toEqual([]);
  });

  it('counts slow steps (404 charts at 40 ms) on one redrawn line, at most 10 times a second, then clears it', () => {
    const writes = steps(404, 40);
    const lines = writes.slice(0, -1);
    // 16 s shown of 16.2 s: at most 160 refreshes, and the count moves forward.
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.length).toBeLessThanOrEqual(160);
    expect(lines[0]).toMatch(/^\rperf: drawing charts · 1[23] of 404\x1b\[K$/);
    const counts = lines.map((l) => Number(/· (\d+) of/.exec(l)![1]));
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.at(-1)).toBeGreaterThanOrEqual(400);
    expect(writes.at(-1)).toBe('\r\x1b[K');
  });

  it('looks at the clock once per 1,024 fast steps (a workbook\'s rows) yet still redraws', () => {
    let looks = 0;
    let t = 0;
    const writes: string[] = [];
    // Each look at the clock finds 1 ms gone.
    const p = stepProgress((n) => String(n), { write: (s) => writes.push(s), now: () => (looks++, (t += 1)) });
    for (let i = 0; i < 1_000_000; i++) p.step();
    expect(looks).toBeLessThan(3000);
    expect(writes.length).toBeGreaterThan(0);
  });
});
