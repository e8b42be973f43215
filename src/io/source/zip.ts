import { inflateRawSync } from 'node:zlib';
import { unreadable } from './fatal.js';

/** Random access to the bytes of a file or an in-memory buffer. */
export interface ByteReader {
  size: number;
  read(position: number, length: number): Promise<Buffer>;
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const damaged = (path: string): Error =>
  unreadable(
    path,
    'the file is damaged or truncated (its zip directory cannot be read). Open it in Excel or WPS and save it again as .xlsx, or export it as CSV (UTF-8).',
    '文件已损坏或不完整（无法读取 zip 目录）。请用 Excel 或 WPS 打开后重新另存为 .xlsx，或导出为 CSV（UTF-8）。',
  );

/** Reads the central directory only: names and sizes, before anything is unpacked. */
export async function readZipDirectory(path: string, src: ByteReader): Promise<ZipEntry[]> {
  const tailLength = Math.min(src.size, 65557);
  const tail = await src.read(src.size - tailLength, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw damaged(path);
  let count = tail.readUInt16LE(at + 10);
  let dirSize = tail.readUInt32LE(at + 12);
  let dirOffset = tail.readUInt32LE(at + 16);
  if ((count === 0xffff || dirOffset === 0xffffffff || dirSize === 0xffffffff) && at >= 20 && tail.readUInt32LE(at - 20) === ZIP64_LOCATOR) {
    const z64 = await src.read(Number(tail.readBigUInt64LE(at - 12)), 56);
    if (z64.length < 56 || z64.readUInt32LE(0) !== ZIP64_EOCD) throw damaged(path);
    count = Number(z64.readBigUInt64LE(32));
    dirSize = Number(z64.readBigUInt64LE(40));
    dirOffset = Number(z64.readBigUInt64LE(48));
  }
  if (dirOffset + dirSize > src.size) throw damaged(path);
  const dir = await src.read(dirOffset, dirSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL) throw damaged(path);
    const nameLength = dir.readUInt16LE(p + 28);
    const extraLength = dir.readUInt16LE(p + 30);
    const commentLength = dir.readUInt16LE(p + 32);
    const entry: ZipEntry = {
      name: dir.toString('utf8', p + 46, p + 46 + nameLength),
      method: dir.readUInt16LE(p + 10),
      compressedSize: dir.readUInt32LE(p + 20),
      uncompressedSize: dir.readUInt32LE(p + 24),
      localHeaderOffset: dir.readUInt32LE(p + 42),
    };
    readZip64Extra(dir.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength), entry);
    entries.push(entry);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Sizes of 0xFFFFFFFF live in the zip64 extra field, in this order, only when saturated. */
function readZip64Extra(extra: Buffer, entry: ZipEntry): void {
  for (let q = 0; q + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(q);
    const size = extra.readUInt16LE(q + 2);
    if (id === 1) {
      let r = q + 4;
      const next = (): number => {
        const v = r + 8 <= q + 4 + size ? Number(extra.readBigUInt64LE(r)) : 0;
        r += 8;
        return v;
      };
      if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
    }
    q += 4 + size;
  }
}

/** Where an entry's packed bytes start, read from its local header. */
export async function entryDataStart(path: string, src: ByteReader, entry: ZipEntry): Promise<number> {
  const header = await src.read(entry.localHeaderOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL) throw damaged(path);
  if (entry.method !== 0 && entry.method !== 8) throw damaged(path);
  return entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
}

/** Unpacks one small part (workbook.xml, rels, mimetype); `limit` caps the inflated size. */
export async function readZipEntry(path: string, src: ByteReader, entry: ZipEntry, limit: number): Promise<Buffer> {
  const start = await entryDataStart(path, src, entry);
  const data = await src.read(start, entry.compressedSize);
  if (data.length < entry.compressedSize) throw damaged(path);
  if (entry.method === 0) return data;
  try {
    return inflateRawSync(data, { maxOutputLength: limit });
  } catch {
    throw damaged(path);
  }
}
