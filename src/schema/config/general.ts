import { z } from 'zod';
import { columnFields } from '../field.js';
import { KINDS, ROW_SCHEMAS, type Kind } from '../rows.js';
import { isValidTimeZone } from '../time-zone.js';

/** Per kind, only that kind's fields may be mapped: a typo like "reps" is refused, not silently ignored. */
const columnOverrides = (kind: Kind) =>
  z
    .object(Object.fromEntries(columnFields(ROW_SCHEMAS[kind] as z.ZodObject).map((f) => [f.name, z.string().min(1).optional()])))
    .strict()
    .describe(`${kind}: canonical field → the header in your export`);

export const GeneralConfigSchema = z.object({
  timezone: z
    .string()
    .refine(isValidTimeZone, { message: 'an IANA time zone such as Asia/Shanghai' })
    .default('Asia/Shanghai')
    .describe('Calendar days, weeks and months are counted in this time zone'),
  lang: z.enum(['en', 'zh']).optional().describe('Report language; else --lang, else LC_ALL/LANG'),
  currency: z
    .string()
    .default('')
    .describe('Symbol shown before amounts (e.g. ¥) when the export names no currency; a symbol, ISO code, header unit or currency column in the export wins. Default: none'),
  numberFormat: z
    .enum(['auto', 'point', 'comma'])
    .default('auto')
    .describe('Decimal mark of numbers like 1.234,56: point (1,234.56), comma (1.234,56, European Excel; also --decimal-comma), or auto: decided per column from its values'),
  dateFormat: z
    .enum(['auto', 'YMD', 'DMY', 'MDY'])
    .default('auto')
    .describe('Day/month order for dates like 03/04/2026; auto decides per column from the data and reports ambiguous columns'),
  dateRange: z
    .object({
      minYear: z.number().int().min(1900).max(9998).default(1990).describe('Dates before this year are refused as typos (0026 for 2026)'),
      maxYear: z.number().int().min(1900).max(9998).default(2100).describe('Dates after this year are refused (9999 written as "never")'),
    })
    .refine((r) => r.minYear <= r.maxYear, { message: 'minYear must not be after maxYear' })
    .prefault({})
    .describe('The years a date in the data or --as-of may fall in, both included'),
  columns: z
    .object(Object.fromEntries(KINDS.map((k) => [k, columnOverrides(k).optional()])) as Record<Kind, z.ZodOptional<ReturnType<typeof columnOverrides>>>)
    .strict()
    .default({})
    .describe('Header overrides per kind, e.g. {"deals": {"rep": "我的列名"}}'),
  guards: z
    .object({
      maxDroppedShare: z
        .number()
        .min(0)
        .max(1)
        .default(0.02)
        .describe('A command stops (exit 2) when one cause drops more than this share of a file\'s rows, unless --allow-problems'),
      staleMonths: z
        .number()
        .int()
        .min(0)
        .default(3)
        .describe('A command stops (exit 2) when the data end more than this many months before the as-of date, unless --allow-stale'),
      newHiresTakeTargetShare: z
        .boolean()
        .default(false)
        .describe('Roster reps with no deals yet (new hires) take an even share of the target; else they get none'),
    })
    .prefault({}),
  limits: z
    .object({
      maxUncompressedMB: z.number().positive().default(512).describe('Refuse an XLSX sheet larger than this when unpacked'),
      maxCellMB: z.number().positive().default(10).describe('A CSV field larger than this is reported and its row skipped'),
      maxMemoryMB: z.number().positive().default(2048).describe("Stop (exit 2) when reading an XLSX's shared strings takes the process past this much memory"),
      maxProblemsListed: z.number().int().positive().default(20).describe('Problems printed in text reports (all are in JSON/workbooks)'),
    })
    .prefault({}),
});
