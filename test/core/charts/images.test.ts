import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { forecastCharts } from '../../../src/core/charts/index.js';
import { renderCharts, renderPng, renderSvg, sheetImages } from '../../../src/io/render-chart.js';
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

it('puts one PNG chart per level below the sheet\'s table, one under the other, leaving the rows alone', async () => {
  const plan = {
    months: { history: ['2026-10'], current: '2026-11', forecast: ['2026-11'], target: [] },
    series: [s('company', 'company', 'Company'), s('team:East', 'team', 'East')],
    options: { band: 0.15, bonusThreshold: 0.15 },
  };
  const images = sheetImages(await renderCharts(forecastCharts(plan as never, 'amount', 'en'), { png: true }));
  const file = join(dir, 'summary.xlsx');
  const rows = [{ item: 'x' }, { item: 'y' }, { item: 'z' }];
  await writeWorkbook(file, [{ name: 'Summary', columns: [{ key: 'item', header: 'Item' }], rows, images }], 0);
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('Summary')!;
  expect(ws.getRow(1).getCell(1).value).toBe('Item');
  expect(ws.getRow(4).getCell(1).value).toBe('z');
  const tops = ws.getImages().map((i) => i.range.tl.nativeRow);
  expect(tops).toHaveLength(2);
  expect(tops[0]).toBeGreaterThanOrEqual(4);
  expect(tops[1]).toBeGreaterThan(tops[0] + images[0].height / 20);
  const media = (wb.model as unknown as { media: { extension: string; buffer: Buffer }[] }).media;
  expect(media.map((m) => m.extension)).toEqual(['png', 'png']);
  expect(media[0].buffer.subarray(1, 4).toString()).toBe('PNG');
});

it('lays out many charts on a thread exactly as the main thread does', async () => {
  // 30 charts: past the count from which the SVGs are laid out on a thread of their own.
  const series = Array.from({ length: 30 }, (_, i) => s(`rep:R${i}`, 'rep', `R${i} 张`));
  const plan = { months: { history: ['2026-10'], current: '2026-11', forecast: ['2026-11'], target: [] }, series, options: { band: 0.15, bonusThreshold: 0.15 } };
  const charts = forecastCharts(plan as never, 'amount', 'zh').slice(0, 30);
  expect(charts).toHaveLength(30);
  const rendered = await renderCharts(charts);
  for (const [i, r] of rendered.entries()) expect(r.svg).toBe(await renderSvg(charts[i].spec));
});

it('gives each chart its own PNG when several threads draw them, each replaced after a few charts', async () => {
  // 14 charts of different reps: two drawing threads, each replaced once on the way.
  const series = Array.from({ length: 14 }, (_, i) => ({ ...s(`rep:R${i}`, 'rep', `R${i}`), history: { '2026-10': actual(5 + 10 * i) } }));
  const plan = { months: { history: ['2026-10'], current: '2026-11', forecast: ['2026-11'], target: [] }, series, options: { band: 0.15, bonusThreshold: 0.15 } };
  const charts = forecastCharts(plan as never, 'amount', 'en');
  expect(charts.length).toBeGreaterThanOrEqual(14);
  const rendered = await renderCharts(charts.slice(0, 14), { png: true });
  const pngs = rendered.map((r) => r.png!.toString('base64'));
  expect(new Set(pngs).size).toBe(14);
  for (const r of rendered) expect(r.png!.equals(await renderPng(r.svg))).toBe(true);
});
