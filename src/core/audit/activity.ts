import { dayNumber, isoDate, MS_PER_DAY } from '../calendar.js';
import type { WonDeal } from '../deals.js';
import { bi, nounCount } from '../i18n.js';
import type { Activity } from '../../schema/rows.js';
import type { AuditConfig } from '../../schema/config/audit.js';
import { amountBi, dealEvidence, type RawFlag } from './types.js';
import { median } from './stats.js';

export interface ActivityCoverage {
  checked: number;
  /** deals signed outside the span the activity log covers (their look-back would be empty by construction) */
  outside: number;
  withoutCustomer: number;
}

/**
 * Won deals with no activity with the customer (or on the deal) in the look-back window before signing.
 * Only deals whose whole window lies inside the span the activity log covers are judged.
 */
export function noActivity(deals: readonly WonDeal[], activities: readonly Activity[], cfg: AuditConfig): { flags: RawFlag[]; coverage: ActivityCoverage } {
  const coverage: ActivityCoverage = { checked: 0, outside: 0, withoutCustomer: 0 };
  if (activities.length === 0) return { flags: [], coverage: { ...coverage, outside: deals.length } };
  const days = new Map<string, number[]>();
  const note = (key: string, t: number) => (days.get(key) ?? days.set(key, []).get(key)!).push(dayNumber(t));
  let first = Infinity;
  let last = -Infinity;
  for (const a of activities) {
    const d = dayNumber(a.at);
    first = Math.min(first, d);
    last = Math.max(last, d);
    if (a.customer) note(`c:${a.customer}`, a.at);
    if (a.deal_id) note(`d:${a.deal_id}`, a.at);
  }
  const flags: RawFlag[] = [];
  for (const d of deals) {
    const signed = dayNumber(d.closed_at);
    const from = signed - cfg.activityLookbackDays;
    if (from < first || signed > last) {
      coverage.outside++;
      continue;
    }
    if (!d.customer) {
      coverage.withoutCustomer++;
      continue;
    }
    coverage.checked++;
    const touched = [...(days.get(`c:${d.customer}`) ?? []), ...(days.get(`d:${d.id}`) ?? [])].some((x) => x >= from && x <= signed);
    if (touched) continue;
    const window = `${isoDate(from * MS_PER_DAY)} … ${isoDate(d.closed_at)}`;
    flags.push({
      kind: 'no_activity',
      severity: 'medium',
      level: 'deal',
      rep: d.rep,
      team: d.team ?? d.region,
      value: 0,
      metric: bi(`activities with the customer in the ${cfg.activityLookbackDays} days before signing`, `签约前 ${cfg.activityLookbackDays} 天内与该客户的活动数`),
      message: bi(
        `${d.id} (${d.rep}, ${d.customer}, ${amountBi(d.amount).en}) signed ${isoDate(d.closed_at)} with no recorded activity with the customer in ${window}`,
        `${d.id}（${d.rep}，${d.customer}，${amountBi(d.amount).zh}）于 ${isoDate(d.closed_at)} 签约，但 ${window} 期间没有与该客户的任何活动记录`,
      ),
      evidence: [dealEvidence(d, bi(`no activity with ${d.customer} in ${window}`, `${window} 期间无与 ${d.customer} 的活动`))],
    });
  }
  return { flags, coverage };
}

/**
 * Deals whose engage-to-close time is a small fraction of the rep's median, when such closes are rare for
 * the rep. A deal closed before it was created is a data error (reading the deals reports it), not a
 * fast close: it is left out, of the flags and of the rep's median. `reps` counts the reps judged.
 */
export function fastCloses(deals: readonly WonDeal[], cfg: AuditConfig): { flags: RawFlag[]; reps: number } {
  const byRep = new Map<string, { d: WonDeal; days: number }[]>();
  for (const d of deals) {
    if (d.created_at === undefined) continue;
    const days = dayNumber(d.closed_at) - dayNumber(d.created_at);
    if (days < 0) continue;
    const list = byRep.get(d.rep) ?? byRep.set(d.rep, []).get(d.rep)!;
    list.push({ d, days });
  }
  const flags: RawFlag[] = [];
  let reps = 0;
  for (const [rep, list] of byRep) {
    if (list.length < cfg.minHistory) continue;
    reps++;
    const usual = median(list.map((x) => x.days));
    const limit = usual * cfg.engageToCloseRatio;
    // A rep for whom quick closes are common (small repeat orders) has nothing unusual to flag.
    if (list.filter((x) => x.days <= limit).length > list.length * cfg.fastCloseShare) continue;
    for (const { d, days } of list) {
      if (days > limit) continue;
      flags.push({
        kind: 'fast_close',
        severity: 'medium',
        level: 'deal',
        rep,
        team: d.team ?? d.region,
        value: days,
        expected: usual,
        score: usual > 0 ? days / usual : 0,
        metric: bi('days from engagement to signing', '从接洽到签约的天数'),
        message: bi(
          `${d.id} (${rep}, ${d.customer ?? '—'}, ${amountBi(d.amount).en}): engaged ${isoDate(d.created_at!)}, signed ${isoDate(d.closed_at)} — ${nounCount(days, 'day')} against ${rep}'s usual ${usual}`,
          `${d.id}（${rep}，${d.customer ?? '—'}，${amountBi(d.amount).zh}）：${isoDate(d.created_at!)} 接洽，${isoDate(d.closed_at)} 签约——仅 ${days} 天，而 ${rep} 通常需要 ${usual} 天`,
        ),
        evidence: [dealEvidence(d, bi(`${days} days from engagement (median ${usual})`, `接洽到签约 ${days} 天（中位数 ${usual}）`))],
      });
    }
  }
  return { flags, reps };
}
