/**
 * `perf score` at scale: generates a 1,000,000-row activity CSV, then measures in the same run, each
 * as its own process under /usr/bin/time (wall, peak RSS; median of --runs):
 *   1. perf score on it (one streaming pass: read, convert, score);
 *   2. a plain csv-parse read of the file (array rows, no conversion);
 *   3. DuckDB: the weekly aggregation (rep × ISO week: count by type, distinct customers) over read_csv.
 *
 *   node dist/bench/score.js [--rows 1000000] [--runs 3] [--dir /tmp/perf-bench-score] [--out bench/results/score.md]
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generate } from './generate.js';
import { machine, measure } from './lib/measure.js';

const ROOT = resolve(import.meta.dirname, '../..');

interface Args {
  rows: number;
  runs: number;
  dir: string;
  out: string;
}

function args(argv: string[]): Args {
  const a: Args = { rows: 1_000_000, runs: 3, dir: '/tmp/perf-bench-score', out: join(ROOT, 'bench/results/score.md') };
  for (let i = 0; i < argv.length; i += 2) {
    const v = argv[i + 1];
    if (argv[i] === '--rows') a.rows = Number(v);
    else if (argv[i] === '--runs') a.runs = Number(v);
    else if (argv[i] === '--dir') a.dir = v;
    else if (argv[i] === '--out') a.out = v;
    else throw new Error(`unknown option ${argv[i]}`);
  }
  return a;
}

const CSV_PARSE = `
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
let n = 0;
for await (const row of createReadStream(process.argv[1]).pipe(parse({ relax_column_count: true }))) n += row.length > 0 ? 1 : 0;
console.log(n);
`;

// Same aggregation the score's Weekly detail makes: rep × ISO week, count by type, distinct customers.
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

async function main(): Promise<void> {
  const a = args(process.argv.slice(2));
  mkdirSync(a.dir, { recursive: true });
  const csv = join(a.dir, 'activities.csv');
  if (!existsSync(csv) || statSync(csv).size === 0 || process.env.REGENERATE) {
    process.stderr.write(`generating ${a.rows} activity rows into ${a.dir} …\n`);
    await generate({ kind: 'activities', rows: a.rows, reps: 40, teams: 4, customers: 2000, seed: 7, start: '2024-01-01', end: '2026-11-30', lang: 'en', format: 'csv', encoding: 'utf-8', out: a.dir });
  }
  const sizeMB = statSync(csv).size / 1024 / 1024;
  const node = process.execPath;
  const cases: [string, string[]][] = [
    ['perf score (stream: read + convert + score, month 2026-11)', [node, 'bin/perf.js', 'score', csv, '--as-of', '2026-11-27', '--quiet']],
    ['perf score --from 2024-01-01 --to 2026-11-30 (whole log)', [node, 'bin/perf.js', 'score', csv, '--as-of', '2026-11-30', '--from', '2024-01-01', '--to', '2026-11-30', '--quiet']],
    ['perf inspect (read + convert only, same reader)', [node, 'bin/perf.js', 'inspect', csv, '--kind', 'activities']],
    ['csv-parse 6, array rows (no conversion)', [node, '--input-type=module', '-e', CSV_PARSE, csv]],
    ['DuckDB read_csv + weekly aggregation', [node, '--input-type=module', '-e', DUCKDB, csv]],
  ];
  const results = cases.map(([label, cmd]) => {
    const m = measure(label, cmd, a.runs, process.env, ROOT);
    process.stderr.write(`${label}: ${m.wallSeconds.toFixed(2)} s, ${m.peakRssMB.toFixed(0)} MB\n`);
    return { label, wall: m.wallSeconds, rssMB: m.peakRssMB };
  });
  const duck = results.find((r) => r.label.startsWith('DuckDB'))!.wall;
  const score = results[0];
  const lines = [
    '# `perf score` benchmark',
    '',
    `Machine: ${machine()}.`,
    `Input: ${a.rows.toLocaleString('en-US')}-row activity CSV (${sizeMB.toFixed(0)} MB) from \`bench/generate.ts\` (seed 7, 40 reps, 2,000 customers, 2024-01 … 2026-11).`,
    `Command: \`npm run bench:score\` (= \`node dist/bench/score.js --rows ${a.rows} --runs ${a.runs}\`); each line is its own process under \`/usr/bin/time\`, median of ${a.runs} runs.`,
    '',
    '| what | wall (s) | peak RSS (MB) | × DuckDB wall |',
    '|---|---:|---:|---:|',
    ...results.map((r) => `| ${r.label} | ${r.wall.toFixed(2)} | ${r.rssMB.toFixed(0)} | ${(r.wall / duck).toFixed(2)} |`),
    '',
    `Goal: perf score within 1.5× DuckDB's wall time and under 300 MB peak RSS → ` +
      `${score.wall <= 1.5 * duck ? 'time met' : `time missed (${(score.wall / duck).toFixed(2)}×)`}, ` +
      `${score.rssMB < 300 ? 'memory met' : 'memory missed'} (${score.rssMB.toFixed(0)} MB).`,
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
