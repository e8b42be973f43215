import { isoDate, monthIndex, monthKey, quarterKey, quarterMonthKeys, quarterOfMonth, type MonthIndex } from '../calendar.js';
import { backtest, scoreOrigins } from '../forecast/backtest.js';
import { detectBreak, forecast, noteBi, probAtLeast, quantile, seasonalProfile, staticForecast, sumDistribution, type ForecastResult, type MethodName } from '../forecast/index.js';
import { bi, formatNumber, type Bi, nounCount } from '../i18n.js';
import { normaliseKey } from '../values/text.js';
import type { Problem } from '../../schema/problem.js';
import type { Deal } from '../../schema/rows.js';
import type { Adjustment } from './adjust.js';
import { emptyPipeline, learnedWinRate, pipelineOf, stageTable } from './pipeline.js';
import { adjusted, round, roundCoherent, scaled, topDown, zeroLike, type TreeNode } from './reconcile.js';
import { methodChoice } from './headline.js';
import { repShare, shareForecast, shareNote } from './share.js';
import { buildHierarchy, COMPANY_ID, NO_TEAM, ownSeries, remainingShare, repId, teamId, type Hierarchy, type Node } from './series.js';
import {
  MEASURES,
  type Actual,
  type AppliedAdjustment,
  type BreakWarning,
  type ForecastPlan,
  type Measure,
  type MethodInfo,
  type MonthForecast,
  type PlanOptions,
  type SeriesPlan,
  type TargetCell,
  type TargetFlag,
} from './types.js';
import { addMoney } from '../values/money-sum.js';

export * from './types.js';
export { repShare, SHARE_SHRINK_MONTHS } from './share.js';
export { beatenBy, methodChoice, planChecks } from './headline.js';
export { parseAdjustments, type Adjustment, type AdjustScope } from './adjust.js';
export { sideTable, type RawRow } from './table.js';
export { planJson, PLAN_JSON_VERSION, type PlanJson, type SeriesJson } from './json.js';
export { staticForecast } from '../forecast/index.js';
export { planBacktest, STATIC, TEAM_SHARE, type PlanBacktest, type SeriesBacktest, type BacktestScore } from './backtest.js';
export { roundCoherent } from './reconcile.js';
export { COMPANY_ID, repId, teamId } from './series.js';

/** Decimals kept for each measure in every output (amounts in whole currency units, counts in tenths). */
export const DECIMALS: Record<Measure, number> = { amount: 0, count: 1 };
const CENTS = 2;

export const RECONCILIATION: Bi = bi(
  "Top-down by forecast proportions: the company is forecast on its own; each month the teams' own forecasts are scaled to sum to it, and each team's reps' forecasts to sum to the team. Adjustments are applied to reps and summed up; rounding apportions by largest remainder, so reps sum to teams and teams to the company exactly.",
  '按预测比例自上而下协调：公司整体单独预测；每个月把各团队自身的预测按比例缩放，使其合计等于公司预测，再把每个团队内销售的预测缩放到等于团队预测。市场调整作用于销售个人并向上汇总；取整采用最大余数法，因此销售之和精确等于团队、团队之和精确等于公司。',
);

/** Horizon months counting the current month: by default up to the end of the next quarter. */
export function defaultHorizon(current: MonthIndex): number {
  return (quarterOfMonth(current) + 2) * 3 - current;
}

interface Work {
  node: Node;
  series: Record<Measure, number[]>;
  raw: Record<Measure, ForecastResult>;
  method: Record<Measure, MethodInfo>;
  final: Record<Measure, ForecastResult>;
  statistical: Record<Measure, ForecastResult>;
  delta: Record<Measure, number[]>;
  share?: SeriesPlan['share'];
}

const KEY: Record<Measure, 'amount' | 'count'> = { amount: 'amount', count: 'count' };

function methodInfo(r: ForecastResult, bt: MethodInfo['backtest']): MethodInfo {
  return { method: r.method, params: r.params, notes: r.notes.map(noteBi), backtest: bt };
}

function scoreSeries(
  series: number[],
  method: MethodName,
  origins: number,
  h: number,
  opts: { startMonth: number; profileAt?: (trainLength: number) => readonly number[] | undefined },
): MethodInfo['backtest'] {
  if (origins <= 0 || series.length < 3 + h + 1) return null;
  // Seasonal naive is scored at the same origins: it is the other baseline the forecast must beat.
  const [row, sn] = backtest(series, { origins, h, methods: [method, 'snaive'], nonNegative: true, ...opts });
  if (row.origins === 0) return null;
  const cut = Array.from({ length: row.origins }, (_, k) => series.length - h - k).reverse();
  const st = scoreOrigins(series, cut, h, (train, steps) => ({ mean: staticForecast(train, steps, null) }));
  return { origins: row.origins, mae: row.mae, wape: row.wape, mase: row.mase, bias: row.bias, coverage80: row.coverage80, staticWape: st.wape, snaiveWape: sn.wape };
}

/**
 * The forecast plan: monthly won series per level, per-series forecasts reconciled top-down, market
 * adjustments, next-quarter targets with band and probabilities, and the pipeline. Pure: same deals
 * and options give the same plan, in any time zone.
 */
export function planForecast(deals: readonly Deal[], options: PlanOptions): ForecastPlan {
  const file = options.file ?? 'deals';
  const method = options.method ?? 'auto';
  const band = options.band ?? 0.15;
  const bonusThreshold = options.bonusThreshold ?? 0.15;
  const baselineMonths = options.baselineMonths ?? 12;
  const minSeason = options.minMonthsForSeasonality ?? 24;
  const minRep = options.minRepMonths ?? 3;
  const asOf = options.asOf;
  const H = buildHierarchy(deals, { asOf, file, baselineMonths, roster: options.roster, amountColumn: options.amountColumn, newHiresTakeShare: options.newHiresTakeShare });
  const measure = H.measure;
  const problems: Problem[] = [...H.problems];
  const notes: Bi[] = [];
  const { first, last, current } = H;
  const h = Math.max(1, options.horizon ?? defaultHorizon(current));
  const fMonths = Array.from({ length: h }, (_, i) => current + i);
  const curQ = quarterOfMonth(current);
  let tMonths = fMonths.filter((m) => quarterOfMonth(m) > curQ);
  if (tMonths.length === 0) tMonths = fMonths;
  const tQuarters = [...new Set(tMonths.map(quarterOfMonth))].filter((q) => [0, 1, 2].every((k) => tMonths.includes(q * 3 + k)));
  const share = remainingShare(asOf, current);
  const historyMonths = Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);

  if (H.won.length === 0) notes.push(bi('No won deals up to the as-of date: every forecast is zero.', '截至基准日期没有赢单：所有预测均为零。'));
  else if (historyMonths.length < baselineMonths)
    notes.push(
      bi(
        `Only ${nounCount(historyMonths.length, 'complete month')} of won deals (the baseline wants ${baselineMonths}): forecasts rest on a short history; read the intervals, not only the means.`,
        `只有 ${historyMonths.length} 个完整月份的赢单（基线需要 ${baselineMonths} 个月）：预测所依据的历史较短，请关注区间而不仅是均值。`,
      ),
    );
  if (share === 0) notes.push(lastDayHint(current));
  if (H.won.length && last - monthIndex(Math.max(...H.won.map((d) => d.closed_at!))) >= 3)
    problems.push({
      file,
      row: null,
      column: null,
      value: null,
      code: 'stale_data',
      severity: 'warning',
      message: bi(
        `the latest won deal is more than 3 months before the as-of date ${isoDate(asOf)}: is --as-of right?`,
        `最近一笔赢单早于基准日期 ${isoDate(asOf)} 三个月以上：--as-of 是否正确？`,
      ),
    });

  // Forecast every node on its own (company, then teams borrowing its profile, then reps).
  const work = new Map<string, Work>();
  const profileOf = (s: number[], start: MonthIndex | null) => (start === null ? undefined : seasonalProfile(s, start % 12));
  const companyProfile = profileOf(ownSeries(H.company, first, 'amount'), H.company.start);
  const countProfile = profileOf(ownSeries(H.company, first, 'count'), H.company.start);
  const teamProfiles = new Map<string, Record<Measure, number[] | undefined>>();
  const backtestOrigins = options.backtestOrigins ?? 0;
  const backtestH = options.backtestHorizon ?? 3;

  const run = (node: Node, borrowed: Record<Measure, number[] | undefined>): Work => {
    const w = { node, series: {}, raw: {}, method: {} } as Work;
    for (const m of MEASURES) {
      const s = ownSeries(node, first, KEY[m]);
      w.series[m] = s;
      const opts = {
        method,
        nonNegative: true,
        startMonth: (node.start ?? 0) % 12,
        seasonalProfile: s.length < minSeason ? borrowed[m] : undefined,
        // A rep's own forecast only lends its relative spread to the team share (below): choosing among methods would not change it much, and costs the most CPU.
        ...(node.level === 'rep' ? { autoStrategy: 'combo' as const } : { keep: options.keepMethods?.get(node.id)?.[m] }),
      };
      const r = node.active ? forecast(s, h, opts) : zeroLike(forecast([], h), 'inactive');
      w.raw[m] = r;
      // A rep's own-series backtest would describe a forecast the plan does not use (reps are shares of their team).
      const scored = node.active && node.level !== 'rep';
      // A team borrows the company's profile; in the backtest, the one estimated on the company's months before each origin (the whole history would know the test months).
      const company = ownSeries(H.company, first, KEY[m]);
      const profileAt = opts.seasonalProfile ? (o: number) => profileOf(company.slice(0, (node.start ?? first) - first + o), H.company.start) : undefined;
      w.method[m] = methodInfo(r, scored ? scoreSeries(s, method, backtestOrigins, backtestH, { startMonth: opts.startMonth, profileAt }) : null);
    }
    work.set(node.id, w);
    return w;
  };
  run(H.company, { amount: undefined, count: undefined });
  for (const t of H.teams) {
    const w = run(t, { amount: companyProfile, count: countProfile });
    teamProfiles.set(t.id, {
      amount: profileOf(w.series.amount, t.start) ?? companyProfile,
      count: profileOf(w.series.count, t.start) ?? countProfile,
    });
    const heads = t.children.filter((c) => c.active).length;
    for (const r of t.children) {
      const months = r.start === null ? 0 : last - r.start + 1;
      if (r.active && months < minRep) {
        const rw = { node: r, series: {}, raw: {}, method: {} } as Work;
        for (const m of MEASURES) {
          rw.series[m] = ownSeries(r, first, KEY[m]);
          const per = scaled(w.raw[m], w.raw[m].mean.map(() => 1 / heads));
          rw.raw[m] = { ...per, method: 'team-per-head', params: { heads }, notes: [bi(`${nounCount(months, 'month')} of history: team ${t.name} forecast ÷ ${heads} active reps`, `历史 ${months} 个月：团队 ${t.name} 的预测 ÷ ${heads} 名在岗销售`)] };
          rw.method[m] = methodInfo(rw.raw[m], null);
        }
        work.set(r.id, rw);
      } else {
        const rw = run(r, teamProfiles.get(t.id)!);
        if (!r.active) continue;
        rw.share = {} as Work['share'];
        for (const m of MEASURES) {
          const sh = repShare(r.monthly[KEY[m]], t.monthly[KEY[m]], (r.start ?? first) - first, heads, baselineMonths);
          rw.share![m] = sh;
          rw.raw[m] = shareForecast(rw.raw[m], w.raw[m], sh.share, shareNote(sh, t.name));
          rw.method[m] = methodInfo(rw.raw[m], null);
        }
      }
    }
  }

  // Reconcile top-down, then apply the adjustments at the reps and sum up.
  const wc = work.get(COMPANY_ID)!;
  for (const m of MEASURES) {
    wc.statistical = { ...wc.statistical, [m]: wc.raw[m] } as Work['statistical'];
    const teams = H.teams.map((t) => work.get(t.id)!);
    const tr = topDown(wc.raw[m], teams.map((t) => t.raw[m]), teams.map((t) => t.node.active));
    teams.forEach((t, i) => {
      t.statistical = { ...t.statistical, [m]: tr[i] } as Work['statistical'];
      const reps = t.node.children.map((c) => work.get(c.id)!);
      const rr = topDown(tr[i], reps.map((r) => r.raw[m]), reps.map((r) => r.node.active));
      reps.forEach((r, j) => (r.statistical = { ...r.statistical, [m]: rr[j] } as Work['statistical']));
    });
  }
  const applied = applyAdjustments(H, work, options.adjustments ?? [], fMonths, file, problems);

  // Nodes in output order, the tree for rounding.
  const nodes: Node[] = [H.company, ...H.teams, ...H.reps];
  const tree: TreeNode = H.company;
  const coherent = (value: (w: Work) => number, decimals: number) => roundCoherent(tree, (id) => value(work.get(id)!), decimals);

  const series = new Map<string, SeriesPlan>();
  for (const node of nodes) {
    const w = work.get(node.id)!;
    series.set(node.id, {
      id: node.id,
      level: node.level,
      name: node.name,
      parent: node.parent,
      team: node.team,
      active: node.active,
      historyStart: node.start === null ? null : monthKey(node.start),
      historyMonths: node.start === null ? 0 : last - node.start + 1,
      shortHistory: w.raw.amount.method === 'team-per-head',
      history: Object.fromEntries(
        historyMonths
          .filter((mi) => node.start !== null && mi >= node.start)
          .map((mi) => [monthKey(mi), roundActual(actualAt(node, mi - first))]),
      ),
      monthToDate: roundActual(node.monthToDate),
      baseline: roundActual(sumActuals(node, Math.max(0, historyMonths.length - baselineMonths), historyMonths.length)),
      method: w.method,
      forecast: {},
      outlook: {} as SeriesPlan['outlook'],
      targets: {},
      pipeline: emptyPipeline(fMonths.map(monthKey)),
      distribution: w.final,
      ...(w.share ? { share: w.share } : {}),
    });
  }

  for (const m of MEASURES) {
    const d = DECIMALS[m];
    // Forecast months: mean and adjustment coherent, statistical = mean − adjustment.
    fMonths.forEach((mi, i) => {
      const mean = coherent((w) => w.final[m].mean[i], d);
      const adj = coherent((w) => w.delta[m][i], d);
      for (const node of nodes) {
        const w = work.get(node.id)!;
        const r = w.final[m];
        const cellM: MonthForecast = {
          statistical: round(mean.get(node.id)! - adj.get(node.id)!, d),
          adjustment: adj.get(node.id)!,
          mean: mean.get(node.id)!,
          sd: round(r.sd[i], d + 1),
          lower80: round(r.lower80[i], d),
          upper80: round(r.upper80[i], d),
          lower95: round(r.lower95[i], d),
          upper95: round(r.upper95[i], d),
        };
        const f = (series.get(node.id)!.forecast[monthKey(mi)] ??= {} as Record<Measure, MonthForecast>);
        f[m] = cellM;
      }
    });

    // The current quarter: won to date plus the forecast of its remaining days.
    const inCurQ = fMonths.map((mi, i) => (quarterOfMonth(mi) === curQ ? i : -1)).filter((i) => i >= 0);
    const restFactor = fMonths.map((_, i) => (i === 0 ? share : 1));
    const rest = coherent((w) => inCurQ.reduce((s, i) => s + w.final[m].mean[i] * restFactor[i], 0), d);
    for (const node of nodes) {
      const w = work.get(node.id)!;
      const won = roundValue(m, sumQuarterToDate(node, first, current, curQ, m));
      const restR = scaled(w.final[m], restFactor);
      const dist = inCurQ.length ? sumDistribution(restR, [1, inCurQ.length]) : { mean: 0, sd: 0 };
      const z80 = 1.2815515655446004;
      series.get(node.id)!.outlook[m] = {
        quarter: quarterKey(curQ),
        wonToDate: won,
        rest: rest.get(node.id)!,
        projected: round(won + rest.get(node.id)!, d === 0 ? CENTS : d),
        lower80: round(won + Math.max(0, dist.mean - z80 * dist.sd), d),
        upper80: round(won + dist.mean + z80 * dist.sd, d),
      };
    }

    // Targets: coherent target, floor, ceiling, bonus per target month; quarters are sums of their months.
    const q = options.targetQuantile;
    const base = new Map<string, number[]>();
    if (q === undefined) for (const node of nodes) base.set(node.id, work.get(node.id)!.final[m].mean);
    else quantileTargets(H, work, m, q, fMonths.length, base);
    const stepOf = (mi: MonthIndex) => mi - current;
    for (const mi of tMonths) {
      const i = stepOf(mi);
      const target = roundCoherent(tree, (id) => base.get(id)![i], d);
      const floor = roundCoherent(tree, (id) => base.get(id)![i] * (1 - band), d);
      const ceiling = roundCoherent(tree, (id) => base.get(id)![i] * (1 + band), d);
      const bonus = roundCoherent(tree, (id) => base.get(id)![i] * (1 + bonusThreshold), d);
      for (const node of nodes) {
        const r = work.get(node.id)!.final[m];
        const t = (series.get(node.id)!.targets[monthKey(mi)] ??= {} as Record<Measure, TargetCell>);
        t[m] = targetCell(r, i + 1, target.get(node.id)!, floor.get(node.id)!, ceiling.get(node.id)!, bonus.get(node.id)!, node.active);
      }
    }
    for (const qi of tQuarters) {
      const months = quarterMonthKeys(qi);
      const steps: [number, number] = [stepOf(qi * 3) + 1, stepOf(qi * 3 + 2) + 1];
      for (const node of nodes) {
        const s = series.get(node.id)!;
        const sum = (k: 'target' | 'floor' | 'ceiling' | 'bonus') => round(months.reduce((acc, mk) => acc + s.targets[mk][m][k], 0), d);
        const t = (s.targets[quarterKey(qi)] ??= {} as Record<Measure, TargetCell>);
        t[m] = targetCell(work.get(node.id)!.final[m], steps, sum('target'), sum('floor'), sum('ceiling'), sum('bonus'), node.active);
        // A quarter is the sum of its months: one refused month leaves it no sounder (evaluate refuses it too).
        const month = months.find((mk) => s.targets[mk][m].refused);
        if (month && !t[m].refused) {
          const why = s.targets[month][m].refused!;
          t[m] = { ...t[m], refused: bi(`its month ${month} was refused: ${why.en}`, `其中 ${month} 的月目标被拒绝：${why.zh}`) };
        }
      }
    }
  }

  // Pipeline: open deals by expected close month, weighted by stage probability.
  // The deals as they stood on the as-of date: one won or lost later is in the pipeline, one created later is not.
  const open = H.deals.filter((d) => d.stage === 'open');
  const winRate = learnedWinRate(H.won, H.deals, last - baselineMonths + 1, asOf);
  const stages = stageTable(open, options.stageProbabilities ?? {}, winRate);
  const pOf = new Map(stages.map((s) => [s.label, s.probability]));
  const repTeam = new Map(H.reps.map((r) => [r.name, r.team!]));
  pipelineOf(
    open,
    (label) => pOf.get(label) ?? 0,
    (d) => [series.get(COMPANY_ID)!, series.get(teamId(repTeam.get(d.rep) ?? NO_TEAM))!, series.get(repId(d.rep))!].filter(Boolean),
    fMonths.map(monthKey),
    asOf,
  );
  for (const s of series.values()) {
    const p = s.pipeline;
    for (const c of [...Object.values(p.months), p.overdue, p.later, p.undated]) {
      c.openAmount = round(c.openAmount, CENTS);
      c.weighted = round(c.weighted, 0);
      c.weightedCount = round(c.weightedCount, DECIMALS.count);
    }
    const periods = [...(fMonths.some((mi) => quarterOfMonth(mi) === curQ) ? [curQ] : []), ...tQuarters];
    p.coverage = periods.map((qi) => {
      const months = fMonths.filter((mi) => quarterOfMonth(mi) === qi).map(monthKey);
      const openCount = months.reduce((a, mk) => a + p.months[mk].openCount, 0);
      const openAmount = round(months.reduce((a, mk) => a + p.months[mk].openAmount, 0), CENTS);
      const weighted = round(months.reduce((a, mk) => a + p.months[mk].weighted, 0), 0);
      const weightedCount = round(months.reduce((a, mk) => a + p.months[mk].weightedCount, 0), DECIMALS.count);
      const isCur = qi === curQ;
      const goal = isCur ? s.outlook[measure].projected : s.targets[quarterKey(qi)][measure].target;
      const won = isCur ? s.outlook[measure].wonToDate : 0;
      const gap = round(goal - won, CENTS);
      const openOf = measure === 'amount' ? openAmount : openCount;
      return { period: quarterKey(qi), goal, won, gap, openCount, openAmount, weighted, weightedCount, coverage: gap > 0 ? round(openOf / gap, 3) : null };
    });
  }
  if (open.length && open.every((d) => d.expected_close_at === undefined))
    notes.push(bi('Open deals carry no expected close date: the pipeline cannot be placed in the horizon.', '未结商机没有预计成交日期：无法把管道金额放入预测期。'));
  if (!H.hasTeams) notes.push(bi('No team or region in the data (add --team teams.csv): the team level is left out.', '数据中没有团队或区域（可加 --team teams.csv）：不输出团队层级。'));
  const newReps = H.reps.filter((r) => work.get(r.id)!.raw.amount.method === 'team-per-head');
  if (newReps.length)
    notes.push(
      bi(
        `Fewer than ${minRep} months of history, forecast as the team's average per head: ${newReps.map((r) => r.name).join(', ')}. Their targets rest on the team, not on their own record: read their attainment with care.`,
        `历史不足 ${minRep} 个月、按团队人均预测：${newReps.map((r) => r.name).join('、')}。其目标基于团队而非本人业绩，解读其达成率时需谨慎。`,
      ),
    );

  // Reps whose target quarter is far from their own record, in the plan's measure.
  const d = DECIMALS[measure];
  for (const r of H.reps) {
    const s = series.get(r.id)!;
    if (!r.active || r.start === null) continue;
    const n = historyMonths.length;
    const from = Math.max(r.start - first, n - 12);
    const won = r.monthly[KEY[measure]].slice(from, n).reduce((a, b) => a + b, 0);
    const avg = n > from ? (won / (n - from)) * 3 : 0;
    const flags = tQuarters.map((qi) => targetFlag(quarterKey(qi), s.targets[quarterKey(qi)][measure].target, avg, s.share, measure, d)).filter((f): f is TargetFlag => f !== undefined);
    if (flags.length) s.targetFlags = flags;
  }

  // A collapse or surge at the end of the company's or a team's history: every target rests on a past that stopped.
  const breaks: BreakWarning[] = [];
  for (const node of [H.company, ...(H.hasTeams ? H.teams : [])]) {
    const b = node.active ? detectBreak(ownSeries(node, first, KEY[measure])) : undefined;
    if (!b) continue;
    const v = (x: number) => round(x, d);
    // Grouped as the report's own figures are: "338,667", not "338667".
    const shown = (x: number) => formatNumber('en', v(x), d);
    const won = measure === 'amount' ? bi('won amount', '赢单金额') : bi('won deals', '赢单数');
    const what = b.seasonallyAdjusted ? bi(`${won.en} (seasonally adjusted)`, `${won.zh}（经季节调整）`) : won;
    breaks.push({
      id: node.id,
      name: node.name,
      ...b,
      recent: v(b.recent),
      before: v(b.before),
      ratio: b.ratio,
      message: bi(
        `${node.level === 'company' ? 'Company' : `Team ${node.name}`}: ${b.kind === 'collapse' ? 'collapse' : 'surge'} at the end of the history — ${what.en} averaged ${shown(b.recent)} a month over the last 3 months against ${shown(b.before)} over the 3 before (${Math.round(b.ratio * 100)}%). Every method assumes the near future resembles the past: treat these targets as unreliable until the cause is known.`,
        `${node.level === 'company' ? '公司' : `团队 ${node.name}`}：历史末尾出现${b.kind === 'collapse' ? '断崖式下跌' : '骤升'}——近 3 个月${what.zh}月均 ${shown(b.recent)}，之前 3 个月为 ${shown(b.before)}（${Math.round(b.ratio * 100)}%）。所有方法都假定近期与过去相似：在查明原因之前，这些目标不可靠。`,
      ),
    });
  }
  const refused = [...series.values()].some((s) => Object.values(s.targets).some((t) => t[measure].refused));

  return {
    file,
    asOf: isoDate(asOf),
    targetsReliable: breaks.length === 0 && !refused,
    breaks,
    choice: methodChoice(series.get(COMPANY_ID)!, measure),
    options: {
      method,
      horizon: h,
      band,
      bonusThreshold,
      targetQuantile: options.targetQuantile ?? null,
      baselineMonths,
      minMonthsForSeasonality: minSeason,
      minRepMonths: minRep,
    },
    reconciliation: RECONCILIATION,
    measure,
    months: {
      history: historyMonths.map(monthKey),
      current: monthKey(current),
      // shares and probabilities stay unrounded: they feed the pacing and target checks, and reports round them once
      currentRemaining: share,
      forecast: fMonths.map(monthKey),
      target: tMonths.map(monthKey),
      targetQuarters: tQuarters.map(quarterKey),
      currentQuarter: quarterKey(curQ),
    },
    deals: H.counts,
    winRate,
    stageProbabilities: stages,
    series: nodes.map((n) => series.get(n.id)!),
    adjustments: applied,
    problems,
    notes,
  };
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** --as-of on a month's last day: that month is still the current (partial) one, which surprises people. */
function lastDayHint(current: MonthIndex): Bi {
  const name = MONTH_NAMES[current % 12];
  const next = `${monthKey(current + 1)}-01`;
  return bi(
    `${name} is counted as the current month (history ends ${monthKey(current - 1)}); use --as-of ${next} to count it as complete.`,
    `${current % 12 + 1} 月按当前月计算（历史截至 ${monthKey(current - 1)}）；如需把它算作完整月份，请用 --as-of ${next}。`,
  );
}

function targetCell(r: ForecastResult, steps: number | [number, number], target: number, floor: number, ceiling: number, bonus: number, active: boolean): TargetCell {
  const p = (x: number) => probAtLeast(r, steps, x);
  const cell: TargetCell = { target, floor, ceiling, bonus, pFloor: p(floor), pTarget: p(target), pBonus: p(bonus) };
  if (!active) return cell;
  if (target <= 0)
    return { ...cell, refused: bi('a target of 0 for an active series: the forecast has nothing to base a target on', '在岗序列的目标为 0：预测无从定出目标') };
  if (!(sumDistribution(r, steps).sd > 0))
    return { ...cell, refused: bi('the forecast has no spread: its probabilities (0 % or 100 %) say nothing', '预测没有波动：其概率（0% 或 100%）没有意义') };
  return cell;
}

/** A flag when a rep's target quarter is outside 50 %–200 % of the rep's trailing-four-quarter average. */
function targetFlag(period: string, target: number, avg: number, share: SeriesPlan['share'], m: Measure, d: number): TargetFlag | undefined {
  const ratio = avg > 0 ? target / avg : null;
  if (ratio !== null && ratio >= 0.5 && ratio <= 2) return undefined;
  const sh = share?.[m];
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  const why = sh
    ? bi(
        ` The rep's share of the team is ${pct(sh.share)} (own trailing ${pct(sh.trailing)} over ${nounCount(sh.months, 'month')}, per head ${pct(sh.perHead)}): ${sh.share > sh.trailing ? 'the per-head average lifts it' : 'the team forecast or the share lowers it'}.`,
        `该销售占团队 ${pct(sh.share)}（近 ${sh.months} 个月本人占比 ${pct(sh.trailing)}，人均 ${pct(sh.perHead)}）：${sh.share > sh.trailing ? '人均值将其拉高' : '团队预测或占比将其拉低'}。`,
      )
    : bi('', '');
  const reason =
    ratio === null
      ? bi(`Nothing won in the trailing four quarters: a target of ${round(target, d)} has no record to compare with.`, `近四个季度没有赢单：目标 ${round(target, d)} 无业绩可比。`)
      : bi(
          `Target ${round(target, d)} is ${pct(ratio)} of the rep's trailing-four-quarter average ${round(avg, d)} (outside 50%–200%).${why.en}`,
          `目标 ${round(target, d)} 为该销售近四个季度季均 ${round(avg, d)} 的 ${pct(ratio)}（超出 50%–200%）。${why.zh}`,
        );
  return { period, target, trailingQuarterAverage: round(avg, d), ratio, reason };
}

const roundValue = (m: Measure, v: number) => round(v, m === 'amount' ? CENTS : 0);
const roundActual = (a: Actual): Actual => ({ count: a.count, amount: round(a.amount, CENTS), newCount: a.newCount, newAmount: round(a.newAmount, CENTS) });

function actualAt(node: Node, i: number): Actual {
  const m = node.monthly;
  return { count: m.count[i], amount: m.amount[i], newCount: m.newCount[i], newAmount: m.newAmount[i] };
}

function sumActuals(node: Node, from: number, to: number): Actual {
  const a: Actual = { count: 0, amount: 0, newCount: 0, newAmount: 0 };
  for (let i = from; i < to; i++) {
    const x = actualAt(node, i);
    a.count += x.count;
    a.amount = addMoney(a.amount, x.amount);
    a.newCount += x.newCount;
    a.newAmount = addMoney(a.newAmount, x.newAmount);
  }
  return a;
}

/** Won in the current quarter up to the as-of date: its complete months plus this month to date. */
function sumQuarterToDate(node: Node, first: MonthIndex, current: MonthIndex, q: number, m: Measure): number {
  let s = node.monthToDate[KEY[m]];
  for (let mi = q * 3; mi < current; mi++) if (mi >= first) s = addMoney(s, node.monthly[KEY[m]][mi - first]);
  return s;
}

/** Quantile targets reconciled top-down: the company's quantile, split by the children's own quantiles. */
function quantileTargets(H: Hierarchy, work: Map<string, Work>, m: Measure, q: number, h: number, out: Map<string, number[]>): void {
  const qs = (id: string) => Array.from({ length: h }, (_, i) => quantile(work.get(id)!.final[m], i + 1, q));
  const split = (parent: number[], children: Node[]) => {
    const own = children.map((c) => (c.active ? qs(c.id) : new Array<number>(h).fill(0)));
    const act = children.filter((c) => c.active).length;
    children.forEach((c, k) => {
      out.set(
        c.id,
        parent.map((p, i) => {
          const sum = own.reduce((a, o) => a + o[i], 0);
          return sum > 0 ? (p * own[k][i]) / sum : c.active ? p / act : 0;
        }),
      );
      if (c.children.length) split(out.get(c.id)!, c.children);
    });
  };
  out.set(COMPANY_ID, qs(COMPANY_ID));
  split(out.get(COMPANY_ID)!, H.teams);
}

/**
 * Applies the adjustments in file order to the reps' reconciled forecasts (a percentage multiplies,
 * an absolute change is split over the reps in scope in proportion to their forecast, equally when
 * they forecast nothing; a rep never goes below zero), then sums the changes up the tree.
 */
function applyAdjustments(H: Hierarchy, work: Map<string, Work>, adjustments: readonly Adjustment[], fMonths: MonthIndex[], file: string, problems: Problem[]): AppliedAdjustment[] {
  const h = fMonths.length;
  const keys = fMonths.map(monthKey);
  for (const w of work.values()) w.delta = { amount: new Array<number>(h).fill(0), count: new Array<number>(h).fill(0) };
  const reps = H.reps.filter((r) => r.active).map((r) => work.get(r.id)!);
  const teamByKey = new Map(H.teams.map((t) => [normaliseKey(t.name), t]));
  const repByKey = new Map(H.reps.map((r) => [normaliseKey(r.name), r]));
  const applied: AppliedAdjustment[] = [];
  for (const a of adjustments) {
    let scope: Work[];
    if (a.scope === 'all') scope = reps;
    else {
      const key = normaliseKey(a.name ?? '');
      const found = a.scope === 'team' ? teamByKey.get(key) : repByKey.get(key);
      const skip = (code: string, why: Bi) => problems.push({ file: a.file ?? file, row: a.row || null, column: null, value: a.name, code, severity: 'error', message: bi(`${why.en}; adjustment skipped`, `${why.zh}；该调整未采用`) });
      const who = a.scope === 'team' ? '团队' : '销售';
      if (!found) {
        skip('unknown_name', bi(`no ${a.scope} named "${a.name}" in the deals`, `数据中没有名为"${a.name}"的${who}`));
        continue;
      }
      scope = (found.level === 'team' ? found.children : [found]).filter((r) => r.active).map((r) => work.get(r.id)!);
      // A roster team or rep without deals has no forecast to change: the adjustment would be shown applied at +0.
      if (scope.length === 0) {
        skip('adjustment_no_effect', bi(`${a.scope} "${a.name}" has no rep with deals to forecast`, `${who}"${a.name}"没有可预测成交的销售`));
        continue;
      }
    }
    const effect: Record<string, number> = {};
    const skipped: string[] = [];
    const measures: Measure[] = a.measure === 'both' ? ['amount', 'count'] : [a.measure];
    const main: Measure = measures[0];
    for (let mk = a.from; mk <= a.to; mk = nextMonth(mk)) {
      const i = keys.indexOf(mk);
      if (i < 0) {
        skipped.push(mk);
        continue;
      }
      for (const m of measures) {
        const cur = (w: Work) => w.statistical[m].mean[i] + w.delta[m][i];
        const total = scope.reduce((s, w) => s + cur(w), 0);
        let change = 0;
        for (const w of scope) {
          const before = cur(w);
          const want = a.kind === 'percent' ? before * a.value : total > 0 ? (a.value * before) / total : a.value / scope.length;
          const d = Math.max(-before, want);
          w.delta[m][i] += d;
          change += d;
        }
        if (m === main) effect[mk] = round(change, DECIMALS[m]);
      }
    }
    if (skipped.length)
      problems.push({
        file: a.file ?? file,
        row: a.row || null,
        column: null,
        value: `${a.from}..${a.to}`,
        code: 'adjustment_outside_horizon',
        severity: 'warning',
        message: bi(`months outside the forecast horizon are not adjusted: ${skipped.join(', ')}`, `超出预测期的月份未调整：${skipped.join('、')}`),
      });
    applied.push({ ...a, effect, total: round(Object.values(effect).reduce((x, y) => x + y, 0), DECIMALS[main]), skippedMonths: skipped });
  }
  // Sum the reps' changes into teams and the company; adjusted distributions.
  for (const t of H.teams) {
    const tw = work.get(t.id)!;
    for (const r of t.children) for (const m of MEASURES) work.get(r.id)!.delta[m].forEach((d, i) => (tw.delta[m][i] += d));
    for (const m of MEASURES) tw.delta[m].forEach((d, i) => (work.get(COMPANY_ID)!.delta[m][i] += d));
  }
  for (const w of work.values()) w.final = { amount: adjusted(w.statistical.amount, w.delta.amount), count: adjusted(w.statistical.count, w.delta.count) };
  return applied;
}

const nextMonth = (mk: string) => monthKey(Number(mk.slice(0, 4)) * 12 + Number(mk.slice(5, 7)));
