/**
 * The examples in README.md and docs/ are what the tool prints today: each page is regenerated from real
 * runs (scripts/docs.ts, the same code as `npm run docs`) and must equal the committed text.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentedPages, renderPage, sessionCommands, sessionEnv, shell, ROOT } from '../../scripts/docs.js';
import { inProcessState } from '../cli/helpers.js';

/** `sales-perf ARGS`, then at most `> /dev/null`, a pipe into head or grep, `; echo "exit $?"`: the forms the pages use. */
const SIMPLE = /^sales-perf ((?:[^|;>&<$`\\'"]|\\\n|'[^']*'|"[^"$`\\]*")+?)( > \/dev\/null)?((?: \| (?:head|grep) [^|;>&<$`]+)*)(; echo "exit \$\?")?$/;

/** The words of ARGS as sh splits them (quotes and line continuations only: SIMPLE lets nothing else through). */
const words = (args: string): string[] =>
  [...args.replace(/\\\n/g, ' ').matchAll(/(?:'([^']*)'|"([^"]*)"|(\S+))/g)].map((m) => m[1] ?? m[2] ?? m[3]);

/**
 * Runs an example in this process, as `npm run docs` would run it through sh (no Node start-up per example):
 * perf's stdout and stderr interleaved in the order written, a pipe's tail given perf's stdout. Any other
 * form goes through sh as `npm run docs` runs it.
 */
async function inProcess(command: string, scratch: string): Promise<string> {
  const m = SIMPLE.exec(command);
  if (!m || (m[3] && m[4])) return shell(command, scratch);
  const [, args, devNull, pipe, echo] = m;
  const { run } = await import('../../src/cli/program.js');
  let both = '';
  const env = { ...Object.fromEntries(Object.keys(process.env).map((k) => [k, undefined])), ...sessionEnv(scratch) };
  const r = await inProcessState({ cwd: scratch, env }, () => {
    for (const [stream, shown] of [[process.stdout, !devNull && !pipe], [process.stderr, true]] as const) {
      const write = stream.write;
      stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
        if (shown) both += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        return write.call(stream, chunk, ...rest);
      }) as typeof write;
    }
    return run(['node', 'sales-perf', ...words(args)]);
  });
  if (pipe) {
    const piped = spawnSync('sh', ['-c', pipe.replace(/^ \| /, '')], { cwd: scratch, env: sessionEnv(scratch), input: r.stdout, encoding: 'utf8' }).stdout;
    // Through sh, perf's stderr and the pipe's output meet in whatever order the machine gives: no fixed text.
    if (piped && r.stderr) throw new Error(`${command}: prints both through the pipe and on stderr; add -q or 2>&1 to the example`);
    both = piped || r.stderr;
  }
  return echo ? `${both}exit ${r.code}\n` : both;
}

describe('documentation examples', () => {
  it('finds the sessions of a block, continuation lines included', () => {
    expect(sessionCommands('$ sales-perf a \\\n  --b\nout\n$ echo $?\n0\n')).toEqual(['sales-perf a \\\n  --b', 'echo $?']);
  });

  it('README is short enough to read in five minutes (≤ 15 KB)', () => {
    expect(readFileSync(join(ROOT, 'README.md')).length).toBeLessThanOrEqual(15 * 1024);
  });

  it('the README\'s first command runs the main job on the fixtures, pinned to a date: it does not rot into a stale-data refusal', async () => {
    const install = /```sh\nnpm install && npx (sales-perf [^\n]+)\n```/.exec(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    expect(install).not.toBeNull();
    const command = install![1];
    // Without --as-of it would read the November 2026 fixtures as of the day it runs: refused from 2027-02-25.
    expect(command).toMatch(/ --as-of \d{4}-\d\d-\d\d/);
    const out = await inProcess(`${command}; echo "exit $?"`, ROOT);
    expect(out).toMatch(/exit 0\n$/);
    expect(out).toContain('company target');
  });

  it('no page tells users to type a bare `perf` (Linux\'s profiler)', () => {
    for (const page of documentedPages()) {
      const text = readFileSync(join(ROOT, page), 'utf8');
      expect(text.match(/^\$ perf |`perf [a-z]|npx perf /gm), page).toBeNull();
    }
  });

  it.each(documentedPages())('%s matches a fresh run (else: npm run docs)', async (page) => {
    const committed = readFileSync(join(ROOT, page), 'utf8');
    expect(await renderPage(committed, ROOT, inProcess)).toBe(committed);
  });
});
