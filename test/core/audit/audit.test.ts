import { describe, expect, it } from 'vitest';
import { localTime } from '../../../src/core/calendar.js';
import { runAudit } from '../../../src/core/audit/index.js';
import { formatNumber } from '../../../src/core/i18n.js';
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
    expect(a).toMatchObject({ deals: 4, lastDeals: 2, share: 0.5, amountShare: 0.5 });
    expect(a.expected).toBeCloseTo(p, 12); // unrounded: 0.04838…, not 0.048
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

describe('issue 16: duplicates, possible splits, an old verdict, -0.00', () => {
  const at = (d: string) => {
    const [y, m, day] = d.split('-').map(Number);
    return localTime(y, m, day);
  };
  const pair = (customer: string, a: Partial<Deal>, b: Partial<Deal>) => [
    deal('A', [2025, 6, 11], { customer, product: 'GTX', created_at: at('2025-04-01'), ...a }),
    deal('A', [2025, 6, 12], { customer, product: 'GTX', created_at: at('2025-05-01'), ...b }),
  ];

  it('calls a pair a duplicate only with equal amounts and the same rep or the same order; two reps\' near-twins are a low possible split', () => {
    const deals = [
      ...pair('Lex', { amount: 948 }, { amount: 948 }), // same rep, equal: duplicate
      ...pair('Open', { rep: 'Cass', amount: 5664 }, { rep: 'Corl', amount: 5642 }), // two reps, same product, 0.4% apart: possible split
      ...pair('Ware', { rep: 'Mo', amount: 4651 }, { rep: 'Gla', amount: 4631, product: 'Pro' }), // two products: nothing
      ...pair('Umb', { amount: 4581 }, { amount: 4565 }), // same rep, amounts differ: nothing
      ...pair('Twin', { rep: 'Kim', amount: 700 }, { rep: 'Lee', amount: 700, created_at: at('2025-04-01') }), // same product created the same day: duplicate
    ];
    const r = runAudit({ deals, asOf: at('2025-12-31'), config });
    const found = r.flags.filter((f) => f.kind === 'duplicate' || f.kind === 'split').map((f) => [f.kind, f.severity, f.evidence.map((e) => e.customer)[0]]);
    expect(found).toEqual([
      ['duplicate', 'high', 'Lex'],
      ['duplicate', 'high', 'Twin'],
      ['split', 'low', 'Open'],
    ]);
    const split = r.flags.find((f) => f.severity === 'low')!;
    expect(split.message.en).toMatch(/^possible split: D\d+ \(Cass, 5,664\) and D\d+ \(Corl, 5,642\): Open/);
    expect(split.message.en).not.toContain('each');
    expect(r.flags.find((f) => f.evidence[0].customer === 'Twin')!.message.en).toMatch(/\(Kim, 700\) and D\d+ \(Lee, 700\): Twin, same product \(GTX\) created the same day/);
  });

  it('judges a closed period against earlier periods only: later data cannot change its verdict', () => {
    // A crams 2 of 4 deals into the last 3 days of 2025-Q1; B spreads hers.
    const early = [
      deal('A', [2025, 1, 10]), deal('A', [2025, 2, 10]), deal('A', [2025, 3, 30]), deal('A', [2025, 3, 31]),
      deal('B', [2025, 1, 10]), deal('B', [2025, 2, 10]), deal('B', [2025, 3, 10]), deal('B', [2025, 3, 15]),
    ];
    // A year later A signs all 10 of 2026-Q1 in its last 3 days: with it in the baseline, 2025-Q1 would look normal for A.
    const later = Array.from({ length: 10 }, (_, i) => deal('A', [2026, 3, 29 + (i % 3)]));
    const verdict = (deals: Deal[], asOf: number) =>
      runAudit({ deals, asOf, config })
        .flags.filter((f) => f.kind === 'cramming' && (f.period === '2025-Q1' || f.period === '2025-03'))
        .map((f) => [f.period, f.value, f.expected, f.score]);
    const before = verdict(early, at('2025-05-01'));
    expect(before.map((v) => v[0])).toEqual(['2025-03', '2025-Q1']);
    expect(verdict([...early, ...later], at('2026-05-01'))).toEqual(before);
  });

  it('prints a z that rounds to zero without a sign', () => {
    expect(formatNumber('en', -0.001, 2)).toBe('0.00');
    expect(formatNumber('zh', -0.004, 2)).toBe('0.00');
    expect(formatNumber('en', -1.5, 2)).toBe('-1.50');
  });
});
