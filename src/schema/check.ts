import { z } from 'zod';
import { BiSchema } from './problem.js';

/**
 * Something a user must know before trusting a result: a refusal they overrode with a flag, a reading
 * perf decided for them (units, number style, currency, date order), names it reconciled, or a caveat on
 * the result itself (a forecast its own backtest does not support, targets refused or unreliable). Listed
 * first in every text report and in the JSON's `checks`.
 */
export const CheckSchema = z.object({
  /** stable machine-readable code, e.g. `header_unit`, `number_style`, `stale_data`, `roster_unknown_rep` */
  code: z.string(),
  /** overridden: a refusal let through by a flag; guessed: a reading perf chose; reconciled: names matched or not; caveat: how far to trust a result */
  status: z.enum(['overridden', 'guessed', 'reconciled', 'caveat']),
  file: z.string().nullable(),
  message: BiSchema,
});

export type Check = z.infer<typeof CheckSchema>;
