/**
 * The key behaviour indicators, in report order. Apart from the config schema (zod) so that a reading
 * thread scoring its piece of a log loads the scorer without zod.
 */
export const KBI_IDS = ['touch', 'needs', 'demo', 'objection', 'upkeep'] as const;
export type KbiId = (typeof KBI_IDS)[number];
