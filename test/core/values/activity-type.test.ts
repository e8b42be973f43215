import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ACTIVITY_TYPES, parseActivityType, type ActivityType } from '../../../src/core/values/activity-type.js';

const CASES: [ActivityType, string[]][] = [
  ['call', ['电话', '通话', '呼叫', 'call', 'Call', 'phone', 'Phone Call', 'phone_call', '外呼']],
  ['visit', ['拜访', '上门拜访', '面访', 'visit', 'Meeting', 'onsite', 'On-site']],
  ['email', ['邮件', 'email', 'E-mail', 'EMAIL', 'ｅｍａｉｌ']],
  ['demo', ['演示', '产品演示', '方案演示', 'demo', 'Presentation']],
  ['needs_analysis', ['需求分析', '需求调研', '需求访谈', 'needs analysis', 'Needs-Analysis', 'discovery']],
  ['objection_log', ['异议', '异议处理', '异议记录', 'objection', 'Objection Log']],
  ['revisit', ['回访', '复访', 'revisit', 'Follow-up Visit', 'follow up visit']],
  ['lead_assigned', ['线索分配', '分配线索', 'lead assigned', 'Lead Assigned', 'assignment']],
];

describe('parseActivityType', () => {
  for (const [type, labels] of CASES) it.each(labels)(`%j → ${type}`, (raw) => expect(parseActivityType(raw).type).toBe(type));

  it('falls back to other with the raw label', () => {
    expect(parseActivityType(' 吃饭 ')).toEqual({ type: 'other', label: '吃饭' });
    expect(parseActivityType('Lunch')).toEqual({ type: 'other', label: 'Lunch' });
    expect(parseActivityType(null)).toEqual({ type: 'other', label: '' });
  });
  it('reads its own canonical names back', () => {
    for (const type of ACTIVITY_TYPES) expect(parseActivityType(type)).toEqual({ type, label: type });
  });
  it('never throws', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.double(), fc.boolean(), fc.date()), (raw) => void parseActivityType(raw)));
  });
});
