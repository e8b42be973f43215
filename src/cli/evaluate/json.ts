import { isoDate, type LocalTime } from '../../core/calendar.js';
import type { EvalPeriod, EvaluateResult } from '../../core/evaluate/index.js';
import type { Config } from '../../schema/config/index.js';
import type { Check } from '../../schema/check.js';
import type { Problem } from '../../schema/problem.js';

/** `--json` and `-o evaluation.json`: where the targets came from, the settings, the result with its period as dates, and the data problems. */
export const evaluationJson = (
  asOf: LocalTime,
  targetsFrom: string,
  config: Config['evaluate'],
  result: EvaluateResult,
  period: EvalPeriod,
  problems: Problem[],
  problemCount: number,
  checks: Check[],
): string =>
  JSON.stringify(
    { asOf: isoDate(asOf), targetsFrom, checks, config, ...result, period: { ...period, from: isoDate(period.from), to: isoDate(period.to) }, problems, problemCount },
    null,
    2,
  );
