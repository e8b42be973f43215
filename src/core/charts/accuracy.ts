import { bi, tr, type Lang } from '../i18n.js';
import type { QuarterScore } from '../accuracy/index.js';
import { COLORS, frame, legendScale, valueScale, WIDE } from './style.js';
import type { Chart } from './types.js';

/** Forecast vs actual per quarter: a bar per recorded forecast (oldest first), then the actual, side by side. */
export function accuracyChart(quarters: readonly QuarterScore[], lang: Lang, id = 'accuracy-quarters'): Chart {
  const t = (en: string, zh: string) => tr(lang, bi(en, zh));
  const kinds = { forecast: [bi('Recorded forecast', '记录的预测'), COLORS.forecast], actual: [bi('Actual', '实际'), COLORS.history] } as const;
  const values = quarters.flatMap((q) => [
    ...q.vintages.map((v) => ({ quarter: q.quarter, bar: t(`as of ${v.vintageLabel}`, `基准 ${v.vintageLabel}`), value: v.forecast, kind: tr(lang, kinds.forecast[0]) })),
    { quarter: q.quarter, bar: t('actual', '实际'), value: q.actual, kind: tr(lang, kinds.actual[0]) },
  ]);
  const title = t('Forecast vs actual per quarter', '每季度预测与实际');
  return {
    id,
    kind: 'accuracy',
    title,
    spec: frame(lang, title, bi('every recorded forecast of the quarter, oldest first, then what came', '该季度每次记录的预测（由早到晚），以及实际结果'), {
      width: WIDE,
      height: 240,
      data: { values },
      encoding: {
        x: { field: 'quarter', type: 'ordinal', axis: { labelAngle: 0, title: null }, scale: { paddingInner: 0.25 } },
        xOffset: { field: 'bar', type: 'nominal', sort: null, scale: { paddingInner: 0.12 } },
        y: { field: 'value', type: 'quantitative', title: t('Won', '赢单'), scale: valueScale(values.map((v) => v.value)) },
      },
      // Each bar says which vintage it is: the colour only tells forecast from actual.
      layer: [
        {
          mark: { type: 'bar', name: 'bars' },
          encoding: {
            color: { field: 'kind', type: 'nominal', scale: legendScale(lang, Object.values(kinds).map(([b, c]) => [b, c])), title: null },
            tooltip: [{ field: 'bar' }, { field: 'value', format: ',.0f' }],
          },
        },
        { mark: { type: 'text', baseline: 'bottom', dy: -3, fontSize: 9, color: '#444' }, encoding: { text: { field: 'bar' } } },
      ],
    }),
    marks: { bars: values.length },
  };
}
