import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { fixture, perfInProcess, tempDir, TIME_ZONES, type RunResult } from './helpers.js';

interface Cell {
  target: number;
  floor: number;
  ceiling: number;
  bonus: number;
  pFloor: number;
  pTarget: number;
  pBonus: number;
}
interface Series {
  id: string;
  level: string;
  name: string;
  parent: string | null;
  history: Record<string, { count: number; amount: number }>;
  forecast: Record<string, Record<'amount' | 'count', { mean: number; statistical: number; adjustment: number }>>;
  targets: Record<string, Record<'amount' | 'count', Cell>>;
  outlook: Record<'amount' | 'count', { projected: number; wonToDate: number }>;
  method: Record<'amount' | 'count', { method: string; notes: { en: string; zh: string }[] }>;
  shortHistory: boolean;
  targetFlags?: { period: string; reason: { en: string; zh: string } }[];
}

const AS_OF = ['--as-of', '2026-11-27'];
const tmp = tempDir('perf-forecast-');
let run: RunResult;
let json: { series: Series[]; months: { forecast: string[]; target: string[]; targetQuarters: string[] }; adjustments: { reason: string; total: number }[]; problems: unknown[] };
let book: XLSX.WorkBook;

beforeAll(async () => {
  const out = join(tmp.dir, 'targets.xlsx');
  // One spawn writes the workbook; a second prints JSON with the same inputs.
  run = await perfInProcess(['forecast', fixture('deals.csv'), ...AS_OF, '--adjust', fixture('adjustments.csv'), '--team', fixture('teams.csv'), '-o', out]);
  const j = await perfInProcess(['forecast', fixture('deals.csv'), ...AS_OF, '--adjust', fixture('adjustments.csv'), '--team', fixture('teams.csv'), '--json']);
  expect(j.code).toBe(0);
  json = JSON.parse(j.stdout);
  book = XLSX.read(readFileSync(out));
});
afterAll(() => tmp.cleanup());

const sheet = (name: string, headerRow = 1) => XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets[name], { range: headerRow - 1 });
const series = (id: string) => json.series.find((s) => s.id === id)!;
/** The non-empty first-column texts of a sheet, top to bottom. */
const firstColumn = (wb: XLSX.WorkBook, name: string) =>
  XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[name], { header: 1 }).map((r) => String(r[0] ?? '')).filter(Boolean);
/** The Targets sheet's rows, below however many note lines precede its header. */
const targetsSheet = (wb: XLSX.WorkBook) => {
  const header = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets.Targets, { header: 1, blankrows: true }).findIndex((r) => r[0] === 'Level');
  return XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets.Targets, { range: header });
};

describe('perf forecast on the fixtures', () => {
  it('prints a readable report with sparklines, targets, pipeline and adjustments', async () => {
    expect(run.code).toBe(0);
    const out = run.stdout;
    // Before the title: the checks block, caveats on the forecast first (its method and backtest against
    // both baselines, the flagged rep), then how the file was read (its amounts name no currency).
    const [checks] = out.split('\nperf forecast · ');
    const block = checks.replace(/\n {4}/g, ' ');
    expect(block).toMatch(/^Checks \(read these before the results\):\n {2}caveat: Method: auto chose \w+ .* · backtest WAPE [\d.]+% vs static target [\d.]+%, seasonal naive [\d.]+%\n/);
    expect(block).toMatch(/\n {2}caveat: 1 rep with a target outside 50%–200% of their trailing-four-quarter average \(Liu Yang\): check them/);
    expect(block).toMatch(/\n {2}read as: the amounts name no currency/);
    expect(json).toMatchObject({ checks: expect.arrayContaining([expect.objectContaining({ code: 'forecast_method', status: 'caveat' })]) });
    expect(out).toContain('2027-Q1 company target 1,');
    expect(out).toMatch(/Company\s+│ [▁▂▃▄▅▆▇█]{12}┊[▁▂▃▄▅▆▇█]{5}/);
    expect(out).toContain('Targets 2027-Q1');
    expect(out).toContain('Liu Yang');
    expect(out).toContain("team's average per head: Liu Yang");
    // A target resting on less than 3 months is marked; the stage rate is said once, not per stage.
    expect(out).toMatch(/Liu Yang †\s+│/);
    expect(out).toContain("† fewer than 3 months of history: target = the team's average per head");
    expect(out).toMatch(/win rates: overall win rate 54% \(per-stage rates need\s+stage history/);
    expect(out).not.toMatch(/Negotiation 54%/);
    // One name for the bonus line in both tables, and the ceiling explained.
    expect(out).not.toContain('Ceiling');
    expect(out).toMatch(/the ceiling, target \+ 15%,\s+equals "Bonus at"/);
    expect(out).toContain('Competitor X price cut');
    expect(out).toContain('Coverage');
    for (const line of out.split('\n')) expect([...line].length).toBeLessThanOrEqual(100);
    // The text shows the JSON's numbers.
    const c = series('company').targets['2027-Q1'].amount;
    expect(out).toContain(c.target.toLocaleString('en-US'));
    expect(out).toContain(c.floor.toLocaleString('en-US'));
  });

  it('keeps reps summing to teams and teams to the company in every month and target', async () => {
    const teams = json.series.filter((s) => s.level === 'team');
    const reps = json.series.filter((s) => s.level === 'rep');
    expect(teams.map((t) => t.name)).toEqual(['East', 'West']);
    const sum = (xs: Series[], f: (s: Series) => number) => xs.reduce((a, s) => a + f(s), 0);
    for (const m of json.months.forecast)
      for (const k of ['mean', 'statistical', 'adjustment'] as const) {
        expect(sum(teams, (t) => t.forecast[m].amount[k])).toBe(series('company').forecast[m].amount[k]);
        for (const t of teams) expect(sum(reps.filter((r) => r.parent === t.id), (r) => r.forecast[m].amount[k])).toBe(t.forecast[m].amount[k]);
      }
    for (const p of [...json.months.target, ...json.months.targetQuarters])
      for (const k of ['target', 'floor', 'ceiling', 'bonus'] as const) {
        expect(sum(teams, (t) => t.targets[p].amount[k])).toBe(series('company').targets[p].amount[k]);
        expect(sum(teams, (t) => t.targets[p].count[k])).toBeCloseTo(series('company').targets[p].count[k], 9);
        for (const t of teams) expect(sum(reps.filter((r) => r.parent === t.id), (r) => r.targets[p].amount[k])).toBe(t.targets[p].amount[k]);
      }
    // The band: floor ≈ target × 0.85 and bonus ≈ target × 1.15 (within the rounding of the months).
    const q = series('company').targets['2027-Q1'].amount;
    expect(Math.abs(q.floor - q.target * 0.85)).toBeLessThanOrEqual(3);
    expect(Math.abs(q.bonus - q.target * 1.15)).toBeLessThanOrEqual(3);
    expect(q.pFloor).toBeGreaterThan(q.pTarget);
    expect(q.pTarget).toBeGreaterThan(q.pBonus);
  });

  it('marks short histories and gives method notes in both languages in JSON', async () => {
    expect(series('rep:Liu Yang').shortHistory).toBe(true);
    expect(series('rep:Zhang Wei').shortHistory).toBe(false);
    expect(series('rep:Liu Yang').method.amount.notes).toEqual([{ en: '2 months of history: team West forecast ÷ 3 active reps', zh: '历史 2 个月：团队 West 的预测 ÷ 3 名在岗销售' }]);
    // A rep with a record is a share of the team, and the note says how the share was made.
    const zhao = series('rep:Zhao Lei').method.amount.notes[0];
    expect(zhao.en).toMatch(/^[\d.]+% of team West: trailing share [\d.]+% over 12 months, weighted 80\.0% against the per-head 33\.3%$/);
    expect(zhao.zh).toMatch(/^团队 West 的 [\d.]+%：近 12 个月占比 [\d.]+%，权重 80\.0%，其余取人均 33\.3%$/);
  });

  it('lists the market adjustments with their reasons and effect', async () => {
    expect(json.adjustments.map((a) => a.reason)).toEqual(['Competitor X price cut', 'New distributor signed', 'Provincial SME digitalisation subsidy']);
    expect(json.adjustments[1].total).toBe(50000);
    const dec = series('team:East').forecast['2026-12'].amount;
    expect(dec.adjustment).toBe(50000);
    expect(dec.mean).toBe(dec.statistical + 50000);
  });

  it('writes a workbook that agrees with the JSON number for number', async () => {
    expect(book.SheetNames).toEqual(['Summary', 'Targets', 'Forecast', 'Won history', 'Method', 'Adjustments', 'Problems']);
    const targets = sheet('Targets', 4); // two note lines (the second on Liu Yang's short history) and a blank line above the header
    const header = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets.Targets, { header: 1, range: 3 })[0];
    // The note names the measure (the fixtures' amounts name no currency): no "in ." with an empty currency.
    expect(String(XLSX.utils.sheet_to_json<unknown[]>(book.Sheets.Targets, { header: 1 })[0][0])).toMatch(/^Targets per level and month \(and quarter\), in amount \(no currency named\)\. Floor/);
    expect(header).toEqual(expect.arrayContaining(['Level', 'Name', 'Period', 'Measure', 'Target', 'Floor', 'Ceiling', 'Bonus threshold', 'P(≥floor)', 'Target basis', 'Adjusted target', 'Note']));
    let compared = 0;
    for (const row of targets) {
      const s = json.series.find((x) => (x.level === 'company' ? 'Company' : x.name) === row.Name && x.level === row.Level)!;
      const cell = s.targets[row.Period as string].amount;
      expect([row.Target, row.Floor, row.Ceiling, row['Bonus threshold'], row['P(≥floor)'], row['P(≥bonus)']]).toEqual([cell.target, cell.floor, cell.ceiling, cell.bonus, cell.pFloor, cell.pBonus]);
      expect(row['Target deals']).toBe(s.targets[row.Period as string].count.target);
      expect(row['Adjusted target']).toBeUndefined();
      compared++;
    }
    expect(compared).toBe(json.series.length * 4);
    const history = sheet('Won history').filter((r) => r.Name === 'Zhang Wei' && r.Status === 'complete');
    expect(history.map((r) => r['Won amount'])).toEqual(Object.values(series('rep:Zhang Wei').history).map((h) => h.amount));
    expect(sheet('Adjustments').map((r) => r.Reason)).toEqual(json.adjustments.map((a) => a.reason));
    const method = sheet('Method').find((r) => r.Name === 'Liu Yang' && r.Measure === 'amount')!;
    expect(method.Method).toBe('team-per-head');
  });

  it('opens the workbook with the caveats and flags the rep target outside 50–200 % of its trailing quarters', async () => {
    const summary = firstColumn(book, 'Summary');
    // Title, as-of line, then the checks block before the first figure.
    expect(summary[2]).toMatch(/^caveat: Method: auto chose /);
    expect(summary.findIndex((l) => l.startsWith('caveat: 1 rep(s) with a target outside'))).toBeLessThan(summary.findIndex((l) => /company target/.test(l)));
    const flagged = json.series.filter((s) => s.targetFlags?.length);
    expect(flagged).toHaveLength(1);
    const f = flagged[0].targetFlags![0];
    const rows = targetsSheet(book).filter((r) => r.Flag);
    // The quarter and its months, worded as evaluate words the doubt when it withholds their reward.
    const doubt = `unreliable: nothing won in the trailing four quarters to compare ${f.period}'s target with`;
    expect(rows.map((r) => [r.Name, r.Period, r.Flag])).toEqual(['2027-01', '2027-02', '2027-03', f.period].map((p) => [flagged[0].name, p, doubt]));
  });

  it('refuses to overwrite the workbook without --force', async () => {
    const r = await perfInProcess(['forecast', fixture('deals.csv'), ...AS_OF, '-o', join(tmp.dir, 'targets.xlsx')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--force');
  });
});

describe('perf forecast edge cases', () => {
  it('gives the same JSON in any machine time zone', async () => {
    const outs = await Promise.all(TIME_ZONES.map((tz) => perfInProcess(['forecast', fixture('deals.csv'), ...AS_OF, '--by', 'company,team', '--json'], { env: { TZ: tz } })));
    for (const o of outs) expect(o.code).toBe(0);
    expect(outs[1].stdout).toBe(outs[0].stdout);
    expect(outs[2].stdout).toBe(outs[0].stdout);
    expect(JSON.parse(outs[0].stdout).series.map((s: Series) => s.level)).toEqual(['company', 'team', 'team']);
  });

  it('reports bad adjustment rows as problems, in Chinese too, and exits 4 under --strict', async () => {
    const adj = join(tmp.dir, 'bad-adjust.csv');
    writeFileSync(adj, 'scope,name,from,to,change,reason\nteam,East,2026-12,2026-12,+10%,Fair\nteam,Nowhere,2026-12,2026-12,+5%,Typo\nall,,2027-13,,+5%,Bad month\n');
    const r = await perfInProcess(['--lang', 'zh', '--strict', 'forecast', fixture('deals.csv'), ...AS_OF, '--by', 'company', '--adjust', adj]);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain('数据问题：2 个');
    expect(r.stdout).toContain('Nowhere');
    expect(r.stdout).toContain('应为月份');
    expect(r.stdout).toContain('公司目标');
  });

  it('refuses a quarter target one of whose months it refused, and calls pipeline coverage a lower bound while deals lack an expected close', async () => {
    const args = ['--as-of', '2026-09-30', 'forecast', fixture('deals.csv'), '--team', fixture('teams.csv')];
    const j = JSON.parse((await perfInProcess([...args, '--json'])).stdout);
    const west = j.series.find((s: { level: string; name: string }) => s.level === 'team' && s.name === 'West');
    expect(west.targets['2026-10'].amount.refused).toBeDefined();
    expect(west.targets['2026-Q4'].amount.refused.en).toMatch(/^its month 2026-10 was refused: /);
    const text = (await perfInProcess([...args, '--width', '100'])).stdout;
    expect(text).toMatch(/│ {3}West +│ ✗ 178,361 │ +— │ +— │ +— │/);
    expect(text).toMatch(/│ +│ 2026-Q4 │ 1,476,768 │ .*│ +≥ 0\.00× │/);
    // West's refused quarter has no gap to cover: marked, no coverage
    expect(text).toMatch(/│ +│ 2026-Q4 │ ✗ 178,361 │ +0 │ +0 │ +— │/);
    expect(text.replace(/\n\s+/g, ' ')).toContain('1 expected after the horizon (511,000), 12 without expected close date (781,400): their coverage is a lower bound (≥)');
  });

  it('refuses a horizon that stops before the quarter targets are set for', async () => {
    const r = await perfInProcess(['--as-of', '2026-11-27', 'forecast', fixture('deals.csv'), '--horizon', '2']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--horizon 2 ends the forecast at 2026-12, before the end of 2027-Q1, the quarter targets are set for: give 5 or more');
    expect((await perfInProcess(['--as-of', '2026-11-27', 'forecast', fixture('deals.csv'), '--horizon', '5', '--json'])).code).toBe(0);
  });

  it('rejects bad flags with exit 2 and no stack trace', async () => {
    const r = await perfInProcess(['forecast', fixture('deals.csv'), '--horizon', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--horizon must be a whole number');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});

describe('perf forecast: refused and unreliable targets in the checks block and the workbook', () => {
  const csv = (rows: [string, number][]) => ['Deal ID,Owner,Team,Stage,Amount,Close Date', ...rows.map(([d, a], i) => `D${i},Ann,A,Won,${a},${d}`)].join('\n') + '\n';

  it('shows a target from a forecast without spread as refused, not as a number, with its reason', async () => {
    // 100 every month, forecast by the mean: no spread, so no probabilities worth signing.
    const file = join(tmp.dir, 'flat.csv');
    writeFileSync(file, csv([1, 2, 3, 4, 5, 6].map((m) => [`2026-0${m}-10`, 100])));
    const out = join(tmp.dir, 'flat.xlsx');
    const r = await perfInProcess(['forecast', file, '--as-of', '2026-07-05', '--method', 'mean', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\nperf forecast · ')[0].replace(/\n {4}/g, ' ')).toMatch(/\n {2}caveat: Targets refused for \d+ series/);
    const wb = XLSX.read(readFileSync(out));
    const q4 = targetsSheet(wb).find((x) => x.Level === 'company' && x.Period === '2026-Q4')!;
    expect(q4.Target).toBe('refused');
    expect(q4.Flag).toMatch(/^refused: the forecast has no spread/);
    expect(q4['P(≥floor)']).toBeUndefined();
    expect(firstColumn(wb, 'Summary')[2]).toMatch(/^caveat: Targets refused for \d+ series/);
  });

  it('marks every target unreliable after a collapse at the end of the history, first in text, JSON and workbook', async () => {
    // Jan–Jun around 100, Jul–Sep 20, 10, 15: the last 3 months average 15 against 100 before.
    const file = join(tmp.dir, 'collapse.csv');
    writeFileSync(file, csv([100, 110, 90, 100, 105, 95, 20, 10, 15].map((a, i) => [`2026-0${i + 1}-10`, a])));
    const out = join(tmp.dir, 'collapse.xlsx');
    const r = await perfInProcess(['forecast', file, '--as-of', '2026-10-05', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\n {4}/g, ' ')).toMatch(/^Checks \(read these before the results\):\n {2}caveat: Company: collapse at the end of the history — won amount averaged 15 a month/);
    // Large amounts are grouped there as in the tables (the shipped fixture's company collapses too).
    const shipped = await perfInProcess(['forecast', fixture('deals.csv'), '--as-of', '2026-12-01', '--width', '200']);
    expect(shipped.stdout).toContain('won amount averaged 338,667 a month over the last 3 months against 802,900 over the 3 before (42%)');
    const j = JSON.parse((await perfInProcess(['forecast', file, '--as-of', '2026-10-05', '--json'])).stdout);
    expect(j.targetsReliable).toBe(false);
    expect(j.checks.map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining(['forecast_break', 'targets_unreliable', 'forecast_method']));
    const rows = targetsSheet(XLSX.read(readFileSync(out)));
    expect(rows.length).toBeGreaterThan(0);
    // Worded as evaluate and alerts word the same doubt.
    for (const row of rows) expect(row.Flag).toMatch(/unreliable: the history ends in a level shift \(the company collapse to \d+%/);
  });
});
