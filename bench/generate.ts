/**
 * Seeded generator of realistic CRM exports (deals, activities, leads, teams) for benchmarks and fixtures.
 *
 *   node dist/bench/generate.js --kind all --rows 100000 --reps 40 --teams 4 --customers 2000 \
 *     --seed 7 --start 2024-01-01 --end 2026-11-30 --lang zh --format csv --encoding gb18030 --out /tmp/big
 *
 * The same seed and options always give byte-identical CSV files.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { dayNumber, parseIsoDate } from '../src/core/calendar.js';
import { activities, type ActivityOptions } from './lib/activities.js';
import { dealsByClose, type DealOptions } from './lib/deals.js';
import { leadsInOrder, type LeadOptions } from './lib/leads.js';
import { activityTable, dealTable, leadTable, teamTable, type RenderOptions, type Table } from './lib/render.js';
import { fileOutput, writeCsv, writeXlsx, type ByteOutput, type CsvOptions, type Encoding } from './lib/sinks.js';
import { buildWorld, type Lang, type World } from './lib/world.js';

export { activities, dealsByClose, leadsInOrder, buildWorld, writeCsv, writeXlsx };
export type { ActivityOptions, DealOptions, LeadOptions, World };
export { memoryOutput, fileOutput } from './lib/sinks.js';
export { rng } from './lib/prng.js';

export const GEN_KINDS = ['deals', 'activities', 'leads', 'teams'] as const;
export type GenKind = (typeof GEN_KINDS)[number];

/** A world plus the options of each stream; activities reuse the deal and lead options so ids line up. */
export interface Scenario {
  world: World;
  deals: DealOptions;
  leads: LeadOptions;
  activities: ActivityOptions;
}

export interface ScenarioOptions {
  kind: GenKind | 'all';
  /** Rows of the chosen kind (for `all`: deals; leads are half that, activities about 20×). */
  rows: number;
  reps: number;
  teams: number;
  customers: number;
  seed: number;
  /** Day numbers (days since 1970-01-01) of the first and last day of the export. */
  startDay: number;
  endDay: number;
}

export function scenario(o: ScenarioOptions): Scenario {
  const world = buildWorld(o);
  const span = { seed: o.seed, startDay: o.startDay, endDay: o.endDay };
  const rows = Math.max(0, Math.floor(o.rows));
  const deals = o.kind === 'activities' ? Math.max(1, Math.ceil(rows / 25)) : rows;
  const leads = o.kind === 'leads' ? rows : Math.max(1, Math.ceil(deals / 2));
  const target = o.kind === 'activities' ? rows : deals * 20;
  const dealOptions: DealOptions = { ...span, count: deals };
  const leadOptions: LeadOptions = { ...span, count: leads };
  return { world, deals: dealOptions, leads: leadOptions, activities: { ...span, target, deals: dealOptions, leads: leadOptions } };
}

export interface OutputOptions extends RenderOptions, CsvOptions {
  format: 'csv' | 'xlsx';
  /** XLSX only: a title row and a blank row above the header. */
  title?: string;
  sheet?: string;
}

type AnyTable = Table<never>;

function source(sc: Scenario, kind: GenKind, o: RenderOptions): { table: AnyTable; records: Iterable<never> } {
  switch (kind) {
    case 'deals':
      return { table: dealTable(sc.world, o) as AnyTable, records: dealsByClose(sc.world, sc.deals) as Iterable<never> };
    case 'activities':
      return { table: activityTable(sc.world, o) as AnyTable, records: activities(sc.world, sc.activities) as Iterable<never> };
    case 'leads':
      return { table: leadTable(sc.world, o) as AnyTable, records: leadsInOrder(sc.world, sc.leads) as Iterable<never> };
    case 'teams':
      return { table: teamTable(sc.world, o) as AnyTable, records: sc.world.reps as Iterable<never> };
  }
}

/** Writes one kind to a CSV byte output (file or memory); returns the row count. */
export function writeKindCsv(sc: Scenario, kind: GenKind, out: ByteOutput, o: RenderOptions & CsvOptions): number {
  const { table, records } = source(sc, kind, o);
  return writeCsv(table, records, out, o);
}

/** Writes one kind to a file in the requested format; returns the row count. */
export async function writeKind(sc: Scenario, kind: GenKind, path: string, o: OutputOptions): Promise<number> {
  if (o.format === 'csv') return writeKindCsv(sc, kind, fileOutput(path), o);
  const { table, records } = source(sc, kind, o);
  return writeXlsx(table, records, path, { sheet: o.sheet ?? kind, title: o.title });
}

export interface GenerateOptions extends Omit<ScenarioOptions, 'startDay' | 'endDay'> {
  start: string;
  end: string;
  lang: Lang;
  format: 'csv' | 'xlsx';
  encoding: Encoding;
  out: string;
}

export async function generate(o: GenerateOptions, log: (line: string) => void = () => undefined): Promise<{ kind: GenKind; file: string; rows: number }[]> {
  const startT = parseIsoDate(o.start);
  const endT = parseIsoDate(o.end);
  if (startT === null || endT === null || endT < startT) throw new UsageError(`bad --start/--end: ${o.start} .. ${o.end}`);
  const sc = scenario({ ...o, startDay: dayNumber(startT), endDay: dayNumber(endT) });
  mkdirSync(o.out, { recursive: true });
  const done: { kind: GenKind; file: string; rows: number }[] = [];
  for (const kind of o.kind === 'all' ? GEN_KINDS : [o.kind]) {
    const file = join(o.out, `${kind}.${o.format}`);
    const t0 = performance.now();
    const rows = await writeKind(sc, kind, file, {
      lang: o.lang,
      seed: o.seed,
      format: o.format,
      encoding: o.encoding,
      eol: o.encoding === 'gb18030' ? '\r\n' : '\n',
    });
    log(`${file}: ${rows} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    done.push({ kind, file, rows });
  }
  return done;
}

export class UsageError extends Error {}

const USAGE = `usage: node dist/bench/generate.js [options]
  --kind deals|activities|leads|teams|all   (default all)
  --rows N          rows of that kind; for all: deals (leads N/2, activities ~20N)   (default 10000)
  --reps R --teams T --customers C          (default 20, 4, 400)
  --seed S          (default 1)
  --start YYYY-MM-DD --end YYYY-MM-DD       (default 2024-01-01 .. 2026-11-30)
  --lang en|zh      headers, labels and value formats   (default en)
  --format csv|xlsx (default csv)
  --encoding utf-8|gb18030                  CSV only (default utf-8)
  --out DIR         (default .)
example: node dist/bench/generate.js --kind activities --rows 1000000 --reps 200 --customers 5000 --out /tmp/bench`;

export function parseArgs(argv: string[]): GenerateOptions {
  const o: GenerateOptions = {
    kind: 'all', rows: 10_000, reps: 20, teams: 4, customers: 400, seed: 1,
    start: '2024-01-01', end: '2026-11-30', lang: 'en', format: 'csv', encoding: 'utf-8', out: '.',
  };
  const oneOf = <T extends string>(flag: string, v: string, allowed: readonly T[]): T => {
    if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got ${v}`);
    return v as T;
  };
  const count = (flag: string, v: string, min: number): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} must be an integer >= ${min}, got ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') throw new UsageError('');
    const v = argv[++i];
    if (v === undefined) throw new UsageError(`${flag} needs a value`);
    switch (flag) {
      case '--kind': o.kind = oneOf(flag, v, [...GEN_KINDS, 'all'] as const); break;
      case '--rows': o.rows = count(flag, v, 0); break;
      case '--reps': o.reps = count(flag, v, 1); break;
      case '--teams': o.teams = count(flag, v, 1); break;
      case '--customers': o.customers = count(flag, v, 1); break;
      case '--seed': o.seed = count(flag, v, 0); break;
      case '--start': o.start = v; break;
      case '--end': o.end = v; break;
      case '--lang': o.lang = oneOf(flag, v, ['en', 'zh'] as const); break;
      case '--format': o.format = oneOf(flag, v, ['csv', 'xlsx'] as const); break;
      case '--encoding': o.encoding = oneOf(flag, v.toLowerCase() === 'utf8' ? 'utf-8' : v.toLowerCase() === 'gbk' ? 'gb18030' : v.toLowerCase(), ['utf-8', 'gb18030'] as const); break;
      case '-o':
      case '--out': o.out = v; break;
      default: throw new UsageError(`unknown option ${flag}`);
    }
  }
  return o;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await generate(parseArgs(argv), (line) => process.stderr.write(line + '\n'));
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      if (!e.message) {
        process.stdout.write(USAGE + '\n');
        return 0;
      }
      process.stderr.write(`${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
