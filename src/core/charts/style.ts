import { bi, tr, type Bi, type Lang } from '../i18n.js';
import type { TopLevelSpec } from './types.js';

/** CJK-capable families first: a browser and resvg both fall back along the list, then per glyph. */
export const FONT = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC','WenQuanYi Micro Hei','DejaVu Sans',sans-serif";

export const COLORS = {
  history: '#4c78a8',
  forecast: '#f58518',
  band: '#54a24b',
  target: '#2e6b2a',
  bonus: '#b8860b',
  won: '#4c78a8',
  projected: '#9ecae9',
  score: '#4c78a8',
} as const;

export const WIDE = 720;
export const NARROW = 330;

/** Shared look: font, no chart border, white background (PNG in a workbook or an email). */
export function frame(lang: Lang, title: string, subtitle: Bi | null, body: Record<string, unknown>): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    padding: 8,
    title: { text: title, ...(subtitle ? { subtitle: tr(lang, subtitle) } : {}), anchor: 'start', fontSize: 14, subtitleFontSize: 11, subtitleColor: '#555' },
    config: {
      font: FONT,
      view: { stroke: null },
      axis: { labelFontSize: 10, titleFontSize: 11, gridColor: '#eee' },
      legend: { labelFontSize: 10, titleFontSize: 11, orient: 'bottom', direction: 'horizontal', symbolOpacity: 1, labelLimit: 260 },
    },
    ...body,
  } as TopLevelSpec;
}

/** A colour legend for constant-valued layers: each layer encodes `color: {datum: label}` against this scale. */
export function legendScale(lang: Lang, entries: [Bi, string][]) {
  return { domain: entries.map(([b]) => tr(lang, b)), range: entries.map(([, c]) => c) };
}

/**
 * A quantitative scale for the values a chart draws: when every value is 0 (a rep with no deals yet, a
 * zero target) vega's domain is [0, 0] and its axis reads "NaN"; [0, 1] draws a flat series at the bottom.
 */
export const valueScale = (values: readonly number[], extra: Record<string, unknown> = {}) =>
  values.some((v) => Number.isFinite(v) && v !== 0) ? extra : { ...extra, domain: [0, 1] };

/** Month keys along an ordinal axis: label quarter starts only, so 40 months stay readable. */
export const monthAxis = (lang: Lang) => ({
  title: tr(lang, bi('Month', '月份')),
  labelAngle: -45,
  labelExpr: "indexof(['01','04','07','10'], slice(datum.value, 5)) >= 0 ? datum.value : ''",
});

/** File-name-safe id part: letters and digits kept (any script), the rest folded to '-'. */
export const slug = (s: string): string =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '') || 'x';

export const levelLabel = (level: 'company' | 'team' | 'rep', name: string): Bi =>
  level === 'company' ? bi('Company', '公司') : level === 'team' ? bi(`Team ${name}`, `团队 ${name}`) : bi(name, name);
