/**
 * Fitting a boxed table into a terminal width without wrapping: text columns are abbreviated first (widest
 * first, never below their minimum), then columns are left out, lowest priority first, and the rest are
 * given their full width back. The first column (what a row is about) always stays.
 */

export interface FitColumn {
  /** Display width of the widest cell or header. */
  width: number;
  /** The narrowest it may be abbreviated to (its width for numbers, which are never cut). */
  min: number;
  /** Higher stays longer; ties: the rightmost column goes first. */
  priority: number;
}

export interface Fit {
  /** Indexes of the columns shown, in their order. */
  shown: number[];
  /** Width of each shown column (same order as `shown`). */
  widths: number[];
  /** Indexes of the columns left out. */
  dropped: number[];
}

/** What a table adds around its columns: `gap` per column and `edge` once (boxed: a border and a space either side, and the closing border). */
export interface Frame {
  gap: number;
  edge: number;
}

const BOXED: Frame = { gap: 3, edge: 1 };

/** Width a table takes. */
export const tableWidth = (widths: readonly number[], frame: Frame = BOXED): number => widths.reduce((s, w) => s + w + frame.gap, frame.edge);

function shrink(widths: number[], mins: number[], budget: number, frame: Frame): boolean {
  let over = tableWidth(widths, frame) - budget;
  while (over > 0) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) if (widths[i] > mins[i] && (widest < 0 || widths[i] > widths[widest])) widest = i;
    if (widest < 0) return false;
    widths[widest]--;
    over--;
  }
  return true;
}

export function fitColumns(cols: readonly FitColumn[], budget: number, frame: Frame = BOXED): Fit {
  const shown = cols.map((_, i) => i);
  // Lowest priority first; among equals the rightmost; never the first column.
  const dropOrder = shown.slice(1).sort((a, b) => cols[a].priority - cols[b].priority || b - a);
  const dropped: number[] = [];
  for (;;) {
    const widths = shown.map((i) => cols[i].width);
    if (shrink(widths, shown.map((i) => cols[i].min), budget, frame) || dropOrder.length === 0) return { shown, widths, dropped };
    const out = dropOrder.shift()!;
    shown.splice(shown.indexOf(out), 1);
    dropped.push(out);
  }
}
