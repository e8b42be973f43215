/**
 * `perf score` against DuckDB, paired: each case runs perf score and DuckDB's read_csv + rep × ISO-week
 * aggregation (count by type, distinct customers — what the score's Weekly detail holds) on the same file,
 * alternately, each as its own process under /usr/bin/time; the table gives medians over the pairs and the
 * median of the per-pair ratios, so a machine shared with other jobs skews both sides alike.
 *
 *   node dist/bench/score.js [--rows 1000000] [--pairs 3] [--sets all|40|200] [--growth 5000000] [--dir bench/out/score] [--out bench/results/score.md]
 *
 * Files (generated once, seeded; bench/out is not committed):
 *   40 reps × 2,000 customers, 2024-01 … 2026-11 (35 months);
 *   200 reps × 5,000 customers, 2025-01 … 2026-11 (23 months).
 * --growth N adds one pair at N rows (40 reps) for the cost curve.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generate } from './generate.js';
import { machine, measure, type Measurement } from './lib/measure.js';

const ROOT = resolve(import.meta.dirname, '../..');

interface Args {
  rows: number;
  pairs: number;
  growth: number[];
  /** which datasets: 40 (reps), 200 or both */
  sets: string;
  dir: string;
  out: string;
}

function args(argv: string[]): Args {
  const a: Args = { rows: 1_000_000, pairs: 3, growth: [], sets: 'all', dir: join(ROOT, 'bench/out/score'), out: join(ROOT, 'bench/results/score.md') };
  for (let i = 0; i < argv.length; i += 2) {
    const v = argv[i + 1];
    if (argv[i] === '--rows') a.rows = Number(v);
    else if (argv[i] === '--pairs') a.pairs = Number(v);
    else if (argv[i] === '--growth') a.growth.push(Number(v));
    else if (argv[i] === '--sets') a.sets = v;
    else if (argv[i] === '--dir') a.dir = v;
    else if (argv[i] === '--out') a.out = v;
    else throw new Error(`unknown option ${argv[i]}`);
  }
  return a;
}

// The aggregation the score's Weekly detail makes: rep × ISO week, count by type, distinct customers.
const DUCKDB = `
import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const file = process.argv[1].replaceAll("'", "''");
const r = await c.runAndReadAll(\`
  SELECT "Sales Rep" AS rep, yearweek("Activity Date") AS wk, "Activity Type" AS type,
         count(*) AS n, count(DISTINCT "Account Name") AS customers
  FROM read_csv('\${file}', header = true, timestampformat = '%Y-%m-%d %H:%M')
  GROUP BY ALL\`);
console.log(r.getRows().length);
`;

interface Dataset {
  name: string;
  rows: number;
  reps: number;
  customers: number;
  start: string;
  end: string;
}

async function ensure(dir: string, d: Dataset): Promise<string> {
  const out = join(dir, `${d.rows}-${d.reps}x${d.customers}`);
  const csv = join(out, 'activities.csv');
  if (!existsSync(csv) || statSync(csv).size === 0 || process.env.REGENERATE) {
    mkdirSync(out, { recursive: true });
    process.stderr.write(`generating ${d.rows} activity rows into ${out} …\n`);
    await generate({ kind: 'activities', rows: d.rows, reps: d.reps, teams: Math.max(4, Math.round(d.reps / 20)), customers: d.customers, seed: 7, start: d.start, end: d.end, lang: 'en', format: 'csv', encoding: 'utf-8', out });
  }
  return csv;
}

interface Row {
  label: string;
  perf: Measurement;
  duck: Measurement;
  ratio: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** perf and DuckDB alternately, `pairs` times; one run each per pair. */
function paired(label: string, perf: string[], csv: string, pairs: number, env: NodeJS.ProcessEnv = process.env): Row {
  const node = process.execPath;
  const p: Measurement[] = [];
  const d: Measurement[] = [];
  for (let i = 0; i < pairs; i++) {
    p.push(measure(label, [node, 'bin/perf.js', ...perf], 1, env, ROOT));
    d.push(measure('duckdb', [node, '--input-type=module', '-e', DUCKDB, csv], 1, process.env, ROOT));
    process.stderr.write(`${label}: perf ${p[i].wallSeconds.toFixed(2)} s ${p[i].peakRssMB.toFixed(0)} MB · duckdb ${d[i].wallSeconds.toFixed(2)} s\n`);
  }
  const pick = (ms: Measurement[]): Measurement => ({ ...ms[0], wallSeconds: median(ms.map((m) => m.wallSeconds)), peakRssMB: median(ms.map((m) => m.peakRssMB)), runs: ms.length });
  return { label, perf: pick(p), duck: pick(d), ratio: median(p.map((m, i) => m.wallSeconds / d[i].wallSeconds)) };
}

async function main(): Promise<void> {
  const a = args(process.argv.slice(2));
  const sets: Dataset[] = [
    { name: '40 reps × 2,000 customers, 35 months', rows: a.rows, reps: 40, customers: 2000, start: '2024-01-01', end: '2026-11-30' },
    { name: '200 reps × 5,000 customers, 23 months', rows: a.rows, reps: 200, customers: 5000, start: '2025-01-01', end: '2026-11-30' },
  ];
  const table: Row[] = [];
  for (const d of sets.filter((s) => a.sets === 'all' || String(s.reps) === a.sets)) {
    const csv = await ensure(a.dir, d);
    const size = `${(d.rows / 1e6).toLocaleString('en-US')}M rows, ${d.name}, ${(statSync(csv).size / 2 ** 20).toFixed(0)} MB`;
    table.push(paired(`${size}: month 2026-11`, ['score', csv, '--as-of', '2026-11-27', '--quiet'], csv, a.pairs));
    table.push(paired(`${size}: whole log`, ['score', csv, '--as-of', '2026-11-30', '--from', d.start, '--to', d.end, '--quiet'], csv, a.pairs));
    // The default is two threads when two cores are idle (one on a machine with fewer); one thread is the comparison.
    if (d.reps === 40) {
      const one = { ...process.env, PERF_THREADS: '1' };
      table.push(paired(`${size}: month 2026-11, PERF_THREADS=1`, ['score', csv, '--as-of', '2026-11-27', '--quiet'], csv, a.pairs, one));
      table.push(paired(`${size}: whole log, PERF_THREADS=1`, ['score', csv, '--as-of', '2026-11-30', '--from', d.start, '--to', d.end, '--quiet'], csv, a.pairs, one));
    }
  }
  for (const rows of a.growth) {
    const d = { ...sets[0], rows };
    const csv = await ensure(a.dir, d);
    const size = `${(rows / 1e6).toLocaleString('en-US')}M rows, ${d.name}, ${(statSync(csv).size / 2 ** 20).toFixed(0)} MB`;
    table.push(paired(`${size}: month 2026-11`, ['score', csv, '--as-of', '2026-11-27', '--quiet'], csv, 1));
    table.push(paired(`${size}: whole log`, ['score', csv, '--as-of', '2026-11-30', '--from', d.start, '--to', d.end, '--quiet'], csv, 1));
  }
  const lines = [
    '# `perf score` benchmark',
    '',
    `Machine: ${machine()}; load average when the run ended: ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' / ')}.`,
    `Command: \`npm run bench:score\` (= \`node dist/bench/score.js --rows ${a.rows} --pairs ${a.pairs}${a.growth.map((g) => ` --growth ${g}`).join('')}\`). Each pair runs perf score, then DuckDB read_csv + rep × ISO-week aggregation, each its own process under \`/usr/bin/time\`; medians over the pairs, ratio = median of the per-pair ratios.`,
    '',
    '| case | pairs | perf wall (s) | perf peak RSS (MB) | DuckDB wall (s) | DuckDB peak RSS (MB) | perf ÷ DuckDB |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...table.map((r) => `| ${r.label} | ${r.perf.runs} | ${r.perf.wallSeconds.toFixed(2)} | ${r.perf.peakRssMB.toFixed(0)} | ${r.duck.wallSeconds.toFixed(2)} | ${r.duck.peakRssMB.toFixed(0)} | ${r.ratio.toFixed(2)} |`),
    '',
    `Goals: perf ÷ DuckDB ≤ 1.5 → ${table.filter((r) => r.ratio <= 1.5).length} of ${table.length} cases met; whole-log peak RSS ≤ 300 MB → ${table.filter((r) => r.label.includes('whole log') && r.perf.peakRssMB <= 300).length} of ${table.filter((r) => r.label.includes('whole log')).length} met.`,
    '',
  ];
  // Hand-written analysis below the marker survives a rerun.
  const MARK = '<!-- notes -->';
  const old = existsSync(a.out) ? readFileSync(a.out, 'utf8') : '';
  const notes = old.includes(MARK) ? old.slice(old.indexOf(MARK)) : `${MARK}\n`;
  mkdirSync(resolve(a.out, '..'), { recursive: true });
  writeFileSync(a.out, `${lines.join('\n')}\n${notes}`);
  process.stdout.write(lines.join('\n'));
}

await main();
