import { bi, type Bi } from '../i18n.js';
import { aliasTable, lookupLabel } from './text.js';
import type { Cell } from './types.js';
import { ACTIVITY_TYPES, type ActivityType } from '../../schema/activity-types.js';

// Re-exported: the labels and parsing below belong with the vocabulary for every reader of activities.
export { ACTIVITY_TYPES, type ActivityType };

/** How reports name each type (column headers, legends). */
export const ACTIVITY_TYPE_LABELS: Record<ActivityType, Bi> = {
  call: bi('Calls', '电话'),
  visit: bi('Visits', '拜访'),
  email: bi('Emails', '邮件'),
  demo: bi('Demos', '演示'),
  needs_analysis: bi('Needs analyses', '需求分析'),
  objection_log: bi('Objection logs', '异议记录'),
  revisit: bi('Revisits', '回访'),
  lead_assigned: bi('Leads assigned', '线索分配'),
  other: bi('Other', '其他'),
};

// Each type's own name is an alias too, so canonical output reads back unchanged.
const TYPES = aliasTable<ActivityType>({
  call: ['call', '电话', '通话', '呼叫', 'phone', 'phone call', 'telephone', '外呼'],
  visit: ['visit', '拜访', '上门拜访', '面访', 'meeting', 'onsite', 'site visit'],
  email: ['email', '邮件', '电子邮件', 'e-mail'],
  demo: ['demo', '演示', '产品演示', '方案演示', 'product demo', 'presentation'],
  needs_analysis: ['needs_analysis', '需求分析', '需求调研', '需求访谈', 'needs analysis', 'discovery'],
  objection_log: ['objection_log', '异议', '异议处理', '异议记录', 'objection', 'objection log', 'objection handling'],
  revisit: ['revisit', '回访', '复访', 'follow-up visit'],
  lead_assigned: ['lead_assigned', '线索分配', '分配线索', 'lead assigned', 'assignment', 'lead assignment'],
  other: ['other', '其他'],
});

/** The activity's type from its label in English or Chinese; `other` (label kept) when unknown. */
export function parseActivityType(raw: Cell): { type: ActivityType; label: string } {
  const { value, label } = lookupLabel<ActivityType>(TYPES, raw, 'other');
  return { type: value, label };
}
