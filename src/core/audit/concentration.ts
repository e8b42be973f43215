import {
  dayNumber,
  daysInMonth,
  monthEnd,
  monthIndex,
  monthKey,
  monthStart,
  quarterEnd,
  quarterIndex,
  quarterKey,
  quarterStart,
  type LocalTime,
} from '../calendar.js';
import type { WonDeal } from '../deals.js';
import { bi, formatNumber, formatPercent, nounCount, type Bi } from '../i18n.js';
import type { AuditConfig } from '../../schema/config/audit.js';
import { dealEvidence, type RawFlag } from './types.js';
import { binomialZ, percentileOf, shrunkShare } from './stats.js';
import { addMoney, sumMoney } from '../values/money-sum.js';

export interface PeriodScheme {
  kind: 'quarter' | 'month';
  index: (t: LocalTime) => number;
  key: (i: number) => string;
  start: (i: number) => LocalTime;
  end: (i: number) => LocalTime;
  /** the calendar position compared like with like: quarter of year, month of year */
  position: (i: number) => number;
  name: Bi;
}

export const QUARTERS: PeriodScheme = {
  kind: 'quarter',
  index: quarterIndex,
  key: quarterKey,
  start: quarterStart,
  end: quarterEnd,
  position: (q) => q % 4,
  name: bi('quarter', '季度'),
};

export const MONTHS: PeriodScheme = {
  kind: 'month',
  index: monthIndex,
  key: monthKey,
  start: monthStart,
  end: monthEnd,
  position: (m) => m % 12,
  name: bi('month', '月'),
};

/** What a rep or team signed in one period, and how much of it in the period's last N days. */
interface Cell {
  period: number;
  n: number;
  /** deals in the period's last month: what an even spread inside that month puts in its last N days */
  nTail: number;
  k: number;
  amount: number;
  amountLast: number;
  last: WonDeal[];
}

/** ", 40.0% of the amount" for a message, or nothing when the deals carry no amount. */
const ofAmount = (last: number, total: number) =>
  total ? bi(`, ${formatPercent('en', last / total)} of the amount`, `，金额占 ${formatPercent('zh', last / total)}`) : bi('', '');

/**
 * A share of a handful of deals is mostly chance (2 of 3 is 67%), and the binomial z of a tiny sample
 * runs high: below `minPeriodDeals` won deals a flag is a low note that says so, never a high finding.
 */
function sampleSeverity(n: number, cfg: AuditConfig, where: Bi): { severity: 'high' | 'low'; caveat: Bi } {
  if (n >= cfg.minPeriodDeals) return { severity: 'high', caveat: bi('', '') };
  return {
    severity: 'low',
    caveat: bi(
      `; only ${nounCount(n, 'deal')} ${where.en}, fewer than ${cfg.minPeriodDeals}: too few to call it cramming`,
      `；${where.zh}仅 ${n} 单，少于 ${cfg.minPeriodDeals} 单：样本太少，不足以认定为突击签单`,
    ),
  };
}

/** One rep's or team's period-end concentration over the whole history, against its peers. */
export interface ConcentrationProfile {
  level: 'rep' | 'team';
  unit: string;
  team?: string;
  periodKind: 'quarter' | 'month';
  periods: number;
  deals: number;
  lastDeals: number;
  share: number;
  /** null when the deals carry no amount (a won-deals export without one): a share of nothing is not 0% */
  amountShare: number | null;
  /** the share the peers' history at the same calendar positions predicts */
  expected: number;
  z: number;
  /** periods flagged on their own */
  flaggedPeriods: string[];
}

export interface Unit {
  name: string;
  team?: string;
  peers: string[];
}

const periodDays = (s: PeriodScheme, i: number) => dayNumber(s.end(i)) - dayNumber(s.start(i)) + 1;

/**
 * The share of a period's deals an even spread inside its last month puts in the last N days: a
 * strong December raises it for Q4, so a busy but steady month is never mistaken for cramming.
 */
const spreadShare = (s: PeriodScheme, c: Cell, lastDays: number) => (c.nTail / c.n) * (lastDays / daysInMonth(monthIndex(s.end(c.period))));

function cellsOf(deals: readonly WonDeal[], scheme: PeriodScheme, lastDays: number, lastComplete: number): Map<number, Cell> {
  const cells = new Map<number, Cell>();
  for (const d of deals) {
    const i = scheme.index(d.closed_at);
    if (i > lastComplete) continue;
    let c = cells.get(i);
    if (!c) cells.set(i, (c = { period: i, n: 0, nTail: 0, k: 0, amount: 0, amountLast: 0, last: [] }));
    const inLast = dayNumber(d.closed_at) > dayNumber(scheme.end(i)) - lastDays;
    c.n++;
    if (monthIndex(d.closed_at) === monthIndex(scheme.end(i))) c.nTail++;
    c.amount = addMoney(c.amount, d.amount ?? 0);
    if (inLast) {
      c.k++;
      c.amountLast = addMoney(c.amountLast, d.amount ?? 0);
      c.last.push(d);
    }
  }
  return cells;
}

/** Hits and totals at one calendar position, summed over the periods before a given one. */
interface PositionTotals {
  k: number;
  n: number;
  shares: number[];
}

/**
 * The baseline of a period: the cells at its calendar position that come before it. Only earlier
 * periods, so the verdict on a closed period never changes when later data arrives.
 */
function earlierAt(cells: readonly Cell[], scheme: PeriodScheme, period: number): PositionTotals {
  const out: PositionTotals = { k: 0, n: 0, shares: [] };
  const pos = scheme.position(period);
  for (const c of cells) {
    if (c.period >= period || scheme.position(c.period) !== pos) continue;
    out.k += c.k;
    out.n += c.n;
    out.shares.push(c.k / c.n);
  }
  return out;
}

/**
 * Period-end concentration of each unit (rep or team). A period is flagged when the share of its deals
 * signed in the last N days stands out both against the unit's own history at the same calendar
 * position (Q4 against earlier Q4s, December against earlier Decembers) and against its peers at that
 * position — so a naturally strong December, or a season that is strong for everyone, is not cramming.
 * The profile compares the unit's whole history with what its peers' shares predict: it catches the
 * rep who crams every quarter, whom their own history would excuse. Every baseline is at least the
 * share an even spread inside the period's last month predicts, so a strong December is like with like.
 */
export function concentration(
  groups: ReadonlyMap<string, readonly WonDeal[]>,
  units: readonly Unit[],
  level: 'rep' | 'team',
  scheme: PeriodScheme,
  cfg: AuditConfig,
  asOf: LocalTime,
): { profiles: ConcentrationProfile[]; flags: RawFlag[] } {
  // A period is judged once it is over: its last day is before "today".
  const lastComplete = scheme.index(asOf) - 1;
  const cells = new Map([...groups].map(([name, deals]) => [name, cellsOf(deals, scheme, cfg.lastDays, lastComplete)]));
  const profiles: ConcentrationProfile[] = [];
  const flags: RawFlag[] = [];
  const what = scheme.name;
  for (const unit of units) {
    const own = cells.get(unit.name) ?? new Map<number, Cell>();
    const ownCells = [...own.values()];
    const peerCells = unit.peers.flatMap((p) => [...(cells.get(p)?.values() ?? [])]);
    let expectedHits = 0;
    let variance = 0;
    const flaggedPeriods: string[] = [];
    for (const c of own.values()) {
      const even = cfg.lastDays / periodDays(scheme, c.period);
      const o = earlierAt(ownCells, scheme, c.period);
      const peer = earlierAt(peerCells, scheme, c.period);
      const spread = spreadShare(scheme, c, cfg.lastDays);
      const pOwn = Math.max(spread, shrunkShare(o.k, o.n, even, cfg.priorDeals));
      const pPeer = Math.max(spread, shrunkShare(peer.k, peer.n, even, cfg.priorDeals));
      expectedHits += c.n * pPeer;
      variance += c.n * pPeer * (1 - pPeer);
      if (c.k < cfg.minCrammed) continue;
      const share = c.k / c.n;
      const zOwn = binomialZ(c.k, c.n, pOwn);
      const zPeer = binomialZ(c.k, c.n, pPeer);
      const ownRef = o.shares;
      const pctOwn = percentileOf(share, ownRef);
      const pctPeer = percentileOf(share, peer.shares);
      const flagged =
        cfg.method === 'zscore'
          ? zOwn >= cfg.zScore && zPeer >= cfg.zScore
          : pctPeer >= cfg.percentile && (ownRef.length === 0 || pctOwn >= cfg.percentile);
      if (!flagged) continue;
      const key = scheme.key(c.period);
      const sample = sampleSeverity(c.n, cfg, bi(`in ${key}`, `${key} `));
      // The table's "Flagged" names findings; a low note on a handful of deals is only in the flags.
      if (sample.severity === 'high') flaggedPeriods.push(key);
      const pctText = (v: number) => formatPercent('en', v);
      const score = cfg.method === 'zscore' ? Math.min(zOwn, zPeer) : Math.min(pctPeer, ownRef.length ? pctOwn : 1);
      flags.push({
        kind: 'cramming',
        severity: sample.severity,
        level,
        rep: level === 'rep' ? unit.name : undefined,
        team: unit.team,
        period: key,
        value: share,
        metric: bi(`share of the ${what.en}'s deals signed in its last ${cfg.lastDays} days`, `${what.zh}最后 ${cfg.lastDays} 天签约的单数占比`),
        expected: Math.max(pOwn, pPeer),
        score,
        message: bi(
          `${unit.name}: ${c.k} of ${c.n} deals of ${key} (${pctText(share)}${ofAmount(c.amountLast, c.amount).en}) signed in its last ${cfg.lastDays} days; ` +
            `own history at this calendar position predicts ${pctText(pOwn)}, peers ${pctText(pPeer)}${sample.caveat.en}`,
          `${unit.name}：${key} 的 ${c.n} 单中有 ${c.k} 单（${pctText(share)}${ofAmount(c.amountLast, c.amount).zh}）在最后 ${cfg.lastDays} 天签约；` +
            `本人历史同期预期 ${pctText(pOwn)}，同组预期 ${pctText(pPeer)}${sample.caveat.zh}`,
        ),
        evidence: c.last.map((d) => dealEvidence(d, bi(`signed in the last ${cfg.lastDays} days of ${key}`, `在 ${key} 最后 ${cfg.lastDays} 天签约`))),
      });
    }
    const all = ownCells;
    const n = all.reduce((s, c) => s + c.n, 0);
    const k = all.reduce((s, c) => s + c.k, 0);
    const amount = sumMoney(all.map((c) => c.amount));
    const amountLast = sumMoney(all.map((c) => c.amountLast));
    const z = variance > 0 ? (k - expectedHits) / Math.sqrt(variance) : 0;
    const profile: ConcentrationProfile = {
      level,
      unit: unit.name,
      team: unit.team,
      periodKind: scheme.kind,
      periods: all.length,
      deals: n,
      lastDeals: k,
      share: n ? k / n : 0,
      amountShare: amount ? amountLast / amount : null,
      expected: n ? expectedHits / n : 0,
      z,
      flaggedPeriods,
    };
    profiles.push(profile);
    if (k < cfg.minCrammed || z < cfg.zScore || unit.peers.length === 0) continue;
    const pct = (v: number) => formatPercent('en', v);
    const sample = sampleSeverity(n, cfg, bi(`in complete ${what.en}s`, `完整${what.zh}内`));
    flags.push({
      kind: 'cramming',
      severity: sample.severity,
      level,
      rep: level === 'rep' ? unit.name : undefined,
      team: unit.team,
      period: 'all',
      value: profile.share,
      metric: bi(`share of all won deals signed in the last ${cfg.lastDays} days of a ${what.en}`, `所有赢单中在${what.zh}最后 ${cfg.lastDays} 天签约的占比`),
      expected: profile.expected,
      score: profile.z,
      message: bi(
        `${unit.name}: ${k} of ${n} won deals in complete ${what.en}s (${pct(profile.share)}${ofAmount(amountLast, amount).en}) signed in the last ${cfg.lastDays} days of a ${what.en}; ` +
          `peers at the same calendar positions (or an even spread of the last month, if higher) predict ${pct(profile.expected)} (z = ${formatNumber('en', z, 2)})${sample.caveat.en}`,
        `${unit.name}：完整${what.zh}内的 ${n} 个赢单中有 ${k} 个（${pct(profile.share)}${ofAmount(amountLast, amount).zh}）在${what.zh}最后 ${cfg.lastDays} 天签约；` +
          `同组同期（或末月均匀分布，取较高者）预期 ${pct(profile.expected)}（z = ${formatNumber('zh', z, 2)}）${sample.caveat.zh}`,
      ),
      evidence: all.flatMap((c) =>
        c.last.map((d) => dealEvidence(d, bi(`signed in the last ${cfg.lastDays} days of ${scheme.key(c.period)}`, `在 ${scheme.key(c.period)} 最后 ${cfg.lastDays} 天签约`))),
      ),
    });
  }
  return { profiles, flags };
}
