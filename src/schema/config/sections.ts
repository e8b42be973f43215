import { z } from 'zod';
import { CalibrateConfigSchema } from './calibrate.js';
import { ScoreConfigSchema } from './score.js';

/**
 * Per-command config sections. Each command's section lives in its own module and is registered here;
 * every field has a default (the article's number), so `{}` is a complete config.
 */
export const SECTIONS = {
  forecast: z.object({}).prefault({}),
  targets: z.object({}).prefault({}),
  score: ScoreConfigSchema,
  evaluate: z.object({}).prefault({}),
  audit: z.object({}).prefault({}),
  alerts: z.object({}).prefault({}),
  calibrate: CalibrateConfigSchema,
};
