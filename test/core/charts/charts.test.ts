import { describe, expect, it } from 'vitest';
import { buildBoard, forecastChart, kbiChart, pacingChart, scoreMonths, slug, type BoardPlan } from '../../../src/core/charts/index.js';
import { bi } from '../../../src/core/i18n.js';
import type { KbiValue, ScoreResult } from '../../../src/core/score/types.js';
import { renderPng, renderSvg, svgSize } from '../../../src/io/render-chart.js';

const actual = (amount: number) => ({ count: 1, amount, newCount: 0, newAmount: 0 });
const cell = (mean: number) => ({ amount: { statistical: mean, adjustment: 0, mean, sd: 10, lower80: mean - 10, upper80: mean + 10, lower95: mean - 20, upper95: mean + 20 } });
const target = (t: number) => ({ amount: { target: t, floor: t * 0.85, ceiling: t * 1.15, bonus: t * 1.15, pFloor: 0.8, pTarget: 0.5, pBonus: 0.2 } });

/** A hand-made plan: 3 months of history, a 4-month horizon, 3 target months. */
const series = (id: string, level: 'company' | 'team' | 'rep', name: string, team: string | null, k: number) => ({
  id,
  level,
  name,
  team,
  history: { '2026-08': actual(100 * k), '2026-09': actual(200 * k), '2026-10': actual(150 * k) },
  monthToDate: actual(40 * k),
  forecast: { '2026-11': cell(160 * k), '2026-12': cell(170 * k), '2027-01': cell(180 * k), '2027-02': cell(190 * k) },
  targets: { '2027-01': target(180 * k), '2027-02': target(190 * k), '2027-03': target(200 * k) },
});
const plan = {
  months: { history: ['2026-08', '2026-09', '2026-10'], current: '2026-11', forecast: ['2026-11', '2026-12', '2027-01', '2027-02'], target: ['2027-01', '2027-02'] },
  series: [series('company', 'company', 'Company', null, 2), series('team:East', 'team', 'East', null, 2), series('rep:张伟', 'rep', '张伟', 'East', 2)],
  options: { band: 0.15, bonusThreshold: 0.15 },
} as unknown as BoardPlan;

const layer = (spec: unknown, name: string) => (spec as { layer: { name: string; data?: { values: Record<string, unknown>[] } }[] }).layer.find((l) => l.name === name)!;

describe('forecast chart', () => {
  it('draws one mark per history, forecast and target month, with the plan numbers', () => {
    const c = forecastChart(plan.series[2], plan.months, 'amount', 'en');
    expect(c.id).toBe('forecast-rep-张伟');
    expect(c.marks).toMatchObject({ history: 3, forecast: 4, p80: 4, p95: 4, band: 2, target: 2, mtd: 1 });
    expect(layer(c.spec, 'history').data!.values.map((v) => v['signed amount'])).toEqual([200, 400, 300]);
    expect(layer(c.spec, 'p80').data!.values[0]).toMatchObject({ Month: '2026-11', lo80: 310, hi80: 330, lo95: 300, hi95: 340 });
    expect(layer(c.spec, 'band').data!.values[1]).toMatchObject({ Month: '2027-02', floor: 380 * 0.85, ceiling: 380 * 1.15, Target: 380 });
    expect(layer(c.spec, 'mtd').data!.values[0].desc).toBe('2026-11 · Month to date 80');
    expect(c.title).toBe('张伟 · monthly signed amount');
  });

  it('speaks Chinese with --lang zh', () => {
    const c = forecastChart(plan.series[0], plan.months, 'amount', 'zh');
    expect(c.title).toBe('公司 · 月度签约金额');
    expect(layer(c.spec, 'forecast').data!.values[0].desc).toBe('2026-11 · 预测 320 · 80% 310–330 · 95% 300–340');
  });

  it('renders to an SVG with the named marks, and to a PNG', async () => {
    const svg = await renderSvg(forecastChart(plan.series[0], plan.months, 'amount', 'en').spec);
    const count = (name: string) => (new RegExp(`class="[^"]*${name}_marks"[^>]*>((?:<path[^>]*/>)*)`).exec(svg)?.[1].match(/<path/g) ?? []).length;
    expect(count('history')).toBe(3);
    expect(count('forecast')).toBe(4);
    expect(count('band')).toBe(2);
    expect(svg).toContain('aria-label="2026-09 · History 400"');
    // Title and legend no longer padded by vega's canvas-less 0.8 em guess: the chart stays near its 720 px.
    expect(svgSize(svg).width).toBeLessThan(820);
    const png = await renderPng(svg);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(Math.round(svgSize(svg).width * 2));
  });
});

describe('PNG drawing thread', () => {
  it('fails with the message resvg gives in the calling thread, and draws the bytes it draws there', async () => {
    const { Resvg } = await import('@resvg/resvg-js');
    const bad = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect';
    let direct = '';
    try {
      new Resvg(bad).render();
    } catch (e) {
      direct = (e as Error).message;
    }
    expect(direct).not.toBe('');
    await expect(renderPng(bad)).rejects.toThrow(direct);
    const ok = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="5" height="5"/></svg>';
    expect((await renderPng(ok)).equals(new Resvg(ok, { background: 'white', fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: false } }).render().asPng())).toBe(true);
  });
});

describe('pacing chart', () => {
  it('shows won to date and projection against the band around the quarter target', () => {
    const c = pacingChart('team:East', 'team', 'East', { quarter: '2026-Q4', target: 1000, wonToDate: 400, rest: 450, projected: 850, attainment: 0.85 }, 0.15, 0.2, 'en');
    expect(layer(c.spec, 'pace').data!.values.map((v) => v['Signed amount'])).toEqual([850, 400]);
    expect(layer(c.spec, 'band').data!.values[0]).toMatchObject({ floor: 850, ceiling: 1150, target: 1000, bonus: 1200 });
    expect(c.title).toBe('Team East · pace of 2026-Q4');
  });
});

const kbi = (k: 'touch' | 'needs', passed: number, due: number): KbiValue => ({
  kbi: k,
  label: k === 'touch' ? bi('Customer touch', '客户触达') : bi('Needs discovery', '需求挖掘'),
  unit: bi('u', 'u'),
  threshold: 8,
  actual: due ? 5 : null,
  passed,
  due,
  pending: 0,
  compliance: due ? passed / due : null,
});
const repMonth = (rep: string, month: string, score: number | null, touch: [number, number], needs: [number, number]) => ({
  rep,
  team: 'East',
  month,
  kbis: [kbi('touch', ...touch), kbi('needs', ...needs)],
  compliance: null,
  points: 0,
  pointsRatio: 0,
  score,
  rank: null,
  teamRank: null,
});
const score = {
  period: { from: 0, to: 0, cutoff: 0, months: ['2026-10', '2026-11'] },
  kbis: [
    { kbi: 'touch', label: bi('Customer touch', '客户触达'), threshold: 8, unit: bi('u', 'u'), available: true },
    { kbi: 'needs', label: bi('Needs discovery', '需求挖掘'), threshold: 2, unit: bi('u', 'u'), available: true },
  ],
  reps: [repMonth('张伟', '2026-10', 80, [3, 4], [1, 2]), repMonth('张伟', '2026-11', null, [0, 0], [0, 0]), repMonth('Li Na', '2026-10', 60, [1, 4], [0, 0]), repMonth('Li Na', '2026-11', 50, [2, 2], [0, 0])],
  teams: [{ team: 'East', month: '2026-10', reps: 2, score: 70, compliance: null, points: 0, kbis: [kbi('touch', 4, 8), kbi('needs', 1, 2)], rank: 1 }],
  weeks: [],
  misses: [],
  audit: [],
  problems: [],
  stats: { activities: 0, inPeriod: 0, afterAsOf: 0, outOfOrder: 0 },
  formula: bi('', ''),
} as unknown as ScoreResult;

describe('score charts', () => {
  it('company: mean of the reps’ scores, KBI checks pooled over every rep', () => {
    const m = scoreMonths(score, 'company', '');
    expect(m.map((x) => x.score)).toEqual([70, 50]);
    // touch in October: (3 + 1) passed of (4 + 4) due; needs: 1 of 2 (Li Na had none due).
    expect(m[0].kbis.map((k) => k.compliance)).toEqual([0.5, 0.5]);
    expect(m[1].kbis.map((k) => k.compliance)).toEqual([1, null]);
  });

  it('one bar per KBI and month with checks due', () => {
    const c = kbiChart('rep:张伟', 'rep', '张伟', scoreMonths(score, 'rep', '张伟'), 'zh');
    expect(c.marks.kbi).toBe(2);
    expect(layer(c.spec, 'kbi').data!.values.map((v) => [v['月份'], v.KBI, v['达成率']])).toEqual([
      ['2026-10', '客户触达', 0.75],
      ['2026-10', '需求挖掘', 0.5],
    ]);
  });

  it('the board: every plan level with forecast, pace where known, score charts and its alerts', () => {
    const alert = (rep?: string, team?: string) => ({ key: 'k', rule: 'touches', rep, team, severity: 'warning', title: bi('t', 't'), details: [], action: bi('a', 'a') });
    const board = buildBoard(
      {
        plan,
        measure: 'amount',
        paces: new Map([['company', { quarter: '2026-Q4', target: 1, wonToDate: 1, rest: 0, projected: 1, attainment: 1 }]]),
        score,
        alerts: [alert('张伟', 'East'), alert(undefined, 'West')] as never,
      },
      'en',
    );
    expect(board.map((l) => [l.id, l.charts.map((c) => c.kind).join(','), l.alerts.length])).toEqual([
      ['company', 'forecast,pacing,score,kbi', 2],
      ['team:East', 'forecast,score,kbi', 1],
      ['rep:张伟', 'forecast,score,kbi', 1],
      ['rep:Li Na', 'score,kbi', 0],
    ]);
  });
});

it('slug keeps letters of any script', () => {
  expect(slug('rep:Zhang Wei')).toBe('rep-zhang-wei');
  expect(slug('team:华东 区')).toBe('team-华东-区');
});

describe('all-zero series', () => {
  it('draw a flat line with a 0–1 axis, never "NaN" labels', async () => {
    const zero = { ...plan.series[2], history: { '2026-08': actual(0), '2026-09': actual(0), '2026-10': actual(0) }, monthToDate: actual(0), forecast: { '2026-11': cell(0) }, targets: { '2027-01': target(0) } };
    const flat = { ...plan.months, forecast: ['2026-11'], target: ['2027-01'] };
    const zc = { ...zero, forecast: { '2026-11': { amount: { ...cell(0).amount, lower80: 0, upper80: 0, lower95: 0, upper95: 0 } } } };
    for (const spec of [
      forecastChart(zc as never, flat, 'amount', 'en').spec,
      pacingChart('rep:x', 'rep', 'x', { quarter: '2026-Q4', target: 0, wonToDate: 0, rest: 0, projected: 0, attainment: 0 }, 0.15, 0.15, 'en').spec,
    ]) {
      const svg = await renderSvg(spec);
      expect(svg).not.toContain('NaN');
      expect(svg).toMatch(/>1(\.0)?<\/text>/);
    }
  });
});
