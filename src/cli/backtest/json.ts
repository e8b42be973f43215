import type { PlanBacktest } from '../../core/plan/index.js';
import type { Check } from '../../schema/check.js';
import type { Problem } from '../../schema/problem.js';

/** `--json` and `-o scores.json`: the backtest with the series at the requested levels, and the data problems. */
export const backtestJson = (file: string, bt: PlanBacktest, levels: string[], problems: Problem[], checks: Check[]): string =>
  JSON.stringify({ file, checks, ...bt, series: bt.series.filter((s) => levels.includes(s.level)), problems }, null, 2);
