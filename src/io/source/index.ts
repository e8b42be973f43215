import { extname } from 'node:path';
import type { Cell } from '../../core/values/types.js';
import { eachRow, openCsv } from './csv.js';
import { openInput } from './input.js';
import { cfbError, classify } from './sniff.js';
import type { RawRow, TableSource } from './types.js';

export type { RawRow, SourceMeta, TableSource } from './types.js';
export type { CsvRangeOptions, CsvRangeRows, CsvResume } from './types.js';
export type { RecordBoundary } from './csv-core.js';

export interface OpenOptions {
  encoding?: string; // --encoding: force one (utf-8, utf-16le, utf-16be, gb18030, gbk, latin1 …); else detect
  sheet?: string; // --sheet NAME or 1-based index N
  /** Called on each of the first rows of a sheet to pick "the first sheet with a recognisable header" when no --sheet is given */
  looksLikeHeader?: (cells: Cell[]) => boolean;
  maxUncompressedBytes?: number; // zip-bomb guard for xlsx, default 512 MiB per sheet part; refuse before unpacking
  maxCellBytes?: number; // default 10 MiB; a bigger field becomes a problem for that row, not a crash
  maxMemoryBytes?: number; // default 2 GiB of RSS while an XLSX's shared strings (all held in memory) are read
  stdin?: NodeJS.ReadableStream; // for path '-'
}

/**
 * An open table, its rows one by one (for small tables; big ones are read in batches), and how far
 * through its input bytes it is (a workbook streams its parts itself: size unknown).
 */
export type OpenTable = TableSource & { rows(): AsyncIterable<RawRow>; position: () => { read: number; size: number | null } };

const MiB = 1 << 20;

/** Opens a CSV or XLSX export, deciding the format from its bytes; throws PerfError (exit 2) for anything unreadable. */
export async function openTable(path: string, opts: OpenOptions = {}): Promise<OpenTable> {
  const input = await openInput(path, opts.stdin);
  const kind = classify(path, input.head, opts.encoding);
  if (kind === 'cfb') {
    const src = await input.random();
    try {
      const tailLength = Math.min(src.size, MiB);
      throw cfbError(path, [input.head, await src.read(src.size - tailLength, tailLength)]);
    } finally {
      await src.close();
    }
  }
  if (kind === 'zip') {
    // The XLSX reader (and saxes) load only for workbooks: CSV runs never pay for them.
    const { openXlsx } = await import('./xlsx.js');
    const table = await openXlsx(input, {
      sheet: opts.sheet,
      looksLikeHeader: opts.looksLikeHeader,
      maxUncompressedBytes: opts.maxUncompressedBytes ?? 512 * MiB,
      maxCellBytes: opts.maxCellBytes ?? 10 * MiB,
      maxMemoryBytes: opts.maxMemoryBytes ?? 2048 * MiB,
      extension: extname(path).toLowerCase(),
    });
    return Object.assign(table, { rows: () => eachRow(table.batches()), position: () => ({ read: 0, size: null }) });
  }
  const table = openCsv(input, opts.encoding, opts.maxCellBytes ?? 10 * MiB);
  return Object.assign(table, { rows: () => eachRow(table.batches()), position: input.position });
}
