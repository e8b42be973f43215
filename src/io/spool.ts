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
        const heads = sources.map((s) => s.next());
        for (;;) {
          // Few runs (entries ÷ budget): a linear scan for the least head is enough; the earliest run wins ties.
          let best = -1;
          for (let i = 0; i < heads.length; i++) {
            const h = heads[i];
            if (!h.done && (best < 0 || compare(h.value, heads[best].value as T) < 0)) best = i;
          }
          if (best < 0) return;
          yield heads[best].value as T;
          heads[best] = sources[best].next();
        }
      },
    };
  };
}

function* readRun<T>(fd: number, start: number, end: number): Generator<T, void, undefined> {
  const buffer = Buffer.alloc(1 << 16);
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
