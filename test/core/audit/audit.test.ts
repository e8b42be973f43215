import { describe, expect, it } from 'vitest';
import { localTime } from '../../../src/core/calendar.js';
import { runAudit } from '../../../src/core/audit/index.js';
import { binomialZ, shrunkShare } from '../../../src/core/audit/stats.js';
import { AuditConfigSchema } from '../../../src/schema/config/audit.js';
import type { Deal } from '../../../src/schema/rows.js';

const config = AuditConfigSchema.parse({});
let row = 1;
const deal = (rep: string, date: [number, number, number], extra: Partial<Deal> = {}): Deal => ({
  row: ++row,
  id: `D${row}`,
  rep,
  team: 'T',
  customer: `${rep} customer ${row}`,
  stage: 'won',
  stage_label: 'Won',
  amount: 1000,
  created_at: localTime(date[0], date[1], date[2] - 20),
  closed_at: localTime(...date),
  ...extra,
});
const asOf = localTime(2025, 5, 1);

describe('audit core', () => {
  it('shrinks a short history toward the even share and scores binomially', () => {
    expect(shrunkShare(0, 0, 0.1, 10)).toBeCloseTo(0.1);
    expect(shrunkShare(5, 10, 0.1, 10)).toBeCloseTo(0.3); // (5 + 1) / 20
    expect(binomialZ(2, 4, 0.5)).toBe(0); // exactly the expected count
    expect(binomialZ(3, 4, 0.25)).toBeCloseTo(2 / Math.sqrt(0.75));
  });

  it('computes period-end concentration by hand: 2 of 4 in the last 3 days of 2025-Q1', () => {
    const deals = [
      deal('A', [2025, 1, 10]), deal('A', [2025, 2, 10]), deal('A', [2025, 3, 30]), deal('A', [2025, 3, 31]),
      deal('B', [2025, 1, 10]), deal('B', [2025, 2, 10]), deal('B', [2025, 3, 10]), deal('B', [2025, 3, 15]),
    ];
    const r = runAudit({ deals, asOf, config });
    const a = r.concentration.find((p) => p.unit === 'A' && p.periodKind === 'quarter')!;
    // even spread inside March: 2 of 4 deals in March × 3/31 = 0.0484 beats B's shrunk share (0 + 10·3/90) / 14 = 0.0238
    const p = (2 / 4) * (3 / 31);
    expect(a).toMatchObject({ deals: 4, lastDeals: 2, share: 0.5, amountShare: 0.5, expected: 0.048 });
    expect(a.z).toBeCloseTo((2 - 4 * p) / Math.sqrt(4 * p * (1 - p)), 2);
    const flagged = r.flags.filter((f) => f.kind === 'cramming' && f.rep === 'A');
    expect(flagged.map((f) => f.period)).toEqual(['2025-03', '2025-Q1', 'all']);
    expect(flagged[0].evidence.map((e) => e.row)).toEqual([deals[2].row, deals[3].row]);
    expect(r.flags.some((f) => f.rep === 'B')).toBe(false);
  });

  it('does not judge a period that is not over yet', () => {
    const deals = [deal('A', [2025, 4, 28]), deal('A', [2025, 4, 29]), deal('A', [2025, 4, 30]), deal('B', [2025, 4, 2])];
    expect(runAudit({ deals, asOf: localTime(2025, 4, 30), config }).flags).toEqual([]);
  });

  it('finds reversals, duplicates and splits, and leaves ordinary deals alone', () => {
    const deals = [
      deal('A', [2025, 3, 30], { customer: 'X', amount: 5000, cancelled_at: localTime(2025, 4, 20) }), // 21 days: reversal
      deal('A', [2025, 3, 29], { customer: 'Y', amount: 5000, cancelled_at: localTime(2025, 6, 20) }), // 83 days: outside M
      deal('A', [2025, 2, 10], { customer: 'Z', amount: 700, cancelled_at: localTime(2025, 2, 12) }), // not period end
      deal('B', [2025, 2, 3], { customer: 'D', amount: 300 }),
      deal('B', [2025, 2, 4], { customer: 'D', amount: 300 }), // duplicate
      deal('B', [2025, 2, 14], { customer: 'S', amount: 900, stage: 'lost', stage_label: 'Lost' }),
      deal('B', [2025, 2, 16], { customer: 'S', amount: 600 }),
      deal('B', [2025, 2, 17], { customer: 'S', amount: 300 }), // 600 + 300 = the lost 900
    ];
    const r = runAudit({ deals, asOf, config });
    expect(r.counts).toMatchObject({ reversal: 1, duplicate: 1, split: 1 });
    const rev = r.flags.find((f) => f.kind === 'reversal')!;
    expect(rev).toMatchObject({ rep: 'A', period: '2025-Q1', value: 21 });
    expect(r.flags.find((f) => f.kind === 'split')!.evidence.map((e) => e.row)).toEqual([deals[6].row, deals[7].row, deals[5].row]);
  });
});
