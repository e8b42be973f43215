import { isoDate, weekIndex, weekIndexKey, weekIndexStart } from '../calendar.js';
import { isWon, newCustomerFlags } from '../deals.js';
import { bi } from '../i18n.js';
import type { Deal } from '../../schema/rows.js';
import type { AlertsConfig } from '../../schema/config/alerts.js';
import { biPct, lastItems } from './format.js';
import { managersFor, type Routing } from './routing.js';
import type { AlertCondition } from './types.js';

/**
 * Week-over-week growth of a count. From a week with none: 0 → 0 is 0% (flat, no growth); 0 → n is
 * undefined as a ratio and returned as null, which the rule treats as growth (customers appeared).
 */
export function growthRate(prev: number, cur: number): number | null {
  if (prev > 0) return (cur - prev) / prev;
  return cur === 0 ? 0 : null;
}

export const isWeakGrowth = (growth: number | null, minGrowth: number): boolean => growth !== null && growth < minGrowth;

export interface WeekGrowth {
  /** week index (see calendar.weekIndex) */
  week: number;
  prev: number;
  count: number;
  growth: number | null;
}

/** Longest run of weak weeks ending at `lastWeek` (oldest first); weeks before `firstWeek` have no baseline. */
export function weakStreak(counts: ReadonlyMap<number, number>, firstWeek: number, lastWeek: number, minGrowth: number): WeekGrowth[] {
  const out: WeekGrowth[] = [];
  for (let w = lastWeek; w > firstWeek; w--) {
    const prev = counts.get(w - 1) ?? 0;
    const count = counts.get(w) ?? 0;
    const growth = growthRate(prev, count);
    if (!isWeakGrowth(growth, minGrowth)) break;
    out.unshift({ week: w, prev, count, growth });
  }
  return out;
}

/** New customers signed per group and ISO week (week index), from won deals not cancelled before `asOf`. */
export function weeklyNewCustomers(deals: readonly Deal[], asOf: number, groupBy: 'team' | 'region'): Map<string, Map<number, number>> {
  const kept = deals.filter((d) => isWon(d) && d.closed_at < asOf && !(d.cancelled_at !== undefined && d.cancelled_at < asOf));
  const flags = newCustomerFlags(kept);
  const out = new Map<string, Map<number, number>>();
  for (const d of kept) {
    const group = (groupBy === 'team' ? (d.team ?? d.region) : (d.region ?? d.team)) ?? '—';
    let weeks = out.get(group);
    if (!weeks) out.set(group, (weeks = new Map()));
    const w = weekIndex(d.closed_at!);
    // Every group gets its first week recorded (count 0 when its first win was not a new customer).
    weeks.set(w, (weeks.get(w) ?? 0) + (flags.get(d) ? 1 : 0));
  }
  return out;
}

const growthText = (g: WeekGrowth) =>
  g.growth === null
    ? bi(`${weekIndexKey(g.week)}: ${g.count} (from 0)`, `${weekIndexKey(g.week)}：${g.count}（上周为 0）`)
    : bi(`${weekIndexKey(g.week)}: ${g.count} (${biPct(g.growth).en})`, `${weekIndexKey(g.week)}：${g.count}（${biPct(g.growth).zh}）`);

export function newCustomerGrowthAlerts(
  deals: readonly Deal[],
  asOf: number,
  cfg: AlertsConfig['newCustomerGrowth'],
  routing: Routing,
): AlertCondition[] {
  const lastWeek = weekIndex(asOf) - 1;
  const out: AlertCondition[] = [];
  for (const [group, counts] of weeklyNewCustomers(deals, asOf, cfg.groupBy)) {
    const firstWeek = Math.min(...counts.keys());
    const streak = weakStreak(counts, firstWeek, lastWeek, cfg.minGrowth);
    if (streak.length < cfg.consecutiveWeeks) continue;
    // The group is a team, or a region when the export has no team column (teamOf falls back to it).
    const sample = deals.find((d) => (cfg.groupBy === 'team' ? (d.team ?? d.region) : (d.region ?? d.team)) === group);
    const team = sample?.team;
    const region = sample?.region;
    const n = streak.length;
    const min = biPct(cfg.minGrowth, 0);
    const before = streak[0].week - 1;
    const shown = lastItems(streak, 8);
    const lines = [
      shown.length < n
        ? bi(`… ${n - shown.length} earlier weak weeks`, `… 此前另有 ${n - shown.length} 周同样偏低`)
        : bi(`${weekIndexKey(before)}: ${streak[0].prev} new customers`, `${weekIndexKey(before)}：新客户 ${streak[0].prev} 家`),
      ...shown.map(growthText),
    ];
    out.push({
      key: `new-customer-growth:${cfg.groupBy}=${group}`,
      rule: 'new-customer-growth',
      team,
      region,
      severity: n >= cfg.criticalWeeks ? 'critical' : 'warning',
      magnitude: n,
      worsenBy: cfg.worsenBy,
      since: weekIndexStart(streak[0].week),
      title: bi(
        `${group}: new-customer growth below ${min.en} for ${n} consecutive weeks`,
        `${group}：新客户增长率连续 ${n} 周低于 ${min.zh}`,
      ),
      details: lines,
      action: bi(
        'Manager: review the new-account pipeline with the team this week and coach prospecting before the quarter is lost.',
        '区域经理介入：本周与团队复盘新客户商机，针对性辅导拓客，避免季度目标落空。',
      ),
      recipients: managersFor(routing, team, region),
      numbers: {
        weeks: [{ week: before, count: streak[0].prev, growth: null as number | null }, ...streak].map((g) => ({
          week: weekIndexKey(g.week),
          start: isoDate(weekIndexStart(g.week)),
          newCustomers: g.count,
          growth: g.growth,
        })),
        minGrowth: cfg.minGrowth,
      },
    });
  }
  return out;
}
