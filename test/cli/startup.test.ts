/** Start-up: each command loads only the libraries it uses (the time itself is measured in bench/startup.ts). */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from './helpers.js';

const { dir, cleanup } = tempDir('perf-startup-');
afterAll(cleanup);

// A module-resolution hook that appends every package a run imports to a file.
const hooks = join(dir, 'hooks.mjs');
writeFileSync(
  hooks,
  `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(r.url);
  if (m) appendFileSync(process.env.PERF_IMPORTS, m[1] + '\\n');
  return r;
}
`,
);
const register = join(dir, 'register.mjs');
writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);

let n = 0;
function packagesLoaded(args: string[]): Set<string> {
  const log = join(dir, `imports-${n++}.txt`);
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, PERF_IMPORTS: log, NO_COLOR: '1', LANG: 'en_US.UTF-8' },
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  return new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean));
}

const HEAVY = ['exceljs', 'vega', 'vega-lite', '@resvg/resvg-js', 'better-sqlite3', 'ical-generator'];

describe('start-up', () => {
  it('--version loads none of the libraries the commands use', () => {
    const loaded = packagesLoaded(['--version']);
    for (const p of [...HEAVY, 'zod', 'csv-parse', 'iconv-lite']) expect(loaded, p).not.toContain(p);
  });

  it('inspect of a CSV and a forecast without -o load no workbook, chart or database library', () => {
    for (const args of [['inspect', 'fixtures/deals.csv'], ['forecast', 'fixtures/deals.csv', '--as-of', '2026-11-27']]) {
      const loaded = packagesLoaded(args);
      for (const p of HEAVY) expect(loaded, `${args[0]}: ${p}`).not.toContain(p);
    }
  });

  it('inspect of an XLSX reads it without loading exceljs (its own parser, saxes, is enough)', () => {
    const loaded = packagesLoaded(['inspect', 'fixtures/activity.xlsx']);
    expect(loaded).toContain('saxes');
    for (const p of HEAVY) expect(loaded, p).not.toContain(p);
  });
});
