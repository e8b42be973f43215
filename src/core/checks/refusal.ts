import type { Check } from '../../schema/check.js';
import { EXIT, PerfError } from '../errors.js';
import { bi, type Bi } from '../i18n.js';

/** The flags that let a refused input through, each stated first in the report when used. */
export type Override = 'allowProblems' | 'allowStale';

export const OVERRIDE_FLAG: Record<Override, string> = { allowProblems: '--allow-problems', allowStale: '--allow-stale' };

/** A reason not to compute a result; `override` names the flag that accepts it, null when none can. */
export interface Refusal {
  code: string;
  file: string | null;
  /** what is wrong and how to fix it */
  message: Bi;
  override: Override | null;
}

/**
 * Stops on the first refusal the user did not override (exit 2 with its message); the overridden ones
 * come back as checks, so the report states them first.
 */
export function enforce(refusals: readonly Refusal[], allowed: Partial<Record<Override, boolean>>): Check[] {
  const blocking = refusals.filter((r) => r.override === null || !allowed[r.override]);
  if (blocking.length > 0) {
    const text = (lang: 'en' | 'zh') => blocking.map((r) => r.message[lang]).join('\n\n');
    throw new PerfError(EXIT.usage, bi(text('en'), text('zh')));
  }
  return refusals.map((r) => ({
    code: r.code,
    status: 'overridden' as const,
    file: r.file,
    message: bi(`${OVERRIDE_FLAG[r.override!]}: ${firstLine(r.message.en)}`, `${OVERRIDE_FLAG[r.override!]}：${firstLine(r.message.zh)}`),
  }));
}

const firstLine = (s: string) => s.split('\n')[0];
