import { bi, tr, type Lang } from '../../core/i18n.js';
import type { CheckResult } from '../../core/plan/check.js';
import type { Problem } from '../../schema/problem.js';
import { problemsSheet, type SheetSpec } from '../../io/workbook.js';
import { P_PROPOSED, VERDICTS } from './labels.js';

/** One row per series checked (the company total first for a per-team table), then the data problems. */
export function targetCheckSheets(lang: Lang, results: CheckResult[], problems: Problem[]): SheetSpec[] {
  const t = (en: string, zh: string) => tr(lang, bi(en, zh));
  return [
    {
      name: t('Target check', '目标审查'),
      columns: [
        { key: 'name', header: t('Series', '对象'), width: 16 },
        { key: 'period', header: t('Period', '期间'), width: 10 },
        { key: 'last12', header: t('Last 12 months (or fewer)', '近12个月（或更少）'), format: 'int', width: 14 },
        { key: 'lastMonths', header: t('Months held', '所含月数'), format: 'int', width: 10 },
        { key: 'growthLast12', header: t('Growth last year', '去年增长'), format: 'percent', width: 12 },
        { key: 'proposed', header: t('Proposed', '建议目标'), format: 'int', width: 14 },
        { key: 'impliedGrowth', header: t('Implied growth', '隐含增长'), format: 'percent', width: 12 },
        { key: 'expected', header: t('Forecast', '预测'), format: 'int', width: 14 },
        { key: 'expectedGrowth', header: t('Forecast growth', '预测增长'), format: 'percent', width: 12 },
        { key: 'probability', header: tr(lang, P_PROPOSED), format: 'percent', width: 12 },
        { key: 'verdictText', header: t('Verdict', '结论'), width: 12 },
        { key: 'sentence', header: t('In one sentence', '一句话结论'), width: 100 },
      ],
      rows: results.map((r) => ({ ...r, name: r.name ?? t('Company', '公司'), sentence: tr(lang, r.sentence), verdictText: tr(lang, VERDICTS[r.verdict]) })),
      fill: (row, key) => (key === 'verdictText' ? ({ achievable: 'good', stretch: 'warn', unrealistic: 'bad' } as const)[row.verdict as CheckResult['verdict']] : undefined),
    },
    problemsSheet(lang, problems),
  ];
}
