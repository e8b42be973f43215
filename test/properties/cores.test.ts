/**
 * Invariants of the cores on random data: totals survive grouping, levels add up, counts are never
 * negative, scores stay within 0–100, alerts are the same for the same input and are not re-sent.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localTime, parseIsoDate } from '../../src/core/calendar.js';
import { decide, evaluateAlerts, NOTIFYING, type AlertMemory } from '../../src/core/alerts/index.js';
import { planForecast } from '../../src/core/plan/index.js';
import { monthPeriod, scoreBehaviour } from '../../src/core/score/index.js';
import { defaultConfig } from '../../src/schema/config/index.js';
import type { Activity, Deal, TeamMember } from '../../src/schema/rows.js';

const AS_OF = parseIsoDate('2026-11-27')!;
const REPS = ['Ann', 'Bob', 'Cy', 'Di', 'Ed'];
const TEAM: Record<string, string> = { Ann: 'East', Bob: 'East', Cy: 'West', Di: 'West', Ed: 'West' };
const roster: TeamMember[] = REPS.map((rep, i) => ({ row: i + 2, rep, team: TEAM[rep], manager: TEAM[rep] === 'East' ? 'Sun Li' : 'Zhou Min' }));

const day = fc.record({ y: fc.integer({ min: 2024, max: 2026 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }), h: fc.integer({ min: 0, max: 23 }) });
const when = day.map(({ y, m, d, h }) => localTime(y, m, d, h)).filter((t) => t < AS_OF + 86_400_000 * 40);

const dealsAt = (time: fc.Arbitrary<number>): fc.Arbitrary<Deal[]> =>
  fc
    .array(
      fc.record({
        rep: fc.constantFrom(...REPS),
        stage: fc.constantFrom<'won' | 'lost' | 'open'>('won', 'won', 'won', 'lost', 'open'),
        amount: fc.option(fc.integer({ min: 0, max: 500_000 }), { nil: undefined }),
        at: time,
        customer: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'G'),
      }),
      { maxLength: 120 },
    )
    .map((rows) =>
      rows.map(
        (r, i): Deal => ({
          row: i + 2,
          id: `D${i}`,
          rep: r.rep,
          customer: r.customer,
          stage: r.stage,
          stage_label: r.stage,
          amount: r.amount,
          ...(r.stage === 'open' ? { expected_close_at: r.at } : { closed_at: r.at }),
        }),
      ),
    );

/** Close dates as most exports write them: a date, no time. */
const deals = dealsAt(when.map((t) => Math.floor(t / 86_400_000) * 86_400_000));
/** Close times with an hour: a deal signed at 10:00 on the as-of day is still "up to and including" it. */
const timedDeals = dealsAt(when);

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const close = (a: number, b: number, what: string) => expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(a)));

function planInvariants(arb: fc.Arbitrary<Deal[]>, numRuns: number): void {
  fc.assert(
    fc.property(arb, (ds) => {
      const plan = planForecast(ds, { asOf: AS_OF, method: 'naive', roster });
      const series = plan.series;
      const company = series.find((s) => s.level === 'company')!;
      const won = ds.filter((d) => d.stage === 'won' && d.closed_at! < AS_OF + 86_400_000);
      const historyAmount = sum(Object.values(company.history).map((a) => a.amount)) + company.monthToDate.amount;
      const historyCount = sum(Object.values(company.history).map((a) => a.count)) + company.monthToDate.count;
      close(historyAmount, sum(won.map((d) => d.amount ?? 0)), 'amount: history + month to date = won up to as-of');
      expect(historyCount, 'count: history + month to date = won deals up to as-of').toBe(won.length);

      const children = (parent: string) => series.filter((s) => s.parent === parent);
      for (const parent of series) {
        const kids = children(parent.id);
        if (kids.length === 0) continue;
        for (const m of Object.keys(parent.history)) {
          close(sum(kids.map((k) => k.history[m]?.amount ?? 0)), parent.history[m].amount, `history ${parent.id} ${m}`);
          expect(sum(kids.map((k) => k.history[m]?.count ?? 0))).toBe(parent.history[m].count);
        }
        for (const m of Object.keys(parent.forecast)) {
          close(sum(kids.map((k) => k.forecast[m].amount.mean)), parent.forecast[m].amount.mean, `forecast ${parent.id} ${m}`);
          close(sum(kids.map((k) => k.forecast[m].count.mean)), parent.forecast[m].count.mean, `count forecast ${parent.id} ${m}`);
        }
        for (const p of Object.keys(parent.targets)) close(sum(kids.map((k) => k.targets[p].amount.target)), parent.targets[p].amount.target, `target ${parent.id} ${p}`);
      }
      for (const s of series)
        for (const f of Object.values(s.forecast)) {
          for (const v of [f.count.mean, f.count.lower80, f.count.lower95, f.amount.mean, f.amount.lower80]) expect(v).toBeGreaterThanOrEqual(0);
          expect(f.count.upper80).toBeGreaterThanOrEqual(f.count.lower80);
        }
    }),
    { numRuns },
  );
}

describe('forecast plan (src/core/plan)', () => {
  it('monthly series add up to the won total; reps add up to teams, teams to the company; counts are never negative', () => {
    planInvariants(deals, 40);
  });

  // Known bug: src/core/plan/series.ts compares closed_at > asOf (midnight), so a deal won at 01:00 on the
  // as-of day is counted "after as-of" and left out of the month to date.
  it('the same holds when close dates carry a time of day (deals won on the as-of day count)', () => {
    const onAsOfDay: fc.Arbitrary<Deal[]> = fc.integer({ min: 1, max: 23 }).map((h) => [{ row: 2, id: 'D0', rep: 'Ann', customer: 'A', stage: 'won', stage_label: 'won', amount: 100, closed_at: AS_OF + h * 3_600_000 }]);
    planInvariants(fc.oneof(timedDeals, onAsOfDay), 40);
  });
});

const activities = fc
  .array(
    fc.record({
      rep: fc.constantFrom(...REPS),
      type: fc.constantFrom<Activity['type']>('call', 'visit', 'email', 'demo', 'needs_analysis', 'objection_log', 'revisit', 'lead_assigned', 'other'),
      at: day.map(({ d, h }) => localTime(2026, 11, d, h)),
      customer: fc.option(fc.constantFrom('A', 'B', 'C', 'D'), { nil: undefined }),
      effective: fc.option(fc.boolean(), { nil: undefined }),
      complete: fc.option(fc.boolean(), { nil: undefined }),
      duration_min: fc.option(fc.integer({ min: 0, max: 240 }), { nil: undefined }),
      // Bursts make diligent reps as well as idle ones, so scores cover the whole range.
      repeat: fc.integer({ min: 1, max: 15 }),
    }),
    { maxLength: 150 },
  )
  .map((rows) => rows.flatMap(({ repeat, ...r }) => Array.from({ length: repeat }, (_, k) => ({ ...r, at: r.at + k * 86_400_000 }))).map((r, i): Activity => ({ row: i + 2, type_label: r.type, ...r })));

describe('behaviour scores (src/core/score)', () => {
  it('every score is within 0–100, compliance within 0–1, and the same input scores the same', () => {
    fc.assert(
      fc.property(activities, deals, (acts, ds) => {
        const opts = { config: defaultConfig().score, period: monthPeriod(2026 * 12 + 10), asOf: AS_OF, file: 'activity.csv', deals: ds, roster: new Map(roster.map((m) => [m.rep, m])) };
        const r = scoreBehaviour(acts, opts);
        for (const x of [...r.reps, ...r.teams]) {
          if (x.score !== null) {
            expect(x.score).toBeGreaterThanOrEqual(0);
            expect(x.score).toBeLessThanOrEqual(100);
          }
          if (x.compliance !== null) {
            expect(x.compliance).toBeGreaterThanOrEqual(0);
            expect(x.compliance).toBeLessThanOrEqual(1);
          }
        }
        for (const x of r.reps) expect(x.pointsRatio).toBeGreaterThanOrEqual(0);
        // No hidden state: a second run on the same rows gives the same result, evidence included.
        // (misses and the point audit are iterables over a spool: compared by what they yield.)
        const plain = (x: typeof r) => ({ ...x, misses: [...x.misses], audit: [...x.audit] });
        expect(plain(scoreBehaviour(acts, opts))).toEqual(plain(r));
      }),
      { numRuns: 60 },
    );
  });
});

describe('alerts (src/core/alerts)', () => {
  it('the same input raises the same alerts, and a second run the same day sends nothing again', () => {
    const cfg = defaultConfig().alerts;
    fc.assert(
      fc.property(deals, (ds) => {
        const inputs = { deals: ds, routing: { routes: [], roster }, currency: '¥' };
        const first = evaluateAlerts(inputs, cfg, AS_OF);
        const again = evaluateAlerts(inputs, cfg, AS_OF);
        expect(again.conditions).toEqual(first.conditions);
        const decisions = decide(first.conditions, new Map(), first.evaluated, AS_OF, 7);
        // What the first run remembers after notifying...
        const memory = new Map<string, AlertMemory>(
          decisions
            .filter((d) => d.condition)
            .map((d) => [d.key, { key: d.key, rule: d.condition!.rule, status: 'active', lastRaisedOn: AS_OF, lastRaisedMagnitude: d.condition!.magnitude, lastRaisedSeverity: d.condition!.severity }]),
        );
        // ...makes the rerun quiet: nothing raised, worsened, repeated or resolved.
        const rerun = decide(again.conditions, memory, again.evaluated, AS_OF, 7);
        expect(rerun.filter((d) => NOTIFYING.has(d.event) || d.event === 'resolved')).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});
