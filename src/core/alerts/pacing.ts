import { isoDate, quarterIndex, quarterStart } from '../calendar.js';
import { bi, type Bi } from '../i18n.js';
import { targetDoubts } from '../plan/doubts.js';
import { progressOf, type QuarterPlans } from '../plan/pacing.js';
import { groupLabel, teamOf } from '../teams.js';
import type { Deal } from '../../schema/rows.js';
import type { AlertsConfig } from '../../schema/config/alerts.js';
import { biNum, biPct } from './format.js';
import { managersFor, type Routing } from './routing.js';
import type { AlertCondition } from './types.js';
import { compareText } from '../values/text.js';

/**
 * Quarter pacing per team on the planning core: projected = won to date + today's forecast of the
 * rest of the quarter (with the methods of the plan that set the target), against the team's target as
 * `perf forecast` set it the day before the quarter began. A team whose projection falls below `floor`
 * × target raises an alert. The plan's measure decides the unit: amounts, or won deals when the deals
 * carry no amounts. `renamed`: roster team → the export's name for it, the key runs without the roster
 * kept. `judged`: the series judged (paced against a target), for the checks on their methods (methodChecks).
 */
export function pacingAlerts(
  deals: readonly Deal[],
  plans: QuarterPlans,
  asOf: number,
  cfg: AlertsConfig['pacing'],
  routing: Routing,
  currency: string,
  renamed: ReadonlyMap<string, string> = new Map(),
): { conditions: AlertCondition[]; notJudged: Bi[]; judged: string[] } {
  const out: AlertCondition[] = [];
  const notJudged: Bi[] = [];
  const judged: string[] = [];
  const teams = plans.nowPlan.series.filter((s) => s.level === 'team').sort((a, b) => compareText(a.name, b.name));
  for (const s of teams) {
    const pace = progressOf(plans, s.id, asOf);
    const label = groupLabel(s.name, teams.length, renamed.get(s.name));
    // A quarter whose target sums a month the plan could not set has none to pace against (progressOf).
    const planned = plans.targetPlan.series.find((x) => x.id === s.id);
    const nt = pace.noTarget;
    if (nt?.hollow !== undefined) {
      // A member's refusal in the words progressOf gives it; the team's own month named as the alert has named it.
      const why =
        nt.member !== undefined
          ? nt.refused!
          : bi(
              `the forecast set no ${nt.hollow} target (0 for an active team), so its ${pace.quarter} target is not one to pace against`,
              `预测未能定出 ${nt.hollow} 的目标（在岗团队为 0），其 ${pace.quarter} 目标不能用来衡量进度`,
            );
      notJudged.push(bi(`${label.who.en}: quarter pacing not judged: ${why.en}`, `${label.who.zh}：未判断季度进度：${why.zh}`));
      continue;
    }
    if (pace.target === null) continue;
    judged.push(s.id);
    if (pace.projectedShare! >= cfg.floor) continue;
    // What the plan said against the target goes with the alert, first: it may be the target that is off, not the team.
    const doubts = planned ? targetDoubts(plans.targetPlan, planned, pace.quarter).unreliable : [];
    const attainment = pace.projectedShare!;
    // The team or region the plan grouped by, as the deals name it (for routing to its manager).
    const sample = deals.find((d) => teamOf(d) === s.name) ?? routing.roster.find((m) => (m.team ?? m.region) === s.name);
    const team = sample?.team;
    const region = sample?.region;
    // Deals without amounts: the plan, its targets and this projection are in won deals.
    const counts = pace.measure === 'count';
    const value = (v: number) =>
      counts ? bi(`${biNum(v, Number.isInteger(v) ? 0 : 1).en} deals`, `${biNum(v, Number.isInteger(v) ? 0 : 1).zh} 单`) : bi(`${currency}${biNum(v).en}`, `${currency}${biNum(v).zh}`);
    const round = (v: number) => (counts ? Math.round(v * 10) / 10 : Math.round(v));
    const [t, w, r, p] = [pace.target, pace.wonToDate, pace.rest, pace.projected].map(value);
    const att = biPct(attainment);
    const floor = biPct(cfg.floor, 0);
    const who = label.who;
    out.push({
      key: `pacing:${label.key}`,
      ...(label.formerKey ? { formerKey: `pacing:${label.formerKey}` } : {}),
      rule: 'pacing',
      team,
      region,
      severity: attainment < cfg.criticalFloor ? 'critical' : 'warning',
      // points of attainment below the floor, e.g. 0.85 − 0.72 = 0.13
      magnitude: Math.round((cfg.floor - attainment) * 1e4) / 1e4,
      worsenBy: cfg.worsenBy,
      since: quarterStart(quarterIndex(asOf)),
      title: bi(
        `${who.en}: ${pace.quarter} projected at ${att.en} of target, below the ${floor.en} floor`,
        `${who.zh}：${pace.quarter} 预计完成目标的 ${att.zh}，低于 ${floor.zh} 下限`,
      ),
      details: [
        ...doubts.map((d) => bi(`⚠ the forecast called this target unreliable: ${d.en}; check the target before acting`, `⚠ 预测认为该目标不可靠：${d.zh}；行动前请先核对目标`)),
        bi(
          `target ${t.en}: the quarter's target in perf forecast as planned on ${plans.targetPlan.asOf}, the day before the quarter began`,
          `目标 ${t.zh}：perf forecast 在季度开始前一天（${plans.targetPlan.asOf}）制定的本季度目标`,
        ),
        bi(`won to ${isoDate(asOf)}: ${w.en}; forecast for the rest: ${r.en}`, `截至 ${isoDate(asOf)} 已签约 ${w.zh}；剩余期间预测 ${r.zh}`),
        bi(`projected ${p.en} = ${att.en} of target`, `预计 ${p.zh}，完成率 ${att.zh}`),
      ],
      action: bi(
        'Manager: review the open pipeline with each rep now and agree on the deals that close the gap this quarter.',
        '经理介入：立即与每位销售复盘在手商机，确定本季度内补足缺口的关键订单。',
      ),
      recipients: managersFor(routing, team, region),
      numbers: {
        quarter: pace.quarter,
        measure: pace.measure,
        target: round(pace.target),
        wonToDate: round(pace.wonToDate),
        rest: round(pace.rest),
        projected: round(pace.projected),
        attainment: Math.round(attainment * 1e4) / 1e4,
        floor: cfg.floor,
      },
    });
  }
  return { conditions: out, notJudged, judged };
}

