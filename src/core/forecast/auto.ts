import { detectBreak } from './breaks.js';
import { combine } from './combine.js';
import { runMethod, type BaseMethod, type MethodOptions } from './methods.js';
import { meanForecast } from './naive.js';
import { bi } from '../i18n.js';
import { Z80, Z95 } from './stats.js';
import type { ForecastResult } from './types.js';

/**
 * Caps a member's spread at that of the unconditional forecast (the historical mean's prediction sd,
 * sd(y)·√(1 + 1/n)): the h-step error variance of any mean-reverting process converges to the series'
 * own variance, whereas random-walk-like fits (α ≈ 1) let it grow with h without bound; on a short
 * series fitted through a rise and a collapse that extrapolates a spread the data never showed (an 80 %
 * range for a year's deal count several times the last year's total). Means are untouched; each bound's
 * offset from the mean shrinks in the same ratio as the sd, so asymmetric (simulated) bounds keep their shape.
 */
export function capSpread(r: ForecastResult, y: readonly number[]): ForecastResult {
  const cap = meanForecast(y, 1).sd[0];
  if (!(cap > 0) || r.sd.every((v) => v <= cap)) return r;
  const k = r.sd.map((v) => (v > cap ? cap / v : 1));
  const shrink = (b: number[]): number[] => b.map((v, i) => r.mean[i] + (v - r.mean[i]) * k[i]);
  return {
    ...r,
    sd: r.sd.map((v) => Math.min(v, cap)),
    lower80: shrink(r.lower80),
    upper80: shrink(r.upper80),
    lower95: shrink(r.lower95),
    upper95: shrink(r.upper95),
    params: { ...r.params, sdCap: cap },
  };
}

/**
 * Widens a forecast whose spread is below `sd` to at least it: a method chosen on its rolling origins
 * missed by `sd` (RMS) there, so a spread fitted in sample that is narrower (a series it fits almost
 * exactly) would state probabilities of 0 % or 100 % its own backtest does not support. Means are
 * untouched; bounds are rebuilt as normal bounds around the mean where the sd is raised.
 */
export function floorSpread(r: ForecastResult, sd: number): ForecastResult {
  if (!(sd > 0) || !Number.isFinite(sd) || r.sd.every((v) => v >= sd)) return r;
  const raise = (i: number) => r.sd[i] < sd;
  const bound = (b: number[], z: number) => b.map((v, i) => (raise(i) ? r.mean[i] + z * sd : v));
  return {
    ...r,
    sd: r.sd.map((v) => Math.max(v, sd)),
    lower80: bound(r.lower80, -Z80),
    upper80: bound(r.upper80, Z80),
    lower95: bound(r.lower95, -Z95),
    upper95: bound(r.upper95, Z95),
    params: { ...r.params, sdFloor: sd },
  };
}

/** Members of the combination: automatic ETS, Theta and damped trend. */
export const COMBO_MEMBERS: readonly BaseMethod[] = ['ets', 'theta', 'damped'];

/** Mean of whichever of ETS, Theta and damped trend can be fitted; undefined if none can. */
export function comboForecast(y: readonly number[], h: number, opts: MethodOptions = {}, how: 'mean' | 'median' = 'mean'): ForecastResult | undefined {
  return comboOf(
    COMBO_MEMBERS.map((m) => runMethod(m, y, h, opts)),
    y,
    how,
  );
}

function comboOf(fits: readonly (ForecastResult | undefined)[], y: readonly number[], how: 'mean' | 'median' = 'mean'): ForecastResult | undefined {
  const members = fits.filter((r): r is ForecastResult => r !== undefined).map((r) => capSpread(r, y));
  if (members.length === 0) return undefined;
  if (members.length === 1) return members[0];
  return combine(members, how);
}

export type Candidate = BaseMethod | 'combo';

/** Order in which simpler methods are tried when the requested one needs more data (naive always fits). */
export const FALLBACKS: readonly BaseMethod[] = ['theta', 'ses', 'naive'];

const runCandidate = (c: Candidate, y: readonly number[], h: number, opts: MethodOptions): ForecastResult | undefined =>
  c === 'combo' ? comboForecast(y, h, opts) : runMethod(c, y, h, opts);

/**
 * Rolling-origin selection on the series' own history: each candidate forecasts from origins
 * n − k·step (k = 1..origins) to min(origin + h, n); the one with the lowest total absolute error
 * forecasts the future. Origins leaving fewer than `minTrain` observations are skipped; with none
 * left, the first candidate wins.
 */
export function cvSelect(
  y: readonly number[],
  h: number,
  candidates: readonly Candidate[],
  opts: MethodOptions & { origins?: number; step?: number; minTrain?: number } = {},
): ForecastResult | undefined {
  const origins = opts.origins ?? 3;
  const step = opts.step ?? 6;
  const minTrain = opts.minTrain ?? 24;
  const n = y.length;
  const errors = new Map<Candidate, number>();
  for (let k = 1; k <= origins; k++) {
    const o = n - k * step;
    if (o < minTrain) break;
    const train = y.slice(0, o);
    const hh = Math.min(h, n - o);
    for (const c of candidates) {
      const r = runCandidate(c, train, hh, opts);
      let e = 0;
      if (!r) e = Infinity;
      else for (let i = 0; i < hh; i++) e += Math.abs(y[o + i] - r.mean[i]);
      errors.set(c, (errors.get(c) ?? 0) + e);
    }
  }
  const ranked = [...candidates].sort((a, b) => (errors.get(a) ?? 0) - (errors.get(b) ?? 0));
  for (const c of ranked) {
    const r = runCandidate(c, y, h, opts);
    if (r) {
      const capped = c === 'combo' ? r : capSpread(r, y);
      return { ...capped, params: { ...capped.params, selectedBy: 'rolling-origin CV' } };
    }
  }
  return undefined;
}

/**
 * What `auto` chooses among on a short history, in the order ties go: the combination first, then
 * automatic ETS, Theta, SBA (Croston debiased), seasonal naive, naive, the month-of-quarter
 * profile (histories under two years only: with more, the yearly cycle is estimated by the others)
 * and the static target itself.
 */
export const SELECT_CANDIDATES: readonly Candidate[] = ['combo', 'ets', 'theta', 'sba', 'snaive', 'naive', 'moq', 'static'];

/**
 * The selection rule. Origins: the last SELECT_ORIGINS training lengths n−1, n−2, … that keep at
 * least SELECT_MIN_TRAIN observations; each forecasts the next min(h, SELECT_STEPS) observations it
 * has actuals for (floored at 0 for a non-negative series). A candidate's score is the mean over
 * origins of its Σ|error| ÷ Σ|actual| there (each origin counts the same, so a series that rose and
 * collapsed is judged on its recent origins as much as on its big months); a candidate that needs more
 * history than an origin has (seasonal naive under a year, the profile under 6 months) is charged the
 * combination's error there, or where even the combination cannot be fitted, that of forecast()'s own
 * fallback (the mean up to 2 months, else Theta, SES or naive). With at least 2 origins and fewer than
 * SELECT_MAX_CYCLES years of history, the lowest score wins (ties: listed order, so the combination). Fewer origins keep the
 * combination (too little to choose on); longer histories keep it too: on M3's 4-to-12-year monthly
 * series choosing by rolling origin lost to the combination (13.75 vs 13.58 sMAPE) at 6× the CPU.
 */
export const SELECT_ORIGINS = 6;
export const SELECT_MIN_TRAIN = 2;
export const SELECT_STEPS = 3;
export const SELECT_MAX_CYCLES = 4;

export interface Selection {
  winner: Candidate;
  origins: number;
  /** Σ|actual| over the scored points; per candidate, the sum over origins of Σ|error| ÷ Σ|actual| (Infinity: never fitted). */
  actual: number;
  errors: Partial<Record<Candidate, number>>;
  /** Root mean squared error per candidate over every scored point (its spread out of sample). */
  rmse: Partial<Record<Candidate, number>>;
}

/** The candidate with the lowest score (ties: listed order). */
const lowest = (errors: Selection['errors'], candidates: readonly Candidate[]): Candidate =>
  candidates.reduce((b, c) => ((errors[c] ?? Infinity) < (errors[b] ?? Infinity) ? c : b), candidates[0]);

/**
 * Candidates whose level cannot follow a break, as it is not fitted to the latest months: SBA smooths it with
 * a fixed weight of 0.1 and the static target is a 12-month mean, so after a collapse both keep forecasting
 * much of the level before it (after a surge, below it). Scored on origins before the break they can still
 * look best (on Olist's rise and collapse SBA's lagging level was low on the rise and high on the fall, and
 * won), which those origins do not show will hold once the level has moved. The others fit their level (ETS,
 * Theta, damped trend and the profile estimate their smoothing weights; naive is the last month). Seasonal
 * naive repeats last year's months and could be counted here too, but M3 windows that end in a 3-month swing
 * are mostly seasonal, which it follows: barring it cost 13 points of WAPE there on 18–24-month windows,
 * barring SBA and the static target under 0.5 (BENCHMARKS.md, Issue 13).
 */
export const LAGGING: readonly Candidate[] = ['sba', 'static'];

/** Training lengths the selection scores (most recent last). */
export function selectionOrigins(n: number): number[] {
  const out: number[] = [];
  for (let o = n - 1; o >= SELECT_MIN_TRAIN && out.length < SELECT_ORIGINS; o--) out.unshift(o);
  return out;
}

/** Scores every candidate at the selection origins; undefined when fewer than 2 origins exist. */
export function selectOnHistory(y: readonly number[], h: number, candidates: readonly Candidate[], opts: MethodOptions = {}): Selection | undefined {
  const origins = selectionOrigins(y.length);
  if (origins.length < 2) return undefined;
  const errors: Partial<Record<Candidate, number>> = {};
  const sq: Partial<Record<Candidate, number>> = {};
  let points = 0;
  // Non-negative histories are forecast floored at 0 (as the plan does), so they are scored that way.
  const floor = y.every((v) => v >= 0);
  let actual = 0;
  for (const o of origins) {
    const train = y.slice(0, o);
    const steps = Math.min(h, SELECT_STEPS, y.length - o);
    let act = 0;
    for (let i = 0; i < steps; i++) act += Math.abs(y[o + i]);
    actual += act;
    const fits = new Map<Candidate, ForecastResult | undefined>();
    for (const c of candidates) {
      if (c === 'combo') continue;
      const r = runMethod(c, train, steps, opts);
      // Seasonal naive under a year is naive (its own candidate): it is scored only where it is seasonal.
      fits.set(c, c === 'snaive' && r?.method !== 'snaive' ? undefined : r);
    }
    const combo = comboOf(COMBO_MEMBERS.map((m) => (fits.has(m) ? fits.get(m) : runMethod(m, train, steps, opts))), train);
    fits.set('combo', combo);
    // What forecast() makes of a history too short for the combination: its mean up to 2 months, else the first of Theta, SES, naive that fits.
    const stand =
      combo ?? (train.length <= 2 ? meanForecast(train, steps) : FALLBACKS.reduce<ForecastResult | undefined>((r, m) => r ?? runMethod(m, train, steps, opts), undefined));
    const errorOf = (r: ForecastResult | undefined): [number, number] => {
      if (!r) return [Infinity, Infinity];
      let e = 0;
      let e2 = 0;
      for (let i = 0; i < steps; i++) {
        const d = Math.abs(y[o + i] - (floor ? Math.max(0, r.mean[i]) : r.mean[i]));
        e += d;
        e2 += d * d;
      }
      return [e, e2];
    };
    // A candidate that needs more history than this origin has is charged what auto would do instead (the
    // combination, or its own fallback), never an infinite error that would rule it out for good.
    const fallback = errorOf(stand);
    // An origin whose months sold nothing has no WAPE: its error is taken relative to what the training
    // months sold over as many months, so that it weighs as the other origins do. Counted in raw units
    // (weight 1), one empty month outweighed every other origin and the method forecasting it lowest won
    // ("WAPE 4656729.5%" on the fixtures' East once its empty November joined the history).
    const level = (train.reduce((a, v) => a + Math.abs(v), 0) / train.length) * steps;
    const w = act > 0 ? 1 / act : level > 0 ? 1 / level : 0;
    points += steps;
    for (const c of candidates) {
      const [e, e2] = fits.get(c) ? errorOf(fits.get(c)) : fallback;
      errors[c] = (errors[c] ?? 0) + w * e;
      sq[c] = (sq[c] ?? 0) + e2;
    }
  }
  const winner = lowest(errors, candidates);
  const rmse = Object.fromEntries(candidates.map((c) => [c, Math.sqrt((sq[c] ?? Infinity) / points)]));
  return { winner, origins: origins.length, actual, errors, rmse };
}

/**
 * auto on a short history: the candidate its own rolling origins favour (see SELECT_MAX_CYCLES),
 * with the selection's errors in params and a note naming the winner and its error against the
 * static target's. Undefined when the rule does not apply (the caller uses the combination).
 */
export function selectForecast(y: readonly number[], h: number, opts: MethodOptions = {}, keep?: Candidate): ForecastResult | undefined {
  const period = opts.period ?? 12;
  const cycle = period === 1 ? 12 : period;
  if (y.length >= SELECT_MAX_CYCLES * cycle) return undefined;
  const candidates = SELECT_CANDIDATES.filter((c) => c !== 'moq' || y.length < 2 * cycle);
  const scored = selectOnHistory(y, h, candidates, opts);
  if (!scored) return undefined;
  // Break-aware: after a collapse or surge at the end of the history the lagging candidates may not win (they stay scored, so the static target's error is still shown).
  const brk = y.every((v) => v >= 0) ? detectBreak(y, opts.nonSeasonal ? 1 : period) : undefined;
  const best = brk ? lowest(scored.errors, candidates.filter((c) => !LAGGING.includes(c))) : scored.winner;
  // A kept candidate is still scored today (its spread floor, and what today would choose instead), but a lagging one is not kept through a break.
  const kept = keep !== undefined && !(brk && LAGGING.includes(keep)) ? keep : undefined;
  const sel = { ...scored, winner: kept ?? best };
  const r = runCandidate(sel.winner, y, h, opts);
  if (!r) return undefined;
  const wape = (c: Candidate) => (sel.actual > 0 ? (sel.errors[c] ?? Infinity) / sel.origins : null);
  const w = wape(sel.winner);
  const st = wape('static');
  const pct = (v: number | null) => (v === null || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(1)}%`);
  const capped = floorSpread(sel.winner === 'combo' ? r : capSpread(r, y), sel.rmse[sel.winner] ?? 0);
  return {
    ...capped,
    params: {
      ...capped.params,
      selected: sel.winner,
      selectionOrigins: sel.origins,
      ...(w !== null && Number.isFinite(w) ? { selectionWape: w } : {}),
      ...(st !== null && Number.isFinite(st) ? { staticWape: st } : {}),
      ...(brk ? { afterBreak: brk.kind } : {}),
      ...(kept ? { kept: true, choiceToday: best } : keep !== undefined ? { keepDropped: keep } : {}),
    },
    notes: [
      ...capped.notes,
      kept
        ? bi(
            `kept from an earlier plan: ${kept} (WAPE ${pct(w)} on ${sel.origins} rolling origins of this series; they would choose ${best}, WAPE ${pct(wape(best))}; static target ${pct(st)})`,
            `沿用先前计划的方法：${kept}（本序列 ${sel.origins} 个滚动起点上 WAPE ${pct(w)}；按这些起点会选 ${best}，WAPE ${pct(wape(best))}；静态目标 ${pct(st)}）`,
          )
        : bi(
            `chosen on ${sel.origins} rolling origins of this series: ${sel.winner} (WAPE ${pct(w)}; static target ${pct(st)})`,
            `按本序列 ${sel.origins} 个滚动起点选出：${sel.winner}（WAPE ${pct(w)}；静态目标 ${pct(st)}）`,
          ),
      ...(brk
        ? [
            bi(
              `the history ends in a ${brk.kind} (last 3 months ${brk.recent.toFixed(1)} a month against ${brk.before.toFixed(1)} the 3 before): SBA and the static target, whose levels lag a break, were not allowed to win`,
              `历史末尾出现${brk.kind === 'collapse' ? '断崖式下跌' : '骤升'}（近 3 个月月均 ${brk.recent.toFixed(1)}，之前 3 个月为 ${brk.before.toFixed(1)}）：水平滞后于突变的 SBA 与静态目标不参与胜出`,
            ),
          ]
        : []),
    ],
  };
}

/**
 * auto keeping the candidate an earlier plan chose, where today's history gives no selection to
 * keep it through (too short, or long enough for the combination): that candidate fitted on today's history.
 */
export function keptForecast(y: readonly number[], h: number, keep: Candidate, opts: MethodOptions = {}): ForecastResult | undefined {
  const r = runCandidate(keep, y, h, opts);
  if (!r) return undefined;
  const capped = keep === 'combo' ? r : capSpread(r, y);
  return {
    ...capped,
    params: { ...capped.params, selected: keep, kept: true },
    notes: [...capped.notes, bi(`kept from an earlier plan: ${keep}`, `沿用先前计划的方法：${keep}`)],
  };
}
