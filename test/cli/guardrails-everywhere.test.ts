import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { zip } from '../bad-inputs/make.js';
import { perfInProcess, tempDir } from './helpers.js';

// Issue 12, the parts every command shares: targets for another period, the roster matched wherever one
// is read, the checks block on the dashboard page, each check said once, a workbook that would inflate
// past the budget, names with control characters.
const tmp = tempDir();
afterAll(() => tmp.cleanup());
const file = (name: string, text: string | Buffer) => {
  const p = join(tmp.dir, name);
  writeFileSync(p, text);
  return p;
};

/** Zhang Wei and Li Na win one deal of 1,000 in every month of 2025 and to 2026-05 (ids D1…). */
const deals = (() => {
  const rows = ['Deal ID,Owner,Stage,Amount,Close Date'];
  let i = 0;
  for (let m = 0; m < 17; m++)
    for (const rep of ['Zhang Wei', 'Li Na']) rows.push(`D${++i},${rep},Won,1000,${2025 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-15`);
  return file('deals.csv', rows.join('\n') + '\n');
})();
/** Nine effective visits each in June 2026, Li Na written "Li Nah". */
const activity = (() => {
  const rows = ['Activity ID,Sales Rep,Account Name,Activity Type,Activity Date,Effective'];
  for (let d = 1; d <= 9; d++)
    for (const rep of ['Zhang Wei', 'Li Nah']) rows.push(`A${rows.length},${rep},Acme,visit,2026-06-0${d} 10:00,Yes`);
  return file('activity.csv', rows.join('\n') + '\n');
})();
const roster = file('roster.csv', 'Rep,Team,Manager\nZhang Wei,East,Sun Li\nLi Na,East,Sun Li\nNew Hire,East,Sun Li\n');
const AS_OF = ['--as-of', '2026-06-10'];
/** The report's opening, up to its first blank line, with wrapped lines joined. */
const opening = (out: string) => out.split('\n\n')[0].replace(/\n {4}/g, ' ');

describe('targets for another period', () => {
  const targets = file('targets.csv', 'level,name,period,target\nrep,Zhang Wei,2026-04,1000\nrep,Zhang Wei,2026-05,1000\nrep,Li Na,2026-06,1000\n');

  it('evaluate --targets: one error naming the months the file covers, en and zh (exit 2)', async () => {
    const r = await perfInProcess([...AS_OF, 'evaluate', '--deals', deals, '--targets', targets, '--period', '2026-Q1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${targets} covers 2026-04…2026-06, not 2026-Q1.\nGive the targets for 2026-Q1, or run with --period 2026-Q2.`);
    expect(r.stdout).toBe('');
    const zh = await perfInProcess(['--lang', 'zh', ...AS_OF, 'evaluate', '--deals', deals, '--targets', targets, '--period', '2026-Q1']);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain(`${targets} 的目标期间为 2026-04…2026-06，而不是 2026-Q1。`);
    // the period the file is for is evaluated against it
    expect((await perfInProcess([...AS_OF, 'evaluate', '--deals', deals, '--targets', targets, '--period', '2026-Q2'])).code).toBe(0);
  });

  it('evaluate --targets: a forecast workbook made for the next quarter is refused for this one', async () => {
    const workbook = join(tmp.dir, 'targets.xlsx');
    expect((await perfInProcess([...AS_OF, 'forecast', deals, '-o', workbook, '--no-charts'])).code).toBe(0);
    const r = await perfInProcess([...AS_OF, 'evaluate', '--deals', deals, '--targets', workbook, '--period', '2026-Q2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${workbook} covers 2026-07…2026-09, not 2026-Q2.\nGive the targets for 2026-Q2, or run with --period 2026-Q3.`);
  });

  it('dashboard --targets: a plan made in another quarter is refused; one made this quarter is drawn', async () => {
    const plan = file('plan.json', (await perfInProcess([...AS_OF, 'forecast', deals, '--json'])).stdout);
    const r = await perfInProcess(['--as-of', '2026-08-01', 'dashboard', deals, '--targets', plan, '-o', join(tmp.dir, 'late.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${plan} is the plan as of 2026-06-10 (targets for 2026-07…2026-09), not for 2026-Q3 (as of 2026-08-01).`);
    expect(r.stderr).toContain('Run sales-perf forecast --as-of 2026-08-01 --json again, or the dashboard with --as-of 2026-06-10.');
    expect(existsSync(join(tmp.dir, 'late.html'))).toBe(false);
    expect((await perfInProcess(['--as-of', '2026-06-20', 'dashboard', deals, '--targets', plan, '-o', join(tmp.dir, 'same.html')])).code).toBe(0);
  });

  it('target check: a proposal table whose milestones are for another period', async () => {
    const proposals = file('proposals.csv', 'team,target,2018-Q1,2018-Q2\nEast,10000,5000,5000\n');
    const r = await perfInProcess([...AS_OF, 'target', 'check', deals, '--proposed', proposals, '--period', '2027']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${proposals} covers 2018-01…2018-06, not 2027.\nGive the targets for 2027.`);
  });
});

describe('target check on 1 January, on a history shorter than a year', () => {
  // Ann 1,000 and Bob 2,000 won in each month from 2026-03 to 2026-12: ten months, 30,000.
  const rows = ['Deal ID,Owner,Stage,Amount,Close Date'];
  for (let m = 3; m <= 12; m++) for (const [rep, amount] of [['Ann', 1000], ['Bob', 2000]] as const) rows.push(`D${rows.length},${rep},Won,${amount},2026-${String(m).padStart(2, '0')}-15`);
  const ten = file('ten-months.csv', rows.join('\n') + '\n');

  it('checks the year that starts that day, labels the ten months as ten, and +20% as +20%', async () => {
    const r = await perfInProcess(['--as-of', '2027-01-01', 'target', 'check', ten, '--proposed', '20%']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`period 2027`);
    // 30,000 over ten months is 36,000 a year; +20% of it is 43,200.
    expect(r.stdout).toMatch(/│ Series +│ Last 10 m │ Growth │ Proposed │ Implied │/);
    expect(r.stdout).toMatch(/│ Company +│ +30,000 │ +— │ +43,200 │ +\+20\.0% │/);
    expect(r.stdout).toContain('The history holds 10 complete months, not 12');
    const j = JSON.parse((await perfInProcess(['--as-of', '2027-01-01', 'target', 'check', ten, '--proposed', '20%', '--json'])).stdout);
    expect(j.results[0]).toMatchObject({ period: '2027', last12: 30000, lastMonths: 10, base: 36000, proposed: 43200 });
    expect(j.results[0].impliedGrowth).toBeCloseTo(0.2, 10);
    // a day earlier, 2027 is still the next year
    expect((await perfInProcess(['--as-of', '2026-12-31', 'target', 'check', ten, '--proposed', '20%'])).stdout).toContain('period 2027');
  });
});

describe('the roster is matched wherever one is read', () => {
  const didYouMean = 'roster: "Li Nah" is not on the roster: did you mean "Li Na"? (a near spelling)';
  const lonely = 'roster: 1 roster rep has no rows in the data: New Hire';

  it.each([
    ['score', [activity, '--team', roster]],
    ['evaluate', ['--deals', deals, '--activity', activity, '--team', roster, '--period', '2026-Q2']],
    ['alerts', [deals, '--activity', activity, '--team', roster, '--dry-run']],
    ['calibrate prep', ['--deals', deals, '--activity', activity, '--team', roster, '--rep', 'Zhang Wei']],
    ['dashboard', [deals, '--activity', activity, '--team', roster, '-o', '-']],
  ])('%s: the mismatches first, with "did you mean"; --strict counts them (exit 4)', async (command, args) => {
    const argv = [...AS_OF, ...command.split(' '), ...args];
    const r = await perfInProcess(argv);
    expect(r.code, r.stderr).toBe(0);
    if (command === 'dashboard') {
      // the page is the output: its checks block comes before the first chart
      const page = r.stdout;
      const aside = page.indexOf('<aside class="checks"');
      expect(aside).toBeGreaterThan(0);
      expect(aside).toBeLessThan(page.indexOf('<main>'));
      expect(page).toContain('<li>roster: &quot;Li Nah&quot; is not on the roster: did you mean &quot;Li Na&quot;? (a near spelling)</li>');
      expect(page).toContain(`<li>${lonely}</li>`);
    } else {
      expect(opening(r.stdout)).toContain(didYouMean);
      expect(opening(r.stdout)).toContain(lonely);
    }
    expect((await perfInProcess(['--strict', ...argv])).code).toBe(4);
  });

  it('score: the roster\'s aliases column renames the activity log\'s spelling, and nothing is left to count', async () => {
    const aliased = file('roster-alias.csv', 'Rep,Team,aliases\nZhang Wei,East,\nLi Na,East,Li Nah\n');
    const j = JSON.parse((await perfInProcess([...AS_OF, 'score', activity, '--team', aliased, '--json'])).stdout);
    expect(j.checks).toContainEqual(expect.objectContaining({ code: 'roster', status: 'reconciled', message: expect.objectContaining({ en: `"Li Nah" in ${activity} is Li Na (alias on the roster)` }) }));
    expect((await perfInProcess([...AS_OF, '--strict', 'score', activity, '--team', aliased])).code).toBe(0);
  });

  it('calibrate minutes --team: a name the roster lacks is refused with "did you mean"; an alias finds the manager', async () => {
    const r = await perfInProcess([...AS_OF, 'calibrate', 'minutes', 'Li Nah', '--team', roster]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`rep "Li Nah" is not on the roster ${roster}: did you mean "Li Na" (a near spelling)?`);
    const aliased = file('roster-minutes.csv', 'Rep,Team,Manager,别名\nLi Na,East,Sun Li,Li Nah\n');
    const ok = await perfInProcess([...AS_OF, 'calibrate', 'minutes', 'Li Nah', '--team', aliased]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('Sun Li');
    expect(ok.stdout).toContain('Li Na');
    expect(ok.stdout).not.toContain('Li Nah');
  });

  it('evaluate: a rep only on the roster takes no share of the target', async () => {
    const j = JSON.parse((await perfInProcess([...AS_OF, 'evaluate', '--deals', deals, '--team', roster, '--period', '2026-Q2', '--json'])).stdout);
    const rep = (name: string) => j.reps.find((r: { name: string }) => r.name === name);
    expect(rep('New Hire')).toMatchObject({ deals: 0, target: null, overall: null });
    // 1,000 a month each over the quarter; the team's 6,000 is its two selling reps' alone. (A history this even
    // leaves the forecast no spread, so it refuses these targets and evaluate does not score them: the proposed ones.)
    expect([rep('Zhang Wei').proposed, rep('Li Na').proposed]).toEqual([3000, 3000]);
    expect(j.teams.find((t: { name: string }) => t.name === 'East').proposed).toBe(6000);
  });
});

describe('checks', () => {
  it('are said once when the same export is read twice', async () => {
    const { makeContext } = await import('../../src/cli/context.js');
    const { load } = await import('../../src/cli/load.js');
    const ctx = makeContext({ asOf: '2026-06-10' });
    await load(ctx, deals, 'deals');
    const once = ctx.checks.map((c) => c.code);
    expect(once).toContain('currency');
    await load(ctx, deals, 'deals');
    expect(ctx.checks.map((c) => c.code)).toEqual(once);
  });
});

describe('a workbook that inflates past the budget', () => {
  // sharedStrings.xml of 4 MB that deflates to a few KB and whose directory entry claims 1,000 bytes
  const strings = `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>${'A'.repeat(4 << 20)}</t></si></sst>`;
  const WORKBOOK = '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>';
  const RELS = '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';
  const SHEET = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>';
  const parts = { 'xl/workbook.xml': WORKBOOK, 'xl/_rels/workbook.xml.rels': RELS, 'xl/sharedStrings.xml': strings, 'xl/worksheets/sheet1.xml': SHEET };
  const config = file('small-budget.json', JSON.stringify({ limits: { maxUncompressedMB: 1 } }));

  it('shared strings that lie about their size are stopped at the budget while inflating (exit 2)', async () => {
    const bomb = file('bomb.xlsx', zip(parts, { claim: { 'xl/sharedStrings.xml': 1000 } }));
    expect(readFileSync(bomb).length).toBeLessThan(64 << 10);
    const r = await perfInProcess(['--config', config, ...AS_OF, 'inspect', bomb]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bomb\.xlsx: .*the part xl\/sharedStrings\.xml unpacks to .* more than the limit of 1\.0 MiB; perf refuses it to protect memory \(it may be a zip bomb\)/);
    expect(r.stderr).toContain('raise limits.maxUncompressedMB');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('shared strings whose directory entry says they are too big are refused before inflating', async () => {
    const honest = file('honest.xlsx', zip(parts));
    const r = await perfInProcess(['--config', config, ...AS_OF, 'inspect', honest]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the part xl/sharedStrings.xml unpacks to 4.0 MiB, more than the limit of 1.0 MiB');
  });
});

describe('control characters and NUL in names', () => {
  const rows = readFileSync(deals, 'utf8').trim().split('\n').map((l) => l.split(','));
  const dirtyName = (rep: string) => (rep === 'Zhang Wei' ? 'Zhang\u0007 Wei\u001b' : rep === 'Li Na' ? 'Li\u0001 Na' : rep);
  const csv = file('dirty.csv', rows.map((r) => r.map((c, i) => (i === 1 ? `"${dirtyName(c)}"` : c)).join(',')).join('\n') + '\n');
  // Excel writes a control character in a cell as _xHHHH_; NUL itself can only come this way.
  const cell = (ref: string, v: string) => `<c r="${ref}" t="inlineStr"><is><t>${v}</t></is></c>`;
  const escaped = (rep: string) => (rep === 'Zhang Wei' ? 'Zhang_x0000_ Wei' : rep === 'Li Na' ? 'Li_x001B_ Na_x0007_' : rep);
  const sheet = rows.map((r, i) => `<row r="${i + 1}">${r.map((c, j) => cell(`${'ABCDE'[j]}${i + 1}`, j === 1 ? escaped(c) : c)).join('')}</row>`).join('');
  const xlsx = file(
    'dirty.xlsx',
    zip({
      'xl/workbook.xml': '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Deals" sheetId="1" r:id="rId1"/></sheets></workbook>',
      'xl/_rels/workbook.xml.rels': '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      'xl/worksheets/sheet1.xml': `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheet}</sheetData></worksheet>`,
    }),
  );

  it.each([['CSV', csv], ['XLSX with _x0000_', xlsx]])('never crash a chart or a workbook (%s)', async (_kind, input) => {
    const out = join(tmp.dir, `${_kind.length}-dirty.xlsx`);
    const charts = join(tmp.dir, `${_kind.length}-charts`);
    const r = await perfInProcess([...AS_OF, 'forecast', input, '-o', out, '--chart', charts, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(readdirSync(charts).filter((f) => f.endsWith('.svg')).length).toBeGreaterThan(0);
    const names = JSON.parse(r.stdout).series.filter((x: { level: string }) => x.level === 'rep').map((x: { name: string }) => x.name);
    expect(names.sort()).toEqual(['Li Na', 'Zhang Wei']);
  });
});
