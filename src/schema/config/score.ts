import { z } from 'zod';
import { ACTIVITY_TYPES } from '../activity-types.js';

const activityType = z.enum(ACTIVITY_TYPES);
const types = (d: (typeof ACTIVITY_TYPES)[number][], what: string) => z.array(activityType).min(1).default(d).describe(what);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 09:00');
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-10-01');
const bilingual = z.object({ en: z.string(), zh: z.string() });

/** Which activities a point rule counts; every given condition must hold. */
export const RuleFilterSchema = z
  .object({
    effective: z.boolean().optional().describe('true: only effective contacts (see score.effective); false: only the others'),
    complete: z.boolean().optional().describe('true: only complete reports (see score.complete)'),
    minDurationMin: z.number().nonnegative().optional().describe('at least this many minutes long'),
    outcomes: z.array(z.string()).optional().describe('the outcome column is one of these (case-insensitive)'),
    withDeal: z.boolean().optional().describe('true: only activities linked to a deal id'),
  })
  .strict();

export const ActivityRuleSchema = z
  .object({
    id: z.string().min(1).describe('stable name, shown in the Point audit'),
    label: bilingual.optional(),
    kind: z.literal('activity').default('activity'),
    types: z.array(activityType).min(1).describe('activity types the rule counts'),
    filter: RuleFilterSchema.default({}),
    every: z.number().int().positive().default(1).describe('points are earned for each complete group of this many activities'),
    points: z.number().describe('points per group (negative to deduct)'),
    period: z.enum(['week', 'month']).default('month').describe('groups and caps restart every ISO week or calendar month'),
    cap: z.number().positive().optional().describe('at most this many points (in absolute value) per rep and period'),
  })
  .strict();

export const LeadRuleSchema = z
  .object({
    id: z.string().min(1),
    label: bilingual.optional(),
    kind: z.literal('lead_followup'),
    withinHours: z.number().positive().default(48).describe('a lead needs its first follow-up within this many hours of assignment'),
    clock: z.enum(['calendar', 'working']).default('calendar').describe('count all hours, or only score.workingHours'),
    points: z.number().describe('points per lead left too long (negative to deduct)'),
    period: z.enum(['week', 'month']).default('month'),
    cap: z.number().positive().optional(),
  })
  .strict();

export const PointRuleSchema = z.union([LeadRuleSchema, ActivityRuleSchema]);
export type PointRule = z.infer<typeof PointRuleSchema>;
export type ActivityRule = z.infer<typeof ActivityRuleSchema>;
export type LeadRule = z.infer<typeof LeadRuleSchema>;

export const DEFAULT_RULES: z.input<typeof PointRuleSchema>[] = [
  { id: 'effective_visits', label: { en: '3 effective visits', zh: '3 次有效拜访' }, types: ['visit'], filter: { effective: true }, every: 3, points: 20 },
  { id: 'needs_report', label: { en: 'complete needs-analysis report', zh: '完整需求分析报告' }, types: ['needs_analysis'], filter: { complete: true }, points: 30 },
  { id: 'lead_48h', label: { en: 'lead without follow-up in 48 h', zh: '线索 48 小时未跟进' }, kind: 'lead_followup', withinHours: 48, points: -10 },
];

const weight = (d: number) => z.number().nonnegative().default(d);

export const ScoreConfigSchema = z
  .object({
    touch: z
      .object({
        types: types(['call', 'visit', 'email'], 'activity types that count as a customer touch'),
        perWeek: z.number().nonnegative().default(8).describe('touches a rep should log every ISO week'),
      })
      .prefault({}),
    needs: z
      .object({
        types: types(['needs_analysis'], 'activity types that count as a needs-analysis interview'),
        perCustomer: z.number().int().positive().default(2).describe('interviews per customer before conversion'),
      })
      .prefault({}),
    demo: z
      .object({ types: types(['demo'], 'activity types that count as a tailored demo before a won deal') })
      .prefault({}),
    objection: z
      .object({
        contactTypes: types(['call', 'visit'], 'contacts that must be followed by an objection log'),
        logTypes: types(['objection_log'], 'activity types that count as updating the objection list'),
        withinWorkingDays: z.number().int().nonnegative().default(1).describe('0: by the end of the contact day; 1: by the end of the next working day …'),
      })
      .prefault({}),
    upkeep: z
      .object({
        types: types(['revisit', 'visit'], 'activity types that count as a revisit of a signed customer'),
        months: z.number().int().positive().default(6).describe('months after the signing month in which a monthly revisit is expected'),
      })
      .prefault({}),
    effective: z
      .object({
        minDurationMin: z.number().nonnegative().nullable().default(30).describe('when the effective column is empty: effective if at least this long (null: never)'),
        outcomes: z.array(z.string()).default([]).describe('when the effective column is empty: effective if the outcome is one of these'),
      })
      .prefault({})
      .describe('what makes a contact effective: the effective column when filled, else duration or outcome'),
    complete: z
      .object({
        minDurationMin: z.number().nonnegative().nullable().default(null).describe('when the complete column is empty: complete if at least this long (null: not complete)'),
      })
      .prefault({}),
    workingHours: z
      .object({
        days: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5]).describe('working weekdays, 1 = Monday'),
        start: hhmm.default('09:00'),
        end: hhmm.default('18:00'),
        holidays: z.array(isoDay).default([]).describe('non-working dates'),
        workdays: z.array(isoDay).default([]).describe('working dates that fall on a weekend (调休)'),
      })
      .prefault({}),
    rules: z.array(PointRuleSchema).prefault(DEFAULT_RULES).describe('point rules; replace the list to change them'),
    formula: z
      .object({
        kbiWeight: weight(0.6).describe('share of the 0–100 score from KBI compliance'),
        pointsWeight: weight(0.4).describe('share of the 0–100 score from points'),
        pointsForFull: z.number().positive().default(200).describe('points in a full month that earn the whole points share'),
        kbi: z
          .object({ touch: weight(1), needs: weight(1), demo: weight(1), objection: weight(1), upkeep: weight(1) })
          .prefault({})
          .describe('relative weight of each KBI inside the compliance share'),
      })
      .prefault({}),
    slackDays: z.number().int().nonnegative().default(7).describe('rows may arrive this many days out of time order without losing window checks'),
  })
  .prefault({});

export type ScoreConfig = z.infer<typeof ScoreConfigSchema>;
