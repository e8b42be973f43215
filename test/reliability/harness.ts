import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { perf, perfAsync, tempDir, type RunOptions, type RunResult } from '../cli/helpers.js';

/** The subcommands the built CLI has right now (commands land one by one; the matrices skip the rest). */
export const AVAILABLE: ReadonlySet<string> = (() => {
  const help = perf(['--help']).stdout;
  const block = help.split(/\nCommands:\n/)[1]?.split(/\n\n/)[0] ?? '';
  return new Set([...block.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]).filter((c) => c !== 'help'));
})();

/** Parallel CLI runs per test file: CI machines have two cores. */
const LIMIT = Number(process.env.PERF_TEST_JOBS ?? 2);
let running = 0;
const queue: (() => void)[] = [];

/**
 * Runs the built CLI asynchronously, at most two at a time (CI machines have two cores): the tests of
 * a file can then be `concurrent` without starving each other.
 */
export async function run(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  if (running >= LIMIT) await new Promise<void>((r) => queue.push(r));
  running++;
  try {
    return await perfAsync(args, opts);
  } finally {
    running--;
    queue.shift()?.();
  }
}

/** What every run must satisfy: no stack trace, no "unexpected error" (exit 1 is a bug on bad input). */
export function expectClean(r: RunResult, what = ''): void {
  const both = `${r.stdout}\n${r.stderr}`;
  expect(both, `${what}: stack trace`).not.toMatch(/^\s+at .+[:(]/m);
  expect(both, `${what}: unexpected error`).not.toMatch(/unexpected error|意外错误/);
  expect(r.code, `${what}: exit 1 means perf crashed\n${r.stderr}`).not.toBe(1);
}

export const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A file's bytes and mode, to prove perf left its input alone. */
export function fingerprint(path: string): string | null {
  try {
    const st = statSync(path);
    return st.isFile() ? `${sha256(path)} ${st.size} ${st.mode} ${st.mtimeMs}` : null;
  } catch {
    return null; // missing or unreadable to the test as well
  }
}

/** Everything in a folder, temporaries (`.NAME.tmp-*`) included. */
export const listing = (dir: string): string[] => readdirSync(dir).sort();

export const temporaries = (dir: string): string[] => listing(dir).filter((f) => /\.tmp-/.test(f));

/** Fresh numbered folders under one temporary root, removed after the test file. */
export function folders(prefix: string): () => string {
  const tmp = tempDir(prefix);
  afterAll(tmp.cleanup);
  let n = 0;
  return () => {
    const d = join(tmp.dir, `d${n++}`);
    mkdirSync(d);
    return d;
  };
}
