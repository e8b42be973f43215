import type { Command } from 'commander';
import type { Chart } from '../core/charts/index.js';
import { bi } from '../core/i18n.js';
import type { RenderedChart } from '../io/render-chart.js';
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

/** Refuses --chart DIR before the charts are rendered (the slow part), when one of its files may not be written. */
export const checkCharts = (dir: string, charts: readonly Chart[], policy: OutputPolicy): void =>
  checkOutputFiles(dir, charts.flatMap((c) => [`${c.id}.svg`, `${c.id}.png`]), policy);

/** Every chart as `<id>.svg` and `<id>.png` in DIR (created if missing), all or none. */
export function writeCharts(dir: string, rendered: readonly RenderedChart[], policy: OutputPolicy): void {
  writeFiles(dir, chartFiles(rendered), policy);
}

/**
 * Renders a command's charts once for both destinations: PNG images for the workbook's Summary sheet
 * (unless --no-charts or no workbook) and SVG/PNG files for --chart DIR. The renderer loads only then,
 * and `charts` may load the chart builders itself: a report without charts is spared their modules.
 */
export async function chartOutputs(
  ctx: Context,
  charts: () => readonly Chart[] | Promise<readonly Chart[]>,
  flags: ChartFlags & { out?: string; force?: boolean },
  inputs: string[],
): Promise<SheetImage[]> {
  const forWorkbook = Boolean(flags.out) && flags.charts !== false;
  if (!forWorkbook && !flags.chart) return [];
  const [list, { missingCjkNote, renderCharts, sheetImages }] = await Promise.all([charts(), import('../io/render-chart.js')]);
  const policy = { force: flags.force, inputs };
  // -o was checked at the start; every chart target is checked before the first chart is rendered.
  if (flags.chart) checkCharts(flags.chart, list, policy);
  const steps = ctx.steps((n) => ctx.t(bi(`perf: drawing charts · ${n} of ${list.length}`, `perf：正在绘制图表 · ${n}/${list.length}`)));
  const rendered = await renderCharts(list, { png: true, onChart: steps ? () => steps.step() : undefined }).finally(() => steps?.done());
  if (flags.chart) writeCharts(flags.chart, rendered, policy);
  const note = missingCjkNote(rendered);
  if (note) ctx.note(note);
  return forWorkbook ? sheetImages(rendered) : [];
}
