import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import XLSX from 'xlsx';
import { perf, ROOT, tempDir } from './helpers.js';

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
