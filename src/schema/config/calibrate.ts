import { z } from 'zod';

const question = z.object({ en: z.string().min(1), zh: z.string().min(1) });

/** The article's four coaching questions, asked at every calibration. */
export const DEFAULT_QUESTIONS = [
  { en: 'How is progress against the target?', zh: '目标进度如何？' },
  { en: 'What is in the way?', zh: '遇到了哪些障碍？' },
  { en: 'What support is needed?', zh: '需要哪些支持？' },
  { en: "What are next week's key actions?", zh: '下周的关键动作是什么？' },
];

export const CalibrateConfigSchema = z
  .object({
    cadenceWeeks: z.number().int().min(1).max(8).default(2).describe('A calibration every this many weeks (RRULE INTERVAL)'),
    durationMinutes: z.number().int().min(5).max(240).default(30).describe('Length of one calibration'),
    slots: z
      .string()
      .default('Mon-Fri 10:00-17:00')
      .describe("Days and hours calibrations may take, e.g. 'Mon-Fri 10:00-17:00' or 'Tue,Thu 09:00-12:00,14:00-18:00' (same as --slot)"),
    weeks: z.number().int().min(1).max(104).default(12).describe('How many weeks the recurring series runs (--weeks)'),
    reminderDays: z.number().int().min(0).max(14).default(1).describe('The reminder (VALARM) fires this many days before; 0 = no reminder'),
    method: z
      .enum(['PUBLISH', 'REQUEST'])
      .default('PUBLISH')
      .describe('iCalendar METHOD: PUBLISH imports as calendar entries; REQUEST makes Outlook treat the file as a meeting invitation'),
    questions: z
      .array(question)
      .length(4)
      .default(DEFAULT_QUESTIONS)
      .describe('The four coaching questions, in English and Chinese'),
    archive: z.string().min(1).default('calibrations').describe('Folder where `perf calibrate record` archives minutes (relative to the working directory)'),
  })
  .prefault({});

export type CalibrateConfig = z.infer<typeof CalibrateConfigSchema>;
