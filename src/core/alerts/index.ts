import { quarterPlans, type QuarterPlans } from '../plan/pacing.js';
import type { Deal, Lead } from '../../schema/rows.js';
import type { AlertsConfig } from '../../schema/config/alerts.js';
import { bi, grouped, nounCount, type Bi, byCount } from '../i18n.js';
import type { ActivityDigest } from './activity.js';
import { newCustomerGrowthAlerts } from './growth.js';
import { judgeable, leadAlerts } from './leads.js';
import { pacingAlerts } from './pacing.js';
import type { Routing } from './routing.js';
import { touchAlerts } from './touches.js';
import type { AlertCondition, RuleName } from './types.js';
import { compareText } from '../values/text.js';

export { ActivityDigest, firstFullWeek } from './activity.js';
export { growthRate, judgeWeek, weakStreak, weeklyNewCustomers } from './growth.js';
export { overdueLeads } from './leads.js';
/** Kept for the dashboard: the pace of one group's deals planned on their own (see the planning core). */
export { decide, NOTIFYING, type AlertEvent, type AlertMemory, type Decision } from './plan.js';
export { managersFor, type Routing } from './routing.js';
export * from './types.js';

export interface AlertInputs {
  deals: readonly Deal[];
  /** absent when no --activity was given: the touch rule is then not evaluated */
  activity?: ActivityDigest;
  /** absent when no --leads was given */
  leads?: readonly Lead[];
  /** the plans that set this quarter's targets and project it today (`quarterPlans` with the config's plan options); absent: planned with the defaults */
  plans?: QuarterPlans;
  routing: Routing;
  currency: string;
}

export interface Evaluation {
  conditions: AlertCondition[];
  /** rules that ran (enabled and their input given): only these may resolve remembered alerts */
  evaluated: Set<RuleName>;
  /** enabled rules that could not run on this data, or groups they could not judge, with the reason in one line */
  skipped: { rule: RuleName; reason: Bi }[];
}

/** Every enabled rule whose input is present, on complete data before `asOf`. Sorted by key. */
export function evaluateAlerts(inputs: AlertInputs, cfg: AlertsConfig, asOf: number): Evaluation {
  const evaluated = new Set<RuleName>();
  const conditions: AlertCondition[] = [];
  const skipped: Evaluation['skipped'] = [];
  // Without a customer or a new-customer column every win looks like "no new customer": a false streak.
  const knowsCustomers = inputs.deals.some((d) => d.customer !== undefined || d.is_new_customer !== undefined);
  if (cfg.newCustomerGrowth.enabled && !knowsCustomers)
    skipped.push({
      rule: 'new-customer-growth',
      reason: bi(
        'new-customer growth not checked: the deals have neither a customer nor a new-customer column',
        '未检查新客户增长：订单数据既没有客户列，也没有"是否新客户"列',
      ),
    });
  else if (cfg.newCustomerGrowth.enabled) {
    evaluated.add('new-customer-growth');
    const growth = newCustomerGrowthAlerts(inputs.deals, asOf, cfg.newCustomerGrowth, inputs.routing);
    conditions.push(...growth.conditions);
    skipped.push(...growth.notEnoughData.map((reason) => ({ rule: 'new-customer-growth' as const, reason })));
  }
  if (cfg.leadFollowUp.enabled && inputs.leads) {
    // A lead is judged by its owner and assignment time: an export without either (Olist's marketing-qualified
    // leads) would otherwise pass as "every lead followed up".
    const leads = inputs.leads;
    const unjudged = leads.filter((l) => !judgeable(l)).length;
    if (leads.length > 0 && unjudged === leads.length)
      skipped.push({
        rule: 'lead-follow-up',
        reason: bi(
          'lead follow-up not checked: no lead has both an owner and an assignment time (columns such as "Owner" and "Assigned at")',
          '未检查线索跟进：没有一条线索同时有负责人和分配时间（如"负责人""分配时间"列）',
        ),
      });
    else {
      evaluated.add('lead-follow-up');
      conditions.push(...leadAlerts(leads, inputs.activity?.followUps ?? new Map(), asOf, cfg.leadFollowUp, inputs.routing));
      if (unjudged > 0)
        skipped.push({
          rule: 'lead-follow-up',
          reason: bi(
            `lead follow-up: ${nounCount(unjudged, 'lead')} of ${grouped(leads.length)} ${byCount(unjudged, 'has', 'have')} no owner or no assignment time and ${byCount(unjudged, 'is', 'are')} not checked`,
            `线索跟进：${grouped(leads.length)} 条线索中有 ${grouped(unjudged)} 条缺少负责人或分配时间，未检查`,
          ),
        });
    }
  }
  if (cfg.touches.enabled && inputs.activity) {
    evaluated.add('touches');
    conditions.push(...touchAlerts(inputs.activity, asOf, cfg.touches, inputs.routing));
  }
  if (cfg.pacing.enabled) {
    evaluated.add('pacing');
    const plans = inputs.plans ?? quarterPlans(inputs.deals, { asOf });
    conditions.push(...pacingAlerts(inputs.deals, plans, asOf, cfg.pacing, inputs.routing, inputs.currency));
  }
  conditions.sort((a, b) => compareText(a.key, b.key));
  return { conditions, evaluated, skipped };
}
