import { isoDate, weekIndex, weekIndexKey, weekIndexStart } from '../calendar.js';
import { isWon, newCustomerFlags } from '../deals.js';
import { bi, nounCount, type Bi } from '../i18n.js';
import type { Deal } from '../../schema/rows.js';
import type { AlertsConfig } from '../../schema/config/alerts.js';
import { biPct, recentWeeks } from './format.js';
import { managersFor, type Routing } from './routing.js';
import type { AlertCondition } from './types.js';
import { groupLabel, NO_TEAM } from '../teams.js';

/** One complete ISO week judged on its rolling window: `window` new customers against `base` in the window before. */
export interface WeekGrowth {
  /** week index (see calendar.weekIndex): the last week of the window */
  week: number;
  base: number;
  window: number;
  /** (window − base) / base; null when the base is below the minimum ("not enough data") */
  growth: number | null;
}

/** Growth of a count against a base period; null when the base is too small to judge (0 → 0 is not a trend). */
export function growthRate(base: number, cur: number, minBase: number): number | null {
  return base >= Math.max(1, minBase) ? (cur - base) / base : null;
}

const sumWeeks = (counts: ReadonlyMap<number, number>, from: number, to: number) => {
  let n = 0;
  for (let w = from; w <= to; w++) n += counts.get(w) ?? 0;
  return n;
};

/** Week `w` judged on its window of `size` weeks; null when the base period starts before the group's first week. */
export function judgeWeek(counts: ReadonlyMap<number, number>, firstWeek: number, w: number, size: number, minBase: number): WeekGrowth | null {
  if (w - 2 * size + 1 < firstWeek) return null;
  const base = sumWeeks(counts, w - 2 * size + 1, w - size);
  const window = sumWeeks(counts, w - size + 1, w);
  return { week: w, base, window, growth: growthRate(base, window, minBase) };
}

/**
 * The weak weeks ending at `lastWeek` (oldest first), and whether `lastWeek` itself could not be judged
 * (no data before it, or a base below the minimum): a week that cannot be judged ends the streak.
 */
export function weakStreak(
  counts: ReadonlyMap<number, number>,
  firstWeek: number,
  lastWeek: number,
  cfg: Pick<AlertsConfig['newCustomerGrowth'], 'windowWeeks' | 'minBase' | 'minGrowth'>,
): { streak: WeekGrowth[]; unjudged: WeekGrowth | null | undefined } {
  const streak: WeekGrowth[] = [];
  for (let w = lastWeek; ; w--) {
    const g = judgeWeek(counts, firstWeek, w, cfg.windowWeeks, cfg.minBase);
    if (g === null || g.growth === null) return { streak, unjudged: w === lastWeek ? g : undefined };
    if (g.growth >= cfg.minGrowth) return { streak, unjudged: undefined };
    streak.unshift(g);
  }
}

/** New customers signed per group and ISO week (week index), from won deals not cancelled before `asOf`. */
export function weeklyNewCustomers(deals: readonly Deal[], asOf: number, groupBy: 'team' | 'region'): Map<string, Map<number, number>> {
  const kept = deals.filter((d) => isWon(d) && d.closed_at < asOf && !(d.cancelled_at !== undefined && d.cancelled_at < asOf));
  const flags = newCustomerFlags(kept);
  const out = new Map<string, Map<number, number>>();
  for (const d of kept) {
    const group = (groupBy === 'team' ? (d.team ?? d.region) : (d.region ?? d.team)) ?? NO_TEAM;
    let weeks = out.get(group);
    if (!weeks) out.set(group, (weeks = new Map()));
    const w = weekIndex(d.closed_at!);
    // Every group gets its first week recorded (count 0 when its first win was not a new customer).
    weeks.set(w, (weeks.get(w) ?? 0) + (flags.get(d) ? 1 : 0));
  }
  return out;
}

const span = (w: number, size: number) => (size === 1 ? weekIndexKey(w) : `${weekIndexKey(w - size + 1)}–${weekIndexKey(w)}`);

const growthText = (g: WeekGrowth, size: number) =>
  bi(
    `${span(g.week, size)}: ${nounCount(g.window, 'new customer')} vs ${g.base} before (${biPct(g.growth!).en})`,
    `${span(g.week, size)}：新客户 ${g.window} 家，此前同期 ${g.base} 家（${biPct(g.growth!).zh}）`,
  );

export interface GrowthResult {
  conditions: AlertCondition[];
  /** groups whose last complete week could not be judged: too few new customers in the base period */
  notEnoughData: Bi[];
}

/**
 * `lastWeek`: the last week judged, the one before the as-of date's unless the deals end earlier. `renamed`:
 * roster team → the export's name for it, the key runs without the roster kept.
 */
export function newCustomerGrowthAlerts(
  deals: readonly Deal[],
  asOf: number,
  cfg: AlertsConfig['newCustomerGrowth'],
  routing: Routing,
  lastWeek = weekIndex(asOf) - 1,
  renamed: ReadonlyMap<string, string> = new Map(),
): GrowthResult {
  const conditions: AlertCondition[] = [];
  const notEnoughData: Bi[] = [];
  const size = cfg.windowWeeks;
  const groups = weeklyNewCustomers(deals, asOf, cfg.groupBy);
  for (const [group, counts] of groups) {
    // Grouped by region, a group is no roster team renamed.
    const label = groupLabel(group, groups.size, cfg.groupBy === 'team' ? renamed.get(group) : undefined);
    const name = label.who;
    const firstWeek = Math.min(...counts.keys());
    const { streak, unjudged } = weakStreak(counts, firstWeek, lastWeek, cfg);
    if (unjudged)
      notEnoughData.push(
        bi(
          `${name.en}: new-customer growth not judged, not enough data (${nounCount(unjudged.base, 'new customer')} in ${span(unjudged.week - size, size)}, fewer than ${cfg.minBase})`,
          `${name.zh}：新客户增长数据不足，未判断（${span(unjudged.week - size, size)} 仅 ${unjudged.base} 家新客户，少于 ${cfg.minBase} 家）`,
        ),
      );
    if (streak.length < cfg.consecutiveWeeks) continue;
    // The group is a team, or a region when the export has no team column (teamOf falls back to it).
    const sample = deals.find((d) => (cfg.groupBy === 'team' ? (d.team ?? d.region) : (d.region ?? d.team)) === group);
    const team = sample?.team;
    const region = sample?.region;
    const n = streak.length;
    const min = biPct(cfg.minGrowth, 0);
    const { lead, listed } = recentWeeks(streak);
    const window = size === 1 ? bi('week over week', '周环比') : bi(`${size}-week rolling`, `滚动 ${size} 周`);
    conditions.push({
      // A named group keeps its key by team or region; the group without either is keyed as pacing keys it.
      key: `new-customer-growth:${group === NO_TEAM ? label.key : `${cfg.groupBy}=${group}`}`,
      ...(label.formerKey ? { formerKey: `new-customer-growth:${group === NO_TEAM ? `${cfg.groupBy}=${NO_TEAM}` : label.formerKey}` } : {}),
      rule: 'new-customer-growth',
      team,
      region,
      severity: n >= cfg.criticalWeeks ? 'critical' : 'warning',
      magnitude: n,
      // A streak one week longer is the same news: it is repeated per quiet period, re-sent at once only when it turns critical.
      worsenBy: Number.POSITIVE_INFINITY,
      since: weekIndexStart(streak[0].week),
      title: bi(
        `${name.en}: new-customer growth (${window.en}) below ${min.en} for ${n} consecutive weeks`,
        `${name.zh}：新客户增长率（${window.zh}）连续 ${n} 周低于 ${min.zh}`,
      ),
      details: [
        ...lead,
        ...listed.map((g) => growthText(g, size)),
      ],
      action: bi(
        'Manager: review the new-account pipeline with the team this week and coach prospecting before the quarter is lost.',
        '区域经理介入：本周与团队复盘新客户商机，针对性辅导拓客，避免季度目标落空。',
      ),
      recipients: managersFor(routing, team, region),
      numbers: {
        windowWeeks: size,
        minBase: cfg.minBase,
        minGrowth: cfg.minGrowth,
        weeks: streak.map((g) => ({
          week: weekIndexKey(g.week),
          start: isoDate(weekIndexStart(g.week - size + 1)),
          newCustomers: g.window,
          base: g.base,
          growth: g.growth,
        })),
      },
    });
  }
  return { conditions, notEnoughData };
}
