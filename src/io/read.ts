import type { Check } from '../schema/check.js';
import type { Problem } from '../schema/problem.js';
import type { Kind, RowOf } from '../schema/rows.js';
import { aliasesOf, candidateKinds, kindFields, looksLikeHeader, mapColumns, type ColumnMapping, type ColumnOverrides } from '../core/ingest/columns.js';
import { PARSED_KINDS, type RowConverter, type DateStyle } from '../core/ingest/convert.js';
import { rowConverter } from '../core/ingest/shape.js';
import { EXIT, PerfError } from '../core/errors.js';
import { bi, type Lang } from '../core/i18n.js';
import type { NumberStyle } from '../core/values/decimal.js';
import type { DateOrder, YearRange } from '../core/values/date.js';
import type { Cell } from '../core/values/types.js';
import { availableParallelism } from 'node:os';
import { openTable, type RawRow, type SourceMeta, type TableSource } from './source/index.js';
import { cutPoints } from './source/split.js';
import { InProcessRunner, WorkerRunner, readRest, type Runner } from './parallel/read.js';
import type { PieceSink } from './parallel/piece.js';
import { idleCoresProbe, usableCores } from './parallel/cores.js';
import { readProgress } from './progress.js';
import type { RecentDays } from '../core/ingest/recent-days.js';

export interface ReadOptions {
  kind?: Kind;
  encoding?: string;
  sheet?: string;
  timeZone: string;
  dateFormat: 'auto' | DateOrder;
  numberFormat?: 'auto' | NumberStyle;
  /** config dateRange: dates outside these years are row problems */
  years?: YearRange;
  columns?: ColumnOverrides;
  maxUncompressedMB?: number;
  maxCellMB?: number;
  maxMemoryMB?: number;
  /** Rows read, rate and share of bytes on stderr while the read runs, in this language (the shell sets it: a terminal, no --quiet). */
  progress?: Lang | false;
  /** Each data row's raw cells, before conversion (a field history rebuilds the export from them). */
  onCells?: (row: number, cells: Cell[]) => void;
  /** Called once the header row is found, before the first row arrives. */
  onHeader?: (mapping: ColumnMapping, headerRow: number) => void;
  /** How a large activity CSV is read on several threads (files from 16 MiB; see parallelPlan for the default). */
  parallel?: ParallelOptions;
  /**
   * What the rows build, built on the reading threads instead (a large activity CSV): each thread
   * consumes its piece's rows and the sink merges what they built in file order. `onRow` then sees only
   * the rows read on this thread.
   */
  sink?: PieceSink;
}

export interface ParallelOptions {
  threads?: number;
  /** smaller files are read on one thread */
  minBytes?: number;
  pieceBytes?: number;
  /** bytes the main thread reads first, to find the header and decide date orders and the table's width */
  firstBytes?: number;
  /** read the pieces on the calling thread (tests: the same splitting and merging, without worker threads) */
  inProcess?: boolean;
}

const MiB = 1 << 20;

/** How much larger the main thread's share is than a worker's, in workers' shares (see shares()). */
const MAIN_EXTRA = 0.2;

/**
 * Where the first MiB ends, then one share per thread: the main thread's 1.2 times a worker's (the worker
 * starts later and packs its state; the main thread's heap holds the period's state as it grows, and it
 * reads slower per byte). Measured on the 1M-row whole logs, quiet machine, the worker done before the
 * main thread by: 0.73 / 1.08 s (40 / 200 reps) at 1.4 times, 0.10 / 0.25 s at 1.1, −0.7 / −1.2 s at 0.8
 * times; at 1.2 times −0.1 to 1.0 s (runs vary that much); peak RSS 268-284 MB on the 200-rep log (it
 * was 288-317 MB at 1.2-1.8 times before the state was packed). On the months of those logs, 1.2 times
 * ran 5% faster than a worker taking over part of the main thread's range once idle (tried: each piece
 * costs a state packed, copied and merged, more than the wait it saved).
 */
async function shares(path: string, size: number, firstBytes: number, threads: number): Promise<number[]> {
  const [first] = await cutPoints(path, 0, size, size, firstBytes);
  const share = (size - first) / (Math.max(2, threads) + MAIN_EXTRA);
  return [first, ...(await cutPoints(path, Math.round(first + MAIN_EXTRA * share), size, Math.ceil(share), Math.ceil(share)))];
}

/**
 * Threads used by default on a machine with that many idle cores: every worker adds its own heap (~55 MB
 * measured) and a copy of its state to the main thread's, and the whole-log memory bound (≤ 300 MB on the
 * 200-rep log) was measured with two. PERF_THREADS=N asks for more.
 */
const DEFAULT_THREADS = 2;

/**
 * The parallel plan for a file, or null when it is read in one pass (small, not UTF-8, stdin, XLSX, one
 * core, PERF_THREADS=1). With a sink, by default DEFAULT_THREADS threads when as many cores are found
 * idle: the main thread reads the first MiB (header, date orders), hands a piece to each worker and reads
 * on to the first of them itself (its share larger: see shares()). Only idle cores count (sampled over 0.1 s
 * as the first MiB is read; not the load average, which counts this command's own runs of the last minute):
 * on a 2-core machine loaded by other work (load 4-8) two threads each ran at half speed and the run took
 * longer than one thread. Cores, not logical CPUs, and no more than a CPU quota allows (usableCores): on
 * a 2-vCPU machine whose threads read at half the pace each (session 7), two threads were slower than one
 * on every period but the whole log.
 * On a 2-core machine without SMT (session 10, 40-rep and 200-rep 1M logs, paired against one thread),
 * two threads took 0.79-0.93 of the time on every period. Without a sink, threads are opt-in
 * (PERF_THREADS): handing rows between threads costs more CPU than it saves (BENCHMARKS.md).
 * PERF_THREADS=N asks for N threads whatever the load.
 */
async function parallelPlan(table: TableSource, kind: Kind | undefined, o: ParallelOptions = {}, sink?: PieceSink) {
  const ranges = table.ranges;
  // Rows of deals and leads are checked against each other (duplicate ids): only activities are split.
  if (!ranges || kind !== 'activities' || ranges.size < (o.minBytes ?? 16 * MiB)) return null;
  const probe = !Number(process.env.PERF_THREADS) && sink && !o.threads && !o.inProcess && usableCores() >= DEFAULT_THREADS ? idleCoresProbe() : null;
  // Probed: the plan is made for the default, and dropped after the first MiB if the cores are not idle.
  const asked = Number(process.env.PERF_THREADS) || (probe ? DEFAULT_THREADS : 1);
  const threads = o.threads ?? Math.min(asked, availableParallelism());
  if (threads < 2 && !o.inProcess) return null;
  const firstBytes = o.firstBytes ?? MiB;
  const cuts = sink && !o.pieceBytes ? await shares(ranges.path, ranges.size, firstBytes, threads) : await cutPoints(ranges.path, 0, ranges.size, o.pieceBytes ?? 8 * MiB, firstBytes);
  if (cuts.length < 3) return null;
  const workers = sink ? Math.max(1, threads - 1) : threads;
  const runner: Runner = o.inProcess ? new InProcessRunner() : new WorkerRunner(workers, sink?.module);
  /** whether the threads are to be used: the cores were found idle, or not probed */
  const go = async () => !probe || (await probe()) + 0.25 >= DEFAULT_THREADS;
  // With a sink a piece's result is what its rows built, not the rows: every piece may be out at once.
  return { ranges, cuts, runner, window: sink ? cuts.length : 2 * Math.max(1, threads), go };
}

export interface DatasetInfo {
  file: string;
  kind: Kind;
  source: SourceMeta;
  headerRow: number;
  mapping: ColumnMapping;
  dateStyles: DateStyle[];
  rowsRead: number;
  rowsKept: number;
  problems: Problem[];
  problemCount: number;
  /** readings perf decided (units, number style, currency, date order): shown first in reports */
  checks: Check[];
  /** ISO code of the amounts' currency when the file names one */
  currency: string | null;
  /** the latest date a kept row records (expected closes aside); null when none has a date */
  dataEnd: number | null;
  /** rows per day before dataEnd */
  recentDays: RecentDays;
}

export interface Dataset<K extends Kind> extends DatasetInfo {
  kind: K;
  rows: RowOf<K>[];
}

const HEADER_SEARCH_ROWS = 30;
/** the converter's default limit of stored problems, shared with the reading threads */
const PROBLEM_LIMIT = 100_000;

const describe = (kind: Kind) =>
  ({
    deals: bi('deals', '商机/订单'),
    activities: bi('activities', '销售行为'),
    leads: bi('leads', '线索'),
    teams: bi('team members', '团队成员'),
    accounts: bi('accounts', '客户'),
    products: bi('products', '产品'),
    history: bi('field-history rows', '字段变更记录'),
  })[kind];

function missingColumnsError(file: string, kind: Kind, best: ColumnMapping, headerRow: number, looksLike: Kind | undefined): PerfError {
  const found = best.headers.filter((h) => h !== '').join(', ') || '—';
  const lines = best.missing.map((f) => `  ${f}: ${aliasesOf(kind, f).slice(0, 12).join(' / ')}`).join('\n');
  const what = describe(kind);
  // The commonest cause is the right file on the wrong flag: say what the file is.
  const other = looksLike && describe(looksLike);
  const hint = other
    ? bi(`It looks like a file of ${other.en}, not of ${what.en}: check which file goes to which argument (--help).\n`, `它看起来是${other.zh}文件，而不是${what.zh}：请检查文件与参数是否对应（--help）。\n`)
    : bi('', '');
  return new PerfError(
    EXIT.usage,
    bi(
      `${file}: cannot read it as ${what.en}: no column for ${best.missing.join(', ')}.\n` +
        hint.en +
        `Headers found (row ${headerRow}): ${found}\nHeaders accepted:\n${lines}\n` +
        `Rename the column, or map it in perf.config.json: {"columns": {"${kind}": {"${best.missing[0]}": "your header"}}}`,
      `${file}：无法作为${what.zh}读取：缺少 ${best.missing.join('、')} 列。\n` +
        hint.zh +
        `找到的表头（第 ${headerRow} 行）：${found}\n可识别的表头：\n${lines}\n` +
        `请重命名该列，或在 perf.config.json 中映射：{"columns": {"${kind}": {"${best.missing[0]}": "你的列名"}}}`,
    ),
  );
}

/**
 * Streams an export into canonical rows of one kind (detected from the header when not given), calling
 * `onRow` for each; returns what was read and every problem met.
 */
export async function streamDataset<K extends Kind>(
  file: string,
  opts: ReadOptions & { kind?: K },
  onRow: (row: RowOf<K>) => void,
): Promise<DatasetInfo & { kind: K }> {
  const overrides = opts.columns ?? {};
  const table = await openTable(file, {
    encoding: opts.encoding,
    sheet: opts.sheet,
    looksLikeHeader: looksLikeHeader(opts.kind, overrides),
    maxUncompressedBytes: opts.maxUncompressedMB ? opts.maxUncompressedMB * 1024 * 1024 : undefined,
    maxCellBytes: opts.maxCellMB ? opts.maxCellMB * 1024 * 1024 : undefined,
    maxMemoryBytes: opts.maxMemoryMB ? opts.maxMemoryMB * 1024 * 1024 : undefined,
  });
  const name = file === '-' ? 'stdin' : file;
  const early: RawRow[] = [];
  let converter: RowConverter<K> | null = null;
  let mapping: ColumnMapping | null = null;
  let headerRow = 0;

  const chooseHeader = () => {
    for (const r of early) {
      const m = opts.kind ? mapColumns(opts.kind, r.cells, overrides) : candidateKinds(r.cells, overrides)[0];
      if (m && m.missing.length === 0 && Object.keys(m.fields).length >= (opts.kind ? 1 : 2)) {
        mapping = m;
        headerRow = r.row;
        break;
      }
    }
    if (!mapping) {
      if (early.length === 0) throw new PerfError(EXIT.usage, bi(`${name}: the file has no rows`, `${name}：文件中没有数据行`));
      // A header garbled by a wrong --encoding would otherwise be blamed on its columns.
      const garbled = opts.encoding && early.some((r) => r.cells.some((c) => typeof c === 'string' && c.includes('\uFFFD')));
      if (garbled)
        throw new PerfError(
          EXIT.usage,
          bi(
            `${name}: read as ${opts.encoding} (--encoding), its first rows hold bytes that are not ${opts.encoding} (shown as �), and no header row was recognised. Leave out --encoding to let sales-perf detect the file's encoding, or give the file's own (gb18030 for most Chinese Excel and WPS exports).`,
            `${name}：按 --encoding 指定的 ${opts.encoding} 读取时，前几行含有不属于 ${opts.encoding} 的字节（显示为 �），无法识别表头。请去掉 --encoding，由 sales-perf 自动识别编码；或指定文件本身的编码（多数中文 Excel、WPS 导出为 gb18030）。`,
          ),
        );
      const first = early[0];
      if (!opts.kind) {
        throw new PerfError(
          EXIT.usage,
          bi(
            `${name}: no header row found in the first ${HEADER_SEARCH_ROWS} rows that looks like deals, activities, leads or a team list. First row: ${first.cells.join(', ')}\nRun "sales-perf inspect ${name} --kind deals" (or activities, leads, teams) to see which columns are missing.`,
            `${name}：前 ${HEADER_SEARCH_ROWS} 行中找不到可识别的表头（商机、销售行为、线索或团队）。第一行：${first.cells.join('，')}\n请运行 "sales-perf inspect ${name} --kind deals"（或 activities、leads、teams）查看缺少哪些列。`,
          ),
        );
      }
      const best = early
        .map((r) => ({ r, m: mapColumns(opts.kind!, r.cells, overrides) }))
        .sort((a, b) => Object.keys(b.m.fields).length - Object.keys(a.m.fields).length)[0];
      const looksLike = early.map((r) => candidateKinds(r.cells, overrides)[0]).find((m) => m !== undefined)?.kind;
      throw missingColumnsError(name, opts.kind, best.m, best.r.row, looksLike);
    }
    const chosen = mapping as ColumnMapping;
    // A roster read from another export (--team activity.csv) maps its rep column and nothing else: every
    // row would be a "member", no team or manager, and commands would go on as if no roster had been given.
    if (opts.kind === 'teams' && Object.keys(chosen.fields).length === 1) {
      const other = candidateKinds(chosen.headers, overrides).find((m) => m.kind !== 'teams' && Object.keys(m.fields).length >= 3);
      if (other)
        throw new PerfError(
          EXIT.usage,
          bi(
            `${name}: read as a team list it has a rep column only (no team, region, manager or email), and it looks like a file of ${describe(other.kind).en}: check which file goes to --team (--help).`,
            `${name}：作为团队名单读取时只有销售列（没有团队、大区、经理或邮箱列），它看起来是${describe(other.kind).zh}文件：请检查 --team 所给的文件（--help）。`,
          ),
        );
    }
    opts.onHeader?.(chosen, headerRow);
    // A field history rebuilds the export from every raw cell; everyone else reads the mapped columns only.
    if (!opts.onCells) {
      const parsed = kindFields(chosen.kind).filter((f) => PARSED_KINDS.has(f.meta.kind) && f.name in chosen.fields).map((f) => chosen.fields[f.name]);
      table.readOnly?.(Object.values(chosen.fields), chosen.headers.length, parsed);
    }
    converter = rowConverter(chosen.kind as K, {
      file: name,
      mapping: chosen,
      timeZone: opts.timeZone,
      dateFormat: opts.dateFormat,
      numberFormat: opts.numberFormat,
      years: opts.years,
      date1904: table.meta.date1904,
    }, onRow);
    for (const r of early)
      if (r.row > headerRow) {
        opts.onCells?.(r.row, r.cells);
        converter.push(r.row, r.cells, r.plain);
      }
    early.length = 0;
  };

  // Threads read the file in byte ranges the table does not see: there, how far the main thread is through its
  // own share (estimated from the rows it took, at the first piece's bytes per row) stands for the whole read.
  // With a sink the threads' rows never come here: the rows taken, scaled from the share to the file, stand for all.
  let taken = 0;
  let share: { bytesPerRow: number; end: number; size: number } | null = null;
  const position = () =>
    share ? { read: Math.min(taken * share.bytesPerRow, share.end - 1), size: share.end, rows: Math.round((taken * share.size) / share.end) } : table.position();
  const progress = opts.progress ? readProgress(name, position, undefined, opts.progress) : null;
  try {
    const take = (raw: RawRow) => {
      taken++;
      progress?.row();
      if (converter) {
        opts.onCells?.(raw.row, raw.cells);
        (converter as RowConverter<K>).push(raw.row, raw.cells, raw.plain);
        return;
      }
      early.push(raw);
      if (early.length >= HEADER_SEARCH_ROWS) chooseHeader();
    };
    const plan = await parallelPlan(table, opts.kind, opts.parallel, opts.sink);
    if (plan) {
      const { ranges } = plan;
      const first = ranges.rows({ at: 0, skipLf: false }, plan.cuts[0], null);
      try {
        for await (const batch of first) for (const raw of batch) take(raw);
        const end = first.end();
        const conv = converter as RowConverter<K> | null;
        const decided = conv?.decided();
        const ready = conv && decided && end.clean && end.resume.started && !end.resume.pending && !end.resume.suspect;
        const bytesPerRow = plan.cuts[0] / Math.max(1, taken);
        if (ready && (await plan.go())) {
          share = { bytesPerRow, end: opts.sink ? plan.cuts[1] : ranges.size, size: ranges.size };
          await readRest({
            ranges,
            boundary: end.boundary,
            resume: end.resume,
            cuts: plan.cuts.slice(1),
            converter: conv as unknown as RowConverter<Kind>,
            problems: table.problems,
            setup: {
              csv: { path: ranges.path, size: ranges.size, delimiter: ranges.delimiter, maxCellBytes: ranges.maxCellBytes, bomLength: ranges.bomLength, reads: ranges.reads },
              shape: conv.shape,
              width: end.resume.width,
              convert: { file: name, mapping: mapping!, timeZone: opts.timeZone, ...decided, years: opts.years, problemLimit: PROBLEM_LIMIT },
              sink: opts.sink && { module: opts.sink.module, options: opts.sink.options },
            },
            sink: opts.sink,
            runner: plan.runner,
            window: plan.window,
            take,
            onRow: onRow as (row: Record<string, unknown>) => void,
          });
        } else {
          // The first piece did not settle the header, date orders or width, or the cores are busy: read on in order, as one pass would.
          await plan.runner.close();
          share = { bytesPerRow, end: ranges.size, size: ranges.size };
          for await (const batch of ranges.rows(end.boundary, ranges.size, end.resume)) for (const raw of batch) take(raw);
        }
      } catch (e) {
        await plan.runner.close();
        throw e;
      }
    } else for await (const batch of table.batches()) for (const raw of batch) take(raw);
  } finally {
    progress?.done();
  }
  if (!converter) chooseHeader();
  const conv = converter as unknown as RowConverter<K>;
  conv.end();
  const m = mapping as unknown as ColumnMapping;
  if (conv.rowsIn === 0)
    conv.problem({
      row: null,
      column: null,
      value: null,
      code: 'no_data_rows',
      severity: 'warning',
      message: bi('the file has a header but no data rows', '文件只有表头，没有数据行'),
    });
  return {
    file: name,
    kind: m.kind as K,
    source: table.meta,
    headerRow,
    mapping: m,
    dateStyles: conv.dateStyles,
    rowsRead: conv.rowsIn,
    rowsKept: conv.rowsOut,
    problems: [...table.problems, ...conv.problems],
    problemCount: table.problems.length + conv.problemCount,
    checks: conv.checks,
    currency: conv.currency,
    dataEnd: conv.dataEnd,
    recentDays: conv.recentDays,
  };
}

/** Reads a whole export into memory (deals, leads, teams: small enough). */
export async function readDataset<K extends Kind>(file: string, opts: ReadOptions & { kind: K }): Promise<Dataset<K>> {
  const rows: RowOf<K>[] = [];
  const info = await streamDataset(file, opts, (r) => rows.push(r));
  return { ...info, rows };
}
