import type { Check } from '../../schema/check.js';
import { tr, bi, labelled, type Lang } from '../i18n.js';

const STATUS = {
  overridden: bi('allowed', '已放行'),
  guessed: bi('read as', '读取'),
  reconciled: bi('roster', '花名册'),
  caveat: bi('caveat', '注意'),
};

/**
 * The block every text report starts with: what was let through, how the data were read, how names
 * were matched. Empty when there is nothing to say, so clean runs print as before.
 */
export function checkLines(lang: Lang, checks: readonly Check[]): string[] {
  if (checks.length === 0) return [];
  // A caveat on the result outranks how the input was read.
  const order = { overridden: 0, caveat: 1, reconciled: 2, guessed: 3 } as const;
  const sorted = [...checks].sort((a, b) => order[a.status] - order[b.status]);
  return [
    tr(lang, bi('Checks (read these before the results):', '检查（请先阅读再看结果）：')),
    ...sorted.map((c) => `  ${labelled(lang, tr(lang, STATUS[c.status]), tr(lang, c.message))}`),
  ];
}
