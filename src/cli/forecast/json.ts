import { planJson, type ForecastPlan, type Level } from '../../core/plan/index.js';
import type { Problem } from '../../schema/problem.js';

/** `--json` and `-o plan.json`: the plan at the requested levels (what `perf dashboard --targets` reads back) and the data problems. */
export const forecastJson = (plan: ForecastPlan, levels: readonly Level[], problems: Problem[]): string => JSON.stringify({ ...planJson(plan, levels), problems }, null, 2);
