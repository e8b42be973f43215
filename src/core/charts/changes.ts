import type { Step } from '../changes/index.js';
import { bi, tr, type Lang } from '../i18n.js';
import { COLORS, frame, legendScale, slug, WIDE } from './style.js';
import type { Chart } from './types.js';

/**
 * A waterfall: start and end bars from zero, each bucket floating between the running totals. `level` names
 * a dashboard level ('team:East'); without it, the company's chart of the changes workbook.
 */
export function waterfallChart(steps: readonly (Step & { label: string })[], quarter: string, lang: Lang, level?: { id: string; name: string }): Chart {
  const t = (en: string, zh: string) => tr(lang, bi(en, zh));
  const kinds = {
    total: [bi('Open pipeline', '未结商机'), COLORS.history],
    up: [bi('Added', '增加'), COLORS.band],
    down: [bi('Taken away', '减少'), COLORS.forecast],
  } as const;
  const values = steps.map((s) => ({
    step: s.label,
    from: s.from / 100,
    to: s.to / 100,
    kind: tr(lang, kinds[s.step === 'start' || s.step === 'end' ? 'total' : s.to >= s.from ? 'up' : 'down'][0]),
  }));
  const whose = level?.name ? `${level.name} · ` : '';
  const title = whose + t(`Where the ${quarter} pipeline went`, `${quarter} 未结商机的去向`);
  return {
    id: level ? `waterfall-${slug(level.id)}` : 'changes-waterfall',
    kind: 'waterfall',
    title,
    spec: frame(lang, title, bi('open pipeline in the window, OLD → NEW export', '窗口内未结商机，旧导出 → 新导出'), {
      width: WIDE,
      height: 260,
      data: { values },
      mark: { type: 'bar', name: 'steps' },
      encoding: {
        x: { field: 'step', type: 'ordinal', sort: null, axis: { labelAngle: -30, title: null } },
        y: { field: 'from', type: 'quantitative', title: t('Amount', '金额') },
        y2: { field: 'to' },
        color: { field: 'kind', type: 'nominal', scale: legendScale(lang, Object.values(kinds).map(([b, c]) => [b, c])), title: null },
      },
    }),
    marks: { steps: values.length },
  };
}
