import type { ForecastPlan, Level, SeriesPlan } from './types.js';

/** Bumped when the JSON shape changes incompatibly. */
export const PLAN_JSON_VERSION = 1;

export type SeriesJson = Omit<SeriesPlan, 'distribution'>;
export type PlanJson = Omit<ForecastPlan, 'series'> & { version: number; levels: Level[]; series: SeriesJson[] };

/**
 * The stable JSON form of a plan (`perf forecast --json`): months as `YYYY-MM` keys, quarters as
 * `YYYY-Qn`, the series of the requested levels without their internal distribution arrays.
 */
export function planJson(plan: ForecastPlan, levels: readonly Level[] = ['company', 'team', 'rep']): PlanJson {
  const { series, ...rest } = plan;
  return {
    version: PLAN_JSON_VERSION,
    ...rest,
    levels: [...levels],
    series: series.filter((s) => levels.includes(s.level)).map(({ distribution: _d, ...s }) => s),
  };
}
