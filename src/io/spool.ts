import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Spool, SpoolFactory } from '../core/spool.js';

/**
 * Spools that keep at most `budget` entries on the heap: past it, the entries held are sorted and
 * appended to a temporary file as one run of JSON lines; reading merges the runs (and what is still in
 * memory), so the order is the in-memory spool's exactly: by the spool's order, ties in the order added.
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

    const spill = () => {
      held.sort(compare);
      const start = end;
      // A run is written in slices so no single string grows with the budget.
      for (let i = 0; i < held.length; i += 1024) {
        const text = held.slice(i, i + 1024).map((x) => `${JSON.stringify(x)}\n`).join('');
        end += writeSync(file(), text, end, 'utf8');
      }
      runs.push({ start, end });
      held = [];
    };

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
        held.sort(compare);
        const sources = [...runs.map((r) => readRun<T>(fd!, r.start, r.end)), held[Symbol.iterator]()];
        // A binary heap of the runs' current entries; the earlier run wins ties, so ties stay in the order added.
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
      },
    };
  };
}

function* readRun<T>(fd: number, start: number, end: number): Generator<T, void, undefined> {
  const buffer = Buffer.alloc(1 << 11);
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for (let pos = start; pos < end; ) {
    const n = readSync(fd, buffer, 0, Math.min(buffer.length, end - pos), pos);
    if (n === 0) break;
    pos += n;
    const text = rest + decoder.write(buffer.subarray(0, n));
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      yield JSON.parse(text.slice(from, nl)) as T;
      from = nl + 1;
    }
    rest = text.slice(from);
  }
}
