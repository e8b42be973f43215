import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import XLSX from 'xlsx';
import { fixture, perfInProcess, tempDir } from './helpers.js';
import { linesWiderThan } from './terminal-width.js';

const FULL = ['score', fixture('activity.xlsx'), '--deals', fixture('deals.csv'), '--leads', fixture('leads.csv'), '--team', fixture('teams.csv'), '--as-of', '2026-11-27'];
const { dir, cleanup } = tempDir('perf-score-');
afterAll(cleanup);

describe('perf score on the shipped fixtures', () => {
  it('scores the Chinese-header XLSX with no config: diligent reps above lax ones, every point traced to rows', async () => {
    const r = await perfInProcess([...FULL, '--month', '2026-10', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.period).toMatchObject({ from: '2026-10-01', to: '2026-10-31', months: ['2026-10'] });
    const reps = Object.fromEntries(j.reps.map((x: { rep: string }) => [x.rep, x]));
    expect(Object.keys(reps).sort()).toEqual(['Chen Jie', 'Li Na', 'Liu Yang', 'Wang Fang', 'Zhang Wei', 'Zhao Lei']);
    expect(reps['Zhang Wei'].team).toBe('East');
    expect(reps['Zhang Wei'].score).toBeGreaterThan(reps['Wang Fang'].score);
    expect(reps['Li Na'].score).toBeGreaterThan(reps['Zhao Lei'].score);
    for (const x of j.reps) expect(x.points).toBe(j.audit.filter((a: { rep: string; month: string }) => a.rep === x.rep).reduce((s: number, a: { points: number }) => s + a.points, 0));
    // The workbook's header is on row 3, so the first activity is row 4 as Excel shows it.
    const activityRows = j.audit.filter((a: { file: string }) => a.file.endsWith('activity.xlsx')).flatMap((a: { rows: number[] }) => a.rows);
    expect(activityRows.length).toBeGreaterThan(10);
    expect(Math.min(...activityRows)).toBeGreaterThanOrEqual(4);
    expect(j.audit.some((a: { rule: string; file: string }) => a.rule === 'lead_48h' && a.file.endsWith('leads.csv'))).toBe(true);
    expect(j.misses.some((m: { kbi: string; week: string }) => m.kbi === 'touch' && /^2026-W4\d$/.test(m.week))).toBe(true);
    expect(j.problemCount).toBe(0);
  });

  it('writes the workbook with every sheet and fills below threshold; refuses to overwrite without --force', async () => {
    const out = join(dir, 'scored.xlsx');
    const r = await perfInProcess([...FULL, '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Leaderboard 2026-11');
    expect(r.stdout).toMatch(/Zhang Wei +│ East/);
    expect(r.stdout).toContain('Formula: score = 60 × KBI compliance + 40 ×');
    const wb = XLSX.readFile(out, { cellStyles: true });
    expect(wb.SheetNames).toEqual(['Summary', 'Scores', 'Teams', 'KBI compliance', 'KBI misses', 'Weekly detail', 'Point audit', 'Problems']);
    const scores = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets.Scores, { header: 1 });
    expect(String(scores[1][0])).toContain('Formula');
    // The leaderboard shows each score with one decimal, as the Scores sheet and the text report do.
    const summary = wb.Sheets.Summary;
    const boardScores = Object.keys(summary).filter((k) => /^B\d+$/.test(k) && typeof summary[k].v === 'number' && /^\d+\. /.test(String(summary[`A${k.slice(1)}`]?.v)));
    expect(boardScores.length).toBeGreaterThan(3);
    expect(boardScores.map((k) => summary[k].z)).toEqual(boardScores.map(() => '0.0'));
    const audit = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['Point audit'], { range: 2 });
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((a) => String(a['Source rows']).length > 0)).toBe(true);
    const ws = wb.Sheets['Scores'];
    const filled = Object.keys(ws).filter((k) => !k.startsWith('!') && (ws[k] as { s?: { fgColor?: { rgb?: string } } }).s?.fgColor?.rgb === 'FFC7CE');
    expect(filled.length).toBeGreaterThan(0);
    const again = await perfInProcess([...FULL, '-o', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
  });

  it('prints the Chinese leaderboard with --lang zh and rejects a bad --month', async () => {
    const zhOut = join(dir, 'zh.xlsx');
    const zh = await perfInProcess(['--lang', 'zh', ...FULL, '-o', zhOut]);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain('排行榜 2026-11');
    expect(zh.stdout).toContain('客户触达');
    // The weights name the KBIs in Chinese, and the leaderboard fits a 100-column terminal in both languages.
    expect(zh.stdout).toContain('权重：触达 1，需求 1');
    // Labels take the full-width colon in Chinese: the checks block, the KBI lines, misses and formula.
    expect(zh.stdout).toContain('  读取：金额未注明货币');
    expect(zh.stdout).toMatch(/触达 = 客户触达：≥ 8 次\/周/);
    expect(zh.stdout).toMatch(/^未达标：客户触达 /m);
    expect(zh.stdout).toMatch(/^公式：得分 = /m);
    expect(zh.stdout).not.toMatch(/[\u4e00-\u9fff]: /);
    expect(zh.stdout).not.toMatch(/touch|needs|upkeep/);
    expect(linesWiderThan(zh.stdout)).toEqual([]);
    const summaryRows = XLSX.utils.sheet_to_json<unknown[]>(XLSX.readFile(zhOut).Sheets['概览'], { header: 1 });
    expect(String(summaryRows[1][0])).toMatch(/^基准日期 2026-11-27 · 文件：\S+activity\.xlsx、\S+deals\.csv/);
    const weekly = XLSX.utils.sheet_to_json<unknown[]>(XLSX.readFile(zhOut).Sheets['周明细'], { header: 1 });
    expect(weekly[2].slice(5, 14)).toEqual(['电话', '拜访', '邮件', '演示', '需求分析', '异议记录', '回访', '线索分配', '其他']);
    const en = await perfInProcess(FULL);
    expect(linesWiderThan(en.stdout)).toEqual([]);
    expect(en.stdout).toMatch(/Zhang Wei +│ East +│ +[\d.]+ │ +\d+ │ ███ 100%/);
    const bad = await perfInProcess([...FULL, '--month', '2026-13']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--month');
  });
});

describe('perf score: months the activity log covers (issue 16)', () => {
  it('scores only September of 2026-Q3 (the log starts 2026-09-01), for every rep, and says so first', async () => {
    const args = ['score', fixture('activity.csv'), '--deals', fixture('deals.csv'), '--from', '2026-07-01', '--to', '2026-09-30', '--as-of', '2026-11-27'];
    const j = JSON.parse((await perfInProcess([...args, '--json'])).stdout) as { period: { months: string[]; scoredMonths: string[]; activityFrom: string }; reps: { month: string }[] };
    expect(j.period).toMatchObject({ months: ['2026-07', '2026-08', '2026-09'], scoredMonths: ['2026-09'], activityFrom: '2026-09-01 12:29' });
    expect([...new Set(j.reps.map((r) => r.month))]).toEqual(['2026-09']);
    const text = (await perfInProcess(args)).stdout;
    // First means before any table (the checks block may come before it).
    expect(text.split('\nLeaderboard')[0].replace(/\s+/g, ' ')).toContain('⚠ Scored months: 2026-09, for every rep; not scored: 2026-07, 2026-08 — the activity log covers 2026-09-01 … 2026-11-26 only.');
    expect(text).not.toContain('Leaderboard 2026-07');
  });
});

describe('perf score with a user rule and Chinese headers', () => {
  it('applies a rule added in perf.config.json and reports it in the audit', async () => {
    const csv = join(dir, '行为.csv');
    writeFileSync(
      csv,
      [
        '客户经理,客户名称,行为类型,发生时间,时长(分钟),是否有效',
        '张三,甲公司,电话,2026-10-05 10:00,12,是',
        '张三,甲公司,电话,2026-10-06 10:00,3,是',
        '张三,乙公司,电话,2026-10-07 10:00,15,是',
        '张三,乙公司,拜访,2026-10-08 10:00,60,',
      ].join('\n'),
    );
    const config = join(dir, 'perf.config.json');
    writeFileSync(
      config,
      JSON.stringify({ score: { rules: [{ id: 'long_call', label: { en: 'call ≥ 10 min', zh: '通话 ≥ 10 分钟' }, types: ['call'], filter: { minDurationMin: 10 }, points: 5 }] } }),
    );
    const r = await perfInProcess(['--config', config, 'score', csv, '--month', '2026-10', '--as-of', '2026-11-27', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.audit.map((a: { rule: string; rows: number[]; points: number }) => [a.rule, a.rows, a.points])).toEqual([
      ['long_call', [2], 5],
      ['long_call', [4], 5],
    ]);
    const z = j.reps.find((x: { rep: string }) => x.rep === '张三');
    expect(z.points).toBe(10);
    // The log ends Thursday 10-08, seven weeks before --as-of: W41 (to its Friday) … W44 are weeks it does not
    // reach, not weeks of no touches, so none is due; the report says so with the scores.
    expect(z.kbis.find((k: { kbi: string }) => k.kbi === 'touch')).toMatchObject({ due: 0, passed: 0 });
    expect(j.period.touchWeeksNotJudged).toBe('2026-W41…2026-W44');
    const bad = await perfInProcess(['--config', config, 'score', csv, '--as-of', '2026-11-27'], { env: {} });
    expect(bad.code).toBe(0);
    writeFileSync(config, JSON.stringify({ score: { rules: [{ id: 'x', types: ['coffee'], points: 1 }] } }));
    const invalid = await perfInProcess(['--config', config, 'score', csv, '--as-of', '2026-11-27']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});

describe('a roster rep with no rows', () => {
  // Leads of Wang Fang only, and a roster that adds a rep who appears nowhere.
  const leads = join(dir, 'few-leads.csv');
  writeFileSync(leads, 'Lead ID,Owner,Account Name,Assigned At,First Contact Date\nL-1,Wang Fang,Acme,2026-10-08 15:01,2026-10-13 18:26\n');
  const team = join(dir, 'team-plus.csv');
  writeFileSync(team, 'Sales Rep,Team\nZhang Wei,East\nLi Na,East\nWang Fang,East\nZhao Lei,West\nLiu Yang,West\nChen Jie,West\nGhost Rep,West\n');

  it('is one with none in any export of the run, said once naming them all: a rep without leads is not idle', async () => {
    const r = await perfInProcess(['score', fixture('activity.csv'), '--deals', fixture('deals.csv'), '--leads', leads, '--team', team, '--as-of', '2026-11-27', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { problems: { code: string; value: string; message: { en: string } }[]; checks: { message: { en: string } }[] };
    const idle = j.problems.filter((p) => p.code === 'roster_no_data');
    expect(idle.map((p) => p.value)).toEqual(['Ghost Rep']);
    expect(idle[0].message.en).toBe(`roster rep "Ghost Rep" has no rows in ${fixture('deals.csv')}, ${leads} or ${fixture('activity.csv')}`);
    expect(j.checks.map((c) => c.message.en).filter((m) => m.includes('no rows in the data'))).toEqual(['1 roster rep has no rows in the data: Ghost Rep']);
  });

  it('is the same in a command that reads the roster with its deals first (alerts): its problems are taken after the last export', async () => {
    const r = await perfInProcess(['alerts', fixture('deals.csv'), '--leads', leads, '--activity', fixture('activity.csv'), '--team', team, '--as-of', '2026-11-27', '--dry-run', '--width', '300']);
    expect(r.stdout).toContain(`roster rep "Ghost Rep" has no rows in ${fixture('deals.csv')}, ${leads} or ${fixture('activity.csv')}`);
    expect(r.stdout.match(/roster rep "[^"]+" has no rows/g)).toEqual(['roster rep "Ghost Rep" has no rows']);
  });
});
