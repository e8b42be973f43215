import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, perf, ROOT, tempDir } from './helpers.js';

const ev = (name: string) => join(ROOT, 'test/fixtures/evaluate', name);
const base = ['evaluate', '--deals', ev('deals.csv'), '--activity', ev('activity.csv'), '--period', '2026-10', '--as-of', '2026-11-05'];
type Row = Record<string, unknown> & { name: string; reward: { amount: number } };

describe('perf evaluate', () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);

  it('computes attainment, band, scores, reward and ranks by hand from a targets CSV', () => {
    const r = perf([...base, '--targets', ev('targets.csv'), '--json']);
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
    for (const e of j.reps) expect(e.overall).toBeCloseTo(Math.round((0.6 * (e.results as number) + 0.4 * (e.behaviour as number)) * 10) / 10, 5);
    expect(j.reps.map((e) => e.rank)).toEqual([1, 2, 3]);
    // team A has its own row; team B falls back to the sum of its reps' targets
    expect(j.teams.map((t) => [t.name, t.actual, t.target, t.band])).toEqual([['A', 190000, 200000, 'on'], ['B', 30000, 50000, 'below']]);
    expect(j.teams[0].behaviour).toBeCloseTo(((ann.behaviour as number) + (bob.behaviour as number)) / 2, 1);
  });

  it('reads back a forecast-style targets workbook with the manager\'s adjusted target and note, and writes the evaluation workbook', () => {
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
    const r = perf([...base, '--targets', targets, '-o', out]);
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

  it('computes targets on the spot from the forecast when no --targets is given, and rejects a bad period', () => {
    const r = perf(['evaluate', '--deals', fixture('deals.csv'), '--activity', fixture('activity.csv'), '--team', fixture('teams.csv'), '--period', '2026-Q4', '--as-of', '2026-11-27', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { reps: Row[]; targetsFrom: string };
    expect(j.targetsFrom).toBe('forecast computed on the spot');
    expect(j.reps.filter((e) => e.target !== null).map((e) => e.name).sort()).toEqual(['Chen Jie', 'Li Na', 'Liu Yang', 'Wang Fang', 'Zhang Wei', 'Zhao Lei']);
    // Wang Fang's fake order OPP-000358 was signed in Q3, so it does not count here; nothing she signed in Q4 was reversed
    expect(j.reps.find((e) => e.name === 'Wang Fang')).toMatchObject({ reversed: 0 });
    const bad = perf([...base.slice(0, 5), '--period', '2026-13']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--period must look like 2026-Q4 or 2026-11');
  });
});
