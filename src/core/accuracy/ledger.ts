import { monthIndex, monthKey, parseIsoDate, parseMonthKey, parseQuarterKey, quarterKey, quarterOfMonth } from '../calendar.js';
import { NO_TEAM } from '../plan/series.js';
import type { ForecastPlan, Level, Measure } from '../plan/types.js';

/**
 * What `perf forecast --record` keeps of a run: per series and period (month or quarter) the forecast
 * mean and band it showed, the target when the period had one, and the method that made it — in the
 * plan's measure, the one its targets are in.
 */
export interface LedgerEntry {
  level: Level;
  name: string;
  team: string | null;
  /** `YYYY-MM` or `YYYY-Qn` */
  period: string;
  kind: 'month' | 'quarter';
  /** Months (month rows) or quarters (quarter rows) after the as-of's: 0 = the month or quarter holding it. */
  horizon: number;
  mean: number;
  lower80: number | null;
  upper80: number | null;
  target: number | null;
  floor: number | null;
  ceiling: number | null;
  bonus: number | null;
  method: string;
}

/** One recorded run: its as-of, what it read (hashes), how it forecast, and its entries. */
export interface Vintage {
  id: number;
  asOf: string;
  /** 1 for the first run recorded at this as-of, 2 for a run at the same as-of on other inputs … */
  seq: number;
  inputsHash: string;
  inputs: { role: string; file: string; sha256: string }[];
  measure: Measure;
  method: string;
  band: number;
  targetQuantile: number | null;
  recordedAt: string;
  entries: LedgerEntry[];
}

/** How a vintage is named in reports: its as-of, and #n when the same as-of was recorded on other inputs. */
export const vintageLabel = (v: Pick<Vintage, 'asOf' | 'seq'>): string => (v.seq > 1 ? `${v.asOf} #${v.seq}` : v.asOf);

/**
 * The entries of a plan: every forecast month, the current quarter's projection (won so far + the rest,
 * as the report shows it) and every later quarter wholly inside the horizon (the sum of its months).
 */
export function ledgerEntries(plan: ForecastPlan): LedgerEntry[] {
  const m = plan.measure;
  const asOf = parseIsoDate(plan.asOf)!;
  const current = monthIndex(asOf);
  const curQ = quarterOfMonth(current);
  const forecastQuarters = [...new Set(plan.months.forecast.map((k) => quarterOfMonth(parseMonthKey(k)!)))].filter(
    (q) => q > curQ && [0, 1, 2].every((i) => plan.months.forecast.includes(monthKey(q * 3 + i))),
  );
  const out: LedgerEntry[] = [];
  for (const s of plan.series) {
    if (s.level === 'rep' && !s.active) continue;
    // The placeholder team of reps without one, forecast at zero: nothing was promised, so nothing to score.
    if (s.level === 'team' && s.name === NO_TEAM && plan.months.forecast.every((k) => s.forecast[k][m].mean === 0)) continue;
    const base = { level: s.level, name: s.name, team: s.team, method: s.method[m].method };
    const target = (period: string) => {
      const t = s.targets[period]?.[m];
      return t ? { target: t.target, floor: t.floor, ceiling: t.ceiling, bonus: t.bonus } : { target: null, floor: null, ceiling: null, bonus: null };
    };
    for (const k of plan.months.forecast) {
      const f = s.forecast[k][m];
      out.push({ ...base, period: k, kind: 'month', horizon: parseMonthKey(k)! - current, mean: f.mean, lower80: f.lower80, upper80: f.upper80, ...target(k) });
    }
    const o = s.outlook[m];
    out.push({ ...base, period: o.quarter, kind: 'quarter', horizon: 0, mean: o.projected, lower80: o.lower80, upper80: o.upper80, ...target(o.quarter) });
    for (const q of forecastQuarters) {
      const key = quarterKey(q);
      const mean = [0, 1, 2].reduce((sum, i) => sum + s.forecast[monthKey(q * 3 + i)][m].mean, 0);
      out.push({ ...base, period: key, kind: 'quarter', horizon: q - curQ, mean, lower80: null, upper80: null, ...target(key) });
    }
  }
  return out;
}

/** The months a ledger period covers (a month, or a quarter's three). */
export function periodMonths(period: string): number[] {
  const q = parseQuarterKey(period);
  if (q !== null) return [q * 3, q * 3 + 1, q * 3 + 2];
  const mi = parseMonthKey(period);
  return mi === null ? [] : [mi];
}
