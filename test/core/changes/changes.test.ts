/**
 * The planted pair in test/fixtures/changes: OLD and NEW exports of 18 deals around 2026-Q4, each deal
 * planted for one bucket (see the comments beside the expected numbers). Every figure is in cents and
 * was added up by hand from the CSVs.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUCKETS, LEVELS, balance, changes, pairCurrency, waterfallSteps, type Bucket, type Changes } from '../../../src/core/changes/index.js';
import { waterfallChart } from '../../../src/core/charts/changes.js';
import { parseQuarterKey } from '../../../src/core/calendar.js';
import { readDataset } from '../../../src/io/read.js';
import type { Deal } from '../../../src/schema/rows.js';

const DIR = join(import.meta.dirname, '../../fixtures/changes');
const read = async (name: string) => (await readDataset(join(DIR, name), { kind: 'deals', timeZone: 'Asia/Shanghai', dateFormat: 'auto' })).rows;
const Q4 = parseQuarterKey('2026-Q4')!;

const run = (older: Deal[], newer: Deal[], probs: Record<string, number> = {}) =>
  changes(older, newer, { period: Q4, levels: LEVELS, stageProbabilities: probs, files: { old: 'old.csv', new: 'new.csv' } });

const ids = (c: Changes, b: Bucket) => c.movements.filter((m) => m.flows.some((f) => f.bucket === b)).map((m) => m.id).sort();
const group = (c: Changes, level: 'team' | 'rep', key: string) => c.levels.find((l) => l.level === level)!.groups.find((g) => g.key === key)!;

// Company figures, in cents.
const EXPECTED: Record<Bucket, number> = {
  created: 1_700_00, // D07 400 open in window; D13 1,300 created already won
  pulled_in: 2_350_00, // D06 2027-02-01 → 12-15 at its NEW 750; D10 09-30 → 10-01 (start edge) 1,100; D14 2027-03 → won 500
  reopened: 600_00, // D08 lost → open 12-20
  owner_in: 0,
  increased: 800_00, // D01 +200; D03 won at 3,500 vs 3,000: +500; D09 +100 with its owner change
  decreased: 200_00, // D11 500 → 300
  owner_out: 0,
  pushed: 2_350_00, // D02 12-31 (end edge, in) → 2027-01-01 2,000; D16 expected close removed 350
  moved_earlier: 250_00, // D12 10-15 → 09-15
  won: 5_300_00, // D03 3,500 + D13 1,300 + D14 500
  lost: 1_500_00, // D04 at its OLD amount (NEW says 0)
  deleted: 800_00, // D05 gone from NEW
};

describe('perf changes on the planted pair', () => {
  it('puts every planted deal in its bucket and balances to the cent', async () => {
    const c = run(await read('old.csv'), await read('new.csv'));
    expect(c.window).toMatchObject({ quarter: '2026-Q4', rule: 'period' });
    expect(c.total.start).toBe(10_400_50); // D01 1,000.50 D02 D03 D04 D05 D09 D11 D12 D16 D18
    expect(c.total.end).toBe(5_450_50); // D01 1,200.50 D06 D07 D08 D09 D10 D11 D18
    expect(c.total.buckets).toEqual(EXPECTED);
    expect(balance(c.total)).toBe(c.total.end);
    expect(ids(c, 'created')).toEqual(['D07', 'D13']);
    expect(ids(c, 'pulled_in')).toEqual(['D06', 'D10', 'D14']);
    expect(ids(c, 'pushed')).toEqual(['D02', 'D16']);
    expect(ids(c, 'won')).toEqual(['D03', 'D13', 'D14']);
    expect(ids(c, 'deleted')).toEqual(['D05']);
    expect(ids(c, 'reopened')).toEqual(['D08']);
    // D15 (won before both exports) and D17 (outside the window in both) move nothing
    expect(c.movements.find((m) => m.id === 'D15')?.flows).toEqual([]);
    expect(c.movements.some((m) => m.id === 'D17')).toBe(false);
  });

  it('moves an owner change between groups at the OLD amount, then counts the change to the new owner', async () => {
    const c = run(await read('old.csv'), await read('new.csv'));
    const ann = group(c, 'rep', 'Ann');
    const bob = group(c, 'rep', 'Bob');
    const cat = group(c, 'rep', 'Cat');
    expect([ann.start, ann.end, ann.buckets.owner_out, ann.buckets.pulled_in, ann.buckets.won]).toEqual([4_250_50, 2_050_50, 900_00, 1_250_00, 500_00]);
    expect([bob.start, bob.end, bob.buckets.owner_in, bob.buckets.increased, bob.buckets.created]).toEqual([4_500_00, 1_600_00, 900_00, 600_00, 1_300_00]);
    expect([cat.start, cat.end]).toEqual([1_650_00, 1_800_00]);
    // T1 is Ann alone; D09 moved with her deal into T2
    expect(group(c, 'team', 'T1').buckets.owner_out).toBe(900_00);
    expect(group(c, 'team', 'T2').buckets.owner_in).toBe(900_00);
    for (const l of c.levels) for (const g of l.groups) expect(balance(g), `${l.level} ${g.key}`).toBe(g.end);
    expect(c.movements.find((m) => m.id === 'D09')!.tags).toContain('owner_changed');
  });

  it('counts slippage per rep: deals, days and amount pushed', async () => {
    const c = run(await read('old.csv'), await read('new.csv'));
    // two snapshots see one move per deal: nobody is a repeated pusher on one pushed deal
    expect(c.slippage).toEqual([
      { rep: 'Ann', deals: 1, times: 1, undated: 0, daysPushed: 1, cents: 2_000_00, repeated: false },
      { rep: 'Cat', deals: 1, times: 1, undated: 1, daysPushed: 0, cents: 350_00, repeated: false },
    ]);
    // a field history that saw D02 pushed twice makes Ann one; a cleared date with no logged later date still counts once
    const logged = changes(await read('old.csv'), await read('new.csv'), {
      period: Q4, levels: LEVELS, stageProbabilities: {}, files: { old: 'o', new: 'n' }, pushes: new Map([['D02', 2]]),
    });
    expect(logged.slippage.map((s) => [s.rep, s.deals, s.times, s.repeated])).toEqual([['Ann', 1, 2, true], ['Cat', 1, 1, false]]);
  });

  it('says a stage progressed only when the config ranks both stages', async () => {
    const [o, n] = [await read('old.csv'), await read('new.csv')];
    expect(run(o, n).movements.find((m) => m.id === 'D18')!.tags).toEqual(['stage_changed']);
    expect(run(o, n, { Qualify: 0.1, Proposal: 0.3 }).movements.find((m) => m.id === 'D18')!.tags).toEqual(['stage_progressed']);
    expect(run(o, n, { Qualify: 0.5, Proposal: 0.3 }).movements.find((m) => m.id === 'D18')!.tags).toEqual(['stage_regressed']);
  });

  it('reads the Chinese pair (预计成交日期 / 预计签约日期, 赢单 / 输单) to the same waterfall', async () => {
    const c = run(await read('zh-old.csv'), await read('zh-new.csv'));
    expect([c.total.start, c.total.end]).toEqual([10_400_50, 5_450_50]);
    expect(c.total.buckets).toEqual(EXPECTED);
    expect(group(c, 'rep', '安娜').buckets.owner_out).toBe(900_00);
  });

  it('reads the pair with ¥ amounts ("¥1,000.50") to the same cents, and names the currency', async () => {
    const o = await readDataset(join(DIR, 'cny-old.csv'), { kind: 'deals', timeZone: 'Asia/Shanghai', dateFormat: 'auto' });
    const n = await readDataset(join(DIR, 'cny-new.csv'), { kind: 'deals', timeZone: 'Asia/Shanghai', dateFormat: 'auto' });
    expect([o.currency, n.currency]).toEqual(['CNY', 'CNY']);
    expect(pairCurrency(o, n)).toBeNull();
    const c = run(o.rows, n.rows);
    expect([c.total.start, c.total.end]).toEqual([10_400_50, 5_450_50]);
    expect(c.total.buckets).toEqual(EXPECTED);
  });

  it('refuses two exports in different currencies; takes a bare one to be in the other\'s, and says so', () => {
    expect(() => pairCurrency({ file: 'old.csv', currency: 'CNY' }, { file: 'new.csv', currency: 'USD' })).toThrow(
      /old\.csv has amounts in CNY, new\.csv in USD: perf does not convert currencies/,
    );
    expect(pairCurrency({ file: 'old.csv', currency: null }, { file: 'new.csv', currency: 'CNY' })).toMatchObject({
      code: 'currency_assumed',
      message: { en: 'old.csv names no currency; its amounts are taken to be in CNY, as new.csv says' },
    });
  });

  it('keeps both edges of the window in it, to the day, with every amount counted once (hand-built pair)', () => {
    const d = (id: string, stage: Deal['stage'], amount: number, date: [number, number, number] | null, rep = 'a'): Deal => ({
      row: 0, id, rep, stage, stage_label: stage, amount,
      ...(date === null ? {} : stage === 'open' ? { expected_close_at: Date.UTC(...date) } : { closed_at: Date.UTC(...date) }),
    });
    const older = [
      d('E1', 'open', 100, [2026, 9, 1]), // 10-01: in start
      d('E2', 'open', 200, [2026, 11, 31]), // 12-31: in start
      d('E3', 'open', 300, [2027, 0, 1]), // 2027-01-01: outside
      d('E4', 'open', 400, [2026, 8, 30]), // 09-30: outside
      d('E5', 'won', 500, [2026, 11, 31]), // won on the last day, before both: moves nothing
      d('E6', 'open', 600, [2026, 10, 1], 'b'),
    ];
    const newer = [
      d('E1', 'won', 150, [2026, 9, 1]), // won on the first day at 150: +50 increased, won 150
      d('E2', 'open', 200, [2027, 0, 1]), // one day late: pushed 200, 1 day
      d('E3', 'open', 300, [2026, 11, 31]), // one day early: pulled in 300
      d('E4', 'lost', 0, [2026, 9, 1]), // entered on the first day and lost: pulled in 0, lost 0
      d('E5', 'won', 500, [2026, 11, 31]),
      d('E6', 'open', 600, [2026, 10, 1], 'a'), // owner b → a: moves at the rep level only
    ];
    const c = run(older, newer);
    // start 100 + 200 + 600 = 900 (×100 cents); end 300 + 600 = 900
    expect([c.total.start, c.total.end]).toEqual([900_00, 900_00]);
    expect(c.total.buckets).toMatchObject({ increased: 50_00, won: 150_00, pushed: 200_00, pulled_in: 300_00, lost: 0, owner_in: 0, owner_out: 0 });
    expect(balance(c.total)).toBe(c.total.end);
    expect(c.movements.find((m) => m.id === 'E5')!.flows).toEqual([]);
    expect(c.movements.find((m) => m.id === 'E2')!.daysPushed).toBe(1);
    expect(group(c, 'rep', 'b')).toMatchObject({ start: 600_00, end: 0, buckets: expect.objectContaining({ owner_out: 600_00 }) });
    expect(group(c, 'rep', 'a')).toMatchObject({ start: 300_00, end: 900_00, buckets: expect.objectContaining({ owner_in: 600_00 }) });
    for (const l of c.levels) for (const g of l.groups) expect(balance(g), `${l.level} ${g.key}`).toBe(g.end);
  });

  it('places the window by --as-of, else by the latest created/close date in NEW', async () => {
    const [o, n] = [await read('old.csv'), await read('new.csv')];
    const opts = { levels: LEVELS, stageProbabilities: {}, files: { old: 'o', new: 'n' } };
    // latest in new.csv: D03 closed 2026-11-20 → Q4
    expect(changes(o, n, opts).window).toMatchObject({ quarter: '2026-Q4', rule: 'latest_date' });
    expect(changes(o, n, { ...opts, asOf: Date.UTC(2027, 0, 5) }).window).toMatchObject({ quarter: '2027-Q1', rule: 'as_of' });
  });

  it('says first when NEW has no expected close dates at all, since its open deals then look pushed', async () => {
    const n = (await read('new.csv')).map(({ expected_close_at: _, ...d }) => d);
    const c = run(await read('old.csv'), n);
    expect(c.checks.map((ch) => [ch.code, ch.count])).toEqual([['no_expected_close', 12]]);
    expect(c.checks[0].message.en).toMatch(/^new\.csv: no open deal has an expected close date .* show as pushed \(date removed\)$/);
    expect(c.total.end).toBe(0);
    expect(balance(c.total)).toBe(0);
  });

  it('draws the waterfall from the running totals (won: 10,400.50 + 1,700 + 2,350 + 600 + 800 − 200 − 2,350 − 250 = 13,050.50, less 5,300)', async () => {
    const c = run(await read('old.csv'), await read('new.csv'));
    const steps = waterfallSteps(c.total);
    expect(steps.map((s) => s.step)).toEqual(['start', ...BUCKETS.filter((b) => EXPECTED[b] !== 0), 'end']);
    expect(steps.find((s) => s.step === 'won')).toEqual({ step: 'won', from: 13_050_50, to: 7_750_50, cents: 5_300_00 });
    const chart = waterfallChart(steps.map((s) => ({ ...s, label: s.step })), c.window.quarter, 'en');
    expect(chart.marks.steps).toBe(12);
    expect(chart.title).toBe('Where the 2026-Q4 pipeline went');
  });

  it('refuses a deal id that appears twice, naming the file and both rows', async () => {
    const n = await read('new.csv');
    expect(() => run(n, [...n, { ...n[0], row: 99 }])).toThrow(/new\.csv rows 2 and 99: deal id "D01" appears twice/);
  });
});

// Random snapshot pairs: any mix of stages, dates in and around the window, amounts with cents,
// owners and teams changing, deals appearing and vanishing.
const day = fc.integer({ min: -40, max: 130 }).map((d) => Date.UTC(2026, 9, 1) + d * 86_400_000);
const dealArb = (id: string) =>
  fc.record({
    rep: fc.constantFrom('a', 'b', 'c'),
    team: fc.option(fc.constantFrom('x', 'y'), { nil: undefined }),
    stage: fc.constantFrom('open', 'won', 'lost') as fc.Arbitrary<Deal['stage']>,
    amount: fc.option(fc.integer({ min: -50_000, max: 5_000_000 }).map((c) => c / 100), { nil: undefined }),
    date: fc.option(day, { nil: undefined }),
  }).map(
    (r): Deal => ({
      row: 0,
      id,
      rep: r.rep,
      team: r.team,
      stage: r.stage,
      stage_label: r.stage,
      amount: r.amount,
      ...(r.stage === 'open' ? { expected_close_at: r.date } : { closed_at: r.date ?? Date.UTC(2026, 10, 1) }),
    }),
  );

describe('the waterfall always balances', () => {
  it('start + Σ flows = end exactly, per company, team and rep, on random snapshot pairs', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 40 }).chain((keys) =>
          fc.tuple(...keys.map((k) => fc.tuple(fc.option(dealArb(`d${k}`), { nil: null }), fc.option(dealArb(`d${k}`), { nil: null })))),
        ),
        (pairs) => {
          const olds = pairs.flatMap(([o]) => (o ? [o] : [])).map((d, i) => ({ ...d, row: i + 2 }));
          const news = pairs.flatMap(([, n]) => (n ? [n] : [])).map((d, i) => ({ ...d, row: i + 2 }));
          const c = run(olds, news);
          expect(balance(c.total)).toBe(c.total.end);
          for (const l of c.levels) {
            for (const g of l.groups) expect(balance(g)).toBe(g.end);
            // every level splits the same company pipeline
            expect(l.groups.reduce((s, g) => s + g.start, 0)).toBe(c.total.start);
            expect(l.groups.reduce((s, g) => s + g.end, 0)).toBe(c.total.end);
          }
          for (const b of BUCKETS) expect(c.total.buckets[b]).toBe(c.levels[0].groups[0]?.buckets[b] ?? 0);
        },
      ),
    );
  });
});
