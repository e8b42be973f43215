/**
 * Reading a 100,000-row activity XLSX: `perf inspect --kind activities` (perf's own reader, a saxes pass over
 * each part straight into cells, then header detection and conversion to canonical rows) against exceljs' own
 * streaming reader iterating the same rows (no conversion). Paired and alternating, each its own process under
 * /usr/bin/time; medians over the pairs, ratio = median of the per-pair ratios.
 *
 *   node dist/bench/xlsx-read.js [--rows 100000] [--pairs 3] [--dir bench/out/xlsx]
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { generate } from './generate.js';
import { machine, measure, type Measurement } from './lib/measure.js';

const ROOT = resolve(import.meta.dirname, '../..');

const EXCELJS = `
import ExcelJS from 'exceljs';
const reader = new ExcelJS.stream.xlsx.WorkbookReader(process.argv[1], { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit' });
let n = 0;
for await (const sheet of reader) for await (const row of sheet) n += row.values.length > 0 ? 1 : 0;
console.log(n);
`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const opt = (name: string, fallback: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
  const rows = Number(opt('--rows', '100000'));
  const pairs = Number(opt('--pairs', '3'));
  const dir = opt('--dir', join(ROOT, 'bench/out/xlsx'));
  const file = join(dir, 'activities.xlsx');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    await generate({ kind: 'activities', rows, reps: 40, teams: 4, customers: 2000, seed: 7, start: '2024-01-01', end: '2026-11-30', lang: 'en', format: 'xlsx', encoding: 'utf-8', out: dir });
  }
  const node = process.execPath;
  const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');
  const loadBefore = load();
  const p: Measurement[] = [];
  const e: Measurement[] = [];
  for (let i = 0; i < pairs; i++) {
    p.push(measure('perf inspect', [node, 'bin/perf.js', 'inspect', file, '--kind', 'activities'], 1, process.env, ROOT));
    e.push(measure('exceljs', [node, '--input-type=module', '-e', EXCELJS, file], 1, process.env, ROOT));
    process.stderr.write(`perf ${p[i].wallSeconds.toFixed(2)} s · exceljs ${e[i].wallSeconds.toFixed(2)} s\n`);
  }
  const ratio = (of: (m: Measurement) => number): string => median(p.map((m, i) => of(m) / of(e[i]))).toFixed(2);
  const row = (label: string, ms: Measurement[]): string =>
    `| ${label} | ${pairs} | ${median(ms.map((m) => m.wallSeconds)).toFixed(2)} | ${median(ms.map((m) => m.cpuSeconds)).toFixed(2)} | ${median(ms.map((m) => m.peakRssMB)).toFixed(0)} |`;
  process.stdout.write(
    [
      `${machine()}; load average (1, 5, 15 min) ${loadBefore} before, ${load()} after`,
      `pairs (wall, perf / exceljs): ${p.map((m, i) => `${m.wallSeconds.toFixed(2)} / ${e[i].wallSeconds.toFixed(2)} s`).join(' · ')}`,
      '',
      `| ${rows.toLocaleString('en-US')}-row activity XLSX (${(statSync(file).size / 2 ** 20).toFixed(1)} MB) | pairs | wall (s) | CPU (s) | peak RSS (MB) |`,
      '|---|---:|---:|---:|---:|',
      row('perf inspect --kind activities', p),
      row('exceljs WorkbookReader, rows only', e),
      '',
      `perf ÷ exceljs (median of pair ratios): wall ${ratio((m) => m.wallSeconds)} (goal ≤ 1.0), CPU ${ratio((m) => m.cpuSeconds)}`,
      '',
    ].join('\n'),
  );
}

await main();
