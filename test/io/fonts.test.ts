import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fonts } from '../../src/io/render-chart.js';
import { tempDir } from '../cli/helpers.js';

describe('chart fonts', () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);

  it('PERF_FONT_FILE is honoured by every run in a process, not only the first one', () => {
    const given = join(tmp.dir, 'NotoSansSC-Regular.otf');
    writeFileSync(given, 'not parsed here');
    const before = fonts({});
    expect(before.files).toEqual([]);
    const withFont = fonts({ PERF_FONT_FILE: given });
    expect(withFont.files).toEqual([given]);
    expect(withFont.cjk).toBe(given);
    expect(fonts({}).files).toEqual([]);
  });
});
