import { describe, expect, it } from 'vitest';
import { evaluate, monthsOf, type TargetRow } from '../../../src/core/evaluate/index.js';
import { parseIsoDate } from '../../../src/core/calendar.js';
import type { Deal } from '../../../src/schema/rows.js';
import { EvaluateConfigSchema } from '../../../src/schema/config/evaluate.js';

const day = (s: string) => parseIsoDate(s)!;
const won = (row: number, rep: string, closed: string, amount?: number): Deal => ({ row, id: `D${row}`, rep, team: 'T', stage: 'won', stage_label: 'Won', closed_at: day(closed), amount });
const from = day('2026-10-01');
const to = day('2026-12-31');
const period = { key: '2026-Q4', from, to, months: monthsOf(from, to) };
const target = (name: string, t: number): TargetRow => ({ level: 'rep', name, period: '2026-Q4', target: t, file: 'targets' });

describe('evaluate in deal counts (deals without amounts)', () => {
  // Ann wins 5 deals against a target of 4 → 125%: above the band, but no reward in counts;
  // Bob wins 3 of 4 = 75%: below the 85% floor. Amounts (absent or not) play no part.
  const deals = [
    ...['2026-10-02', '2026-10-20', '2026-11-03', '2026-11-15', '2026-12-01'].map((d, i) => won(i + 1, 'Ann', d)),
    ...['2026-10-05', '2026-11-11', '2026-12-20'].map((d, i) => won(i + 10, 'Bob', d, 1000)),
  ];
  const input = { deals, period, asOf: day('2027-01-05'), targets: [target('Ann', 4), target('Bob', 4)], teamOf: new Map([['Ann', 'T'], ['Bob', 'T']]), config: EvaluateConfigSchema.parse({}) };

  it('scores won deal counts against count targets and pays no reward, with a note', () => {
    const r = evaluate({ ...input, measure: 'count' });
    expect(r.measure).toBe('count');
    const [ann, bob] = r.reps;
    expect(ann).toMatchObject({ actual: 5, target: 4, attainment: 1.25, band: 'above', results: 100, floor: 3.4, ceiling: 4.6, reward: null });
    expect(bob).toMatchObject({ actual: 3, attainment: 0.75, band: 'below', results: 75, reward: null });
    // team T: Σ reps' targets 8, 8 deals won
    expect(r.teams[0]).toMatchObject({ actual: 8, target: 8, attainment: 1 });
    expect(r.notes.map((n) => n.en).join('\n')).toContain('no reward is computed');
  });

  it('stays on amounts by default', () => {
    const r = evaluate(input);
    expect(r.measure).toBe('amount');
    expect(r.reps.map((e) => e.actual)).toEqual([0, 3000]);
    expect(r.reps[1].reward).not.toBeNull();
  });
});
