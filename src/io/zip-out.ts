import { writeSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * A zip archive written entry by entry to a file descriptor, each entry from pieces of text or bytes
 * so that none is held whole (a worksheet of a million rows). Each batch of about a megabyte is
 * deflated on its own and ended with a sync flush: the batches joined form one valid deflate stream, so
 * compression needs no stream plumbing and memory stays at one batch. After each batch and each entry
 * the event loop gets a turn, so that a signal (Ctrl-C) is handled while a long sheet is written, not
 * once the archive is out. Sizes and CRC follow each entry in a data descriptor. Zip32: an entry or
 * archive past 4 GiB is refused rather than written corrupt. (Deflating the batches on libuv's thread
 * pool instead gained nothing on two cores, for 8% more CPU: BENCHMARKS.md.)
 */

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

  async add(name: string, pieces: Iterable<string | Uint8Array>): Promise<void> {
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
      // zlib's own CRC-32 (Node 20.15 on): the sliced one in JS took ~0.5 s of a 230 MB workbook.
      entry.crc = crc32(data, entry.crc);
      entry.size += data.length;
      const packed = deflateRawSync(data, { finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH });
      entry.compressed += packed.length;
      this.write(packed);
    };
    for (const piece of pieces) {
      const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
      held.push(bytes);
      heldBytes += bytes.length;
      if (heldBytes < BATCH) continue;
      flush(false);
      await nextTurn();
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
    await nextTurn();
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
