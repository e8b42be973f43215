/** The canonical activity types: config (point rules) and the core (KBIs) speak this vocabulary. */
export const ACTIVITY_TYPES = [
  'call',
  'visit',
  'email',
  'demo',
  'needs_analysis',
  'objection_log',
  'revisit',
  'lead_assigned',
  'other',
] as const;

export type ActivityType = (typeof ACTIVITY_TYPES)[number];
