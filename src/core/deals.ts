import type { Deal } from '../schema/rows.js';

export type WonDeal = Deal & { stage: 'won'; closed_at: number };

export const isWon = (d: Deal): d is WonDeal => d.stage === 'won' && d.closed_at !== undefined;

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
