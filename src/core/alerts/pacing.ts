import { dayNumber, isoDate, monthEnd, monthIndex, quarterFirstMonth, quarterIndex, quarterKey, quarterStart } from '../calendar.js';
import { isWon } from '../deals.js';
import { forecast } from '../forecast/index.js';
import { bi } from '../i18n.js';
import { teamOf } from '../teams.js';
import type { Deal } from '../../schema/rows.js';
import type { AlertsConfig } from '../../schema/config/alerts.js';
import { biNum, biPct } from './format.js';
import { managersFor, type Routing } from './routing.js';
import type { AlertCondition } from './types.js';

/** Months of history a projection looks at (the forecast core wants 24+ for its own seasonality). */
const HISTORY_MONTHS = 36;

export interface QuarterPace {
  quarter: string;
  /** forecast made at the start of the quarter from the months before it */
  target: number;
  wonToDate: number;
  /** forecast for the rest of the quarter: the unelapsed share of this month plus the later months */
  rest: number;
  projected: number;
  attainment: number;
}

const sumMonths = (amounts: ReadonlyMap<number, number>, from: number, to: number): number[] => {
  const out: number[] = [];
  for (let m = Math.max(from, to - HISTORY_MONTHS + 1); m <= to; m++) out.push(amounts.get(m) ?? 0);
  return out;
};

const total = (xs: readonly number[]) => xs.reduce((s, v) => s + v, 0);

/**
 * Projected attainment of the quarter holding `asOf` for one group's deals: won to date + forecast of
 * the rest, against the target = the forecast of the whole quarter made from the months before it.
 * Signed value = amount of won deals not cancelled before `asOf`. Null when there is no baseline.
 */
export function quarterPace(deals: readonly Deal[], asOf: number): QuarterPace | null {
  const amounts = new Map<number, number>();
  let first = Infinity;
  for (const d of deals) {
    if (!isWon(d) || d.closed_at >= asOf || (d.cancelled_at !== undefined && d.cancelled_at < asOf)) continue;
    const m = monthIndex(d.closed_at);
    amounts.set(m, (amounts.get(m) ?? 0) + (d.amount ?? 0));
    first = Math.min(first, m);
  }
  const q = quarterIndex(asOf);
  const q0 = quarterFirstMonth(q);
  if (!Number.isFinite(first) || first >= q0) return null;
  const target = total(forecast(sumMonths(amounts, first, q0 - 1), 3, { nonNegative: true }).mean);
  if (!(target > 0)) return null;
  const current = monthIndex(asOf);
  const wonToDate = total([q0, q0 + 1, q0 + 2].filter((m) => m <= current).map((m) => amounts.get(m) ?? 0));
  const ahead = forecast(sumMonths(amounts, first, current - 1), q0 + 3 - current, { nonNegative: true }).mean;
  const left = (dayNumber(monthEnd(current)) - dayNumber(asOf) + 1) / (dayNumber(monthEnd(current)) - dayNumber(monthEnd(current - 1)));
  const rest = ahead[0] * left + total(ahead.slice(1));
  const projected = wonToDate + rest;
  return { quarter: quarterKey(q), target, wonToDate, rest, projected, attainment: projected / target };
}

export function pacingAlerts(deals: readonly Deal[], asOf: number, cfg: AlertsConfig['pacing'], routing: Routing, currency: string): AlertCondition[] {
  const groups = new Map<string, Deal[]>();
  for (const d of deals) {
    const g = teamOf(d);
    const list = groups.get(g) ?? [];
    list.push(d);
    groups.set(g, list);
  }
  const out: AlertCondition[] = [];
  for (const [group, list] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const pace = quarterPace(list, asOf);
    if (!pace || pace.attainment >= cfg.floor) continue;
    const team = list.find((d) => d.team !== undefined)?.team;
    const region = list.find((d) => d.region !== undefined)?.region;
    const money = (v: number) => bi(`${currency}${biNum(v).en}`, `${currency}${biNum(v).zh}`);
    const [t, w, r, p] = [pace.target, pace.wonToDate, pace.rest, pace.projected].map(money);
    const att = biPct(pace.attainment);
    const floor = biPct(cfg.floor, 0);
    out.push({
      key: `pacing:team=${group}`,
      rule: 'pacing',
      team,
      region,
      severity: pace.attainment < cfg.criticalFloor ? 'critical' : 'warning',
      // points of attainment below the floor, e.g. 0.85 − 0.72 = 0.13
      magnitude: Math.round((cfg.floor - pace.attainment) * 1e4) / 1e4,
      worsenBy: cfg.worsenBy,
      since: quarterStart(quarterIndex(asOf)),
      title: bi(
        `${group}: ${pace.quarter} projected at ${att.en} of target, below the ${floor.en} floor`,
        `${group}：${pace.quarter} 预计完成目标的 ${att.zh}，低于 ${floor.zh} 下限`,
      ),
      details: [
        bi(`target ${t.en} (forecast at the start of the quarter)`, `目标 ${t.zh}（季度初预测）`),
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
        target: Math.round(pace.target),
        wonToDate: Math.round(pace.wonToDate),
        rest: Math.round(pace.rest),
        projected: Math.round(pace.projected),
        attainment: Math.round(pace.attainment * 1e4) / 1e4,
        floor: cfg.floor,
      },
    });
  }
  return out;
}
