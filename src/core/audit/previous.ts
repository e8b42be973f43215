import { dayNumber, endOfDay, isoDate, quarterEnd, quarterIndex, quarterKey, type LocalTime } from '../calendar.js';
import { byId } from '../changes/index.js';
import { bi, type Bi } from '../i18n.js';
import type { Deal } from '../../schema/rows.js';
import type { AuditConfig } from '../../schema/config/audit.js';
import { saysReversed } from './reversals.js';
import { amountBi, dealEvidence, type Evidence, type RawFlag } from './types.js';

/** The quarter whose last N days a date falls in; undefined when it is not quarter end. */
function quarterEndOf(t: LocalTime, lastDays: number): string | undefined {
  const q = quarterIndex(t);
  return dayNumber(t) > dayNumber(quarterEnd(q)) - lastDays ? quarterKey(q) : undefined;
}

const wonAt = (d: Deal | undefined): d is Deal & { closed_at: number } => d !== undefined && d.stage === 'won' && d.closed_at !== undefined;
const undoneNow = (d: Deal) => d.cancelled_at !== undefined || saysReversed(d);

export interface PreviousEvidence {
  flags: RawFlag[];
  /** deals matched by id in both exports */
  matched: number;
}

/**
 * Cramming evidence only two exports show: a deal the previous export shows won in the last N days of a
 * quarter that the current one shows lost, reopened or deleted (one export alone no longer counts it as
 * won, so it cannot see it); or a deal open in the previous export with a later expected close, pulled
 * into the last N days of the quarter and won, then cancelled.
 */
export function undoneQuarterEndWins(previous: readonly Deal[], current: readonly Deal[], cfg: AuditConfig, asOf: LocalTime, files: { previous: string; current: string }): PreviousEvidence {
  const olds = byId(previous, files.previous);
  const news = byId(current, files.current);
  const flags: RawFlag[] = [];
  let matched = 0;
  for (const id of olds.keys()) if (news.has(id)) matched++;
  for (const id of [...new Set([...olds.keys(), ...news.keys()])].sort()) {
    const o = olds.get(id);
    const n = news.get(id);
    const today = endOfDay(asOf);
    let won: (Deal & { closed_at: number }) | undefined;
    let pulledFrom: LocalTime | null | undefined;
    if (wonAt(o) && o.closed_at < today) won = o;
    else if (wonAt(n) && n.closed_at < today && o?.stage === 'open' && (o.expected_close_at === undefined || o.expected_close_at > quarterEnd(quarterIndex(n.closed_at)))) {
      won = n;
      pulledFrom = o.expected_close_at ?? null;
    }
    if (!won) continue;
    const quarter = quarterEndOf(won.closed_at, cfg.lastDays);
    if (!quarter) continue;
    let now: Bi | undefined;
    if (!n) now = bi('gone from the current export (deleted)', '已从当前导出中消失（被删除）');
    else if (n.stage === 'lost') now = bi(`lost ("${n.stage_label}")`, `输单（"${n.stage_label}"）`);
    else if (n.stage === 'open') {
      const later = n.expected_close_at !== undefined && n.expected_close_at > quarterEnd(quarterIndex(won.closed_at));
      now = bi(
        `reopened ("${n.stage_label}"${n.expected_close_at === undefined ? '' : `, expected close ${isoDate(n.expected_close_at)}`})${later ? ': its close belongs after the quarter' : ''}`,
        `重新打开（"${n.stage_label}"${n.expected_close_at === undefined ? '' : `，预计成交 ${isoDate(n.expected_close_at)}`}）${later ? '：其成交应在季度之后' : ''}`,
      );
      // A win still standing in the current export with a cancellation is the reversal check's; pulled in, it is cramming too.
    } else if (pulledFrom !== undefined && undoneNow(n))
      now = n.cancelled_at !== undefined
        ? bi(`cancelled on ${isoDate(n.cancelled_at)}`, `于 ${isoDate(n.cancelled_at)} 取消`)
        : bi(`status "${n.status ?? n.stage_label}" says it was undone`, `状态"${n.status ?? n.stage_label}"表明已撤销`);
    if (!now) continue;
    const pulled =
      pulledFrom === undefined
        ? bi('', '')
        : pulledFrom === null
          ? bi('; pulled in: no expected close in --previous', '；被提前纳入：--previous 中尚无预计成交日期')
          : bi(`; pulled in from an expected close of ${isoDate(pulledFrom)} in --previous`, `；被提前纳入：--previous 中预计 ${isoDate(pulledFrom)} 成交`);
    const signed = bi(
      `won ${isoDate(won.closed_at)}, in the last ${cfg.lastDays} days of ${quarter}${pulled.en}`,
      `${isoDate(won.closed_at)} 赢单，处于 ${quarter} 最后 ${cfg.lastDays} 天${pulled.zh}`,
    );
    const evidence: Evidence[] = [{ ...dealEvidence(won, signed), file: won === o ? 'previous' : 'deals' }];
    if (n && won !== n) evidence.push(dealEvidence(n, now, n.cancelled_at ?? n.closed_at ?? n.expected_close_at));
    flags.push({
      kind: 'cramming',
      severity: 'high',
      level: 'deal',
      rep: won.rep,
      team: won.team ?? won.region,
      period: quarter,
      value: dayNumber(quarterEnd(quarterIndex(won.closed_at))) - dayNumber(won.closed_at),
      metric: bi('days before quarter end the deal was won (0 = the last day)', '赢单日距季末的天数（0 = 最后一天）'),
      message: bi(
        `${id} (${won.rep}, ${won.customer ?? '—'}, ${amountBi(won.amount).en}): ${signed.en}; now ${now.en} — a quarter-end win undone, cramming evidence (--previous)`,
        `${id}（${won.rep}，${won.customer ?? '—'}，${amountBi(won.amount).zh}）：${signed.zh}；现${now.zh}——季末赢单被撤销，属冲量证据（--previous）`,
      ),
      evidence,
    });
  }
  return { flags, matched };
}
