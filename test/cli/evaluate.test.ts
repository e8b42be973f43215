import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, perfInProcess, ROOT, tempDir } from './helpers.js';
import { linesWiderThan } from './terminal-width.js';

const ev = (name: string) => join(ROOT, 'test/fixtures/evaluate', name);
const base = ['evaluate', '--deals', ev('deals.csv'), '--activity', ev('activity.csv'), '--period', '2026-10', '--as-of', '2026-11-05'];
type Row = Record<string, unknown> & { name: string; reward: { amount: number } };

describe('perf evaluate', () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);

  it('computes attainment, band, scores, reward and ranks by hand from a targets CSV', async () => {
    const r = await perfInProcess([...base, '--targets', ev('targets.csv'), '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { reps: Row[]; teams: Row[] };
    const [ann, bob, cy] = j.reps;
    // Ann: 60,000 + 40,000 against the manager's 80,000 → 125%: above the band; the 5% tier runs from
    // 115% (92,000) to 130% (104,000) and she signed 100,000 → 8,000 × 5% = 400
    expect(ann).toMatchObject({ actual: 100000, proposed: 100000, adjusted: 80000, note: 'new territory', target: 80000, attainment: 1.25, band: 'above', results: 100 });
    expect(ann.reward.amount).toBe(400);
    // Bob: E4 signed 2026-09-30 is outside October → 90,000 of 100,000 = 90%: on target, results 90
    expect(bob).toMatchObject({ actual: 90000, deals: 1, attainment: 0.9, band: 'on', results: 90, floor: 85000, ceiling: 115000 });
    expect(bob.reward.amount).toBe(0);
    // Cy: E6 was cancelled on 2026-11-03 (before --as-of) → only 30,000 of 50,000 = 60%: below the floor
    expect(cy).toMatchObject({ actual: 30000, reversed: 1, attainment: 0.6, band: 'below', results: 60 });
    // the overall score blends the unrounded parts
    for (const e of j.reps) expect(e.overall).toBeCloseTo(0.6 * (e.results as number) + 0.4 * (e.behaviour as number), 9);
    expect(j.reps.map((e) => e.rank)).toEqual([1, 2, 3]);
    // team A has its own row; team B falls back to the sum of its reps' targets
    expect(j.teams.map((t) => [t.name, t.actual, t.target, t.band])).toEqual([['A', 190000, 200000, 'on'], ['B', 30000, 50000, 'below']]);
    expect(j.teams[0].behaviour).toBeCloseTo(((ann.behaviour as number) + (bob.behaviour as number)) / 2, 1);
  });

  it('reads back a forecast-style targets workbook with the manager\'s adjusted target and note, and writes the evaluation workbook', async () => {
    const targets = join(tmp.dir, 'targets.xlsx');
    const ws = XLSX.utils.aoa_to_sheet([
      ['Targets per level and month. Fill in "Adjusted target" and "Note" to override.'],
      [],
      ['Level', 'Name', 'Team', 'Period', 'Statistical forecast', 'Target', 'Floor', 'Adjusted target', 'Note'],
      ['rep', 'Ann', 'A', '2026-10', 90000, 100000, 85000, null, null],
      ['rep', 'Bob', 'A', '2026-10', 90000, 100000, 85000, 75000, 'lost a key account'],
      ['rep', 'Cy', 'B', '2026-10', 40000, 50000, 42500, null, null],
    ]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['Item', 'Value']]), 'Summary');
    XLSX.utils.book_append_sheet(wb, ws, 'Targets');
    XLSX.writeFile(wb, targets);
    const out = join(tmp.dir, 'evaluation.xlsx');
    const r = await perfInProcess([...base, '--targets', targets, '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Bob: 100,000 → 75,000 (lost a key account)');
    const book = XLSX.readFile(out);
    expect(book.SheetNames).toEqual(['Evaluation', 'Attainment', 'Behaviour', 'Reward', 'Problems']);
    const att = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets.Attainment);
    expect(att.find((a) => a.Name === 'Bob')).toMatchObject({ 'Proposed target': 100000, 'Adjusted target': 75000, Note: 'lost a key account', 'Target used': 75000 });
    // Bob 90,000 on 75,000 = 120% → (90,000 − 86,250) × 5% = 187.5
    const reward = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets.Reward, { range: 2 });
    expect(reward.find((x) => x.Rep === 'Bob')).toMatchObject({ 'Amount in tier': 3750, Reward: 187.5 });
  });

  it('uses the adjusted target of a row whose target the forecast refused; a refused row left without one is not scored, and says so first', async () => {
    const targets = join(tmp.dir, 'refused.xlsx');
    const ws = XLSX.utils.aoa_to_sheet([
      ['Level', 'Name', 'Team', 'Period', 'Statistical forecast', 'Target', 'Floor', 'Adjusted target', 'Note'],
      ['rep', 'Ann', 'A', '2026-10', 90000, 'refused', null, null, null],
      ['rep', 'Cy', 'B', '2026-10', 0, 'refused', null, 45000, 'new territory'],
    ]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'Targets');
    XLSX.writeFile(wb, targets);
    const r = await perfInProcess([...base, '--targets', targets, '--json']);
    const j = JSON.parse(r.stdout) as { reps: Row[]; problems: { row: number; column: string; value: string }[]; checks: { code: string; message: { en: string; zh: string } }[] };
    // Cy: 30,000 against the manager's 45,000 = 66.7 %; Ann's refused row has no number to score against.
    const cy = j.reps.find((e) => e.name === 'Cy')!;
    expect(cy).toMatchObject({ actual: 30000, target: 45000, adjusted: 45000, note: 'new territory', band: 'below', targetStatus: 'sound' });
    expect(cy.attainment).toBeCloseTo(30000 / 45000, 10);
    expect(j.reps.find((e) => e.name === 'Ann')).toMatchObject({ target: null, targetStatus: 'refused', rewardStatus: 'refused', results: null, rank: null });
    // not "target is not an amount": the forecast refused it, and the manager is told where to give one
    expect(j.problems.filter((p) => p.column === 'target')).toEqual([]);
    const said = j.checks.filter((c) => c.code.startsWith('target_')).map((c) => c.message);
    expect(said.map((m) => m.en)).toEqual([
      `The forecast refused the 2026-10 target of Ann (${targets} row 2). Not scored, not ranked, no reward.`,
      // team A has no row of its own: the sum of its reps' targets holds Ann's refusal
      "The forecast refused the 2026-10 target of team A (the sum of its reps' targets, and the forecast refused that of Ann). Not scored, not ranked, no reward.",
      `To score or pay on such a target, fill in its "Adjusted target" in ${targets}.`,
    ]);
    expect(said.map((m) => m.zh)).toEqual([
      `预测拒绝了 Ann 的 2026-10 目标（${targets} 第 2 行）。不评分、不排名、不计奖励。`,
      '预测拒绝了 团队 A 的 2026-10 目标（为其销售目标之和，而预测拒绝了 Ann 的目标）。不评分、不排名、不计奖励。',
      `如需据此评分或计奖，请在 ${targets} 中填写其"调整后目标"。`]);
  });

  it('computes targets on the spot from the forecast when no --targets is given, and rejects a bad period', async () => {
    const r = await perfInProcess(['evaluate', '--deals', fixture('deals.csv'), '--activity', fixture('activity.csv'), '--team', fixture('teams.csv'), '--period', '2026-Q4', '--as-of', '2026-11-27', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { reps: Row[]; targetsFrom: string };
    expect(j.targetsFrom).toBe('forecast computed on the spot');
    expect(j.reps.filter((e) => e.target !== null).map((e) => e.name).sort()).toEqual(['Li Na', 'Wang Fang', 'Zhang Wei']);
    // the plan of 2026-09-30 refused West's October targets (a target of 0): their quarter is not scored
    expect(j.reps.filter((e) => e.targetStatus === 'refused').map((e) => e.name).sort()).toEqual(['Chen Jie', 'Liu Yang', 'Zhao Lei']);
    // Wang Fang's fake order OPP-000358 was signed in Q3, so it does not count here; nothing she signed in Q4 was reversed
    expect(j.reps.find((e) => e.name === 'Wang Fang')).toMatchObject({ reversed: 0 });
    const bad = await perfInProcess([...base.slice(0, 5), '--period', '2026-13']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--period must be a quarter (2026-Q4 or 2026Q4) or a month (2026-11)');
  });

  it('evaluates a running quarter to date against the pro-rated target, projects it with perf forecast, and pays no reward yet', async () => {
    const common = ['--team', fixture('teams.csv'), '--as-of', '2026-11-27', '--json'];
    const r = await perfInProcess(['evaluate', '--deals', fixture('deals.csv'), '--activity', fixture('activity.csv'), '--period', '2026-Q4', ...common]);
    const f = await perfInProcess(['forecast', fixture('deals.csv'), ...common]);
    const eve = await perfInProcess(['forecast', fixture('deals.csv'), '--team', fixture('teams.csv'), '--as-of', '2026-09-30', '--json']);
    expect([r.code, f.code, eve.code]).toEqual([0, 0, 0]);
    type Outlook = { wonToDate: number; rest: number; projected: number };
    type S = { id: string; outlook: { amount: Outlook }; targets: Record<string, { amount: { target: number } }> };
    const now = new Map((JSON.parse(f.stdout) as { series: S[] }).series.map((s) => [s.id, s]));
    const then = new Map((JSON.parse(eve.stdout) as { series: S[] }).series.map((s) => [s.id, s]));
    const j = JSON.parse(r.stdout) as { status: string; elapsed: number; formula: { en: string; zh: string }; reps: Row[]; teams: Row[] };
    // 2026-10-01 … 2026-11-27 = 58 of the quarter's 92 days, the as-of day included
    expect(j.status).toBe('running');
    expect(j.elapsed).toBeCloseTo(58 / 92, 4);
    expect(j.formula.en).toContain('attainment = won to date ÷ (target × 63%)');
    expect(j.formula.zh).toContain('区间按预计达成率');
    for (const e of [...j.reps, ...j.teams].filter((x) => x.targetStatus !== 'refused')) {
      const id = `${e.level}:${e.name}`;
      const target = then.get(id)!.targets['2026-Q4'].amount.target;
      const o = now.get(id)!.outlook.amount;
      expect(e.target).toBe(target);
      expect(e.actual).toBe(o.wonToDate);
      expect(e.expectedToDate).toBeCloseTo((target * 58) / 92, 1);
      expect(e.attainment).toBeCloseTo(o.wonToDate / ((target * 58) / 92), 3);
      // the rest is forecast with the methods of the plan that set the target (as pacing alerts do), not perf forecast's choice of today
      const projected = e.projected as number;
      expect(projected).toBeGreaterThanOrEqual(o.wonToDate);
      expect(e.projectedAttainment).toBeCloseTo(projected / target, 3);
      expect(e.bandBasis).toBe('projected');
      const pa = projected / target;
      expect(e.band).toBe(pa < 0.85 ? 'below' : pa > 1.15 ? 'above' : 'on');
      expect(e.reward as unknown).toBeNull();
    }
    // the team East: 311,300 won, 1,298,407 planned on 2026-09-30 → 818,561 due by now (38.0%); projected 755,310 (58.2%, as its pacing alert): below the floor
    expect(j.teams.find((t) => t.name === 'East')).toMatchObject({ actual: 311300, target: 1298407, projected: 755310, band: 'below' });
    // West's quarter holds a refused October: no target, no band, no score (not projected above the band as if sound)
    for (const e of [...j.reps, ...j.teams].filter((x) => x.targetStatus === 'refused')) expect(e).toMatchObject({ target: null, band: 'none', results: null, overall: null, rank: null });
    expect(j.teams.find((t) => t.name === 'West')).toMatchObject({ targetStatus: 'refused', proposed: 178361 });
    const text = await perfInProcess(['evaluate', '--deals', fixture('deals.csv'), '--activity', fixture('activity.csv'), '--period', '2026-Q4', '--team', fixture('teams.csv'), '--as-of', '2026-11-27']);
    expect(text.stdout).toContain('period running: provisional');
    expect(text.stdout).toContain('Band ±15% on the projected attainment');
    expect(text.stdout).toContain('No reward before the period closes.');
    // once the period is over the rule is the plain one: a closed month pays its reward
    const closed = JSON.parse((await perfInProcess([...base, '--targets', ev('targets.csv'), '--json'])).stdout) as { status: string; reps: Row[] };
    expect(closed.status).toBe('closed');
    expect(closed.reps[0]).toMatchObject({ bandBasis: 'final', projected: null, reward: { amount: 400 } });
  });

  it('reads a perf forecast targets workbook written in English and in Chinese alike', async () => {
    const read = async (lang: string) => {
      const book = join(tmp.dir, `targets-${lang}.xlsx`);
      const w = await perfInProcess(['--lang', lang, 'forecast', fixture('deals.csv'), '--team', fixture('teams.csv'), '--as-of', '2026-09-30', '-o', book]);
      expect(w.code).toBe(0);
      const r = await perfInProcess(['--lang', 'en', 'evaluate', '--deals', fixture('deals.csv'), '--activity', fixture('activity.csv'), '--team', fixture('teams.csv'), '--targets', book, '--period', '2026-Q4', '--as-of', '2026-11-27', '--json']);
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as { reps: Row[]; teams: Row[]; problems: unknown[] };
    };
    const en = await read('en');
    const zh = await read('zh');
    const zhBook = XLSX.readFile(join(tmp.dir, 'targets-zh.xlsx'));
    expect(zhBook.SheetNames).toContain('目标');
    expect(XLSX.utils.sheet_to_json<string[]>(zhBook.Sheets['目标'], { header: 1 }).some((row) => row.includes('调整后目标'))).toBe(true);
    const pick = (j: typeof en) => [...j.reps, ...j.teams].map((e) => [e.name, e.target, e.targetSource !== null]);
    expect(pick(zh)).toEqual(pick(en));
    // the targets are those perf forecast set on 2026-09-30: the same as computed on the spot
    const spot = JSON.parse((await perfInProcess(['evaluate', '--deals', fixture('deals.csv'), '--activity', fixture('activity.csv'), '--team', fixture('teams.csv'), '--period', '2026-Q4', '--as-of', '2026-11-27', '--json'])).stdout) as typeof en;
    expect(pick(zh).map(([n, t]) => [n, t])).toEqual(pick(spot).map(([n, t]) => [n, t]));
    expect(zh.teams.find((t) => t.name === 'East')!.target).toBe(1298407);
    // West's October targets were refused on 2026-09-30 (after its surge auto chose seasonal naive: last October's 0):
    // their quarter targets are refused with them (the forecast says so itself now); evaluate does not score them,
    // names each once with its quarter row in either language, and counts no problem.
    for (const j of [en, zh]) {
      expect(j.problems).toEqual([]);
      expect([...j.reps, ...j.teams].filter((e) => e.targetStatus === 'refused').map((e) => e.name)).toEqual(['Chen Jie', 'Liu Yang', 'Zhao Lei', 'West']);
    }
    const refusals = (j: typeof en) => ((j as unknown as { checks: { code: string; message: { en: string } }[] }).checks).filter((c) => c.code === 'target_refused').map((c) => c.message.en);
    expect(refusals(en).map((m) => Number(/row (\d+)/.exec(m)![1])).sort((a, b) => a - b)).toEqual([16, 32, 36, 40]);
    expect(refusals(en).join('\n')).toMatch(/targets-en\.xlsx row 40: its month 2026-10 was refused: a target of 0 for an active series/);
    expect(refusals(zh).join("\n")).toMatch(/targets-zh\.xlsx row 40: 其中 2026-10 的月目标被拒绝：在岗序列的目标为 0/);
  });
});

describe('perf evaluate: QA fixes', () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);
  const q4 = ['evaluate', '--deals', fixture('deals.csv'), '--team', fixture('teams.csv'), '--as-of', '2026-11-27'];

  it('fits the text report into 100 columns in both languages, shows the essential columns, and gives no target to a rep the plan did not know yet', async () => {
    const en = await perfInProcess([...q4, '--activity', fixture('activity.csv'), '--period', '2026-Q3']);
    const zh = await perfInProcess(['--lang', 'zh', ...q4, '--activity', fixture('activity.csv'), '--period', '2026-Q3']);
    expect([en.code, zh.code]).toEqual([0, 0]);
    expect(linesWiderThan(en.stdout)).toEqual([]);
    expect(linesWiderThan(zh.stdout)).toEqual([]);
    const lines = en.stdout.split('\n');
    const header = lines.find((l) => l.startsWith('#  Rep'))!;
    expect(header.split(/\s{2,}/).map((h) => h.trim())).toEqual(['#', 'Rep', 'Target', 'Won', 'Attainment', 'Band', 'Results', 'Behav.', 'Overall', 'Reward']);
    // the formula states the real rule: no "/ 1" when the cap is 1
    expect(en.stdout).toContain('results = 100 × min(attainment, 1); band ±15%');
    expect(en.stdout).not.toContain('/ 1');
    // Liu Yang's first deal was created 2026-09-24: the plan of 2026-06-30 did not know him, so he has no Q3 target at all
    const repRows = lines.slice(lines.indexOf(header) + 2, lines.indexOf(header) + 8);
    expect(repRows.map((l) => l.slice(0, 1))).toEqual(['1', '2', '3', '4', '5', '—']);
    expect(repRows[5]).toMatch(/Liu Yang\s+—\s+0\s+—/);
    expect(repRows[2]).toMatch(/3\s+Chen Jie\s+⚠ 49,407\s+219,700\s+445%\s+above\s+100\.0\s+58\.7\s+83\.5\s+withheld/);
    expect(en.stdout).toContain('no target for Liu Yang in 2026-Q3');
  });

  it('evaluates results only without --activity, with the note in text, JSON and workbook; accepts 2026Q4; says where it wrote on stderr', async () => {
    const book = join(tmp.dir, 'results-only.xlsx');
    const r = await perfInProcess(['--lang', 'zh', ...q4, '--period', '2026Q4', '-o', book]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('未评估行为（未提供 --activity）');
    expect(r.stdout).not.toContain('已写入');
    expect(r.stderr).toContain(`已写入 ${book}`);
    expect(linesWiderThan(r.stdout)).toEqual([]);
    const sheets = XLSX.readFile(book).Sheets;
    const rows = XLSX.utils.sheet_to_json<string[]>(sheets['综合评价'], { header: 1 });
    expect(rows.flat().join(' ')).toContain('未评估行为（未提供 --activity）：综合得分仅为业绩得分');
    // Q4 runs on 2026-11-27: the band is judged on the projection, which stands beside the attainment to date
    const header = rows.find((r) => r.includes('截至目前达成率'))!;
    expect(header.indexOf('预计达成率')).toBe(header.indexOf('截至目前达成率') + 1);
    // the level column is Chinese in a Chinese workbook, for teams as for reps
    const att = XLSX.utils.sheet_to_json<Record<string, unknown>>(sheets['目标达成']);
    expect([...new Set(att.map((a) => a['层级']))].sort()).toEqual(['团队', '销售']);
    // targets computed on the spot: the source names the forecast, no "row 0" leftover
    expect(att.find((a) => a['名称'] === 'Li Na')!['目标来源']).toBe('2026-09-30 的预测');
    const j = JSON.parse((await perfInProcess([...q4, '--period', '2026Q4', '--json'])).stdout) as { period: { key: string }; behaviourScored: boolean; notes: { en: string }[]; reps: Row[] };
    expect(j.period.key).toBe('2026-Q4');
    expect(j.behaviourScored).toBe(false);
    expect(j.notes[0].en).toContain('Behaviour not scored (no --activity): the overall score is the results score alone');
    for (const e of j.reps) expect([e.behaviour, e.overall]).toEqual([null, e.results]);
    expect(j.reps.find((e) => e.name === 'Li Na')!.targetSource).toBe('forecast as of 2026-09-30');
    // Chen Jie, Liu Yang and Zhao Lei's quarters hold a refused month: not ranked
    expect(j.reps.filter((e) => e.rank !== null).length).toBe(3);
  });

  it('takes the deals export as its argument like every other command, or as --deals; refuses two, or none, saying how', async () => {
    const flag = await perfInProcess([...q4, '--period', '2026-Q4', '--json']);
    const arg = await perfInProcess(['evaluate', fixture('deals.csv'), '--team', fixture('teams.csv'), '--as-of', '2026-11-27', '--period', '2026-Q4', '--json']);
    expect(arg.code, arg.stderr).toBe(0);
    expect(arg.stdout).toBe(flag.stdout);
    const two = await perfInProcess(['evaluate', fixture('deals.csv'), '--deals', fixture('leads.csv'), '--period', '2026-Q4', '--as-of', '2026-11-27']);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain(`two deals exports given (${fixture('deals.csv')} and --deals ${fixture('leads.csv')}): give one`);
    const none = await perfInProcess(['--lang', 'zh', 'evaluate', '--period', '2026-Q4', '--as-of', '2026-11-27']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('evaluate 需要商机导出文件：sales-perf evaluate deals.csv --period 2026-Q4（或 --deals deals.csv）');
  });

  it('evaluates a file without amounts in won deals against the forecast\'s deal-count targets, without a reward', async () => {
    const noAmount = join(ROOT, 'test/fixtures/plan/no-amount.csv');
    const r = await perfInProcess(['evaluate', '--deals', noAmount, '--period', '2026-Q4', '--as-of', '2026-11-27', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { measure: string; notes: { en: string }[]; reps: (Record<string, unknown> & { name: string; target: number })[] };
    const eve = JSON.parse((await perfInProcess(['forecast', noAmount, '--as-of', '2026-09-30', '--json'])).stdout) as { measure: string; series: { id: string; targets: Record<string, { count: { target: number } }> }[] };
    expect([j.measure, eve.measure]).toEqual(['count', 'count']);
    for (const e of j.reps) {
      // the Q4 target in deals as perf forecast set it on the eve of the quarter; no Q4 win yet
      expect(e.target).toBe(eve.series.find((s) => s.id === `rep:${e.name}`)!.targets['2026-Q4'].count.target);
      expect(e.target).toBeGreaterThan(0);
      expect(e).toMatchObject({ actual: 0, deals: 0, attainment: 0, reward: null });
    }
    expect(j.notes.map((n) => n.en).join('\n')).toContain('The deals carry no amounts: targets, won, projected, floor and ceiling are in won deals; no reward is computed');
  });

  it('accepts 2026-Q4, 2026Q4 and 2026-11 only, and names the accepted forms when it refuses', async () => {
    for (const bad of ['2026-Q5', '2026q4', '2026-1', 'Q4-2026']) {
      const r = await perfInProcess([...base.slice(0, 5), '--period', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--period must be a quarter (2026-Q4 or 2026Q4) or a month (2026-11), not "${bad}"`);
    }
  });
});

describe('perf evaluate: issue 16', () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);
  const q3 = ['evaluate', '--deals', fixture('deals.csv'), '--activity', fixture('activity.csv'), '--team', fixture('teams.csv'), '--period', '2026-Q3', '--as-of', '2026-11-27'];

  it('scores Q3 behaviour over September only (the activity log starts 2026-09-01), says so first, and gives teams no reward', async () => {
    const out = join(tmp.dir, 'q3.xlsx');
    const r = await perfInProcess([...q3, '--json', '-o', out]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { behaviourMonths: string[]; reps: (Row & { behaviour: number; overall: number })[]; teams: Row[] };
    expect(j.behaviourMonths).toEqual(['2026-09']);
    // Zhang Wei: perf score gives her 93.0 in September; July and August no longer count as 0.0 →
    // behaviour 93.0 (not (0 + 0 + 93) ÷ 3 = 31.0), overall 0.6 × 100 + 0.4 × 93.0 = 97.2 (not 72.4)
    const zhang = j.reps.find((e) => e.name === 'Zhang Wei')!;
    expect([zhang.results, zhang.behaviour.toFixed(1), zhang.overall.toFixed(1)]).toEqual([100, '93.0', '97.2']);
    expect(zhang.overall).toBeCloseTo(0.6 * 100 + 0.4 * zhang.behaviour, 9);
    // both teams are above the band: no team reward, in JSON (null) as in the text and workbook (—)
    expect(j.teams.map((t) => [t.name, t.band, t.reward, t.rewardStatus])).toEqual([['East', 'above', null, 'team'], ['West', 'above', null, 'team']]);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(XLSX.readFile(out).Sheets.Evaluation, { header: 1 });
    const head = rows.findIndex((x) => x[0] === 'Level');
    const col = (rows[head] as string[]).indexOf('Reward');
    expect(rows.slice(head + 1).filter((x) => x[0] === 'team').map((x) => [x[1], x[col]])).toEqual([['East', '—'], ['West', '—']]);
    const text = await perfInProcess(q3);
    // Reports wrap at the terminal width: compare the text with its continuation lines joined.
    const joined = text.stdout.replace(/\n {2,}/g, ' ');
    const [before] = joined.split('\nReps');
    expect(before).toContain('Behaviour scored over 2026-09 only, for every rep: the activity log does not cover 2026-07, 2026-08.');
    expect(text.stdout).toMatch(/Zhang Wei .* 100\.0 +93\.0 +97\.2 /);
    expect(joined).toContain("Rewards are paid per rep; a team has none (—): its reps' rewards already pay for its deals.");
  });
});

describe('perf evaluate: targets the forecast doubted, and targets naming nobody', () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);
  const q3 = ['evaluate', fixture('deals.csv'), '--activity', fixture('activity.csv'), '--team', fixture('teams.csv'), '--period', '2026-Q3', '--as-of', '2026-11-27'];
  type Check = { code: string; message: { en: string; zh: string } };

  it('pays no reward on targets the plan of 2026-06-30 called unreliable, and says why before the ranks, in text, JSON and workbook', async () => {
    // that plan: "Targets unreliable" (every series' history ends in a collapse) and Chen Jie and Zhao Lei outside 50%–200%
    const j = JSON.parse((await perfInProcess([...q3, '--json'])).stdout) as { reps: Row[]; checks: Check[] };
    // Liu Yang's first deal came after 2026-06-30: no target to doubt
    for (const e of j.reps.filter((e) => e.name !== 'Liu Yang')) expect(e).toMatchObject({ targetStatus: 'unreliable', reward: null, rewardStatus: 'unreliable' });
    expect(j.reps.find((e) => e.name === 'Liu Yang')).toMatchObject({ target: null, reward: null });
    // still scored and shown: Zhao Lei 304,100 on 15,807
    expect(j.reps.find((e) => e.name === 'Zhao Lei')).toMatchObject({ actual: 304100, target: 15807, band: 'above', results: 100 });
    const said = j.checks.filter((c) => c.code.startsWith('target_')).map((c) => c.message.en);
    expect(said[0]).toBe(
      'The forecast calls every 2026-Q3 target unreliable: the history ends in a level shift (the company collapse to 38%, team East collapse to 44%, team West collapse to 21% of the 3 months before). Scored and marked ⚠; no reward is paid on them.',
    );
    expect(said[2]).toBe(
      "The forecast calls the 2026-Q3 target of Zhao Lei unreliable: 2026-Q3's target is 28% of the rep's trailing-four-quarter average 56,500 (outside 50%–200%). Scored and marked ⚠; no reward is paid on it.",
    );
    expect(said[3]).toContain('write that plan (sales-perf forecast --as-of 2026-06-30 -o targets.xlsx), fill in its "Adjusted target"');
    const text = await perfInProcess([...q3, '--width', '100']);
    expect(linesWiderThan(text.stdout)).toEqual([]);
    const [checks, rest] = text.stdout.split('\nReps');
    expect(checks).toContain('The forecast calls every 2026-Q3 target unreliable');
    expect(rest).toMatch(/4\s+Zhao Lei\s+⚠ 15,807\s+304,100\s+1,924%\s+above\s+100\.0\s+34\.\d\s+7\d\.\d\s+withheld/);
    const zh = await perfInProcess(['--lang', 'zh', ...q3]);
    expect(zh.stdout.split('\n销售')[0].replace(/\n\s+/g, '')).toContain('预测认为所有 2026-Q3 目标都不可靠：历史末尾出现水平突变（公司骤降至 38%');
    const book = join(tmp.dir, 'q3.xlsx');
    expect((await perfInProcess([...q3, '-o', book])).code).toBe(0);
    const sheet = XLSX.readFile(book).Sheets.Evaluation;
    expect(XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1 }).flat().join('\n')).toContain('caveat: The forecast calls every 2026-Q3 target unreliable');
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(sheet, { range: XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1 }).findIndex((r) => r[0] === 'Level') });
    expect(rows.find((r) => r.Name === 'Zhao Lei')).toMatchObject({ Reward: 'withheld: target unreliable' });
    expect(String(rows.find((r) => r.Name === 'Zhao Lei')!['Target status'])).toContain('⚠ unreliable: the history ends in a level shift');
  });

  it('leaves out a targets row whose name is nobody in the data, says which rep it probably means first, and scores no made-up rep', async () => {
    const tg = join(tmp.dir, 'tg.csv');
    writeFileSync(tg, 'level,name,period,target\nrep,zhang wei,2026-Q4,500000\nrep,Wang Fnag,2026-Q4,300000\nrep,Li Na,2026-Q4,400000\n');
    const r = await perfInProcess(['evaluate', fixture('deals.csv'), '--period', '2026-Q4', '--as-of', '2026-11-27', '--targets', tg]);
    expect(r.code).toBe(0);
    const [wrapped, rest] = r.stdout.split('\nReps');
    const checks = wrapped.replace(/\n\s+/g, ' ');
    expect(checks).toContain(`${tg} row 2: "zhang wei" is no rep in the deals, the activity log or the roster: did you mean "Zhang Wei" (the same name written`);
    expect(checks).toContain(`${tg} row 3: "Wang Fnag" is no rep in the deals, the activity log or the roster: did you mean "Wang Fang" (a near spelling)?`);
    expect(rest.split('\nProblems')[0]).not.toMatch(/zhang wei|Wang Fnag/);
    expect(rest).toMatch(/1\s+Li Na\s+400,000/);
    const j = JSON.parse((await perfInProcess(['evaluate', fixture('deals.csv'), '--period', '2026-Q4', '--as-of', '2026-11-27', '--targets', tg, '--json'])).stdout) as { reps: Row[]; problems: { row: number; code: string }[] };
    expect(j.reps.map((e) => e.name)).toEqual(['Chen Jie', 'Li Na', 'Liu Yang', 'Wang Fang', 'Zhang Wei', 'Zhao Lei']);
    expect(j.problems.filter((p) => p.code === 'target_near_miss').map((p) => p.row)).toEqual([2, 3]);
    // --strict counts them
    expect((await perfInProcess(['--strict', 'evaluate', fixture('deals.csv'), '--period', '2026-Q4', '--as-of', '2026-11-27', '--targets', tg])).code).toBe(4);
  });
});

describe('perf evaluate: the workbook\'s money', () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);
  const config = join(tmp.dir, 'perf.config.json');
  writeFileSync(config, JSON.stringify({ currency: '¥' }));

  const book = async (file: string) => {
    const { default: Excel } = await import('exceljs');
    const wb = new Excel.Workbook();
    await wb.xlsx.readFile(file);
    return wb;
  };
  /** The number cells under a column's header, wherever the sheet's table starts. */
  const numbersUnder = (wb: ExcelJS.Workbook, sheet: string, header: string): ExcelJS.Cell[] => {
    const ws = wb.getWorksheet(sheet)!;
    let head = 0;
    let col = 0;
    ws.eachRow((row, n) => {
      const i = (row.values as unknown[]).indexOf(header);
      if (!head && i > 0) [head, col] = [n, i];
    });
    return Array.from({ length: ws.rowCount - head }, (_, i) => ws.getRow(head + 1 + i).getCell(col)).filter((c) => typeof c.value === 'number');
  };

  // Floors and ceilings are the target ∓ 15% to the cent (Chen Jie's 49,407 → 41,995.95): they printed as
  // 41995.95 where the forecast workbook prints its target, floor and bonus threshold as ¥41,996.
  it('shows targets, floors, ceilings and projections as the forecast workbook does: whole amounts in the run\'s currency', async () => {
    const run = ['--config', config, '--as-of', '2026-11-27'];
    const evaluation = join(tmp.dir, 'evaluation.xlsx');
    const forecast = join(tmp.dir, 'forecast.xlsx');
    expect((await perfInProcess(['evaluate', fixture('deals.csv'), '--period', '2026-Q4', ...run, '-o', evaluation])).code).toBe(0);
    expect((await perfInProcess(['forecast', fixture('deals.csv'), ...run, '-o', forecast])).code).toBe(0);

    const fwb = await book(forecast);
    const figure = (label: RegExp) => {
      let fmt: string | undefined;
      fwb.getWorksheet('Summary')!.eachRow((row) => {
        if (label.test(String(row.getCell(1).value))) fmt = row.getCell(2).numFmt;
      });
      return fmt;
    };
    const forecastFormats = [figure(/company target$/), figure(/^Floor/), figure(/^Bonus threshold/), figure(/projected by quarter end$/)];
    expect(forecastFormats).toEqual(Array(4).fill('"¥"#,##0'));

    const ewb = await book(evaluation);
    for (const name of ['Proposed target', 'Target used', 'Floor', 'Ceiling', 'Target to date', 'Projected']) {
      const cells = numbersUnder(ewb, 'Attainment', name);
      expect(cells.length, name).toBeGreaterThan(0);
      for (const c of cells) expect(c.numFmt, `${name} ${c.address}`).toBe(forecastFormats[0]);
    }
    // The cell keeps its cents; only the shown figure is whole.
    expect(numbersUnder(ewb, 'Attainment', 'Floor').some((c) => !Number.isInteger(c.value))).toBe(true);
    // Won amounts are what was signed: shown with their cents when they have any, as in the forecast's Won history.
    for (const c of numbersUnder(ewb, 'Attainment', 'Won amount')) expect(c.numFmt).toMatch(/^"¥"#,##0(\.0+)?$/);
  });

  it('shows rewards in whole amounts, as the text report does', async () => {
    // Bob: 90,000 on 75,000 = 120% → (90,000 − 86,250) × 5% = 187.5, "188" in the text
    const targets = join(tmp.dir, 'bob.csv');
    writeFileSync(targets, 'level,name,period,target\nrep,Bob,2026-10,75000\n');
    const out = join(tmp.dir, 'rewards.xlsx');
    const r = await perfInProcess([...base, '--config', config, '--targets', targets, '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Bob .* 188\n/);
    const wb = await book(out);
    const cells = [...numbersUnder(wb, 'Evaluation', 'Reward'), ...numbersUnder(wb, 'Reward', 'Reward'), ...numbersUnder(wb, 'Reward', 'Amount in tier')];
    expect(cells.map((c) => c.value)).toEqual([187.5, 187.5, 3750]);
    for (const c of cells) expect(c.numFmt, c.address).toBe('"¥"#,##0');
  });
});
