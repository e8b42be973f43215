/**
 * The forecast ledger end to end: `forecast --record` on an early export at two as-of dates, then
 * `accuracy` on a later export, every number computed by hand below.
 *
 * Two reps, one per team: Ann (East) and Bob (West), one won deal each per month on the 15th. History
 * 2025-07 … 2026-06 alternates, June is Ann 1000, Bob 500. With --method naive every forecast month is
 * the last complete month, and with one rep per team the reconciled rep and team forecasts are their own:
 *   as of 2026-07-01 (e1, history to June): Ann 1000, Bob 500, company 1500 for 2026-07 …
 *   as of 2026-08-01 (e2, + July: Ann 1200, Bob 300): Ann 1200, Bob 300, company 1500 for 2026-08 …
 * The later export e3 adds August (Ann 900, Bob 700) and September (Ann 800, Bob 400), and an open deal
 * created 2026-10-05; at --as-of 2026-10-10 July, August and September are scored, October is not.
 */
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { perfInProcess, tempDir, type RunResult } from './helpers.js';
import { linesWiderThan } from './terminal-width.js';

const HEADER = 'Opportunity ID,Owner,Team,Stage,Amount,Created Date,Close Date';
const HISTORY: [string, number, number][] = [
  ...['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05'].map(
    (m, i): [string, number, number] => [m, i % 2 ? 1100 : 900, i % 2 ? 600 : 400],
  ),
  ['2026-06', 1000, 500],
];
const JULY: [string, number, number] = ['2026-07', 1200, 300];
const LATER: [string, number, number][] = [JULY, ['2026-08', 900, 700], ['2026-09', 800, 400]];

function csv(months: [string, number, number][], extra: string[] = []): string {
  let n = 0;
  const rows = months.flatMap(([m, ann, bob]) =>
    ([['Ann', 'East', ann], ['Bob', 'West', bob]] as const).map(([rep, team, amount]) => `D${++n},${rep},${team},Closed Won,${amount},${m}-01,${m}-15`),
  );
  return [HEADER, ...rows, ...extra].join('\n') + '\n';
}

const { dir, cleanup } = tempDir('perf-accuracy-');
const f = (name: string) => join(dir, name);
const STATE = f('ledger.db');
const NAIVE = ['--method', 'naive'];
const accuracyJson = async (state = STATE) => {
  const r = await perfInProcess(['accuracy', f('e3.csv'), '--as-of', '2026-10-10', '--state', state, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

interface ErrorSum {
  n: number;
  actual: number;
  absError: number;
  error: number;
  wape: number | null;
  bias: number | null;
}

// The ledger every test reads: recorded once, here, so any test can run alone.
const recorded: Record<'first' | 'second' | 'again', RunResult> = {} as never;
beforeAll(async () => {
  writeFileSync(f('e1.csv'), csv(HISTORY));
  writeFileSync(f('e2.csv'), csv([...HISTORY, JULY]));
  writeFileSync(f('e3.csv'), csv([...HISTORY, ...LATER], ['O1,Ann,East,Proposal,5000,2026-10-05,']));
  recorded.first = await perfInProcess(['forecast', f('e1.csv'), '--as-of', '2026-07-01', ...NAIVE, '--record', '--state', STATE, '--json']);
  recorded.second = await perfInProcess(['forecast', f('e2.csv'), '--as-of', '2026-08-01', ...NAIVE, '--record', '--state', STATE]);
  recorded.again = await perfInProcess(['forecast', f('e2.csv'), '--as-of', '2026-08-01', ...NAIVE, '--record', '--state', STATE, '--json']);
});
afterAll(cleanup);

describe('forecast --record', () => {
  it('records a vintage per as-of, and says so on stderr (stdout stays the report or the JSON)', async () => {
    const { first, second } = recorded;
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(`ledger: recorded the forecast as of 2026-07-01 in ${STATE}`);
    expect(() => JSON.parse(first.stdout)).not.toThrow();
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('ledger: recorded the forecast as of 2026-08-01');
  });

  it('is idempotent: the same as-of on the same inputs is recorded once', async () => {
    const { again } = recorded;
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('ledger: as-of 2026-08-01 on these inputs was already recorded');
    const j = await accuracyJson();
    expect(j.vintages.map((v: { label: string }) => v.label)).toEqual(['2026-07-01', '2026-08-01']);
    expect(j.vintages[0].inputs).toEqual([{ role: 'deals', file: f('e1.csv'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  });

  it('records other inputs at the same as-of as a new vintage, stated, and accuracy scores each', async () => {
    const state = f('two-at-once.db');
    copyFileSync(STATE, state);
    writeFileSync(f('e1b.csv'), csv(HISTORY, ['X1,Ann,East,Closed Won,50,2026-06-01,2026-06-20']));
    const r = await perfInProcess(['forecast', f('e1b.csv'), '--as-of', '2026-07-01', ...NAIVE, '--record', '--state', state, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('ledger: recorded as a new vintage 2026-07-01 #2');
    expect(r.stderr).toContain('1 earlier run at the same as-of used other inputs');
    const j = await accuracyJson(state);
    expect(j.vintages.map((v: { label: string }) => v.label)).toEqual(['2026-07-01', '2026-07-01 #2', '2026-08-01']);
    expect(j.checks.map((c: { code: string }) => c.code)).toContain('ledger_same_as_of');
    // Ann's June is now 1050: vintage #2 forecast 1050 for July, where 1200 came.
    const annJuly = j.months.find((m: { vintageLabel: string; name: string; period: string }) => m.vintageLabel === '2026-07-01 #2' && m.name === 'Ann' && m.period === '2026-07');
    expect(annJuly).toMatchObject({ forecast: 1050, actual: 1200, error: -150 });
  });

  it('without --state keeps the ledger in the deals export\'s own state file, where accuracy finds it', async () => {
    const env = { XDG_STATE_HOME: f('xdg') };
    copyFileSync(f('e3.csv'), f('same.csv'));
    const rec = await perfInProcess(['forecast', f('same.csv'), '--as-of', '2026-08-01', ...NAIVE, '--record', '--json'], { env });
    expect(rec.code, rec.stderr).toBe(0);
    expect(readdirSync(join(f('xdg'), 'perf', 'alerts')).some((n) => n.startsWith('same-'))).toBe(true);
    const acc = await perfInProcess(['accuracy', f('same.csv'), '--as-of', '2026-10-10', '--json'], { env });
    expect(acc.code, acc.stderr).toBe(0);
    expect(JSON.parse(acc.stdout).vintages).toHaveLength(1);
  });
});

describe('accuracy', () => {
  it('scores the months that ended by --as-of, with hand-computed errors, WAPE and bias', async () => {
    const j = await accuracyJson();
    expect(j.scoredMonths).toEqual(['2026-07', '2026-08', '2026-09']);
    expect(j.waitingMonths[0]).toBe('2026-10');
    const group = (name: string): ErrorSum => j.groups.find((g: { level: string; name: string }) => g.level === 'rep' && g.name === name);
    // Ann: errors (forecast − actual) 1000−1200, 1000−900, 1000−800 (as of 07-01), 1200−900, 1200−800 (as of 08-01).
    const ann = group('Ann');
    expect(ann).toMatchObject({ n: 5, actual: 1200 + 900 + 800 + 900 + 800, absError: 200 + 100 + 200 + 300 + 400, error: -200 + 100 + 200 + 300 + 400, verdict: 'over' });
    expect(ann.bias).toBeCloseTo(800 / 4600, 10);
    expect(ann.wape).toBeCloseTo(1200 / 4600, 10);
    // Bob: 500−300, 500−700, 500−400, 300−700, 300−400.
    const bob = group('Bob');
    expect(bob).toMatchObject({ n: 5, actual: 2500, absError: 200 + 200 + 100 + 400 + 100, error: 200 - 200 + 100 - 400 - 100, verdict: 'under' });
    expect(bob.bias).toBeCloseTo(-400 / 2500, 10);
    // Company 1500 every month from both vintages; actuals 1500, 1600, 1200.
    const horizon = (h: number): ErrorSum => j.horizons.find((x: { level: string; horizon: number }) => x.level === 'company' && x.horizon === h);
    expect(horizon(0)).toMatchObject({ n: 2, actual: 1500 + 1600, absError: 0 + 100, error: -100 });
    expect(horizon(1)).toMatchObject({ n: 2, actual: 1600 + 1200, absError: 100 + 300, error: -100 + 300 });
    expect(horizon(2)).toMatchObject({ n: 1, actual: 1200, absError: 300, error: 300 });
    expect(horizon(2).wape).toBeCloseTo(0.25, 10);
  });

  it("shows each quarter forecast by vintage against the actual: the sum of the months' forecasts the bias scores", async () => {
    const j = await accuracyJson();
    const q3 = j.quarters.find((q: { level: string; quarter: string }) => q.level === 'company' && q.quarter === '2026-Q3');
    // As of 07-01: July, August and September at 1500. As of 08-01: July's 1500 won + August and September at 1500.
    // (The ledger's own figure, "won so far + the rest", had 30/31 of July: 4452, where the months scored sum to 4500.)
    expect(q3.actual).toBe(1500 + 1600 + 1200);
    expect(q3.vintages.map((v: { forecast: number }) => v.forecast)).toEqual([4500, 1500 + 3000]);
    expect(q3.vintages[0].error).toBe(4500 - 4300);
    // Each quarter's error is the sum of its months' errors, as the bias sums them.
    for (const v of q3.vintages) {
      const months = j.months.filter((m: { level: string; vintage: number; period: string }) => m.level === 'company' && m.vintage === v.vintage && m.period >= '2026-07' && m.period <= '2026-09');
      expect(v.error).toBe(months.reduce((s: number, m: { error: number }) => s + m.error, 0));
    }
    // Ann's re-forecast moved away from what came: 3000 → 3600 against 2900.
    const ann = j.quarters.find((q: { level: string; name: string }) => q.level === 'rep' && q.name === 'Ann');
    expect(ann.vintages.map((v: { forecast: number }) => v.forecast)).toEqual([3000, 1200 + 2400]);
    expect(ann.converged).toBe(false);
    // The company's re-forecasts both ended within ±10 % of 4300 (+200): converged.
    expect(q3.converged).toBe(true);
  });

  it('uses one number in the quarter chart and the bias: one vintage over a whole quarter reads the same in both', async () => {
    const state = f('one-vintage.db');
    const rec = await perfInProcess(['forecast', f('e1.csv'), '--as-of', '2026-07-01', ...NAIVE, '--record', '--state', state, '--json']);
    expect(rec.code, rec.stderr).toBe(0);
    const j = await accuracyJson(state);
    const company = j.groups.find((g: { level: string }) => g.level === 'company');
    const q3 = j.quarters.find((q: { level: string }) => q.level === 'company');
    // 1500 × 3 against 1500 + 1600 + 1200: +200, +4.7 %, in the chart and in the bias alike.
    expect(q3.vintages[0]).toMatchObject({ forecast: 4500, error: 200 });
    expect(company).toMatchObject({ error: 200, actual: 4300 });
    expect(q3.vintages[0].pct).toBeCloseTo(company.bias, 12);
    const r = await perfInProcess(['accuracy', f('e3.csv'), '--as-of', '2026-10-10', '--state', state, '--width', '80']);
    expect(r.stdout).toMatch(/as of 2026-07-01\s+▒+\s+4,500\s+\+4\.7%/);
  });

  it('prints the checks first, then the scored months, the quarter bars and the bias per rep, within 80 columns', async () => {
    const r = await perfInProcess(['accuracy', f('e3.csv'), '--as-of', '2026-10-10', '--state', STATE, '--width', '80']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^Checks/);
    const body = lines.slice(lines.findIndex((l) => l.startsWith('sales-perf accuracy')));
    expect(body.slice(1, 3).join(' ')).toContain('Scored: 2026-07 … 2026-09');
    expect(r.stdout).toMatch(/as of 2026-07-01\s+▒+\s+4,500\s+\+4\.7%/);
    expect(r.stdout).toMatch(/actual\s+█+\s+4,300/);
    // The reading is of perf's forecast for the rep, not of the rep.
    expect(r.stdout).toMatch(/│ Ann │\s+5 │\s+4,600 │\s+26\.1% │\s+\+17\.4% │ forecast too high │/);
    expect(r.stdout).toMatch(/│ Bob │\s+5 │\s+2,500 │\s+40\.0% │\s+−16\.0% │ forecast too low\s+│/);
    expect(r.stdout).not.toMatch(/sandbagging|over-promising/);
    // The rules are prose, wrapped at the width: compared with their lines joined.
    const prose = r.stdout.replace(/\s*\n\s*/g, ' ');
    expect(prose).toContain("Bias above +10%: forecast too high (perf's forecast promised more than came); below −10%: forecast too low");
    expect(prose).toContain('not forecasts the reps made');
    expect(prose).toContain('Converged: the latest re-forecast is within ±10% of the actual');
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(80);
  });

  it('keeps the JSON checks-first and in a stable shape', async () => {
    const j = await accuracyJson();
    expect(Object.keys(j)).toEqual(['version', 'checks', 'file', 'state', 'asOf', 'measure', 'biasThreshold', 'levels', 'vintages', 'scoredMonths', 'waitingMonths', 'months', 'groups', 'horizons', 'quarters', 'problems']);
    expect(j).toMatchObject({ version: 1, asOf: '2026-10-10', measure: 'amount', biasThreshold: 0.1 });
    expect(Object.keys(j.months[0]).sort()).toEqual(['actual', 'asOf', 'error', 'forecast', 'horizon', 'level', 'lower80', 'name', 'period', 'target', 'upper80', 'vintage', 'vintageLabel'].sort());
  });

  it('refuses, in English and Chinese with the fix, when nothing is recorded', async () => {
    const en = await perfInProcess(['accuracy', f('e3.csv'), '--as-of', '2026-10-10', '--state', f('none.db')]);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain(`no forecast is recorded in ${f('none.db')}: record one with \`sales-perf forecast deals.csv --record --state`);
    expect(existsSync(f('none.db'))).toBe(false);
    const zh = await perfInProcess(['--lang', 'zh', 'accuracy', f('e3.csv'), '--as-of', '2026-10-10', '--state', f('none.db')]);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain('中没有记录任何预测：先运行 `sales-perf forecast deals.csv --record');
  });

  it('refuses when no recorded month is scoreable yet: not ended, or past the export\'s end', async () => {
    const early = await perfInProcess(['accuracy', f('e3.csv'), '--as-of', '2026-07-20', '--state', STATE]);
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('nothing to score yet: the recorded forecasts cover 2026-07 … 2026-12');
    // The early export itself, dated later: its latest deal is 2026-06-15, so July is not in it.
    const stale = await perfInProcess(['--lang', 'zh', 'accuracy', f('e1.csv'), '--as-of', '2026-10-10', '--state', STATE]);
    expect(stale.code).toBe(2);
    expect(stale.stderr).toContain('暂无可评分的月份');
    expect(stale.stderr).toContain('导出覆盖至 2026-06-15');
  });

  it('does not score a month the export ends in the middle of: the check comes first, and the months waiting read in order', async () => {
    // e4 stops on 2026-09-08, one deal of Ann's 300 into September: scored as a month, September would read
    // 300 won against the 1500 forecast. As of 2026-11-10 September and October have ended but are not in it.
    writeFileSync(f('e4.csv'), csv([...HISTORY, ...LATER.slice(0, 2)], ['S1,Ann,East,Closed Won,300,2026-09-01,2026-09-08']));
    const args = ['accuracy', f('e4.csv'), '--as-of', '2026-11-10', '--state', STATE];
    const r = await perfInProcess([...args, '--width', '80']);
    expect(r.code, r.stderr).toBe(0);
    const prose = r.stdout.replace(/\s*\n\s*/g, ' ');
    const said = prose.indexOf('caveat: 2026-09 … 2026-10 not scored: the export ends 2026-09-08, before those months ended');
    expect(said).toBeGreaterThan(-1);
    expect(said).toBeLessThan(prose.indexOf('sales-perf accuracy ·'));
    expect(prose).toContain('Scored: 2026-07 … 2026-08 (months that ended before --as-of and this export covers to their end); not yet: 2026-09 … 2026-12.');
    const j = JSON.parse((await perfInProcess([...args, '--json'])).stdout);
    expect(j.scoredMonths).toEqual(['2026-07', '2026-08']);
    expect(j.waitingMonths).toEqual(['2026-09', '2026-10', '2026-11', '2026-12']);
    expect(j.months.some((m: { period: string }) => m.period === '2026-09')).toBe(false);
    expect(j.checks.find((c: { code: string }) => c.code === 'ledger_export_ends')).toMatchObject({ status: 'caveat', message: { en: expect.stringContaining('the export ends 2026-09-08') } });
    const zh = await perfInProcess(['--lang', 'zh', ...args]);
    expect(zh.stdout).toContain('2026-09 … 2026-10 未评分：本次导出数据截至 2026-09-08');
  });

  it('writes a workbook that opens: quarters with the chart, horizon, bias, months, vintages and problems', async () => {
    const out = f('accuracy.xlsx');
    const r = await perfInProcess(['accuracy', f('e3.csv'), '--as-of', '2026-10-10', '--state', STATE, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const { default: Excel } = await import('exceljs');
    const wb = new Excel.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Quarters', 'By horizon', 'Bias', 'Months', 'Vintages', 'Problems']);
    expect(wb.getWorksheet('Quarters')!.getImages()).toHaveLength(1);
    const bias = wb.getWorksheet('Bias')!;
    const cells: unknown[] = [];
    bias.eachRow((row) => cells.push(...(row.values as unknown[])));
    expect(cells).toContain('forecast too high');
    expect(cells).toContain('forecast too low');
    const soffice = spawnSync('sh', ['-c', 'command -v soffice && command -v pdftotext']).status === 0;
    if (!soffice) return;
    const conv = spawnSync('soffice', [`-env:UserInstallation=file://${f('profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', f('pdf'), out], { encoding: 'utf8' });
    expect(conv.status, conv.stderr).toBe(0);
    const text = spawnSync('pdftotext', ['-layout', join(f('pdf'), 'accuracy.pdf'), '-'], { encoding: 'utf8' }).stdout;
    expect(text).toContain('2026-10-10');
    expect(text).toContain('2026-Q3');
    expect(text).not.toContain('###');
  });

  it('adds to the dashboard with --state: forecast vs actual per quarter on each level, and the accuracy in the notes', async () => {
    const page = f('board.html');
    const r = await perfInProcess(['dashboard', f('e3.csv'), '--as-of', '2026-10-10', '--state', STATE, '-o', page]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(page, 'utf8');
    // company, East, West, Ann, Bob: each has a scored 2026-Q3.
    expect(html.match(/data-kind="accuracy"/g)).toHaveLength(5);
    expect(html).toContain('data-chart="accuracy-company"');
    expect(html).toContain(`Forecast ledger ${STATE}: 2 recorded forecasts scored on 2026-07, 2026-08, 2026-09; company WAPE 11.3%`); // 800 ÷ 7100
  });
});

describe('accuracy when the ledger and the export name teams differently', () => {
  /** The same export without its Team column. */
  const noTeam = (from: string, to: string) => writeFileSync(f(to), readFileSync(f(from), 'utf8').split('\n').map((l) => l.split(',').filter((_, i) => i !== 2).join(',')).join('\n'));
  const roster = () => {
    writeFileSync(f('roster.csv'), 'Sales Rep,Team\nAnn,East\nBob,West\n');
    return f('roster.csv');
  };

  it('skips the team level, said first, when the ledger was recorded without teams and accuracy reads them (no phantom "—" scored against 0)', async () => {
    noTeam('e1.csv', 'e1-no-team.csv');
    const state = f('no-teams.db');
    const rec = await perfInProcess(['forecast', f('e1-no-team.csv'), '--as-of', '2026-07-01', ...NAIVE, '--record', '--state', state, '--json']);
    expect(rec.code, rec.stderr).toBe(0);
    const args = ['accuracy', f('e3.csv'), '--as-of', '2026-10-10', '--state', state, '--team', roster()];
    const j = JSON.parse((await perfInProcess([...args, '--json'])).stdout);
    expect(j.levels).toEqual(['company', 'rep']);
    expect(j.groups.filter((g: { level: string }) => g.level === 'team')).toEqual([]);
    expect(j.quarters.filter((q: { level: string }) => q.level === 'team')).toEqual([]);
    const check = j.checks.find((c: { code: string }) => c.code === 'ledger_no_teams');
    expect(check).toMatchObject({ status: 'caveat' });
    expect(check.message.en).toBe("team level not scored: the recorded forecasts name no team (recorded without --team), so this export's teams (East, West) were never forecast; record with --team to score them");
    // Nothing recorded is missing from the export: the placeholder team is not reported as a team without wins.
    expect(j.checks.map((c: { code: string }) => c.code)).not.toContain('ledger_series_missing');
    for (const lang of ['en', 'zh']) {
      const r = await perfInProcess(['--lang', lang, ...args, '--width', '80']);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.split('\n');
      expect(lines[1]).toMatch(lang === 'en' ? /^ {2}caveat: team level not scored/ : /^ {2}注意：团队层级未评分/);
      expect(r.stdout).not.toMatch(/│ (team|团队) +│/);
      expect(r.stdout).not.toContain('│ —');
      expect(linesWiderThan(r.stdout, 80)).toEqual([]);
    }
    const only = await perfInProcess([...args, '--by', 'team']);
    expect(only.code).toBe(2);
    expect(only.stderr.replace(/\s*\n\s*/g, ' ')).toContain('team level not scored: the recorded forecasts name no team (recorded without --team)');
    expect(only.stderr.replace(/\s*\n\s*/g, ' ')).toContain('add company or rep');
  });

  it('skips it too when the ledger was recorded per team and the export is read without teams', async () => {
    noTeam('e3.csv', 'e3-no-team.csv');
    const j = JSON.parse((await perfInProcess(['accuracy', f('e3-no-team.csv'), '--as-of', '2026-10-10', '--state', STATE, '--json'])).stdout);
    expect(j.levels).toEqual(['company', 'rep']);
    const check = j.checks.find((c: { code: string }) => c.code === 'ledger_no_teams');
    expect(check.message.en).toBe('team level not scored: the recorded forecasts are per team (East, West), but this export is read without teams; run accuracy with --team, as the forecasts were recorded');
    expect(check.message.zh).toBe('团队层级未评分：记录的预测按团队（East、West），但本次导出读取时没有团队；请像记录预测时一样加上 --team 运行 accuracy');
  });
});
