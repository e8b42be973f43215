import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Spool, SpoolFactory } from '../core/spool.js';

/**
 * Spools that keep at most `budget` entries on the heap: past it, the entries held are sorted and
 * appended to a temporary file as one run of JSON lines; the first reading merges the runs (and what is
 * still in memory) into one run, so the order is the in-memory spool's exactly: by the spool's order, ties
 * in the order added.
 * The file is removed as soon as it is opened where the system allows it (Linux, macOS), else at exit.
 */
export function fileSpool(budget: number, dir = tmpdir()): SpoolFactory {
  return <T>(compare: (a: T, b: T) => number): Spool<T> => {
    let held: T[] = [];
    let count = 0;
    let fd: number | undefined;
    let end = 0;
    const runs: { start: number; end: number }[] = [];

    const file = (): number => {
      if (fd !== undefined) return fd;
      const folder = mkdtempSync(join(dir, 'perf-spool-'));
      const opened = openSync(join(folder, 'entries.jsonl'), 'w+');
      const remove = () => rmSync(folder, { recursive: true, force: true });
      try {
        remove();
      } catch {
        process.once('exit', () => {
          closeSync(opened);
          remove();
        });
      }
      return (fd = opened);
    };

    /** Appends `items` (sorted) as one run of JSON lines, written in slices so no single string grows with the run. */
    const writeRun = (items: Iterable<T>): { start: number; end: number } => {
      const start = end;
      let slice: string[] = [];
      const flush = () => {
        end += writeSync(file(), slice.join(''), end, 'utf8');
        slice = [];
      };
      for (const x of items) {
        slice.push(`${JSON.stringify(x)}\n`);
        if (slice.length === 1024) flush();
      }
      if (slice.length) flush();
      return { start, end };
    };

    const spill = () => {
      held.sort(compare);
      runs.push(writeRun(held));
      held = [];
    };

    /** The runs and what is still held, merged by a binary heap of each one's current entry; the earlier run wins ties, so ties stay in the order added. */
    function* merged(): Generator<T, void, undefined> {
      held.sort(compare);
      const sources = [...runs.map((r) => readRun<T>(fd!, r.start, r.end)), held[Symbol.iterator]()];
      const heap: { value: T; run: number }[] = [];
      const less = (a: { value: T; run: number }, b: { value: T; run: number }) => {
        const c = compare(a.value, b.value);
        return c < 0 || (c === 0 && a.run < b.run);
      };
      const siftDown = (i: number) => {
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < heap.length && less(heap[l], heap[m])) m = l;
          if (r < heap.length && less(heap[r], heap[m])) m = r;
          if (m === i) return;
          [heap[i], heap[m]] = [heap[m], heap[i]];
          i = m;
        }
      };
      sources.forEach((s, run) => {
        const h = s.next();
        if (!h.done) heap.push({ value: h.value, run });
      });
      for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i);
      while (heap.length) {
        const top = heap[0];
        yield top.value;
        const h = sources[top.run].next();
        if (h.done) {
          const last = heap.pop()!;
          if (!heap.length) return;
          heap[0] = last;
        } else heap[0] = { value: h.value, run: top.run };
        siftDown(0);
      }
    }

    return {
      get length() {
        return count;
      },
      push(item) {
        held.push(item);
        count++;
        if (held.length >= budget) spill();
      },
      *[Symbol.iterator]() {
        // The first reading merges the runs into a single one, written back to the file: every reading (an
        // output reads its entries two or three times) then streams one run in order. Merged while the
        // output works, each run's buffered entries wait for all the other runs, outlive V8's young
        // generation and grow the old one (measured: whole-log workbook).
        if (runs.length > 1 || (runs.length === 1 && held.length)) {
          const run = writeRun(merged());
          runs.splice(0, runs.length, run);
          held = [];
        }
        if (runs.length) yield* readRun<T>(fd!, runs[0].start, runs[0].end);
        else yield* held.sort(compare);
      },
    };
  };
}

/**
 * The entries of one run. Its bytes are buffered outside the JS heap and each line is decoded only when
 * its entry is wanted: in a merge, a run's buffer waits for every other run, and as a string it outlived
 * V8's young generation and was promoted, growing the heap with garbage (measured on the whole log).
 * A newline byte never occurs inside a UTF-8 sequence, so lines are split on the bytes.
 */
function* readRun<T>(fd: number, start: number, end: number): Generator<T, void, undefined> {
  const buffer = Buffer.alloc(1 << 14);
  let rest: Buffer | null = null;
  for (let pos = start; pos < end; ) {
    const n = readSync(fd, buffer, 0, Math.min(buffer.length, end - pos), pos);
    if (n === 0) break;
    pos += n;
    const chunk = buffer.subarray(0, n);
    let from = 0;
    for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, from)) {
      const line: Buffer = rest ? Buffer.concat([rest, chunk.subarray(from, nl)]) : chunk.subarray(from, nl);
      rest = null;
      from = nl + 1;
      yield JSON.parse(line.toString('utf8')) as T;
    }
    // The buffer is read into again: a line's start carried over is copied.
    if (from < n) rest = rest ? Buffer.concat([rest, chunk.subarray(from)]) : Buffer.from(chunk.subarray(from));
  }
}
