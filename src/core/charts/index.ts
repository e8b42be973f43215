/**
 * Charts as Vega-Lite specs built from result objects (pure): the forecast with its intervals and
 * target band, the current quarter's pace, the behaviour-score trend and KBI compliance, and the
 * board that puts them together per level. Rendering (SVG, PNG) is in src/io/render-chart.ts.
 */
export { buildBoard, forecastCharts, scoreCharts, scoreLevels, type BoardInputs, type BoardPlan } from './board.js';
export { forecastChart, pacingChart, type ChartMonths, type ChartSeries } from './forecast.js';
export { kbiChart, scoreChart, scoreMonths, type ScoreMonth } from './score.js';
export { FONT, slug } from './style.js';
export type * from './types.js';
