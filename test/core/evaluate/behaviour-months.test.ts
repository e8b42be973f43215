import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../../src/core/calendar.js';
import { behaviourOf, evaluate, monthsOf, type TargetRow } from '../../../src/core/evaluate/index.js';
import { scoreBehaviour } from '../../../src/core/score/index.js';
import { defaultConfig } from '../../../src/schema/config/index.js';
import type { Activity, Deal } from '../../../src/schema/rows.js';

const day = (s: string) => parseIsoDate(s)!;
let row = 1;
const email = (rep: string, d: string): Activity => ({ row: ++row, rep, type: 'email', type_label: 'email', at: day(d) + 10 * 3_600_000 });
const won = (rep: string, closed: string, amount: number): Deal => ({ row: ++row, id: `D${row}`, rep, stage: 'won', stage_label: 'Won', closed_at: day(closed), amount });
const from = day('2026-07-01');
const to = day('2026-09-30');
const period = { key: '2026-Q3', from, to, months: monthsOf(from, to) };
const target = (name: string, t: number): TargetRow => ({ level: 'rep', name, period: '2026-Q3', target: t, file: 'targets.csv' });

describe('evaluate: behaviour over the months the activity log covers, unrounded parts, team rewards', () => {
  // The activity log starts 2026-09-01. Bob signed 120,000 in July; Ann 16,860 in September.
  const deals = [won('Bob', '2026-07-10', 120000), won('Ann', '2026-09-20', 16860)];
  const weeks = ['2026-09-01', '2026-09-08', '2026-09-15', '2026-09-22'];
  const rows = [
    ...weeks.flatMap((d) => Array.from({ length: 8 }, () => email('Bob', d))),
    ...weeks.slice(0, 3).flatMap((d) => Array.from({ length: 8 }, () => email('Ann', d))),
    email('Ann', '2026-09-22'),
    // The log reaches --as-of (a row after the quarter): its last September week is judged.
    email('Bob', '2026-10-14'),
  ];
  const cfg = defaultConfig();
  const asOf = day('2026-10-15');
  const score = scoreBehaviour(rows, { config: cfg.score, period: { from, to }, asOf, file: 'activity.csv', deals });
  const r = evaluate({
    deals,
    period,
    asOf,
    targets: [target('Ann', 100000), target('Bob', 100000)],
    behaviour: behaviourOf(score),
    teamOf: new Map([['Ann', 'U'], ['Bob', 'T']]),
    config: cfg.evaluate,
  });
  const [ann, bob] = r.reps;

  it('averages behaviour over September only, for both reps, and says so', () => {
    expect(r.behaviourMonths).toEqual(['2026-09']);
    expect(r.notes.map((n) => n.en)).toContain('Behaviour scored over 2026-09 only, for every rep: the activity log does not cover 2026-07, 2026-08.');
    // Bob in September: touch 4 of 4 weeks (W36–W39), no point rule → 60 × 1 + 40 × 0 = 60. July (his
    // deal's needs and demo checks, failed for want of a log) no longer pulls it to (0 + 60) / 2 = 30.
    expect(bob.behaviour).toBeCloseTo(60, 9);
    expect(bob.overall).toBeCloseTo(0.6 * 100 + 0.4 * 60, 9); // 84, not 72
    // Ann: touch 3/4, needs 0/1 and demo 0/1 for her September deal → compliance 0.25 → 15.
    expect(ann.behaviour).toBeCloseTo(15, 9);
  });

  it('blends the unrounded results and behaviour', () => {
    // 16,860 of 100,000: results 16.86 (not 16.9); overall 0.6 × 16.86 + 0.4 × 15 = 16.116
    expect(ann.results).toBeCloseTo(16.86, 9);
    expect(ann.attainment).toBeCloseTo(0.1686, 12);
    expect(ann.overall).toBeCloseTo(16.116, 9);
  });

  it('computes rewards per rep; a team above the band has none (null, not 0)', () => {
    expect(bob).toMatchObject({ band: 'above', rewardStatus: 'computed' });
    expect(bob.reward!.amount).toBeGreaterThan(0);
    expect(ann).toMatchObject({ band: 'below', rewardStatus: 'computed', reward: { amount: 0 } });
    const t = r.teams.find((x) => x.name === 'T')!;
    expect(t).toMatchObject({ band: 'above', reward: null, rewardStatus: 'team' });
  });

  it('scores results alone when the log covers no month of the period', () => {
    const late = scoreBehaviour([email('Ann', '2026-10-02')], { config: cfg.score, period: { from, to }, asOf, file: 'activity.csv', deals });
    const e = evaluate({ deals, period, asOf, targets: [target('Bob', 100000)], behaviour: behaviourOf(late), teamOf: new Map(), config: cfg.evaluate });
    expect(e.behaviourScored).toBe(false);
    expect(e.reps.find((x) => x.name === 'Bob')!.overall).toBe(100);
    expect(e.notes[0].en).toContain('the activity log covers no month of 2026-Q3');
  });
});

