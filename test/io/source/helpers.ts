import { zip } from '../../bad-inputs/make.js';
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
export const storedZip = (files: Record<string, string | Uint8Array>, claim: Record<string, number> = {}): Buffer =>
  zip(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? v : Buffer.from(v)])), { stored: true, claim });
