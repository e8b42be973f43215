import { describe, expect, it } from 'vitest';
import { localTime, parseIsoDate } from '../../../src/core/calendar.js';
import {
  ActivityDigest,
  decide,
  evaluateAlerts,
  growthRate,
  overdueLeads,
  type AlertCondition,
  type AlertMemory,
} from '../../../src/core/alerts/index.js';
import { progressOf, quarterPlans } from '../../../src/core/plan/pacing.js';
import { defaultConfig } from '../../../src/schema/config/index.js';
import type { Activity, Deal, Lead } from '../../../src/schema/rows.js';

const cfg = defaultConfig().alerts;
const routing = { routes: [{ team: 'East', manager: 'Sun Li', email: 'sun@example.com' }], roster: [] };
const d = (s: string) => parseIsoDate(s)!;

let row = 1;
/** `n` new customers signed by team East on date `day`. */
const newCustomers = (day: string, n: number): Deal[] =>
  Array.from({ length: n }, () => {
    row++;
    return { row, id: `D${row}`, rep: 'Zhang Wei', team: 'East', customer: `C${row}`, stage: 'won', stage_label: 'Won', amount: 100, closed_at: d(day) };
  });

const growthOnly = (deals: Deal[], asOf: string) =>
  evaluateAlerts({ deals, routing, currency: '¥' }, { ...cfg, pacing: { ...cfg.pacing, enabled: false } }, d(asOf)).conditions;

describe('new-customer growth: two consecutive weak ISO weeks', () => {
  it('defines growth from zero without dividing by zero', () => {
    expect(growthRate(4, 5)).toBe(0.25);
    expect(growthRate(4, 4)).toBe(0);
    expect(growthRate(0, 0)).toBe(0); // flat: a weak week
    expect(growthRate(0, 3)).toBeNull(); // customers appeared from none: not weak
  });

  // 2026 has 53 ISO weeks: W52 = Dec 21, W53 = Dec 28, 2027-W01 = Jan 4, W02 = Jan 11.
  const yearEnd = [...newCustomers('2026-12-15', 4), ...newCustomers('2026-12-22', 4), ...newCustomers('2026-12-29', 4), ...newCustomers('2027-01-05', 5)];

  it('fires for 2026-W52 and W53 (0%, 0%) once W53 is complete, naming the weeks', () => {
    expect(growthOnly(yearEnd, '2026-12-28')).toEqual([]); // only W52 is complete: one weak week
    const [a] = growthOnly(yearEnd, '2027-01-04');
    expect(a).toMatchObject({ key: 'new-customer-growth:team=East', magnitude: 2, severity: 'warning', since: d('2026-12-21') });
    expect(a.recipients).toEqual([{ role: 'manager', name: 'Sun Li', email: 'sun@example.com', webhook: undefined, style: undefined }]);
    expect(a.numbers.weeks).toEqual([
      { week: '2026-W51', start: '2026-12-14', newCustomers: 4, growth: null },
      { week: '2026-W52', start: '2026-12-21', newCustomers: 4, growth: 0 },
      { week: '2026-W53', start: '2026-12-28', newCustomers: 4, growth: 0 },
    ]);
    // Partial week: as of Thursday 2027-01-07 the incomplete W01 does not count yet.
    expect(growthOnly(yearEnd, '2027-01-07')).toHaveLength(1);
    // W01 grew 25%: the streak is broken.
    expect(growthOnly(yearEnd, '2027-01-11')).toEqual([]);
  });

  it('counts a streak across the year boundary (W53 → 2027-W01 → W02)', () => {
    const deals = [...newCustomers('2026-12-22', 4), ...newCustomers('2026-12-29', 5), ...newCustomers('2027-01-05', 5), ...newCustomers('2027-01-12', 5)];
    const [a] = growthOnly(deals, '2027-01-18');
    expect(a.magnitude).toBe(2);
    expect(a.since).toBe(d('2027-01-04'));
    expect((a.numbers.weeks as { week: string }[]).map((w) => w.week)).toEqual(['2026-W53', '2027-W01', '2027-W02']);
  });

  it('treats 2 → 0 → 0 as two weak weeks and 0 → 3 as growth', () => {
    // 2026-W10 = Mar 2: 2 new; W11 none; W12 none; W13 3 new.
    const deals = [...newCustomers('2026-03-03', 2), ...newCustomers('2026-03-25', 3)];
    const [a] = growthOnly(deals, '2026-03-23');
    expect(a.numbers.weeks).toEqual([
      { week: '2026-W10', start: '2026-03-02', newCustomers: 2, growth: null },
      { week: '2026-W11', start: '2026-03-09', newCustomers: 0, growth: -1 },
      { week: '2026-W12', start: '2026-03-16', newCustomers: 0, growth: 0 },
    ]);
    expect(JSON.stringify(a)).not.toMatch(/NaN|Infinity/);
    expect(growthOnly(deals, '2026-03-30')).toEqual([]);
  });

  it('does not count repeat customers or orders cancelled before the as-of date', () => {
    const base = newCustomers('2026-03-03', 2);
    const repeat: Deal = { ...base[0], row: 900, id: 'R', closed_at: d('2026-03-10') };
    const cancelled: Deal = { ...newCustomers('2026-03-17', 1)[0], cancelled_at: d('2026-03-20') };
    // W11 has only a repeat deal and W12 only a cancelled one: 2 → 0 → 0.
    expect(growthOnly([...base, repeat, cancelled], '2026-03-23')[0].magnitude).toBe(2);
  });
});

const act = (rep: string, at: number, type: Activity['type'], lead_id?: string): Activity => ({ row: row++, rep, type, type_label: type, at, lead_id });

describe('touch KBI and lead follow-up', () => {
  it('flags a rep below 8 touches in each of the last 2 complete weeks, from the first full week of data', () => {
    const digest = new ActivityDigest(cfg.touches.types, d('2026-11-25'));
    // Week of Nov 2 (Mon): 8 touches; Nov 9: 7; Nov 16: 3 (+ 2 demos, not touches); Nov 23 (incomplete): 0.
    for (let i = 0; i < 8; i++) digest.add(act('A', localTime(2026, 11, 2 + (i % 5), 10), 'call'));
    for (let i = 0; i < 7; i++) digest.add(act('A', localTime(2026, 11, 9, 10 + i), 'visit'));
    for (let i = 0; i < 3; i++) digest.add(act('A', localTime(2026, 11, 16, 10 + i), 'email'));
    digest.add(act('A', localTime(2026, 11, 17), 'demo'));
    digest.add(act('A', localTime(2026, 11, 18), 'demo'));
    // B starts on Wednesday Nov 11 (partial week skipped), 1 touch in the week of Nov 16: one weak week only.
    digest.add(act('B', localTime(2026, 11, 11), 'call'));
    digest.add(act('B', localTime(2026, 11, 16), 'call'));
    const c = evaluateAlerts({ deals: [], activity: digest, routing, currency: '¥' }, cfg, d('2026-11-25')).conditions;
    expect(c.map((x) => x.key)).toEqual(['touches:rep=A']);
    expect(c[0].numbers.weeks).toEqual([
      { week: '2026-W46', start: '2026-11-09', touches: 7 },
      { week: '2026-W47', start: '2026-11-16', touches: 3 },
    ]);
  });

  it('counts a lead as overdue only after more than 48 h with no follow-up before the as-of date', () => {
    const asOf = d('2026-11-27');
    const lead = (id: string, assigned: number, first?: number): Lead => ({ row: row++, id, rep: 'A', assigned_at: assigned, first_contact_at: first });
    const leads = [
      lead('exactly-48h', localTime(2026, 11, 25)),
      lead('48h-1min', localTime(2026, 11, 24, 23, 59)),
      lead('answered-later', localTime(2026, 11, 20), localTime(2026, 11, 28)),
      lead('answered-in-log', localTime(2026, 11, 20)),
      lead('answered', localTime(2026, 11, 20), localTime(2026, 11, 22)),
    ];
    const follow = new Map([['answered-in-log', localTime(2026, 11, 21)]]);
    const out = overdueLeads(leads, follow, asOf, 48).get('A')!;
    expect(out.map((l) => [l.id, Math.floor(l.hours)])).toEqual([
      ['answered-later', 168],
      ['48h-1min', 48],
    ]);
  });
});

describe('pacing: projected quarter attainment against the band floor', () => {
  it("projects won to date + today's forecast of the rest against the target planned the day before the quarter", () => {
    // 100 won every month 2024-10 … 2026-10, nothing in November: the plan of 2026-09-30 sets 100 a month, 300 for 2026-Q4.
    const deals: Deal[] = [];
    for (let m = 0; m < 25; m++) deals.push({ row: m + 2, id: `P${m}`, rep: 'A', team: 'East', stage: 'won', stage_label: 'won', amount: 100, closed_at: localTime(2024, 10 + m, 15) });
    const asOf = d('2026-11-16');
    const plans = quarterPlans(deals, { asOf });
    expect(plans.targetPlan.asOf).toBe('2026-09-30');
    const p = progressOf(plans, 'team:East', asOf);
    expect(p.quarter).toBe('2026-Q4');
    expect(p.target).toBe(300);
    expect(p.wonToDate).toBe(100);
    // rest = November's 100 × 14/30 days still to come after the 16th (the as-of day counts as gone) + December's 100 = 146.67 → 147
    expect(p.rest).toBe(147);
    expect(p.projected).toBe(247);
    expect(p.projectedShare).toBeCloseTo(247 / 300, 6);
    // elapsed: Oct 1 … Nov 16 = 47 of 92 days
    expect(p.elapsed).toBeCloseTo(47 / 92, 6);
    expect(p.pace).toBeCloseTo(100 / (300 * 47 / 92), 6);
    const [a] = evaluateAlerts({ deals, routing, currency: '¥', plans }, cfg, asOf).conditions.filter((c) => c.rule === 'pacing');
    expect(a).toMatchObject({ key: 'pacing:team=East', severity: 'warning', team: 'East', numbers: { target: 300, wonToDate: 100, rest: 147, projected: 247 } });
    expect(a.magnitude).toBeCloseTo(0.85 - 247 / 300, 4);
    expect(a.recipients.map((r) => r.name)).toEqual(['Sun Li']);
    // without plans given, the rule plans with the defaults: the same numbers here
    expect(evaluateAlerts({ deals, routing, currency: '¥' }, cfg, asOf).conditions.find((c) => c.rule === 'pacing')?.numbers).toEqual(a.numbers);
    // on pace: a team projected at or above 85% raises nothing
    const strong = [...deals, { row: 99, id: 'P99', rep: 'A', team: 'East', stage: 'won' as const, stage_label: 'won', amount: 30, closed_at: localTime(2026, 11, 2) }];
    expect(evaluateAlerts({ deals: strong, routing, currency: '¥' }, cfg, asOf).conditions.filter((c) => c.rule === 'pacing')).toEqual([]);
  });
});

describe('decide: raised, ongoing, worsened, repeated, resolved', () => {
  const cond = (magnitude: number, severity: AlertCondition['severity'] = 'warning'): AlertCondition => ({
    key: 'k',
    rule: 'touches',
    severity,
    magnitude,
    worsenBy: 1,
    since: 0,
    title: { en: '', zh: '' },
    details: [],
    action: { en: '', zh: '' },
    recipients: [],
    numbers: {},
  });
  const mem = (m: Partial<AlertMemory>): Map<string, AlertMemory> =>
    new Map([['k', { key: 'k', rule: 'touches', status: 'active', lastSentOn: d('2026-11-20'), lastSentMagnitude: 2, lastSentSeverity: 'warning', ...m } as AlertMemory]]);
  const ev = (c: AlertCondition[], m: Map<string, AlertMemory>, asOf: string, rules = new Set(['touches'] as const)) =>
    decide(c, m, rules, d(asOf), 7).map((x) => x.event);

  it('follows the quiet period and worsening', () => {
    expect(ev([cond(2)], new Map(), '2026-11-21')).toEqual(['raised']);
    expect(ev([cond(2)], mem({}), '2026-11-26')).toEqual(['ongoing']);
    expect(ev([cond(2)], mem({}), '2026-11-27')).toEqual(['repeated']); // 7 days later
    expect(ev([cond(3)], mem({}), '2026-11-21')).toEqual(['worsened']);
    expect(ev([cond(2, 'critical')], mem({}), '2026-11-21')).toEqual(['worsened']);
    expect(ev([cond(1)], mem({}), '2026-11-21')).toEqual(['ongoing']); // better is not news
    expect(ev([cond(2)], mem({ status: 'resolved' }), '2026-11-21')).toEqual(['raised']);
    expect(ev([], mem({}), '2026-11-21')).toEqual(['resolved']);
    expect(ev([], mem({}), '2026-11-21', new Set())).toEqual([]); // rule not evaluated this run: not resolved
  });
});
