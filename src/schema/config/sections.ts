import { AuditConfigSchema } from './audit.js';
import { EvaluateConfigSchema } from './evaluate.js';
import { AlertsConfigSchema } from './alerts.js';
import { ForecastSectionSchema, TargetsSectionSchema } from './forecast.js';
import { CalibrateConfigSchema } from './calibrate.js';
import { ScoreConfigSchema } from './score.js';

/**
 * Per-command config sections. Each command's section lives in its own module and is registered here;
 * every field has a default (the article's number), so `{}` is a complete config.
 */
export const SECTIONS = {
  forecast: ForecastSectionSchema,
  targets: TargetsSectionSchema,
  score: ScoreConfigSchema,
  evaluate: EvaluateConfigSchema,
  audit: AuditConfigSchema,
  alerts: AlertsConfigSchema,
  calibrate: CalibrateConfigSchema,
};
