import { z } from 'zod';

const TierSchema = z.object({
  attainment: z.number().positive().describe('Attainment (actual ÷ target) from which this tier applies, e.g. 1.15'),
  rate: z.number().nonnegative().describe('Reward paid on the amount signed inside this tier, e.g. 0.05 = 5%'),
});

/** `perf evaluate`: the overall evaluation. Defaults: the article's 60/40 weights and ±15% band. */
export const EvaluateConfigSchema = z
  .object({
    weights: z
      .object({
        results: z.number().min(0).max(1).default(0.6).describe('Weight of the results score (target attainment)'),
        behaviour: z.number().min(0).max(1).default(0.4).describe('Weight of the behaviour score (perf score)'),
      })
      .prefault({})
      .describe('Overall score = results × weight + behaviour × weight'),
    band: z.number().min(0).lt(1).default(0.15).describe('Attainment within target ± this is on target; below 1 − band is flagged; above 1 + band earns the reward'),
    resultsCap: z.number().positive().default(1).describe('Attainment above this no longer raises the results score (the reward pays for it instead)'),
    accelerators: z
      .array(TierSchema)
      .default([
        { attainment: 1.15, rate: 0.05 },
        { attainment: 1.3, rate: 0.08 },
        { attainment: 1.5, rate: 0.12 },
      ])
      .describe('Accelerator tiers: each rate applies to the amount signed between its attainment and the next tier\'s'),
    bonusBase: z.number().nonnegative().default(0).describe('A fixed amount paid on top once attainment passes 1 + band'),
    excludeReversed: z.boolean().default(true).describe('Deals cancelled or refunded by --as-of do not count toward attainment'),
  })
  .prefault({});

export type EvaluateConfig = z.infer<typeof EvaluateConfigSchema>;
