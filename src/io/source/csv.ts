import { isUtf8 } from 'node:buffer';
import type iconvLite from 'iconv-lite';
import { bi } from '../../core/i18n.js';
import type { Problem } from '../../schema/problem.js';
import type { ColumnReads, CsvRangeOptions, CsvRangeRows, CsvResume, RawRow, TableSource } from './types.js';
import { iconv } from './iconv.js';
import { unreadable } from './fatal.js';
import { fileChunks, type ByteInput } from './input.js';
import { CsvCore, type RecordBoundary } from './csv-core.js';
import { completeUtf8Length, detectEncoding, sniffDelimiter } from './sniff.js';

/** Rows of the first 50 non-blank records decide the expected field count. */
const WIDTH_SAMPLE = 50;

/** Reads records from `from` to `to` (a byte range starting on a record boundary); the file must be UTF-8. */
export function csvRange(o: CsvRangeOptions, from: RecordBoundary, to: number, resume: CsvResume | null): CsvRangeRows {
  const chunks = fileChunks(o.path, from.at, to);
  const rows = new CsvRows(o.path, chunks, 'utf-8', true, o.bomLength, o.delimiter, o.maxCellBytes, o.problems, o.reads, { from, last: to >= o.size, resume });
  return {
    [Symbol.asyncIterator]: () => rows[Symbol.asyncIterator](),
    end: () => rows.rangeEnd(),
  };
}

export function openCsv(input: ByteInput, forcedEncoding: string | undefined, maxCellBytes: number): TableSource {
  const { encoding, bomLength } = detectEncoding(input.path, input.head, input.complete, forcedEncoding);
  const utf8 = encoding === 'utf-8' || encoding === 'utf-8-bom';
  const sample = utf8
    ? input.head.toString('utf8', bomLength, input.complete ? input.head.length : completeUtf8Length(input.head))
    : iconv().decode(input.head.subarray(bomLength), encoding, { stripBOM: false });
  const delimiter = sniffDelimiter(sample);
  const problems: Problem[] = [];
  const size = input.size;
  const reads: ColumnReads = { unread: null, parsed: null };
  return {
    meta: { path: input.path, format: 'csv', encoding, delimiter },
    problems,
    batches: () => new CsvRows(input.path, input.chunks(), encoding, utf8, bomLength, delimiter, maxCellBytes, problems, reads),
    readOnly: (columns, width, parsed) => {
      const read = new Set(columns);
      const dropped = new Set(parsed);
      reads.unread = Array.from({ length: width }, (_, col) => !read.has(col));
      reads.parsed = Array.from({ length: width }, (_, col) => dropped.has(col));
    },
    ranges:
      utf8 && size !== undefined
        ? (() => {
            const o: CsvRangeOptions = { path: input.path, size, delimiter, maxCellBytes, bomLength, problems, reads };
            return { ...o, rows: (from: RecordBoundary, to: number, resume: CsvResume | null) => csvRange(o, from, to, resume) };
          })()
        : undefined,
  };
}

const warn = (file: string, row: number, code: string, value: string | null, en: string, zh: string): Problem => ({
  file,
  row,
  column: null,
  value,
  code,
  message: bi(en, zh),
  severity: 'warning',
});

/** Row by row, from rows read in batches. */
export async function* eachRow(batches: AsyncIterable<readonly RawRow[]>): AsyncGenerator<RawRow> {
  for await (const batch of batches) yield* batch;
}

/** The rows of each chunk read, as one batch. */
class CsvRows implements AsyncIterableIterator<RawRow[]> {
  private readonly chunks: AsyncIterator<Buffer>;
  private readonly core: CsvCore;
  private readonly decoder: ReturnType<typeof iconvLite.getDecoder> | null;
  private batch: RawRow[] = [];
  private rowNo = 0;
  private finished = false;
  private first = true;
  /** Set once undecodable bytes were seen; from then on rows are checked for U+FFFD. */
  private suspect = false;
  private utf8Carry: Buffer | null = null;
  private oversized = false;
  /** the bytes being parsed (the carried field and the chunk) are no more than maxCellBytes, so no field pushed from them can be */
  private fits = true;
  private width = -1;
  /** The first full-width row (the header, usually) was seen; rows above it are titles and never ragged. */
  private started = false;
  private pending: RawRow[] | null = [];
  /** Set when reading a byte range: its last row may be cut, so it is left for whoever reads on. */
  private readonly range: { from: RecordBoundary; last: boolean } | null;

  constructor(
    private readonly path: string,
    chunks: AsyncIterable<Buffer>,
    private readonly encoding: string,
    utf8: boolean,
    private readonly bomLength: number,
    delimiter: string,
    private readonly maxCellBytes: number,
    private readonly problems: Problem[],
    private readonly reads: ColumnReads,
    range?: { from: RecordBoundary; last: boolean; resume: CsvResume | null },
  ) {
    this.chunks = chunks[Symbol.asyncIterator]();
    this.core = new CsvCore(delimiter, range?.from);
    this.decoder = utf8 ? null : iconv().getDecoder(encoding, { stripBOM: false });
    this.range = range ? { from: range.from, last: range.last } : null;
    if (range && range.from.at > 0) this.first = false;
    const r = range?.resume;
    if (r) {
      this.rowNo = r.rowNo;
      this.width = r.width;
      this.started = r.started;
      this.suspect = r.suspect;
      this.pending = r.pending;
    }
  }

  rangeEnd(): { boundary: RecordBoundary; clean: boolean; resume: CsvResume } {
    return {
      boundary: this.core.boundary(),
      clean: this.core.atRecordStart(),
      resume: { rowNo: this.rowNo, width: this.width, started: this.started, suspect: this.suspect, pending: this.pending },
    };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<RawRow[]>> {
    return this.refill();
  }

  async return(): Promise<IteratorResult<RawRow[]>> {
    this.finished = true;
    await this.chunks.return?.();
    return { done: true, value: undefined };
  }

  private async refill(): Promise<IteratorResult<RawRow[]>> {
    this.batch = [];
    while (this.batch.length === 0) {
      if (this.finished) return { done: true, value: undefined };
      let step: IteratorResult<Buffer>;
      try {
        step = await this.chunks.next();
      } catch (e) {
        throw unreadable(this.path, `reading failed (${(e as Error).message}).`, `读取失败（${(e as Error).message}）。`);
      }
      if (step.done) {
        this.finished = true;
        if (this.decoder) {
          const rest = this.decoder.end();
          if (rest) this.feed(this.toUtf8(rest));
        }
        // A range that stops inside the file leaves its cut record (and the width sample) to whoever reads on.
        if (this.range && !this.range.last) return { done: true, value: undefined };
        this.fits = this.core.state.field.length <= this.maxCellBytes;
        this.check(this.core.parse(undefined, true, this.push, noop));
        this.flushPending();
      } else {
        let chunk = step.value;
        if (this.first) {
          chunk = chunk.subarray(this.bomLength);
          this.first = false;
        }
        // A chunk is overwritten by the next one, and a decoder may hold bytes back (UTF-16 detection keeps whole chunks).
        this.feed(this.decoder ? this.toUtf8(this.decoder.write(Buffer.from(chunk))) : this.validated(chunk));
      }
    }
    return { done: false, value: this.batch };
  }

  private feed(buf: Buffer): void {
    // Bytes that are not valid text are looked for in every cell (checkBytes): from then on every field is decoded.
    this.core.unread = this.suspect ? null : this.reads.unread;
    this.core.parsed = this.suspect ? null : this.reads.parsed;
    this.fits = this.core.state.field.length + buf.length <= this.maxCellBytes;
    this.check(this.core.parse(buf, false, this.push, noop));
    // A field still growing past the limit is dropped as it grows, so memory stays bounded.
    const field = this.core.state.field;
    if (field.length > this.maxCellBytes) {
      this.oversized = true;
      field.reset();
    }
  }

  private toUtf8(text: string): Buffer {
    if (!this.suspect && text.includes('\uFFFD')) this.suspect = true;
    return Buffer.from(text, 'utf8');
  }

  /** UTF-8 input goes to the parser as is; a chunk that is not valid UTF-8 marks the file as mixing encodings. */
  private validated(chunk: Buffer): Buffer {
    if (this.suspect) return chunk;
    let start = 0;
    if (this.utf8Carry) {
      let k = 0;
      while (k < chunk.length && k < 3 && (chunk[k] & 0xc0) === 0x80) k++;
      if (!isUtf8(Buffer.concat([this.utf8Carry, chunk.subarray(0, k)]))) this.suspect = true;
      start = k;
      this.utf8Carry = null;
    }
    const end = completeUtf8Length(chunk);
    if (!isUtf8(chunk.subarray(start, end))) this.suspect = true;
    if (end < chunk.length) this.utf8Carry = Buffer.from(chunk.subarray(end));
    return chunk;
  }

  private check(err: Error | undefined): void {
    if (!err) return;
    if ((err as Error & { code?: string }).code === 'CSV_QUOTE_NOT_CLOSED') {
      const row = this.rowNo + 1;
      throw unreadable(
        this.path,
        `a quoted field that starts on row ${row} is never closed (a closing " is missing), so the rest of the file would be read as one cell. Fix the quotes in row ${row} or export the file again.`,
        `第 ${row} 行开始的带引号字段没有结束（缺少右引号 "），其后的内容会被当作一个单元格。请修正第 ${row} 行的引号，或重新导出文件。`,
      );
    }
    throw unreadable(this.path, `cannot parse the CSV (${err.message}).`, `无法解析 CSV（${err.message}）。`);
  }

  private readonly push = (cells: string[], plain: boolean): void => {
    const row = ++this.rowNo;
    const n = cells.length;
    if (this.oversized) {
      this.oversized = false;
      this.tooLarge(row);
      return;
    }
    let i = 0;
    while (i < n && cells[i] === '') i++;
    if (i === n) return;
    for (let j = this.fits ? n : i; j < n; j++) {
      const len = cells[j].length;
      if (len * 3 > this.maxCellBytes && Buffer.byteLength(cells[j]) > this.maxCellBytes) {
        this.tooLarge(row);
        return;
      }
    }
    if (this.suspect) this.checkBytes(row, cells);
    const raw: RawRow = { row, cells, plain };
    if (this.pending) {
      this.pending.push(raw);
      if (this.pending.length >= WIDTH_SAMPLE) this.flushPending();
      return;
    }
    if (n !== this.width) this.checkWidth(raw);
    this.batch.push(raw);
  };

  /** Decides the expected width from the sample, then releases it; rows above the first full-width one are titles. */
  private flushPending(): void {
    const sample = this.pending;
    if (!sample) return;
    this.pending = null;
    const freq = new Map<number, number>();
    let best = 0;
    for (const r of sample) {
      const f = (freq.get(r.cells.length) ?? 0) + 1;
      freq.set(r.cells.length, f);
      if (f > best) {
        best = f;
        this.width = r.cells.length;
      }
    }
    for (const r of sample) {
      if (!this.started && r.cells.length === this.width) this.started = true;
      else if (r.cells.length !== this.width) this.checkWidth(r);
      this.batch.push(r);
    }
  }

  private checkWidth(r: RawRow): void {
    if (!this.started) {
      if (r.cells.length !== this.width) return;
      this.started = true;
    }
    const n = r.cells.length;
    if (n > this.width && r.cells.slice(this.width).every((c) => c === '')) return;
    this.problems.push(
      warn(
        this.path,
        r.row,
        'ragged_row',
        null,
        `Row ${r.row} has ${n} fields but the table has ${this.width}; values may be shifted into the wrong columns. Check for a missing or extra delimiter.`,
        `第 ${r.row} 行有 ${n} 个字段，而表格有 ${this.width} 列；数值可能错位。请检查是否缺少或多出分隔符。`,
      ),
    );
  }

  private checkBytes(row: number, cells: string[]): void {
    const bad = cells.find((c) => c.includes('\uFFFD'));
    if (bad === undefined) return;
    this.problems.push(
      warn(
        this.path,
        row,
        'bad_bytes',
        bad.length > 200 ? `${bad.slice(0, 200)}…` : bad,
        `Row ${row} contains bytes that are not valid ${this.encoding} (shown as �): the file seems to mix encodings. Open it and save it again as CSV UTF-8.`,
        `第 ${row} 行含有不符合 ${this.encoding} 编码的字节（显示为 �）：文件似乎混用了多种编码。请打开后重新另存为 CSV UTF-8。`,
      ),
    );
  }

  private tooLarge(row: number): void {
    const limit = this.maxCellBytes;
    this.problems.push({
      file: this.path,
      row,
      column: null,
      value: null,
      code: 'cell_too_large',
      message: bi(
        `Row ${row} has a field larger than ${limit} bytes; the row was skipped. Check for a stray quote, or raise limits.maxCellMB.`,
        `第 ${row} 行有超过 ${limit} 字节的字段，已跳过该行。请检查是否有多余的引号，或调高 limits.maxCellMB。`,
      ),
      severity: 'error',
    });
  }
}

const noop = (): void => {};
