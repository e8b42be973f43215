import { basename } from 'node:path';
import { grouped, type Lang } from '../core/i18n.js';

/** Where progress goes and how time is read: stderr and the wall clock, replaced in tests. */
export interface ProgressOutput {
  write(text: string): void;
  now(): number;
}

/**
 * How far through its bytes a reader is; `size` is null when unknown (stdin, a workbook read by its parts).
 * `rows`: how many rows all readers have read, when threads read parts of the file whose rows the line
 * does not count (an estimate); else the rows counted by `row()` are shown.
 */
export type Position = () => { read: number; size: number | null; rows?: number };

/** Nothing shows before this: short reads (every fixture) never flicker a line. */
const QUIET_MS = 500;
/** At most 10 refreshes a second. */
const REFRESH_MS = 100;
/** The clock is looked at once per this many rows, so the per-row cost stays one increment and one compare. */
const ROWS_PER_LOOK = 1024;

export interface ReadProgress {
  row(): void;
  /** Clears the line: the report that follows starts on a clean terminal. */
  done(): void;
}


/** One line of stderr redrawn in place: nothing for QUIET_MS, then at most every REFRESH_MS; `done` clears it. */
function liveLine(out: ProgressOutput, text: (t: number, start: number) => string) {
  const start = out.now();
  let last = 0;
  let shown = false;
  return {
    tick(t = out.now()) {
      if (t - start < QUIET_MS || t - last < REFRESH_MS) return;
      out.write(`\r${text(t, start)}\x1b[K`);
      shown = true;
      last = t;
    },
    done() {
      if (shown) out.write('\r\x1b[K');
    },
  };
}

const STDERR: ProgressOutput = { write: (t) => process.stderr.write(t), now: Date.now };

/**
 * "perf: reading activity.csv · 523,000 rows · 210,000 rows/s · 47%" on one line of stderr, redrawn in place
 * while a long read runs. Only created for a terminal (the shell decides: TTY and no --quiet).
 */
export function readProgress(file: string, position: Position, out: ProgressOutput = STDERR, lang: Lang = 'en'): ReadProgress {
  let rows = 0;
  let nextLook = ROWS_PER_LOOK;
  const name = file === '-' ? 'stdin' : basename(file);
  const line = liveLine(out, (t, start) => {
    const { read, size, rows: all = rows } = position();
    const rate = all / Math.max(0.001, (t - start) / 1000);
    const pct = size ? ` · ${Math.min(100, Math.floor((read / size) * 100))}%` : '';
    return lang === 'zh'
      ? `perf：正在读取 ${name} · ${grouped(all)} 行 · ${grouped(rate)} 行/秒${pct}`
      : `perf: reading ${name} · ${grouped(all)} rows · ${grouped(rate)} rows/s${pct}`;
  });
  return {
    row() {
      if (++rows < nextLook) return;
      nextLook = rows + ROWS_PER_LOOK;
      line.tick();
    },
    done: line.done,
  };
}

export interface StepProgress {
  /** One more step done (a chart drawn, a row written). */
  step(): void;
  done(): void;
}

/**
 * The steps of a long piece of work after the read (drawing charts, writing a workbook's rows), on the same
 * redrawn line: `text` words how many are done. Only created for a terminal, like readProgress.
 */
export function stepProgress(text: (done: number) => string, out: ProgressOutput = STDERR): StepProgress {
  let steps = 0;
  let nextLook = 1;
  const line = liveLine(out, () => text(steps));
  return {
    step() {
      // The clock is looked at every step while steps are slow (charts), every 1,024 once they are fast (rows).
      if (++steps < nextLook) return;
      nextLook = steps + (steps >= ROWS_PER_LOOK ? ROWS_PER_LOOK : 1);
      line.tick();
    },
    done: line.done,
  };
}
