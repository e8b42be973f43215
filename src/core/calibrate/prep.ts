import { addDays, isoDate, weekStart, type LocalTime } from '../calendar.js';
import { bi, formatNumber, formatPercent, tr, type Bi, type Lang, nounCount, byCount } from '../i18n.js';
import type { QuarterProgress } from '../plan/pacing.js';
import type { KbiId, Miss } from '../score/index.js';
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

/** Progress against the quarter target: the planning core's, shared with alerts and evaluate. */
export type Progress = QuarterProgress;

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
  const open = i.actions.filter((a) => a.status === 'open');
  const overdue = open.filter((a) => daysOverdue(a, i.asOf) > 0);
  const recentlyDone = i.actions.filter((a) => a.status === 'done' && a.doneOn !== null && a.doneOn >= window.from);
  const byKbi = (k: KbiId) => i.misses.filter((m) => m.kbi === k);

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
  }
  else {
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
  const q2: PrepSection = { question: i.questions[1], facts: i.misses.map(missFact), points: [] };
  if (i.misses.length === 0) q2.facts.push(bi('No KBI misses in the last two weeks.', '近两周没有关键行为指标缺口。'));
  const touch = byKbi('touch');
  if (touch.length)
    q2.points.push(
      bi(
        `Customer touches fell short in ${touch.length} of 2 weeks (${touch.map((m) => `${m.actual} of ${m.threshold} in ${m.week}`).join('; ')}): what took the time?`,
        `客户触达有 ${touch.length}/2 周未达标（${touch.map((m) => `${m.week} ${m.actual}/${m.threshold} 次`).join('；')}）：时间花在了哪里？`,
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
    misses: i.misses,
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
