import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseBoolean } from '../../../src/core/values/boolean.js';
import { expectRejected, valueOf } from './helpers.js';

const TRUE = ['是', '有', '对', 'yes', 'Yes', 'YES', 'Ｙｅｓ', 'y', 'Y', 'true', 'TRUE', 't', 'T', '1', '１', '✓', '✔', '√', '☑', '有效', '完整', 'x', 'X', ' 是 '];
const FALSE = ['否', '无', '错', 'no', 'No', 'NO', 'n', 'N', 'false', 'False', 'f', 'F', '0', '✗', '✘', '×', '☐', '无效', '不完整'];

describe('parseBoolean', () => {
  it.each(TRUE)('%j → true', (raw) => expect(valueOf(parseBoolean(raw))).toBe(true));
  it.each(FALSE)('%j → false', (raw) => expect(valueOf(parseBoolean(raw))).toBe(false));
  it('reads boolean and 1/0 cells', () => {
    expect(valueOf(parseBoolean(true))).toBe(true);
    expect(valueOf(parseBoolean(false))).toBe(false);
    expect(valueOf(parseBoolean(1))).toBe(true);
    expect(valueOf(parseBoolean(0))).toBe(false);
  });
  it.each<string | number | Date | null>(['', ' ', 'maybe', '2', '是否', 'yess', 2, -1, null, new Date(0)])('rejects %j', (raw) => {
    expectRejected(parseBoolean(raw), 'expected yes or no', '应为是或否');
  });
  it('never throws', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.double(), fc.boolean()), (raw) => void parseBoolean(raw)));
  });
  it('canonical spellings round-trip', () => {
    const spell = fc.constantFrom<(b: boolean) => string>(
      (b) => (b ? '是' : '否'),
      (b) => (b ? 'yes' : 'no'),
      (b) => (b ? 'true' : 'false'),
      (b) => (b ? 'Y' : 'N'),
      (b) => (b ? '1' : '0'),
      (b) => (b ? '✓' : '✗'),
      (b) => String(b).toUpperCase(),
    );
    fc.assert(fc.property(fc.boolean(), spell, (b, write) => {
      expect(valueOf(parseBoolean(write(b)))).toBe(b);
    }));
  });
});
