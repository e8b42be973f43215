import { createReadStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createInflateRaw } from 'node:zlib';
import { PerfError } from '../../core/errors.js';
import type { Cell } from '../../core/values/types.js';
import type { Problem } from '../../schema/problem.js';
import type { ByteInput } from './input.js';
import type { RawRow, TableSource } from './types.js';
import { isProblem, readDateStyles, readSharedStrings, sheetRows, type CellContext, type SheetItem } from './xlsx-xml.js';
import { mib, unreadable } from './fatal.js';
import { entryDataStart, readZipDirectory, readZipEntry, type ZipEntry } from './zip.js';

export interface XlsxOptions {
  sheet?: string;
  looksLikeHeader?: (cells: Cell[]) => boolean;
  maxUncompressedBytes: number;
  maxCellBytes: number;
  maxMemoryBytes: number;
  extension: string;
}

interface SheetInfo {
  name: string;
  /** The zip part holding the sheet, e.g. xl/worksheets/sheet1.xml */
  part: string;
  hidden: boolean;
}

/** A zip entry located for streaming straight from the file. */
interface PackedPart {
  name: string;
  method: number;
  start: number;
  compressedSize: number;
}

interface WorkbookInfo {
  sheets: SheetInfo[];
  date1904: boolean;
  /** The parts every sheet depends on, read before any sheet. */
  sharedStrings?: PackedPart;
  styles?: PackedPart;
  /** every worksheet part, so a sheet is inflated by our own stream, whose errors surface */
  worksheets: Map<string, PackedPart>;
}

/** Rows of a sheet probed for a header when no --sheet is given. */
const PROBE_ROWS = 30;
const SMALL_PART = 64 << 20;

export async function openXlsx(input: ByteInput, opts: XlsxOptions): Promise<TableSource> {
  const book = await inspect(input, opts);
  const problems: Problem[] = [];
  const meta = { path: input.path, format: 'xlsx' as const, sheets: book.sheets.map((s) => s.name), date1904: book.date1904, sheet: '' };
  let opened: OpenedSheet;
  if (opts.sheet !== undefined) {
    opened = await openSheet(input, book, opts, resolveSheet(input.path, book, opts.sheet));
  } else {
    opened = await chooseSheet(input, book, opts);
  }
  meta.sheet = opened.sheet.name;
  let used = false;
  return {
    meta,
    problems,
    batches: () => {
      if (used) throw new Error('batches() may be iterated once');
      used = true;
      return opened.batches(problems);
    },
  };
}

/** Reads the zip directory and workbook.xml before any sheet is unpacked; refuses other zip formats and oversized parts. */
async function inspect(input: ByteInput, opts: XlsxOptions): Promise<WorkbookInfo> {
  const path = input.path;
  const src = await input.random();
  try {
    const entries = await readZipDirectory(path, src);
    const byName = new Map(entries.map((e) => [e.name, e]));
    const workbook = byName.get('xl/workbook.xml');
    if (!workbook) throw await otherZip(path, src, entries, byName.get('mimetype'));
    for (const e of entries) {
      const guarded = e.name === 'xl/sharedStrings.xml' || (e.name.startsWith('xl/worksheets/') && e.name.endsWith('.xml'));
      if (guarded && e.uncompressedSize > opts.maxUncompressedBytes) throw tooBig(path, e.name, e.uncompressedSize, opts.maxUncompressedBytes);
    }
    const xml = (await readZipEntry(path, src, workbook, SMALL_PART)).toString('utf8');
    const relsEntry = byName.get('xl/_rels/workbook.xml.rels');
    const rels = relsEntry ? (await readZipEntry(path, src, relsEntry, SMALL_PART)).toString('utf8') : '';
    const targets = new Map<string, string>();
    for (const tag of rels.match(/<(\w+:)?Relationship\b[^>]*>/g) ?? []) {
      const id = attr(tag, 'Id');
      const target = attr(tag, 'Target');
      if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
    }
    const sheets: SheetInfo[] = [];
    for (const tag of xml.match(/<(\w+:)?sheet\b[^>]*>/g) ?? []) {
      const rid = tag.match(/\br:id="([^"]*)"/)?.[1] ?? attr(tag, 'id') ?? '';
      const state = attr(tag, 'state');
      sheets.push({ name: attr(tag, 'name') ?? '', part: targets.get(rid) ?? '', hidden: state === 'hidden' || state === 'veryHidden' });
    }
    const pr = xml.match(/<(\w+:)?workbookPr\b[^>]*>/)?.[0] ?? '';
    const d1904 = attr(pr, 'date1904');
    if (sheets.length === 0) throw unreadable(path, 'this workbook has no sheets. Open it in Excel or WPS and save it again as .xlsx.', '此工作簿没有工作表。请用 Excel 或 WPS 打开后重新另存为 .xlsx。');
    const packed = async (name: string): Promise<PackedPart | undefined> => {
      const e = byName.get(name);
      return e && { name, method: e.method, start: await entryDataStart(path, src, e), compressedSize: e.compressedSize };
    };
    return {
      sheets,
      date1904: d1904 === '1' || d1904 === 'true',
      sharedStrings: await packed('xl/sharedStrings.xml'),
      styles: await packed('xl/styles.xml'),
      worksheets: new Map(
        await Promise.all(
          entries.filter((e) => e.name.startsWith('xl/worksheets/') && e.name.endsWith('.xml')).map(async (e) => [e.name, (await packed(e.name))!] as const),
        ),
      ),
    };
  } finally {
    await src.close();
  }
}

const attr = (tag: string, name: string): string | undefined => {
  const m = tag.match(new RegExp(`\\s${name}="([^"]*)"`));
  return m ? xmlText(m[1]) : undefined;
};

const xmlText = (s: string): string =>
  s.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-fA-F]+|#\d+);/g, (_, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : e === 'quot' ? '"' : e === 'apos' ? "'" : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)),
  );

async function otherZip(path: string, src: Parameters<typeof readZipEntry>[1], entries: ZipEntry[], mimetype: ZipEntry | undefined): Promise<Error> {
  if (entries.some((e) => e.name.startsWith('Index/'))) {
    return unreadable(path, 'this is an Apple Numbers file, which perf cannot read. In Numbers choose File → Export To → Excel… (or CSV…) and give perf the exported file.', '这是 Apple Numbers 文件，perf 无法读取。请在 Numbers 中选择 文件 → 导出为 → Excel…（或 CSV…），再使用导出的文件。');
  }
  const type = mimetype && mimetype.uncompressedSize < 200 ? (await readZipEntry(path, src, mimetype, 1024)).toString('latin1') : '';
  if (type.startsWith('application/vnd.oasis.opendocument.spreadsheet')) {
    return unreadable(path, 'this is an OpenDocument spreadsheet (.ods), which perf cannot read. Open it in LibreOffice, WPS or Excel and save it as .xlsx or CSV (UTF-8).', '这是 OpenDocument 表格（.ods），perf 无法读取。请用 LibreOffice、WPS 或 Excel 打开，另存为 .xlsx 或 CSV（UTF-8）。');
  }
  return unreadable(path, 'this is a zip archive but not an Excel workbook (no xl/workbook.xml inside). If it holds exports, extract it first; otherwise save the data as .xlsx or CSV (UTF-8).', '这是 zip 压缩包，但不是 Excel 工作簿（缺少 xl/workbook.xml）。如果里面是导出文件，请先解压；否则请另存为 .xlsx 或 CSV（UTF-8）。');
}

const tooBig = (path: string, part: string, size: number, limit: number): PerfError =>
  unreadable(
    path,
    `the part ${part} unpacks to ${mib(size)}, more than the limit of ${mib(limit)}; perf refuses it to protect memory (it may be a zip bomb). If the file is genuine, raise limits.maxUncompressedMB in the config, or export the sheet as CSV.`,
    `其中的 ${part} 解压后为 ${mib(size)}，超过上限 ${mib(limit)}；为保护内存 perf 拒绝读取（可能是 zip 炸弹）。如果文件确实无误，请在配置中调高 limits.maxUncompressedMB，或把工作表导出为 CSV。`,
  );

const tooHungry = (path: string, limit: number): PerfError =>
  unreadable(
    path,
    `reading the workbook's shared strings took perf past ${mib(limit)} of memory (limits.maxMemoryMB); it stopped rather than run out. Export the sheet as CSV (read in constant memory), or raise limits.maxMemoryMB in the config if the machine has the memory.`,
    `读取工作簿的共享字符串时内存超过 ${mib(limit)}（limits.maxMemoryMB），perf 已停止以免内存耗尽。请把工作表导出为 CSV（内存占用恒定），或在机器内存足够时在配置中调高 limits.maxMemoryMB。`,
  );

function resolveSheet(path: string, book: WorkbookInfo, wanted: string): SheetInfo {
  const exact = book.sheets.find((s) => s.name === wanted) ?? book.sheets.find((s) => s.name.trim().toLowerCase() === wanted.trim().toLowerCase());
  if (exact) return exact;
  if (/^\d+$/.test(wanted.trim())) {
    const n = Number(wanted.trim());
    if (n >= 1 && n <= book.sheets.length) return book.sheets[n - 1];
  }
  const names = book.sheets.map((s, i) => `${i + 1}. ${s.name}`).join(', ');
  throw unreadable(path, `there is no sheet "${wanted}". The sheets are: ${names}. Pass --sheet with one of these names or numbers.`, `没有名为 "${wanted}" 的工作表。现有工作表：${names}。请用 --sheet 指定其中的名称或序号。`);
}

// ---------------------------------------------------------------------------------------------
// Streaming

/**
 * A cell's value is the text of its last `<t>` (as exceljs read it), which would keep only the last run of an
 * inline rich-text string (`<is><r><t>Li</t></r><r><t> Na</t></r></is>` would read as " Na"), so each such
 * string is rewritten as one plain `<t>` before the sheet is parsed; phonetic guides (`<rPh>`) are not part of the text. A string cut by a chunk boundary waits for the next chunk.
 */
export async function* inlineRunsJoined(source: AsyncIterable<string>): AsyncGenerator<string> {
  let carry = '';
  for await (const chunk of source) {
    let text = carry + chunk;
    carry = '';
    if (!text.includes('<is')) {
      // Only a chunk ending inside a tag name could hide the start of one.
      const lt = text.lastIndexOf('<');
      if (lt >= 0 && text.length - lt < 4 && '<is>'.startsWith(text.slice(lt))) {
        carry = text.slice(lt);
        text = text.slice(0, lt);
      }
      if (text) yield text;
      continue;
    }
    const open = text.lastIndexOf('<is');
    if (text.indexOf('</is>', open) < 0) {
      carry = text.slice(open);
      text = text.slice(0, open);
    }
    yield text.replace(/<is>([\s\S]*?)<\/is>/g, (whole, inner: string) => {
      if (!inner.includes('<r>') && !inner.includes('<r ')) return whole;
      const runs = [...inner.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '').matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)].map((m) => m[1]);
      return `<is><t xml:space="preserve">${runs.join('')}</t></is>`;
    });
  }
  if (carry) yield carry;
}

interface Session {
  /** The rows of a sheet; undefined when the zip holds no such part. */
  rows(sheet: SheetInfo): AsyncIterator<SheetItem> | undefined;
  close(): Promise<void>;
}

/**
 * perf reads the parts itself (xlsx-xml.ts) instead of through exceljs' streaming reader, which decoded each
 * inflated chunk on its own (breaking a multi-byte character cut at a chunk boundary, exceljs#2063), honoured only
 * date1904="1", put no cap on how much a part inflates to when the zip directory lies, stopped without an error on
 * a damaged part (the read hung), lost a sheet now and then once an earlier one was left half read (two consumers
 * raced on the abandoned entry), and took longer than the rest of perf's reading (BENCHMARKS.md, XLSX). Shared
 * strings and styles are read before any sheet; each sheet is parsed from its own part, inflated straight from the
 * file by partStream (whose errors surface), found through the zip directory; a sheet left half read stops
 * inflating its part.
 */
async function startSession(input: ByteInput, book: WorkbookInfo, opts: XlsxOptions): Promise<Session> {
  const limit = opts.maxUncompressedBytes;
  const from = input.streamPath();
  const part = (p: PackedPart, memory?: number): Readable => partStream(input.path, from, p, limit, memory);
  let ctx: CellContext;
  try {
    ctx = {
      path: input.path,
      // Every shared string stays in memory for the whole read: past the budget the read stops with a message,
      // before memory runs out (the size cap alone lets through a part that fits it but not the machine).
      sharedStrings: book.sharedStrings ? await readSharedStrings(part(book.sharedStrings, opts.maxMemoryBytes)) : [],
      dateStyles: book.styles ? await readDateStyles(part(book.styles)) : [],
      date1904: book.date1904,
      maxCellBytes: opts.maxCellBytes,
    };
  } catch (e) {
    throw damagedDuring(input.path, e);
  }
  const opened: AsyncIterator<SheetItem>[] = [];
  return {
    rows: (sheet) => {
      const packed = book.worksheets.get(sheet.part);
      if (!packed) return undefined;
      const rows = sheetRows(inlineRunsJoined(part(packed)), ctx);
      opened.push(rows);
      return rows;
    },
    close: async () => {
      for (const rows of opened) await rows.return?.(undefined).catch(() => undefined);
    },
  };
}

/**
 * One part inflated straight from the file (or stdin buffer), decoded as whole UTF-8 characters, capped at `limit`
 * inflated bytes and, when given, at `memory` bytes of the process's RSS (checked at every chunk).
 */
function partStream(path: string, from: string | Buffer, part: PackedPart, limit: number, memory?: number): Readable {
  const end = part.start + part.compressedSize;
  const raw =
    typeof from !== 'string' ? Readable.from([from.subarray(part.start, end)]) : part.compressedSize > 0 ? createReadStream(from, { start: part.start, end: end - 1 }) : Readable.from([]);
  const decoder = new StringDecoder('utf8');
  let size = 0;
  const text = new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > limit) return done(tooBig(path, part.name, size, limit));
      if (memory !== undefined && process.memoryUsage.rss() > memory) return done(tooHungry(path, memory));
      done(null, decoder.write(chunk) || undefined);
    },
    flush(done) {
      done(null, decoder.end() || undefined);
    },
  });
  const forward = (e: Error): void => void text.destroy(e);
  raw.on('error', forward);
  if (part.method !== 8) return raw.pipe(text);
  const inflate = createInflateRaw();
  inflate.on('error', forward);
  return raw.pipe(inflate).pipe(text);
}

interface OpenedSheet {
  sheet: SheetInfo;
  batches(problems: Problem[]): AsyncIterable<RawRow[]>;
}

/** The sheet asked for with --sheet: other parts are never inflated. */
async function openSheet(input: ByteInput, book: WorkbookInfo, opts: XlsxOptions, sheet: SheetInfo): Promise<OpenedSheet> {
  const session = await startSession(input, book, opts);
  const rows = session.rows(sheet);
  if (rows) return streamed(input, book, opts, session, sheet, rows, [], []);
  await session.close();
  throw unreadable(input.path, `the sheet "${sheet.name}" could not be found inside the workbook file. Open it in Excel or WPS and save it again as .xlsx.`, `在工作簿文件中找不到工作表 "${sheet.name}"。请用 Excel 或 WPS 打开后重新另存为 .xlsx。`);
}

/** No --sheet: the first visible sheet with a header among its first rows, else the first visible sheet. */
async function chooseSheet(input: ByteInput, book: WorkbookInfo, opts: XlsxOptions): Promise<OpenedSheet> {
  const visible = book.sheets.filter((s) => !s.hidden);
  const fallback = visible[0] ?? book.sheets[0];
  const looksLikeHeader = opts.looksLikeHeader;
  if (!looksLikeHeader || book.sheets.length === 1) return openSheet(input, book, opts, fallback);
  const session = await startSession(input, book, opts);
  try {
    // In workbook order: the first visible sheet with a header wins.
    for (const sheet of visible) {
      const rowIterator = session.rows(sheet);
      if (!rowIterator) continue;
      const probed: RawRow[] = [];
      const probeProblems: Problem[] = [];
      while (probed.length < PROBE_ROWS) {
        const r = await rowIterator.next();
        if (r.done) break;
        const raw = r.value;
        if (isProblem(raw)) {
          probeProblems.push(raw);
          continue;
        }
        probed.push(raw);
        if (looksLikeHeader(raw.cells)) return streamed(input, book, opts, session, sheet, rowIterator, probed, probeProblems);
      }
      await rowIterator.return?.();
    }
  } catch (e) {
    await session.close();
    throw damagedDuring(input.path, e);
  }
  await session.close();
  return openSheet(input, book, opts, fallback);
}

function streamed(
  input: ByteInput,
  book: WorkbookInfo,
  opts: XlsxOptions,
  session: Session,
  sheet: SheetInfo,
  rowIterator: AsyncIterator<SheetItem>,
  probed: RawRow[],
  probeProblems: Problem[],
): OpenedSheet {
  return {
    sheet,
    batches: async function* (problems) {
      try {
        problems.push(...probeProblems);
        if (probed.length > 0) yield probed;
        for (let r = await rowIterator.next(); !r.done; r = await rowIterator.next()) {
          if (isProblem(r.value)) problems.push(r.value);
          else yield [r.value];
        }
      } catch (e) {
        throw damagedDuring(input.path, e);
      } finally {
        await session.close();
      }
    },
  };
}

function damagedDuring(path: string, e: unknown): Error {
  if (e instanceof PerfError) return e;
  const why = e instanceof Error ? e.message : String(e);
  return unreadable(path, `the workbook is damaged or truncated (${why}). Open it in Excel or WPS and save it again as .xlsx, or export it as CSV (UTF-8).`, `工作簿已损坏或不完整（${why}）。请用 Excel 或 WPS 打开后重新另存为 .xlsx，或导出为 CSV（UTF-8）。`);
}
