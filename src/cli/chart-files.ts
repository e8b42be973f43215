import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Chart } from '../core/charts/index.js';
import { missingCjkNote, renderCharts, sheetImages, type RenderedChart } from '../io/render-chart.js';
import { writeTextFile } from '../io/output.js';
import type { SheetImage } from '../io/workbook.js';
import type { Context } from './context.js';

export interface ChartFlags {
  chart?: string;
  /** commander's --no-charts */
  charts?: boolean;
}

export const addChartFlags = (cmd: Command): Command =>
  cmd
    .option('--chart <dir>', 'also write every chart as SVG and PNG into DIR (for email)')
    .option('--no-charts', 'leave the chart images out of the workbook (faster)');

/** Every chart as `<id>.svg` and `<id>.png` in DIR (created if missing). */
export async function writeCharts(dir: string, rendered: readonly RenderedChart[], force: boolean): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const r of rendered) {
    await writeTextFile(join(dir, `${r.chart.id}.svg`), r.svg, { force });
    if (r.png) await writeTextFile(join(dir, `${r.chart.id}.png`), r.png, { force });
  }
}

/**
 * Renders a command's charts once for both destinations: PNG images for the workbook's Summary sheet
 * (unless --no-charts or no workbook) and SVG/PNG files for --chart DIR.
 */
export async function chartOutputs(
  ctx: Context,
  charts: () => readonly Chart[],
  flags: ChartFlags & { out?: string; force?: boolean },
): Promise<SheetImage[]> {
  const forWorkbook = Boolean(flags.out) && flags.charts !== false;
  if (!forWorkbook && !flags.chart) return [];
  const rendered = await renderCharts(charts(), { png: true });
  if (flags.chart) await writeCharts(flags.chart, rendered, Boolean(flags.force));
  const note = missingCjkNote(rendered);
  if (note) ctx.note(note);
  return forWorkbook ? sheetImages(rendered) : [];
}
