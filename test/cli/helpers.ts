import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';

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

let inProcessQueue: Promise<unknown> = Promise.resolve();

/**
 * Runs perf in this process (the sources: no build, no Node start-up) with the same options as `perf()`:
 * the clean environment plus `env` (TZ included: Node re-reads it when process.env.TZ is set), `cwd`, and
 * `input` as stdin. Runs are queued, because a run owns the process's stdout, stderr, environment and
 * working folder while it lasts. Spawn (`perf`/`perfAsync`) what must be its own process: memory limits,
 * signals, exit-on-pipe-close, Node options.
 */
export function perfInProcess(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const next = inProcessQueue.then(() => runInProcess(args, opts));
  inProcessQueue = next.catch(() => undefined);
  return next;
}

async function runInProcess(args: string[], opts: RunOptions): Promise<RunResult> {
  const { run } = await import('../../src/cli/program.js');
  return inProcessState(opts, () => run(['node', 'perf', ...args]));
}

/** Gives `fn` the process a spawned run would have (environment, TZ, cwd, stdin) and captures its output. */
export async function inProcessState(opts: RunOptions, fn: () => Promise<number>): Promise<RunResult> {
  const out: string[] = [];
  const err: string[] = [];
  const { write } = process.stdout;
  const writeErr = process.stderr.write;
  const stdin = Object.getOwnPropertyDescriptor(process, 'stdin');
  const savedEnv = { ...process.env };
  const cwd = process.cwd();
  // The real process.env is edited in place (not replaced) so that setting TZ takes effect.
  const setEnv = (env: Record<string, string | undefined>) => {
    for (const k of Object.keys(process.env)) if (!(k in env)) delete process.env[k];
    for (const [k, v] of Object.entries(env)) if (v !== undefined && process.env[k] !== v) process.env[k] = v;
  };
  // A write's callback must be called: perf awaits it before it records alerts as delivered (src/io/output.ts).
  const capture =
    (sink: string[]) =>
    (c: string | Uint8Array, enc?: unknown, cb?: unknown): boolean => {
      sink.push(typeof c === 'string' ? c : Buffer.from(c).toString('utf8'));
      const done = typeof enc === 'function' ? enc : typeof cb === 'function' ? cb : undefined;
      if (done) queueMicrotask(() => done());
      return true;
    };
  process.stdout.write = capture(out) as typeof write;
  process.stderr.write = capture(err) as typeof writeErr;
  if (opts.input !== undefined) {
    const input = Readable.from([Buffer.from(opts.input)]);
    Object.defineProperty(process, 'stdin', { configurable: true, get: () => input });
  }
  setEnv(baseEnv(opts.env));
  if (opts.cwd) process.chdir(opts.cwd);
  try {
    const code = await fn();
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
    if (stdin) Object.defineProperty(process, 'stdin', stdin);
    setEnv(savedEnv);
    process.chdir(cwd);
    process.exitCode = undefined;
  }
}
