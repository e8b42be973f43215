import { dayNumber, isoDate, monthEnd, monthIndex, monthKey, quarterIndex, quarterKey, quarterEnd } from '../calendar.js';
import type { WonDeal } from '../deals.js';
import { bi } from '../i18n.js';
import type { Deal } from '../../schema/rows.js';
import type { AuditConfig } from '../../schema/config/audit.js';
import { amountBi, dealEvidence, type RawFlag } from './types.js';

const REVERSED = /cancel|refund|revers|revert|void|rescind|chargeback|return|取消|退款|退单|退货|作废|撤销|撤单|冲销|冲红|红冲/i;

/** Whether a status or stage label says the order was undone. */
export const saysReversed = (d: Deal): boolean => REVERSED.test(d.status ?? '') || (d.stage !== 'won' && REVERSED.test(d.stage_label));

/** The period whose last N days a date falls in (quarter first, else month); undefined when it is not period end. */
export function periodEndOf(t: number, lastDays: number): string | undefined {
  const day = dayNumber(t);
  const q = quarterIndex(t);
  if (day > dayNumber(quarterEnd(q)) - lastDays) return quarterKey(q);
  const m = monthIndex(t);
  return day > dayNumber(monthEnd(m)) - lastDays ? monthKey(m) : undefined;
}

/**
 * Deals signed in the last N days of a month or quarter and undone within M days: a cancel/refund date,
 * a status that says so, or a negative correcting row for the same customer. `signed` are the deals
 * counted as signed; `all` includes negative rows and cancelled stages.
 */
export function reversals(signed: readonly WonDeal[], all: readonly Deal[], cfg: AuditConfig): RawFlag[] {
  const corrections = all.filter((d) => (d.amount ?? 0) < 0 && d.customer !== undefined);
  const flags: RawFlag[] = [];
  for (const d of signed) {
    const period = periodEndOf(d.closed_at, cfg.lastDays);
    if (!period) continue;
    const signedDay = dayNumber(d.closed_at);
    const within = (t: number | undefined) => t !== undefined && dayNumber(t) >= signedDay && dayNumber(t) - signedDay <= cfg.reversalDays;
    let how: { days?: number; text: ReturnType<typeof bi>; extra?: Deal } | undefined;
    if (d.cancelled_at !== undefined && within(d.cancelled_at)) {
      const days = dayNumber(d.cancelled_at) - signedDay;
      how = { days, text: bi(`cancelled/refunded on ${isoDate(d.cancelled_at)}, ${days} days after signing`, `签约 ${days} 天后于 ${isoDate(d.cancelled_at)} 取消/退款`) };
    } else if (d.cancelled_at === undefined && saysReversed(d)) {
      how = { text: bi(`status "${d.status ?? d.stage_label}" says it was undone (no date given)`, `状态"${d.status ?? d.stage_label}"表明已撤销（无日期）`) };
    } else {
      const neg = corrections.find(
        (c) => c.customer === d.customer && c !== d && within(c.closed_at ?? c.created_at) && Math.abs(c.amount!) <= (d.amount ?? 0) * (1 + cfg.amountTolerance),
      );
      if (neg) {
        const days = dayNumber((neg.closed_at ?? neg.created_at)!) - signedDay;
        how = { days, extra: neg, text: bi(`reversed by the negative row ${neg.row} (${amountBi(neg.amount).en}), ${days} days later`, `${days} 天后被第 ${neg.row} 行的负数冲销（${amountBi(neg.amount).zh}）`) };
      }
    }
    if (!how) continue;
    const signedNote = bi(`signed ${isoDate(d.closed_at)}, in the last ${cfg.lastDays} days of ${period}`, `${isoDate(d.closed_at)} 签约，处于 ${period} 最后 ${cfg.lastDays} 天`);
    flags.push({
      kind: 'reversal',
      severity: 'high',
      level: 'deal',
      rep: d.rep,
      team: d.team ?? d.region,
      period,
      value: how.days ?? NaN,
      metric: bi('days from signing to reversal', '签约到撤销的天数'),
      message: bi(
        `${d.id} (${d.rep}, ${d.customer ?? '—'}, ${amountBi(d.amount).en}): ${signedNote.en}; ${how.text.en}`,
        `${d.id}（${d.rep}，${d.customer ?? '—'}，${amountBi(d.amount).zh}）：${signedNote.zh}；${how.text.zh}`,
      ),
      evidence: [dealEvidence(d, how.text), ...(how.extra ? [dealEvidence(how.extra, bi('negative correcting row', '负数冲销行'), how.extra.closed_at ?? how.extra.created_at)] : [])],
    });
  }
  return flags;
}
