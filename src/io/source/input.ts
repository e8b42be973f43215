import { createReadStream, close, open as openFd, read as readFd } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { ByteReader } from './zip.js';
import { unreadable } from './fatal.js';
import { noteInput } from '../output.js';

/** How many leading bytes are read up front to decide format, encoding and delimiter. */
export const HEAD_BYTES = 1 << 20;
/** Small enough that a chunk's rows are consumed while still in the young generation (≈20% faster than 1 MiB). */
const CHUNK_BYTES = 1 << 16;
/** bytes a read call asks for: several chunks (fileChunks) */
const READ_BYTES = 1 << 18;

/** The bytes of a file or of stdin: the head for sniffing, then every byte again from the start. */
export interface ByteInput {
  path: string;
  head: Buffer;
  /** The head is the whole input. */
  complete: boolean;
  /** bytes of a file; undefined for stdin */
  size?: number;
  /** Every byte from the start. A chunk may be overwritten by the next one: keep copies, not views. */
  chunks(): AsyncIterable<Buffer>;
  /** Bytes handed out by chunks() so far, and the input's size when known (for progress). */
  position(): { read: number; size: number | null };
  /** Random access for zip work: the file itself, or stdin collected in memory. */
  random(): Promise<ByteReader & { close(): Promise<void> }>;
  /** What a workbook's parts are streamed from: the file's path, or stdin's bytes. */
  streamPath(): string | Buffer;
}

export async function openInput(path: string, stdin?: NodeJS.ReadableStream): Promise<ByteInput> {
  return path === '-' ? openStdin(stdin ?? process.stdin) : openFile(path);
}

async function openFile(path: string): Promise<ByteInput> {
  let size: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw unreadable(path, 'this is a directory, not a file. Give the path of a .csv or .xlsx file.', '这是一个文件夹，不是文件。请给出 .csv 或 .xlsx 文件的路径。');
    // A named pipe, `<(…)` or a device cannot be read at an offset: read it once, front to back, as stdin is.
    if (!st.isFile()) return await openStdin(createReadStream(path, { highWaterMark: CHUNK_BYTES }), path);
    size = st.size;
  } catch (e) {
    throw fsError(path, e);
  }
  noteInput(path);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw fsError(path, e);
  }
  let head: Buffer;
  try {
    const buf = Buffer.allocUnsafe(Math.min(HEAD_BYTES, Math.max(size, 1)));
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead);
  } catch (e) {
    throw fsError(path, e);
  } finally {
    await handle.close();
  }
  if (head.length === 0) throw emptyFile(path);
  let read = 0;
  async function* chunks(): AsyncGenerator<Buffer> {
    for await (const chunk of fileChunks(path, 0, size)) {
      read += chunk.length;
      yield chunk;
    }
  }
  return {
    path,
    head,
    complete: head.length >= size,
    size,
    chunks,
    position: () => ({ read, size }),
    random: async () => {
      const fh = await open(path, 'r');
      return {
        size,
        read: async (position, length) => {
          const buf = Buffer.allocUnsafe(Math.max(0, Math.min(length, size - position)));
          const { bytesRead } = await fh.read(buf, 0, buf.length, position);
          return buf.subarray(0, bytesRead);
        },
        close: () => fh.close(),
      };
    },
    streamPath: () => path,
  };
}

async function openStdin(stream: NodeJS.ReadableStream, path = '-'): Promise<ByteInput> {
  const iterator = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < HEAD_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    parts.push(chunk);
    length += chunk.length;
  }
  const head = Buffer.concat(parts);
  if (head.length === 0) throw emptyFile(path);
  let consumed = false;
  let read = 0;
  async function* chunks(): AsyncGenerator<Buffer> {
    if (consumed) throw new Error(`${path === '-' ? 'stdin' : path} can be read only once`);
    consumed = true;
    read = head.length;
    yield head;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      read += chunk.length;
      yield chunk;
    }
  }
  let whole: Buffer | undefined;
  const all = async (): Promise<Buffer> => {
    if (!whole) {
      const rest: Buffer[] = [];
      for await (const c of chunks()) rest.push(c);
      whole = Buffer.concat(rest);
    }
    return whole;
  };
  let inMemory: Buffer | undefined;
  return {
    path,
    head,
    complete: done,
    chunks,
    position: () => ({ read, size: done ? head.length : null }),
    random: async () => {
      inMemory = await all();
      const buf = inMemory;
      return {
        size: buf.length,
        read: async (position, len) => buf.subarray(position, position + len),
        close: async () => {},
      };
    },
    streamPath: () => {
      if (!inMemory) throw new Error(`${path === '-' ? 'stdin' : path} must be collected before streaming a workbook`);
      return inMemory;
    },
  };
}

const readAt = (fd: number, buf: Buffer, length: number, position: number): Promise<number> =>
  new Promise((resolve, reject) => readFd(fd, buf, 0, length, position, (e, n) => (e ? reject(e) : resolve(n))));

/**
 * Bytes `from` to `to` of a file in 64 KiB chunks, read 256 KiB at a time into two buffers in turn: the
 * next read runs while the caller works on this one's chunks, each of which it must be done with when it
 * asks for the next. Reading 64 KiB a call, a 1M-row read spent ~50-150 ms in fs.read itself; parsing
 * bigger chunks was slower (15% at 512 KiB: a batch of rows outgrows the caches).
 * A ReadStream allocates a buffer per chunk and takes stream steps around it: on a 100 MB file that was
 * ~0.3 s of CPU (half of it in the kernel), reading into reused buffers ~0.08 s. Reading only when asked
 * left the thread idle ~14% of a 1M-row read, waiting for each chunk's read to come back.
 */
export async function* fileChunks(path: string, from: number, to: number): AsyncGenerator<Buffer> {
  const fd = await new Promise<number>((resolve, reject) => openFd(path, 'r', (e, fd) => (e ? reject(e) : resolve(fd))));
  const bufs = [Buffer.allocUnsafeSlow(READ_BYTES), Buffer.allocUnsafeSlow(READ_BYTES)];
  let next: Promise<number> | null = null;
  try {
    let at = from;
    const ahead = (i: number) => (at < to ? readAt(fd, bufs[i], Math.min(READ_BYTES, to - at), at) : null);
    next = ahead(0);
    for (let i = 0; next; i ^= 1) {
      const n = await next;
      next = null;
      if (n === 0) return;
      at += n;
      next = ahead(i ^ 1);
      for (let k = 0; k < n; k += CHUNK_BYTES) yield bufs[i].subarray(k, Math.min(n, k + CHUNK_BYTES));
    }
  } finally {
    // A read still running when the caller stops must end before its descriptor is closed.
    if (next) await next.catch(() => 0);
    close(fd, () => {});
  }
}

const emptyFile = (path: string): Error =>
  unreadable(path, 'the file is empty (0 bytes). Export the data again from your CRM.', '文件是空的（0 字节）。请从 CRM 重新导出数据。');

function fsError(path: string, e: unknown): Error {
  if (e instanceof Error && e.name === 'PerfError') return e;
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return unreadable(path, 'no such file. Check the path and the file name (and its extension).', '文件不存在。请检查路径和文件名（包括扩展名）。');
    case 'EISDIR':
      return unreadable(path, 'this is a directory, not a file. Give the path of a .csv or .xlsx file.', '这是一个文件夹，不是文件。请给出 .csv 或 .xlsx 文件的路径。');
    case 'EACCES':
    case 'EPERM':
      return unreadable(path, 'permission denied: perf may not read this file. Check its permissions (or copy it somewhere you can read).', '没有读取权限。请检查文件权限（或复制到可读取的位置）。');
    default:
      return unreadable(path, `cannot read the file (${code ?? String(e)}).`, `无法读取文件（${code ?? String(e)}）。`);
  }
}
