import { endOfDay, type LocalTime } from './calendar.js';
import type { Deal } from '../schema/rows.js';

export type WonDeal = Deal & { stage: 'won'; closed_at: number };

export const isWon = (d: Deal): d is WonDeal => d.stage === 'won' && d.closed_at !== undefined;

/**
 * The stage of a deal won or lost after the as-of date, on that date: the export keeps only its final
 * stage, so which open stage it was in is unknown (a configured stage probability never matches it; it
 * is weighted by the learned win rate).
 */
export const CLOSED_LATER_STAGE = 'open then (closed after the as-of date)';

/** A deals export read as of a date, and what that reading changed. */
export interface DealsAsOf {
  /** the deals as they stood at the end of the as-of day */
  deals: Deal[];
  /** created after the as-of date: they did not exist yet */
  notYetCreated: number;
  /** won or lost after the as-of date (created by then): open on it */
  closedLater: number;
  /**
   * No created date, not closed by the as-of date, in an export that runs past it: whether they existed
   * on the as-of date is unknown, and they are left out (`unknownCreationCheck` says so first).
   */
  unknownCreation: number;
}

/**
 * The deals as they stood on `asOf` (the day counted whole), as far as the export can tell: a deal created
 * later does not exist yet; a deal won or lost later was open then, with the export's amount and expected
 * close; a cancellation is left to the readers (a win cancelled later still counts). A deal without a
 * created date is known from its close date; one not closed by `asOf` is left out when the export runs past
 * `asOf` (it may have been created later), and kept when it does not (the export was taken by then).
 * Every reading of deals by an as-of (the plan, its eve-of-quarter plans, backtest, accuracy's actuals)
 * goes through here, so a row dated after the as-of cannot change what they show.
 */
export function dealsAsOf(deals: readonly Deal[], asOf: LocalTime): DealsAsOf {
  const by = endOfDay(asOf);
  const runsPast = exportRunsPast(deals, by);
  const out: Deal[] = [];
  let notYetCreated = 0;
  let closedLater = 0;
  let unknownCreation = 0;
  for (const d of deals) {
    if (d.created_at !== undefined && d.created_at >= by) {
      notYetCreated++;
      continue;
    }
    const closedBy = d.stage !== 'open' && (d.closed_at === undefined || d.closed_at < by);
    if (d.created_at === undefined && !closedBy && runsPast) {
      unknownCreation++;
      continue;
    }
    if (d.stage === 'open' || closedBy) {
      out.push(d);
      continue;
    }
    closedLater++;
    const { closed_at: _closed, cancelled_at: _cancelled, ...rest } = d;
    out.push({ ...rest, stage: 'open', stage_label: CLOSED_LATER_STAGE });
  }
  return { deals: out, notYetCreated, closedLater, unknownCreation };
}

/** Whether the export has a deal created, closed or cancelled after `by`: it was taken after that moment. */
const exportRunsPast = (deals: readonly Deal[], by: LocalTime): boolean =>
  deals.some((d) => (d.created_at ?? -Infinity) >= by || (d.closed_at ?? -Infinity) >= by || (d.cancelled_at ?? -Infinity) >= by);

/**
 * Whether each won deal brought a new customer: the export's own flag when it has one, else "this is
 * the customer's first won deal in the data" (ties on the same day go to the lower row). Deals without
 * a customer count as new only when flagged.
 */
export function newCustomerFlags(deals: readonly Deal[]): Map<Deal, boolean> {
  const won = deals.filter(isWon).sort((a, b) => a.closed_at - b.closed_at || a.row - b.row);
  const seen = new Set<string>();
  const out = new Map<Deal, boolean>();
  for (const d of won) {
    const first = d.customer !== undefined && !seen.has(d.customer);
    if (d.customer !== undefined) seen.add(d.customer);
    out.set(d, d.is_new_customer ?? first);
  }
  return out;
}
