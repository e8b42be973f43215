import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, linkSync, mkdirSync, mkdtempSync, openSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { EXIT, PerfError } from '../core/errors.js';
import { bi } from '../core/i18n.js';

const temporaries = new Set<string>();

function cleanTemporaries(): void {
  for (const t of temporaries) rmSync(t, { force: true });
  temporaries.clear();
}

/** Every file this run has read (data, roster, targets, config, state): never an output, --force or not. */
const readPaths = new Set<string>();

/** Records a file the run reads; every later output check refuses it. */
export function noteInput(path: string): void {
  if (path !== '-') readPaths.add(resolve(path));
}

/** A new run starts with nothing read: a file an earlier run in this process read may be this run's output. */
export function forgetInputs(): void {
  readPaths.clear();
}

/** For `perf init --force` only: replacing the config the run started with is that command's job. */
export function releaseInput(path: string): void {
  readPaths.delete(resolve(path));
}

let handlersInstalled = false;
function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  // 128 + signal number, as a shell reports a process killed by that signal.
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.on(signal, () => {
      cleanTemporaries();
      process.exit(code);
    });
  }
  process.on('exit', cleanTemporaries);
}

export interface OutputPolicy {
  force?: boolean;
  /** Paths the command reads: an output may never overwrite one. */
  inputs?: string[];
}

const exists = (path: string): PerfError =>
  new PerfError(EXIT.usage, bi(`${path} already exists; add --force to replace it`, `${path} 已存在；如需覆盖请加 --force`));

/** The same file reached through another name: a symlink, a hard link, `./x` vs `x`. */
function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/** Refuses an output path before any work is done, so a long run never fails at the very end. */
export function checkOutputPath(path: string, policy: OutputPolicy = {}): string {
  if (path === '-') return path;
  const full = resolve(path);
  const dir = dirname(full);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new PerfError(EXIT.usage, bi(`cannot write ${path}: folder ${dir} does not exist`, `无法写入 ${path}：目录 ${dir} 不存在`));
  if ([...(policy.inputs ?? []), ...readPaths].some((i) => i !== '-' && sameFile(i, full)))
    throw new PerfError(EXIT.usage, bi(`refusing to write ${path}: it is one of the input files`, `拒绝写入 ${path}：它是输入文件之一`));
  if (existsSync(full)) {
    if (statSync(full).isDirectory())
      throw new PerfError(EXIT.usage, bi(`cannot write ${path}: it is a folder`, `无法写入 ${path}：这是一个目录`));
    if (!policy.force) throw exists(path);
  }
  return full;
}

/** Moves the finished temporary into place; without --force a file that appeared meanwhile is never replaced. */
function publish(tmp: string, full: string, path: string, force: boolean): void {
  if (force) {
    renameSync(tmp, full);
    return;
  }
  try {
    // link() fails if the name exists, where rename() would silently replace it.
    linkSync(tmp, full);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw exists(path);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw e;
    // A file system without hard links (some network and FUSE mounts): check, then rename.
    if (existsSync(full)) throw exists(path);
    renameSync(tmp, full);
    return;
  }
  rmSync(tmp, { force: true });
}

/**
 * A short hidden name in the target folder (same file system, so the final rename is atomic). It does not
 * repeat the output's name: a 245-byte output name would push it past NAME_MAX (255 bytes).
 */
const temporaryName = (dir: string): string => join(dir, `.tmp-${process.pid.toString(36)}-${randomBytes(4).toString('hex')}`);

/**
 * Writes through a temporary file in the target folder, renamed into place only when complete: a crash,
 * Ctrl-C, SIGTERM or SIGHUP never leaves a half-written output or a stray temporary.
 */
export async function writeAtomic(path: string, produce: (tmpPath: string) => Promise<void> | void, policy: OutputPolicy = {}): Promise<void> {
  const full = checkOutputPath(path, policy);
  installHandlers();
  const tmp = temporaryName(dirname(full));
  temporaries.add(tmp);
  try {
    await produce(tmp);
    publish(tmp, full, path, Boolean(policy.force));
  } catch (e) {
    rmSync(tmp, { force: true });
    if (e instanceof PerfError) throw e;
    throw new PerfError(EXIT.usage, bi(`cannot write ${path}: ${(e as Error).message}`, `无法写入 ${path}：${(e as Error).message}`));
  } finally {
    temporaries.delete(tmp);
  }
}

export async function writeTextFile(path: string, text: string | Buffer, policy: OutputPolicy = {}): Promise<void> {
  if (path === '-') {
    process.stdout.write(text);
    return;
  }
  await writeAtomic(path, (tmp) => writeFileSync(tmp, text), policy);
}

/**
 * {@link writeTextFile} for a text made piece by piece (a JSON document read from spools): never held
 * whole. Stdout takes each piece once the previous one was handed to the OS; a file is still written
 * through a temporary renamed into place when complete.
 */
export async function writeTextChunks(path: string, chunks: Iterable<string>, policy: OutputPolicy = {}): Promise<void> {
  if (path === '-') {
    for (const chunk of chunks) {
      await writeStdout(chunk);
      // A reader that stopped (`| head`) has what it wanted: reading the rest of the spools would be for nothing.
      if (process.stdout.destroyed) return;
    }
    return;
  }
  await writeAtomic(path, (tmp) => {
    const fd = openSync(tmp, 'w');
    try {
      for (const chunk of chunks) writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
  }, policy);
}

export interface OutputFile {
  /** a plain file name inside the folder */
  name: string;
  data: string | Buffer;
}

/**
 * Refuses a folder output before any work is done: the folder is a file, or one of the files would
 * replace an input or (without --force) an existing file. A folder that does not exist yet passes.
 */
export function checkOutputFiles(dir: string, names: readonly string[], policy: OutputPolicy = {}): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory())
    throw new PerfError(EXIT.usage, bi(`cannot write into ${dir}: it is a file, not a folder`, `无法写入 ${dir}：它是文件，不是目录`));
  for (const name of names) checkOutputPath(join(dir, name), policy);
}

/**
 * Writes several files into DIR as one output, all or nothing: every target is checked first, the files
 * are written into a temporary folder inside DIR, then moved into place. A failure at any point (a full
 * disk, a file that appeared meanwhile, a signal) leaves DIR as it was: files replaced under --force are
 * put back, and a DIR created for this run is removed again. Returns the paths written.
 */
export function writeFiles(dir: string, files: readonly OutputFile[], policy: OutputPolicy = {}): string[] {
  checkOutputFiles(dir, files.map((f) => f.name), policy);
  const root = resolve(dir);
  // Synchronous from here on: a signal is handled before or after, never between two files.
  let created: string | undefined;
  let tmp: string | undefined;
  const placed: { full: string; backup?: string; published: boolean }[] = [];
  try {
    created = mkdirSync(root, { recursive: true });
    tmp = mkdtempSync(join(root, '.tmp-'));
    files.forEach((f, i) => writeFileSync(join(tmp!, String(i)), f.data));
    files.forEach((f, i) => {
      const full = join(root, f.name);
      const entry: (typeof placed)[number] = { full, published: false };
      placed.push(entry);
      if (policy.force && existsSync(full)) {
        entry.backup = join(tmp!, `old-${i}`);
        renameSync(full, entry.backup);
      }
      publish(join(tmp!, String(i)), full, join(dir, f.name), Boolean(policy.force));
      entry.published = true;
    });
  } catch (e) {
    for (const p of placed.reverse()) {
      if (p.published) rmSync(p.full, { force: true });
      if (p.backup) renameSync(p.backup, p.full);
    }
    if (created) rmSync(created, { recursive: true, force: true });
    if (e instanceof PerfError) throw e;
    throw new PerfError(EXIT.usage, bi(`cannot write into ${dir}: ${(e as Error).message}`, `无法写入 ${dir}：${(e as Error).message}`));
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
  return placed.map((p) => p.full);
}

/**
 * Writes to stdout and resolves once the text was handed to the OS, rejecting when it could not be (a full
 * disk). A closed pipe (`| head`) counts as written: the reader stopped reading on purpose.
 */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (e) => (e && (e as NodeJS.ErrnoException).code !== 'EPIPE' ? reject(e) : resolve()));
  });
}
