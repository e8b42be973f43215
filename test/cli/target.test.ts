import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import XLSX from 'xlsx';
import { perf, perfInProcess, ROOT, tempDir } from './helpers.js';

const PLAN = join(ROOT, 'test/fixtures/plan');
// growth12.csv: 2024 at ~100k a month, 2025 exactly 12 % above each 2024 month (two reps, two teams).
const DEALS = join(PLAN, 'growth12.csv');
const AS_OF = ['--as-of', '2026-01-10'];

describe('perf target check', () => {
  it("finds the article's +40% after a year of +12% unrealistic, with its probability", () => {
    const r = perf(['target', 'check', DEALS, '--proposed', '40%', '--period', '2026', ...AS_OF, '--json']);
    expect(r.code).toBe(0);
    const [c] = JSON.parse(r.stdout).results;
    expect(c.last12).toBe(1344000);
    expect(c.prior12).toBe(1200000);
    expect(c.growthLast12).toBeCloseTo(0.12, 6);
    expect(c.proposed).toBe(1881600);
    expect(c.impliedGrowth).toBeCloseTo(0.4, 6);
    expect(c.verdict).toBe('unrealistic');
    expect(c.probability).toBeLessThan(0.05);
    expect(c.expectedGrowth).toBeLessThan(0.2);
    expect(c.baseline).toEqual({ ok: true, months: 24 });
    expect(c.milestones.ok).toBe(false);
    expect(c.resources.ok).toBe(false);
    expect(Object.keys(c.milestones.suggested)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(c.sentence.en).toMatch(/^\+40% for 2026 after \+12% last year is unrealistic: .* a (<1%|\d%) chance\. It has no milestones, no resource commitment\.$/);
  });

  it('refuses a proposals file none of whose rows names a team or rep, instead of an empty report', async () => {
    const tmp = tempDir();
    const csv = join(tmp.dir, 'regions.csv');
    writeFileSync(csv, 'team,target\n华北,40%\nSüd,10%\n');
    const r = await perfInProcess(['target', 'check', DEALS, '--proposed', csv, '--period', '2026', ...AS_OF]);
    tmp.cleanup();
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.replace(/\n {2}/g, ' ')).toContain('none of the 2 rows of');
    expect(r.stderr.replace(/\n {2}/g, ' ')).toContain('names a team or rep of the deals ("华北", "Süd"). Teams: North, South;');
  });

  it('reads milestones written as shares of the target, and names a milestone cell it cannot read', () => {
    const tmp = tempDir();
    const csv = join(tmp.dir, 'shares.csv');
    writeFileSync(csv, 'team,target,headcount,2026-Q1,2026-Q2,2026-Q3,2026-Q4\nNorth,40%,4,20%,25%,25%,30%\nSouth,700000,,soon,,,\n');
    const j = JSON.parse(perf(['target', 'check', DEALS, '--proposed', csv, '--period', '2026', ...AS_OF, '--json']).stdout);
    tmp.cleanup();
    // North proposes 672,000 × 1.4 = 940,800: 20% of it is 188,160, and so on.
    expect(j.results[1].milestones).toMatchObject({ ok: true, stated: { '2026-Q1': 188160, '2026-Q2': 235200, '2026-Q3': 235200, '2026-Q4': 282240 } });
    expect(j.results[2].milestones.ok).toBe(false);
    expect(j.problems).toContainEqual(expect.objectContaining({ file: csv, row: 3, column: '2026-Q1', value: 'soon', code: 'bad_milestone' }));
  });

  it('says first when the history the verdicts rest on ends in a level shift, as perf forecast does', () => {
    const r = perf(['target', 'check', join(ROOT, 'fixtures/deals.csv'), '--proposed', '40%', '--period', '2027', '--as-of', '2026-12-03', '--json']);
    const j = JSON.parse(r.stdout);
    expect(j.checks.filter((c: { code: string }) => c.code === 'forecast_break').map((c: { message: { en: string } }) => c.message.en)[0]).toMatch(/^Company: collapse at the end of the history/);
  });

  it('reads fractions as shares even when they miss, counts a blank milestone, and allows rounding only', () => {
    const tmp = tempDir();
    const csv = join(tmp.dir, 'fractions.csv');
    writeFileSync(csv, 'team,target,headcount,2026-Q1,2026-Q2,2026-Q3,2026-Q4\nNorth,1500000,4,0.2,0.2,0.2,0.2\nSouth,4000000,2,900000,1000000,1000000,1000000\n');
    const j = JSON.parse(perf(['target', 'check', DEALS, '--proposed', csv, '--period', '2026', ...AS_OF, '--json']).stdout);
    // 4 × 20% of 1,500,000: shares that cover 80% of it.
    expect(j.results[1].milestones).toMatchObject({ ok: false, stated: { '2026-Q1': 300000 }, issue: { en: 'the milestones add up to 1,200,000, not the proposal 1,500,000' } });
    // 3,900,000 of 4,000,000: 2.5% short is a gap, not rounding.
    expect(j.results[2].milestones).toMatchObject({ ok: false, issue: { en: 'the milestones add up to 3,900,000, not the proposal 4,000,000' } });
    writeFileSync(csv, 'team,target,headcount,2026-Q1,2026-Q2,2026-Q3,2026-Q4\nNorth,1500000,4,0.25,0.25,0.25,\n');
    const k = JSON.parse(perf(['target', 'check', DEALS, '--proposed', csv, '--period', '2026', ...AS_OF, '--json']).stdout);
    tmp.cleanup();
    expect(k.results[0].milestones).toMatchObject({ ok: false, issue: { en: '1 milestone cell blank or not read (an unreadable one is listed under Problems)' } });
  });

  it('reads shares saved as fractions (0.25), and says when milestones do not add up to the proposal or a cell was not read', () => {
    const tmp = tempDir();
    const csv = join(tmp.dir, 'splits.csv');
    writeFileSync(csv, 'team,target,headcount,2026-Q1,2026-Q2,2026-Q3,2026-Q4\nNorth,40%,4,0.2,0.25,0.25,0.3\nSouth,700000,2,50%,50%,50%,50%\n');
    const j = JSON.parse(perf(['target', 'check', DEALS, '--proposed', csv, '--period', '2026', ...AS_OF, '--json']).stdout);
    // Excel writes 25% as 0.25: four fractions adding up to one are shares of North's 940,800.
    expect(j.results[1].milestones).toMatchObject({ ok: true, stated: { '2026-Q1': 188160, '2026-Q4': 282240 }, issue: null });
    // South's four 50% make 200% of its target: stated, but not a split of it.
    expect(j.results[2].milestones).toMatchObject({ ok: false, issue: { en: 'the milestones add up to 1,400,000, not the proposal 700,000' } });
    expect(j.results[2].sentence.en).toContain('It has milestones that do not hold (the milestones add up to 1,400,000, not the proposal 700,000)');
    // No company split from teams whose own splits do not hold.
    expect(j.results[0].milestones.ok).toBe(false);
    writeFileSync(csv, 'team,target,headcount,2026-Q1,2026-Q2,2026-Q3,2026-Q4\nNorth,40%,4,200000,abc,200000,200000\n');
    const k = JSON.parse(perf(['target', 'check', DEALS, '--proposed', csv, '--period', '2026', ...AS_OF, '--json']).stdout);
    tmp.cleanup();
    expect(k.results[0].milestones).toMatchObject({ ok: false, issue: { en: '1 milestone cell blank or not read (an unreadable one is listed under Problems)' } });
  });

  it('reads a per-team CSV with headcount and milestones and prints the audit in Chinese', () => {
    const tmp = tempDir();
    const out = join(tmp.dir, '审查.xlsx');
    const r = perf(['--lang', 'zh', 'target', 'check', DEALS, '--proposed', join(PLAN, 'proposals.csv'), '--period', '2026', ...AS_OF, '-o', out]);
    expect(r.code).toBe(0);
    // The workbook speaks Chinese too: headers and verdicts.
    const all = XLSX.utils.sheet_to_json<unknown[]>(XLSX.readFile(out).Sheets['目标审查'], { header: 1 });
    tmp.cleanup();
    // Title, as-of and files first; then the table.
    expect(String(all[0][0])).toBe('目标审查');
    const sheet = all.slice(all.findIndex((row) => row.includes('P(≥建议目标)')));
    expect(sheet[0]).toContain('P(≥建议目标)');
    // South's +4 % after a steady +12 % a year: auto, chosen on the series' own rolling origins, expects +8 %.
    expect(sheet.slice(1).map((row) => row[10])).toEqual(['不现实', '不现实', '可实现']);
    expect(r.stdout).toContain('P(≥建议目标)');
    expect(r.stdout).toContain('"三无"审查');
    expect(r.stdout).toMatch(/North\s+│\s+672,000 │\s+\+12\.0% │\s+940,800 │\s+\+40\.0%/);
    expect(r.stdout).toContain('不现实');
    const j = JSON.parse(perf(['target', 'check', DEALS, '--proposed', join(PLAN, 'proposals.csv'), '--period', '2026', ...AS_OF, '--json']).stdout);
    expect(j.results.map((x: { name: string | null }) => x.name)).toEqual([null, 'North', 'South']);
    // The company row is the sum of the teams' proposals: 672,000 × 1.4 + 700,000.
    expect(j.results[0].proposed).toBe(940800 + 700000);
    // North's four 200,000 milestones make 800,000 of its 940,800: stated, but not a split of the proposal.
    expect(j.results[1]).toMatchObject({ milestones: { ok: false, issue: { en: 'the milestones add up to 800,000, not the proposal 940,800' } }, resources: { ok: true, headcount: 4 } });
    expect(j.results[2]).toMatchObject({ milestones: { ok: false }, resources: { ok: false } });
  });

  it('shows examples in the help of the target group too', () => {
    const h = perf(['target', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('perf target check fixtures/deals.csv --proposed 40% --period 2027');
  });

  it('accepts an absolute amount and rejects a bad one', () => {
    const ok = JSON.parse(perf(['target', 'check', DEALS, '--proposed', '1,344,000', '--period', '2026', ...AS_OF, '--json']).stdout).results[0];
    expect(ok.impliedGrowth).toBe(0);
    expect(ok.verdict).toBe('achievable');
    const bad = perf(['target', 'check', DEALS, '--proposed', 'lots', ...AS_OF]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--proposed must be');
  });

  it('checks a growth on deal counts when the deals carry no amounts, and refuses an amount there', () => {
    const noAmount = join(PLAN, 'no-amount.csv');
    const r = perf(['target', 'check', noAmount, '--proposed', '20%', '--period', '2027-Q1', '--as-of', '2026-11-27', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const [c] = (JSON.parse(r.stdout) as { results: Record<string, unknown>[] }).results;
    // 7 wins in the 5 complete months 2026-06..10 → base 7 × 3 ÷ 5 = 4.2 deals a quarter; +20% = 5.04 → 5.0 deals
    expect(c).toMatchObject({ measure: 'count', last12: 7, base: 4.2, proposed: 5 });
    expect(c.probability as number).toBeGreaterThan(0);
    expect((c.sentence as { en: string }).en).toContain('(5 deals)');
    const abs = perf(['target', 'check', noAmount, '--proposed', '1200000', '--as-of', '2026-11-27']);
    expect(abs.code).toBe(2);
    expect(abs.stderr).toContain('has no deal amounts, so the forecast is in won deals and an amount target (1200000) cannot be checked');
    expect(abs.stderr).not.toMatch(/\bat \S+\.js:/);
  });
});

// Two reps (Ann in team A, Bob in team B), each winning 1,000 on the 10th of every month, 2024-01..2026-05:
// 2,000 a month for the company, a baseline of 24,000 a year, 6,000 a quarter, 12,000 a year per team.
function flatDeals(dir: string): string {
  const lines = ['Opportunity ID,Opportunity Owner,Team,Account Name,Stage,Amount,Created Date,Close Date'];
  let i = 0;
  for (let m = 0; m < 29; m++) {
    const month = `${2024 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
    for (const [rep, team] of [['Ann', 'A'], ['Bob', 'B']]) lines.push(`D${++i},${rep},${team},C${i},Closed Won,1000,${month}-01,${month}-10`);
  }
  const file = join(dir, 'flat.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

type Check = { code: string; status: string; file: string | null; message: { en: string; zh: string } };
const checksOf = (stdout: string, code: string): Check[] => (JSON.parse(stdout) as { checks: Check[] }).checks.filter((c) => c.code === code);

describe('perf target check: the period and the size of the proposal', () => {
  const tmp = tempDir();
  const deals = flatDeals(tmp.dir);
  const AS_OF_MAY = ['--as-of', '2026-05-20', '--width', '80'];
  afterAll(tmp.cleanup);

  it('refuses a period already over, pointing to evaluate, instead of grading its actuals as a forecast', async () => {
    const q = await perfInProcess(['target', 'check', deals, '--proposed', '10%', '--period', '2026-Q1', ...AS_OF_MAY]);
    expect(q.code).toBe(2);
    expect(q.stdout).toBe('');
    expect(q.stderr.replace(/\s+/g, ' ')).toContain('--period 2026-Q1 is over (it ended 2026-03-31, before the as-of date 2026-05-20)');
    expect(q.stderr.replace(/\s+/g, ' ')).toContain(`sales-perf evaluate ${deals} --period 2026-Q1 --targets targets.csv, or check a period still to come, e.g. --period 2027.`);
    // A year is judged a quarter at a time: evaluate takes a quarter or a month.
    const y = await perfInProcess(['target', 'check', deals, '--proposed', '10%', '--period', '2025', ...AS_OF_MAY]);
    expect(y.code).toBe(2);
    expect(y.stderr.replace(/\s+/g, ' ')).toContain('--period 2025-Q4 --targets targets.csv (a quarter or a month at a time)');
    const zh = await perfInProcess(['--lang', 'zh', 'target', 'check', deals, '--proposed', '10%', '--period', '2026-04', '--as-of', '2026-05-20']);
    expect(zh.code).toBe(2);
    expect(zh.stderr.replace(/\n\s*/g, '')).toContain('--period 2026-04 已经结束（止于 2026-04-30，早于截至日期 2026-05-20）');
  });

  it('grades a period under way on what is won plus the forecast of the rest, and says so first', async () => {
    // Won in 2026-Q2 by 2026-05-20: April 2,000 and May 2,000. The rest: 11 of May's 31 days and June, 2,000 × 11/31 + 2,000 ≈ 2,710.
    const run = (proposed: string) => perfInProcess(['target', 'check', deals, '--proposed', proposed, '--period', '2026-Q2', ...AS_OF_MAY, '--json']);
    const j = await run('6000');
    const [c] = JSON.parse(j.stdout).results;
    expect(c).toMatchObject({ wonSoFar: 4000, expected: 6710, proposed: 6000 });
    expect(checksOf(j.stdout, 'period_under_way')[0]).toMatchObject({
      status: 'caveat',
      message: {
        en: '2026-Q2 is under way (as of 2026-05-20): it is graded on the 4,000 won from 2026-04-01 to the as-of date plus the forecast of the rest, to 2026-06-30; P is the chance that the rest brings the 2,000 still missing from the proposal 6,000.',
      },
    });
    expect(c.sentence.en).toContain('(6,710: 4,000 won so far and 2,710 still to come)');
    // P weighs the 4,000 already won: 6,700 needs 2,700 more, within the 2,710 to come on this steady history; 6,720 does not.
    expect(JSON.parse((await run('6700')).stdout).results[0].probability).toBe(1);
    expect(JSON.parse((await run('6720')).stdout).results[0].probability).toBe(0);
    const won = await run('4000');
    expect(checksOf(won.stdout, 'period_under_way')[0].message.en).toMatch(/; the proposal 4,000 is already won\.$/);
    // The text report says it before the tables, in both languages.
    const text = await perfInProcess(['target', 'check', deals, '--proposed', '6000', '--period', '2026-Q2', ...AS_OF_MAY]);
    expect(text.stdout.indexOf('2026-Q2 is under way')).toBeGreaterThan(-1);
    expect(text.stdout.indexOf('2026-Q2 is under way')).toBeLessThan(text.stdout.indexOf('Proposal against history and forecast'));
    const zh = await perfInProcess(['--lang', 'zh', 'target', 'check', deals, '--proposed', '6000', '--period', '2026-Q2', ...AS_OF_MAY]);
    expect(zh.stdout.replace(/\n\s*/g, '')).toContain('2026-Q2 已在进行中（截至 2026-05-20）：按 2026-04-01 至截至日期已赢单的 4,000，加上至 2026-06-30 其余时间的预测来评判');
    // A period not yet begun has nothing won: no such check.
    const ahead = await perfInProcess(['target', 'check', deals, '--proposed', '6000', '--period', '2026-Q3', ...AS_OF_MAY, '--json']);
    expect(checksOf(ahead.stdout, 'period_under_way')).toEqual([]);
    expect(JSON.parse(ahead.stdout).results[0].wonSoFar).toBeNull();
  });

  it('refuses an amount that is a sliver of the baseline as a missing % sign or a unit slip, saying how it was read', async () => {
    const run = (proposed: string, lang = 'en') => perfInProcess(['--lang', lang, 'target', 'check', deals, '--proposed', proposed, '--period', '2027', ...AS_OF_MAY]);
    const flat = (s: string) => s.replace(/\s+/g, ' ');
    const forty = await run('40');
    expect(forty.code).toBe(2);
    expect(forty.stdout).toBe('');
    expect(flat(forty.stderr)).toContain(
      '--proposed 40 was read as an amount of 40 for 2027, under 10% of the baseline 24,000 (the last 12 months scaled to the period): probably a missing % sign or a unit slip. Write a growth rate with a % sign (--proposed 40% is 33,600), or an amount in full units (--proposed 24000 would equal the baseline).',
    );
    // Excel saves 40% as 0.4.
    const fraction = await run('0.4');
    expect(fraction.code).toBe(2);
    expect(flat(fraction.stderr)).toContain('--proposed 0.4 was read as an amount of 0.4 for 2027');
    expect(flat(fraction.stderr)).toContain('(--proposed 40% is 33,600)');
    const zero = await run('0');
    expect(zero.code).toBe(2);
    expect(flat(zero.stderr)).toContain('--proposed 0 was read as an amount of 0 for 2027, a target of nothing against the baseline 24,000');
    const zh = await run('40', 'zh');
    expect(zh.code).toBe(2);
    expect(zh.stderr.replace(/\n\s*/g, '')).toContain('--proposed 40 被读作 2027 的金额 40，不到基线 24,000（近 12 个月按期间折算）的 10%：很可能漏了 % 号，或单位写错。');
    // 10% of the baseline and up is a target (graded below).
    expect((await run('2400')).code).toBe(0);
    // In a per-team table: the file, row, team, column and cell.
    const csv = join(tmp.dir, 'teams.csv');
    writeFileSync(csv, 'team,target\nA,10%\nB,1000\n');
    const team = await perfInProcess(['target', 'check', deals, '--proposed', csv, '--period', '2027', ...AS_OF_MAY]);
    expect(team.code).toBe(2);
    expect(flat(team.stderr)).toContain(`${csv} row 3 (B), column target: "1000" was read as an amount of 1,000 for 2027, under 10% of B's baseline 12,000`);
  });

  it('grades a proposal far below the history, with a sandbagging caveat first', async () => {
    const csv = join(tmp.dir, 'low.csv');
    // B proposes 5,000 for 2027 against the 12,000 it won in the last 12 months: 58% below.
    writeFileSync(csv, 'team,target\nA,10%\nB,5000\n');
    const j = await perfInProcess(['target', 'check', deals, '--proposed', csv, '--period', '2027', ...AS_OF_MAY, '--json']);
    expect(j.code).toBe(0);
    const results = JSON.parse(j.stdout).results as { name: string | null; farBelowHistory: boolean; verdict: string; sentence: { en: string; zh: string } }[];
    expect(results.map((r) => [r.name, r.farBelowHistory])).toEqual([
      [null, false],
      ['A', false],
      ['B', true],
    ]);
    expect(results[2].verdict).toBe('achievable');
    expect(results[2].sentence.en).toMatch(/It is far below what B has been winning \(a sandbagging risk: see Checks\)\.$/);
    expect(results[2].sentence.zh).toMatch(/^B：2027 目标 -58%（去年增长 \+0%）可实现：.*目标远低于 B 以往的业绩，有保守压数之嫌（见检查）。$/);
    expect(checksOf(j.stdout, 'target_far_below_history')).toEqual([
      {
        code: 'target_far_below_history',
        status: 'caveat',
        file: csv,
        message: expect.objectContaining({
          en: 'B: the proposal for 2027 (5,000) is 58% below the baseline 12,000 (the last 12 months scaled to the period), far below what B has been winning: a sandbagging risk. Its verdict only says whether the forecast clears so low a bar.',
        }),
      },
    ]);
    const text = await perfInProcess(['target', 'check', deals, '--proposed', csv, '--period', '2027', ...AS_OF_MAY]);
    expect(text.stdout.indexOf('a sandbagging risk')).toBeLessThan(text.stdout.indexOf('Proposal against history and forecast'));
    const zh = await perfInProcess(['--lang', 'zh', 'target', 'check', deals, '--proposed', csv, '--period', '2027', ...AS_OF_MAY]);
    expect(zh.stdout.replace(/\n\s*/g, '')).toContain('注意：B：2027 的建议目标 5,000 比基线 12,000（近 12 个月按期间折算）低 58%，远低于 B 以往的业绩，有保守压数之嫌');
    // A growth rate counts too; half the baseline is the line.
    const cut = async (p: string) => JSON.parse((await perfInProcess(['target', 'check', deals, '--proposed', p, '--period', '2027', ...AS_OF_MAY, '--json'])).stdout).results[0].farBelowHistory;
    expect(await cut('-50%')).toBe(false);
    expect(await cut('-51%')).toBe(true);
  });
});
