import { isoDate, type LocalTime } from '../../core/calendar.js';
import type { AuditResult } from '../../core/audit/index.js';
import type { Config } from '../../schema/config/index.js';
import type { Check } from '../../schema/check.js';
import type { Problem } from '../../schema/problem.js';

/** `--json` and `-o audit.json`: the settings and files audited, the result and the data problems; a z-score that is not finite (no peers) becomes null. */
export const auditJson = (asOf: LocalTime, files: string[], config: Config['audit'], result: AuditResult, problems: Problem[], problemCount: number, checks: Check[]): string =>
  JSON.stringify(
    { asOf: isoDate(asOf), files, checks, config, ...result, problems, problemCount },
    (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
    2,
  );
