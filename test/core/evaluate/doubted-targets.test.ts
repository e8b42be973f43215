import { describe, expect, it } from 'vitest';
import { evaluate, monthsOf, targetChecks, type TargetRow } from '../../../src/core/evaluate/index.js';
import { unknownTargetNames } from '../../../src/core/evaluate/targets.js';
import { parseIsoDate } from '../../../src/core/calendar.js';
import { bi } from '../../../src/core/i18n.js';
import type { Deal } from '../../../src/schema/rows.js';
import { EvaluateConfigSchema } from '../../../src/schema/config/evaluate.js';

const day = (s: string) => parseIsoDate(s)!;
const won = (row: number, rep: string, closed: string, amount: number): Deal => ({ row, id: `D${row}`, rep, team: 'T', stage: 'won', stage_label: 'Won', closed_at: day(closed), amount });
const from = day('2026-10-01');
const to = day('2026-12-31');
const period = { key: '2026-Q4', from, to, months: monthsOf(from, to) };
const row = (name: string, p: string, target: number | null, extra: Partial<TargetRow> = {}): TargetRow => ({ level: 'rep', name, period: p, target, file: 'plan', fromForecast: true, ...extra });
const ZERO = bi('a target of 0 for an active series', '在岗序列的目标为 0');
const SHIFT = bi('the history ends in a level shift', '历史末尾出现水平突变');

// Ann signs 120,000 and Bob 130,000 in Q4, each against a quarter target of 100,000: 120 % and 130 %, both above
// the band. Closed on 2027-01-05, a sound target would pay Ann (120,000 − 115,000) × 5 % = 250.
const deals = [won(1, 'Ann', '2026-11-03', 120000), won(2, 'Bob', '2026-12-01', 130000)];
const base = { deals, period, asOf: day('2027-01-05'), teamOf: new Map([['Ann', 'T'], ['Bob', 'T']]), config: EvaluateConfigSchema.parse({}) };

describe('evaluate: targets the forecast refused or called unreliable', () => {
  it('does not score a quarter whose October the forecast refused, however sound its own row looks', () => {
    const targets = [row('Ann', '2026-Q4', 100000), row('Ann', '2026-10', 0, { refused: ZERO }), row('Bob', '2026-Q4', 100000)];
    const r = evaluate({ ...base, targets });
    const [ann, bob] = r.reps;
    expect(ann).toMatchObject({ target: null, proposed: 100000, targetStatus: 'refused', targetDoubts: [bi('2026-10: a target of 0 for an active series', '2026-10：在岗序列的目标为 0')] });
    expect(ann).toMatchObject({ attainment: null, band: 'none', results: null, overall: null, rank: null, reward: null, rewardStatus: 'refused' });
    // not a "no target" problem: the check says why, once
    expect(r.problems).toEqual([]);
    expect(bob).toMatchObject({ targetStatus: 'sound', rank: 1, rewardStatus: 'computed' });
    // Bob: (130,000 − 115,000) × 5 % = 750
    expect(bob.reward!.amount).toBe(750);
    // team T sums its reps: Ann's refusal makes its target refused too, not 100,000 at 250 %
    expect(r.teams[0]).toMatchObject({ target: null, targetStatus: 'refused' });
    const checks = targetChecks(r, bi('fill in "Adjusted target"', '填写"调整后目标"'));
    expect(checks.map((c) => [c.code, c.status])).toEqual([['target_refused', 'caveat'], ['target_refused', 'caveat'], ['target_fix', 'caveat']]);
    expect(checks[0].message.en).toBe('The forecast refused the 2026-Q4 target of Ann (2026-10: a target of 0 for an active series). Not scored, not ranked, no reward.');
  });

  it('takes the manager\'s adjusted target as theirs: refused or unreliable, it is scored and paid', () => {
    const targets = [row('Ann', '2026-Q4', 100000, { adjusted: 100000, unreliable: [SHIFT] }), row('Ann', '2026-10', 0, { refused: ZERO }), row('Bob', '2026-Q4', null, { refused: ZERO, adjusted: 100000 })];
    const r = evaluate({ ...base, targets });
    expect(r.reps.map((e) => [e.name, e.targetStatus, e.target, e.reward?.amount])).toEqual([['Ann', 'sound', 100000, 250], ['Bob', 'sound', 100000, 750]]);
    expect(targetChecks(r, bi('', ''))).toEqual([]);
  });

  it('scores an unreliable target and shows it, but pays no reward on it, and says why first', () => {
    const targets = [row('Ann', '2026-Q4', 100000, { unreliable: [SHIFT] }), row('Bob', '2026-Q4', 100000, { unreliable: [SHIFT, bi('target is 14% of the average', '目标为季均的 14%')] })];
    const r = evaluate({ ...base, targets });
    const [ann, bob] = r.reps;
    expect(ann).toMatchObject({ target: 100000, attainment: 1.2, band: 'above', results: 100, targetStatus: 'unreliable', reward: null, rewardStatus: 'unreliable', rank: 2 });
    expect(bob).toMatchObject({ attainment: 1.3, targetStatus: 'unreliable', reward: null, rewardStatus: 'unreliable', rank: 1 });
    const checks = targetChecks(r, bi('fix', '修正'));
    expect(checks.map((c) => c.message.en)).toEqual([
      'The forecast calls the 2026-Q4 targets of Ann, Bob unreliable: the history ends in a level shift. Scored and marked ⚠; no reward is paid on them.',
      'The forecast calls the 2026-Q4 target of Bob unreliable: target is 14% of the average. Scored and marked ⚠; no reward is paid on it.',
      // team T has no row: its target sums theirs, and is as doubtful
      'The forecast calls the 2026-Q4 target of team T unreliable: the sum of its reps\' targets, and the forecast called those of Ann, Bob unreliable. Scored and marked ⚠; no reward is paid on it.',
      'fix',
    ]);
  });

  it('leaves out a target row naming nobody in the data, with the name it probably means', () => {
    const targets: TargetRow[] = [
      { level: 'rep', name: 'zhang wei', period: '2026-Q4', target: 500000, file: 'tg.csv', row: 2 },
      { level: 'rep', name: 'Wang Fnag', period: '2026-Q4', target: 300000, file: 'tg.csv', row: 3 },
      { level: 'rep', name: 'Li Na', period: '2026-Q4', target: 400000, file: 'tg.csv', row: 4 },
      { level: 'rep', name: 'Nobody', period: '2027-Q1', target: 1, file: 'tg.csv', row: 5 },
    ];
    const r = unknownTargetNames(targets, ['2026-Q4', ...period.months], { reps: ['Zhang Wei', 'Wang Fang', 'Li Na'], teams: ['East'] });
    // another period's row is not this evaluation's business
    expect(r.targets.map((t) => t.name)).toEqual(['Li Na', 'Nobody']);
    expect(r.problems.map((p) => [p.row, p.code, p.severity])).toEqual([[2, 'target_near_miss', 'error'], [3, 'target_near_miss', 'error']]);
    expect(r.checks.map((c) => c.message.en)).toEqual([
      'tg.csv row 2: "zhang wei" is no rep in the deals, the activity log or the roster: did you mean "Zhang Wei" (the same name written with other spaces, width or case)? Its target is not evaluated.',
      'tg.csv row 3: "Wang Fnag" is no rep in the deals, the activity log or the roster: did you mean "Wang Fang" (a near spelling)? Its target is not evaluated.',
    ]);
    expect(r.checks[1].message.zh).toBe('tg.csv 第 3 行："Wang Fnag"不是商机、活动记录或花名册中的销售：是否指"Wang Fang"（拼写相近）？该目标不参与考核。');
  });
});

describe('targetChecks on a large team', () => {
  it('names the reps doubted each for a reason of their own in one line past three, after the shared reasons', () => {
    const shift = bi('the history ends in a level shift', '历史末尾出现水平突变');
    const rep = (name: string, own: boolean) => ({ level: 'rep', name, target: 100, targetStatus: 'unreliable', targetDoubts: own ? [shift, bi(`${name}'s own`, `${name} 自己的`)] : [shift] });
    const result = { period: { key: '2018-Q4' }, reps: ['A', 'B', 'C', 'D', 'E'].map((n) => rep(n, n !== 'E')), teams: [] } as never;
    const lines = targetChecks(result, bi('fix', '修正')).map((c) => c.message.en);
    expect(lines).toEqual([
      'The forecast calls every 2018-Q4 target unreliable: the history ends in a level shift. Scored and marked ⚠; no reward is paid on them.',
      expect.stringMatching(/^The forecast calls the 2018-Q4 targets of A, B, C, D unreliable, each for a reason of its own/),
      'fix',
    ]);
  });
});
