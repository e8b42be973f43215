import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Spool, SpoolFactory } from '../core/spool.js';

/**
 * Spools that keep their entries off the JS heap: each entry is written as a JSON line into a buffer as
 * it is pushed; past `budget` entries the lines are sorted and appended to a temporary file as one run;
 * the first reading merges the runs (and what is still held) into one run, so the order is the in-memory
 * spool's exactly: by the spool's order, ties in the order added.
 * Entries held as objects until the spill outlived V8's young-generation collections, and V8 then
 * allocated every later entry from the same code straight into the old generation (allocation-site
 * pretenuring): on the 200-rep whole log the misses and point audit left ~70 MB of old-space garbage.
 * The file is removed as soon as it is opened where the system allows it (Linux, macOS), else at exit.
 */
export function fileSpool(budget: number, dir = tmpdir()): SpoolFactory {
  return <T>(compare: (a: T, b: T) => number): Spool<T> => {
    let held = Buffer.allocUnsafe(1 << 16);
    let heldBytes = 0;
    /** where each held line ends in `held` (after its newline) */
    const ends: number[] = [];
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

    const append = (bytes: Uint8Array, length: number): void => {
      for (let done = 0; done < length; ) done += writeSync(file(), bytes, done, length - done, end + done);
      end += length;
    };

    /** The held entries in the spool's order, each with its line's bytes in `held`; Array.prototype.sort is stable, so ties keep the order added. */
    const heldSorted = (): { value: T; from: number; to: number }[] =>
      ends
        .map((to, i) => {
          const from = i ? ends[i - 1] : 0;
          return { value: JSON.parse(held.toString('utf8', from, to - 1)) as T, from, to };
        })
        .sort((a, b) => compare(a.value, b.value));

    /** Appends the held lines, sorted, as one run: their bytes are copied, never written again as JSON. */
    const spill = () => {
      const start = end;
      const out = Buffer.allocUnsafe(heldBytes);
      let at = 0;
      for (const line of heldSorted()) at += held.copy(out, at, line.from, line.to);
      append(out, at);
      runs.push({ start, end });
      heldBytes = 0;
      ends.length = 0;
    };

    /** The runs merged into one run at the end of the file, by a binary heap of each one's current line; the earlier run wins ties, so ties stay in the order added. */
    const mergeRuns = (): { start: number; end: number } => {
      const start = end;
      const out = Buffer.allocUnsafe(1 << 16);
      let at = 0;
      const put = (line: Buffer) => {
        if (at + line.length + 1 > out.length) {
          append(out, at);
          at = 0;
        }
        if (line.length + 1 > out.length) {
          append(line, line.length);
          out[at++] = 10;
        } else {
          at += line.copy(out, at);
          out[at++] = 10;
        }
      };
      const sources = runs.map((r) => runLines(fd!, r.start, r.end));
      type Head = { value: T; line: Buffer; run: number };
      const heap: Head[] = [];
      const head = (run: number): Head | null => {
        const h = sources[run].next();
        return h.done ? null : { value: JSON.parse(h.value.toString('utf8')) as T, line: h.value, run };
      };
      const less = (a: Head, b: Head) => {
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
      sources.forEach((_, run) => {
        const h = head(run);
        if (h) heap.push(h);
      });
      for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i);
      while (heap.length) {
        // A line is a view of its run's read buffer: copied out before that run reads on.
        put(heap[0].line);
        const next = head(heap[0].run);
        if (next) heap[0] = next;
        else {
          const last = heap.pop()!;
          if (!heap.length) break;
          heap[0] = last;
        }
        siftDown(0);
      }
      append(out, at);
      return { start, end };
    };

    return {
      get length() {
        return count;
      },
      push(item) {
        const line = `${JSON.stringify(item)}\n`;
        // A UTF-16 unit takes at most three bytes in UTF-8.
        if (heldBytes + 3 * line.length > held.length) {
          const grown = Buffer.allocUnsafe(Math.max(2 * held.length, heldBytes + 3 * line.length));
          held.copy(grown, 0, 0, heldBytes);
          held = grown;
        }
        heldBytes += held.write(line, heldBytes);
        ends.push(heldBytes);
        count++;
        if (ends.length >= budget) spill();
      },
      *[Symbol.iterator]() {
        if (!runs.length) {
          for (const line of heldSorted()) yield line.value;
          return;
        }
        // The first reading merges the runs into a single one, written back to the file: every reading (an
        // output reads its entries two or three times) then streams one run in order.
        if (ends.length) spill();
        if (runs.length > 1) runs.splice(0, runs.length, mergeRuns());
        for (const line of runLines(fd!, runs[0].start, runs[0].end)) yield JSON.parse(line.toString('utf8')) as T;
      },
    };
  };
}

/**
 * The lines of one run, without their newlines. Its bytes are buffered outside the JS heap and each line
 * is decoded only when its entry is wanted: in a merge, a run's buffer waits for every other run, and as
 * a string it outlived V8's young generation and was promoted, growing the heap with garbage (measured on
 * the whole log). A line is a view of the read buffer, valid until the next line is asked for.
 * A newline byte never occurs inside a UTF-8 sequence, so lines are split on the bytes.
 */
function* runLines(fd: number, start: number, end: number): Generator<Buffer, void, undefined> {
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
      yield line;
    }
    // The buffer is read into again: a line's start carried over is copied.
    if (from < n) rest = rest ? Buffer.concat([rest, chunk.subarray(from)]) : Buffer.from(chunk.subarray(from));
  }
}
