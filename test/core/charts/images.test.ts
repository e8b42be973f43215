import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { chartImagesForForecast } from '../../../src/io/render-chart.js';
import { writeWorkbook } from '../../../src/io/workbook.js';
import { tempDir } from '../../cli/helpers.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

const actual = (amount: number) => ({ count: 1, amount, newCount: 0, newAmount: 0 });
const cell = (mean: number) => ({ amount: { statistical: mean, adjustment: 0, mean, sd: 1, lower80: mean - 1, upper80: mean + 1, lower95: mean - 2, upper95: mean + 2 } });
const s = (id: string, level: string, name: string) => ({
  id,
  level,
  name,
  team: null,
  history: { '2026-10': actual(5) },
  monthToDate: actual(1),
  forecast: { '2026-11': cell(6) },
  targets: {},
});

it('puts one PNG chart per level into a sheet, stacked down the given column', async () => {
  const plan = {
    months: { history: ['2026-10'], current: '2026-11', forecast: ['2026-11'], target: [] },
    series: [s('company', 'company', 'Company'), s('team:East', 'team', 'East')],
    options: { band: 0.15, bonusThreshold: 0.15 },
  };
  const images = await chartImagesForForecast(plan as never, 'en', { col: 3, row: 1 });
  expect(images.map((i) => [i.col, i.row > 0])).toEqual([
    [3, true],
    [3, true],
  ]);
  expect(images[1].row).toBeGreaterThan(images[0].row + images[0].height / 20);
  const file = join(dir, 'summary.xlsx');
  await writeWorkbook(file, [{ name: 'Summary', columns: [{ key: 'item', header: 'Item' }], rows: [{ item: 'x' }], images }], 0);
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('Summary')!;
  expect(ws.getImages()).toHaveLength(2);
  const media = (wb.model as unknown as { media: { extension: string; buffer: Buffer }[] }).media;
  expect(media.map((m) => m.extension)).toEqual(['png', 'png']);
  expect(media[0].buffer.subarray(1, 4).toString()).toBe('PNG');
});
