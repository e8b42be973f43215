import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, perfInProcess, tempDir } from './helpers.js';

// Guardrails on real-looking exports: what perf cannot read soundly is refused (exit 2 + the fix) or
// stated in the first lines of the report and in the JSON's `checks`.
const tmp = tempDir();
afterAll(() => tmp.cleanup());
const file = (name: string, text: string) => {
  const p = join(tmp.dir, name);
  writeFileSync(p, text);
  return p;
};

/** Ann and Bob win one deal each in every month of 2025 and to 2026-05 (ids D1…). */
function monthly(amount: (i: number) => string, sep = ',', date = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}-15`) {
  const rows = [['Deal ID', 'Owner', 'Stage', 'Amount', 'Close Date'].join(sep)];
  let i = 0;
  for (let m = 0; m < 17; m++) {
    const y = 2025 + Math.floor(m / 12);
    for (const rep of ['Ann', 'Bob']) rows.push([`D${++i}`, rep, 'Won', amount(i), date(y, (m % 12) + 1)].join(sep));
  }
  return rows.join('\n') + '\n';
}
/** The report's opening, up to its first blank line, with wrapped lines joined. */
const opening = (out: string) => out.split('\n\n')[0].replace(/\n {4}/g, ' ');

describe('stale data', () => {
  it('is refused by forecast with the as-of date that fits, and let through by --allow-stale, stated first', async () => {
    const deals = file('stale.csv', monthly(() => '1000'));
    const r = await perfInProcess(['--as-of', '2027-01-01', 'forecast', deals]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('stale.csv: the export ends 2026-05-15, 8 months before the as-of date 2027-01-01');
    expect(r.stderr).toContain('Run with --as-of 2026-05-16, or --allow-stale.');
    const ok = await perfInProcess(['--as-of', '2027-01-01', '--allow-stale', 'forecast', deals]);
    expect(ok.code).toBe(0);
    expect(opening(ok.stdout)).toMatch(/^Checks \(read these before the results\):\n  allowed: --allow-stale: .*stale\.csv: the export ends 2026-05-15/);
  });

  it('within the months allowed, names the whole months that hold no rows, first, in both languages and the JSON', async () => {
    const deals = file('cut.csv', monthly(() => '1000'));
    // The export ends 2026-05-15: as of 2026-08-03, June and July are whole months without a row.
    const r = await perfInProcess(['--as-of', '2026-08-03', 'forecast', deals]);
    expect(r.code, r.stderr).toBe(0);
    expect(opening(r.stdout)).toMatch(
      /^Checks \(read these before the results\):\n  caveat: .*cut\.csv ends 2026-05-15: the 2 whole months before the as-of date \(2026-06…2026-07\) have no rows and count as nothing won or done\. If the export stops there, run with --as-of 2026-05-16\./,
    );
    const zh = await perfInProcess(['--lang', 'zh', '--as-of', '2026-08-03', 'forecast', deals]);
    expect(zh.stdout.split('\n\n')[0].replace(/\n {4}/g, '')).toContain('的数据截至 2026-05-15：基准日期之前的整月（2026-06…2026-07，共 2 个月）没有任何数据，按零计。如果导出到此为止，请加 --as-of 2026-05-16 运行。');
    const json = JSON.parse((await perfInProcess(['--as-of', '2026-08-03', 'forecast', deals, '--json'])).stdout);
    expect(json.checks.map((c: { code: string }) => c.code)).toContain('uncovered_months');
    // The month of the as-of date runs on: data to its previous month leave nothing uncovered.
    const fresh = await perfInProcess(['--as-of', '2026-06-03', 'forecast', deals, '--json']);
    expect(JSON.parse(fresh.stdout).checks.map((c: { code: string }) => c.code)).not.toContain('uncovered_months');
  });
  it('names the days before the as-of date the export does not reach, when its pace would have put deals there, first', async () => {
    // Deals signed every day up to 2026-05-15, read as of 2026-06-03: May's last 16 days should hold ~16.
    const rows = ['Deal ID,Owner,Stage,Amount,Close Date'];
    for (let d = 0; d < 500; d++) rows.push(`D${d},${d % 2 ? 'Ann' : 'Bob'},Won,100,${new Date(Date.UTC(2025, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)}`);
    const daily = file('daily.csv', rows.join('\n') + '\n');
    const r = await perfInProcess(['--as-of', '2026-06-03', 'forecast', daily]);
    expect(opening(r.stdout)).toMatch(
      /^Checks \(read these before the results\):\n  caveat: .*daily\.csv ends 2026-05-15: the 18 days before the as-of date \(2026-05-16…2026-06-02\) have no rows, where the export's pace of the 8 weeks before \(1\.0 rows a day\) would have put about 18 there; they count as if nothing was won or done\. If the export was taken then, run with --as-of 2026-05-16\./,
    );
    const json = JSON.parse((await perfInProcess(['--as-of', '2026-06-03', 'forecast', daily, '--json'])).stdout);
    expect(json.checks.map((c: { code: string }) => c.code)).toContain('uncovered_days');
    // Read the day after its last row, the export covers what has happened so far.
    const current = JSON.parse((await perfInProcess(['--as-of', '2026-05-16', 'forecast', daily, '--json'])).stdout);
    expect(current.checks.map((c: { code: string }) => c.code)).not.toContain('uncovered_days');
  });

  it('is refused by score as well', async () => {
    const r = await perfInProcess(['--as-of', '2030-01-01', 'score', fixture('activity.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/activity\.csv: the export ends \d{4}-\d\d-\d\d, \d+ months before the as-of date 2030-01-01/);
  });
});

describe('silent losses', () => {
  const deals = file('lossy.csv', monthly((i) => (i % 10 === 0 ? 'lots' : '1000')));
  it('stops when one cause drops more than 2% of the rows: cause, count, three examples, the fix', async () => {
    const r = await perfInProcess(['--as-of', '2026-06-01', 'forecast', deals]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('lossy.csv: 3 of 34 rows (8.8%) would be dropped for one cause: bad_money in column "Amount".\nFor example:\n  row 11: "lots"');
    expect(r.stderr).toMatch(/row 21: "lots".*\n.*row 31: "lots"/);
    expect(r.stderr).toContain('or run with --allow-problems to go on without those rows.');
  });
  it('goes on with --allow-problems and says so first, in the text and the JSON', async () => {
    const r = await perfInProcess(['--as-of', '2026-06-01', '--allow-problems', 'forecast', deals]);
    expect(r.code).toBe(0);
    expect(opening(r.stdout)).toContain(`allowed: --allow-problems: ${deals}: 3 of 34 rows (8.8%) would be dropped for one cause: bad_money in column "Amount".`);
    const j = JSON.parse((await perfInProcess(['--as-of', '2026-06-01', '--allow-problems', 'forecast', deals, '--json'])).stdout);
    expect(j.checks).toContainEqual(expect.objectContaining({ code: 'rows_dropped', status: 'overridden', file: deals }));
  });
});

describe('number styles and units', () => {
  const european = (amount: (i: number) => string) => monthly(amount, ';', (y, m) => `15.${String(m).padStart(2, '0')}.${y}`);
  it('reads a European Excel export (1.054,00 €, 50,00 €, 01.03.2017) without losing the amounts under 1,000', async () => {
    const deals = file('eu.csv', european((i) => (i % 2 ? '1.054,00 €' : '50,00 €')));
    const r = await perfInProcess(['--as-of', '2026-06-01', 'forecast', deals, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.problems).toEqual([]);
    const company = j.series.find((s: { id: string }) => s.id === 'company');
    // 2025: 12 months × (1,054 + 50)
    expect(company.history['2025-01'].amount).toBe(1104);
    expect(j.checks.map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining(['number_style', 'currency']));
  });

  it('refuses a column it cannot decide, naming it, and reads it as told by --decimal-comma', async () => {
    const deals = file('dot3.csv', monthly(() => '1.234'));
    const r = await perfInProcess(['--as-of', '2026-06-01', 'forecast', deals]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('dot3.csv: cannot tell the decimal mark of column "Amount"');
    expect(r.stderr).toContain('or run with --decimal-comma');
    const j = JSON.parse((await perfInProcess(['--as-of', '2026-06-01', '--decimal-comma', 'forecast', deals, '--json'])).stdout);
    expect(j.series.find((s: { id: string }) => s.id === 'company').history['2025-01'].amount).toBe(2 * 1234);
  });

  it('scales an amount column whose header says 万元, and says so first', async () => {
    const deals = file('wan.csv', monthly(() => '1.5').replace('Amount', '合同金额（万元）'));
    const r = await perfInProcess(['--as-of', '2026-06-01', 'forecast', deals, '--json']);
    const j = JSON.parse(r.stdout);
    expect(j.series.find((s: { id: string }) => s.id === 'company').history['2025-01'].amount).toBe(30000);
    expect(j.checks).toContainEqual(expect.objectContaining({ code: 'header_unit', message: expect.objectContaining({ en: 'amounts in "合同金额（万元）" are in 万元: multiplied by 10,000' }) }));
    // 万元 names the currency too; the flat history makes the target itself a refused one (no spread).
    expect((await perfInProcess(['--as-of', '2026-06-01', 'forecast', deals])).stdout).toContain('read as: amounts are in CNY (as the file says)');
  });
});

describe('nothing to plan from', () => {
  const headerOnly = file('header-only.csv', 'Deal ID,Owner,Stage,Amount,Close Date\n');
  const noWon = file('no-won.csv', 'Deal ID,Owner,Stage,Amount,Close Date\nD1,Ann,Prospecting,100,2026-05-01\nD2,Bob,Lost,100,2026-05-02\n');
  it.each([['forecast'], ['backtest'], ['target', 'check']])('%s refuses a header-only export and one without a won deal (exit 2)', async (...cmd) => {
    const extra = cmd[0] === 'target' ? ['--proposed', '1000'] : [];
    const a = await perfInProcess(['--as-of', '2026-06-01', ...cmd, headerOnly, ...extra]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('header-only.csv: the export has a header but no rows');
    const b = await perfInProcess(['--as-of', '2026-06-01', ...cmd, noWon, ...extra]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('no-won.csv: no won deal closed by 2026-06-01 among 2 rows (stages read: Prospecting 1; Lost 1)');
  });
});

describe('roster reconciliation (--team)', () => {
  const deals = file('team-deals.csv', monthly(() => '1000').replaceAll(',Ann,', ',Zhang Wei,').replaceAll(',Bob,', ',Li Na,'));
  const roster = file('roster.csv', 'Rep,Team\nWei Zhang,East\nLi Na,East\nNew Hire,East\n');
  it('names every mismatch first, with "did you mean", and --strict counts them', async () => {
    const r = await perfInProcess(['--as-of', '2026-06-01', 'forecast', deals, '--team', roster]);
    expect(r.code).toBe(0);
    expect(opening(r.stdout)).toContain('roster: "Zhang Wei" is not on the roster: did you mean "Wei Zhang"? (given and family name swapped)');
    expect(opening(r.stdout)).toContain('roster: 1 roster rep has no rows in the data: New Hire');
    expect((await perfInProcess(['--as-of', '2026-06-01', '--strict', 'forecast', deals, '--team', roster])).code).toBe(4);
  });
  it('gives a roster rep without deals no share of the target', async () => {
    const j = JSON.parse((await perfInProcess(['--as-of', '2026-06-01', 'forecast', deals, '--team', roster, '--json'])).stdout);
    const rep = (name: string) => j.series.find((s: { level: string; name: string }) => s.level === 'rep' && s.name === name);
    expect(rep('New Hire').active).toBe(false);
    expect(rep('Wei Zhang').active).toBe(false);
  });
  it('refuses a roster none of the export\'s reps is on (exit 2), naming both sides', async () => {
    const pinyin = file('roster-pinyin.csv', 'Rep,Team\nZhang San,East\nLi Si,West\n');
    const r = await perfInProcess(['--as-of', '2026-06-01', '--width', '80', 'forecast', deals, '--team', pinyin]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const said = r.stderr.replace(/\n\s+/g, ' ');
    expect(said).toContain(`none of the 2 reps in ${deals} is on this roster (the export has "Li Na", "Zhang Wei"; the roster "Zhang San", "Li Si")`);
    expect(r.stderr.split('\n').every((l) => l.length <= 80)).toBe(true);
  });
  it('hints a spelling that differs only in case from a roster rep who has rows too', async () => {
    const mixed = file('mixed-case.csv', monthly(() => '1000').replaceAll(',Ann,', ',Li Na,').replaceAll(',Bob,', ',li na,'));
    const r = await perfInProcess(['--as-of', '2026-06-01', 'forecast', mixed, '--team', file('roster-li.csv', 'Rep,Team\nLi Na,East\n')]);
    expect(opening(r.stdout)).toContain('roster: "li na" is not on the roster: did you mean "Li Na"? (the same name written with other spaces, width or case)');
  });
  it('names the adjustments file in an adjustment\'s problems, and skips one for a team with no rep to forecast', async () => {
    const north = file('roster-north.csv', 'Rep,Team\nZhang Wei,East\nLi Na,East\nNew Hire,North\n');
    const adjust = file('adjust.csv', 'scope,name,from,to,change,reason\nrep,Nobody,2026-07,2026-07,+5%,x\nteam,North,2026-07,2026-07,+1000,y\n');
    const j = JSON.parse((await perfInProcess(['--as-of', '2026-06-01', 'forecast', deals, '--team', north, '--adjust', adjust, '--json'])).stdout);
    expect(j.problems).toContainEqual(expect.objectContaining({ file: adjust, row: 2, code: 'unknown_name', value: 'Nobody' }));
    expect(j.problems).toContainEqual(expect.objectContaining({ file: adjust, row: 3, code: 'adjustment_no_effect', message: expect.objectContaining({ en: 'team "North" has no rep with deals to forecast; adjustment skipped' }) }));
    expect(j.adjustments).toEqual([]);
  });
  it('matches the shipped Chinese deals to the shipped roster by its aliases, said in one line', async () => {
    const r = await perfInProcess(['--as-of', '2026-11-27', 'forecast', fixture('deals-zh.gbk.csv'), '--team', fixture('teams.csv'), '--json']);
    const j = JSON.parse(r.stdout);
    const roster = j.checks.filter((c: { code: string }) => c.code === 'roster');
    expect(roster).toHaveLength(1);
    expect(roster[0].message.en).toMatch(/^6 reps in .*deals-zh\.gbk\.csv are named by the roster's aliases: "刘洋" = Liu Yang, "张伟" = Zhang Wei/);
    expect(j.series.filter((s: { level: string }) => s.level === 'team').map((s: { name: string }) => s.name).sort()).toEqual(['East', 'West']);
  });
  it('applies the aliases column of the roster', async () => {
    const withAlias = file('roster-alias.csv', 'Rep,Team,别名\nWei Zhang,East,Zhang Wei\nLi Na,East,\n');
    const r = await perfInProcess(['--as-of', '2026-06-01', 'forecast', deals, '--team', withAlias, '--json']);
    const j = JSON.parse(r.stdout);
    expect(j.checks).toContainEqual(expect.objectContaining({ status: 'reconciled', message: expect.objectContaining({ en: '"Zhang Wei" in ' + deals + ' is Wei Zhang (alias on the roster)' }) }));
    expect((await perfInProcess(['--as-of', '2026-06-01', '--strict', 'forecast', deals, '--team', withAlias])).code).toBe(0);
  });
});

describe('backtest', () => {
  it('follows the forecast into deal counts on an export without amounts', async () => {
    const deals = file('counts.csv', monthly(() => '').replace(',Amount,', ',Notes,'));
    const j = JSON.parse((await perfInProcess(['--as-of', '2026-06-01', 'backtest', deals, '--json'])).stdout);
    expect(j.measure).toBe('count');
    expect(j.checks).toContainEqual(expect.objectContaining({ code: 'measure' }));
  });
});
