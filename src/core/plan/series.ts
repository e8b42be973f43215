import { dayNumber, daysInMonth, endOfDay, isoDate, monthIndex, monthStart, type MonthIndex } from '../calendar.js';
import { dealsAsOf, isWon, newCustomerFlags, type WonDeal } from '../deals.js';
import { bi, nounCount, byCount } from '../i18n.js';
import { teamOf } from '../teams.js';
import type { Problem } from '../../schema/problem.js';
import type { Deal, TeamMember } from '../../schema/rows.js';
import type { Actual, DealCounts, Level, Measure } from './types.js';
import { addMoney } from '../values/money-sum.js';
import { compareText } from '../values/text.js';

/** Monthly won-deal sums, index 0 = the plan's first month. */
export interface Monthly {
  count: number[];
  amount: number[];
  newCount: number[];
  newAmount: number[];
}

export interface Node {
  id: string;
  level: Level;
  name: string;
  parent: string | null;
  team: string | null;
  active: boolean;
  /** First month of this series' own history (index into the plan months), null when it has none. */
  start: MonthIndex | null;
  monthly: Monthly;
  monthToDate: Actual;
  children: Node[];
}

export interface Hierarchy {
  /** First month of history (earliest won deal), and the last complete month before the as-of date. */
  first: MonthIndex;
  last: MonthIndex;
  current: MonthIndex;
  company: Node;
  teams: Node[];
  reps: Node[];
  /** False when no deal and no roster entry names a team or region: the team level is only "—". */
  hasTeams: boolean;
  counts: DealCounts;
  /** The deals as they stood on the as-of date (`dealsAsOf`): what every figure of the plan reads. */
  deals: Deal[];
  /** 'count' when the file has no amount column or no won deal has an amount. */
  measure: Measure;
  /** Won deals that count (not cancelled, closed by the as-of date). */
  won: WonDeal[];
  problems: Problem[];
}

export const NO_TEAM = '—';
export const COMPANY_ID = 'company';
export const teamId = (name: string) => `team:${name}`;
export const repId = (name: string) => `rep:${name}`;

const zeroActual = (): Actual => ({ count: 0, amount: 0, newCount: 0, newAmount: 0 });
const zeros = (n: number) => new Array<number>(n).fill(0);
const monthly = (n: number): Monthly => ({ count: zeros(n), amount: zeros(n), newCount: zeros(n), newAmount: zeros(n) });

/** A cancelled signing (fake order, refund) is not a win once the cancellation has happened. */
// The as-of day is counted whole: a deal signed or cancelled at 15:00 on that day has happened.
const cancelledBy = (d: Deal, asOf: number) => d.cancelled_at !== undefined && d.cancelled_at < endOfDay(asOf);

function addTo(m: Monthly, i: number, amount: number, isNew: boolean): void {
  m.count[i] += 1;
  m.amount[i] = addMoney(m.amount[i], amount);
  if (isNew) {
    m.newCount[i] += 1;
    m.newAmount[i] = addMoney(m.newAmount[i], amount);
  }
}

function addActual(a: Actual, amount: number, isNew: boolean): void {
  a.count += 1;
  a.amount = addMoney(a.amount, amount);
  if (isNew) {
    a.newCount += 1;
    a.newAmount = addMoney(a.newAmount, amount);
  }
}

/** Deal counts when the file has no amount column or none of its won deals has an amount; else amounts. */
export const measureOf = (won: readonly Deal[], amountColumn?: boolean): Measure =>
  amountColumn === false || (won.length > 0 && won.every((d) => d.amount === undefined)) ? 'count' : 'amount';

/**
 * The company → team → rep tree with monthly won series. A rep belongs to the roster's team, else the
 * team (or region) on their latest deal; a team's series is the sum of its reps', the company's the sum
 * of all, so history is coherent by construction. The deals are read as they stood on the as-of date
 * (`dealsAsOf`): a deal created after it is not there, one closed after it is open. Active reps: any deal created or closed in the last
 * `baselineMonths` complete months or this month, or listed on the roster.
 */
export function buildHierarchy(
  exported: readonly Deal[],
  opts: { asOf: number; file: string; baselineMonths: number; roster?: readonly TeamMember[]; amountColumn?: boolean; newHiresTakeShare?: boolean },
): Hierarchy {
  const { asOf, file } = opts;
  const current = monthIndex(asOf);
  const last = current - 1;
  const problems: Problem[] = [];
  const read = dealsAsOf(exported, asOf);
  const deals = read.deals;
  const afterAsOf = read.notYetCreated + read.unknownCreation;
  const counts: DealCounts = { total: deals.length, won: 0, lost: 0, open: 0, cancelled: 0, afterAsOf, closedAfterAsOf: read.closedLater };
  const won: WonDeal[] = [];
  for (const d of deals) {
    if (d.stage === 'open') counts.open++;
    else if (d.stage === 'lost') counts.lost++;
    else if (isWon(d)) {
      if (cancelledBy(d, asOf)) counts.cancelled++;
      else {
        counts.won++;
        won.push(d);
        if (d.amount === undefined)
          problems.push({
            file,
            row: d.row,
            column: null,
            value: null,
            code: 'won_without_amount',
            severity: 'warning',
            message: bi('a won deal without an amount: counted as a deal, 0 in amounts', '赢单缺少金额：计入单数，金额按 0 计'),
          });
      }
    }
  }
  // Without amounts at all the plan is in deal counts: one note for the file, not one per row.
  const measure = measureOf(won, opts.amountColumn);
  if (measure === 'count') {
    problems.splice(0, problems.length, ...problems.filter((p) => p.code !== 'won_without_amount'));
    problems.push({
      file,
      row: null,
      column: null,
      value: null,
      code: 'no_amounts',
      severity: 'warning',
      message: bi(
        opts.amountColumn === false
          ? 'no amount column: targets, band, probabilities and pipeline are in deal counts'
          : 'no won deal has an amount: targets, band, probabilities and pipeline are in deal counts',
        opts.amountColumn === false ? '没有金额列：目标、浮动区间、概率和销售管道均按单数计算' : '所有赢单都没有金额：目标、浮动区间、概率和销售管道均按单数计算',
      ),
    });
  }
  if (read.notYetCreated + read.closedLater > 0) {
    const created = read.notYetCreated ? bi(`${nounCount(read.notYetCreated, 'deal')} created after it ${byCount(read.notYetCreated, 'is', 'are')} left out`, `${read.notYetCreated} 条在其后创建的商机不计入`) : null;
    const closed = read.closedLater ? bi(`${nounCount(read.closedLater, 'deal')} won or lost after it ${byCount(read.closedLater, 'counts', 'count')} as open`, `${read.closedLater} 条在其后赢单或输单的商机按进行中计`) : null;
    const parts = [created, closed].filter((p) => p !== null);
    problems.push({
      file,
      row: null,
      column: null,
      value: null,
      code: 'after_as_of',
      severity: 'warning',
      message: bi(
        `the deals are read as they stood on the as-of date ${isoDate(asOf)}: ${parts.map((p) => p.en).join(', and ')}`,
        `商机按基准日期 ${isoDate(asOf)} 当时的状态读取：${parts.map((p) => p.zh).join('，')}`,
      ),
    });
  }

  const first = won.length ? Math.min(...won.map((d) => monthIndex(d.closed_at))) : current;
  const n = Math.max(0, last - first + 1);
  const recentFrom = last - opts.baselineMonths + 1;

  // Team and activity per rep.
  const roster = new Map((opts.roster ?? []).map((m) => [m.rep, m]));
  const latest = new Map<string, { at: number; team: string }>();
  const firstSeen = new Map<string, MonthIndex>();
  const recent = new Set<string>();
  for (const d of deals) {
    const at = d.closed_at ?? d.created_at ?? d.expected_close_at;
    if (at === undefined || at >= endOfDay(asOf)) {
      if (d.stage === 'open') recent.add(d.rep);
      continue;
    }
    const prev = latest.get(d.rep);
    if (!prev || at >= prev.at) latest.set(d.rep, { at, team: teamOf(d) });
    const from = d.created_at !== undefined && d.created_at < endOfDay(asOf) ? Math.min(monthIndex(d.created_at), monthIndex(at)) : monthIndex(at);
    firstSeen.set(d.rep, Math.min(firstSeen.get(d.rep) ?? from, from));
    if (monthIndex(at) >= recentFrom || d.stage === 'open') recent.add(d.rep);
  }
  // A roster rep with no deal at all (a new hire, or a name the export spells differently) takes no
  // share of the team's target unless the config says new hires get one.
  const inData = new Set(deals.map((d) => d.rep));
  for (const m of roster.values()) if (opts.newHiresTakeShare || inData.has(m.rep)) recent.add(m.rep);
  const repTeam = (rep: string) => {
    const m = roster.get(rep);
    return m?.team ?? m?.region ?? latest.get(rep)?.team ?? NO_TEAM;
  };
  const repNames = [...new Set([...latest.keys(), ...roster.keys(), ...deals.map((d) => d.rep)])].sort((a, b) => compareText(a, b));

  const company: Node = {
    id: COMPANY_ID,
    level: 'company',
    name: 'Company',
    parent: null,
    team: null,
    active: true,
    start: won.length ? first : null,
    monthly: monthly(n),
    monthToDate: zeroActual(),
    children: [],
  };
  const teams = new Map<string, Node>();
  const reps = new Map<string, Node>();
  for (const rep of repNames) {
    const team = repTeam(rep);
    let t = teams.get(team);
    if (!t) {
      t = { id: teamId(team), level: 'team', name: team, parent: COMPANY_ID, team, active: false, start: null, monthly: monthly(n), monthToDate: zeroActual(), children: [] };
      teams.set(team, t);
    }
    const seen = firstSeen.get(rep);
    const node: Node = {
      id: repId(rep),
      level: 'rep',
      name: rep,
      parent: t.id,
      team,
      active: recent.has(rep),
      start: seen === undefined || seen > last ? null : Math.max(first, seen),
      monthly: monthly(n),
      monthToDate: zeroActual(),
      children: [],
    };
    t.children.push(node);
    t.active ||= node.active;
    if (node.start !== null) t.start = t.start === null ? node.start : Math.min(t.start, node.start);
    reps.set(rep, node);
  }
  const teamList = [...teams.values()].sort((a, b) => compareText(a.name, b.name));
  company.children = teamList;

  const flags = newCustomerFlags(won);
  for (const d of won) {
    const rep = reps.get(d.rep)!;
    const team = teams.get(rep.team!)!;
    const m = monthIndex(d.closed_at!);
    const amount = d.amount ?? 0;
    const isNew = flags.get(d) ?? false;
    for (const node of [company, team, rep]) {
      if (m === current) addActual(node.monthToDate, amount, isNew);
      else addTo(node.monthly, m - first, amount, isNew);
    }
  }
  // A rep's history starts no later than their first win.
  for (const rep of reps.values()) {
    const i = rep.monthly.count.findIndex((c) => c > 0);
    if (i >= 0 && (rep.start === null || first + i < rep.start)) rep.start = first + i;
  }
  return {
    first,
    last,
    current,
    company,
    teams: teamList,
    reps: teamList.flatMap((t) => t.children),
    hasTeams: teamList.some((t) => t.name !== NO_TEAM),
    counts,
    deals,
    measure,
    won,
    problems,
  };
}

/** The slice of a node's monthly series from its own start (empty when it has no history). */
export function ownSeries(node: Node, first: MonthIndex, key: keyof Monthly): number[] {
  return node.start === null ? [] : node.monthly[key].slice(node.start - first);
}

/** Share of the month after the as-of day: 0 on its last day. */
export function remainingShare(asOf: number, current: MonthIndex): number {
  const len = daysInMonth(current);
  return (len - (dayNumber(asOf) - dayNumber(monthStart(current)) + 1)) / len;
}
