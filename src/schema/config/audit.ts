import { z } from 'zod';

const int = (def: number, text: string) => z.number().int().positive().default(def).describe(text);

/** `perf audit`: were results earned? Defaults follow the article (cramming in the last 3 days of a quarter). */
export const AuditConfigSchema = z
  .object({
    lastDays: int(3, 'The last N days of a month or quarter that count as "period end"'),
    reversalDays: int(45, 'A period-end deal cancelled, refunded or reversed within this many days of signing is flagged'),
    method: z
      .enum(['zscore', 'percentile'])
      .default('zscore')
      .describe('How period-end concentration is judged: binomial z-score against the baseline share, or the percentile of the share among comparable periods'),
    zScore: z.number().positive().default(3).describe('Flag period-end concentration at or above this z-score (method zscore)'),
    percentile: z.number().gt(0).lt(1).default(0.95).describe('Flag period-end concentration above this percentile of comparable periods (method percentile)'),
    minCrammed: int(2, 'A period is flagged only when at least this many deals were signed in its last N days'),
    minPeriodDeals: int(
      5,
      'Won deals a period (or a whole history) needs before its period-end share can be a high-severity cramming flag; with fewer, at most a low-severity note',
    ),
    priorDeals: z
      .number()
      .nonnegative()
      .default(10)
      .describe('Weight, in deals, of the even-spread share when shrinking a short history (keeps a rep with few deals from being flagged by chance)'),
    activityLookbackDays: int(30, 'A won deal with no activity with its customer in this many days before signing is flagged (with --activity)'),
    engageToCloseRatio: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.2)
      .describe("Flag a deal whose engage-to-close time is at most this fraction of the rep's median"),
    fastCloseShare: z
      .number()
      .gt(0)
      .max(1)
      .default(0.1)
      .describe("…and only when at most this share of the rep's deals close that fast (else quick closes are the rep's normal business)"),
    minHistory: int(5, 'Deals of a rep needed before their usual engage-to-close time is trusted'),
    duplicateDays: z.number().int().nonnegative().default(1).describe('Same customer and amount within this many days: duplicate'),
    splitDays: z.number().int().nonnegative().default(1).describe('Several deals of one customer within this many days of each other: a possible split'),
    splitMatchDays: int(30, 'A split is flagged when its parts sum to another deal of the same customer dated within this many days'),
    amountTolerance: z.number().nonnegative().default(0.005).describe('Relative difference under which two amounts (or a sum) count as equal'),
    resultsHigh: z.number().min(0).max(100).default(70).describe('Single-KPI risk: a results score at or above this…'),
    behaviourLow: z.number().min(0).max(100).default(50).describe('…with a behaviour score below this'),
  })
  .prefault({});

export type AuditConfig = z.infer<typeof AuditConfigSchema>;
