import type { Accuracy } from '../../core/accuracy/index.js';
import type { Check } from '../../schema/check.js';
import type { Problem } from '../../schema/problem.js';

/** Bumped when the JSON shape changes incompatibly. */
export const ACCURACY_JSON_VERSION = 1;

/** `--json` and `-o accuracy.json`: the checks first, then every score down to each scored forecast. */
export const accuracyJson = (a: Accuracy, meta: { file: string; state: string; asOf: string }, problems: Problem[], checks: Check[]): string => {
  const { checks: _own, ...rest } = a;
  return JSON.stringify({ version: ACCURACY_JSON_VERSION, checks, ...meta, ...rest, problems }, null, 2);
};
