import { addDays, dayNumber, isoDate, quarterIndex, startOfDay, weekIndexStart, weekStart, type LocalTime } from '../calendar.js';
import { logReach } from '../checks/sanity.js';
import { bi, formatNumber, formatPercent, grouped, tr, type Bi, type Lang, nounCount, byCount } from '../i18n.js';
import { namesByDoubt, targetDoubts } from '../plan/doubts.js';
import { repId } from '../plan/index.js';
import { progressOf, quarterEve, type QuarterPlans, type QuarterProgress } from '../plan/pacing.js';
import type { KbiId, Miss, ScoreResult } from '../score/index.js';
import type { Check } from '../../schema/check.js';
import { daysOverdue, type ActionItem } from './actions.js';

/**
 * The prep packet: what a manager and a rep read before their calibration. It joins the period
 * target (from the forecast plan made at the quarter's start), the behaviour misses of the last two
 * weeks (from the score module) and the open action items of earlier calibrations.
 */

/** The two complete ISO weeks before the week holding `asOf`: the fortnight since the last calibration. */
export function prepWindow(asOf: LocalTime): { from: LocalTime; to: LocalTime } {
  const monday = weekStart(asOf);
  return { from: addDays(monday, -14), to: addDays(monday, -1) };
}

/**
 * Progress against the quarter target: the planning core's, shared with alerts and evaluate, with what
 * the forecast said against the target (`targetDoubts`: why it is unreliable; empty when it is sound or
 * there is none).
 */
export type Progress = QuarterProgress & { targetDoubts: Bi[] };

/**
 * A rep's progress with the target read as evaluate reads it (targetDoubts of the eve-of-quarter plan): a
 * target the forecast refused is no target (noTarget "refused", with the reason), though its cell holds a
 * number (a quarter one of whose months was refused); an unreliable one keeps its number and its doubts.
 */
export function repProgress(plans: QuarterPlans, rep: string, asOf: LocalTime): Progress {
  const p = progressOf(plans, repId(rep), asOf);
  const planned = plans.targetPlan.series.find((s) => s.id === repId(rep));
  const doubts = planned && p.target !== null ? targetDoubts(plans.targetPlan, planned, p.quarter) : { refused: null, unreliable: [] };
  if (doubts.refused !== null)
    return { ...p, target: null, floor: null, expectedByNow: null, pace: null, projectedShare: null, noTarget: { why: 'refused', refused: doubts.refused }, targetDoubts: [] };
  return { ...p, targetDoubts: doubts.unreliable };
}

/**
 * How much of the two weeks the activity log lets the packet judge, as score and alerts decide it: nothing
 * before the log's first row, nothing after the last week it reaches (logReach). `notJudged` names the
 * days left out and why; null when the log covers the two weeks.
 */
export interface Coverage {
  judged: 'all' | 'part' | 'none';
  /** the judged days (null when none) */
  from: LocalTime | null;
  to: LocalTime | null;
  notJudged: Bi | null;
}

export function windowCoverage(window: { from: LocalTime; to: LocalTime }, log: { file: string; period: ScoreResult['period']; afterAsOf: number }, asOf: LocalTime): Coverage {
  const span = (a: LocalTime, b: LocalTime) => (a === b ? isoDate(a) : `${isoDate(a)} – ${isoDate(b)}`);
  const spanZh = (a: LocalTime, b: LocalTime) => (a === b ? isoDate(a) : `${isoDate(a)} 至 ${isoDate(b)}`);
  const { activityFrom: first, activityTo: last } = log.period;
  const whole = { en: span(window.from, window.to), zh: spanZh(window.from, window.to) };
  if (first === null || last === null) {
    const later = log.afterAsOf ? bi(` (${nounCount(log.afterAsOf, 'row', grouped(log.afterAsOf))} after it)`, `（其后有 ${grouped(log.afterAsOf)} 行）`) : bi('', '');
    return {
      judged: 'none',
      from: null,
      to: null,
      notJudged: bi(
        `KBIs not judged for ${whole.en}: ${log.file} has no row up to ${isoDate(asOf)}${later.en}`,
        `${whole.zh} 的关键行为指标未判断：${log.file} 截至 ${isoDate(asOf)} 没有任何记录${later.zh}`,
      ),
    };
  }
  let from = window.from;
  let to = window.to;
  const why: Bi[] = [];
  if (startOfDay(first) > from) {
    from = startOfDay(first);
    why.push(bi(`${log.file} starts ${isoDate(first)}`, `${log.file} 始于 ${isoDate(first)}`));
  }
  const reach = logReach(last, asOf);
  const cut = reach?.weeks ? weekIndexStart(reach.weeks.first) : null;
  if (cut !== null && cut <= to) {
    to = addDays(cut, -1);
    why.push(bi(`${log.file} ends ${isoDate(last)}`, `${log.file} 截至 ${isoDate(last)}`));
  }
  if (why.length === 0) return { judged: 'all', from, to, notJudged: null };
  const reason = bi(why.map((w) => w.en).join(' and '), why.map((w) => w.zh).join('，'));
  if (from > to)
    return { judged: 'none', from: null, to: null, notJudged: bi(`KBIs not judged for ${whole.en}: ${reason.en}`, `${whole.zh} 的关键行为指标未判断：${reason.zh}`) };
  const left = [...(from > window.from ? [[window.from, addDays(from, -1)]] : []), ...(to < window.to ? [[addDays(to, 1), window.to]] : [])];
  return {
    judged: 'part',
    from,
    to,
    notJudged: bi(
      `KBIs not judged for ${left.map(([a, b]) => span(a, b)).join(' and ')}: ${reason.en}; judged ${span(from, to)} only`,
      `${left.map(([a, b]) => spanZh(a, b)).join('、')} 的关键行为指标未判断：${reason.zh}；仅判断了 ${spanZh(from, to)}`,
    ),
  };
}

/** The run's caveat when the log leaves days of the two weeks unjudged: the same for every packet, said first. */
export const coverageCheck = (file: string, c: Coverage): Check | null =>
  c.notJudged && { code: 'behaviour_not_judged', status: 'caveat', file, message: bi(`${c.notJudged.en}. No KBI misses are named for those days.`, `${c.notJudged.zh}。这些日期不列出关键行为指标缺口。`) };

/**
 * The targets of the packets the forecast refused or doubts, said before the packets as evaluate says them
 * (codes target_refused, target_unreliable): one line per reason, naming the reps it concerns.
 */
export function packetTargetChecks(packets: readonly PrepPacket[]): Check[] {
  const byReason = (each: (p: PrepPacket) => Bi[]) =>
    namesByDoubt(packets, each, (p) => bi(p.rep, p.rep)).map((g) => ({ ...g, quarter: packets[0].progress.quarter }));
  const check = (code: string, message: Bi): Check => ({ code, status: 'caveat', file: null, message });
  return [
    ...byReason((p) => (p.progress.noTarget?.refused ? [p.progress.noTarget.refused] : [])).map(({ doubt, n, names, quarter }) =>
      check(
        'target_refused',
        bi(
          `The forecast refused the ${quarter} ${byCount(n, 'target', 'targets')} of ${names.en} (${doubt.en}): ${byCount(n, 'the packet shows', 'their packets show')} no target and no pace against it.`,
          `预测拒绝了 ${names.zh} 的 ${quarter} 目标（${doubt.zh}）：准备材料中不显示该目标，也不据此判断进度。`,
        ),
      ),
    ),
    ...byReason((p) => p.progress.targetDoubts).map(({ doubt, n, names, quarter }) =>
      check(
        'target_unreliable',
        bi(
          `The forecast calls the ${quarter} ${byCount(n, 'target', 'targets')} of ${names.en} unreliable: ${doubt.en}. Shown with this doubt first; check the ${byCount(n, 'target', 'targets')} before judging the pace.`,
          `预测认为 ${names.zh} 的 ${quarter} 目标不可靠：${doubt.zh}。材料中先列出这一疑点；判断进度前请先核对目标。`,
        ),
      ),
    ),
  ];
}

export interface PrepSection {
  question: Bi;
  /** the data behind the question */
  facts: Bi[];
  /** suggested talking points, drawn from the misses and open items */
  points: Bi[];
}

export interface PrepPacket {
  rep: string;
  team: string | null;
  manager: string | null;
  asOf: LocalTime;
  window: { from: LocalTime; to: LocalTime };
  progress: Progress;
  coverage: Coverage;
  misses: Miss[];
  open: ActionItem[];
  overdue: ActionItem[];
  /** closed within the window or since */
  recentlyDone: ActionItem[];
  sections: PrepSection[];
}

export interface PrepInput {
  rep: string;
  team?: string;
  manager?: string;
  asOf: LocalTime;
  progress: Progress;
  /** the rep's misses in the window */
  misses: Miss[];
  /** how much of the window the activity log covers (windowCoverage); misses outside the judged days are not named */
  coverage: Coverage;
  /** the rep's action items, any status */
  actions: ActionItem[];
  questions: Bi[];
  currency: string;
  lang: Lang;
}

/** A miss as a line with its numbers: "Customer touches: 5 of 8 in 2026-W46 (9–15 Nov)", or led by the customer and deal. */
export function missFact(m: Miss): Bi {
  if (m.kbi === 'touch' && m.week !== null) {
    const from = isoDate(addDays(m.due, -7));
    const to = isoDate(addDays(m.due, -1));
    return bi(`Customer touches: ${m.actual} of ${m.threshold} in ${m.week} (${from} – ${to})`, `客户触达：${m.week}（${from} 至 ${to}）${m.actual}/${m.threshold} 次`);
  }
  const who = [m.customer, m.deal].filter((x): x is string => x !== null).join(' · ');
  return who ? bi(`${who}: ${m.note.en}`, `${who}：${m.note.zh}`) : m.note;
}

export function prepPacket(i: PrepInput): PrepPacket {
  const window = prepWindow(i.asOf);
  // amounts in the currency; deal counts (deals without amounts) in deals, a tenth kept for forecasts
  const money = (v: number) =>
    i.progress.measure === 'count'
      ? `${formatNumber(i.lang, Math.round(v * 10) / 10, Number.isInteger(Math.round(v * 10) / 10) ? 0 : 1)}${i.lang === 'zh' ? ' 单' : ' deals'}`
      : `${i.currency}${formatNumber(i.lang, Math.round(v))}`;
  const pct = (r: number) => formatPercent(i.lang, r, 0);
  const p = i.progress;
  const cov = i.coverage;
  // A miss due outside the judged days rests on days the log does not hold (a won deal closed before its first day
  // "without a demo", "0 interviews by the month's end" after it stopped): not named. None is judged when nothing is.
  const misses = cov.judged === 'all' ? i.misses : cov.from === null ? [] : i.misses.filter((m) => m.due > cov.from! && m.due <= addDays(cov.to!, 1));
  const open = i.actions.filter((a) => a.status === 'open');
  const overdue = open.filter((a) => daysOverdue(a, i.asOf) > 0);
  const recentlyDone = i.actions.filter((a) => a.status === 'done' && a.doneOn !== null && a.doneOn >= window.from);
  const byKbi = (k: KbiId) => misses.filter((m) => m.kbi === k);

  // 1. progress
  const q1: PrepSection = { question: i.questions[0], facts: [], points: [] };
  if (p.target === null) {
    const won = bi(`Won ${money(p.wonToDate)} in ${p.quarter}; no target for this quarter`, `${p.quarter} 已成交 ${money(p.wonToDate)}；本季度没有目标`);
    const why = p.noTarget?.why ?? 'no_history';
    q1.facts.push(
      why === 'no_deals'
        ? bi(
            `${won.en}: the deals export has no won deal under the name "${i.rep}". If it spells the name otherwise, list that spelling in the roster's "aliases" column (see the checks above).`,
            `${won.zh}：商机导出中没有以"${i.rep}"为名的赢单。若商机中的写法不同，请在花名册的"别名"列中登记该写法（见上方检查）。`,
          )
        : why === 'refused'
          ? bi(`${won.en}: the forecast refused it (${p.noTarget!.refused!.en}).`, `${won.zh}：预测拒绝了该目标（${p.noTarget!.refused!.zh}）。`)
          : bi(`${won.en} (too little history when it was set).`, `${won.zh}（制定时历史数据不足）。`),
    );
    // A refused target is no yardstick: the question is what to aim for, not whether the pace is enough.
    if (why === 'refused') {
      const eve = isoDate(quarterEve(quarterIndex(i.asOf)));
      q1.points.push(
        bi(
          `No sound target this quarter: agree what to aim for. To make it the target, fill in the "Adjusted target" of sales-perf forecast --as-of ${eve} -o targets.xlsx.`,
          `本季度没有可靠的目标：商定要达到的水平。如需设为正式目标，请在 sales-perf forecast --as-of ${eve} -o targets.xlsx 的"调整后目标"列中填写。`,
        ),
      );
    }
  }
  else {
    // What the forecast said against the target comes before the target, and the pace is read in its light.
    for (const d of p.targetDoubts)
      q1.facts.push(bi(`⚠ The forecast calls this target unreliable: ${d.en}.`, `⚠ 预测认为该目标不可靠：${d.zh}。`));
    if (p.targetDoubts.length)
      q1.points.push(bi('The forecast doubts this target (see above): is it the target or the pace that is off?', '预测对该目标存疑（见上）：是目标定得不合适，还是进度落后？'));
    q1.facts.push(
      bi(
        `Won ${money(p.wonToDate)} of the ${p.quarter} target ${money(p.target)} (${pct(p.wonToDate / p.target)}), with ${pct(p.elapsed)} of the quarter gone.`,
        `${p.quarter} 目标 ${money(p.target)}，已成交 ${money(p.wonToDate)}（${pct(p.wonToDate / p.target)}），季度已过 ${pct(p.elapsed)}。`,
      ),
      bi(
        `Pace: ${pct(p.pace!)} of the ${money(p.expectedByNow!)} due by now; projected ${money(p.projected)} (${pct(p.projectedShare!)} of target).`,
        `进度：应完成 ${money(p.expectedByNow!)}，实际达到其 ${pct(p.pace!)}；预计季度完成 ${money(p.projected)}（目标的 ${pct(p.projectedShare!)}）。`,
      ),
    );
    if (p.projectedShare! < 1)
      q1.points.push(
        bi(
          `At this pace the quarter closes at ${pct(p.projectedShare!)} of target: which open deals can close, and what would it take?`,
          `按此进度季度将完成目标的 ${pct(p.projectedShare!)}：哪些在谈商机可以成交？需要做什么？`,
        ),
      );
    else q1.points.push(bi('On pace: what is working that the team could copy?', '进度正常：有哪些做法值得团队借鉴？'));
  }

  // 2. obstacles: the behaviour misses, with their numbers
  // Days the activity log does not cover are said first: "no misses" there would be a clean bill nobody earned.
  const q2: PrepSection = { question: i.questions[1], facts: [...(cov.notJudged ? [bi(`${cov.notJudged.en}.`, `${cov.notJudged.zh}。`)] : []), ...misses.map(missFact)], points: [] };
  if (misses.length === 0 && cov.judged === 'all') q2.facts.push(bi('No KBI misses in the last two weeks.', '近两周没有关键行为指标缺口。'));
  if (misses.length === 0 && cov.judged === 'part') q2.facts.push(bi('No KBI misses in the days judged.', '已判断的日期内没有关键行为指标缺口。'));
  const touch = byKbi('touch');
  // the weeks judged: both, or those the log covers
  const weeks = cov.judged === 'all' ? 2 : Math.ceil((dayNumber(cov.to!) - dayNumber(cov.from!) + 1) / 7);
  if (touch.length)
    q2.points.push(
      bi(
        `Customer touches fell short in ${touch.length} of ${nounCount(weeks, 'week')} (${touch.map((m) => `${m.actual} of ${m.threshold} in ${m.week}`).join('; ')}): what took the time?`,
        `客户触达有 ${touch.length}/${weeks} 周未达标（${touch.map((m) => `${m.week} ${m.actual}/${m.threshold} 次`).join('；')}）：时间花在了哪里？`,
      ),
    );
  const needs = byKbi('needs');
  if (needs.length)
    q2.points.push(
      bi(
        `${needs.length} ${byCount(needs.length, 'customer or won deal', 'customers or won deals')} with fewer than ${needs[0].threshold} needs-analysis interviews: what do we not yet know about them?`,
        `${needs.length} 个客户或赢单的需求访谈少于 ${needs[0].threshold} 轮：我们对他们还有哪些不了解？`,
      ),
    );
  const demo = byKbi('demo');
  if (demo.length)
    q2.points.push(bi(`${nounCount(demo.length, 'deal')} won without a tailored demo: how was the solution presented?`, `${demo.length} 笔赢单成交前没有定制演示：方案是如何呈现的？`));
  const objection = byKbi('objection');
  if (objection.length)
    q2.points.push(bi(`Objection list not updated after ${nounCount(objection.length, 'contact')}: which objections keep coming back?`, `${objection.length} 次接触后未更新异议清单：哪些异议反复出现？`));
  const upkeep = byKbi('upkeep');
  if (upkeep.length)
    q2.points.push(bi(`${nounCount(upkeep.length, 'signed customer')} not revisited: any risk of churn?`, `${upkeep.length} 个签约客户未按月回访：是否有流失风险？`));

  // 3. support
  const q3: PrepSection = { question: i.questions[2], facts: [], points: [] };
  for (const a of overdue)
    q3.facts.push(
      bi(
        `Overdue by ${nounCount(daysOverdue(a, i.asOf), 'day')}: #${a.id} ${a.owner}: ${a.text} (due ${isoDate(a.due!)})`,
        `逾期 ${daysOverdue(a, i.asOf)} 天：#${a.id} ${a.owner}：${a.text}（截止 ${isoDate(a.due!)}）`,
      ),
    );
  if (overdue.length) q3.points.push(bi(`${nounCount(overdue.length, 'action item')} overdue: what blocked them, and who can unblock?`, `${overdue.length} 项行动逾期：卡在哪里？谁能帮忙？`));
  if (demo.length || needs.length) q3.points.push(bi('Would a presales engineer or a demo template help?', '是否需要售前工程师或演示模板的支持？'));
  if (touch.length) q3.points.push(bi('Can the manager protect time for customer contact (fewer internal meetings, admin)?', '经理能否帮忙保障客户沟通时间（减少内部会议和事务）？'));
  if (overdue.length === 0) q3.facts.push(bi('No overdue action items.', '没有逾期的行动项。'));

  // 4. next week's key actions
  const q4: PrepSection = { question: i.questions[3], facts: [], points: [] };
  for (const a of open.filter((x) => !overdue.includes(x)))
    q4.facts.push(bi(`Open: #${a.id} ${a.owner}: ${a.text}${a.due ? ` (due ${isoDate(a.due)})` : ''}`, `未完成：#${a.id} ${a.owner}：${a.text}${a.due ? `（截止 ${isoDate(a.due)}）` : ''}`));
  if (open.length === overdue.length) q4.facts.push(bi('No other open action items.', '没有其他未完成的行动项。'));
  for (const a of recentlyDone) q4.facts.push(bi(`Done: #${a.id} ${a.text} (${isoDate(a.doneOn!)})`, `已完成：#${a.id} ${a.text}（${isoDate(a.doneOn!)}）`));
  if (touch.length) q4.points.push(bi(`At least ${touch[0].threshold} customer touches next week.`, `下周至少 ${touch[0].threshold} 次客户触达。`));
  const customers = [...new Set(needs.map((m) => m.customer).filter((c): c is string => c !== null))].slice(0, 3);
  if (customers.length) q4.points.push(bi(`Needs-analysis interviews with: ${customers.join('; ')}`, `与以下客户进行需求访谈：${customers.join('；')}`));
  q4.points.push(bi('Agree 1–3 actions with an owner and a due date; write them into the minutes.', '约定 1–3 个行动项，写明负责人和截止日期，记入纪要。'));

  return {
    rep: i.rep,
    team: i.team ?? null,
    manager: i.manager ?? null,
    asOf: i.asOf,
    window,
    progress: p,
    coverage: cov,
    misses,
    open,
    overdue,
    recentlyDone,
    sections: [q1, q2, q3, q4],
  };
}

/** One page of Markdown. */
export function prepMarkdown(p: PrepPacket, lang: Lang): string {
  const t = (x: Bi) => tr(lang, x);
  const who = [p.team, p.manager ? t(bi(`manager ${p.manager}`, `经理 ${p.manager}`)) : null].filter(Boolean).join(' · ');
  const out = [
    `# ${t(bi('Calibration prep: ', '校准面谈准备：'))}${p.rep}${who ? ` (${who})` : ''}`,
    '',
    t(bi(`As of ${isoDate(p.asOf)}; behaviour from ${isoDate(p.window.from)} to ${isoDate(p.window.to)}.`, `截至 ${isoDate(p.asOf)}；行为数据区间 ${isoDate(p.window.from)} 至 ${isoDate(p.window.to)}。`)),
    '',
  ];
  p.sections.forEach((s, n) => {
    out.push(`## ${n + 1}. ${t(s.question)}`, '');
    for (const f of s.facts) out.push(`- ${t(f)}`);
    if (s.points.length) {
      out.push('', t(bi('Talking points:', '建议话题：')));
      for (const x of s.points) out.push(`- ${t(x)}`);
    }
    out.push('');
  });
  out.push(
    `## ${t(bi('Action items', '行动项'))}`,
    '',
    t(bi(`${p.open.length} open (${p.overdue.length} overdue), ${p.recentlyDone.length} done recently.`, `未完成 ${p.open.length} 项（逾期 ${p.overdue.length} 项），近期完成 ${p.recentlyDone.length} 项。`)),
    '',
  );
  return out.join('\n');
}
