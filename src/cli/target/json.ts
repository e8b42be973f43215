import { monthIndex, quarterKey, quarterOfMonth, type LocalTime } from '../../core/calendar.js';
import type { CheckResult } from '../../core/plan/check.js';
import type { ForecastPlan } from '../../core/plan/index.js';
import type { Check } from '../../schema/check.js';
import type { Problem } from '../../schema/problem.js';

/** `--json` and `-o check.json`: the checks of the proposal for the period, the plan's notes and the data problems. */
export const targetCheckJson = (plan: Pick<ForecastPlan, 'file' | 'asOf' | 'notes'>, period: string, asOf: LocalTime, results: CheckResult[], problems: Problem[], checks: Check[]): string =>
  JSON.stringify({ file: plan.file, asOf: plan.asOf, period, currentQuarter: quarterKey(quarterOfMonth(monthIndex(asOf))), checks, results, notes: plan.notes, problems }, null, 2);
