import { dayNumber, isoDate, monthKey, monthIndex, type LocalTime } from '../calendar.js';
import { isWon } from '../deals.js';
import { bi, byCount, type Bi } from '../i18n.js';
import type { Check } from '../../schema/check.js';
import type { Deal } from '../../schema/rows.js';
import type { Problem } from '../../schema/problem.js';
import type { EvaluateConfig } from '../../schema/config/evaluate.js';
import { elapsedShare } from '../plan/pacing.js';
import { namesByDoubt } from '../plan/doubts.js';
import type { Measure } from '../plan/types.js';
import type { Behaviour } from './behaviour.js';
import { rewardOf, round2, type Reward } from './reward.js';
import { sumMoney } from '../values/money-sum.js';

export type { Reward, RewardTier } from './reward.js';
export { rewardOf } from './reward.js';
export { behaviourOf, type Behaviour } from './behaviour.js';

/** One target as read back: a forecast workbook (with the manager's edits) or a targets CSV. */
export interface TargetRow {
  level: 'company' | 'team' | 'rep';
  name: string;
  /** YYYY-MM or YYYY-Qn */
  period: string;
  /** null: the forecast workbook's cell says "refused" (no number to use) */
  target: number | null;
  adjusted?: number;
  note?: string;
  file: string;
  /** the row in `file`; absent for targets computed on the spot */
  row?: number;
  /** a statistical forecast's target (computed on the spot, or read back from a perf forecast workbook) */
  fromForecast?: boolean;
  /** the forecast refused this target (why, and how to give one): not scored, no reward, unless the manager adjusted it */
  refused?: Bi;
  /** why the forecast called this target unreliable: scored and shown marked, no reward, unless the manager adjusted it */
  unreliable?: Bi[];
}

export interface EvalPeriod {
  key: string;
  from: LocalTime;
  to: LocalTime;
  /** month keys of the period */
  months: string[];
}

export type Band = 'below' | 'on' | 'above' | 'none';
export type RewardStatus = 'computed' | 'provisional' | 'counts' | 'no_target' | 'team' | 'refused' | 'unreliable';
/** sound: a manager's target, or a forecast's the plan did not doubt · unreliable: scored, marked, no reward · refused: not scored */
export type TargetStatus = 'sound' | 'unreliable' | 'refused';

export interface Evaluation {
  level: 'rep' | 'team';
  name: string;
  team?: string;
  deals: number;
  actual: number;
  /** signed in the period but cancelled or refunded by --as-of: not counted */
  reversed: number;
  /** the target proposed (forecast or file) and the manager's adjusted target, when given */
  proposed: number | null;
  adjusted: number | null;
  note: string | null;
  target: number | null;
  targetSource: string | null;
  /** what the forecast said of its own target (see TargetRow.refused, TargetRow.unreliable); a manager's adjusted target is sound */
  targetStatus: TargetStatus;
  /** why the target is refused or unreliable, one reason each; empty when sound */
  targetDoubts: Bi[];
  /** the target is the forecast's (not adjusted) and rests on too short a history (see EvaluateInput.shortHistory): not ranked */
  shortHistory: boolean;
  /** the target pro-rated to the elapsed share of the period (= target once the period is over) */
  expectedToDate: number | null;
  /** actual ÷ expectedToDate: attainment to date (the final attainment of a closed period) */
  attainment: number | null;
  /** running period: actual + the forecast of the rest of the period; null when closed or not forecast */
  projected: number | null;
  /** projected ÷ target */
  projectedAttainment: number | null;
  /** band of the final attainment (closed), else of the projected attainment (or, without one, of the attainment to date) */
  band: Band;
  bandBasis: 'final' | 'projected' | 'to-date';
  floor: number | null;
  ceiling: number | null;
  /** scores 0–100, unrounded: reports round them once, for display */
  results: number | null;
  behaviour: number | null;
  overall: number | null;
  /** the accelerator reward of a rep; null unless rewardStatus is 'computed' */
  reward: Reward | null;
  /**
   * computed: a rep with a target in a closed period (amount 0 below the band) · provisional: the period
   * runs · counts: targets in deal counts, rewards are paid on amounts · no_target: the rep has no target ·
   * team: not applicable — rewards are paid per rep; a team reward would pay its members' deals twice ·
   * refused: the forecast refused the target · unreliable: the forecast called it unreliable; money is not
   * paid on it until a manager confirms a target (an adjusted one)
   */
  rewardStatus: RewardStatus;
  rank: number | null;
  teamRank: number | null;
}

export interface EvaluateInput {
  deals: readonly Deal[];
  period: EvalPeriod;
  asOf: LocalTime;
  targets: readonly TargetRow[];
  /** behaviour score 0–100 per rep and per team (null: nothing fell due) and the months scored; absent: behaviour not scored (results only) */
  behaviour?: Behaviour;
  /** team of every rep known (roster, deals, activity) */
  teamOf: ReadonlyMap<string, string>;
  /** running period: the forecast of its rest per rep and per team (null: beyond the forecast) */
  rest?: { reps: ReadonlyMap<string, number | null>; teams: ReadonlyMap<string, number | null> };
  /** reps and teams whose series had fewer than `months` months of history when their forecast target was set */
  shortHistory?: { reps: ReadonlySet<string>; teams: ReadonlySet<string>; months: number };
  config: EvaluateConfig;
  /** what targets and `actual` are in: 'count' (won deals) when the deals carry no amounts; default 'amount' */
  measure?: Measure;
}

export interface EvaluateResult {
  period: EvalPeriod;
  /** closed once --as-of reaches the period's last day */
  status: 'closed' | 'running';
  /** what targets, won, projected and floor/ceiling are in; rewards (money) are not computed on counts */
  measure: Measure;
  /** share of the period's days gone by --as-of, the as-of day included */
  elapsed: number;
  formula: Bi;
  /** false without an activity log (or one covering no month of the period): the overall score is the results score alone */
  behaviourScored: boolean;
  /** the months the behaviour score averages (those the activity log covers), the same for every rep; [] when not scored */
  behaviourMonths: string[];
  /** what the reader must know to read the ranks and scores (behaviour not scored, reps not ranked) */
  notes: Bi[];
  reps: Evaluation[];
  teams: Evaluation[];
  problems: Problem[];
}

/** A row's own doubt, unless the manager replaced its target: an adjusted target is theirs. */
const doubtOf = (t: TargetRow) => (t.adjusted !== undefined ? { refused: undefined, unreliable: [] } : { refused: t.refused, unreliable: t.unreliable ?? [] });

/**
 * The target of one rep or team for the period: its own row, else the sum of its months' rows. A quarter
 * the forecast refused a month of is refused too (its sum holds a number nobody should sign), unless the
 * manager adjusted the quarter itself.
 */
function targetOf(level: 'rep' | 'team', name: string, period: EvalPeriod, targets: readonly TargetRow[]) {
  const mine = targets.filter((t) => t.level === level && t.name === name);
  const exact = mine.find((t) => t.period === period.key);
  const parts = exact ? [exact] : period.months.map((m) => mine.find((t) => t.period === m));
  if (parts.length === 0 || parts.some((p) => p === undefined)) return null;
  const rows = parts as TargetRow[];
  const months = exact && !doubtOf(exact).refused && exact.adjusted === undefined && period.months.length > 1 ? mine.filter((t) => t.period !== period.key && period.months.includes(t.period)) : [];
  const refusals = [...rows, ...months].flatMap((t) => {
    const r = doubtOf(t).refused;
    return r ? [rows.includes(t) && rows.length === 1 ? r : bi(`${t.period}: ${r.en}`, `${t.period}：${r.zh}`)] : [];
  });
  const doubts = [...new Map(rows.flatMap((t) => doubtOf(t).unreliable).map((d) => [d.en, d])).values()];
  const refused = refusals.length ? refusals : null;
  const unreliable = refused === null && doubts.length ? doubts : null;
  const proposed = rows.some((t) => t.target === null) ? null : sumMoney(rows.map((t) => t.target!));
  const edited = rows.some((t) => t.adjusted !== undefined);
  const adjusted = edited && rows.every((t) => t.adjusted !== undefined || t.target !== null) ? sumMoney(rows.map((t) => t.adjusted ?? t.target!)) : null;
  const notes = rows.map((t) => t.note).filter((n): n is string => Boolean(n));
  const numbered = rows.filter((t) => t.row !== undefined).map((t) => t.row);
  return {
    proposed,
    adjusted,
    target: refused ? null : (adjusted ?? proposed),
    refused,
    unreliable,
    note: notes.length ? [...new Set(notes)].join('; ') : null,
    source: numbered.length ? `${rows[0].file} ${numbered.length > 1 ? `rows ${numbered.join(', ')}` : `row ${numbered[0]}`}` : rows[0].file,
    fromForecast: !edited && rows.every((t) => t.fromForecast),
  };
}

const joinBi = (parts: readonly Bi[]): Bi => bi(parts.map((p) => p.en).join('; '), parts.map((p) => p.zh).join('；'));

type Target = ReturnType<typeof targetOf>;

function score(
  level: 'rep' | 'team',
  name: string,
  team: string | undefined,
  t: Target,
  won: readonly Deal[],
  reversed: number,
  behaviour: number | null,
  rest: number | null | undefined,
  elapsed: number,
  short: boolean,
  input: EvaluateInput,
): Evaluation {
  const cfg = input.config;
  const closed = elapsed >= 1;
  const counts = input.measure === 'count';
  const actual = counts ? won.length : sumMoney(won.map((d) => d.amount ?? 0));
  const target = t && t.target !== null && t.target > 0 ? t.target : null;
  // Ratios and scores stay unrounded: a report rounds each once, for display.
  const expected = target === null ? null : target * elapsed;
  const attainment = expected ? actual / expected : null;
  const projected = closed || target === null || rest === null || rest === undefined ? null : actual + rest;
  const projectedAttainment = projected === null ? null : projected / target!;
  const basis = closed ? 'final' : projectedAttainment !== null ? 'projected' : 'to-date';
  const judged = basis === 'projected' ? projectedAttainment : attainment;
  const band: Band = judged === null ? 'none' : judged < 1 - cfg.band ? 'below' : judged > 1 + cfg.band ? 'above' : 'on';
  const results = attainment === null ? null : (100 * Math.min(attainment, cfg.resultsCap)) / cfg.resultsCap;
  const w = cfg.weights;
  const overall =
    results !== null && behaviour !== null
      ? (results * w.results + behaviour * w.behaviour) / (w.results + w.behaviour)
      : results !== null && (w.behaviour === 0 || !behaviourScored(input))
        ? results
        : null;
  const rewardStatus: RewardStatus =
    level === 'team' ? 'team' : t?.refused ? 'refused' : !closed ? 'provisional' : counts ? 'counts' : target === null ? 'no_target' : t?.unreliable ? 'unreliable' : 'computed';
  return {
    level,
    name,
    team,
    deals: won.length,
    actual,
    reversed,
    proposed: t?.proposed ?? null,
    adjusted: t?.adjusted ?? null,
    note: t?.note ?? null,
    target,
    targetSource: t?.source ?? null,
    // a doubt on a target of 0 is moot: there is no target to score or pay on
    targetStatus: t?.refused ? 'refused' : t?.unreliable && target !== null ? 'unreliable' : 'sound',
    targetDoubts: t?.refused ?? (target !== null ? t?.unreliable : null) ?? [],
    shortHistory: short && target !== null && Boolean(t?.fromForecast),
    expectedToDate: expected === null ? null : round2(expected),
    attainment,
    projected: projected === null ? null : round2(projected),
    projectedAttainment,
    band,
    bandBasis: basis,
    floor: target ? round2(target * (1 - cfg.band)) : null,
    ceiling: target ? round2(target * (1 + cfg.band)) : null,
    results,
    behaviour,
    overall,
    reward: rewardStatus === 'computed' ? rewardOf(actual, target!, cfg) : null,
    rewardStatus,
    rank: null,
    teamRank: null,
  };
}

/** A team without its own target row: the sum of its reps' targets, refused or unreliable when one of theirs is. */
function summedTarget(parts: readonly Evaluation[]): Target {
  const doubted = (status: TargetStatus) => parts.filter((r) => r.targetStatus === status).map((r) => r.name);
  const refusedBy = doubted('refused');
  if (refusedBy.length === 0 && parts.some((r) => r.target === null)) return null;
  const summed = sumMoney(parts.map((r) => r.target ?? r.proposed ?? 0));
  const shaky = doubted('unreliable');
  return {
    proposed: summed,
    adjusted: null,
    target: refusedBy.length ? null : summed,
    refused: refusedBy.length
      ? [bi(`the sum of its reps' targets, and the forecast refused ${byCount(refusedBy.length, 'that', 'those')} of ${refusedBy.join(', ')}`, `为其销售目标之和，而预测拒绝了 ${refusedBy.join('、')} 的目标`)]
      : null,
    unreliable: shaky.length
      ? [bi(`the sum of its reps' targets, and the forecast called ${byCount(shaky.length, 'that', 'those')} of ${shaky.join(', ')} unreliable`, `为其销售目标之和，而预测认为 ${shaky.join('、')} 的目标不可靠`)]
      : null,
    note: null,
    source: 'Σ reps',
    fromForecast: false,
  };
}

/** Behaviour enters the overall score when an activity log covers at least one month of the period. */
const behaviourScored = (input: EvaluateInput) => input.behaviour !== undefined && input.behaviour.months.length > 0;

function rank(rows: Evaluation[], within: (e: Evaluation) => string, set: (e: Evaluation, r: number) => void): void {
  const groups = new Map<string, Evaluation[]>();
  for (const e of rows) if (e.overall !== null && !e.shortHistory) (groups.get(within(e)) ?? groups.set(within(e), []).get(within(e))!).push(e);
  // The results score is capped, so everyone past the cap would tie at rank 1: attainment breaks the tie.
  const att = (e: Evaluation) => e.attainment ?? -Infinity;
  for (const g of groups.values()) {
    g.sort((a, b) => b.overall! - a.overall! || att(b) - att(a));
    g.forEach((e) => set(e, g.findIndex((x) => x.overall === e.overall && att(x) === att(e)) + 1));
  }
}

/**
 * The overall evaluation of one period: attainment of the (agreed) target → results score, the
 * behaviour score, combined with the configured weights; the band and the accelerator reward.
 */
export function evaluate(input: EvaluateInput): EvaluateResult {
  const { period, asOf, config: cfg } = input;
  const elapsed = elapsedShare(period.from, period.to, asOf);
  const last = Math.min(dayNumber(period.to), dayNumber(asOf));
  const inPeriod = input.deals.filter(
    (d) => isWon(d) && dayNumber(d.closed_at!) >= dayNumber(period.from) && dayNumber(d.closed_at!) <= last,
  );
  const isReversed = (d: Deal) => cfg.excludeReversed && d.cancelled_at !== undefined && dayNumber(d.cancelled_at) <= dayNumber(asOf);
  const repNames = new Set([...input.teamOf.keys(), ...inPeriod.map((d) => d.rep), ...input.targets.filter((t) => t.level === 'rep').map((t) => t.name)]);
  const reps = [...repNames].sort().map((rep) => {
    const mine = inPeriod.filter((d) => d.rep === rep);
    const team = input.teamOf.get(rep) ?? mine.find((d) => d.team)?.team;
    const t = targetOf('rep', rep, period, input.targets);
    const short = input.shortHistory?.reps.has(rep) ?? false;
    return score('rep', rep, team, t, mine.filter((d) => !isReversed(d)), mine.filter(isReversed).length, input.behaviour?.reps.get(rep) ?? null, input.rest?.reps.get(rep), elapsed, short, input);
  });
  const teamNames = [...new Set(reps.map((r) => r.team).filter((t): t is string => t !== undefined))].sort();
  const teams = teamNames.map((team) => {
    const members = new Set(reps.filter((r) => r.team === team).map((r) => r.name));
    const mine = inPeriod.filter((d) => members.has(d.rep));
    // No team row: the team's target is the sum of its members' (when every member has one), as doubtful as theirs.
    const parts = reps.filter((r) => r.team === team);
    const t = targetOf('team', team, period, input.targets) ?? summedTarget(parts);
    // Without a team score from the score engine, the team's behaviour is its members' mean.
    const scored = parts.map((r) => r.behaviour).filter((b): b is number => b !== null);
    const behaviour = input.behaviour?.teams.get(team) ?? (scored.length ? scored.reduce((s, b) => s + b, 0) / scored.length : null);
    const short = input.shortHistory?.teams.has(team) ?? false;
    return score('team', team, team, t, mine.filter((d) => !isReversed(d)), mine.filter(isReversed).length, behaviour, input.rest?.teams.get(team), elapsed, short, input);
  });
  rank(reps, () => '', (e, r) => (e.rank = r));
  rank(reps, (e) => e.team ?? '', (e, r) => (e.teamRank = r));
  rank(teams, () => '', (e, r) => (e.rank = r));
  const problems: Problem[] = reps
    .filter((r) => r.target === null && r.targetStatus !== 'refused' && (r.deals > 0 || r.behaviour !== null))
    .map((r) => ({
      file: 'targets',
      row: null,
      column: null,
      value: r.name,
      code: 'missing_target',
      severity: 'warning' as const,
      message: bi(`no target for ${r.name} in ${period.key}: no results score, no overall score`, `${r.name} 在 ${period.key} 没有目标：无法计算业绩得分和综合得分`),
    }));
  const w = cfg.weights;
  const closed = elapsed >= 1;
  const pct = Math.round(elapsed * 1000) / 10;
  const cap = cfg.resultsCap;
  const resultsFormula = cap === 1 ? bi('100 × min(attainment, 1)', '100 × min(达成率, 1)') : bi(`100 × min(attainment, ${cap}) ÷ ${cap}`, `100 × min(达成率, ${cap}) ÷ ${cap}`);
  const scored = behaviourScored(input);
  const formula = bi(
    `overall = ${scored ? `${w.results} × results + ${w.behaviour} × behaviour` : 'results (behaviour not scored)'}; results = ${resultsFormula.en}; band ±${cfg.band * 100}%`,
    `综合得分 = ${scored ? `${w.results} × 业绩得分 + ${w.behaviour} × 行为得分` : '业绩得分（未评行为）'}；业绩得分 = ${resultsFormula.zh}；区间 ±${cfg.band * 100}%`,
  );
  const notes: Bi[] = [];
  if (!input.behaviour)
    notes.push(
      bi(
        'Behaviour not scored (no --activity): the overall score is the results score alone; ranks compare results only.',
        '未评估行为（未提供 --activity）：综合得分仅为业绩得分，排名只比较业绩。',
      ),
    );
  else if (!scored)
    notes.push(
      bi(
        `Behaviour not scored: the activity log covers no month of ${period.key}; the overall score is the results score alone; ranks compare results only.`,
        `未评估行为：活动记录未覆盖 ${period.key} 的任何月份；综合得分仅为业绩得分，排名只比较业绩。`,
      ),
    );
  else if (input.behaviour.unscored.length)
    notes.push(
      bi(
        `Behaviour scored over ${input.behaviour.months.join(', ')} only, for every rep: the activity log does not cover ${input.behaviour.unscored.join(', ')}.`,
        `行为得分仅按 ${input.behaviour.months.join('、')} 计算（所有销售相同）：活动记录未覆盖 ${input.behaviour.unscored.join('、')}。`,
      ),
    );
  if (input.measure === 'count')
    notes.push(
      bi(
        'The deals carry no amounts: targets, won, projected, floor and ceiling are in won deals; no reward is computed (it is paid on amounts).',
        '商机数据没有金额：目标、已签、预计、下限和上限均按赢单数计；不计算奖励（奖励按金额计）。',
      ),
    );
  const unranked = [...reps, ...teams].filter((e) => e.shortHistory).map((e) => e.name);
  if (unranked.length) {
    const months = input.shortHistory!.months;
    notes.push(bi(`⚠ not ranked: target rests on < ${months} months of history (${unranked.join(', ')})`, `⚠ 未排名：目标所依据的历史不足 ${months} 个月（${unranked.join('、')}）`));
  }
  const running = bi(
    `${period.key} is not over at ${isoDate(asOf)} (${pct}% of its days gone, the as-of day included): attainment = won to date ÷ (target × ${pct}%); projected = won to date + the forecast of the rest of the period; the band is judged on the projected attainment (projected ÷ target); scores and ranks are provisional and no reward is paid before the period closes.`,
    `${period.key} 截至 ${isoDate(asOf)} 尚未结束（已过 ${pct}% 的天数，含基准日）：达成率 = 已签 ÷（目标 × ${pct}%）；预计 = 已签 + 剩余期间的预测；区间按预计达成率（预计 ÷ 目标）判断；得分和排名为暂定，期间结束前不计算奖励。`,
  );
  return {
    period,
    status: closed ? 'closed' : 'running',
    measure: input.measure ?? 'amount',
    elapsed,
    formula: closed ? formula : bi(`${formula.en}\n${running.en}`, `${formula.zh}\n${running.zh}`),
    behaviourScored: scored,
    behaviourMonths: scored ? [...input.behaviour!.months] : [],
    notes,
    reps,
    teams,
    problems,
  };
}

/** Month keys of a period from its first to its last day. */
export const monthsOf = (from: LocalTime, to: LocalTime): string[] => {
  const out: string[] = [];
  for (let m = monthIndex(from); m <= monthIndex(to); m++) out.push(monthKey(m));
  return out;
};

/** Reasons of one rep each said line by line; more are named in one line. */
const MAX_OWN_REASONS = 3;

/**
 * The caveats a reader must see before the ranks: each target the forecast refused (not scored), then
 * each reason the forecast gave to doubt targets with the names it concerns (scored and marked, no
 * reward), then `fix`: how a manager gives a target that counts (an adjusted one).
 */
export function targetChecks(result: EvaluateResult, fix: Bi): Check[] {
  const all = [...result.reps, ...result.teams];
  const who = (e: Evaluation) => (e.level === 'team' ? bi(`team ${e.name}`, `团队 ${e.name}`) : bi(e.name, e.name));
  const check = (code: string, message: Bi): Check => ({ code, status: 'caveat', file: null, message });
  // One line per reason, naming whom it concerns: a reason shared by every row is said once.
  const byReason = (rows: Evaluation[], each: (e: Evaluation) => Bi[]) => namesByDoubt(rows, each, who);
  const period = result.period.key;
  const refused = all.filter((e) => e.targetStatus === 'refused');
  const checks: Check[] = byReason(refused, (e) => [joinBi(e.targetDoubts)]).map(({ doubt, names, n }) =>
    check(
      'target_refused',
      bi(
        `The forecast refused the ${period} ${byCount(n, 'target', 'targets')} of ${names.en} (${doubt.en}). Not scored, not ranked, no reward.`,
        `预测拒绝了 ${names.zh} 的 ${period} 目标（${doubt.zh}）。不评分、不排名、不计奖励。`,
      ),
    ),
  );
  const doubted = all.filter((x) => x.targetStatus === 'unreliable');
  const reasons = byReason(doubted, (e) => e.targetDoubts);
  // Reasons each concerning one rep (a quarter outside their own record) are many on a large team: past a
  // few they are named in one line, the reasons left to the JSON and the workbook (Olist: 15 lines before).
  const own = reasons.filter((r) => r.n === 1);
  const shared = own.length > MAX_OWN_REASONS ? reasons.filter((r) => r.n > 1) : reasons;
  for (const { doubt, names, n } of shared) {
    // "every target": every row with a target to score, none refused
    const every = n > 1 && refused.length === 0 && n === all.filter((e) => e.target !== null).length;
    checks.push(
      check(
        'target_unreliable',
        every
          ? bi(
              `The forecast calls every ${period} target unreliable: ${doubt.en}. Scored and marked ⚠; no reward is paid on them.`,
              `预测认为所有 ${period} 目标都不可靠：${doubt.zh}。照常评分并标 ⚠，但不据此计算奖励。`,
            )
          : bi(
              `The forecast calls the ${period} ${byCount(n, 'target', 'targets')} of ${names.en} unreliable: ${doubt.en}. Scored and marked ⚠; no reward is paid on ${byCount(n, 'it', 'them')}.`,
              `预测认为 ${names.zh} 的 ${period} 目标不可靠：${doubt.zh}。照常评分并标 ⚠，但不据此计算奖励。`,
            ),
      ),
    );
  }
  if (own.length > MAX_OWN_REASONS) {
    const names = bi(own.map((r) => r.names.en).join(', '), own.map((r) => r.names.zh).join('、'));
    checks.push(
      check(
        'target_unreliable',
        bi(
          `The forecast calls the ${period} targets of ${names.en} unreliable, each for a reason of its own (a target outside 50%–200% of the rep's record, or none to compare with): see targetDoubts in --json or the workbook's Target status. Scored and marked ⚠; no reward is paid on them.`,
          `预测认为 ${names.zh} 的 ${period} 目标不可靠，各有原因（目标超出该销售近期业绩的 50%–200%，或无业绩可比）：见 --json 的 targetDoubts 或工作簿的"目标状态"列。照常评分并标 ⚠，但不据此计算奖励。`,
        ),
      ),
    );
  }
  if (checks.length) checks.push(check('target_fix', fix));
  return checks;
}
