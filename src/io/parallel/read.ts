/**
 * Reading a large UTF-8 CSV on every core. The main thread reads the first piece itself (header, date
 * orders, table width are decided there, exactly as a serial read decides them), then hands the other
 * pieces to reading threads and takes their rows back in file order, so whoever consumes the rows sees
 * the same rows, row numbers and problems, in the same order, as from one serial pass. With a sink, the
 * threads consume their rows themselves and only what those built comes back (merged in file order),
 * while the main thread reads on up to the first handed-out piece.
 */
import { Worker } from 'node:worker_threads';
import type { RowConverter } from '../../core/ingest/convert.js';
import type { Problem } from '../../schema/problem.js';
import type { Kind } from '../../schema/rows.js';
import type { CsvResume, RawRow, RecordBoundary, TableSource } from '../source/index.js';
import { decodeRows } from './columns.js';
import { PieceReader, type PieceResult, type PieceSetup, type PieceSink, type PieceTask } from './piece.js';

export interface Runner {
  setup(s: PieceSetup): void;
  run(task: PieceTask): Promise<PieceResult>;
  /** no more pieces will come: each thread ends as soon as its own are back, its memory freed */
  drain(): void;
  close(): Promise<void>;
}

/** Runs pieces on the calling thread (tests; and re-reading one piece whose rows must be numbered). */
export class InProcessRunner implements Runner {
  private reader: PieceReader | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  setup(s: PieceSetup): void {
    this.reader = new PieceReader(s);
  }

  run(task: PieceTask): Promise<PieceResult> {
    const p = this.queue.then(async () => {
      return (await this.reader!.read(task)).result;
    });
    this.queue = p.catch(() => {});
    return p;
  }

  drain(): void {}

  async close(): Promise<void> {}
}

interface Slot {
  worker: Worker;
  /** the piece sent whose result is not back (one at a time) */
  busy: PieceTask | null;
}

type Waiter = { resolve: (v: PieceResult) => void; reject: (e: Error) => void };

/** One worker thread per core; started before the first piece is read so their start-up overlaps it. */
export class WorkerRunner implements Runner {
  private readonly slots: Slot[];
  private readonly todo: PieceTask[] = [];
  private readonly waiting = new Map<number, Waiter>();
  private dead = false;
  private draining = false;

  /** `sink`: the module of the setup's sink, loaded as the thread starts */
  constructor(threads: number, sink?: string) {
    const url = new URL('./worker.js', import.meta.url);
    this.slots = Array.from({ length: threads }, () => {
      const slot: Slot = { worker: new Worker(url, { workerData: { sink } }), busy: null };
      slot.worker.on('message', (m: { ok: true; result: PieceResult } | { ok: false; index: number; error: string }) => {
        slot.busy = null;
        const index = m.ok ? m.result.index : m.index;
        const w = this.waiting.get(index);
        this.waiting.delete(index);
        if (m.ok) w?.resolve(m.result);
        else w?.reject(new Error(m.error));
        this.dispatch();
        if (this.draining && !slot.busy) void slot.worker.terminate();
      });
      slot.worker.on('error', (e) => {
        // A thread that died takes no more pieces: every piece not yet back is read on in order instead.
        this.dead = true;
        this.todo.length = 0;
        for (const w of this.waiting.values()) w.reject(e);
        this.waiting.clear();
      });
      return slot;
    });
  }

  setup(s: PieceSetup): void {
    for (const slot of this.slots) slot.worker.postMessage({ setup: s });
  }

  run(task: PieceTask): Promise<PieceResult> {
    return new Promise((resolve, reject) => {
      if (this.dead) return reject(new Error('a reading thread failed'));
      this.waiting.set(task.index, { resolve, reject });
      this.todo.push(task);
      this.dispatch();
    });
  }

  drain(): void {
    this.draining = true;
    for (const slot of this.slots) if (!slot.busy && !this.todo.length) void slot.worker.terminate();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy || !this.todo.length) continue;
      const task = this.todo.shift()!;
      slot.busy = task;
      slot.worker.postMessage({ task });
    }
  }

  async close(): Promise<void> {
    for (const w of this.waiting.values()) w.reject(new Error('closed'));
    this.waiting.clear();
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

export interface RestOfFile {
  ranges: NonNullable<TableSource['ranges']>;
  /** where the first piece (read by the main thread) ended */
  boundary: RecordBoundary;
  resume: CsvResume;
  /** piece ends after the first piece, ascending, the last one the file size; with a sink the first of them ends the main thread's own range */
  cuts: number[];
  converter: RowConverter<Kind>;
  /** the table's structural problems, in row order */
  problems: Problem[];
  setup: PieceSetup;
  runner: Runner;
  /** how many pieces may be read ahead of the one being consumed */
  window: number;
  /** the serial path: a raw row into the converter */
  take: (raw: RawRow) => void;
  onRow: (row: Record<string, unknown>) => void;
  /** the pieces' rows are consumed on their threads (setup.sink) and merged here */
  sink?: PieceSink;
}

/** Reads the file after the first piece: in parallel pieces, or on in order from a point they cannot handle. */
export async function readRest(r: RestOfFile): Promise<void> {
  const tasks: PieceTask[] = [];
  const ownTo = r.sink ? r.cuts[0] : null;
  let at = ownTo === null ? r.boundary : { at: ownTo, skipLf: false };
  for (const to of ownTo === null ? r.cuts : r.cuts.slice(1)) {
    if (to <= at.at) continue;
    tasks.push({ index: tasks.length, from: at, to, rowNo: 0 });
    at = { at: to, skipLf: false };
  }
  r.runner.setup(r.setup);
  const started: Promise<PieceResult>[] = [];
  const ahead = (upTo: number) => {
    for (let i = started.length; i < Math.min(tasks.length, upTo); i++) {
      const p = r.runner.run(tasks[i]);
      p.catch(() => {}); // consumed (and its failure handled) in order below
      started.push(p);
    }
  };
  let rowNo = r.resume.rowNo;
  let local: InProcessRunner | null = null;
  const serialFrom = async (from: RecordBoundary, resume: CsvResume) => {
    for await (const batch of r.ranges.rows(from, r.ranges.size, resume)) for (const raw of batch) r.take(raw);
  };
  const fresh = (): CsvResume => ({ rowNo, width: r.resume.width, started: true, suspect: false, pending: null });
  try {
    if (ownTo !== null) {
      ahead(tasks.length);
      // Every piece is out: a worker ends as its piece comes back, its heap freed while this thread reads on.
      r.runner.drain();
      const mine = r.ranges.rows(r.boundary, ownTo, r.resume);
      for await (const batch of mine) for (const raw of batch) r.take(raw);
      const end = mine.end();
      if (!end.clean) return await serialFrom(end.boundary, end.resume);
      rowNo = end.resume.rowNo;
    }
    for (let i = 0; i < tasks.length; i++) {
      ahead(i + 1 + r.window);
      let got: PieceResult;
      try {
        got = await started[i];
      } catch {
        return await serialFrom(tasks[i].from, fresh());
      }
      if (got.suspect) return await serialFrom(tasks[i].from, fresh());
      // CSV problems word their row numbers: read such a piece again, numbered, on this thread.
      if (got.csvProblems.length && rowNo !== tasks[i].rowNo) {
        if (!local) {
          local = new InProcessRunner();
          local.setup(r.setup);
        }
        got = await local.run({ ...tasks[i], rowNo });
      }
      if (!merge(r, got, rowNo)) return await serialFrom(tasks[i].from, fresh());
      rowNo += got.records;
      if (got.cut) return await serialFrom(got.cut, fresh());
    }
  } finally {
    await r.runner.close();
  }
}

/** Takes a piece in, after the pieces before it; false when the sink refused it (nothing taken). */
function merge(r: RestOfFile, res: PieceResult, rowNo: number): boolean {
  const base = rowNo - res.rowNo;
  if ('encoded' in res.out) decodeRows(res.out.encoded, base, r.onRow);
  else if (!r.sink!.merge(res.out.value, base)) return false;
  r.problems.push(...res.csvProblems);
  const conv = r.converter;
  for (const p of res.convProblems) conv.problem({ ...p, row: p.row === null ? null : p.row + base });
  conv.problemCount += res.convProblemCount - res.convProblems.length;
  conv.rowsIn += res.rowsIn;
  conv.rowsOut += res.rowsOut;
  if (res.dataEnd !== null && (conv.dataEnd === null || res.dataEnd > conv.dataEnd)) conv.dataEnd = res.dataEnd;
  conv.recentDays.merge(res.recentDays);
  return true;
}
