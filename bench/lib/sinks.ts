import { closeSync, openSync, writeSync } from 'node:fs';
import iconv from 'iconv-lite';
import type { Table } from './render.js';

export type Encoding = 'utf-8' | 'gb18030';

/** Where encoded CSV bytes go: a file descriptor, or memory (tests compare bytes). */
export interface ByteOutput {
  write(bytes: Buffer): void;
  close(): void;
}

export function fileOutput(path: string): ByteOutput {
  const fd = openSync(path, 'w');
  return {
    write: (b) => {
      for (let off = 0; off < b.length; ) off += writeSync(fd, b, off);
    },
    close: () => closeSync(fd),
  };
}

export function memoryOutput(): ByteOutput & { bytes(): Buffer } {
  const parts: Buffer[] = [];
  return { write: (b) => void parts.push(b), close: () => undefined, bytes: () => Buffer.concat(parts) };
}

export interface CsvOptions {
  encoding?: Encoding;
  /** Excel on Windows writes CRLF; CRM exports mostly LF. */
  eol?: '\n' | '\r\n';
}

const CHUNK_CHARS = 1 << 20;

/** Streams a table as CSV in ~1 MB chunks; returns the number of data rows. */
export function writeCsv<T>(table: Table<T>, records: Iterable<T>, out: ByteOutput, o: CsvOptions = {}): number {
  const eol = o.eol ?? '\n';
  const encode = o.encoding === 'gb18030' ? (s: string) => iconv.encode(s, 'gb18030') : (s: string) => Buffer.from(s, 'utf8');
  let chunk = table.headers.join(',') + eol;
  let rows = 0;
  try {
    for (const rec of records) {
      chunk += table.line(rec) + eol;
      rows++;
      if (chunk.length > CHUNK_CHARS) {
        out.write(encode(chunk));
        chunk = '';
      }
    }
    if (chunk.length > 0) out.write(encode(chunk));
  } finally {
    out.close();
  }
  return rows;
}

export interface XlsxOptions {
  sheet: string;
  /** A title line above the header, followed by a blank row, as hand-kept sheets have. */
  title?: string;
}

/** Streams a table into an XLSX file with exceljs' WorkbookWriter; dates become real date cells. */
export async function writeXlsx<T>(table: Table<T>, records: Iterable<T>, path: string, o: XlsxOptions): Promise<number> {
  // exceljs is heavy to load; CSV runs never pay for it.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  // Fixed document dates keep regenerated files comparable.
  wb.created = wb.modified = new Date(Date.UTC(2026, 0, 1));
  const ws = wb.addWorksheet(o.sheet);
  ws.columns = table.headers.map((_, i) => ({ width: table.widths[i] ?? 14, style: table.numFmts[i] ? { numFmt: table.numFmts[i] } : {} }));
  if (o.title !== undefined) {
    const title = ws.addRow([o.title]);
    title.font = { bold: true, size: 14 };
    title.commit();
    ws.addRow([]).commit();
  }
  const header = ws.addRow(table.headers);
  header.font = { bold: true };
  header.commit();
  let rows = 0;
  for (const rec of records) {
    ws.addRow(table.cells(rec)).commit();
    // Let the zip stream drain now and then, so memory stays flat on large sheets.
    if (++rows % 5000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  ws.commit();
  await wb.commit();
  return rows;
}
