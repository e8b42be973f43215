/** What the readers deliver: the format's facts and a stream of raw rows (csv.ts and xlsx.ts implement it). */
import type { Cell } from '../../core/values/types.js';
import type { Problem } from '../../schema/problem.js';
import type { RecordBoundary } from './csv-core.js';

export interface SourceMeta {
  path: string; // as given by the user ('-' for stdin)
  format: 'csv' | 'xlsx';
  encoding?: string; // csv: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030' (what was detected or forced)
  delimiter?: string; // csv: ',' ';' '\t' '|'
  sheet?: string; // xlsx: the sheet read
  sheets?: string[]; // xlsx: all sheet names in order
  date1904?: boolean; // xlsx: the workbook uses the 1904 date system
}

/** row: the row number the user sees in Excel, counting every physical record from the top (a CSV record with embedded newlines is one row). */
export interface RawRow {
  row: number;
  cells: Cell[];
  /** no cell holds a control character (CSV: CsvCore's plain records); absent or false: not known */
  plain?: boolean;
}

export interface TableSource {
  meta: SourceMeta;
  /** The rows in the groups they were read in (a CSV chunk's rows): an await per row cost more than the row. Streams; may be iterated once. */
  batches(): AsyncIterable<readonly RawRow[]>;
  /** Structural problems found while reading (ragged rows, undecodable bytes, oversized cells …), appended as rows stream */
  problems: Problem[];
  /**
   * From the next chunk on, decode only these of the header's `width` columns (the mapped ones): the
   * others' fields come as UNREAD, or '' when empty (fields past the header are decoded, for the ragged-row
   * check). `parsed`: those of them whose text is parsed and dropped (CsvCore.parsed). CSV only; absent
   * where every cell is decoded anyway.
   */
  readOnly?(columns: readonly number[], width: number, parsed: readonly number[]): void;
  /** A UTF-8 CSV file (not stdin) can be read in byte ranges, by several threads. */
  ranges?: CsvRangeOptions & { rows(from: RecordBoundary, to: number, resume: CsvResume | null): CsvRangeRows };
}

export interface CsvResume {
  /** rows (records) before the part */
  rowNo: number;
  width: number;
  started: boolean;
  suspect: boolean;
  /** rows of the width sample not yet released (main thread only) */
  pending: RawRow[] | null;
}

/** Rows of a byte range of a UTF-8 CSV file, in batches as read (as TableSource.batches); after iterating, `end()` says where the last whole record ended. */
export interface CsvRangeRows extends AsyncIterable<readonly RawRow[]> {
  /** where the last whole record ended; clean: nothing of a next record was read */
  end(): { boundary: RecordBoundary; clean: boolean; resume: CsvResume };
}

export interface CsvRangeOptions {
  path: string;
  size: number;
  delimiter: string;
  maxCellBytes: number;
  /** of a UTF-8 byte-order mark, skipped when a range starts at 0 */
  bomLength: number;
  problems: Problem[];
  /** how each column is read, once known (TableSource.readOnly) */
  reads: ColumnReads;
}

/** Per column of the header, once it is mapped (TableSource.readOnly); null until then. */
export interface ColumnReads {
  /** no one reads it: not decoded (CsvCore.unread) */
  unread: readonly boolean[] | null;
  /** its text is parsed and dropped (CsvCore.parsed) */
  parsed: readonly boolean[] | null;
}
