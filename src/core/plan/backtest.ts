import { isoDate } from '../calendar.js';
import { backtest, scoreOrigins, type OriginScore } from '../forecast/backtest.js';
import { forecast, seasonalProfile, staticForecast, type MethodName } from '../forecast/index.js';
import { bi, type Bi, nounCount } from '../i18n.js';
import type { Deal } from '../../schema/rows.js';
import { round } from './reconcile.js';
import { repShare } from './share.js';
import { buildHierarchy, ownSeries, type Node } from './series.js';
import type { Level, Measure } from './types.js';

export interface BacktestScore extends OriginScore {
  method: string;
}

export interface SeriesBacktest {
  id: string;
  level: Level;
  name: string;
  months: number;
  scores: BacktestScore[];
  /** The method with the lowest MAE among those scored (ties: listed order). */
  best: string | null;
  note: Bi | null;
}

export interface PlanBacktest {
  asOf: string;
  measure: Measure;
  h: number;
  origins: number;
  /** Growth the static target adds to last year's total; null = each origin's own trailing year-over-year growth. */
  staticGrowth: number | null;
  historyMonths: number;
  series: SeriesBacktest[];
  notes: Bi[];
}

export interface PlanBacktestOptions {
  asOf: number;
  measure: Measure;
  methods: readonly MethodName[];
  origins: number;
  h: number;
  staticGrowth: number | null;
  baselineMonths?: number;
  minMonthsForSeasonality?: number;
  /** Levels to evaluate (default all). */
  levels?: readonly Level[];
}

export const STATIC = 'static';
/** What perf forecast does for a rep: the team's auto forecast × the rep's shrunk trailing share (scored for reps when auto is). */
export const TEAM_SHARE = 'auto (team share)';

const scoreStatic = (series: readonly number[], origins: readonly number[], h: number, growth: number | null): BacktestScore => ({
  method: STATIC,
  ...scoreOrigins(series, origins, h, (train, steps) => ({ mean: staticForecast(train, steps, growth) })),
});

const MIN_TRAIN = 3;

/** Rolling-origin evaluation per series (company, teams, reps) of each method, auto and the static target. */
export function planBacktest(deals: readonly Deal[], opts: PlanBacktestOptions): PlanBacktest {
  const H = buildHierarchy(deals, { asOf: opts.asOf, file: 'deals', baselineMonths: opts.baselineMonths ?? 12 });
  const minSeason = opts.minMonthsForSeasonality ?? 24;
  const key = opts.measure;
  const notes: Bi[] = [];
  const n = Math.max(0, H.last - H.first + 1);
  if (n < 2 * 12)
    notes.push(
      bi(
        `Only ${nounCount(n, 'month')} of won deals: seasonality cannot be learned or tested (it needs 24), and every origin trains on at most ${Math.max(0, n - opts.h)} months. Treat these errors as indicative.`,
        `只有 ${n} 个月的赢单：无法学习或检验季节性（需要 24 个月），每个回测起点最多只用 ${Math.max(0, n - opts.h)} 个月训练。误差仅供参考。`,
      ),
    );
  // A node's seasonal profile from its months before `cut` (a month index from H.first) only: what a series
  // shorter than minSeason borrows at an origin must not know that origin's test months.
  const profileOf = (node: Node, cut: number) =>
    node.start === null ? undefined : seasonalProfile(node.monthly[key].slice(node.start - H.first, cut), node.start % 12);
  /** What a child of `parents` (nearest first) borrows with training months before `cut`: the first parent's profile that exists. */
  const borrowedAt = (parents: readonly Node[], cut: number) => parents.reduce<number[] | undefined>((p, n) => p ?? profileOf(n, cut), undefined);
  // Team forecasts at each cut (absolute month index), shared by that team's reps.
  const teamFc = new Map<string, number[]>();
  const teamForecast = (team: Node, cut: number, steps: number): number[] => {
    const k = `${team.id}:${cut}:${steps}`;
    let f = teamFc.get(k);
    if (!f) {
      const train = team.monthly[key].slice((team.start ?? H.first) - H.first, cut);
      // As the plan forecasts a team: borrowing the company's profile when the team is too short for its own.
      const seasonalProfile = train.length < minSeason ? borrowedAt([H.company], cut) : undefined;
      f = forecast(train, steps, { nonNegative: true, startMonth: (team.start ?? 0) % 12, seasonalProfile }).mean;
      teamFc.set(k, f);
    }
    return f;
  };
  const shareScore = (rep: Node, team: Node, y: readonly number[], origins: readonly number[]): BacktestScore => {
    const off = (rep.start ?? H.first) - H.first;
    return {
      method: TEAM_SHARE,
      ...scoreOrigins(y, origins, opts.h, (train, steps) => {
        const cut = off + train.length;
        const heads = team.children.filter((c) => c.start !== null && c.start - H.first < cut).length;
        const sh = repShare(rep.monthly[key].slice(0, cut), team.monthly[key].slice(0, cut), off, heads, opts.baselineMonths ?? 12);
        return { mean: teamForecast(team, cut, steps).map((v) => v * sh.share) };
      }),
    };
  };
  const run = (node: Node, parents: readonly Node[], team?: Node): SeriesBacktest => {
    const y = ownSeries(node, H.first, key);
    const origins: number[] = [];
    for (let o = y.length - opts.h; o >= MIN_TRAIN && origins.length < opts.origins; o--) origins.unshift(o);
    const base = { id: node.id, level: node.level, name: node.name, months: y.length };
    if (origins.length === 0)
      return {
        ...base,
        scores: [],
        best: null,
        note: bi(`${nounCount(y.length, 'month')}: too short to backtest ${opts.h} months ahead`, `${y.length} 个月：历史太短，无法回测未来 ${opts.h} 个月`),
      };
    const rows = backtest(y, {
      origins,
      h: opts.h,
      methods: opts.methods,
      nonNegative: true,
      startMonth: (node.start ?? 0) % 12,
      profileAt: y.length < minSeason ? (o) => borrowedAt(parents, (node.start ?? H.first) - H.first + o) : undefined,
      minTrain: MIN_TRAIN,
    });
    const share = team && opts.methods.includes('auto') ? [shareScore(node, team, y, origins)] : [];
    const scores: BacktestScore[] = [...rows.map((r) => ({ ...r, method: r.method as string })), ...share, scoreStatic(y, origins, opts.h, opts.staticGrowth)].map((s) => ({
      ...s,
      mae: round(s.mae, 2),
      bias: round(s.bias, 2),
      // wape, mase and the coverages stay unrounded: reports round each once, for display
    }));
    const best = scores.reduce((b, s) => (s.mae < b.mae ? s : b), scores[0]).method;
    return { ...base, scores, best, note: null };
  };
  const levels = opts.levels ?? ['company', 'team', 'rep'];
  const series: SeriesBacktest[] = levels.includes('company') ? [run(H.company, [])] : [];
  for (const t of H.teams) {
    if (H.hasTeams && levels.includes('team')) series.push(run(t, [H.company]));
    if (levels.includes('rep')) for (const r of t.children) if (r.active || r.start !== null) series.push(run(r, [t, H.company], t));
  }
  return {
    asOf: isoDate(opts.asOf),
    measure: opts.measure,
    h: opts.h,
    origins: opts.origins,
    staticGrowth: opts.staticGrowth,
    historyMonths: n,
    series,
    notes,
  };
}
