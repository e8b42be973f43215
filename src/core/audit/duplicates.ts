import { dayNumber, isoDate } from '../calendar.js';
import type { WonDeal } from '../deals.js';
import { bi, nounCount } from '../i18n.js';
import type { Deal } from '../../schema/rows.js';
import type { AuditConfig } from '../../schema/config/audit.js';
import { amountBi, dealEvidence, type RawFlag } from './types.js';
import { sameAmount } from './stats.js';
import { sumMoney } from '../values/money-sum.js';

const dateOf = (d: Deal) => d.closed_at ?? d.expected_close_at ?? d.created_at;

/** Every subset of 2…4 deals (clusters are small) whose amounts add up to `target`. */
function summingSubset(parts: readonly WonDeal[], target: number, tolerance: number): WonDeal[] | undefined {
  const n = Math.min(parts.length, 12);
  for (let mask = 1; mask < 1 << n; mask++) {
    const pick = parts.slice(0, n).filter((_, i) => mask & (1 << i));
    if (pick.length < 2 || pick.length > 4) continue;
    if (sameAmount(sumMoney(pick.map((d) => d.amount ?? 0)), target, tolerance)) return pick;
  }
  return undefined;
}

/** Equal as every report prints them: to the cent. */
const sameCents = (a: number, b: number) => Math.round(a * 100) === Math.round(b * 100);

/** The same order entered twice by different reps: same product, created the same day. */
const sameOrder = (a: Deal, b: Deal) =>
  a.product !== undefined && a.product === b.product && a.created_at !== undefined && b.created_at !== undefined && dayNumber(a.created_at) === dayNumber(b.created_at);

/** "D1 (Ann, 5,664) and D2 (Bob, 5,642)": each deal with its rep and amount, so no pair hides who booked what. */
const dealText = (d: Deal, lang: 'en' | 'zh') => (lang === 'en' ? `${d.id} (${d.rep}, ${amountBi(d.amount).en})` : `${d.id}（${d.rep}，${amountBi(d.amount).zh}）`);
const pairText = (a: Deal, b: Deal, lang: 'en' | 'zh') => (lang === 'en' ? `${dealText(a, lang)} and ${dealText(b, lang)}` : `${dealText(a, lang)} 与 ${dealText(b, lang)}`);

/**
 * Duplicates: two won deals of one customer signed within `duplicateDays`, amounts equal to the cent,
 * and either the same rep or the same product created the same day (one order entered twice).
 * Possible splits: two reps' deals of one customer within `duplicateDays`, amounts within
 * `amountTolerance` and not two different products — perhaps one order credited to both; low severity.
 * Splits: won deals of one customer signed within `splitDays` of each other whose amounts add up to
 * another deal of that customer that was not counted (lost, open or cancelled: the order they were cut
 * from) dated within `splitMatchDays`.
 */
export function duplicatesAndSplits(signed: readonly WonDeal[], all: readonly Deal[], cfg: AuditConfig): RawFlag[] {
  const byCustomer = new Map<string, WonDeal[]>();
  for (const d of signed) if (d.customer && d.amount !== undefined) (byCustomer.get(d.customer) ?? byCustomer.set(d.customer, []).get(d.customer)!).push(d);
  const flags: RawFlag[] = [];
  const common = (d: Deal) => ({ rep: d.rep, team: d.team ?? d.region, level: 'deal' as const });
  for (const [customer, deals] of byCustomer) {
    deals.sort((a, b) => a.closed_at - b.closed_at || a.row - b.row);
    const gap = (a: WonDeal, b: WonDeal) => Math.abs(dayNumber(b.closed_at) - dayNumber(a.closed_at));
    for (let i = 0; i < deals.length; i++)
      for (let j = i + 1; j < deals.length && gap(deals[i], deals[j]) <= cfg.duplicateDays; j++) {
        const [a, b] = [deals[i], deals[j]];
        const signedText = bi(`signed ${isoDate(a.closed_at)} and ${isoDate(b.closed_at)}`, `分别于 ${isoDate(a.closed_at)} 和 ${isoDate(b.closed_at)} 签约`);
        if (sameCents(a.amount!, b.amount!) && (a.rep === b.rep || sameOrder(a, b))) {
          const why = a.rep === b.rep ? bi('same rep', '同一销售') : bi(`same product (${a.product}) created the same day`, `同一产品（${a.product}）且同日创建`);
          flags.push({
            kind: 'duplicate',
            severity: 'high',
            ...common(b),
            value: b.amount!,
            metric: bi('amount booked twice', '重复录入的金额'),
            message: bi(
              `${pairText(a, b, 'en')}: ${customer}, ${why.en}, ${signedText.en}`,
              `${pairText(a, b, 'zh')}：${customer}，${why.zh}，${signedText.zh}`,
            ),
            evidence: [a, b].map((d) =>
              dealEvidence(d, bi(`same customer and amount within ${nounCount(cfg.duplicateDays, 'day')}, ${why.en}`, `同一客户、同一金额、相隔不超过 ${cfg.duplicateDays} 天，${why.zh}`)),
            ),
          });
        } else if (a.rep !== b.rep && sameAmount(a.amount!, b.amount!, cfg.amountTolerance) && !(a.product && b.product && a.product !== b.product)) {
          flags.push({
            kind: 'split',
            severity: 'low',
            ...common(b),
            value: b.amount!,
            metric: bi('amount of the second deal of a near-identical pair booked by two reps', '两名销售录入的近似订单中后一单的金额'),
            message: bi(
              `possible split: ${pairText(a, b, 'en')}: ${customer}, ${signedText.en} — near-identical deals of two reps; check whether one order was credited to both`,
              `疑似拆单：${pairText(a, b, 'zh')}：${customer}，${signedText.zh}——两名销售的近似订单；请核实是否同一订单记给了两人`,
            ),
            evidence: [a, b].map((d) => dealEvidence(d, bi(`near-identical deal of ${d.rep} within ${nounCount(cfg.duplicateDays, 'day')}`, `${d.rep} 的近似订单，相隔不超过 ${cfg.duplicateDays} 天`))),
          });
        }
      }
    // clusters: runs of deals each within splitDays of the previous one
    const clusters: WonDeal[][] = [];
    for (const d of deals) {
      const cur = clusters.at(-1);
      if (cur && gap(cur.at(-1)!, d) <= cfg.splitDays) cur.push(d);
      else clusters.push([d]);
    }
    for (const cluster of clusters.filter((c) => c.length >= 2)) {
      const start = dayNumber(cluster[0].closed_at);
      const originals = all.filter((o) => {
        const t = dateOf(o);
        // The order the parts were cut from was not itself counted: lost, open, or cancelled.
        const counted = o.stage === 'won' && o.cancelled_at === undefined;
        return o.customer === customer && !counted && o.amount !== undefined && o.amount > 0 && t !== undefined && Math.abs(dayNumber(t) - start) <= cfg.splitMatchDays;
      });
      for (const original of originals) {
        const parts = summingSubset(cluster, original.amount!, cfg.amountTolerance);
        if (!parts) continue;
        const ids = (lang: 'en' | 'zh') => parts.map((p) => dealText(p, lang)).join(' + ');
        flags.push({
          kind: 'split',
          severity: 'medium',
          ...common(parts[0]),
          value: original.amount!,
          metric: bi('amount of the order the parts add up to', '拆分各单合计对应的原单金额'),
          message: bi(
            `${ids('en')}: ${customer}, signed within ${nounCount(cfg.splitDays, 'day')}, add up to ${original.id} (${original.rep}, ${amountBi(original.amount).en}, ${original.stage_label})`,
            `${ids('zh')}：${customer}，在 ${cfg.splitDays} 天内签约，合计等于 ${original.id}（${original.rep}，${amountBi(original.amount).zh}，${original.stage_label}）`,
          ),
          evidence: [
            ...parts.map((p) => dealEvidence(p, bi(`part of a split of ${original.id}`, `拆分自 ${original.id}`))),
            dealEvidence(original, bi('the order the parts add up to', '各部分合计对应的订单'), dateOf(original)),
          ],
        });
        break;
      }
    }
  }
  return flags;
}
