import { describe, expect, it } from 'vitest';
import { localTime, parseIsoDate } from '../../../src/core/calendar.js';
import { addWorkingHours, endOfWorkingDay, monthPeriod, scoreBehaviour as scoreInMemory, workClock, type ScoreOptions } from '../../../src/core/score/index.js';
import { fileSpool } from '../../../src/io/spool.js';
import { defaultConfig } from '../../../src/schema/config/index.js';
import { ScoreConfigSchema } from '../../../src/schema/config/score.js';
import type { Activity, Deal, Lead } from '../../../src/schema/rows.js';

/** '2026-10-05 09:00' → LocalTime */
const T = (s: string) => {
  const [d, hm = '00:00'] = s.split(' ');
  const [y, m, day] = d.split('-').map(Number);
  const [hh, mi] = hm.split(':').map(Number);
  return localTime(y, m, day, hh, mi);
};

let nextRow = 2;
const act = (rep: string, type: Activity['type'], at: string, extra: Partial<Activity> = {}): Activity => ({
  row: nextRow++,
  rep,
  type,
  type_label: type,
  at: T(at),
  ...extra,
});

const won = (id: string, rep: string, customer: string, closed: string, row = 2): Deal => ({
  row,
  id,
  rep,
  customer,
  stage: 'won',
  stage_label: 'Closed Won',
  closed_at: T(closed),
});

const opts = (month: string, asOf: string, extra: Partial<ScoreOptions> = {}): ScoreOptions => ({
  config: defaultConfig().score,
  period: monthPeriod(Number(month.slice(0, 4)) * 12 + Number(month.slice(5)) - 1),
  asOf: parseIsoDate(asOf)!,
  file: 'activity.csv',
  ...extra,
});

/** The score with its misses and audit as arrays; every case also checks that spilling them (2 entries on the heap) changes nothing. */
function scoreBehaviour(rows: Activity[], o: ScoreOptions) {
  const plain = (r: ReturnType<typeof scoreInMemory>) => ({ ...r, misses: [...r.misses], audit: [...r.audit] });
  const r = plain(scoreInMemory(rows, o));
  const spilled = scoreInMemory(rows, { ...o, spool: fileSpool(2) });
  expect(spilled.misses.length).toBe(r.misses.length);
  expect(spilled.audit.length).toBe(r.audit.length);
  expect(plain(spilled)).toEqual(r);
  return r;
}
const audit = (r: ReturnType<typeof scoreBehaviour>, rep: string, rule: string) => r.audit.filter((a) => a.rep === rep && a.rule === rule);
const kbi = (r: ReturnType<typeof scoreBehaviour>, rep: string, k: string, month?: string) =>
  r.reps.find((x) => x.rep === rep && (month === undefined || x.month === month))!.kbis.find((v) => v.kbi === k)!;

describe('lead follow-up rule (−10 after 48 h)', () => {
  const leads: Lead[] = [
    { row: 2, id: 'L1', rep: 'Ann', customer: 'Acme', assigned_at: T('2026-10-05 09:00') },
    { row: 3, id: 'L2', rep: 'Ann', customer: 'Beta', assigned_at: T('2026-10-05 10:00') },
    { row: 4, id: 'L3', rep: 'Ann', customer: 'Gamma', assigned_at: T('2026-10-06 10:00'), first_contact_at: T('2026-10-07 10:00') },
    { row: 5, id: 'L4', rep: 'Ann', customer: 'Delta', assigned_at: T('2026-10-06 10:00') },
    { row: 6, id: 'L5', rep: 'Ann', customer: 'Eps', assigned_at: T('2026-11-26 10:00') },
  ];
  const rows = [
    act('Ann', 'call', '2026-10-07 09:00', { customer: 'Acme' }), // exactly 48 h: on time
    act('Ann', 'call', '2026-10-07 10:01', { customer: 'Beta' }), // 48 h + 1 min: late
    act('Bob', 'call', '2026-10-06 11:00', { customer: 'Delta' }), // another rep does not follow up Ann's lead
    act('Ann', 'email', '2026-10-08 12:00', { lead_id: 'L4' }), // 50 h: late
  ];
  const r = scoreBehaviour(rows, opts('2026-10', '2026-11-27', { leads, leadsFile: 'leads.csv' }));

  it('deducts for 48 h + 1 min and for another rep’s contact, not for exactly 48 h or a timely first contact', () => {
    const late = audit(r, 'Ann', 'lead_48h');
    expect(late.map((a) => [a.rows, a.points])).toEqual([
      [[3], -10],
      [[5], -10],
    ]);
    expect(late[0].file).toBe('leads.csv');
    expect(late[0].note.en).toContain('48.0 h later');
    expect(r.reps.find((x) => x.rep === 'Ann')!.points).toBe(-20);
  });

  it('leaves a lead whose 48 h run past --as-of pending, and counts a late one once the deadline passed', () => {
    // the activity log reaches November (Bob's call), so November is scored
    const log = [act('Bob', 'call', '2026-11-02 10:00')];
    const nov = scoreBehaviour(log, opts('2026-11', '2026-11-27', { leads }));
    expect(audit(nov, 'Ann', 'lead_48h')).toEqual([]);
    const later = scoreBehaviour(log, opts('2026-11', '2026-11-28', { leads }));
    expect(audit(later, 'Ann', 'lead_48h').map((a) => a.points)).toEqual([-10]);
  });

  it('takes assignments from lead_assigned activities and can count working hours', () => {
    const cfg = ScoreConfigSchema.parse({ rules: [{ id: 'lead_8wh', kind: 'lead_followup', withinHours: 8, clock: 'working', points: -5 }] });
    const acts = [
      act('Cy', 'lead_assigned', '2026-10-09 17:00', { lead_id: 'X1' }), // Friday 17:00 + 8 working hours = Monday 16:00
      act('Cy', 'call', '2026-10-12 16:00', { lead_id: 'X1' }),
      act('Cy', 'lead_assigned', '2026-10-09 17:00', { lead_id: 'X2' }),
      act('Cy', 'call', '2026-10-12 16:01', { lead_id: 'X2' }),
    ];
    const res = scoreBehaviour(acts, { ...opts('2026-10', '2026-11-27'), config: cfg });
    expect(audit(res, 'Cy', 'lead_8wh').map((a) => [a.rows, a.points])).toEqual([[[acts[2].row, acts[3].row], -5]]);
  });
});

describe('a lead assigned more than once', () => {
  it('keeps its first assignment whatever order the rows come in', () => {
    const assigned = Array.from({ length: 8 }, (_, i) => act('Ann', 'lead_assigned', `2026-11-${String(17 + i).padStart(2, '0')} 09:00`, { lead_id: 'L1' }));
    const points = (rows: Activity[]) => audit(scoreBehaviour(rows, opts('2026-11', '2026-11-27')), 'Ann', 'lead_48h').reduce((s, a) => s + a.points, 0);
    expect(points(assigned)).toBe(-10);
    expect(points([...assigned].reverse())).toBe(-10);
  });

  it('is followed up by rows before the period once an earlier assignment moved it there', () => {
    const leads: Lead[] = [{ row: 2, id: 'L9', rep: 'Ann', customer: 'Delta', assigned_at: T('2026-11-03 09:00') }];
    const rows = [act('Ann', 'lead_assigned', '2026-10-20 09:00', { lead_id: 'L9', customer: 'Delta' }), act('Ann', 'call', '2026-10-21 10:00', { customer: 'Delta' })];
    const period = { from: T('2026-10-31'), to: T('2026-11-30') };
    const r = scoreBehaviour(rows, opts('2026-11', '2026-11-27', { leads, period }));
    expect(audit(r, 'Ann', 'lead_48h')).toEqual([]);
    // without the call, the lead (now assigned on 10-20) goes without a follow-up
    expect(audit(scoreBehaviour(rows.slice(0, 1), opts('2026-11', '2026-11-27', { leads, period })), 'Ann', 'lead_48h').map((a) => a.points)).toEqual([-10]);
  });
});

describe('effective visits (+20 per 3)', () => {
  const visits = (rep: string, n: number) =>
    Array.from({ length: n }, (_, i) => act(rep, 'visit', `2026-10-${String(5 + i).padStart(2, '0')} 10:00`, { customer: 'C', effective: true }));
  const three = visits('R3', 3);
  const rows = [
    ...three,
    ...visits('R4', 4),
    ...visits('R6', 6),
    act('R3', 'visit', '2026-10-20 10:00', { customer: 'C', effective: false, duration_min: 90 }), // flag says no
    act('R4', 'visit', '2026-10-20 10:00', { customer: 'C', duration_min: 45 }), // no flag, 45 min ≥ 30: effective
  ];
  const r = scoreBehaviour(rows, opts('2026-10', '2026-11-27'));
  const pts = (rep: string) => audit(r, rep, 'effective_visits').reduce((s, a) => s + a.points, 0);

  it('awards the 3rd visit, nothing for the 4th, and again at the 6th', () => {
    expect(pts('R3')).toBe(20);
    expect(audit(r, 'R3', 'effective_visits')[0].rows).toEqual(three.map((a) => a.row));
    expect(pts('R4')).toBe(20); // 4 flagged + 1 by duration = 5: one group, 2 toward the next
    expect(audit(r, 'R4', 'effective_visits').at(-1)!.note.en).toContain('2 of 3');
    expect(pts('R6')).toBe(40);
  });

  it('lets a user add a rule with a filter and a cap, without code', () => {
    const cfg = ScoreConfigSchema.parse({
      rules: [{ id: 'long_calls', label: { en: 'long call', zh: '长通话' }, types: ['call'], filter: { minDurationMin: 10 }, points: 2, period: 'week', cap: 4 }],
    });
    const calls = ['2026-10-05', '2026-10-06', '2026-10-07', '2026-10-12'].map((d) => act('Q', 'call', `${d} 10:00`, { duration_min: 12 }));
    calls.push(act('Q', 'call', '2026-10-08 10:00', { duration_min: 9 }));
    const res = scoreBehaviour(calls, { ...opts('2026-10', '2026-11-27'), config: cfg });
    const a = audit(res, 'Q', 'long_calls');
    expect(a.map((x) => [x.bucket, x.points])).toEqual([
      ['2026-W41', 2],
      ['2026-W41', 2],
      ['2026-W41', 0], // cap 4 per week reached
      ['2026-W42', 2],
    ]);
  });
});

describe('KBI units', () => {
  it('name the threshold in the singular when it is one, in the plural otherwise', () => {
    const rows = [act('Z', 'call', '2026-11-02 10:00', { customer: 'A' })];
    const unit = (r: ReturnType<typeof scoreBehaviour>, k: string) => r.kbis.find((x) => x.kbi === k)!.unit.en;
    const r = scoreBehaviour(rows, opts('2026-11', '2026-11-27'));
    expect([unit(r, 'touch'), unit(r, 'demo'), unit(r, 'upkeep')]).toEqual(['touches per week', 'demo before each won deal', 'revisit per signed customer per month']);
    const config = defaultConfig().score;
    const one = scoreBehaviour(rows, opts('2026-11', '2026-11-27', { config: { ...config, touch: { ...config.touch, perWeek: 1 } } }));
    expect(unit(one, 'touch')).toBe('touch per week');
    expect(one.reps[0].kbis.find((k) => k.kbi === 'touch')!.unit.en).toBe('touch per week');
  });
});

describe('customer touch (≥ 8 a week)', () => {
  it('counts ISO week 53 (2026-12-28 … 2027-01-03) whole, in December', () => {
    const rows = [
      ...['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31'].map((d) => act('Z', 'call', `${d} 10:00`, { customer: 'A' })),
      ...['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-03'].map((d) => act('Z', 'email', `${d} 10:00`, { customer: 'B' })),
      act('Y', 'call', '2026-12-28 10:00'),
      ...['2027-01-01', '2027-01-02', '2027-01-03'].map((d) => act('Y', 'visit', `${d} 10:00`)),
    ];
    const r = scoreBehaviour(rows, opts('2026-12', '2027-01-10'));
    const w53 = r.weeks.find((w) => w.rep === 'Z' && w.week === '2026-W53')!;
    expect(w53).toMatchObject({ month: '2026-12', customers: 2, byType: { call: 4, email: 4 } });
    expect(w53.kbis.find((k) => k.kbi === 'touch')).toMatchObject({ actual: 8, passed: 1, due: 1 });
    expect(kbi(r, 'Z', 'touch')).toMatchObject({ passed: 1, due: 1 });
    expect(kbi(r, 'Y', 'touch')).toMatchObject({ passed: 0, due: 1, actual: 4 });
    const miss = r.misses.find((m) => m.rep === 'Y' && m.kbi === 'touch')!;
    expect(miss).toMatchObject({ week: '2026-W53', actual: 4, threshold: 8 });
    expect(miss.note.en).toBe('4 touches in 2026-W53, below 8');
    expect(miss.rows).toHaveLength(4);
    // January sees no week 53: its first week is 2027-W01.
    const jan = scoreBehaviour(rows, opts('2027-01', '2027-01-10'));
    expect(jan.weeks.map((w) => w.week)).not.toContain('2026-W53');
  });

  it('gives a week spanning a month end to the month of its Thursday and keeps an unfinished week pending', () => {
    // 2026-W44 runs Mon 10-26 … Sun 11-01: Thursday 10-29 → October, and the Sunday touches count.
    const rows = [...Array.from({ length: 6 }, () => act('K', 'call', '2026-10-27 10:00')), act('K', 'call', '2026-11-01 10:00'), act('K', 'call', '2026-11-01 11:00')];
    const oct = scoreBehaviour(rows, opts('2026-10', '2026-11-27'));
    expect(oct.weeks.find((w) => w.week === '2026-W44')!.kbis[0]).toMatchObject({ actual: 8, passed: 1 });
    const early = scoreBehaviour(rows, opts('2026-10', '2026-10-31'));
    expect(kbi(early, 'K', 'touch')).toMatchObject({ due: 0, pending: 1 });
    const nov = scoreBehaviour(rows, opts('2026-11', '2026-11-27'));
    expect(nov.weeks.map((w) => w.week)).not.toContain('2026-W44');
  });
});

describe('deal checks: needs discovery and a demo before the close', () => {
  const deals = [won('D1', 'Ann', 'Acme', '2026-10-10', 5), won('D2', 'Ann', 'Beta', '2026-10-20', 6)];
  const rows = [
    act('Ann', 'needs_analysis', '2026-10-01 10:00', { customer: 'Acme' }),
    act('Ann', 'needs_analysis', '2026-10-03 10:00', { deal_id: 'D1' }),
    act('Bob', 'demo', '2026-10-05 10:00', { customer: 'Acme' }), // another rep's demo does not count
    act('Ann', 'demo', '2026-10-11 10:00', { customer: 'Acme' }), // after the close: does not count
    act('Ann', 'needs_analysis', '2026-10-12 10:00', { customer: 'Beta' }),
    act('Ann', 'needs_analysis', '2026-10-21 10:00', { customer: 'Beta' }), // after the close
    act('Ann', 'demo', '2026-10-20 15:00', { customer: 'Beta' }), // on the close date: counts
  ];
  const r = scoreBehaviour(rows, opts('2026-10', '2026-11-27', { deals }));

  it('counts interviews before each close, of the deal’s own rep', () => {
    expect(kbi(r, 'Ann', 'needs')).toMatchObject({ passed: 1, due: 2 });
    const miss = r.misses.find((m) => m.kbi === 'needs' && m.deal === 'D2')!;
    expect(miss).toMatchObject({ actual: 1, threshold: 2, dealRow: 6, rows: [rows[4].row] });
  });

  it('does not count a demo after the close date, nor another rep’s demo', () => {
    expect(kbi(r, 'Ann', 'demo')).toMatchObject({ passed: 1, due: 2 });
    const miss = r.misses.find((m) => m.kbi === 'demo')!;
    expect(miss).toMatchObject({ deal: 'D1', customer: 'Acme', rows: [rows[3].row] });
    expect(miss.note.en).toContain('a demo after the close does not count (row 24)');
  });

  it('checks active customers without deals up to the month end', () => {
    const solo = scoreBehaviour(rows, opts('2026-10', '2026-11-27'));
    // Ann: Acme has 1 interview with customer set (the D1 one names no customer), Beta 2 → 1 of 2 pass.
    expect(kbi(solo, 'Ann', 'needs')).toMatchObject({ passed: 1, due: 2 });
    expect(kbi(solo, 'Bob', 'needs')).toMatchObject({ passed: 0, due: 1 });
    expect(kbi(solo, 'Ann', 'demo')).toMatchObject({ due: 0, compliance: null });
  });

  it('leaves an active customer of the running month pending until the month ends', () => {
    // As of 2026-10-15 Ann has 1 interview with Acme and 1 with Beta, Bob none: nobody has failed yet.
    const running = scoreBehaviour(rows, opts('2026-10', '2026-10-15'));
    expect(kbi(running, 'Ann', 'needs')).toMatchObject({ passed: 0, due: 0, pending: 2 });
    expect(kbi(running, 'Bob', 'needs')).toMatchObject({ due: 0, pending: 1 });
    expect(running.misses.filter((m) => m.kbi === 'needs')).toEqual([]);
  });
});

describe('objection handling (log by the end of the next working day)', () => {
  it('accepts Monday for a Friday contact, not Tuesday; only the same rep and customer', () => {
    const rows = [
      act('Ann', 'call', '2026-10-09 10:00', { customer: 'Acme' }), // Fri
      act('Ann', 'objection_log', '2026-10-12 23:59', { customer: 'Acme' }), // Mon
      act('Ann', 'visit', '2026-10-09 11:00', { customer: 'Beta' }),
      act('Bob', 'objection_log', '2026-10-09 12:00', { customer: 'Beta' }),
      act('Ann', 'objection_log', '2026-10-13 09:00', { customer: 'Beta' }), // Tue: too late
      act('Ann', 'email', '2026-10-09 12:00', { customer: 'Gamma' }), // emails need no log by default
    ];
    const r = scoreBehaviour(rows, opts('2026-10', '2026-11-27'));
    expect(kbi(r, 'Ann', 'objection')).toMatchObject({ passed: 1, due: 1 + 1 });
    const miss = r.misses.find((m) => m.kbi === 'objection')!;
    expect(miss).toMatchObject({ customer: 'Beta', rows: [rows[2].row], week: '2026-W41' });
  });

  it('handles rows out of time order within the slack', () => {
    const rows = [act('Ann', 'objection_log', '2026-10-09 12:00', { customer: 'Acme' }), act('Ann', 'call', '2026-10-09 10:00', { customer: 'Acme' })];
    expect(kbi(scoreBehaviour(rows, opts('2026-10', '2026-11-27')), 'Ann', 'objection')).toMatchObject({ passed: 1, due: 1 });
  });

  it('computes deadlines and working hours on the working calendar', () => {
    const clock = workClock({ days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00', holidays: ['2026-10-12'], workdays: ['2026-10-10'] });
    expect(endOfWorkingDay(T('2026-10-09 10:00'), 1, clock)).toBe(T('2026-10-11 00:00')); // Saturday 10-10 is a working day
    expect(endOfWorkingDay(T('2026-10-11 10:00'), 1, clock)).toBe(T('2026-10-14 00:00')); // Monday 10-12 is a holiday
    expect(addWorkingHours(T('2026-10-10 17:00'), 2, clock)).toBe(T('2026-10-13 10:00'));
    expect(addWorkingHours(T('2026-10-13 07:00'), 9, clock)).toBe(T('2026-10-13 18:00'));
  });
});

describe('relationship upkeep and the score', () => {
  const deals = [won('D1', 'Ann', 'Acme', '2026-08-15')];
  const rows = [
    act('Ann', 'revisit', '2026-09-20 10:00', { customer: 'Acme' }),
    act('Bob', 'revisit', '2026-10-20 10:00', { customer: 'Acme' }), // not Ann's
    act('Bob', 'email', '2026-11-03 10:00'), // the log reaches November: it is scored, for Ann too
  ];

  it('expects a revisit by the signing rep in every month after signing', () => {
    const sep = scoreBehaviour(rows, opts('2026-09', '2026-11-27', { deals }));
    expect(kbi(sep, 'Ann', 'upkeep')).toMatchObject({ passed: 1, due: 1 });
    const oct = scoreBehaviour(rows, opts('2026-10', '2026-11-27', { deals }));
    expect(kbi(oct, 'Ann', 'upkeep')).toMatchObject({ passed: 0, due: 1 });
    expect(oct.misses.find((m) => m.kbi === 'upkeep')).toMatchObject({ customer: 'Acme', deal: 'D1', month: '2026-10' });
    const nov = scoreBehaviour(rows, opts('2026-11', '2026-11-27', { deals }));
    expect(kbi(nov, 'Ann', 'upkeep')).toMatchObject({ due: 0, pending: 1 });
  });

  it('combines compliance and points by the stated formula', () => {
    // Ann in October: upkeep 0/1 is her only due KBI (touch weeks: W40..W44, 0 touches each → 0/5).
    const oct = scoreBehaviour(rows, opts('2026-10', '2026-11-27', { deals }));
    const ann = oct.reps.find((x) => x.rep === 'Ann')!;
    expect(ann.compliance).toBe(0);
    expect(ann.score).toBe(0);
    // Sep: touch 0/4 weeks (W36 … W39 from her first activity's week W38 → 2 weeks), upkeep 1/1.
    const sep = scoreBehaviour(rows, opts('2026-09', '2026-11-27', { deals }));
    const s = sep.reps.find((x) => x.rep === 'Ann')!;
    expect(s.kbis.find((k) => k.kbi === 'touch')).toMatchObject({ passed: 0, due: 2 });
    expect(s.compliance).toBe(0.5);
    expect(s.score).toBe(30); // 60 × 0.5 + 40 × 0
    expect(sep.formula.en).toContain('60 × KBI compliance + 40 ×');
  });
});

describe('issue 16: months the activity log covers, and leads tagged on activities', () => {
  it('scores only the months the activity log covers, the same for every rep', () => {
    // The log starts 2026-09-01. Bob's July deal would fail its needs and demo checks in July (score 0)
    // for want of a log, while Ann (no deal) would simply have no July row; neither month is scored now.
    const deals: Deal[] = [{ row: 2, id: 'D1', rep: 'Bob', stage: 'won', stage_label: 'Won', amount: 120000, closed_at: T('2026-07-10') }];
    const rows = [
      ...['2026-09-01', '2026-09-08', '2026-09-15', '2026-09-22'].flatMap((d) => Array.from({ length: 8 }, () => act('Bob', 'email', `${d} 10:00`))),
      ...['2026-09-01', '2026-09-08', '2026-09-15'].flatMap((d) => Array.from({ length: 8 }, () => act('Ann', 'email', `${d} 10:00`))),
      act('Ann', 'email', '2026-09-22 10:00'),
      // The log reaches --as-of (a row after the period): its last September week is judged.
      act('Bob', 'email', '2026-10-14 10:00'),
    ];
    const q3 = { from: T('2026-07-01'), to: T('2026-09-30') };
    const r = scoreBehaviour(rows, { ...opts('2026-09', '2026-10-15', { deals }), period: q3 });
    expect(r.period.months).toEqual(['2026-07', '2026-08', '2026-09']);
    expect(r.period.scoredMonths).toEqual(['2026-09']);
    expect(r.period.activityFrom).toBe(T('2026-09-01 10:00'));
    expect(r.reps.map((x) => [x.rep, x.month])).toEqual([['Ann', '2026-09'], ['Bob', '2026-09']]);
    expect(r.misses.filter((m) => m.month === '2026-07')).toEqual([]);
    // September weeks W36–W39 (their Thursdays are in September): Ann 8, 8, 8, 1 touches → 3/4; Bob 4/4.
    // No point rule fires: score = 60 × compliance + 40 × 0.
    const score = (rep: string) => r.reps.find((x) => x.rep === rep)!.score!;
    expect(score('Ann')).toBeCloseTo(45, 9);
    expect(score('Bob')).toBeCloseTo(60, 9);
  });

  it("drops needs discovery for a customer once this rep converted it; another rep's won deal does not", () => {
    // Ann works Acme in September and October (interviews Sep 3, Oct 2); Bob wins Acme on Sep 15, Ann on Oct 20.
    const deals = [won('DB', 'Bob', 'Acme', '2026-09-15'), won('DA', 'Ann', 'Acme', '2026-10-20', 3)];
    const rows = [act('Ann', 'needs_analysis', '2026-09-03 10:00', { customer: 'Acme' }), act('Ann', 'needs_analysis', '2026-10-02 10:00', { customer: 'Acme' })];
    const period = { from: T('2026-09-01'), to: T('2026-10-31') };
    const r = scoreBehaviour(rows, { ...opts('2026-09', '2026-11-27', { deals }), period });
    // September: Bob's conversion does not count for Ann → due at Oct 1 with 1 interview of 2: missed.
    expect(kbi(r, 'Ann', 'needs', '2026-09')).toMatchObject({ passed: 0, due: 1 });
    // October: Ann converted Acme on Oct 20 → no per-customer check; her won deal's own check sees 2 interviews before the close: passed.
    expect(kbi(r, 'Ann', 'needs', '2026-10')).toMatchObject({ passed: 1, due: 1 });
    expect(r.misses.filter((m) => m.kbi === 'needs' && m.rep === 'Ann').map((m) => [m.month, m.customer, m.deal])).toEqual([['2026-09', 'Acme', null]]);
  });

  it('counts an activity tagged with another lead for that lead only, an untagged one for the leads of its customer', () => {
    const leads: Lead[] = [
      { row: 2, id: 'L1', rep: 'Ann', customer: 'Acme', assigned_at: T('2026-10-05 09:00') },
      { row: 3, id: 'L2', rep: 'Ann', customer: 'Acme', assigned_at: T('2026-10-05 09:00') },
    ];
    // Ann calls Acme about L2 at once; L1, also Acme's, is first followed up (untagged) 60 h later: late.
    const rows = [act('Ann', 'call', '2026-10-05 10:00', { customer: 'Acme', lead_id: 'L2' }), act('Ann', 'call', '2026-10-07 21:00', { customer: 'Acme' })];
    const r = scoreBehaviour(rows, opts('2026-10', '2026-11-27', { leads, leadsFile: 'leads.csv' }));
    const late = audit(r, 'Ann', 'lead_48h');
    expect(late.map((a) => [a.rows, a.points])).toEqual([[[2], -10]]);
    expect(late[0].note.en).toContain(`(activity row ${rows[1].row}), 60.0 h later`);
  });
});
