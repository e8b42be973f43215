/**
 * Every command reads the deals as they stood on --as-of. A small export around 2026-06-30, counted by hand:
 *
 * History 2025-07 … 2026-06: Ann (East) and Bob (West) win one deal a month (created the 1st, won the 15th),
 * Ann 900 / 1100 and Bob 400 / 600 alternately, so May 2026 (the last complete month) is Ann 900, Bob 400;
 * Bob lost L1 in March. Around the as-of date:
 *   X1 Ann  created 06-10, won 07-20,  3000, expected 07-25  → open on 06-30, in the 2026-07 pipeline
 *   X2 Bob  created 06-20, lost 08-05, 2000, expected 08-10  → open on 06-30, in the 2026-08 pipeline
 *   X3 Ann  created 07-05, open,       7000, expected 09-01  → did not exist yet
 *   X4 Cy   created 07-10, won 08-01,  4000                  → did not exist yet: Cy (on the roster) is no rep yet
 *   X5 Bob  created 05-01, open,       1000, expected 09-15  → open
 *   X6 Ann  created 06-30, open,        500, expected 07-31  → open (the as-of day counts whole)
 * So on 2026-06-30: 29 deals (24 won, 1 lost, 4 open); 2 created later, 2 closed later. With --method naive
 * every month forecasts May: Q3 targets Ann 2700, Bob 1200 (the only rep of West), company 3900. Q3 pipeline
 * 3000 + 2000 + 1000 + 500 = 6500 over 4 deals; win rate 24 ÷ 25 = 0.96, weighted 6240; coverage 6500 ÷ 3900.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { perfInProcess, tempDir } from './helpers.js';

const { dir, cleanup } = tempDir('perf-as-of-');
afterAll(cleanup);
const f = (name: string) => join(dir, name);

const MONTHS = ['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];
const HEADER = 'Opportunity ID,Owner,Team,Account,Stage,Amount,Created Date,Close Date,Expected Close Date';
const history = MONTHS.flatMap((m, i) =>
  ([['Ann', 'East', i % 2 ? 1100 : 900], ['Bob', 'West', i % 2 ? 600 : 400]] as const).map(([rep, team, amount], k) => `H${i}${k},${rep},${team},C${i}${k},Closed Won,${amount},${m}-01,${m}-15,`),
);
const AROUND = [
  'L1,Bob,West,CL,Closed Lost,800,2026-02-01,2026-03-10,',
  'X1,Ann,East,CX1,Closed Won,3000,2026-06-10,2026-07-20,2026-07-25',
  'X2,Bob,West,CX2,Closed Lost,2000,2026-06-20,2026-08-05,2026-08-10',
  'X3,Ann,East,CX3,Negotiation,7000,2026-07-05,,2026-09-01',
  'X4,Cy,West,CX4,Closed Won,4000,2026-07-10,2026-08-01,',
  'X5,Bob,West,CX5,Proposal,1000,2026-05-01,,2026-09-15',
  'X6,Ann,East,CX6,Prospecting,500,2026-06-30,,2026-07-31',
];
const DEALS = f('deals.csv');
const TEAMS = f('teams.csv');
const CONFIG = f('naive.json');
writeFileSync(DEALS, [HEADER, ...history, ...AROUND].join('\n') + '\n');
writeFileSync(TEAMS, 'Rep,Team\nAnn,East\nBob,West\nCy,West\n');
writeFileSync(CONFIG, JSON.stringify({ forecast: { method: 'naive' } }));

const run = (args: string[]) => perfInProcess(['--config', CONFIG, ...args]);

interface Coverage {
  period: string;
  openCount: number;
  openAmount: number;
  weighted: number;
  coverage: number | null;
}
interface PlanOut {
  deals: Record<string, number>;
  winRate: number;
  series: { id: string; active: boolean; targets: Record<string, { amount: { target: number } }>; pipeline: { coverage: Coverage[] } }[];
  problems: { code: string; message: { en: string } }[];
  checks: { code: string; message: { en: string } }[];
}
const forecastJson = async (file: string, roster: string[] = ['--team', TEAMS]): Promise<PlanOut> => {
  const r = await run(['forecast', file, ...roster, '--as-of', '2026-06-30', '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as PlanOut;
};
const series = (p: PlanOut, id: string) => p.series.find((s) => s.id === id);
const q3 = (p: PlanOut, id: string) => series(p, id)!.pipeline.coverage.find((c) => c.period === '2026-Q3')!;

describe('forecast reads the deals as they stood on --as-of', () => {
  it('counts, targets and pipeline of 2026-06-30: later deals are not there, deals closed later are open', async () => {
    const text = await run(['forecast', DEALS, '--team', TEAMS, '--as-of', '2026-06-30', '--width', '100']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('29 deals: 24 won, 1 lost, 4 open\n');
    expect(text.stdout.replace(/\s+/g, ' ')).toContain('read as they stood on the as-of date 2026-06-30: 2 deals created after it are left out, and 2 deals won or lost after it count as open');

    const p = await forecastJson(DEALS);
    expect(p.deals).toEqual({ total: 29, won: 24, lost: 1, open: 4, cancelled: 0, afterAsOf: 2, closedAfterAsOf: 2 });
    expect(p.winRate).toBe(0.96);
    const target = (id: string) => series(p, id)?.targets['2026-Q3']?.amount.target;
    expect([target('company'), target('team:East'), target('team:West'), target('rep:Ann'), target('rep:Bob')]).toEqual([3900, 2700, 1200, 2700, 1200]);
    // Cy's first deal was created 2026-07-10: on the roster, but no rep with a share of West's target yet.
    expect(series(p, 'rep:Cy')).toMatchObject({ active: false });
    expect(target('rep:Cy')).toBe(0);
    expect(q3(p, 'company')).toMatchObject({ openCount: 4, openAmount: 6500, weighted: 6240, coverage: 1.667 });
    expect(q3(p, 'team:East')).toMatchObject({ openCount: 2, openAmount: 3500 });
    expect(q3(p, 'team:West')).toMatchObject({ openCount: 2, openAmount: 3000 });
  });

  it('rows created after --as-of change nothing but the count of rows left out', async () => {
    const later = [
      'Y1,Ann,East,CY1,Negotiation,90000,2026-07-01,,2026-07-30',
      'Y2,Dee,North,CY2,Closed Won,50000,2026-07-02,2026-07-03,',
      'Y3,Bob,West,CY3,Closed Lost,70000,2026-09-01,2026-09-02,2026-08-01',
      'Y4,Cy,West,CY4,Proposal,10000,2026-12-01,,2026-09-30',
    ];
    const more = f('deals-more.csv');
    writeFileSync(more, [HEADER, ...history, ...AROUND, ...later].join('\n') + '\n');
    // Without the roster: Dee, whose only deal is after the as-of date, would be a roster mismatch of the file.
    const a = await forecastJson(DEALS, []);
    const b = await forecastJson(more, []);
    const seen = (p: PlanOut) => ({ ...p, file: null, deals: { ...p.deals, afterAsOf: null }, problems: p.problems.filter((x) => x.code !== 'after_as_of'), checks: p.checks.map((c) => ({ ...c, file: null })) });
    expect(seen(b)).toEqual(seen(a));
    expect(b.deals.afterAsOf).toBe(a.deals.afterAsOf + later.length);
  });

  it("evaluate's eve-of-quarter plan gives no target (and no reward) to a rep whose first deal came after that eve", async () => {
    const r = await run(['evaluate', DEALS, '--team', TEAMS, '--period', '2026-Q3', '--as-of', '2026-10-01', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout) as { reps: { name: string; target: number | null; reward: number | null }[] };
    const rep = (name: string) => e.reps.find((x) => x.name === name)!;
    expect([rep('Ann').target, rep('Bob').target]).toEqual([2700, 1200]);
    expect(rep('Cy').target).toBeNull();
    expect(rep('Cy').reward).toBeNull();
  });

  it('a vintage recorded at 2026-07-01 has no entry for Cy, so accuracy does not score a forecast never made for him', async () => {
    const state = f('ledger.db');
    const rec = await run(['forecast', DEALS, '--team', TEAMS, '--as-of', '2026-07-01', '--record', '--state', state]);
    expect(rec.code, rec.stderr).toBe(0);
    const r = await run(['accuracy', DEALS, '--team', TEAMS, '--state', state, '--as-of', '2026-10-10', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const names = new Set((JSON.parse(r.stdout) as { months: { name: string }[] }).months.map((m) => m.name));
    expect([...names].sort()).toEqual(['Ann', 'Bob', 'Company', 'East', 'West']);
  });
});

describe('deals without a created date', () => {
  // Ann wins 12 months; U1 is open with no date at all, U2 was won on 2026-07-20.
  const NO_CREATED = f('no-created.csv');
  writeFileSync(
    NO_CREATED,
    [
      'Opportunity ID,Owner,Team,Stage,Amount,Close Date',
      ...MONTHS.map((m, i) => `H${i},Ann,East,Closed Won,${i % 2 ? 1100 : 900},${m}-15`),
      'U1,Ann,East,Proposal,1500,',
      'U2,Ann,East,Closed Won,2000,2026-07-20',
    ].join('\n') + '\n',
  );

  it('are left out when the export runs past --as-of and not closed by it, and the check says so first', async () => {
    const r = await run(['forecast', NO_CREATED, '--as-of', '2026-06-30', '--width', '200']);
    expect(r.code, r.stderr).toBe(0);
    const check = r.stdout.indexOf('2 deals without a created date were not closed by the as-of date 2026-06-30, and the export runs past it');
    expect(check).toBeGreaterThan(-1);
    expect(check).toBeLessThan(r.stdout.indexOf('perf forecast ·'));
    expect(r.stdout).toContain('12 deals: 12 won, 0 lost, 0 open\n');
    const zh = await run(['forecast', NO_CREATED, '--as-of', '2026-06-30', '--lang', 'zh', '--json']);
    const checks = (JSON.parse(zh.stdout) as PlanOut).checks.filter((c) => c.code === 'as_of_unknown_creation');
    expect(checks).toHaveLength(1);
  });

  it('count from their close date, and open ones count when the export ends by --as-of: no check then', async () => {
    const r = await run(['forecast', NO_CREATED, '--as-of', '2026-08-01', '--width', '200']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('14 deals: 13 won, 0 lost, 1 open\n');
    expect(r.stdout).not.toContain('without a created date');
  });
});
