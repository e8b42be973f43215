import { z } from 'zod';

const METHODS = ['auto', 'snaive', 'naive', 'mean', 'ses', 'ets', 'damped', 'theta', 'croston', 'sba', 'combo', 'moq', 'static'] as const;
const share = z.number().min(0).max(1);

/** `forecast`: how `perf forecast` / `perf backtest` build and forecast the monthly won series. */
export const ForecastSectionSchema = z
  .object({
    method: z.enum(METHODS).default('auto').describe('Forecast method per series (auto chooses per series)'),
    horizon: z
      .number()
      .int()
      .min(1)
      .max(36)
      .optional()
      .describe('Months to forecast, counting the current month; default: the rest of this quarter plus the next quarter'),
    baselineMonths: z.number().int().min(1).default(12).describe('The baseline: months of actual won deals behind every target'),
    minMonthsForSeasonality: z
      .number()
      .int()
      .min(13)
      .max(24)
      .default(24)
      .describe("A series shorter than this borrows its team's (or the company's) seasonal profile"),
    minRepMonths: z
      .number()
      .int()
      .min(1)
      .default(3)
      .describe("A rep with fewer months of history is forecast as the team's average per head"),
    stageProbabilities: z
      .record(z.string(), share)
      .default({})
      .describe('Win probability per open stage label, e.g. {"Negotiation": 0.6}; unlisted stages use the win rate learned from won/lost deals'),
    backtestOrigins: z.number().int().min(0).max(24).default(4).describe('Rolling origins behind the per-series backtest error (0 = skip)'),
    backtestHorizon: z.number().int().min(1).max(12).default(3).describe('Months ahead scored at each backtest origin'),
  })
  .prefault({});

/** `targets`: the band around each target and the verdict thresholds of `perf target check`. */
export const TargetsSectionSchema = z
  .object({
    band: share.default(0.15).describe('Floor and ceiling: target × (1 ∓ band)'),
    bonusThreshold: z.number().min(0).default(0.15).describe('Bonus threshold: target × (1 + bonusThreshold)'),
    quantile: z
      .number()
      .gt(0)
      .lt(1)
      .optional()
      .describe('Set targets at this quantile of the forecast instead of its mean (e.g. 0.6 for a stretch)'),
    achievableProbability: share.default(0.5).describe('target check: a proposal at least this likely is "achievable"'),
    unrealisticProbability: share.default(0.2).describe('target check: a proposal less likely than this is "unrealistic"'),
  })
  .prefault({});

export type ForecastSection = z.infer<typeof ForecastSectionSchema>;
export type TargetsSection = z.infer<typeof TargetsSectionSchema>;
