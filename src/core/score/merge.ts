/**
 * What a continuation piece (ScoreOptions.continuation) keeps beyond a serial pass, and the lookups the
 * merge makes in it. The merge itself is `ScoreAccumulator.merge`, which owns the state it joins.
 *
 * Why these suffice: the merge goes ahead only when the piece's rows are in time order within slackDays
 * of everything before them (else the caller reads the rows in one pass). Then every row before the cut
 * is at most `first` + slack, where `first` is the piece's first time, so:
 * - a contact of the piece can be met by a log before the cut only if it is no later than that: those it
 *   judged failed wait in `provisional`; those still open are checked at the merge;
 * - a contact before the cut can be met by a log of the piece at any time up to its deadline: the piece
 *   keeps every log time up to `first` + slack and the earliest one after (if that one is past the
 *   deadline, so is every later one);
 * - a lead assigned before the cut is followed up by the piece's earliest row at or after the assignment:
 *   the same head-and-earliest-after record finds it.
 * Objection windows and follow-ups thus depend only on which rows exist, not on when the pass saw them,
 * as in a serial pass over rows in that order.
 */
import type { LocalTime } from '../calendar.js';
import type { Contact, FollowCandidates, FollowIndex, LogCandidates, PairSlot } from './state.js';

/** Notes an objection log at `at` among a pair's; `early`: the piece's first time + slack. */
export function keepLog(k: LogCandidates, at: LocalTime, early: LocalTime): void {
  if (at <= early) k.head.push(at);
  else if (at < k.after) k.after = at;
}

export const noLogs = (): LogCandidates => ({ head: [], after: Infinity });

/** Notes a follow-up at `at` (row `row`) among a lead's or customer's candidates; `early`: the piece's first time + slack. */
export function keepFollow(k: FollowCandidates, at: LocalTime, row: number, early: LocalTime): void {
  if (at <= early) k.head.push(at, row);
  else if (at < k.afterAt) {
    k.afterAt = at;
    k.afterRow = row;
  }
}

/** A lead's candidates in the index, made when its first row comes. */
export function leadFollow(index: FollowIndex, rep: string, id: string): FollowCandidates {
  let byId = index.get(rep);
  if (!byId) index.set(rep, (byId = new Map()));
  let k = byId.get(id);
  if (!k) byId.set(id, (k = noFollow()));
  return k;
}

export const noFollow = (): FollowCandidates => ({ head: [], afterAt: Infinity, afterRow: 0 });

/** Whether the piece holds a log of the pair (its slot there) within the contact's window. */
export function logMeets(s: PairSlot | undefined, c: Contact): boolean {
  const k = s?.logTimes;
  return !!k && (k.after < c.deadline || k.head.some((t) => t >= c.at && t < c.deadline));
}

/** The earliest follow-up at or after `from` among candidates, the first in file order on a tie; null: none. */
export function earliestFollow(lists: (FollowCandidates | null | undefined)[], from: LocalTime): { at: LocalTime; row: number } | null {
  let best: { at: LocalTime; row: number } | null = null;
  const offer = (at: LocalTime, row: number) => {
    if (at >= from && (best === null || at < best.at || (at === best.at && row < best.row))) best = { at, row };
  };
  for (const k of lists) {
    if (!k) continue;
    for (let i = 0; i < k.head.length; i += 2) offer(k.head[i], k.head[i + 1]);
    if (k.afterAt !== Infinity) offer(k.afterAt, k.afterRow);
  }
  return best;
}

/** Sets the bits of `from` in `into`, calling `overlap` with each week index set in both. */
export function orWeeks(into: number[], from: number[], overlap: (week: number) => void): void {
  for (let i = 0; i < into.length; i++) {
    let both = into[i] & from[i];
    while (both) {
      const bit = 31 - Math.clz32(both & -both);
      overlap(i * 32 + bit);
      both &= both - 1;
    }
    into[i] |= from[i];
  }
}
