/**
 * Start-up: how long a user waits for the smallest runs, against bare `node -e 0` measured in the same run,
 * and which heavy modules each loads (they must load only when a command needs them).
 * Usage: node dist/bench/startup.js
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { machine, markdownTable, measure } from './lib/measure.js';

const root = resolve(import.meta.dirname, '../..');
const perf = (...args: string[]) => [process.execPath, join(root, 'bin/perf.js'), ...args, '--quiet'];
const runs = 5;
const node = measure('node -e 0 (bare Node start)', [process.execPath, '-e', '0'], runs);
const rows = [
  node,
  measure('perf --version', [process.execPath, join(root, 'bin/perf.js'), '--version'], runs),
  measure('perf --help', [process.execPath, join(root, 'bin/perf.js'), '--help'], runs),
  measure('perf inspect fixtures/deals.csv', perf('inspect', 'fixtures/deals.csv'), runs, process.env, root),
  measure('perf forecast fixtures/deals.csv', perf('forecast', 'fixtures/deals.csv', '--as-of', '2026-11-27'), runs, process.env, root),
];
const report = `# Start-up

Machine: ${machine()}. Medians of ${runs} runs, whole process. Goals: \`--version\` ≤ 0.1 s above Node's own start,
fixtures forecast ≤ 1 s on an idle machine.
Command: \`npm run build && node dist/bench/startup.js\`

${markdownTable(rows, node)}
`;
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/startup.md'), report);
process.stdout.write(report);
