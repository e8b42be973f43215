/** `npm run bench`: every benchmark in turn, each writing its table to bench/results/. */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
let failed = 0;
for (const name of ['startup', 'inspect', 'score', 'forecast-m3', 'forecast-real']) {
  process.stderr.write(`\n=== bench ${name}\n`);
  const r = spawnSync(process.execPath, [join(root, 'dist/bench', `${name}.js`), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
