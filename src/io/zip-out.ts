import { writeSync } from 'node:fs';
import { constants, deflateRawSync } from 'node:zlib';

/**
 * A zip archive written entry by entry to a file descriptor, each entry from pieces of text or bytes
 * so that none is held whole (a worksheet of a million rows). Each batch of about a megabyte is
 * deflated on its own and ended with a sync flush: the batches joined form one valid deflate stream, so
 * compression needs no stream plumbing and memory stays at one batch. Sizes and CRC follow each entry
 * in a data descriptor. Zip32: an entry or archive past 4 GiB is refused rather than written corrupt.
 */

/** CRC-32 tables for slicing by 8 (eight bytes per step): zlib.crc32 arrived only in Node 22. */
const CRC_TABLES = (() => {
  const t = Array.from({ length: 8 }, () => new Int32Array(256));
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[0][n] = c;
  }
  for (let n = 0; n < 256; n++) for (let k = 1; k < 8; k++) t[k][n] = t[0][t[k - 1][n] & 0xff] ^ (t[k - 1][n] >>> 8);
  return t;
})();

export function crc32(crc: number, bytes: Uint8Array): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = CRC_TABLES;
  let c = ~crc;
  let i = 0;
  for (const end = bytes.length - 7; i < end; i += 8) {
    const lo = c ^ (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24));
    c =
      t7[lo & 0xff] ^ t6[(lo >>> 8) & 0xff] ^ t5[(lo >>> 16) & 0xff] ^ t4[lo >>> 24] ^
      t3[bytes[i + 4]] ^ t2[bytes[i + 5]] ^ t1[bytes[i + 6]] ^ t0[bytes[i + 7]];
  }
  for (; i < bytes.length; i++) c = t0[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

const BATCH = 1 << 20;
const LIMIT = 0xffffffff;

interface Written {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

/** MS-DOS date and time fields of a wall-clock time (LocalTime: read with UTC getters). */
function dosTime(t: number): { time: number; date: number } {
  const d = new Date(t);
  const year = Math.min(2107, Math.max(1980, d.getUTCFullYear()));
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

export class ZipOut {
  private offset = 0;
  private readonly entries: Written[] = [];
  private readonly stamp: { time: number; date: number };

  /** `modified`: the time every entry carries (LocalTime), so that reruns write the same bytes. */
  constructor(private readonly fd: number, modified: number) {
    this.stamp = dosTime(modified);
  }

  private write(bytes: Uint8Array): void {
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done);
    this.offset += bytes.length;
    if (this.offset > LIMIT) throw new Error('the workbook would pass 4 GiB, more than a zip file without zip64 holds');
  }

  add(name: string, pieces: Iterable<string | Uint8Array>): void {
    const entry: Written = { name: Buffer.from(name, 'utf8'), crc: 0, compressed: 0, size: 0, offset: this.offset };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    // bit 3: sizes and CRC follow the data; bit 11: the name is UTF-8
    local.writeUInt16LE(0x0808, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(this.stamp.time, 10);
    local.writeUInt16LE(this.stamp.date, 12);
    local.writeUInt16LE(entry.name.length, 26);
    this.write(local);
    this.write(entry.name);

    let held: Buffer[] = [];
    let heldBytes = 0;
    const flush = (last: boolean) => {
      const data = Buffer.concat(held, heldBytes);
      held = [];
      heldBytes = 0;
      entry.crc = crc32(entry.crc, data);
      entry.size += data.length;
      const packed = deflateRawSync(data, { finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH });
      entry.compressed += packed.length;
      this.write(packed);
    };
    for (const piece of pieces) {
      const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
      held.push(bytes);
      heldBytes += bytes.length;
      if (heldBytes >= BATCH) flush(false);
    }
    flush(true);
    if (entry.size > LIMIT) throw new Error(`${name} would pass 4 GiB, more than a zip file without zip64 holds`);

    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(entry.crc, 4);
    descriptor.writeUInt32LE(entry.compressed, 8);
    descriptor.writeUInt32LE(entry.size, 12);
    this.write(descriptor);
    this.entries.push(entry);
  }

  /** Writes the central directory: the archive is complete. */
  finish(): void {
    const start = this.offset;
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4);
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(0x0808, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt16LE(this.stamp.time, 12);
      h.writeUInt16LE(this.stamp.date, 14);
      h.writeUInt32LE(e.crc, 16);
      h.writeUInt32LE(e.compressed, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt32LE(e.offset, 42);
      this.write(h);
      this.write(e.name);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    this.write(end);
  }
}
