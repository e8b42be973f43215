import { bi, formatNumber, tr, type Bi, type Lang } from '../i18n.js';
import type { ForecastPlan, Measure, SeriesPlan } from '../plan/types.js';
import { COLORS, frame, legendScale, levelLabel, monthAxis, slug, valueScale, WIDE } from './style.js';
import type { Chart, Pace } from './types.js';

/** What a forecast chart reads from a series: the plan and its `--json` form both have it. */
export type ChartSeries = Pick<SeriesPlan, 'id' | 'level' | 'name' | 'history' | 'monthToDate' | 'forecast' | 'targets'>;
export type ChartMonths = Pick<ForecastPlan['months'], 'history' | 'current' | 'forecast' | 'target'>;

const MEASURE: Record<Measure, Bi> = { amount: bi('signed amount', '签约金额'), count: bi('won deals', '赢单数') };

const L = {
  history: bi('History', '历史'),
  mtd: bi('Month to date', '本月至今'),
  forecast: bi('Forecast', '预测'),
  p80: bi('80% interval', '80% 区间'),
  p95: bi('95% interval', '95% 区间'),
  band: bi('Target band (floor–ceiling)', '目标区间（下限–上限）'),
  target: bi('Target', '目标'),
  bonus: bi('Bonus threshold', '奖励门槛'),
  month: bi('Month', '月份'),
};

/**
 * Monthly history, the forecast with its 80% and 95% prediction intervals (bars, one per horizon
 * month), and the target band of the target months: floor–ceiling, with ticks at target and bonus.
 */
export function forecastChart(s: ChartSeries, months: ChartMonths, measure: Measure, lang: Lang): Chart {
  const t = (b: Bi) => tr(lang, b);
  const y = t(MEASURE[measure]);
  const m = t(L.month);
  const n = (v: number) => formatNumber(lang, v, measure === 'count' ? 1 : 0).replace(/\.0$/, '');
  const history = months.history.filter((k) => s.history[k]).map((k) => ({ [m]: k, [y]: s.history[k][measure], desc: `${k} · ${t(L.history)} ${n(s.history[k][measure])}` }));
  const fc = months.forecast.map((k) => {
    const f = s.forecast[k][measure];
    const desc = `${k} · ${t(L.forecast)} ${n(f.mean)} · 80% ${n(f.lower80)}–${n(f.upper80)} · 95% ${n(f.lower95)}–${n(f.upper95)}`;
    return { [m]: k, [y]: f.mean, lo80: f.lower80, hi80: f.upper80, lo95: f.lower95, hi95: f.upper95, desc };
  });
  const tg = months.target.filter((k) => s.targets[k]).map((k) => {
    const c = s.targets[k][measure];
    const desc = `${k} · ${t(L.target)} ${n(c.target)} · ${t(bi('floor', '下限'))} ${n(c.floor)} · ${t(bi('ceiling', '上限'))} ${n(c.ceiling)} · ${t(L.bonus)} ${n(c.bonus)}`;
    return { [m]: k, floor: c.floor, ceiling: c.ceiling, [t(L.target)]: c.target, [t(L.bonus)]: c.bonus, desc };
  });
  const mtd = [{ [m]: months.current, [y]: s.monthToDate[measure], desc: `${months.current} · ${t(L.mtd)} ${n(s.monthToDate[measure])}` }];
  const x = { field: m, type: 'ordinal', scale: { domain: [...months.history.filter((k) => s.history[k]), ...months.forecast] }, axis: monthAxis(lang) };
  const color = legendScale(lang, [
    [L.history, COLORS.history],
    [L.forecast, COLORS.forecast],
    [L.band, COLORS.band],
    [L.bonus, COLORS.bonus],
  ]);
  const drawn = [...history, ...fc, ...tg].flatMap((d) => Object.values(d).filter((v): v is number => typeof v === 'number')).concat(s.monthToDate[measure]);
  const yEnc = (field: string) => ({ field, type: 'quantitative', title: y, axis: { format: '~s' }, scale: valueScale(drawn) });
  const desc = { field: 'desc', type: 'nominal' };
  const legend = (label: Bi) => ({ datum: t(label), scale: color, legend: { title: null } });
  const layer = [
    { name: 'p95', data: { values: fc }, mark: { type: 'bar', width: { band: 0.35 }, color: COLORS.forecast, opacity: 0.18 }, encoding: { x, y: yEnc('lo95'), y2: { field: 'hi95' }, description: desc } },
    { name: 'p80', data: { values: fc }, mark: { type: 'bar', width: { band: 0.35 }, color: COLORS.forecast, opacity: 0.4 }, encoding: { x, y: yEnc('lo80'), y2: { field: 'hi80' }, description: desc } },
    { name: 'band', data: { values: tg }, mark: { type: 'bar', width: { band: 0.8 }, opacity: 0.22 }, encoding: { x, y: yEnc('floor'), y2: { field: 'ceiling' }, color: legend(L.band), description: desc } },
    { name: 'target', data: { values: tg }, mark: { type: 'tick', thickness: 2, color: COLORS.target }, encoding: { x, y: yEnc(t(L.target)), description: desc } },
    { name: 'bonus', data: { values: tg }, mark: { type: 'tick', thickness: 2, strokeDash: [3, 2] }, encoding: { x, y: yEnc(t(L.bonus)), color: legend(L.bonus), description: desc } },
    { name: 'historyLine', data: { values: history }, mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y: yEnc(y), color: legend(L.history) } },
    { name: 'history', data: { values: history }, mark: { type: 'point', filled: true, size: 22, color: COLORS.history }, encoding: { x, y: yEnc(y), description: desc } },
    { name: 'mtd', data: { values: mtd }, mark: { type: 'point', filled: false, size: 40, color: COLORS.history }, encoding: { x, y: yEnc(y), description: desc } },
    { name: 'forecastLine', data: { values: fc }, mark: { type: 'line', strokeWidth: 1.5, strokeDash: [4, 2] }, encoding: { x, y: yEnc(y), color: legend(L.forecast) } },
    { name: 'forecast', data: { values: fc }, mark: { type: 'point', filled: true, size: 22, color: COLORS.forecast }, encoding: { x, y: yEnc(y), description: desc } },
  ];
  const title = `${t(levelLabel(s.level, s.name))} · ${t(bi(`monthly ${y}`, `月度${y}`))}`;
  const subtitle = bi(
    `Dots: history and forecast; bars: 80% / 95% prediction intervals; green: target band with target and bonus threshold; hollow: ${months.current} to date`,
    `圆点：历史与预测；竖条：80% / 95% 预测区间；绿色：目标区间及目标值、奖励门槛；空心点：${months.current} 至今`,
  );
  return {
    id: `forecast-${slug(s.id)}`,
    kind: 'forecast',
    title,
    spec: frame(lang, title, subtitle, { width: WIDE, height: 240, layer }),
    marks: { history: history.length, forecast: fc.length, p80: fc.length, p95: fc.length, band: tg.length, target: tg.length, bonus: tg.length, mtd: 1 },
  };
}

/**
 * The current quarter's pace: the target band around the quarter's target (made at its start, the
 * pacing alert's own target), won to date, and the projection (won + forecast of the rest).
 */
export function pacingChart(id: string, level: ChartSeries['level'], name: string, pace: Pace, band: number, bonusThreshold: number, lang: Lang): Chart {
  const t = (b: Bi) => tr(lang, b);
  const row = t(bi('Quarter', '季度'));
  const counts = pace.measure === 'count';
  const v = t(counts ? bi('Won deals', '赢单数') : bi('Signed amount', '签约金额'));
  const won = t(bi('Won to date', '已签约'));
  const proj = t(bi('Projected', '预计'));
  // amounts in whole units, deal counts in tenths
  const round = (x: number) => (counts ? Math.round(x * 10) / 10 : Math.round(x));
  const bars = [
    { [row]: proj, [v]: round(pace.projected) },
    { [row]: won, [v]: round(pace.wonToDate) },
  ];
  const goal = [{ floor: pace.target * (1 - band), ceiling: pace.target * (1 + band), target: round(pace.target), bonus: round(pace.target * (1 + bonusThreshold)) }];
  const x = (field: string) => ({ field, type: 'quantitative', title: v, axis: { format: '~s' }, scale: valueScale([pace.projected, pace.wonToDate, pace.target]) });
  const yEnc = { field: row, type: 'nominal', title: null, sort: [proj, won] };
  const layer = [
    { name: 'band', data: { values: goal }, mark: { type: 'rect', color: COLORS.band, opacity: 0.22 }, encoding: { x: x('floor'), x2: { field: 'ceiling' } } },
    { name: 'pace', data: { values: bars }, mark: { type: 'bar', height: { band: 0.6 } }, encoding: { y: yEnc, x: x(v), color: { field: row, type: 'nominal', scale: { domain: [won, proj], range: [COLORS.won, COLORS.projected] }, legend: null } } },
    { name: 'target', data: { values: goal }, mark: { type: 'rule', color: COLORS.target, strokeWidth: 2 }, encoding: { x: x('target') } },
    { name: 'bonus', data: { values: goal }, mark: { type: 'rule', color: COLORS.bonus, strokeWidth: 2, strokeDash: [3, 2] }, encoding: { x: x('bonus') } },
  ];
  const pct = formatNumber(lang, pace.attainment * 100, 0);
  const title = `${t(levelLabel(level, name))} · ${t(bi(`pace of ${pace.quarter}`, `${pace.quarter} 进度`))}`;
  const subtitle = bi(
    `Projected ${pct}% of the target ${formatNumber('en', pace.target, counts ? 1 : 0)}${counts ? ' deals' : ''} (set from the history before the quarter); green band: ±${Math.round(band * 100)}%, dashed: bonus threshold`,
    `预计达成目标 ${formatNumber('zh', pace.target, counts ? 1 : 0)}${counts ? ' 单' : ''} 的 ${pct}%（目标按季度开始前的历史预测）；绿色：±${Math.round(band * 100)}% 区间，虚线：奖励门槛`,
  );
  return {
    id: `pacing-${slug(id)}`,
    kind: 'pacing',
    title,
    spec: frame(lang, title, subtitle, { width: WIDE, height: 70, layer }),
    marks: { pace: 2, band: 1, target: 1, bonus: 1 },
  };
}
