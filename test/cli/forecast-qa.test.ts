import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { fixture, perfInProcess, ROOT, tempDir } from './helpers.js';

const tmp = tempDir('perf-forecast-qa-');
afterAll(() => tmp.cleanup());

const NO_AMOUNT = join(ROOT, 'test/fixtures/plan/no-amount.csv');
/** A sheet's table below its note lines: the header is the first row starting with `first`. */
function table(book: XLSX.WorkBook, name: string, first: string): { header: unknown[]; rows: Record<string, unknown>[] } {
  const aoa = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[name], { header: 1, blankrows: true });
  const at = aoa.findIndex((r) => r[0] === first);
  expect(at).toBeGreaterThanOrEqual(0);
  return { header: aoa[at], rows: XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets[name], { range: at || undefined }) };
}

/**
 * no-amount.csv (no amount column), as of 2026-09-30, method mean, by hand: company history Jun–Aug
 * = 1, 2, 2 won → 5/3 a month → 1.7 per target month, 5.1 for 2026-Q4. Ann (Jun–Aug 1, 1, 1) forecasts
 * 1; Bob (2 months) the team's 5/3 ÷ 2 heads; scaled to 5/3 → Ann 0.9, Bob 0.8 a month → 2.7 and 2.4.
 * Win rate 7 won ÷ 8 closed = 87.5%; one open deal in December → weighted 0.875, coverage 1 ÷ 5.1.
 */
describe('perf forecast on a deals export without an amount column', () => {
  it('plans in deal counts with one file-level problem (text and JSON)', async () => {
    const out = join(tmp.dir, 'counts.json');
    const r = await perfInProcess(['--strict', 'forecast', NO_AMOUNT, '--as-of', '2026-09-30', '--method', 'mean', '-o', out]);
    expect(r.code).toBe(4); // --strict: the missing column is still one data problem
    expect(r.stdout).toContain('Measure: deal count');
    expect(r.stdout).toContain('2026-Q4 company target 5.1 deals · floor 4.2');
    expect(r.stdout).not.toContain('¥');
    expect(r.stdout).toContain('Problems: 1\n');
    expect(r.stdout).not.toContain('without an amount');
    expect(r.stdout).toMatch(/Company\s+│\s+5\.1 │\s+4\.2 │\s+5\.7 │/);
    expect(r.stdout).toMatch(/Ann\s+│\s+2\.7 │/);
    expect(r.stdout).toMatch(/Bob †\s+│\s+2\.4 │/);
    expect(r.stdout).toMatch(/2026-Q4 │\s+5\.1 │\s+1\.0 │\s+0\.9 │\s+0\.20× │/);
    // The as-of date is a month's last day: say how to count the month as complete.
    expect(r.stdout).toContain('September is counted as the current month (history ends 2026-08); use --as-of 2026-10-01');
    const j = JSON.parse(readFileSync(out, 'utf8'));
    expect(j.measure).toBe('count');
    expect(j.problems).toHaveLength(1);
    expect(j.problems[0]).toMatchObject({ row: null, severity: 'warning', code: 'no_amounts' });
    const company = j.series.find((s: { id: string }) => s.id === 'company');
    expect(company.targets['2026-Q4'].count.target).toBe(5.1);
    expect(company.pipeline.coverage[1]).toMatchObject({ period: '2026-Q4', goal: 5.1, openCount: 1, weightedCount: 0.9, coverage: 0.196 });
    expect(j.series.find((s: { id: string }) => s.id === 'rep:Bob').shortHistory).toBe(true);
    expect(j.series.find((s: { id: string }) => s.id === 'rep:Ann').shortHistory).toBe(false);
  });

  it('says so in the Chinese text and workbook', async () => {
    const out = join(tmp.dir, 'counts.xlsx');
    const r = await perfInProcess(['--lang', 'zh', 'forecast', NO_AMOUNT, '--as-of', '2026-09-30', '--method', 'mean', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2026-Q4 公司目标 5.1 单');
    expect(r.stdout).toContain('度量：单数');
    expect(r.stdout).toContain('9 月按当前月计算');
    const book = XLSX.read(readFileSync(out));
    // The Summary lists its figures label | value; the company target of a count plan is in deals.
    const summary = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets['概要'], { header: 1 });
    expect(summary.find((x) => x[0] === '度量')?.[1]).toBe('单数（文件中没有金额）');
    expect(summary.find((x) => x[0] === '2026-Q4 公司目标')?.[1]).toBe(5.1);
    const { header, rows: targets } = table(book, '目标', '层级');
    expect(header).toEqual(expect.arrayContaining(['度量', '目标依据', 'P(≥下限)', 'P(≥目标)', 'P(≥奖励线)', '管道单数']));
    const q4 = (name: string) => targets.find((x) => x['名称'] === name && x['期间'] === '2026-Q4')!;
    expect([q4('公司')['目标'], q4('Ann')['目标'], q4('Bob')['目标']]).toEqual([5.1, 2.7, 2.4]);
    expect(q4('公司')['度量']).toBe('单数');
    expect(q4('Bob')['目标依据']).toContain('历史较短（2 个月');
    expect(q4('Ann')['目标依据']).toBeUndefined();
  });

  it('names the months a short history holds where it sums them, not "12" (3 months: Jun–Aug)', async () => {
    const out = join(tmp.dir, 'short.xlsx');
    const r = await perfInProcess(['forecast', NO_AMOUNT, '--as-of', '2026-09-30', '--method', 'mean', '--width', '120', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Won deals: last 3 months, then the forecast');
    expect(r.stdout).toMatch(/3 m ┊ forecast\s+│\s+Last 3 m │/);
    expect(r.stdout).not.toContain('12 m');
    // Company Jun–Aug: 1 + 2 + 2 won.
    expect(r.stdout).toMatch(/Company\s+│ [^│]+│\s+5 │/);
    const summary = XLSX.utils.sheet_to_json<unknown[]>(XLSX.read(readFileSync(out)).Sheets['Summary'], { header: 1 });
    expect(summary.find((x) => String(x[0]).startsWith('Baseline'))).toEqual(['Baseline: last 3 months won', 5]);
    const zh = await perfInProcess(['--lang', 'zh', 'forecast', NO_AMOUNT, '--as-of', '2026-09-30', '--method', 'mean', '--width', '120']);
    expect(zh.stdout).toContain('赢单数：近 3 个月与预测');
    expect(zh.stdout).toContain('近3个月');
  });
});

describe('perf forecast QA: Chinese workbook, names, numbers', () => {
  it('writes the Chinese workbook without English notes, headers or values', async () => {
    const out = join(tmp.dir, 'zh.xlsx');
    const r = await perfInProcess(['--lang', 'zh', 'forecast', fixture('deals.csv'), '--as-of', '2026-11-27', '--team', fixture('teams.csv'), '--adjust', fixture('adjustments.csv'), '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('整体赢率 54%（分阶段赢率需要阶段历史');
    expect(r.stdout).toContain('Liu Yang †');
    const book = XLSX.read(readFileSync(out));
    const method = table(book, '方法', '层级').rows;
    const notes = method.map((x) => String(x['说明'] ?? '')).filter(Boolean);
    expect(notes.some((n) => n.includes('团队 West 的预测 ÷'))).toBe(true);
    // Reps are shares of their team: the note says how the share was made, in Chinese.
    expect(notes.some((n) => /团队 \S+ 的 [\d.]+%：近 \d+ 个月占比 [\d.]+%，权重 [\d.]+%，其余取人均 [\d.]+%/.test(n))).toBe(true);
    for (const n of notes) expect(n).not.toMatch(/month\(s\)|intermittent|zero months|fell back|trailing share|per-head/);
    const adj = table(book, '市场调整', '行号').rows;
    expect(adj.length).toBeGreaterThan(0);
    for (const x of adj) {
      expect(['全部', '团队', '销售']).toContain(x['范围']);
      expect(['金额', '单数', '金额和单数']).toContain(x['指标']);
    }
    const targets = table(book, '目标', '层级');
    expect(targets.header).toEqual(expect.arrayContaining(['P(≥下限)', 'P(≥目标)', 'P(≥奖励线)', '目标依据']));
    const liu = targets.rows.find((x) => x['名称'] === 'Liu Yang' && x['期间'] === '2027-Q1')!;
    expect(liu['目标依据']).toContain('按团队人均');
  });

  it('separates thousands and clips long rep names in text, keeping them whole in JSON', async () => {
    const csv = join(tmp.dir, 'many.csv');
    const long = 'a8387c01a09e99ce014107505b92388c';
    const zhLong = '欧阳慕容司马诸葛东方长孙上官';
    const lines = ['Deal ID,Owner,Stage,Amount,Close Date'];
    for (let i = 0; i < 1200; i++) {
      const month = String((i % 10) + 1).padStart(2, '0');
      lines.push(`D${i},${[long, zhLong, 'Ann'][i % 3]},Won,${1000 + (i % 7) * 100},2026-${month}-${String((i % 27) + 1).padStart(2, '0')}`);
    }
    writeFileSync(csv, lines.join('\n') + '\n');
    const out = join(tmp.dir, 'many.json');
    const r = await perfInProcess(['forecast', csv, '--as-of', '2026-11-27', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1,200 deals: 1,200 won, 0 lost, 0 open');
    expect(r.stdout).toContain('a8387c01a09e99ce0…');
    expect(r.stdout).not.toContain(long);
    const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u2e80-\ua4cf\uff00-\uff60]/.test(ch) ? 2 : 1), 0);
    for (const line of r.stdout.split('\n')) expect(width(line)).toBeLessThanOrEqual(100);
    const j = JSON.parse(readFileSync(out, 'utf8'));
    expect(j.series.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining([long, zhLong]));
  });
});
