import type { BoardLevel } from '../../core/charts/index.js';
import { bi, nounCount } from '../../core/i18n.js';
import type { Problem } from '../../schema/problem.js';
import type { RenderedChart } from '../../io/render-chart.js';
import type { Context } from '../context.js';
import { problemLines, wrapText } from '../render.js';

/** What was written (the page, the chart files), then the data problems. */
export function renderWritten(
  ctx: Context,
  w: { out?: string; chart?: string; board: BoardLevel[]; rendered: RenderedChart[][]; alerts: number; problems: Problem[]; problemCount: number },
): string {
  const t = ctx.t;
  const { board, rendered } = w;
  // A long output path must not overflow the terminal.
  return wrapText(
    [
      ...(w.out ? [t(bi(`Wrote ${w.out}: ${nounCount(board.length, 'level')}, ${nounCount(board.reduce((s, l) => s + l.charts.length, 0), 'chart')}, ${nounCount(w.alerts, 'active alert')}`, `已写入 ${w.out}：${board.length} 个层级，${board.reduce((s, l) => s + l.charts.length, 0)} 张图，${w.alerts} 条生效预警`))] : []),
      ...(w.chart ? [t(bi(`Wrote ${nounCount(rendered.flat().length, 'chart')} (SVG and PNG) to ${w.chart}`, `已将 ${rendered.flat().length} 张图（SVG 与 PNG）写入 ${w.chart}`))] : []),
      problemLines(ctx, w.problems, w.problemCount),
    ].join('\n'),
  );
}
