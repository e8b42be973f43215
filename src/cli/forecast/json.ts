import { planJson, type ForecastPlan, type Level } from '../../core/plan/index.js';
import type { Check } from '../../schema/check.js';
import type { Problem } from '../../schema/problem.js';

/** `--json` and `-o plan.json`: the plan at the requested levels (what `perf dashboard --targets` reads back) and the data problems. */
export const forecastJson = (plan: ForecastPlan, levels: readonly Level[], problems: Problem[], checks: Check[]): string =>
  JSON.stringify({ ...planJson(plan, levels), checks, problems }, null, 2);
