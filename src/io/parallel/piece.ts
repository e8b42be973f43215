import { RowConverter, type RowShape, type RowValidator } from '../../core/ingest/convert.js';
import type { ColumnMapping } from '../../core/ingest/columns.js';
import type { DateOrder, YearRange } from '../../core/values/date.js';
import type { NumberStyle } from '../../core/values/decimal.js';
import type { Problem } from '../../schema/problem.js';
import type { Kind } from '../../schema/rows.js';
import { csvRange } from '../source/csv.js';
import type { CsvRangeOptions } from '../source/types.js';
import type { RecordBoundary } from '../source/csv-core.js';
import { RowEncoder, type ColumnType, type EncodedRows } from './columns.js';

/** What every piece of one file shares: decided by the main thread from the file's first rows. */
export interface PieceSetup {
  csv: Omit<CsvRangeOptions, 'problems'>;
  shape: RowShape;
  width: number;
  convert: { file: string; mapping: ColumnMapping; timeZone: string; dateOrders: Record<string, DateOrder>; numberStyles: Record<string, NumberStyle>; years?: YearRange; problemLimit: number };
  /** the rows are consumed where they are read, instead of being handed over */
  sink?: SinkSetup;
}

/** A module (by URL) whose `openPieceConsumer(options)` consumes a piece's rows; `options` is plain data. */
export interface SinkSetup {
  module: string;
  options: unknown;
}

/** Consumes the rows of one piece, numbered from the piece's start, in file order. */
export interface PieceConsumer {
  add(row: Record<string, unknown>): void;
  /** what the rows built, as plain data, and the buffers to move rather than copy */
  finish(): { value: unknown; transfer: ArrayBuffer[] };
}

/**
 * The main thread's side of a sink: folds a piece's value into what it holds, in file order. `base` is
 * added to the piece's row numbers to make them the file's. False: refused, nothing changed; the piece
 * and the rest of the file are then read in order on the main thread.
 */
export interface PieceSink extends SinkSetup {
  merge(value: unknown, base: number): boolean;
}

const modules = new Map<string, Promise<{ openPieceConsumer(options: unknown): PieceConsumer }>>();

/** Loads a sink's module once per thread (a worker starts loading it before its first piece arrives). */
export function sinkModule(url: string) {
  let m = modules.get(url);
  if (!m) modules.set(url, (m = import(url)));
  return m;
}

/** One byte range; rows are numbered from `rowNo` + 1 (0 while the rows above are not yet counted). */
export interface PieceTask {
  index: number;
  from: RecordBoundary;
  to: number;
  rowNo: number;
}

export interface PieceResult {
  index: number;
  /** the task's rowNo: rows are numbered from it */
  rowNo: number;
  /** the rows handed over, or what the sink's consumer built of them */
  out: { encoded: EncodedRows } | { value: unknown };
  /** records read (blank and skipped ones too): the next piece's rows start after them */
  records: number;
  /** the range did not end on a record boundary: read on from here, in order */
  cut: RecordBoundary | null;
  /** bytes that are not UTF-8: the rows must be read again by the path that reports them */
  suspect: boolean;
  csvProblems: Problem[];
  convProblems: Problem[];
  convProblemCount: number;
  rowsIn: number;
  rowsOut: number;
  /** the latest date of the piece's kept rows (the staleness check reads the whole file's) */
  dataEnd: number | null;
  /** its rows per recent day (RecentDays.pairs) */
  recentDays: number[];
}

/**
 * The row schemas' validator, loaded on this thread when a row first fails the converter's fast check:
 * zod and the schemas cost a reading thread 0.1-0.2 s of start-up, and most files have no such row.
 */
const validators = new Map<Kind, Promise<RowValidator>>();
function loadValidator(kind: Kind): Promise<RowValidator> {
  let v = validators.get(kind);
  if (!v) validators.set(kind, (v = import('../../core/ingest/shape.js').then((m) => m.rowValidator(kind))));
  return v;
}

/** Every field a converted row may hold, with the type the converter gives it (labels are text). */
function fieldTypes(shape: RowShape): { key: string; type: ColumnType }[] {
  const meta = new Map(shape.fields.map((f) => [f.name, f.meta.kind]));
  return shape.keys
    .filter((k) => k !== 'row')
    .map((key) => {
      const m = meta.get(key);
      return { key, type: m === 'date' || m === 'number' || m === 'money' ? 'number' : m === 'boolean' ? 'boolean' : 'text' };
    });
}

/** The reading work of one thread: an encoder per setup, kept across pieces so its buffers grow once; or a sink's consumer per piece. */
export class PieceReader {
  private readonly encoder: RowEncoder | null;

  constructor(private readonly setup: PieceSetup) {
    this.encoder = setup.sink ? null : new RowEncoder(fieldTypes(setup.shape));
  }

  async read(task: PieceTask): Promise<{ result: PieceResult; transfer: ArrayBuffer[] }> {
    const s = this.setup;
    const csvProblems: Problem[] = [];
    const encoder = this.encoder;
    const consumer = s.sink ? (await sinkModule(s.sink.module)).openPieceConsumer(s.sink.options) : null;
    const emit = consumer ? (r: unknown) => consumer.add(r as Record<string, unknown>) : (r: unknown) => encoder!.add(r as Record<string, unknown>);
    const known = validators.get(s.shape.kind);
    const conv = new RowConverter(s.shape, { ...s.convert, dateFormat: 'auto' }, emit, known ? await known : null);
    const range = csvRange({ ...s.csv, problems: csvProblems }, task.from, task.to, {
      rowNo: task.rowNo,
      width: s.width,
      started: true,
      suspect: false,
      pending: null,
    });
    for await (const batch of range)
      for (const raw of batch) {
        conv.push(raw.row, raw.cells, raw.plain);
        if (conv.held) conv.settle(await loadValidator(s.shape.kind));
      }
    // Once set, the reader's suspect flag stays set: reading it at the end is enough.
    const end = range.end();
    let out: PieceResult['out'];
    let transfer: ArrayBuffer[];
    if (consumer) {
      const done = consumer.finish();
      out = { value: done.value };
      transfer = done.transfer;
    } else {
      const taken = encoder!.take();
      out = { encoded: taken.encoded };
      transfer = taken.transfer;
    }
    return {
      result: {
        index: task.index,
        rowNo: task.rowNo,
        out,
        records: end.resume.rowNo - task.rowNo,
        cut: task.to >= s.csv.size || end.clean ? null : end.boundary,
        suspect: end.resume.suspect,
        csvProblems,
        convProblems: conv.problems,
        convProblemCount: conv.problemCount,
        rowsIn: conv.rowsIn,
        rowsOut: conv.rowsOut,
        dataEnd: conv.dataEnd,
        recentDays: conv.recentDays.pairs(),
      },
      transfer,
    };
  }
}
