import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/perf.js');
export const FIXTURES = join(ROOT, 'fixtures');
export const fixture = (name: string) => join(FIXTURES, name);

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string | Buffer;
}

/** A clean environment: no colour, English unless asked, Shanghai unless the test says otherwise. */
const baseEnv = (env: RunOptions['env'] = {}) => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', NO_COLOR: '1', PERF_CONFIG: '', ...env }))
    if (v !== undefined && v !== '') out[k] = v;
  return out;
};

/** Runs the built CLI synchronously. */
export function perf(args: string[], opts: RunOptions = {}): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: baseEnv(opts.env),
    input: opts.input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the built CLI without blocking the event loop (for tests that also serve HTTP). */
export function perfAsync(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: baseEnv(opts.env) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
  });
}

/** A temporary folder removed by the returned cleanup. */
export function tempDir(prefix = 'perf-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const TIME_ZONES = ['UTC', 'Asia/Shanghai', 'America/Los_Angeles'] as const;

/**
 * Runs perf in this process (the sources, no build or Node start-up) and returns its exit code and stdout;
 * stderr is dropped. The environment is the clean one `perf()` uses, plus `env`.
 */
export async function perfInProcess(args: string[], env: RunOptions['env'] = {}): Promise<{ code: number; out: string }> {
  const { run } = await import('../../src/cli/program.js');
  const chunks: string[] = [];
  const { write } = process.stdout;
  const writeErr = process.stderr.write;
  const saved = process.env;
  process.env = baseEnv(env);
  // A write's callback must be called: perf awaits it before it records alerts as delivered (src/io/output.ts).
  const capture =
    (sink?: string[]) =>
    (c: string | Uint8Array, enc?: unknown, cb?: unknown): boolean => {
      sink?.push(String(c));
      const done = typeof enc === 'function' ? enc : typeof cb === 'function' ? cb : undefined;
      if (done) queueMicrotask(() => done());
      return true;
    };
  process.stdout.write = capture(chunks) as typeof write;
  process.stderr.write = capture() as typeof writeErr;
  try {
    const code = await run(['node', 'perf', ...args]);
    return { code, out: chunks.join('') };
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
    process.env = saved;
  }
}
