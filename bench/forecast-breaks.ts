/**
 * Break-aware `auto` on M3 windows that end in a break: how much the rule costs where a 3-month swing is
 * mostly a season or a blip that reverts, not a new level (the opposite of Olist's collapse).
 *   node dist/bench/forecast-breaks.js [dataDir] [--out file.md]
 * Windows: the last L months (L = 9 … 36) before three cuts of each M3 monthly series (the end of its training
 * months, 6 and 12 months before it) whose months end in a break by detectBreak; each forecasts the next 3
 * months. dataDir (default ../shared/data/m3) holds m3_monthly_{train,test}.csv.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LAGGING, type Candidate } from '../src/core/forecast/auto.js';
import { detectBreak, forecast, SELECT_CANDIDATES, selectOnHistory, type MethodName } from '../src/core/forecast/index.js';
import { readLong } from './lib/m3.js';

const H = 3;
const LENGTHS = [9, 12, 18, 24, 30, 36];
const CUTS = [0, 6, 12];

/** The lowest-scored candidate outside `barred` (ties: listed order), as the selection picks. */
function contest(y: readonly number[], barred: readonly Candidate[]): MethodName {
  const candidates = SELECT_CANDIDATES.filter((c) => c !== 'moq' || y.length < 24);
  const sel = selectOnHistory(y, H, candidates)!;
  const allowed = candidates.filter((c) => !barred.includes(c));
  return allowed.reduce((b, c) => ((sel.errors[c] ?? Infinity) < (sel.errors[b] ?? Infinity) ? c : b), allowed[0]);
}

const ROWS: Array<[string, (y: readonly number[]) => readonly number[]]> = [
  ['contest without the break rule (the former auto)', (y) => forecast(y, H, { method: contest(y, []), nonNegative: true }).mean],
  ['**auto**: SBA and the static target barred after a break', (y) => forecast(y, H, { nonNegative: true }).mean],
  ['seasonal naive barred too', (y) => forecast(y, H, { method: contest(y, [...LAGGING, 'snaive']), nonNegative: true }).mean],
  ['naive after every break', (y) => new Array<number>(H).fill(y[y.length - 1])],
];

function main(): void {
  const args = process.argv.slice(2);
  const i = args.indexOf('--out');
  const outFile = resolve(process.cwd(), i >= 0 ? args[i + 1] : 'bench/results/forecast-breaks.md');
  const dir = resolve(process.cwd(), args.find((a, k) => !a.startsWith('--') && args[k - 1] !== '--out') ?? '../shared/data/m3');
  const train = readLong(resolve(dir, 'm3_monthly_train.csv'));
  const test = readLong(resolve(dir, 'm3_monthly_test.csv'));
  const table = ROWS.map(([name]) => [name]);
  const windows: number[] = [];
  for (const L of LENGTHS) {
    const err = ROWS.map(() => 0);
    let actual = 0;
    let count = 0;
    for (const [id, tr] of train) {
      const full = [...tr, ...(test.get(id) ?? [])];
      for (const back of CUTS) {
        const cut = tr.length - back;
        if (cut < L) continue;
        const y = full.slice(cut - L, cut);
        if (!detectBreak(y)) continue;
        const next = full.slice(cut, cut + H);
        count++;
        actual += next.reduce((s, v) => s + Math.abs(v), 0);
        ROWS.forEach(([, f], r) => {
          const m = f(y);
          err[r] += next.reduce((s, v, k) => s + Math.abs(v - Math.max(0, m[k])), 0);
        });
      }
    }
    windows.push(count);
    err.forEach((e, r) => table[r].push(`${((100 * e) / actual).toFixed(2)}%`));
  }
  const md = [
    '# Break-aware auto on M3 windows ending in a break',
    '',
    `WAPE of the next ${H} months over the windows of the last L months before 3 cuts of each M3 monthly series (its training end, 6 and 12 months before) that end in a collapse or surge by detectBreak.`,
    '',
    `| forecast | ${LENGTHS.map((L, k) => `L = ${L} (${windows[k]} windows)`).join(' | ')} |`,
    `|---|${LENGTHS.map(() => '---:').join('|')}|`,
    ...table.map((r) => `| ${r.join(' | ')} |`),
    '',
    `Command: \`node dist/bench/forecast-breaks.js\`, Node ${process.version}.`,
  ].join('\n');
  process.stdout.write(md + '\n');
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, md + '\n');
}

main();
