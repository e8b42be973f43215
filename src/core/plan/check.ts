import { isoDate, monthEnd, monthIndex, monthIndexOf, monthKey, monthStart, parseIsoDate, parseMonthKey, parseQuarterKey, quarterKey, quarterOfMonth, type LocalTime, type MonthIndex } from '../calendar.js';
import type { Refusal } from '../checks/refusal.js';
import { probAtLeast, sumDistribution } from '../forecast/index.js';
import { bi, formatNumber, formatPercent, grouped, nounCount, type Bi } from '../i18n.js';
import { parseMoney } from '../values/money.js';
import { parseNumber } from '../values/number.js';
import { foldWidth } from '../values/text.js';
import type { Cell } from '../values/types.js';
import type { Check } from '../../schema/check.js';
import type { Problem } from '../../schema/problem.js';
import type { Deal } from '../../schema/rows.js';
import { DECIMALS, planForecast } from './index.js';
import { round, scaled } from './reconcile.js';
import { rowProblem, sideTable, type RawRow } from './table.js';
import type { ForecastPlan, Measure, PlanOptions, SeriesPlan } from './types.js';

/** A proposed target: growth over the baseline (fraction) or an amount for the period. */
export type Proposal = { kind: 'percent'; value: number } | { kind: 'absolute'; value: number };

export interface Period {
  label: string;
  from: MonthIndex;
  to: MonthIndex;
}

/** `2027`, `2027-Q1`, `2027-03`, or `2027-01..2027-06`. */
export function parsePeriod(text: string): Period | null {
  const t = text.trim();
  if (/^\d{4}$/.test(t)) return { label: t, from: monthIndexOf(Number(t), 1), to: monthIndexOf(Number(t), 12) };
  const q = parseQuarterKey(t);
  if (q !== null) return { label: t.toUpperCase(), from: q * 3, to: q * 3 + 2 };
  const range = /^(.+?)\s*(?:\.\.|…|~|至)\s*(.+)$/.exec(t);
  if (range) {
    const a = parseMonthKey(range[1]);
    const b = parseMonthKey(range[2]);
    return a !== null && b !== null && a <= b ? { label: `${monthKey(a)}..${monthKey(b)}`, from: a, to: b } : null;
  }
  const m = parseMonthKey(t);
  return m === null ? null : { label: monthKey(m), from: m, to: m };
}

/**
 * `40%`, `+40 %`, `1200000`, `¥1,200,000`, `120万`. An amount of 0 is read (and then refused with the other
 * slips, saying how it was read) rather than turned away as unreadable.
 */
export function parseProposal(raw: Cell): Proposal | null {
  if (typeof raw === 'number') return Number.isFinite(raw) && raw >= 0 ? { kind: 'absolute', value: raw } : null;
  if (typeof raw !== 'string') return null;
  const t = foldWidth(raw);
  if (t.endsWith('%')) {
    const n = parseNumber(t.slice(0, -1).trim());
    return n.ok && n.value > -100 ? { kind: 'percent', value: n.value / 100 } : null;
  }
  const m = parseMoney(t);
  return m.ok && m.value >= 0 ? { kind: 'absolute', value: m.value } : null;
}

export interface ProposedRow {
  row: number | null;
  /** Team (or rep) name; null for the company. */
  name: string | null;
  proposal: Proposal;
  headcount: number | null;
  budget: number | null;
  /** Milestones by period key as written (a quarterly or monthly split): an amount, or a share of the proposed target (25%). */
  milestones: Record<string, Proposal>;
  /** milestone cells that could not be read (each a problem): the split is then not whole */
  unreadMilestones?: number;
  /** The target as written, and the column it was in (a proposals file): what a refusal quotes. */
  text?: string;
  column?: string;
}

type Field = 'name' | 'target' | 'headcount' | 'budget';
const ALIASES: Record<Field, readonly string[]> = {
  name: ['team', 'name', 'region', 'rep', 'sales rep', '团队', '名称', '区域', '大区', '销售'],
  target: ['target', 'proposed', 'proposal', 'quota', 'growth', 'proposed target', '目标', '建议目标', '指标', '增长', '年度目标'],
  headcount: ['headcount', 'heads', 'reps', 'fte', 'staff', '人数', '编制', '人员', '销售人数'],
  budget: ['budget', 'resources', 'spend', 'investment', '预算', '资源', '投入', '费用'],
};

/** A per-team proposal table: name, target, optional headcount/budget, optional milestone columns (2027-Q1, 2027-01 …). */
export function parseProposals(file: string, raw: readonly RawRow[]): { rows: ProposedRow[]; problems: Problem[]; hasResources: boolean } {
  const t = sideTable<Field>(file, raw, ALIASES, ['name', 'target'], bi('proposed targets', '建议目标表'));
  const problems: Problem[] = [];
  const milestoneCols = t.extra.filter((e) => parseQuarterKey(e.header) !== null || parseMonthKey(e.header) !== null);
  const rows: ProposedRow[] = [];
  for (const r of t.rows) {
    const proposal = parseProposal(r.get('target'));
    if (!proposal) {
      problems.push(rowProblem(file, r.row, t.headers.target ?? 'target', r.label('target') || null, 'bad_target', bi('expected a target such as 40% or 1,200,000; row skipped', '应为目标，例如 40% 或 1,200,000；该行未采用')));
      continue;
    }
    const num = (f: Field) => {
      if (r.label(f) === '') return null;
      const n = parseMoney(r.get(f));
      if (!n.ok) problems.push(rowProblem(file, r.row, t.headers[f] ?? f, r.label(f), 'bad_number', n.reason, 'warning'));
      return n.ok ? n.value : null;
    };
    const milestones: Record<string, Proposal> = {};
    let unread = 0;
    let blank = 0;
    for (const c of milestoneCols) {
      const cell = r.cells[c.index] ?? null;
      if (cell === null || String(cell).trim() === '') {
        blank++;
        continue;
      }
      const money = parseMoney(cell);
      const v: Proposal | null = money.ok ? { kind: 'absolute', value: money.value } : parseProposal(cell);
      // A milestone is an amount (0 too) or a share of the target; a growth-like "-5%" or a word is not one.
      if (v && v.value >= 0) milestones[c.header] = v;
      else {
        unread++;
        problems.push(
          rowProblem(file, r.row, c.header, String(cell), 'bad_milestone', bi('expected a milestone amount such as 300,000, or a share of the target such as 25%; not read', '应为里程碑金额（如 300,000）或目标占比（如 25%）；未读取'), 'warning'),
        );
      }
    }
    // Excel writes a cell formatted 25% as 0.25 in a CSV: milestones that are all fractions are shares (no amount target splits into cents).
    const values = Object.values(milestones);
    if (values.length > 0 && values.every((v) => v.kind === 'absolute' && v.value > 0 && v.value < 1))
      for (const k of Object.keys(milestones)) milestones[k] = { kind: 'percent', value: milestones[k].value };
    // A split that states some periods and leaves others blank is not a split of the whole.
    if (values.length > 0) unread += blank;
    rows.push({
      row: r.row,
      name: r.label('name'),
      proposal,
      headcount: num('headcount'),
      budget: num('budget'),
      milestones,
      unreadMilestones: unread,
      text: r.label('target'),
      column: t.headers.target ?? 'target',
    });
  }
  return { rows, problems, hasResources: t.headers.headcount !== undefined || t.headers.budget !== undefined };
}

export type Verdict = 'achievable' | 'stretch' | 'unrealistic';

export interface CheckResult {
  name: string | null;
  level: 'company' | 'team' | 'rep';
  period: string;
  /** What last12, base, proposed, expected and milestones are in: won deals when the deals carry no amounts. */
  measure: Measure;
  /** Last 12 complete months (fewer when the history is shorter: see lastMonths) and the 12 before them (null when history is shorter). */
  last12: number;
  /** How many months last12 holds: 12, or the whole history when it is shorter. */
  lastMonths: number;
  prior12: number | null;
  growthLast12: number | null;
  /** Last 12 months (annualised when shorter) scaled to the period's length: what growth is measured against. */
  base: number;
  proposed: number;
  impliedGrowth: number;
  /** Won so far in the period plus the forecast of the rest. */
  expected: number;
  /** Won from the period's first day to the as-of date when the period is under way; null when it has not begun. */
  wonSoFar: number | null;
  /** The proposal is under FAR_BELOW_SHARE of the baseline: graded, with a sandbagging caveat said first. */
  farBelowHistory: boolean;
  expectedGrowth: number;
  expectedLow80: number;
  expectedHigh80: number;
  probability: number;
  verdict: Verdict;
  baseline: { ok: boolean; months: number };
  /** ok: stated, every cell read, and adding up to the proposal (±0.5%); `issue` says which of these fails */
  milestones: { ok: boolean; stated: Record<string, number>; suggested: Record<string, number>; issue: Bi | null };
  resources: { ok: boolean; headcount: number | null; budget: number | null };
  sentence: Bi;
}

export interface CheckThresholds {
  achievable: number;
  unrealistic: number;
}

const Z80 = 1.2815515655446004;

/** Below this share of the baseline an amount reads as a slip (40 meant as 40%, 0.4 as Excel's 40%, thousands for units), not a target. */
const SLIP_SHARE = 0.1;
/** Under this share of the baseline a proposal is graded, but said first to be far below what the series has been winning. */
const FAR_BELOW_SHARE = 0.5;


/** Won in the period so far plus the forecast of the rest, as a normal approximation. */
function periodOutlook(plan: ForecastPlan, s: SeriesPlan, p: Period): { won: number; mean: number; sd: number; suggested: Record<string, number> } {
  const m = plan.measure;
  const cur = plan.months.forecast[0];
  const current = parseMonthKey(cur)!;
  let won = 0;
  for (let mi = p.from; mi <= Math.min(p.to, current - 1); mi++) won += s.history[monthKey(mi)]?.[m] ?? 0;
  if (p.from <= current && current <= p.to) won += s.monthToDate[m];
  const share = plan.months.currentRemaining;
  const r = scaled(s.distribution[m], s.distribution[m].mean.map((_, i) => (i === 0 ? share : 1)));
  const a = Math.max(p.from, current) - current + 1;
  const b = p.to - current + 1;
  const d = b >= a ? sumDistribution(r, [a, b]) : { mean: 0, sd: 0 };
  const suggested: Record<string, number> = {};
  for (let mi = p.from; mi <= p.to; mi++) {
    const q = `${Math.floor(mi / 12)}-Q${Math.floor((mi % 12) / 3) + 1}`;
    const v = mi < current ? (s.history[monthKey(mi)]?.[m] ?? 0) : mi === current ? s.monthToDate[m] + r.mean[0] : r.mean[mi - current];
    suggested[q] = (suggested[q] ?? 0) + v;
  }
  for (const k of Object.keys(suggested)) suggested[k] = round(suggested[k], DECIMALS[m]);
  return { won, mean: won + d.mean, sd: d.sd, suggested };
}

function probOf(plan: ForecastPlan, s: SeriesPlan, p: Period, x: number, won: number): number {
  const current = parseMonthKey(plan.months.forecast[0])!;
  const r = scaled(s.distribution[plan.measure], s.distribution[plan.measure].mean.map((_, i) => (i === 0 ? plan.months.currentRemaining : 1)));
  const a = Math.max(p.from, current) - current + 1;
  const b = p.to - current + 1;
  if (b < a) return won >= x ? 1 : 0;
  return probAtLeast(r, [a, b], x - won);
}

/**
 * The "三无" audit of a proposed target: its growth against the last year's, its probability under the
 * forecast, and whether it has a baseline, milestones and a resource commitment.
 */
export function checkTarget(s: SeriesPlan, plan: ForecastPlan, p: Period, row: ProposedRow, th: CheckThresholds, hasResources: boolean): CheckResult {
  const hist = plan.months.history;
  const m = plan.measure;
  const d = DECIMALS[m];
  const sum = (keys: string[]) => keys.reduce((acc, k) => acc + (s.history[k]?.[m] ?? 0), 0);
  const last12 = round(sum(hist.slice(-12)), 2);
  const prior12 = s.historyMonths >= 24 ? round(sum(hist.slice(-24, -12)), 2) : null;
  const months = p.to - p.from + 1;
  // A history shorter than a year is annualised from the months there are.
  const k = Math.min(12, s.historyMonths, hist.length);
  const base = k > 0 ? round((last12 * months) / k, 2) : 0;
  const proposed = round(row.proposal.kind === 'percent' ? base * (1 + row.proposal.value) : row.proposal.value, d);
  const o = periodOutlook(plan, s, p);
  // On the period's first day nothing of it has been won yet: it starts, rather than is under way.
  const underWay = parseIsoDate(plan.asOf)! > monthStart(p.from);
  // Ratios stay unrounded (the verdict is judged on the true probability); reports round them once.
  const probability = probOf(plan, s, p, proposed, o.won);
  const verdict: Verdict = probability >= th.achievable ? 'achievable' : probability < th.unrealistic ? 'unrealistic' : 'stretch';
  const result: Omit<CheckResult, 'sentence'> = {
    name: row.name,
    level: s.level,
    period: p.label,
    measure: m,
    last12,
    lastMonths: k,
    prior12,
    growthLast12: prior12 ? last12 / prior12 - 1 : null,
    base,
    proposed,
    impliedGrowth: base > 0 ? proposed / base - 1 : 0,
    expected: round(o.mean, d),
    wonSoFar: underWay ? round(o.won, d) : null,
    farBelowHistory: base > 0 && proposed < FAR_BELOW_SHARE * base,
    expectedGrowth: base > 0 ? o.mean / base - 1 : 0,
    expectedLow80: round(Math.max(0, o.mean - Z80 * o.sd), d),
    expectedHigh80: round(o.mean + Z80 * o.sd, d),
    probability,
    verdict,
    baseline: { ok: s.historyMonths >= 12, months: s.historyMonths },
    milestones: milestonesOf(row, proposed, d, o.suggested),
    resources: { ok: hasResources && (row.headcount !== null || row.budget !== null), headcount: row.headcount, budget: row.budget },
  };
  return { ...result, sentence: verdictSentence(result) };
}

/** How far a milestone split may miss the proposal and still add up to it: rounding in a spreadsheet, not a gap. */
const SPLIT_TOLERANCE = 0.005;

/** The milestones as amounts of the proposal, and whether they make a whole split of it. */
function milestonesOf(row: ProposedRow, proposed: number, d: number, suggested: Record<string, number>): CheckResult['milestones'] {
  const stated = Object.fromEntries(Object.entries(row.milestones).map(([k, v]) => [k, v.kind === 'percent' ? round(proposed * v.value, d) : v.value]));
  const n = Object.keys(stated).length;
  const sum = round(Object.values(stated).reduce((a, v) => a + v, 0), d);
  const f = (lang: 'en' | 'zh', v: number) => formatNumber(lang, v, d);
  const issue =
    n === 0
      ? null
      : row.unreadMilestones
        ? bi(`${nounCount(row.unreadMilestones, 'milestone cell')} blank or not read (an unreadable one is listed under Problems)`, `${row.unreadMilestones} 个里程碑单元格为空或未能读取（未能读取的列于数据问题）`)
        : proposed > 0 && Math.abs(sum / proposed - 1) > SPLIT_TOLERANCE
          ? bi(`the milestones add up to ${f('en', sum)}, not the proposal ${f('en', proposed)}`, `里程碑合计 ${f('zh', sum)}，与建议目标 ${f('zh', proposed)} 不符`)
          : null;
  return { ok: n > 0 && issue === null, stated, suggested, issue };
}

/** A series named inside Chinese text: a Latin name set off by spaces, the company as 公司. */
const zhName = (name: string | null) => (name === null ? '公司' : ` ${name} `);

/** An amount, or won deals when the deals carry no amounts, as the verdict and its checks print it. */
function shownAmount(r: Pick<CheckResult, 'measure'>, lang: 'en' | 'zh', v: number): string {
  const n = formatNumber(lang, v, r.measure === 'count' && !Number.isInteger(v) ? 1 : 0);
  return r.measure === 'count' ? `${n}${lang === 'en' ? ' deals' : ' 单'}` : n;
}

function verdictSentence(r: Omit<CheckResult, 'sentence'>): Bi {
  const pe = (v: number) => formatPercent('en', v, 0);
  const pz = (v: number) => formatPercent('zh', v, 0);
  const sign = (v: number, f: (x: number) => string) => `${v >= 0 ? '+' : ''}${f(v)}`;
  const who = r.name ? `${r.name}: ` : '';
  const whoZh = r.name ? `${r.name}：` : '';
  const prob = r.probability < 0.01 ? '<1%' : formatPercent('en', r.probability, 0);
  const probZh = r.probability < 0.01 ? '不到 1%' : formatPercent('zh', r.probability, 0);
  const last = r.growthLast12 === null ? '' : ` after ${sign(r.growthLast12, pe)} last year`;
  const lastZh = r.growthLast12 === null ? '' : `（去年增长 ${sign(r.growthLast12, pz)}）`;
  const word = { achievable: bi('achievable', '可实现'), stretch: bi('a stretch', '有挑战'), unrealistic: bi('unrealistic', '不现实') }[r.verdict];
  const missing = [
    !r.baseline.ok ? bi('no baseline', '无历史基线') : null,
    !r.milestones.ok ? (r.milestones.issue ? bi(`milestones that do not hold (${r.milestones.issue.en})`, `阶段里程碑不成立（${r.milestones.issue.zh}）`) : bi('no milestones', '无阶段里程碑')) : null,
    !r.resources.ok ? bi('no resource commitment', '无资源承诺') : null,
  ].filter((x): x is Bi => x !== null);
  const n = (lang: 'en' | 'zh', v: number) => shownAmount(r, lang, v);
  const gaps = missing.length ? bi(` It has ${missing.map((m) => m.en).join(', ')}.`, `且${missing.map((m) => m.zh).join('、')}。`) : bi('', '');
  // A period under way: the expectation is what is already won plus the forecast of the rest, and the sentence says which is which.
  const rest = r.wonSoFar === null ? null : round(r.expected - r.wonSoFar, DECIMALS[r.measure]);
  const expected = bi(
    rest === null ? n('en', r.expected) : `${n('en', r.expected)}: ${n('en', r.wonSoFar!)} won so far and ${n('en', rest)} still to come`,
    rest === null ? n('zh', r.expected) : `${n('zh', r.expected)}：已赢单 ${n('zh', r.wonSoFar!)}，其余预计 ${n('zh', rest)}`,
  );
  const low = r.farBelowHistory ? bi(` It is far below what ${r.name ?? 'the company'} has been winning (a sandbagging risk: see Checks).`, `目标远低于${zhName(r.name)}以往的业绩，有保守压数之嫌（见检查）。`) : bi('', '');
  // "an 8% chance", "an 11% chance", "an 80% chance"
  const a = /^(8|11%|18%)/.test(prob) ? 'an' : 'a';
  return bi(
    `${who}${sign(r.impliedGrowth, pe)} for ${r.period}${last} is ${word.en}: the forecast expects ${sign(r.expectedGrowth, pe)} (${expected.en}) and gives the proposal (${n('en', r.proposed)}) ${a} ${prob} chance.${gaps.en}${low.en}`,
    `${whoZh}${r.period} 目标 ${sign(r.impliedGrowth, pz)}${lastZh || ' '}${word.zh}：预测预计 ${sign(r.expectedGrowth, pz)}（${expected.zh}），达成该目标（${n('zh', r.proposed)}）的概率为${r.probability < 0.01 ? '' : ' '}${probZh}。${gaps.zh}${low.zh}`,
  );
}

/** What the baseline is, in words: the last 12 months (or the months there are, annualised) scaled to the period. */
const baselineWords = (r: Pick<CheckResult, 'lastMonths'>): Bi =>
  r.lastMonths >= 12
    ? bi('the last 12 months scaled to the period', '近 12 个月按期间折算')
    : bi(`the last ${nounCount(r.lastMonths, 'month')} annualised and scaled to the period`, `近 ${r.lastMonths} 个月年化后按期间折算`);

/**
 * A period that ended before the as-of date has no forecast left: its "forecast" would be what was won,
 * so its grade would be a foregone 0% or 100%. Refused, pointing to evaluate, which judges a past period.
 */
export function pastPeriodRefusal(p: Period, asOf: LocalTime, deals: string, ahead: string): Refusal | null {
  if (p.to >= monthIndex(asOf)) return null;
  // evaluate takes a quarter or a month: the period itself when it is one, else its last quarter (or month).
  const q = quarterOfMonth(p.to);
  const one = p.from === p.to ? monthKey(p.to) : q * 3 >= p.from && p.to === q * 3 + 2 ? quarterKey(q) : monthKey(p.to);
  const several = one !== p.label;
  return {
    code: 'period_past',
    file: null,
    override: null,
    message: bi(
      `--period ${p.label} is over (it ended ${isoDate(monthEnd(p.to))}, before the as-of date ${isoDate(asOf)}): target check weighs a target against the forecast, and a past period has only what was won.
` +
        `Judge a past period with sales-perf evaluate ${deals} --period ${one} --targets targets.csv${several ? ' (a quarter or a month at a time)' : ''}, or check a period still to come, e.g. --period ${ahead}.`,
      `--period ${p.label} 已经结束（止于 ${isoDate(monthEnd(p.to))}，早于截至日期 ${isoDate(asOf)}）：目标审查是拿目标与预测比较，而过去的期间只有已赢单的实际数。
` +
        `评估过去的期间请用 sales-perf evaluate ${deals} --period ${one} --targets targets.csv${several ? '（每次一个季度或月份）' : ''}；或审查尚未结束的期间，例如 --period ${ahead}。`,
    ),
  };
}

/** A period under way is graded on what is already won plus the forecast of the rest: said before the results. */
export function underWayCheck(r: CheckResult, p: Period, asOf: LocalTime, file: string | null): Check | null {
  if (r.wonSoFar === null) return null;
  const from = isoDate(monthStart(p.from));
  const to = isoDate(monthEnd(p.to));
  const left = round(Math.max(0, r.proposed - r.wonSoFar), DECIMALS[r.measure]);
  const n = (lang: 'en' | 'zh', v: number) => shownAmount(r, lang, v);
  const who = bi(r.name ? ` (${r.name})` : '', r.name ? `（${r.name}）` : '');
  return {
    code: 'period_under_way',
    status: 'caveat',
    file,
    message: bi(
      `${p.label} is under way (as of ${isoDate(asOf)}): it is graded on the ${n('en', r.wonSoFar)} won from ${from} to the as-of date${who.en} plus the forecast of the rest, to ${to}; ` +
        (left > 0 ? `P is the chance that the rest brings the ${n('en', left)} still missing from the proposal ${n('en', r.proposed)}.` : `the proposal ${n('en', r.proposed)} is already won.`),
      `${p.label} 已在进行中（截至 ${isoDate(asOf)}）：按 ${from} 至截至日期已赢单的 ${n('zh', r.wonSoFar)}${who.zh}，加上至 ${to} 其余时间的预测来评判；` +
        (left > 0 ? `P 为其余时间补足建议目标 ${n('zh', r.proposed)} 尚差的 ${n('zh', left)} 的概率。` : `建议目标 ${n('zh', r.proposed)} 已经达成。`),
    ),
  };
}

/**
 * An amount under a tenth of the baseline, or nothing, is not a target but a slip: 40 for 40%, 0.4 for
 * Excel's 40%, a figure in thousands. Refused, saying how it was read and how to write each kind.
 */
export function proposalSlip(r: CheckResult, row: ProposedRow, file: string | null): Refusal | null {
  if (row.proposal.kind !== 'absolute') return null;
  const v = row.proposal.value;
  if (v > 0 && !(r.base > 0 && v < SLIP_SHARE * r.base)) return null;
  const text = row.text ?? String(v);
  const amount = Number.isInteger(v) ? grouped(v) : String(v);
  const flag = row.row === null ? '--proposed ' : '';
  const where =
    row.row === null
      ? bi(`--proposed ${text}`, `--proposed ${text}`)
      : bi(`${file} row ${row.row} (${row.name}), column ${row.column}: "${text}"`, `${file} 第 ${row.row} 行（${row.name}）${row.column} 列："${text}"`);
  const whose = bi(row.name ? `${row.name}'s ` : 'the ', row.name ? ` ${row.name} 的` : '');
  const f = (lang: 'en' | 'zh', x: number) => shownAmount(r, lang, round(x, DECIMALS[r.measure]));
  const base = baselineWords(r);
  const read = bi(`${where.en} was read as an amount of ${amount} for ${r.period}`, `${where.zh} 被读作 ${r.period} 的金额 ${amount}`);
  if (r.base <= 0)
    return {
      code: 'target_slip',
      file,
      override: null,
      message: bi(`${read.en}: a target of nothing.
Write the amount to win in full units, e.g. ${flag}1200000 or ${flag}120万.`, `${read.zh}，即目标为零。
请写出要达成的完整金额，例如 ${flag}1200000 或 ${flag}120万。`),
    };
  // What the number would mean with a % sign: 40 → 40%; a fraction as Excel saves a percentage, 0.4 → 40%.
  // A figure that makes no sensible growth either way (3000 → +3000%) gets a plain example instead.
  const read100 = v > 0 && v < 1 ? v : v / 100;
  const rate = read100 <= 2 ? read100 : 0.1;
  const pct = `${round(rate * 100, 4)}%`;
  const whole = Math.round(r.base);
  return {
    code: 'target_slip',
    file,
    override: null,
    message: bi(
      `${read.en}, ${v > 0 ? `under ${formatPercent('en', SLIP_SHARE, 0)} of ${whose.en}baseline ${f('en', r.base)}` : `a target of nothing against ${whose.en}baseline ${f('en', r.base)}`} (${base.en}): probably a missing % sign or a unit slip.
` +
        `Write a growth rate with a % sign (${flag}${pct} is ${f('en', r.base * (1 + rate))}), or an amount in full units (${flag}${whole} would equal the baseline).`,
      `${read.zh}，${v > 0 ? `不到${whose.zh}基线 ${f('zh', r.base)}（${base.zh}）的 ${formatPercent('zh', SLIP_SHARE, 0)}` : `即目标为零，而${whose.zh}基线为 ${f('zh', r.base)}（${base.zh}）`}：很可能漏了 % 号，或单位写错。
` +
        `增长率请带 % 号（${flag}${pct} 即 ${f('zh', r.base * (1 + rate))}）；金额请写完整数值（${flag}${whole} 即与基线持平）。`,
    ),
  };
}

/** A proposal far below the baseline is graded, but its "achievable" says only that the bar is low: said first. */
export function farBelowCheck(r: CheckResult, file: string | null): Check | null {
  if (!r.farBelowHistory) return null;
  const below = 1 - r.proposed / r.base;
  const base = baselineWords(r);
  const n = (lang: 'en' | 'zh', v: number) => shownAmount(r, lang, v);
  return {
    code: 'target_far_below_history',
    status: 'caveat',
    file,
    message: bi(
      `${r.name ?? 'Company'}: the proposal for ${r.period} (${n('en', r.proposed)}) is ${formatPercent('en', below, 0)} below the baseline ${n('en', r.base)} (${base.en}), far below what ${r.name ?? 'the company'} has been winning: a sandbagging risk. Its verdict only says whether the forecast clears so low a bar.`,
      `${r.name ?? '公司'}：${r.period} 的建议目标 ${n('zh', r.proposed)} 比基线 ${n('zh', r.base)}（${base.zh}）低 ${formatPercent('zh', below, 0)}，远低于${zhName(r.name)}以往的业绩，有保守压数之嫌；其结论只说明预测能否越过这么低的门槛。`,
    ),
  };
}

/** Runs the plan far enough to cover the period and checks each proposal (company first, then teams/reps by name). */
export function checkProposals(
  deals: readonly Deal[],
  options: PlanOptions,
  period: Period,
  rows: readonly ProposedRow[],
  th: CheckThresholds,
  hasResources: boolean,
  file: string,
): { plan: ForecastPlan; results: CheckResult[]; problems: Problem[]; refusals: Refusal[] } {
  const current = monthIndex(options.asOf);
  const horizon = Math.max(1, period.to - current + 1);
  const plan = planForecast(deals, { ...options, horizon, backtestOrigins: 0 });
  const problems: Problem[] = [];
  const results: CheckResult[] = [];
  const refusals: Refusal[] = [];
  const key = (s: string) => s.trim().toLowerCase();
  for (const row of rows) {
    const s =
      row.name === null
        ? plan.series[0]
        : (plan.series.find((x) => x.level === 'team' && key(x.name) === key(row.name!)) ?? plan.series.find((x) => x.level === 'rep' && key(x.name) === key(row.name!)));
    if (!s) {
      problems.push(rowProblem(file, row.row, null, row.name, 'unknown_name', bi(`no team or rep named "${row.name}" in the deals; row skipped`, `数据中没有名为"${row.name}"的团队或销售；该行未采用`)));
      continue;
    }
    const result = checkTarget(s, plan, period, row, th, hasResources);
    const slip = proposalSlip(result, row, file);
    if (slip) refusals.push(slip);
    results.push(result);
  }
  // Not one row named a series: an empty report (no rows, "0 complete months") would read as a result.
  if (rows.length && !results.length) {
    const names = (level: 'team' | 'rep') => plan.series.filter((x) => x.level === level).map((x) => x.name);
    const teams = names('team');
    const reps = names('rep');
    const list = (xs: string[], sep: string) => (xs.length > 8 ? `${xs.slice(0, 8).join(sep)} …` : xs.join(sep));
    refusals.push({
      code: 'proposals_unmatched',
      file,
      override: null,
      message: bi(
        `none of the ${nounCount(rows.length, 'row')} of ${file} names a team or rep of the deals (${rows.map((r) => `"${r.name}"`).join(', ')}). Teams: ${list(teams, ', ') || '—'}; reps: ${list(reps, ', ') || '—'}. With --team the teams are the roster's names.`,
        `${file} 的 ${rows.length} 行都没有写数据中的团队或销售（${rows.map((r) => `"${r.name}"`).join('、')}）。团队：${list(teams, '、') || '—'}；销售：${list(reps, '、') || '—'}。使用 --team 时，团队名以花名册为准。`,
      ),
    });
  }
  return { plan, results, problems, refusals };
}
