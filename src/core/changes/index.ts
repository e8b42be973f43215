import { MS_PER_DAY, dayNumber, isoDate, quarterIndex, quarterKey, quarterStart, type LocalTime, type QuarterIndex } from '../calendar.js';
import { EXIT, PerfError } from '../errors.js';
import { bi, type Bi, nounCount, byCount } from '../i18n.js';
import type { Deal } from '../../schema/rows.js';
import { compareText } from '../values/text.js';
import { NO_TEAM } from '../teams.js';

/**
 * The flows between the window's open pipeline in OLD (start) and in NEW (end). Each is a magnitude in
 * cents; SIGN says whether it adds to or takes from the pipeline, so start + Σ sign·flow = end exactly.
 */
export const BUCKETS = [
  'created',
  'pulled_in',
  'reopened',
  'owner_in',
  'increased',
  'decreased',
  'owner_out',
  'pushed',
  'moved_earlier',
  'won',
  'lost',
  'deleted',
] as const;
export type Bucket = (typeof BUCKETS)[number];
export const SIGN: Record<Bucket, 1 | -1> = {
  created: 1,
  pulled_in: 1,
  reopened: 1,
  owner_in: 1,
  increased: 1,
  decreased: -1,
  owner_out: -1,
  pushed: -1,
  moved_earlier: -1,
  won: -1,
  lost: -1,
  deleted: -1,
};

export type Level = 'company' | 'team' | 'rep';
export const LEVELS: readonly Level[] = ['company', 'team', 'rep'];

/** One deal as one export shows it; money in integer cents so sums are exact. */
export interface Snap {
  row: number;
  rep: string;
  team: string | null;
  stage: Deal['stage'];
  stage_label: string;
  cents: number;
  /** close date of a won/lost deal, expected close of an open one */
  date: LocalTime | null;
}

export type Tag = 'stage_progressed' | 'stage_regressed' | 'stage_changed' | 'owner_changed';

interface Flow {
  bucket: Bucket;
  cents: number;
  /** whose group the flow belongs to: the old owner's or the new one's */
  side: 'old' | 'new';
}

export interface Movement {
  id: string;
  old: Snap | null;
  new: Snap | null;
  inStart: boolean;
  inEnd: boolean;
  /** company-level flows; owner moves are added per level where the group changed */
  flows: Flow[];
  tags: Tag[];
  /** days the expected close moved later, for pushed deals with a new date */
  daysPushed: number | null;
}

export interface Waterfall {
  key: string;
  start: number;
  end: number;
  buckets: Record<Bucket, number>;
}

export interface RepSlippage {
  rep: string;
  deals: number;
  /** of `deals`, those whose expected close was removed: they have no days pushed */
  undated: number;
  /** how often those deals' expected close moved later: from a field history, else one per deal (two snapshots show one move) */
  times: number;
  /** summed over the deals with a new date */
  daysPushed: number;
  cents: number;
  /** pushed at least {@link REPEATED_PUSHES} times: the habit a coach asks about, not one slipped deal */
  repeated: boolean;
}

/** Pushes of the window's deals that make a rep a repeated pusher: one push is news, a second is a pattern. */
export const REPEATED_PUSHES = 2;

export interface Check {
  code: 'no_amount' | 'undated_open' | 'no_expected_close' | 'currency_assumed';
  count: number;
  message: Bi;
}

export interface Changes {
  window: {
    quarter: string;
    start: LocalTime;
    end: LocalTime;
    rule: 'period' | 'as_of' | 'to' | 'latest_date';
    /** the date that placed the window: --as-of, --to or NEW's latest date; null with --period */
    basis: LocalTime | null;
  };
  /** the whole company, whatever levels were asked for */
  total: Waterfall;
  levels: { level: Level; groups: Waterfall[] }[];
  movements: Movement[];
  slippage: RepSlippage[];
  /** where "times pushed" comes from: a field history counts every move, two snapshots one per deal */
  pushesFrom: 'history' | 'snapshots';
  checks: Check[];
}

export interface ChangesOptions {
  /** the quarter to watch; default: the one holding `asOf`, else the latest date in NEW */
  period?: QuarterIndex;
  asOf?: LocalTime;
  /** the date NEW was rebuilt at from a field history (--to): the window's default after --as-of */
  to?: LocalTime;
  /** deal id → times its expected close moved later between the two dates, from a field history */
  pushes?: ReadonlyMap<string, number>;
  levels: readonly Level[];
  /** open stage label → win probability: a higher one is further along */
  stageProbabilities: Record<string, number>;
  files: { old: string; new: string };
}

export const cents = (amount: number | undefined): number => Math.round((amount ?? 0) * 100);

const snap = (d: Deal): Snap => ({
  row: d.row,
  rep: d.rep,
  team: d.team ?? null,
  stage: d.stage,
  stage_label: d.stage_label,
  cents: cents(d.amount),
  date: (d.stage === 'open' ? d.expected_close_at : (d.closed_at ?? d.expected_close_at)) ?? null,
});

/**
 * Amounts are compared as the exports give them, so two exports naming different currencies are refused (a
 * ¥ deal re-entered in $ is no "amount increased"); when only one names its currency, the other is taken to
 * be in it, and that is said.
 */
export function pairCurrency(older: { file: string; currency: string | null }, newer: { file: string; currency: string | null }): Check | null {
  if (older.currency === newer.currency) return null;
  if (older.currency !== null && newer.currency !== null)
    throw new PerfError(
      EXIT.usage,
      bi(
        `${older.file} has amounts in ${older.currency}, ${newer.file} in ${newer.currency}: perf does not convert currencies, so the two cannot be compared. Export both in one currency, or convert the amounts first.`,
        `${older.file} 的金额为 ${older.currency}，${newer.file} 为 ${newer.currency}：perf 不换算货币，两者无法比较。请以同一货币导出，或先换算金额。`,
      ),
    );
  const [named, bare] = older.currency !== null ? [older, newer] : [newer, older];
  return {
    code: 'currency_assumed',
    count: 1,
    message: bi(
      `${bare.file} names no currency; its amounts are taken to be in ${named.currency}, as ${named.file} says`,
      `${bare.file} 未注明货币；其金额按 ${named.file} 所注明的 ${named.currency} 计`,
    ),
  };
}

/** The latest thing that happened in an export: a creation, close or cancellation (expected closes lie ahead). */
export function latestDate(deals: readonly Deal[]): LocalTime | null {
  let max: number | null = null;
  for (const d of deals)
    for (const t of [d.created_at, d.closed_at, d.cancelled_at]) if (t !== undefined && (max === null || t > max)) max = t;
  return max;
}

/**
 * Which of two exports looks taken later. A later export has seen everything the earlier one saw, so its
 * latest created/close/cancel date is no earlier; and deals close far more often than they reopen, so
 * deals open in OLD and won/lost in NEW outnumber the reverse. Swapped exports show both backwards.
 */
export interface OrderEvidence {
  oldLatest: LocalTime | null;
  newLatest: LocalTime | null;
  /** deals open in OLD, won or lost in NEW */
  closed: number;
  /** deals won or lost in OLD, open in NEW */
  reopened: number;
}

export function orderEvidence(oldDeals: readonly Deal[], newDeals: readonly Deal[]): OrderEvidence {
  const olds = new Map(oldDeals.map((d) => [d.id, d]));
  let closed = 0;
  let reopened = 0;
  for (const n of newDeals) {
    const o = olds.get(n.id);
    if (!o) continue;
    if (o.stage === 'open' && n.stage !== 'open') closed++;
    if (o.stage !== 'open' && n.stage === 'open') reopened++;
  }
  return { oldLatest: latestDate(oldDeals), newLatest: latestDate(newDeals), closed, reopened };
}

/**
 * `swapped` when both the dates and the deals say NEW is the older export (the waterfall would run
 * backwards: wins read as reopened deals, pushes as pull-ins); `doubtful` when one says so and the other
 * says nothing either way; null otherwise. The message names the export that looks newer and the call.
 */
export function exportOrder(e: OrderEvidence, files: { old: string; new: string }): { verdict: 'swapped' | 'doubtful'; message: Bi } | null {
  const vote = (backwards: boolean, forwards: boolean) => (backwards ? -1 : forwards ? 1 : 0);
  const days = e.oldLatest === null || e.newLatest === null ? null : [dayNumber(e.oldLatest), dayNumber(e.newLatest)];
  const byDate = days === null ? 0 : vote(days[1] < days[0], days[1] > days[0]);
  const byDeals = vote(e.reopened > e.closed, e.closed > e.reopened);
  // One sign against the other (a deal deleted late, a couple reopened) says nothing.
  if (byDate + byDeals >= 0) return null;
  const { old: o, new: n } = files;
  const dateEn = byDate < 0 ? `its latest created/close date, ${isoDate(e.newLatest!)}, is before ${o}'s, ${isoDate(e.oldLatest!)}` : null;
  const dateZh = byDate < 0 ? `其最晚创建/成交日期 ${isoDate(e.newLatest!)} 早于 ${o} 的 ${isoDate(e.oldLatest!)}` : null;
  const dealsEn =
    byDeals < 0 ? `${nounCount(e.reopened, 'deal')} won or lost in ${o} ${byCount(e.reopened, 'is', 'are')} open in ${n} (${e.closed === 0 ? 'none' : `only ${e.closed}`} the other way)` : null;
  const dealsZh = byDeals < 0 ? `${e.reopened} 个在 ${o} 中已赢/输的商机在 ${n} 中仍未结（反向${e.closed === 0 ? '一个也没有' : `只有 ${e.closed} 个`}）` : null;
  const call = `sales-perf changes ${n} ${o}`;
  if (byDate < 0 && byDeals < 0)
    return {
      verdict: 'swapped',
      message: bi(
        `${n} looks older than ${o}, not newer: ${dateEn}, and ${dealsEn}. Compared in this order the waterfall would run backwards (wins read as reopened deals, pushes as pull-ins). ${o} looks newer: give the earlier export first, ${call} (with the same options).`,
        `${n} 看起来比 ${o} 更早，而不是更新：${dateZh}；${dealsZh}。按这个顺序比较，瀑布图会整个倒过来（赢单读成重新打开，推迟读成提前纳入）。${o} 看起来更新：请先给较早的导出，${call}（其余选项不变）。`,
      ),
    };
  return {
    verdict: 'doubtful',
    message: bi(
      `${n} may be older than ${o}: ${dateEn ?? dealsEn}. If it is, the waterfall below runs backwards; give the earlier export first: ${call}`,
      `${n} 可能比 ${o} 更早：${dateZh ?? dealsZh}。若是如此，下面的瀑布图是倒过来的；请先给较早的导出：${call}`,
    ),
  };
}

/** An export's deals by id; refuses one without ids (nothing to match) or repeating an id. */
export function byId(deals: readonly Deal[], file: string): Map<string, Deal> {
  const out = new Map<string, Deal>();
  for (const d of deals) {
    if (/^#\d+$/.test(d.id))
      throw new PerfError(
        EXIT.usage,
        bi(
          `${file}: no deal id column — two exports can only be compared deal by deal; export the deal/opportunity id too`,
          `${file}：没有商机编号列——两份导出只能按商机逐一比对；请同时导出商机编号`,
        ),
      );
    const seen = out.get(d.id);
    if (seen)
      throw new PerfError(
        EXIT.usage,
        bi(
          `${file} rows ${seen.row} and ${d.row}: deal id "${d.id}" appears twice; each deal must appear once per export`,
          `${file} 第 ${seen.row} 行和第 ${d.row} 行：商机编号"${d.id}"出现两次；每份导出中每个商机只能出现一次`,
        ),
      );
    out.set(d.id, d);
  }
  return out;
}

function stageTag(o: Snap, n: Snap, probs: Record<string, number>): Tag | null {
  if (o.stage !== 'open' || n.stage !== 'open' || o.stage_label === n.stage_label) return null;
  const a = probs[o.stage_label];
  const b = probs[n.stage_label];
  if (a === undefined || b === undefined || a === b) return 'stage_changed';
  return b > a ? 'stage_progressed' : 'stage_regressed';
}

/** Classifies one deal seen in the window; the order of the rules is the order a user reads them. */
function move(id: string, o: Snap | null, n: Snap | null, inWindow: (s: Snap | null) => boolean, windowEnd: LocalTime, probs: Record<string, number>): Movement {
  const openIn = (s: Snap | null) => s !== null && s.stage === 'open' && inWindow(s);
  const inStart = openIn(o);
  const inEnd = openIn(n);
  const flows: Flow[] = [];
  const change = (from: number, to: number) => {
    if (to > from) flows.push({ bucket: 'increased', cents: to - from, side: 'new' });
    if (to < from) flows.push({ bucket: 'decreased', cents: from - to, side: 'new' });
  };
  let daysPushed: number | null = null;
  if (inStart && o) {
    if (!n) flows.push({ bucket: 'deleted', cents: o.cents, side: 'old' });
    else if (inEnd) change(o.cents, n.cents);
    else if (n.stage === 'won') {
      change(o.cents, n.cents);
      flows.push({ bucket: 'won', cents: n.cents, side: 'new' });
    } else if (n.stage === 'lost') flows.push({ bucket: 'lost', cents: o.cents, side: 'new' });
    else if (n.date === null || n.date >= windowEnd) {
      flows.push({ bucket: 'pushed', cents: o.cents, side: 'new' });
      if (n.date !== null && o.date !== null) daysPushed = dayNumber(n.date) - dayNumber(o.date);
    } else flows.push({ bucket: 'moved_earlier', cents: o.cents, side: 'new' });
  } else if (n && (inEnd || (n.stage !== 'open' && inWindow(n) && (!o || o.stage === 'open')))) {
    const entry: Bucket = !o ? 'created' : o.stage === 'open' ? 'pulled_in' : 'reopened';
    flows.push({ bucket: entry, cents: n.cents, side: 'new' });
    if (!inEnd) flows.push({ bucket: n.stage === 'won' ? 'won' : 'lost', cents: n.cents, side: 'new' });
  }
  const tags: Tag[] = [];
  if (o && n) {
    const s = stageTag(o, n, probs);
    if (s) tags.push(s);
    if (o.rep !== n.rep) tags.push('owner_changed');
  }
  return { id, old: o, new: n, inStart, inEnd, flows, tags, daysPushed };
}

const groupOf = (level: Level, s: Snap): string => (level === 'company' ? '*' : level === 'team' ? (s.team ?? NO_TEAM) : s.rep);

/** A deal's flows at one level: when its group changed, it first moves to the new owner at its old amount. */
export function flowsAt(m: Movement, level: Level): { key: string; bucket: Bucket; cents: number }[] {
  const out: { key: string; bucket: Bucket; cents: number }[] = [];
  const oldKey = m.old ? groupOf(level, m.old) : null;
  const newKey = m.new ? groupOf(level, m.new) : null;
  if (m.inStart && m.old && m.new && oldKey !== newKey && m.flows[0]?.bucket !== 'deleted') {
    out.push({ key: oldKey!, bucket: 'owner_out', cents: m.old.cents });
    out.push({ key: newKey!, bucket: 'owner_in', cents: m.old.cents });
  }
  for (const f of m.flows) out.push({ key: (f.side === 'old' ? oldKey : newKey)!, bucket: f.bucket, cents: f.cents });
  return out;
}

const emptyBuckets = (): Record<Bucket, number> => Object.fromEntries(BUCKETS.map((b) => [b, 0])) as Record<Bucket, number>;

export interface Step {
  step: 'start' | Bucket | 'end';
  from: number;
  to: number;
  cents: number;
}

/** The waterfall's bars: start and end from zero, each non-empty bucket between the running totals. */
export function waterfallSteps(w: Waterfall, shown: (b: Bucket) => boolean = (b) => w.buckets[b] !== 0): Step[] {
  const out: Step[] = [{ step: 'start', from: 0, to: w.start, cents: w.start }];
  let run = w.start;
  for (const b of BUCKETS.filter(shown)) {
    const next = run + SIGN[b] * w.buckets[b];
    out.push({ step: b, from: run, to: next, cents: w.buckets[b] });
    run = next;
  }
  out.push({ step: 'end', from: 0, to: w.end, cents: w.end });
  return out;
}

/** start + Σ sign·bucket, which must equal end. */
export const balance = (w: Waterfall): number => BUCKETS.reduce((s, b) => s + SIGN[b] * w.buckets[b], w.start);

export function waterfalls(movements: readonly Movement[], level: Level): Waterfall[] {
  const groups = new Map<string, Waterfall>();
  const at = (key: string) => {
    let w = groups.get(key);
    if (!w) groups.set(key, (w = { key, start: 0, end: 0, buckets: emptyBuckets() }));
    return w;
  };
  for (const m of movements) {
    if (m.inStart) at(groupOf(level, m.old!)).start += m.old!.cents;
    if (m.inEnd) at(groupOf(level, m.new!)).end += m.new!.cents;
    for (const f of flowsAt(m, level)) at(f.key).buckets[f.bucket] += f.cents;
  }
  return [...groups.values()].sort((a, b) => b.start + b.end - (a.start + a.end) || compareText(a.key, b.key));
}

/** Per rep who holds the deal now: deals whose expected close left the window for a later date (or lost its date). */
function slippage(movements: readonly Movement[], pushes: ReadonlyMap<string, number> | undefined): RepSlippage[] {
  const out = new Map<string, RepSlippage>();
  for (const m of movements) {
    if (!m.flows.some((f) => f.bucket === 'pushed')) continue;
    const rep = m.new!.rep;
    const s = out.get(rep) ?? { rep, deals: 0, times: 0, undated: 0, daysPushed: 0, cents: 0, repeated: false };
    s.deals += 1;
    // A history that logged no later date (the date was cleared) still saw the deal pushed once.
    s.times += pushes ? Math.max(1, pushes.get(m.id) ?? 0) : 1;
    s.repeated = s.times >= REPEATED_PUSHES;
    if (m.daysPushed === null) s.undated += 1;
    else s.daysPushed += m.daysPushed;
    s.cents += m.old!.cents;
    out.set(rep, s);
  }
  return [...out.values()].sort((a, b) => b.cents - a.cents || b.deals - a.deals || compareText(a.rep, b.rep));
}

/** Where the window's pipeline went between two exports of the same CRM. */
export function changes(oldDeals: readonly Deal[], newDeals: readonly Deal[], opts: ChangesOptions): Changes {
  const olds = byId(oldDeals, opts.files.old);
  const news = byId(newDeals, opts.files.new);
  let q: QuarterIndex;
  let rule: Changes['window']['rule'];
  let basis: LocalTime | null = null;
  if (opts.period !== undefined) [q, rule] = [opts.period, 'period'];
  else if (opts.asOf !== undefined) [q, rule, basis] = [quarterIndex(opts.asOf), 'as_of', opts.asOf];
  else if (opts.to !== undefined) [q, rule, basis] = [quarterIndex(opts.to), 'to', opts.to];
  else {
    const latest = latestDate(newDeals);
    if (latest === null)
      throw new PerfError(
        EXIT.usage,
        bi(
          `${opts.files.new} has no created or close dates to place the window; give --period 2026-Q4 or --as-of`,
          `${opts.files.new} 没有创建或成交日期，无法确定统计窗口；请给出 --period 2026-Q4 或 --as-of`,
        ),
      );
    [q, rule, basis] = [quarterIndex(latest), 'latest_date', latest];
  }
  const start = quarterStart(q);
  const end = quarterStart(q + 1);
  const inWindow = (s: Snap | null) => s !== null && s.date !== null && s.date >= start && s.date < end;
  const movements: Movement[] = [];
  const ids = [...new Set([...olds.keys(), ...news.keys()])].sort();
  for (const id of ids) {
    const o = olds.get(id);
    const n = news.get(id);
    const os = o ? snap(o) : null;
    const ns = n ? snap(n) : null;
    if (!inWindow(os) && !inWindow(ns)) continue;
    movements.push(move(id, os, ns, inWindow, end, opts.stageProbabilities));
  }
  const checks: Check[] = [];
  const noAmount = movements.filter((m) => [olds.get(m.id), news.get(m.id)].some((d) => d !== undefined && d.amount === undefined)).length;
  if (noAmount)
    checks.push({
      code: 'no_amount',
      count: noAmount,
      message: bi(`${nounCount(noAmount, 'deal')} in the window ${byCount(noAmount, 'has', 'have')} no amount in one export and ${byCount(noAmount, 'counts', 'count')} as 0`, `窗口内 ${noAmount} 个商机在某份导出中没有金额，按 0 计`),
    });
  const undatedNew = newDeals.filter((d) => d.stage === 'open' && d.expected_close_at === undefined).length;
  for (const [file, deals] of [[opts.files.old, oldDeals], [opts.files.new, newDeals]] as const) {
    const open = deals.filter((d) => d.stage === 'open');
    if (open.length && open.every((d) => d.expected_close_at === undefined))
      checks.push({
        code: 'no_expected_close',
        count: open.length,
        message: bi(
          `${file}: no open deal has an expected close date (column "Expected Close Date" / 预计成交日期), so none of its ${open.length} open deals is in any window${file === opts.files.new ? ' — deals open in the window in OLD show as pushed (date removed)' : ''}`,
          `${file}：没有任何未结商机带预计成交日期（列"Expected Close Date"/预计成交日期），其 ${open.length} 个未结商机不属于任何窗口${file === opts.files.new ? '——旧导出中窗口内的未结商机会显示为推迟（日期被清空）' : ''}`,
        ),
      });
    else if (file === opts.files.new && undatedNew)
      checks.push({
        code: 'undated_open',
        count: undatedNew,
        message: bi(`${nounCount(undatedNew, 'open deal')} in NEW ${byCount(undatedNew, 'has', 'have')} no expected close date and ${byCount(undatedNew, 'is', 'are')} in no window`, `新导出中 ${undatedNew} 个未结商机没有预计成交日期，不属于任何窗口`),
      });
  }
  return {
    window: { quarter: quarterKey(q), start, end: end - MS_PER_DAY, rule, basis },
    total: waterfalls(movements, 'company')[0] ?? { key: '*', start: 0, end: 0, buckets: emptyBuckets() },
    levels: opts.levels.map((level) => ({ level, groups: waterfalls(movements, level) })),
    movements,
    slippage: slippage(movements, opts.pushes),
    pushesFrom: opts.pushes ? 'history' : 'snapshots',
    checks,
  };
}
