/**
 * The zip writer behind streamed workbooks: another implementation (JSZip, checking every CRC) reads
 * back each entry byte for byte, whether it came in one piece or in many across the deflate batches.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { ZipOut } from '../../src/io/zip-out.js';

const dir = mkdtempSync(join(tmpdir(), 'perf-zip-out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ZipOut', () => {
  it('writes entries that another reader unpacks byte for byte, CRCs checked', async () => {
    const big = Array.from({ length: 3000 }, (_, i) => `<row r="${i}"><c t="inlineStr"><is><t>张伟 ${i} ${'x'.repeat(i % 700)}</t></is></c></row>`);
    const binary = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256);
    const file = join(dir, 'a.zip');
    const fd = openSync(file, 'w');
    const zip = new ZipOut(fd, Date.UTC(2026, 10, 27, 9, 30));
    await zip.add('xl/worksheets/sheet1.xml', big);
    await zip.add('xl/media/image1.png', [binary]);
    await zip.add('empty.txt', []);
    await zip.add('名字.txt', ['a', '', 'b']);
    zip.finish();
    closeSync(fd);
    const read = await JSZip.loadAsync(readFileSync(file), { checkCRC32: true });
    expect(Object.keys(read.files)).toEqual(['xl/worksheets/sheet1.xml', 'xl/media/image1.png', 'empty.txt', '名字.txt']);
    expect(await read.file('xl/worksheets/sheet1.xml')!.async('string')).toBe(big.join(''));
    expect(await read.file('xl/media/image1.png')!.async('uint8array')).toEqual(binary);
    expect(await read.file('empty.txt')!.async('string')).toBe('');
    expect(await read.file('名字.txt')!.async('string')).toBe('ab');
    expect(read.file('empty.txt')!.date.getUTCFullYear()).toBeGreaterThanOrEqual(2026);
  });
  it('gives the event loop a turn between the batches of a long entry (a Ctrl-C is handled mid-sheet)', async () => {
    const fd = openSync(join(dir, 'b.zip'), 'w');
    const zip = new ZipOut(fd, Date.UTC(2026, 10, 27));
    let turns = 0;
    let done = false;
    const tick = () => {
      if (done) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    // 5 MB of text: five batches.
    await zip.add('big.xml', Array.from({ length: 50 }, (_, i) => `${i}`.padEnd(100_000, 'x')));
    done = true;
    zip.finish();
    closeSync(fd);
    expect(turns).toBeGreaterThanOrEqual(4);
  });
});
