import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { EXIT, PerfError } from '../core/errors.js';
import { bi } from '../core/i18n.js';

const temporaries = new Set<string>();

function cleanTemporaries(): void {
  for (const t of temporaries) rmSync(t, { force: true });
  temporaries.clear();
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
  if ((policy.inputs ?? []).some((i) => i !== '-' && sameFile(i, full)))
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
 * Writes through a temporary file in the target folder, renamed into place only when complete: a crash,
 * Ctrl-C, SIGTERM or SIGHUP never leaves a half-written output or a stray temporary.
 */
export async function writeAtomic(path: string, produce: (tmpPath: string) => Promise<void> | void, policy: OutputPolicy = {}): Promise<void> {
  const full = checkOutputPath(path, policy);
  installHandlers();
  const tmp = join(dirname(full), `.${basename(full)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
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
 * Writes to stdout and resolves once the text was handed to the OS, rejecting when it could not be (a full
 * disk). A closed pipe (`| head`) counts as written: the reader stopped reading on purpose.
 */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (e) => (e && (e as NodeJS.ErrnoException).code !== 'EPIPE' ? reject(e) : resolve()));
  });
}
