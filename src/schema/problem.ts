import { z } from 'zod';

export const BiSchema = z.object({ en: z.string(), zh: z.string() });

/** A value perf could not use, or a doubt it has about the data; travels with every result. */
export const ProblemSchema = z.object({
  file: z.string(),
  /** The row number the user sees in Excel (header row included); null for file- or column-level problems. */
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  value: z.string().nullable(),
  /** Stable machine-readable code, e.g. `bad_date`, `missing_value`, `duplicate_id`. */
  code: z.string(),
  message: BiSchema,
  /** error: the row was skipped; warning: the row was kept but deserves a look. */
  severity: z.enum(['error', 'warning']),
});

export type Problem = z.infer<typeof ProblemSchema>;
