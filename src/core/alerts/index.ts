import { methodChecks, quarterPlans, type QuarterPlans } from '../plan/pacing.js';
import type { Deal, Lead } from '../../schema/rows.js';
import type { AlertsConfig } from '../../schema/config/alerts.js';
import { isoDate } from '../calendar.js';
import { latestDate, logReach, uncoveredSpan } from '../checks/sanity.js';
import { bi, grouped, nounCount, type Bi, byCount } from '../i18n.js';
import type { Check } from '../../schema/check.js';
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
export { judgeable, overdueLeads } from './leads.js';
/** Kept for the dashboard: the pace of one group's deals planned on their own (see the planning core). */
export { decide, NOTIFYING, type AlertEvent, type AlertMemory, type Decision } from './plan.js';
export { managersFor, type Routing } from './routing.js';
export * from './types.js';
export { logReach } from '../checks/sanity.js';

export interface AlertInputs {
  deals: readonly Deal[];
  /** absent when no --activity was given: the touch rule is then not evaluated */
  activity?: ActivityDigest;
  /** absent when no --leads was given */
  leads?: readonly Lead[];
  /** the exports' names, for the checks */
  files?: { deals: string; activity?: string; leads?: string };
  /** the plans that set this quarter's targets and project it today (`quarterPlans` with the config's plan options); absent: planned with the defaults */
  plans?: QuarterPlans;
  routing: Routing;
  currency: string;
  /** roster team → the export's own name for it (teamRenames): its team-keyed alerts go on from the export's key */
  teamRenames?: ReadonlyMap<string, string>;
}

export interface Evaluation {
  conditions: AlertCondition[];
  /** rules that ran (enabled and their input given and usable): only these may resolve remembered alerts */
  evaluated: Set<RuleName>;
  /** what could not be judged (a rule, some weeks, some groups or leads), said before the alerts */
  checks: Check[];
}

const caveat = (code: string, file: string | null, message: Bi): Check => ({ code, status: 'caveat', file, message });

/** "touch KBI and lead follow-up": the rules one unusable export leaves unchecked. */
const ruleNames = (rules: readonly RuleName[]): Bi => {
  const names = rules.map((r) => RULE_NAMES[r]);
  return bi(names.map((n) => n.en).join(' and '), names.map((n) => n.zh).join('和'));
};

const RULE_NAMES: Record<RuleName, Bi> = {
  'new-customer-growth': bi('new-customer growth', '新客户增长'),
  'lead-follow-up': bi('lead follow-up', '线索跟进'),
  touches: bi('touch KBI', '客户触达'),
  pacing: bi('quarter pacing', '季度进度'),
};

/** A header-only export (a failed cron export?): the rules it feeds are not checked, and what they raised before stands. */
const emptyExport = (rules: readonly RuleName[], file: string): Check => {
  const names = ruleNames(rules);
  return caveat(
    'rule_not_checked',
    file,
    bi(
      `${names.en} not checked: ${file} has no rows (a failed export?); alerts raised before are left as they are: not resolved, not sent by this run`,
      `未检查${names.zh}：${file} 没有数据行（导出失败？）；此前的预警保持原状：本次既不解除也不发送`,
    ),
  );
};

/**
 * Why an activity log cannot be used at all, or null: a header-only file (a failed cron export) would
 * read as "nobody touched a customer, nobody followed up", and a log that starts after the as-of date
 * holds nothing to judge. Either way the rules it feeds are not evaluated: their remembered alerts are
 * neither resolved nor raised again by this run.
 */
function unusableActivity(digest: ActivityDigest, file: string, asOf: number, rules: readonly RuleName[]): Check | null {
  const names = ruleNames(rules);
  if (digest.rows === 0) return emptyExport(rules, file);
  if (digest.firstDay === undefined)
    return caveat(
      'rule_not_checked',
      file,
      bi(
        `${names.en} not checked: ${file} starts ${isoDate(digest.firstLater!)}, after the as-of date ${isoDate(asOf)}: there is nothing before it to judge`,
        `未检查${names.zh}：${file} 的数据从 ${isoDate(digest.firstLater!)} 开始，晚于基准日期 ${isoDate(asOf)}，此前没有可判断的数据`,
      ),
    );
  return null;
}

/** Every enabled rule whose input is present, on complete data before `asOf`. Sorted by key. */
export function evaluateAlerts(inputs: AlertInputs, cfg: AlertsConfig, asOf: number): Evaluation {
  const evaluated = new Set<RuleName>();
  const conditions: AlertCondition[] = [];
  const checks: Check[] = [];
  const files = { deals: 'the deals export', activity: 'the activity log', leads: 'the leads export', ...inputs.files };
  // Weeks after the deals export's end hold no win: growth does not judge them, pacing counts them as nothing won.
  const dealsEnd = latestDate(inputs.deals, ['created_at', 'closed_at', 'cancelled_at']);
  const dealsGap = uncoveredSpan(dealsEnd, asOf, 'week');
  // Without a customer or a new-customer column every win looks like "no new customer": a false streak.
  const knowsCustomers = inputs.deals.some((d) => d.customer !== undefined || d.is_new_customer !== undefined);
  const growing = cfg.newCustomerGrowth.enabled && knowsCustomers;
  if (cfg.newCustomerGrowth.enabled && !knowsCustomers)
    checks.push(
      caveat(
        'rule_not_checked',
        files.deals,
        bi(
          'new-customer growth not checked: the deals have neither a customer nor a new-customer column',
          '未检查新客户增长：订单数据既没有客户列，也没有"是否新客户"列',
        ),
      ),
    );
  if (dealsGap && (growing || cfg.pacing.enabled)) {
    const end = isoDate(dealsEnd!);
    const { n, text, fits } = dealsGap;
    const them = byCount(n, 'that week', 'those weeks');
    const en = [...(growing ? [`new-customer growth is not judged for ${them}`] : []), ...(cfg.pacing.enabled ? [`quarter pacing counts ${growing ? byCount(n, 'it', 'them') : them} as nothing won`] : [])];
    const zh = [...(growing ? ['不判断新客户增长'] : []), ...(cfg.pacing.enabled ? [`季度进度按这${byCount(n, '一', '几')}周零签约计`] : [])];
    checks.push(
      caveat(
        'data_ends_early',
        files.deals,
        bi(
          `${files.deals} ends ${end} and has no rows in ${text}: ${en.join(', and ')}. If the export stops there, run with --as-of ${fits}.`,
          `${files.deals} 的数据截至 ${end}，${text} 没有数据：${zh.join('；')}。如果导出到此为止，请加 --as-of ${fits} 运行。`,
        ),
      ),
    );
  }
  if (growing) {
    evaluated.add('new-customer-growth');
    const growth = newCustomerGrowthAlerts(inputs.deals, asOf, cfg.newCustomerGrowth, inputs.routing, dealsGap ? dealsGap.first - 1 : undefined, inputs.teamRenames);
    conditions.push(...growth.conditions);
    checks.push(...growth.notEnoughData.map((message) => caveat('not_enough_data', files.deals, message)));
  }

  const activity = inputs.activity;
  const leadsRule = cfg.leadFollowUp.enabled && inputs.leads !== undefined;
  // An activity log that cannot be used at all leaves its rules unchecked: the touch KBI, and the
  // follow-ups of the leads (a lead without a first contact in the leads export may be followed up there).
  const fed: RuleName[] = [...(cfg.touches.enabled ? (['touches'] as const) : []), ...(leadsRule ? (['lead-follow-up'] as const) : [])];
  const activityUnusable = activity && fed.length ? unusableActivity(activity, files.activity!, asOf, fed) : null;
  if (activityUnusable) checks.push(activityUnusable);
  // Where the log stops short of the as-of date: the touch KBI does not judge the weeks it does not reach, lead follow-up stops there.
  const reach = activity && !activityUnusable ? logReach(activity.end ?? null, asOf) : null;

  if (leadsRule && !activityUnusable) {
    // A lead is judged by its owner and assignment time: an export without either (Olist's marketing-qualified
    // leads) would otherwise pass as "every lead followed up".
    const leads = inputs.leads!;
    const unjudged = leads.filter((l) => !judgeable(l)).length;
    if (leads.length === 0) checks.push(emptyExport(['lead-follow-up'], files.leads));
    else if (unjudged === leads.length)
      checks.push(
        caveat(
          'rule_not_checked',
          files.leads ?? null,
          bi(
            'lead follow-up not checked: no lead has both an owner and an assignment time (columns such as "Owner" and "Assigned at")',
            '未检查线索跟进：没有一条线索同时有负责人和分配时间（如"负责人""分配时间"列）',
          ),
        ),
      );
    else {
      evaluated.add('lead-follow-up');
      // Waiting times stop where the activity log does when it stops short: days it does not reach are not
      // days without follow-up. The leads export's own last row is its last assignment or first contact, and a
      // week without new leads is common: it does not end the judging.
      const judgedAt = reach ? reach.judgedAt : asOf;
      if (reach)
        checks.push(
          caveat(
            'data_ends_early',
            files.activity,
            bi(
              `lead follow-up judged as of ${reach.fits}: ${files.activity}, where follow-ups are recorded, ends ${isoDate(activity!.end!)}, ${nounCount(reach.days, 'day')} before the as-of date, so waiting times stop there instead of counting those days as no follow-up. If the export stops there, run with --as-of ${reach.fits}.`,
              `线索跟进按 ${reach.fits} 判断：记录跟进的 ${files.activity} 截至 ${isoDate(activity!.end!)}，早于基准日期 ${reach.days} 天，等待时间算到此为止，这些天不按未跟进计。如果导出到此为止，请加 --as-of ${reach.fits} 运行。`,
            ),
          ),
        );
      conditions.push(...leadAlerts(leads, activity?.followUps ?? new Map(), judgedAt, cfg.leadFollowUp, inputs.routing));
      if (unjudged > 0)
        checks.push(
          caveat(
            'leads_not_checked',
            files.leads ?? null,
            bi(
              `lead follow-up: ${nounCount(unjudged, 'lead')} of ${grouped(leads.length)} ${byCount(unjudged, 'has', 'have')} no owner or no assignment time and ${byCount(unjudged, 'is', 'are')} not checked`,
              `线索跟进：${grouped(leads.length)} 条线索中有 ${grouped(unjudged)} 条缺少负责人或分配时间，未检查`,
            ),
          ),
        );
    }
  }
  if (cfg.touches.enabled && activity && !activityUnusable) {
    evaluated.add('touches');
    if (reach?.weeks)
      checks.push(
        caveat(
          'data_ends_early',
          files.activity!,
          bi(
            `${files.activity} ends ${isoDate(activity.end!)}: the touch KBI is not judged for ${reach.weeks.text}, which it does not reach (or reaches only in part), instead of counting ${byCount(reach.weeks.n, 'it as a week', 'them as weeks')} without touches. If the export stops there, run with --as-of ${reach.fits}.`,
            `${files.activity} 的数据截至 ${isoDate(activity.end!)}：${reach.weeks.text} 没有数据（或只有部分数据），不判断客户触达（不按零次触达计）。如果导出到此为止，请加 --as-of ${reach.fits} 运行。`,
          ),
        ),
      );
    conditions.push(...touchAlerts(activity, asOf, cfg.touches, inputs.routing, reach?.weeks ? reach.weeks.first - 1 : undefined));
  }
  if (cfg.pacing.enabled) {
    evaluated.add('pacing');
    const plans = inputs.plans ?? quarterPlans(inputs.deals, { asOf });
    const pacing = pacingAlerts(inputs.deals, plans, asOf, cfg.pacing, inputs.routing, inputs.currency, inputs.teamRenames);
    conditions.push(...pacing.conditions);
    checks.push(...pacing.notJudged.map((message) => caveat('not_judged', files.deals, message)));
    checks.push(...methodChecks(plans, pacing.judged, files.deals));
  }
  conditions.sort((a, b) => compareText(a.key, b.key));
  // A rule not checked at all outranks weeks not judged, which outrank a group or some leads.
  const rank = (c: Check) => ['rule_not_checked', 'data_ends_early'].indexOf(c.code) >>> 0;
  return { conditions, evaluated, checks: checks.map((c, i) => [c, i] as const).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([c]) => c) };
}
