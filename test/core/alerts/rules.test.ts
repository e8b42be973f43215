import { describe, expect, it } from 'vitest';
import { isoDate, localTime, parseIsoDate } from '../../../src/core/calendar.js';
import {
  ActivityDigest,
  decide,
  evaluateAlerts,
  growthRate,
  logReach,
  overdueLeads,
  type AlertCondition,
  type AlertMemory,
} from '../../../src/core/alerts/index.js';
import { progressOf, quarterPlans } from '../../../src/core/plan/pacing.js';
import { teamRenames } from '../../../src/core/teams.js';
import { planForecast } from '../../../src/core/plan/index.js';
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

/** An open deal created on `day`: the export reaches that day (weeks after a deals export's last row are not judged). */
const reaching = (day: string): Deal => ({ row: ++row, id: `O${row}`, rep: 'Zhang Wei', team: 'East', stage: 'open', stage_label: 'Open', created_at: d(day) });

const weekly = { ...cfg, pacing: { ...cfg.pacing, enabled: false }, newCustomerGrowth: { ...cfg.newCustomerGrowth, windowWeeks: 1, minBase: 1 } };
const growthOnly = (deals: Deal[], asOf: string, config = weekly) => evaluateAlerts({ deals, routing, currency: '¥' }, config, d(asOf)).conditions;

describe('new-customer growth: week over week (window 1, base ≥ 1)', () => {
  it('judges growth only on a base large enough', () => {
    expect(growthRate(4, 5, 1)).toBe(0.25);
    expect(growthRate(4, 4, 1)).toBe(0);
    expect(growthRate(0, 0, 1)).toBeNull(); // 0 → 0: not enough data, not a weak week
    expect(growthRate(0, 3, 1)).toBeNull();
    expect(growthRate(3, 5, 4)).toBeNull(); // base below the configured minimum
  });

  // 2026 has 53 ISO weeks: W52 = Dec 21, W53 = Dec 28, 2027-W01 = Jan 4, W02 = Jan 11.
  const yearEnd = [...newCustomers('2026-12-15', 4), ...newCustomers('2026-12-22', 4), ...newCustomers('2026-12-29', 4), ...newCustomers('2027-01-05', 5)];

  it('names deals without any team "Company" and keys them as such, with the former "—" key to find what was remembered', () => {
    const noTeam = yearEnd.map(({ team: _team, ...rest }) => rest as Deal);
    const [a] = growthOnly(noTeam, '2027-01-04');
    expect([a.key, a.formerKey, a.title.en.split(':')[0], a.title.zh.split('：')[0]]).toEqual(['new-customer-growth:company', 'new-customer-growth:team=—', 'Company', '公司']);
  });

  it('keys a roster team renamed from the export\'s name so that an alert remembered under the export\'s name goes on (teamRenames)', () => {
    const [a] = evaluateAlerts({ deals: yearEnd, routing, currency: '¥', teamRenames: new Map([['East', '华东']]) }, weekly, d('2027-01-04')).conditions;
    expect([a.key, a.formerKey]).toEqual(['new-customer-growth:team=East', 'new-customer-growth:team=华东']);
    // Grouped by region, a group is no renamed team.
    const byRegion = yearEnd.map((x) => ({ ...x, region: 'East' }));
    const [r] = evaluateAlerts({ deals: byRegion, routing, currency: '¥', teamRenames: new Map([['East', '华东']]) }, { ...weekly, newCustomerGrowth: { ...weekly.newCustomerGrowth, groupBy: 'region' } }, d('2027-01-04')).conditions;
    expect([r.key, r.formerKey]).toEqual(['new-customer-growth:region=East', undefined]);
  });

  it('fires for 2026-W52 and W53 (0%, 0%) once W53 is complete, naming the weeks', () => {
    expect(growthOnly(yearEnd, '2026-12-28')).toEqual([]); // only W52 is complete: one weak week
    const [a] = growthOnly(yearEnd, '2027-01-04');
    expect(a).toMatchObject({ key: 'new-customer-growth:team=East', magnitude: 2, severity: 'warning', since: d('2026-12-21') });
    expect(a.recipients).toEqual([{ role: 'manager', name: 'Sun Li', email: 'sun@example.com', webhook: undefined, style: undefined }]);
    expect(a.numbers.weeks).toEqual([
      { week: '2026-W52', start: '2026-12-21', newCustomers: 4, base: 4, growth: 0 },
      { week: '2026-W53', start: '2026-12-28', newCustomers: 4, base: 4, growth: 0 },
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
    expect((a.numbers.weeks as { week: string }[]).map((w) => w.week)).toEqual(['2027-W01', '2027-W02']);
  });

  it('calls 2 → 0 one weak week and the 0 → 0 after it "not enough data", not a second weak week', () => {
    // 2026-W10 = Mar 2: 2 new; W11 none; W12 none.
    const deals = [...newCustomers('2026-03-03', 2), reaching('2026-03-22')];
    expect(growthOnly(deals, '2026-03-16')).toEqual([]); // W11: −100%, one weak week
    const r = evaluateAlerts({ deals, routing, currency: '¥' }, weekly, d('2026-03-23'));
    expect(r.conditions).toEqual([]);
    expect(r.checks.map((c) => c.message.en)).toEqual(['East: new-customer growth not judged, not enough data (0 new customers in 2026-W11, fewer than 1)']);
  });

  it('says how long a streak is when it lists only its last 8 weeks', () => {
    // 2026-W10 (Mar 2) … W20 (May 11): 4 new customers a week, so W11 … W20 are 10 flat weeks.
    const deals = Array.from({ length: 11 }, (_, w) => newCustomers(isoDate(d('2026-03-03') + w * 7 * 86_400_000), 4)).flat();
    const [a] = growthOnly(deals, '2026-05-18');
    expect(a.magnitude).toBe(10);
    expect(a.details.map((x) => x.en.split(':')[0])).toEqual(['10 weeks in a row; only the last 8 are listed', ...Array.from({ length: 8 }, (_, i) => `2026-W${13 + i}`)]);
    expect(a.details[0].zh).toBe('连续 10 周；仅列出最近 8 周');
  });

  it('does not count repeat customers or orders cancelled before the as-of date', () => {
    // W10, W11, W12: 2 new customers each; W11 also has a repeat deal and W12 a new customer cancelled before the as-of date.
    const deals = [...newCustomers('2026-03-03', 2), ...newCustomers('2026-03-10', 2), ...newCustomers('2026-03-17', 2)];
    const repeat: Deal = { ...deals[0], row: 900, id: 'R', closed_at: d('2026-03-11') };
    const cancelled: Deal = { ...newCustomers('2026-03-18', 1)[0], cancelled_at: d('2026-03-20') };
    // 2 → 2 → 2: two flat weeks (counting either deal would make one of them +50%).
    expect(growthOnly([...deals, repeat, cancelled], '2026-03-23')[0].magnitude).toBe(2);
  });
});

describe('new-customer growth: the default 4-week rolling window with a base of at least 4', () => {
  const rolling = { ...cfg, pacing: { ...cfg.pacing, enabled: false } };

  it('judges each week on its last 4 weeks against the 4 before them', () => {
    // 2026-W10 … W19 (Mondays Mar 2 … May 4): 2 new customers a week, 1 in W18.
    const days = ['03-03', '03-10', '03-17', '03-24', '03-31', '04-07', '04-14', '04-21', '04-28', '05-05'];
    const deals = days.flatMap((day, i) => newCustomers(`2026-${day}`, i === 8 ? 1 : 2));
    const [a] = growthOnly(deals, '2026-05-11', rolling);
    // W17: W14–W17 8 vs W10–W13 8 (0%); W18: 7 vs 8 (−12.5%); W19: 7 vs 8 (−12.5%). W16 has no full base period before it.
    expect(a).toMatchObject({ magnitude: 3, severity: 'warning', since: d('2026-04-20') });
    expect(a.numbers.weeks).toEqual([
      { week: '2026-W17', start: '2026-03-30', newCustomers: 8, base: 8, growth: 0 },
      { week: '2026-W18', start: '2026-04-06', newCustomers: 7, base: 8, growth: -0.125 },
      { week: '2026-W19', start: '2026-04-13', newCustomers: 7, base: 8, growth: -0.125 },
    ]);
    expect(a.title.en).toBe('East: new-customer growth (4-week rolling) below 5% for 3 consecutive weeks');
  });

  it('raises nothing for months of 0 → 0 weeks, and says why', () => {
    const deals = [...newCustomers('2026-01-06', 5), reaching('2026-11-26')];
    const r = evaluateAlerts({ deals, routing, currency: '¥' }, rolling, d('2026-11-27'));
    expect(r.conditions).toEqual([]);
    expect(r.checks[0].message.en).toBe('East: new-customer growth not judged, not enough data (0 new customers in 2026-W40–2026-W43, fewer than 4)');
  });

  it('counts one new customer in the singular when the base is too small', () => {
    // One new customer in 2026-W41 (Oct 5-11), inside the base period W40-W43 of the last complete week W47.
    const deals = [...newCustomers('2026-01-06', 5), ...newCustomers('2026-10-07', 1), reaching('2026-11-26')];
    const r = evaluateAlerts({ deals, routing, currency: '¥' }, rolling, d('2026-11-27'));
    expect(r.checks[0].message.en).toBe('East: new-customer growth not judged, not enough data (1 new customer in 2026-W40–2026-W43, fewer than 4)');
  });

  it('does not re-send a longer streak as "worsened": only turning critical is news before the quiet period ends', () => {
    const days = ['03-03', '03-10', '03-17', '03-24', '03-31', '04-07', '04-14', '04-21', '04-28', '05-05'];
    const deals = days.flatMap((day, i) => newCustomers(`2026-${day}`, i === 8 ? 1 : 2));
    const [a] = growthOnly(deals, '2026-05-11', rolling);
    const memory = new Map<string, AlertMemory>([
      [a.key, { key: a.key, rule: a.rule, status: 'active', lastRaisedOn: d('2026-05-08'), lastRaisedMagnitude: 2, lastRaisedSeverity: 'warning' }],
    ]);
    expect(decide([a], memory, new Set(['new-customer-growth']), d('2026-05-11'), 7).map((x) => x.event)).toEqual(['ongoing']);
    expect(decide([{ ...a, severity: 'critical' }], memory, new Set(['new-customer-growth']), d('2026-05-11'), 7).map((x) => x.event)).toEqual(['worsened']);
    expect(decide([a], memory, new Set(['new-customer-growth']), d('2026-05-15'), 7).map((x) => x.event)).toEqual(['repeated']);
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
    // The log reaches the as-of date (C's first row, Monday Nov 24; a partial week for C): W47 is covered.
    digest.add(act('C', localTime(2026, 11, 24), 'call'));
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

describe('lead follow-up on leads that cannot be judged', () => {
  const asOf = d('2026-11-27');
  const leadsOnly = { ...cfg, pacing: { ...cfg.pacing, enabled: false }, newCustomerGrowth: { ...cfg.newCustomerGrowth, enabled: false } };
  it('is not checked, and says why, when no lead has both an owner and an assignment time', () => {
    // Olist's marketing-qualified leads: an id, a first contact and a source; no owner, no assignment.
    const leads: Lead[] = [{ row: 2, id: 'M1', first_contact_at: localTime(2026, 11, 1) }, { row: 3, id: 'M2', rep: 'A' }];
    const r = evaluateAlerts({ deals: [], leads, routing, currency: '¥' }, leadsOnly, asOf);
    expect(r.evaluated.has('lead-follow-up')).toBe(false);
    expect(r.checks.map((c) => c.message.en)).toEqual(['lead follow-up not checked: no lead has both an owner and an assignment time (columns such as "Owner" and "Assigned at")']);
  });
  it('checks the leads it can and counts the others', () => {
    const leads: Lead[] = [{ row: 2, id: 'L1', rep: 'A', assigned_at: localTime(2026, 11, 1) }, { row: 3, id: 'L2', rep: 'A' }];
    const r = evaluateAlerts({ deals: [], leads, routing, currency: '¥' }, leadsOnly, asOf);
    expect(r.evaluated.has('lead-follow-up')).toBe(true);
    expect(r.conditions.map((c) => c.key)).toEqual(['lead-follow-up:rep=A']);
    expect(r.checks.map((c) => c.message.en)).toEqual(['lead follow-up: 1 lead of 2 has no owner or no assignment time and is not checked']);
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

  it('projects with the method the target\'s plan chose, refitted: a month ending without a deal does not switch it', () => {
    // Every year: 50, 50, 200 a quarter, then October 10, November 60, December 300; 2024-01 … 2026-10, nothing in 2026-11.
    const year = [50, 50, 200, 50, 50, 200, 50, 50, 200, 10, 60, 300];
    const deals: Deal[] = [];
    for (let m = 0; m < 34; m++) deals.push({ row: m + 2, id: `S${m}`, rep: 'A', team: 'East', stage: 'won', stage_label: 'won', amount: year[m % 12], closed_at: localTime(2024, 1 + m, 15) });
    const chosen = (asOf: string) => planForecast(deals, { asOf: d(asOf) }).series.find((s) => s.id === 'team:East')!.method.amount.params.selected;
    // Chosen afresh each day: seasonal naive until November ends, then ETS, as the empty November joins the history
    // (a projection other than the one that set the target, with no deal changed).
    expect([chosen('2026-09-30'), chosen('2026-11-30'), chosen('2026-12-01')]).toEqual(['snaive', 'snaive', 'ets']);
    const judged = (asOf: string) => {
      const plans = quarterPlans(deals, { asOf: d(asOf) });
      const [a] = evaluateAlerts({ deals, routing, currency: '¥', plans }, cfg, d(asOf)).conditions.filter((c) => c.rule === 'pacing');
      return { severity: a.severity, numbers: a.numbers, method: plans.nowPlan.series.find((s) => s.id === 'team:East')!.method.amount };
    };
    // The plan of 2026-09-30 chose seasonal naive: target 10 + 60 + 300 = 370; won 10 (October).
    // 2026-11-30: November's last day is gone, the rest is December's 300 → 310 = 83.8%, a warning.
    // 2026-12-01: still seasonal naive, December 300 × 30/31 days to come = 290 → 300 = 81.1%: the day gone, nothing else.
    const [nov30, dec1] = [judged('2026-11-30'), judged('2026-12-01')];
    expect(nov30.numbers).toMatchObject({ target: 370, wonToDate: 10, rest: 300, projected: 310, attainment: 0.8378 });
    expect(dec1.numbers).toMatchObject({ target: 370, wonToDate: 10, rest: 290, projected: 300, attainment: 0.8108 });
    expect([nov30.severity, dec1.severity]).toEqual(['warning', 'warning']);
    expect(dec1.method.params).toMatchObject({ selected: 'snaive', kept: true, choiceToday: 'ets' });
    expect(dec1.method.notes.map((n) => n.en).join(' ')).toContain('kept from an earlier plan: snaive');
  });

  it('says first when the plan that set the target chose no method, and projects with today\'s choice', () => {
    // East starts in August: two months on 2026-09-30 (their mean, no choice), three on 2026-11-16.
    const deals: Deal[] = [120, 80, 150].map((amount, m) => ({ row: m + 2, id: `N${m}`, rep: 'A', team: 'East', stage: 'won', stage_label: 'won', amount, closed_at: localTime(2026, 8 + m, 15) }));
    const asOf = d('2026-11-16');
    const r = evaluateAlerts({ deals, routing, currency: '¥', files: { deals: 'deals.csv' } }, cfg, asOf);
    expect(r.checks.filter((c) => c.code === 'method_chosen_today').map((c) => [c.status, c.file, c.message.en, c.message.zh])).toEqual([
      [
        'caveat',
        'deals.csv',
        "the company (theta) and team East (theta): the rest of 2026-Q4 is forecast with today's choice of method, which can change from one day to the next without new deals: the plan that set the target on 2026-09-30 chose none (too little history then)",
        '公司（theta）和团队 East（theta）：2026-Q4 剩余期间按今天选出的方法预测，即使没有新成交，该方法也可能每天不同：2026-09-30 制定目标的计划未选定方法（当时历史太短）',
      ],
    ]);
  });

  it('names deals without a team or region "Company" when they are all there is, "Deals without a team" beside named teams', () => {
    const deals: Deal[] = [];
    for (let m = 0; m < 25; m++) deals.push({ row: m + 2, id: `P${m}`, rep: 'A', stage: 'won', stage_label: 'won', amount: 100, closed_at: localTime(2024, 10 + m, 15) });
    const asOf = d('2026-11-16');
    const title = (ds: Deal[]) => evaluateAlerts({ deals: ds, routing, currency: '¥' }, cfg, asOf).conditions.filter((c) => c.rule === 'pacing').map((c) => [c.key, c.title.en.split(':')[0], c.title.zh.split('：')[0]]);
    // keyed by what the group is, not by the "—" reports print for it
    expect(title(deals)).toEqual([['pacing:company', 'Company', '公司']]);
    const east = deals.map((x, i) => ({ ...x, id: `E${i}`, rep: 'B', team: 'East' }));
    expect(title([...deals, ...east])).toEqual([
      ['pacing:no-team', 'Deals without a team', '未分团队的订单'],
      ['pacing:team=East', 'East', 'East'],
    ]);
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
    new Map([['k', { key: 'k', rule: 'touches', status: 'active', lastRaisedOn: d('2026-11-20'), lastRaisedMagnitude: 2, lastRaisedSeverity: 'warning', ...m } as AlertMemory]]);
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

describe('exports that are empty, start after the as-of date or end before it', () => {
  const noDeals = { ...cfg, pacing: { ...cfg.pacing, enabled: false }, newCustomerGrowth: { ...cfg.newCustomerGrowth, enabled: false } };
  const files = { deals: 'deals.csv', activity: 'activity.csv', leads: 'leads.csv' };
  const lead = (id: string, assigned: number): Lead => ({ row: row++, id, rep: 'A', assigned_at: assigned });
  const remembered = (key: string, rule: AlertMemory['rule']): AlertMemory => ({ key, rule, status: 'active', lastRaisedOn: d('2026-11-27'), lastRaisedMagnitude: 1, lastRaisedSeverity: 'warning' });
  const memory = new Map([
    ['touches:rep=A', remembered('touches:rep=A', 'touches')],
    ['lead-follow-up:rep=A', remembered('lead-follow-up:rep=A', 'lead-follow-up')],
  ]);

  it('a header-only leads export is not checked, and the lead alerts it raised before stay as they are', () => {
    const r = evaluateAlerts({ deals: [], leads: [], files, routing, currency: '¥' }, noDeals, d('2026-11-28'));
    expect(r.evaluated.has('lead-follow-up')).toBe(false);
    expect(r.checks.map((c) => [c.code, c.message.en])).toEqual([
      ['rule_not_checked', 'lead follow-up not checked: leads.csv has no rows (a failed export?); alerts raised before are left as they are: not resolved, not sent by this run'],
    ]);
    expect(decide(r.conditions, memory, r.evaluated, d('2026-11-28'), 7)).toEqual([]);
  });

  it('a header-only activity log checks neither the touch KBI nor the follow-ups recorded in it', () => {
    const digest = new ActivityDigest(cfg.touches.types, d('2026-11-28'));
    // L1 waited 180 h: with no log to say it was followed up, it is not judged.
    const r = evaluateAlerts({ deals: [], leads: [lead('L1', localTime(2026, 11, 20, 12))], activity: digest, files, routing, currency: '¥' }, noDeals, d('2026-11-28'));
    expect(r.conditions).toEqual([]);
    expect([...r.evaluated]).toEqual([]);
    expect(r.checks.map((c) => c.message.en)).toEqual([
      'touch KBI and lead follow-up not checked: activity.csv has no rows (a failed export?); alerts raised before are left as they are: not resolved, not sent by this run',
    ]);
    expect(r.checks[0].message.zh).toBe('未检查客户触达和线索跟进：activity.csv 没有数据行（导出失败？）；此前的预警保持原状：本次既不解除也不发送');
    expect(decide(r.conditions, memory, r.evaluated, d('2026-11-28'), 7)).toEqual([]);
  });

  it('an activity log that starts after the as-of date judges nothing and says so', () => {
    const digest = new ActivityDigest(cfg.touches.types, d('2026-08-15'));
    digest.add(act('A', localTime(2026, 9, 1, 10), 'call'));
    const r = evaluateAlerts({ deals: [], activity: digest, files, routing, currency: '¥' }, noDeals, d('2026-08-15'));
    expect(r.evaluated.has('touches')).toBe(false);
    expect(r.checks.map((c) => c.message.en)).toEqual(['touch KBI not checked: activity.csv starts 2026-09-01, after the as-of date 2026-08-15: there is nothing before it to judge']);
  });

  it('does not judge the weeks after the activity log ends, nor wait for follow-ups past its end', () => {
    const asOf = d('2026-12-15'); // Tuesday of 2026-W51
    const digest = new ActivityDigest(cfg.touches.types, asOf);
    // A: 8 calls a week in W45 … W48 (Nov 2, 9, 16, 23); the log ends Thursday Nov 26 (W48).
    for (const day of [2, 9, 16, 23]) for (let i = 0; i < 8; i++) digest.add(act('A', localTime(2026, 11, day + (i % 4), 9 + i), 'call'));
    // L1 assigned Nov 20 10:00: 158 h to Nov 27 00:00, the day after the log's end (not 614 h to Dec 15);
    // L2 assigned Nov 25 10:00: 38 h by then, not overdue (it would be 566 h as of Dec 15).
    const leads = [lead('L1', localTime(2026, 11, 20, 10)), lead('L2', localTime(2026, 11, 25, 10))];
    const r = evaluateAlerts({ deals: [], leads, activity: digest, files, routing, currency: '¥' }, noDeals, asOf);
    // W49 and W50 hold no row, and W48 lacks its Friday: not weeks of 0 (or few) touches.
    expect(r.conditions.map((c) => c.key)).toEqual(['lead-follow-up:rep=A']);
    expect(r.conditions[0].numbers.leads).toEqual([{ id: 'L1', customer: null, assignedAt: '2026-11-20 10:00', hours: 158, row: leads[0].row }]);
    expect(r.checks.map((c) => c.message.en)).toEqual([
      'lead follow-up judged as of 2026-11-27: activity.csv, where follow-ups are recorded, ends 2026-11-26, 18 days before the as-of date, so waiting times stop there instead of counting those days as no follow-up. If the export stops there, run with --as-of 2026-11-27.',
      'activity.csv ends 2026-11-26: the touch KBI is not judged for 2026-W48…2026-W50, which it does not reach (or reaches only in part), instead of counting them as weeks without touches. If the export stops there, run with --as-of 2026-11-27.',
    ]);
    // The weeks the log covers to their Friday are judged: A's W46 and W47 below 8 (5 calls) make a streak of 2.
    const short = new ActivityDigest(cfg.touches.types, asOf);
    for (const day of [2, 23]) for (let i = 0; i < 8; i++) short.add(act('A', localTime(2026, 11, day + (i % 4), 9 + i), 'call'));
    for (const day of [9, 16]) for (let i = 0; i < 5; i++) short.add(act('A', localTime(2026, 11, day + (i % 4), 9 + i), 'call'));
    const t = evaluateAlerts({ deals: [], activity: short, files, routing, currency: '¥' }, noDeals, asOf).conditions;
    expect(t[0].numbers.weeks).toEqual([
      { week: '2026-W46', start: '2026-11-09', touches: 5 },
      { week: '2026-W47', start: '2026-11-16', touches: 5 },
    ]);
    // A log that stops for no more than a weekend reaches the as-of date: nothing said, nothing cut.
    expect(logReach(localTime(2026, 11, 27, 18), d('2026-11-30'))).toBeNull();
    expect(logReach(localTime(2026, 11, 26, 18), d('2026-11-30'))?.days).toBe(3);
  });

  it('does not judge new-customer growth in weeks after the deals export ends, and says pacing counts them as nothing won', () => {
    const deals = [...newCustomers('2026-03-03', 2), ...newCustomers('2026-03-10', 2)];
    const r = evaluateAlerts({ deals, files, routing, currency: '¥' }, { ...weekly, pacing: { ...weekly.pacing, enabled: true } }, d('2026-03-30'));
    // W12 and W13 hold no row: not two weeks of −100%.
    expect(r.conditions.filter((c) => c.rule === 'new-customer-growth')).toEqual([]);
    expect(r.checks[0].message.en).toBe(
      'deals.csv ends 2026-03-10 and has no rows in 2026-W12…2026-W13: new-customer growth is not judged for those weeks, and quarter pacing counts them as nothing won. If the export stops there, run with --as-of 2026-03-11.',
    );
  });
});

describe('alert keys that changed', () => {
  it('an alert remembered under its former key goes on (ongoing), not raised again as new', () => {
    const c = { key: 'pacing:company', formerKey: 'pacing:team=—', rule: 'pacing', severity: 'warning', magnitude: 0.1, worsenBy: 0.05, since: 0, title: { en: '', zh: '' }, details: [], action: { en: '', zh: '' }, recipients: [], numbers: {} } satisfies AlertCondition;
    const old: AlertMemory = { key: 'pacing:team=—', rule: 'pacing', status: 'active', lastRaisedOn: d('2018-06-01'), lastRaisedMagnitude: 0.1, lastRaisedSeverity: 'warning' };
    const out = decide([c], new Map([[old.key, old]]), new Set(['pacing']), d('2018-06-02'), 7);
    expect(out.map((x) => [x.key, x.event, x.memory?.key])).toEqual([['pacing:company', 'ongoing', 'pacing:team=—']]);
  });
});

describe('teamRenames: a roster team that is an export team under another name', () => {
  const named = (roster: string, counts: Record<string, number>) => ({ roster, named: new Map(Object.entries(counts)) });
  const rows = (counts: Record<string, number>) => Object.entries(counts).flatMap(([team, n]) => Array.from({ length: n }, () => ({ team })));

  it('is a rename when every row of the roster team named one export team, and that team went nowhere else', () => {
    const overrides = new Map([['Zhang Wei', named('East', { 华东: 3 })], ['Wang Fang', named('East', { 华东: 2 })], ['Chen Jie', named('West', { 西部: 4 })]]);
    expect(teamRenames(overrides, rows({ East: 5, West: 4 }))).toEqual(new Map([['East', '华东'], ['West', '西部']]));
  });

  it('is none when the roster merged two export teams, split one, or some of its rows named it already', () => {
    const merged = new Map([['A', named('East', { 华东: 3 })], ['B', named('East', { 华南: 2 })]]);
    expect(teamRenames(merged, rows({ East: 5 }))).toEqual(new Map());
    const split = new Map([['A', named('East', { 华东: 3 })], ['B', named('West', { 华东: 2 })]]);
    expect(teamRenames(split, rows({ East: 3, West: 2 }))).toEqual(new Map());
    // One rep's rows (or a rep off the roster) already named East: the export had an East of its own.
    const partly = new Map([['A', named('East', { 华东: 3 })]]);
    expect(teamRenames(partly, rows({ East: 5 }))).toEqual(new Map());
    // Rows of reps off the roster still name 华东: the export's team is still there.
    expect(teamRenames(partly, rows({ East: 3, 华东: 1 }))).toEqual(new Map());
  });
});

describe('decide: an alert carried over from another key', () => {
  it('goes on when a condition comes back under the key it was carried over from, and resolves nothing', () => {
    const c = { key: 'pacing:team=华东', rule: 'pacing', severity: 'critical', magnitude: 0.33, worsenBy: 0.05 } as AlertCondition;
    const memory = new Map<string, AlertMemory>([
      ['pacing:team=East', { key: 'pacing:team=East', rule: 'pacing', status: 'active', lastRaisedOn: d('2026-12-01'), lastRaisedMagnitude: 0.33, lastRaisedSeverity: 'critical', formerKey: 'pacing:team=华东' }],
    ]);
    expect(decide([c], memory, new Set(['pacing']), d('2026-12-02'), 7).map((x) => [x.key, x.event, x.memory?.key])).toEqual([['pacing:team=华东', 'ongoing', 'pacing:team=East']]);
  });
});
