import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PerfError } from '../../../src/core/errors.js';
import { openTable } from '../../../src/io/source/index.js';
import { tempDir } from './helpers.js';

const file = tempDir();

/** Bytes that look like CSV often enough to reach the parser, and garbage often enough to reach the guards. */
const csvish = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc
    .array(fc.oneof(fc.constantFrom(',', ';', '\t', '|', '"', '\n', '\r', '\r\n', '中', '\uFEFF', '\0', 'a', '1', ' '), fc.string({ maxLength: 4 })), { maxLength: 120 })
    .map((parts) => new TextEncoder().encode(parts.join(''))),
  fc.tuple(fc.constantFrom([0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0x50, 0x4b, 0x03, 0x04], [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), fc.uint8Array({ maxLength: 200 })).map(([magic, rest]) => Uint8Array.from([...magic, ...rest])),
);

describe('openTable on arbitrary bytes', () => {
  it('yields rows and problems, or throws a PerfError — never another exception', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(csvish, fc.option(fc.constantFrom('utf-8', 'gb18030', 'utf-16le', 'latin1'), { nil: undefined }), async (bytes, encoding) => {
        const path = file(`p${n++}.csv`, bytes);
        try {
          const src = await openTable(path, { encoding, maxCellBytes: 64 });
          let last = 0;
          for await (const r of src.rows()) {
            expect(r.row).toBeGreaterThan(last);
            last = r.row;
            expect(r.cells.some((c) => c !== '' && c !== null)).toBe(true);
          }
          for (const p of src.problems) expect(p.row).toBeGreaterThan(0);
        } catch (e) {
          if (!(e instanceof PerfError)) throw e;
          expect(e.code).toBe(2);
        }
      }),
      { numRuns: 400 },
    );
  });
});
