import { isoDate, weekIndex, weekIndexKey, weekIndexStart } from '../calendar.js';
import { bi, nounCount } from '../i18n.js';
import type { AlertsConfig } from '../../schema/config/alerts.js';
import { firstFullWeek, type ActivityDigest } from './activity.js';
import { recentWeeks } from './format.js';
import { managersOfRep, type Routing } from './routing.js';
import type { AlertCondition } from './types.js';
import { compareText } from '../values/text.js';
import { ACTIVITY_TYPE_LABELS } from '../values/activity-type.js';

/**
 * Reps below the touch KBI (calls + visits + emails per ISO week) for N consecutive complete weeks.
 * Weeks count from the first full week of the log and of the rep's own activity, so a partial first
 * week or a rep who joined later is not flagged for weeks without data.
 */
export function touchAlerts(
  digest: ActivityDigest,
  asOf: number,
  cfg: AlertsConfig['touches'],
  routing: Routing,
  /** the last week judged: the one before the as-of date's, or the last the log reaches when it ends earlier */
  lastWeek = weekIndex(asOf) - 1,
): AlertCondition[] {
  if (digest.firstDay === undefined) return [];
  const out: AlertCondition[] = [];
  for (const [rep, weeks] of [...digest.touches].sort(([a], [b]) => compareText(a, b))) {
    const firstWeek = Math.max(firstFullWeek(digest.firstDay), firstFullWeek(digest.repFirstDay.get(rep)!));
    const streak: { week: number; touches: number }[] = [];
    for (let w = lastWeek; w >= firstWeek; w--) {
      const touches = weeks.get(w) ?? 0;
      if (touches >= cfg.minPerWeek) break;
      streak.unshift({ week: w, touches });
    }
    if (streak.length < cfg.consecutiveWeeks) continue;
    const member = routing.roster.find((m) => m.rep === rep);
    const group = digest.repGroup.get(rep);
    const team = member?.team ?? group?.team;
    const region = member?.region ?? group?.region;
    const n = streak.length;
    const { lead, listed } = recentWeeks(streak);
    out.push({
      key: `touches:rep=${rep}`,
      rule: 'touches',
      rep,
      team,
      region,
      severity: n >= cfg.criticalWeeks ? 'critical' : 'warning',
      magnitude: n,
      worsenBy: cfg.worsenBy,
      since: weekIndexStart(streak[0].week),
      title: bi(
        `${rep}: fewer than ${cfg.minPerWeek} customer touches a week for ${n} consecutive weeks`,
        `${rep}：客户触达连续 ${n} 周低于每周 ${cfg.minPerWeek} 次`,
      ),
      details: [
        bi(`touches = ${cfg.types.join(' + ')}`, `触达 = ${cfg.types.map((t) => ACTIVITY_TYPE_LABELS[t].zh).join(' + ')}`),
        ...lead,
        ...listed.map((s) => bi(`${weekIndexKey(s.week)}: ${nounCount(s.touches, 'touch', undefined, 'touches')}`, `${weekIndexKey(s.week)}：触达 ${s.touches} 次`)),
      ],
      action: bi(
        `Manager: 1:1 with ${rep} this week; plan the call/visit list that gets back to ${cfg.minPerWeek} touches a week.`,
        `经理介入：本周与 ${rep} 一对一沟通，制定拜访/电话清单，恢复每周 ${cfg.minPerWeek} 次触达。`,
      ),
      recipients: managersOfRep(routing, rep, team, region),
      numbers: {
        minPerWeek: cfg.minPerWeek,
        weeks: streak.map((s) => ({ week: weekIndexKey(s.week), start: isoDate(weekIndexStart(s.week)), touches: s.touches })),
      },
    });
  }
  return out;
}
