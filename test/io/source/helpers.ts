import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { PerfError } from '../../../src/core/errors.js';
import { openTable, type OpenOptions, type RawRow, type TableSource } from '../../../src/io/source/index.js';

/** A temp dir for this test file, removed after it. */
export function tempDir(): (name: string, content: string | Uint8Array) => string {
  const dir = mkdtempSync(join(tmpdir(), 'perf-source-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return (name, content) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };
}

export async function readAll(path: string, opts?: OpenOptions): Promise<{ src: TableSource; rows: RawRow[] }> {
  const src = await openTable(path, opts);
  const rows: RawRow[] = [];
  for await (const r of src.rows()) rows.push(r);
  return { src, rows };
}

/** Runs `f`, expecting a PerfError with exit code 2 whose English text matches. */
export async function expectFatal(f: () => Promise<unknown>, en: RegExp): Promise<PerfError> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(PerfError);
    const err = e as PerfError;
    expect(err.code).toBe(2);
    expect(err.text.en).toMatch(en);
    expect(err.text.zh.length).toBeGreaterThan(0);
    return err;
  }
  throw new Error('expected a PerfError');
}

/** A stored (uncompressed) zip; `claim` overrides the uncompressed size the central directory states. */
export function storedZip(files: Record<string, string | Uint8Array>, claim: Record<string, number> = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(content);
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(claim[name] ?? data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

function crc32(data: Buffer): number {
  let c = ~0;
  for (const b of data) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
