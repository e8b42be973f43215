import {
  MS_PER_DAY,
  daysInMonth,
  formatLocal,
  indexSpan,
  isoDate,
  monthIndex,
  monthKey,
  monthStart,
  parseMonthKey,
  weekIndexKey,
  weekIndexStart,
  type LocalTime,
} from '../calendar.js';
import { bi, type Bi, nounCount, byCount } from '../i18n.js';
import { teamOf } from '../teams.js';
import { logReach } from '../checks/sanity.js';
import { ACTIVITY_TYPES } from '../values/activity-type.js';
import type { LeadRule } from '../../schema/config/score.js';
import { addWorkingHours } from './clock.js';
import { addTallies, behaviourScore, emptyTallies, formulaText, kbiThreshold, kbiValues, KBI_LABELS, kbiUnit, weightedCompliance, type Tallies } from './kbis.js';
import { KBI_IDS, type KbiId } from '../../schema/kbis.js';
import type { Collected, FinishHost } from './state.js';
import type { AuditEntry, Miss, RepMonth, RepWeek, ScoreResult, TeamMonth } from './types.js';
import { entriesView } from '../spool.js';
import { compareText } from '../values/text.js';




const weekOf = (t: LocalTime) => Math.floor((Math.floor(t / MS_PER_DAY) + 3) / 7);
const rowsText = (rows: number[]) => (rows.length > 12 ? `${rows.slice(0, 12).join(', ')} …` : rows.join(', '));
const hoursText = (ms: number) => (ms / 3_600_000).toFixed(1);
const kbiOrder = new Map(KBI_IDS.map((k, i) => [k, i]));

/** The order of the misses in every output: by rep, KBI, due time, first evidence row. */
export const missOrder = (a: Miss, b: Miss): number =>
  compareText(a.rep, b.rep) || kbiOrder.get(a.kbi)! - kbiOrder.get(b.kbi)! || a.due - b.due || (a.rows[0] ?? 0) - (b.rows[0] ?? 0);
const auditOrder = (a: AuditEntry, b: AuditEntry): number =>
  compareText(a.rep, b.rep) || compareText(a.month, b.month) || a.at - b.at || compareText(a.rule, b.rule);

/** Turns the streamed state into KBI tallies, misses, the point audit and the 0–100 scores. */
export function finishScore(c: Collected): ScoreResult {
  const { acc } = c;
  const cfg = acc.cfg;
  const cutoff = acc.cutoff;
  const inWeeks = (w: number) => w >= c.firstWeek && w <= c.lastWeek;
  const repWeeks = new Map<string, number>();

  // Customer touch: every week of the period from the rep's first activity on, up to the last week the log
  // covers to its Friday when it stops short of --as-of (as alerts judge it): not a week of no touches.
  const reach = logReach(Number.isFinite(c.lastActivity) ? c.lastActivity : null, acc.opts.asOf);
  const lastTouchWeek = reach?.weeks ? Math.min(c.lastWeek, reach.weeks.first - 1) : c.lastWeek;
  for (const [rep, r] of c.reps) {
    const start = Number.isFinite(r.first) ? Math.max(c.firstWeek, weekOf(r.first)) : c.firstWeek;
    repWeeks.set(rep, start);
    for (let w = start; w <= lastTouchWeek; w++) {
      const ws = r.weeks.get(w);
      const touches = ws?.touches ?? 0;
      acc.tally('touch', rep, monthIndex(weekIndexStart(w) + 3 * MS_PER_DAY), w, weekIndexStart(w) + 7 * MS_PER_DAY, touches, touches >= cfg.touch.perWeek, () => ({
        customer: null,
        deal: null,
        dealRow: null,
        threshold: cfg.touch.perWeek,
        rows: ws?.touchRows ?? [],
        note: bi(`${nounCount(touches, 'touch', String(touches), 'touches')} in ${weekIndexKey(w)}, below ${cfg.touch.perWeek}`, `${weekIndexKey(w)} 触达 ${touches} 次，低于 ${cfg.touch.perWeek} 次`),
      }));
    }
  }

  // Needs discovery per active customer not yet converted, due at each month end: the running month stays pending.
  const need = cfg.needs.perCustomer;
  for (const p of c.pairs) {
    if (!p.isCustomer) continue;
    for (const m of p.activeMonths) {
      const due = monthStart(m + 1);
      const converted = acc.converted.get(p.pk);
      if (converted !== undefined && converted < due) continue;
      // Counted, not listed: the rows are needed only for a miss.
      let done = 0;
      for (const at of p.needsAt) if (at < due) done++;
      acc.tally('needs', p.rep, m, null, due, done, done >= need, () => ({
        customer: p.key,
        deal: null,
        dealRow: null,
        threshold: need,
        rows: p.needsRows.filter((_, i) => p.needsAt[i] < due),
        note: bi(
          `${nounCount(done, 'needs-analysis interview')} with this active customer by ${isoDate(due - MS_PER_DAY)}, below ${need}`,
          `截至 ${isoDate(due - MS_PER_DAY)}，与该活跃客户的需求访谈 ${done} 轮，低于 ${need} 轮`,
        ),
      }));
    }
  }

  // Won deals of the period: interviews and a demo before the close.
  for (const d of c.deals) {
    const closed = d.deal.closed_at!;
    const w = weekOf(closed);
    const week = inWeeks(w) ? w : null;
    const common = { customer: d.deal.customer ?? null, deal: d.deal.id, dealRow: d.deal.row };
    const closeText = formatLocal(closed);
    acc.tally('needs', d.deal.rep, monthIndex(closed), week, d.cutoff, d.needsRows.length, d.needsRows.length >= need, () => ({
      ...common,
      threshold: need,
      rows: d.needsRows,
      note: bi(
        `won deal closed ${closeText} with ${nounCount(d.needsRows.length, 'needs-analysis interview')} before it, below ${need}`,
        `赢单（${closeText} 成交）前需求访谈 ${d.needsRows.length} 轮，低于 ${need} 轮`,
      ),
    }));
    acc.tally('demo', d.deal.rep, monthIndex(closed), week, d.cutoff, d.demoRows.length, d.demoRows.length > 0, () => ({
      ...common,
      threshold: 1,
      rows: d.lateDemoRows,
      note: d.lateDemoRows.length
        ? bi(
            `no demo before the close on ${closeText}; ${byCount(d.lateDemoRows.length, 'a demo after the close does', 'demos after the close do')} not count (${byCount(d.lateDemoRows.length, 'row', 'rows')} ${rowsText(d.lateDemoRows)})`,
            `${closeText} 成交前没有演示；成交后的演示不计（第 ${rowsText(d.lateDemoRows)} 行）`,
          )
        : bi(`no demo before the close on ${closeText}`, `${closeText} 成交前没有方案演示`),
    }));
  }

  // Relationship upkeep: a revisit in every month after signing.
  for (const u of c.upkeep) {
    acc.tally('upkeep', u.rep, u.month, null, monthStart(u.month + 1), u.rows.length, u.rows.length > 0, () => ({
      customer: u.customer,
      deal: u.deal.id,
      dealRow: u.deal.row,
      threshold: 1,
      rows: [],
      note: bi(
        `signed customer (won ${formatLocal(u.deal.closed_at!)}) not revisited in ${monthKey(u.month)}`,
        `签约客户（${formatLocal(u.deal.closed_at!)} 成交）在 ${monthKey(u.month)} 没有回访`,
      ),
    }));
  }

  // Only the months the activity log covers are scored, for every rep alike: before the log starts (or
  // after it ends) deal checks would fail and point rules stay silent for want of rows, not of work.
  const firstActivity = Math.min(...[...c.reps.values()].map((r) => r.first));
  const covered = (m: number) => Number.isFinite(firstActivity) && m >= monthIndex(firstActivity) && m <= monthIndex(c.lastActivity);
  const months = acc.periodMonths().filter(covered);
  const scored = new Set(months.map(monthKey));
  const team = (rep: string) => {
    const m = acc.opts.roster?.get(rep);
    return m ? teamOf(m) : teamOf({ team: c.reps.get(rep)?.team });
  };
  const audit = acc.spool(auditOrder);
  const points = new Map<string, number>();
  for (const gen of [ruleAudit(c), leadAudit(c)])
    for (const a of gen) {
      if (!scored.has(a.month)) continue;
      a.team = team(a.rep);
      const key = `${a.rep}\t${a.month}`;
      points.set(key, (points.get(key) ?? 0) + a.points);
      audit.push(a);
    }
  const reps: RepMonth[] = [];
  for (const rep of [...c.reps.keys()].sort()) {
    for (const m of months) {
      const key = `${rep}\t${monthKey(m)}`;
      const t = acc.talliesOf(rep, m);
      const pts = points.get(key) ?? 0;
      if (!t && pts === 0) continue;
      const kbis = kbiValues(cfg, t ?? emptyTallies());
      const compliance = weightedCompliance(cfg, kbis);
      const days = (Math.min(monthStart(m + 1), acc.periodEnd) - Math.max(monthStart(m), c.periodStart)) / MS_PER_DAY;
      const expected = (cfg.formula.pointsForFull * days) / daysInMonth(m);
      const pointsRatio = Math.max(0, Math.min(1, expected > 0 ? pts / expected : 0));
      reps.push({ rep, team: team(rep), month: monthKey(m), kbis, compliance, points: pts, pointsRatio, score: behaviourScore(cfg, compliance, pointsRatio), rank: null, teamRank: null });
    }
  }
  rank(reps, (r) => r.month, (r) => r.score, (r, k) => (r.rank = k));
  rank(reps, (r) => `${r.month}\t${r.team}`, (r) => r.score, (r, k) => (r.teamRank = k));

  const teams: TeamMonth[] = [];
  const groups = new Map<string, RepMonth[]>();
  for (const r of reps) {
    const k = `${r.team}\t${r.month}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  for (const [k, members] of [...groups].sort(([a], [b]) => compareText(a, b))) {
    const [teamName, month] = k.split('\t');
    const pooled = emptyTallies();
    for (const r of members) addTallies(pooled, acc.talliesOf(r.rep, parseMonthKey(month)!) ?? emptyTallies());
    const kbis = kbiValues(cfg, pooled);
    const scored = members.filter((r) => r.score !== null);
    teams.push({
      team: teamName,
      month,
      reps: members.length,
      score: scored.length ? scored.reduce((s, r) => s + r.score!, 0) / scored.length : null,
      compliance: weightedCompliance(cfg, kbis),
      points: members.reduce((s, r) => s + r.points, 0),
      kbis,
      rank: null,
    });
  }
  rank(teams, (t) => t.month, (t) => t.score, (t, k) => (t.rank = k));

  const weeks: RepWeek[] = [];
  for (const [rep, r] of [...c.reps].sort(([a], [b]) => compareText(a, b))) {
    for (let w = repWeeks.get(rep)!; w <= c.lastWeek; w++) {
      const start = weekIndexStart(w);
      if (start >= cutoff) break;
      if (!covered(monthIndex(start + 3 * MS_PER_DAY))) continue;
      const ws = r.weeks.get(w);
      const byType: Record<string, number> = {};
      ACTIVITY_TYPES.forEach((t, i) => (byType[t] = ws?.byType[i] ?? 0));
      weeks.push({
        rep,
        team: team(rep),
        week: weekIndexKey(w),
        weekStart: start,
        month: monthKey(monthIndex(start + 3 * MS_PER_DAY)),
        byType,
        customers: ws?.customers ?? 0,
        kbis: kbiValues(cfg, acc.weekTalliesOf(rep, w) ?? emptyTallies()),
      });
    }
  }

  const byKbi = Object.fromEntries(KBI_IDS.map((k) => [k, 0])) as Record<KbiId, number>;
  for (const [month, counts] of acc.missMonths) if (scored.has(month)) KBI_IDS.forEach((k, i) => (byKbi[k] += counts[i]));
  // The team is known only once every row has been read; spilled misses get it as they are read back.
  const view = entriesView(acc.misses, KBI_IDS.reduce((s, k) => s + byKbi[k], 0), (m) => scored.has(m.month), (m) => ((m.team = team(m.rep)), m));
  const misses = Object.assign(view, { byKbi });
  const hasDeals = acc.opts.deals !== undefined;
  return {
    period: {
      from: acc.opts.period.from,
      to: acc.opts.period.to,
      cutoff,
      months: acc.periodMonths().map(monthKey),
      scoredMonths: [...scored],
      activityFrom: Number.isFinite(firstActivity) ? firstActivity : null,
      activityTo: Number.isFinite(c.lastActivity) ? c.lastActivity : null,
      touchWeeksNotJudged: lastTouchWeek < c.lastWeek ? indexSpan(lastTouchWeek + 1, c.lastWeek, weekIndexKey) : null,
    },
    formula: formulaText(cfg),
    kbis: KBI_IDS.map((k) => ({ kbi: k, label: KBI_LABELS[k], threshold: kbiThreshold(cfg, k), unit: kbiUnit(k, kbiThreshold(cfg, k)), available: hasDeals || (k !== 'demo' && k !== 'upkeep') })),
    reps,
    teams,
    weeks,
    misses,
    audit,
    problems: acc.problems,
    stats: acc.stats,
  };
}

/** Rank 1 for the best; ties share a rank; unscored rows get none. */
function rank<T>(rows: T[], group: (r: T) => string, value: (r: T) => number | null, set: (r: T, k: number) => void): void {
  const byGroup = new Map<string, T[]>();
  for (const r of rows) byGroup.set(group(r), [...(byGroup.get(group(r)) ?? []), r]);
  for (const members of byGroup.values()) {
    const scores = members.map(value).filter((v): v is number => v !== null);
    for (const r of members) {
      const v = value(r);
      if (v !== null) set(r, 1 + scores.filter((s) => s > v).length);
    }
  }
}

const ruleLabel = (rule: { id: string; label?: Bi }): Bi => rule.label ?? bi(rule.id, rule.id);

/** Point rules over activities: each complete group of `every` rows earns `points`, up to the cap. */
function* ruleAudit(c: Collected): Generator<AuditEntry> {
  const rules = c.acc.cfg.rules;
  for (const g of c.ruleItems.sort((a, b) => a.index - b.index || compareText(a.rep, b.rep) || compareText(a.bucket, b.bucket))) {
    const rule = rules[g.index];
    if (rule.kind !== 'activity') continue;
    const items = g.ats.map((at, i) => ({ at, row: g.rows[i] })).sort((a, b) => a.at - b.at || a.row - b.row);
    let earned = 0;
    const entry = (rows: typeof items, points: number, note: Bi): AuditEntry => ({
      rep: g.rep,
      team: '',
      month: monthKey(g.month),
      bucket: g.bucket,
      rule: rule.id,
      ruleLabel: ruleLabel(rule),
      points,
      file: c.acc.opts.file,
      rows: rows.map((i) => i.row),
      at: rows[rows.length - 1].at,
      note,
    });
    for (let i = 0; i + rule.every <= items.length; i += rule.every) {
      const capped = rule.cap !== undefined && Math.abs(earned + rule.points) > rule.cap;
      const n = i / rule.every + 1;
      yield entry(
        items.slice(i, i + rule.every),
        capped ? 0 : rule.points,
        capped
          ? bi(`group ${n} in ${g.bucket}: cap of ${rule.cap} reached`, `${g.bucket} 第 ${n} 组：已达上限 ${rule.cap}`)
          : bi(`group ${n} of ${rule.every} in ${g.bucket}`, `${g.bucket} 第 ${n} 组（每 ${rule.every} 条）`),
      );
      if (!capped) earned += rule.points;
    }
    const rest = items.length % rule.every;
    if (rest) yield entry(items.slice(items.length - rest), 0, bi(`${rest} of ${rule.every} toward the next group in ${g.bucket}`, `${g.bucket} 距下一组：已有 ${rest}/${rule.every}`));
  }
}

/** Lead follow-up rules: points for each lead whose first follow-up came after the deadline (or not by --as-of). */
function* leadAudit(c: Collected): Generator<AuditEntry> {
  const { acc } = c;
  for (const rule of acc.cfg.rules) {
    if (rule.kind !== 'lead_followup') continue;
    const earned = new Map<string, number>();
    for (const l of [...c.leads].sort((a, b) => a.assigned - b.assigned || a.row - b.row)) {
      const deadline = leadDeadline(acc, rule, l.assigned);
      const follow = l.followUp !== undefined && l.followUp < acc.cutoff ? l.followUp : undefined;
      if (follow !== undefined && follow <= deadline) continue;
      if (follow === undefined && deadline >= acc.cutoff) continue;
      const m = monthIndex(l.assigned);
      const bucket = rule.period === 'week' ? weekIndexKey(weekOf(l.assigned)) : monthKey(m);
      const key = `${l.rep}\t${bucket}`;
      const sum = earned.get(key) ?? 0;
      const capped = rule.cap !== undefined && Math.abs(sum + rule.points) > rule.cap;
      if (!capped) earned.set(key, sum + rule.points);
      const assigned = formatLocal(l.assigned);
      const what =
        follow === undefined
          ? bi(`no follow-up by ${formatLocal(acc.cutoff - 60_000)}`, `截至 ${formatLocal(acc.cutoff - 60_000)} 仍未跟进`)
          : l.followRow !== null
            ? bi(
                `first follow-up ${formatLocal(follow)} (activity row ${l.followRow}), ${hoursText(follow - l.assigned)} h later`,
                `首次跟进 ${formatLocal(follow)}（行为记录第 ${l.followRow} 行），间隔 ${hoursText(follow - l.assigned)} 小时`,
              )
            : bi(`first contact ${formatLocal(follow)}, ${hoursText(follow - l.assigned)} h later`, `首次联系 ${formatLocal(follow)}，间隔 ${hoursText(follow - l.assigned)} 小时`);
      yield {
        rep: l.rep,
        team: '',
        month: monthKey(m),
        bucket,
        rule: rule.id,
        ruleLabel: ruleLabel(rule),
        points: capped ? 0 : rule.points,
        file: l.file,
        rows: l.followRow !== null && l.file === acc.opts.file ? [l.row, l.followRow] : [l.row],
        at: l.assigned,
        note: bi(
          `lead ${l.id} assigned ${assigned}, deadline ${formatLocal(deadline)}: ${what.en}${capped ? '; cap reached' : ''}`,
          `线索 ${l.id} 于 ${assigned} 分配，期限 ${formatLocal(deadline)}：${what.zh}${capped ? '；已达上限' : ''}`,
        ),
      };
    }
  }
}

export const leadDeadline = (acc: FinishHost, rule: LeadRule, assigned: LocalTime): LocalTime =>
  rule.clock === 'working' ? addWorkingHours(assigned, rule.withinHours, acc.clock) : assigned + rule.withinHours * 3_600_000;

export type { Tallies };
