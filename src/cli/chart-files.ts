import type { Command } from 'commander';
import type { Chart } from '../core/charts/index.js';
import { missingCjkNote, renderCharts, sheetImages, type RenderedChart } from '../io/render-chart.js';
import { checkOutputFiles, writeFiles, type OutputFile, type OutputPolicy } from '../io/output.js';
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

const chartFiles = (rendered: readonly RenderedChart[]): OutputFile[] =>
  rendered.flatMap((r) => [{ name: `${r.chart.id}.svg`, data: r.svg }, ...(r.png ? [{ name: `${r.chart.id}.png`, data: r.png }] : [])]);

/** Refuses --chart DIR before anything is written, when one of its files may not be written. */
export const checkCharts = (dir: string, rendered: readonly RenderedChart[], policy: OutputPolicy): void =>
  checkOutputFiles(dir, chartFiles(rendered).map((f) => f.name), policy);

/** Every chart as `<id>.svg` and `<id>.png` in DIR (created if missing), all or none. */
export function writeCharts(dir: string, rendered: readonly RenderedChart[], policy: OutputPolicy): void {
  writeFiles(dir, chartFiles(rendered), policy);
}

/**
 * Renders a command's charts once for both destinations: PNG images for the workbook's Summary sheet
 * (unless --no-charts or no workbook) and SVG/PNG files for --chart DIR.
 */
export async function chartOutputs(
  ctx: Context,
  charts: () => readonly Chart[],
  flags: ChartFlags & { out?: string; force?: boolean },
  inputs: string[],
): Promise<SheetImage[]> {
  const forWorkbook = Boolean(flags.out) && flags.charts !== false;
  if (!forWorkbook && !flags.chart) return [];
  const rendered = await renderCharts(charts(), { png: true });
  if (flags.chart) {
    const policy = { force: flags.force, inputs };
    // -o was checked at the start; every chart target is checked before the first file is written.
    checkCharts(flags.chart, rendered, policy);
    writeCharts(flags.chart, rendered, policy);
  }
  const note = missingCjkNote(rendered);
  if (note) ctx.note(note);
  return forWorkbook ? sheetImages(rendered) : [];
}
