import type { Cell } from '../values/types.js';

/** Distinct texts remembered per column; a column of ever-new values fills it and stops caching. */
const LIMIT = 16_384;

/**
 * A pure cell parser that answers repeated texts from a cache: for stage and activity-type labels (a
 * handful of values over a million rows), whose parse trims, folds and looks the label up twice. Not
 * for cheap parsers: a map lookup per cell costs about what trimming a name does.
 */
export function memoised<T>(parse: (cell: Cell) => T): (cell: Cell) => T {
  let cache: Map<string, T> | null = new Map();
  return (cell) => {
    if (typeof cell !== 'string' || cache === null) return parse(cell);
    let v = cache.get(cell);
    if (v === undefined) {
      v = parse(cell);
      if (cache.size >= LIMIT) cache = null;
      else cache.set(cell, v);
    }
    return v;
  };
}
