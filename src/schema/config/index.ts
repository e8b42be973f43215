import { z } from 'zod';
import { GeneralConfigSchema } from './general.js';
import { SECTIONS } from './sections.js';

export const ConfigSchema = GeneralConfigSchema.extend({
  $schema: z.string().optional(),
  ...SECTIONS,
}).strict();

export type Config = z.infer<typeof ConfigSchema>;

export const defaultConfig = (): Config => ConfigSchema.parse({});
