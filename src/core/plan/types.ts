import type { Candidate, ForecastResult, MethodName } from '../forecast/index.js';
import type { Bi } from '../i18n.js';
import type { Problem } from '../../schema/problem.js';
import type { TeamMember } from '../../schema/rows.js';
import type { Adjustment } from './adjust.js';

export type Level = 'company' | 'team' | 'rep';
export const LEVELS: readonly Level[] = ['company', 'team', 'rep'];

export type Measure = 'amount' | 'count';
export const MEASURES: readonly Measure[] = ['amount', 'count'];

/** Months are `YYYY-MM` keys, quarters `YYYY-Qn`, dates `YYYY-MM-DD` everywhere in a plan. */
export type MonthKey = string;
export type QuarterKey = string;

export interface PlanOptions {
  /** "Today" (LocalTime midnight): history ends with the last complete month before it. */
  asOf: number;
  /** Name of the deals file, for problems. */
  file?: string;
  method?: MethodName;
  /** Months to forecast counting the current one; default: rest of this quarter + the next quarter. */
  horizon?: number;
  band?: number;
  bonusThreshold?: number;
  /** Targets at this quantile of the adjusted forecast (reconciled top-down), else at its mean. */
  targetQuantile?: number;
  baselineMonths?: number;
  minMonthsForSeasonality?: number;
  minRepMonths?: number;
  /** Win probability per open stage label (matched loosely); others use the learned win rate. */
  stageProbabilities?: Record<string, number>;
  adjustments?: readonly Adjustment[];
  /** Team per rep (wins over the team on the deals); listed reps with deals count as active. */
  roster?: readonly TeamMember[];
  /** Roster reps without any deal take a share of their team's target (else they get none). */
  newHiresTakeShare?: boolean;
  /** Rolling origins for the per-series backtest error (0 = skip), months ahead scored at each. */
  backtestOrigins?: number;
  backtestHorizon?: number;
  /** False when the deals file has no amount column: the plan is then in deal counts. */
  amountColumn?: boolean;
  /**
   * Per series id (company and teams; a rep's forecast is a share of its team's) and measure, the method
   * 'auto' keeps instead of choosing again: pacing projects a quarter with the methods of the plan that set its targets.
   */
  keepMethods?: ReadonlyMap<string, Partial<Record<Measure, Candidate>>>;
}

/** Won deals in one month (or part of one). */
export interface Actual {
  count: number;
  amount: number;
  newCount: number;
  newAmount: number;
}

/** One month's forecast of one measure after reconciliation and adjustments. */
export interface MonthForecast {
  /** Reconciled statistical forecast, before market adjustments. */
  statistical: number;
  /** Sum of the market adjustments applied to this series and month. */
  adjustment: number;
  /** statistical + adjustment: what targets start from. */
  mean: number;
  sd: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

/** Target band for one month or one quarter (sum of its months). */
export interface TargetCell {
  target: number;
  floor: number;
  ceiling: number;
  bonus: number;
  /** Probability, under the adjusted forecast distribution, of reaching each threshold. */
  pFloor: number;
  pTarget: number;
  pBonus: number;
  /**
   * Why this target must not be used, when it must not: a target of 0 for an active series, or
   * probabilities of 0 %/100 % that come from a distribution without spread rather than from the data.
   * Present only on refused cells; the numbers stay so that sums remain coherent.
   */
  refused?: Bi;
}

/** How a rep's forecast and targets come from the team's: a smoothed trailing share of it. */
export interface RepShare {
  /** The rep's won ÷ the team's over the trailing months the rep was there (up to baselineMonths). */
  trailing: number;
  /** Months that share is measured on. */
  months: number;
  /** 1 ÷ the team's active reps. */
  perHead: number;
  /** months ÷ (months + SHARE_SHRINK_MONTHS): how far the share trusts the rep's own record over the per-head average. */
  weight: number;
  /** weight × trailing + (1 − weight) × perHead, before the team's shares are scaled to sum to 1. */
  share: number;
}

/** A rep target a manager should look at before signing: outside 50 %–200 % of the rep's trailing-four-quarter average. */
export interface TargetFlag {
  period: QuarterKey;
  target: number;
  /** The rep's won over the trailing 12 complete months (fewer if the history is shorter) per quarter. */
  trailingQuarterAverage: number;
  /** target ÷ trailingQuarterAverage (null when the average is 0). */
  ratio: number | null;
  reason: Bi;
}

/** A collapse or surge at the end of a series' history (see detectBreak). */
export interface BreakWarning {
  id: string;
  name: string;
  kind: 'collapse' | 'surge';
  recent: number;
  before: number;
  ratio: number;
  message: Bi;
}

export interface MethodInfo {
  /** What produced the numbers, e.g. 'combo-mean(ETS(A,N,N),theta,damped)', 'sba', 'team-per-head'. */
  method: string;
  params: Record<string, number | string | boolean>;
  notes: Bi[];
  /** Rolling-origin error of this method on this series' own history; null when too short. */
  backtest: {
    origins: number;
    mae: number;
    wape: number | null;
    mase: number | null;
    bias: number;
    coverage80: number;
    /** WAPE of the static target (last year ÷ 12 × trailing growth) at the same origins. */
    staticWape: number | null;
    /** WAPE of seasonal naive (naive on origins under a year) at the same origins. */
    snaiveWape: number | null;
  } | null;
}

/** The current quarter: won so far plus the forecast of its remaining days. */
export interface Outlook {
  quarter: QuarterKey;
  wonToDate: number;
  rest: number;
  projected: number;
  lower80: number;
  upper80: number;
}

export interface PipelineCell {
  openCount: number;
  openAmount: number;
  /** Σ amount × stage probability. */
  weighted: number;
  /** Σ stage probability: the expected number of wins. */
  weightedCount: number;
}

export interface Coverage extends PipelineCell {
  period: QuarterKey;
  /** In the plan's measure. What the period should bring: its target (target quarters) or the projection (current quarter). */
  goal: number;
  won: number;
  /** goal − won. */
  gap: number;
  /** Open pipeline (openAmount, or openCount when the plan is in deal counts) ÷ gap; null when the gap is not positive. */
  coverage: number | null;
}

export interface SeriesPlan {
  /** 'company', 'team:East', 'rep:Zhang Wei'. */
  id: string;
  level: Level;
  name: string;
  parent: string | null;
  team: string | null;
  /** Reps: a deal in the baseline window or on the roster. Inactive reps are forecast at zero. */
  active: boolean;
  historyStart: MonthKey | null;
  historyMonths: number;
  /** An active rep with fewer than `minRepMonths` months of history: forecast and target are the team's average per head. */
  shortHistory: boolean;
  /** Complete months, oldest first (keys of the plan's `months.history` from this series' start). */
  history: Record<MonthKey, Actual>;
  /** Won in the current month up to and including the as-of date. */
  monthToDate: Actual;
  /** Sum of the last `baselineMonths` complete months. */
  baseline: Actual;
  method: Record<Measure, MethodInfo>;
  forecast: Record<MonthKey, Record<Measure, MonthForecast>>;
  outlook: Record<Measure, Outlook>;
  /** Target months and target quarters. */
  targets: Record<MonthKey | QuarterKey, Record<Measure, TargetCell>>;
  pipeline: {
    months: Record<MonthKey, PipelineCell>;
    overdue: PipelineCell;
    later: PipelineCell;
    undated: PipelineCell;
    coverage: Coverage[];
  };
  /** The adjusted forecast distribution per measure over the horizon (index 0 = current month, full month). */
  distribution: Record<Measure, ForecastResult>;
  /** Active reps: the share of the team their forecast and targets are, per measure. */
  share?: Record<Measure, RepShare>;
  /** Reps: target quarters outside 50 %–200 % of their trailing-four-quarter average, with the reason. */
  targetFlags?: TargetFlag[];
}

export interface AppliedAdjustment extends Adjustment {
  /** Effect on the company total per month (amount or count as the adjustment's measure), and in all. */
  effect: Record<MonthKey, number>;
  total: number;
  /** Months of the adjustment outside the horizon (not applied). */
  skippedMonths: MonthKey[];
}

export interface ForecastPlan {
  file: string;
  asOf: string;
  /** False when a break was found or a target was refused: show that before any target. */
  targetsReliable: boolean;
  /** Level shifts at the end of the company's or a team's history in the plan's measure; non-empty = targets unreliable. */
  breaks: BreakWarning[];
  /** The company's method and its backtest against the static target (the first screen's method line). */
  choice: MethodChoice;
  options: {
    method: MethodName;
    horizon: number;
    band: number;
    bonusThreshold: number;
    targetQuantile: number | null;
    baselineMonths: number;
    minMonthsForSeasonality: number;
    minRepMonths: number;
  };
  reconciliation: Bi;
  /** What targets, band, probabilities and pipeline coverage are in: 'count' when the deals carry no amounts. */
  measure: Measure;
  months: {
    /** Complete months of history, oldest first. */
    history: MonthKey[];
    /** The month holding the as-of date (partial). */
    current: MonthKey;
    /** Share of the current month still to come after the as-of date. */
    currentRemaining: number;
    /** Horizon months, the current month first. */
    forecast: MonthKey[];
    /** Months that get targets (after the current quarter, within the horizon). */
    target: MonthKey[];
    /** Quarters wholly inside the target months. */
    targetQuarters: QuarterKey[];
    currentQuarter: QuarterKey;
  };
  deals: DealCounts;
  winRate: number | null;
  stageProbabilities: { label: string; probability: number; source: 'config' | 'learned'; open: number }[];
  series: SeriesPlan[];
  adjustments: AppliedAdjustment[];
  problems: Problem[];
  notes: Bi[];
}

/** What the company's numbers come from and how they compare with the static target, for the first screen. */
export interface MethodChoice {
  /** The method that produced the company forecast, e.g. 'sba', 'combo-mean(ETS(A,N,N),theta,damped)'. */
  method: string;
  /** auto's winner on the company's own rolling origins; null when auto did not choose (too little or enough history for the combination, or another method was asked for). */
  selected: string | null;
  /** Rolling origins the choice was made on, the winner's mean WAPE there and the static target's. */
  selectionOrigins: number | null;
  selectionWape: number | null;
  selectionStaticWape: number | null;
  /** Set when the company's history ends in this break: SBA and the static target (levels that lag a break) could not win the choice. */
  afterBreak: 'collapse' | 'surge' | null;
  /** The plan's own backtest of the method (config forecast.backtestOrigins) and of the static target at the same origins. */
  backtestWape: number | null;
  backtestStaticWape: number | null;
  /** Seasonal naive's WAPE at the same origins (naive where an origin has under a year). */
  backtestSnaiveWape: number | null;
  /** True when that backtest says the forecast is worse than the static target. */
  worseThanStatic: boolean;
  /**
   * The baseline that beat the forecast in that backtest, the better of the two when both did
   * (ties go to the static target); null when the forecast was at least as good as both.
   */
  beatenBy: 'static' | 'snaive' | null;
}

/**
 * Deals as they stood on the as-of date: `total` existed then (won + lost + open + cancelled, and won
 * deals without a close date); `open` includes `closedAfterAsOf`, won or lost later; `afterAsOf` rows of
 * the export did not exist yet (created later, or of unknown creation) and are left out.
 */
export interface DealCounts {
  total: number;
  won: number;
  lost: number;
  open: number;
  cancelled: number;
  afterAsOf: number;
  closedAfterAsOf: number;
}
