import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, perfInProcess, ROOT, tempDir } from './helpers.js';
import { linesWiderThan } from './terminal-width.js';

const audit = (name: string) => join(ROOT, 'test/fixtures/audit', name);
interface JFlag {
  kind: string;
  rep?: string;
  team?: string;
  period?: string;
  evidence: { row: number; id: string }[];
}
const run = async (args: string[]) => {
  const r = await perfInProcess(['audit', ...args, '--json']);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { flags: JFlag[]; counts: Record<string, number> };
};
interface Score {
  rep: string;
  results: number | null;
  behaviour: number | null;
  wonAmount: number;
}
const summary = (flags: JFlag[]) => flags.map((f) => `${f.kind}:${f.rep ?? f.team}:${f.period ?? ''}`);

describe('perf audit', () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);

  // The audit log holds only calls and visits, so perf score rates every rep low (needs analyses, demos,
  // objection logs never happen); Dan, with a fifth of the others' calls, scores far below them: the
  // single-KPI check runs here with behaviourLow = 10.
  const lowBar = () => {
    const path = join(tmp.dir, 'low-bar.json');
    writeFileSync(path, JSON.stringify({ audit: { behaviourLow: 10 } }));
    return ['--config', path];
  };

  it('counts in its headline with singular nouns for one (one won deal, one rep, one team, one flag)', async () => {
    const path = join(tmp.dir, 'one.csv');
    writeFileSync(path, 'Opportunity ID,Owner,Account,Stage,Amount,Created Date,Close Date\nO1,Ann,Acme,Won,100,2026-03-02,2026-03-10\n');
    const r = await perfInProcess(['audit', path, '--as-of', '2026-03-20']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Audit as of 2026-03-20: 1 won deal of 1 row, 1 rep, 1 team — 0 flags');
  });

  it('flags nothing in the clean fixture, where Bob has a naturally strong December', async () => {
    expect((await run([audit('clean.csv'), '--as-of', '2026-01-15'])).flags).toEqual([]);
    // the activity log plants one rep with high results and few touches: the only flag
    const j = (await run([audit('clean.csv'), '--activity', audit('activity.csv'), '--as-of', '2026-01-15', ...lowBar()])) as Awaited<ReturnType<typeof run>> & { scores: Score[] };
    // Dan's high results and few touches would be the only flag, but the forecast refused his target (a history
    // this even has no spread): a results score against it is none, and the audit says so instead of flagging
    expect(summary(j.flags)).toEqual([]);
    const dan = j.scores.find((s) => s.rep === 'Dan')!;
    expect(dan.behaviour).toBeLessThan(10);
    expect(dan.results).toBeNull();
    expect((j as unknown as { checks: { code: string; message: { en: string } }[] }).checks).toContainEqual(
      expect.objectContaining({ code: 'single_kpi_not_judged', message: expect.objectContaining({ en: 'single-KPI risk not judged for Dan, Eve: the forecast refused their targets for 2025-10…2026-01 (see sales-perf evaluate)' }) }),
    );
    expect(Math.min(...j.scores.filter((s) => s.rep !== 'Dan').map((s) => s.behaviour!))).toBeGreaterThanOrEqual(10);
  });

  it('catches the planted cramming, reversals, duplicate, split and the deal without activity', async () => {
    const j = await run([audit('planted.csv'), '--activity', audit('activity.csv'), '--as-of', '2026-01-15', ...lowBar()]);
    expect(summary(j.flags)).toEqual([
      'cramming:Cat:2025-06',
      'cramming:Cat:2025-Q2',
      'cramming:North:2025-06',
      'cramming:North:2025-Q2',
      'reversal:Ann:2025-Q1',
      'reversal:Cat:2025-Q2',
      'reversal:Eve:2024-Q3',
      'duplicate:Eve:',
      'no_activity:Dan:',
      'fast_close:Cat:',
      'split:Dan:',
      'single_kpi:Dan:',
    ]);
    expect(j.flags[0].evidence.map((e) => e.row)).toEqual([395, 396, 397, 398, 399]);
    expect(j.flags.find((f) => f.kind === 'reversal' && f.rep === 'Ann')!.evidence.map((e) => e.row)).toEqual([400, 401]);
    expect(j.flags.some((f) => f.rep === 'Bob')).toBe(false);
  });

  it('shows no amount share, not 0.0%, for deals without amounts, and says so first', async () => {
    const csv = join(tmp.dir, 'no-amount.csv');
    // The planted export without its Amount column: the same cramming by count.
    const text = (await import('node:fs')).readFileSync(audit('planted.csv'), 'utf8');
    writeFileSync(csv, text.split('\n').map((l) => l.split(',').filter((_, i) => i !== 5).join(',')).join('\n'));
    const j = (await run([csv, '--as-of', '2026-01-15', ...lowBar()])) as unknown as {
      concentration: { unit: string; amountShare: number | null }[];
      checks: { code: string }[];
      flags: (JFlag & { message: { en: string } })[];
    };
    expect(j.checks.map((c) => c.code)).toContain('measure');
    expect(j.concentration.every((p) => p.amountShare === null)).toBe(true);
    const cramming = j.flags.find((f) => f.kind === 'cramming' && f.rep === 'Cat')!;
    expect(cramming.message.en).not.toContain('of the amount');
    const text80 = (await perfInProcess(['audit', csv, '--as-of', '2026-01-15', ...lowBar()])).stdout;
    expect(text80).not.toMatch(/0\.0% of the amount/);
    // The workbook's first sheet opens with the same checks.
    const book = join(tmp.dir, 'no-amount.xlsx');
    expect((await perfInProcess(['audit', csv, '--as-of', '2026-01-15', ...lowBar(), '-o', book])).code).toBe(0);
    const first = XLSX.readFile(book);
    const lines = XLSX.utils.sheet_to_json<unknown[]>(first.Sheets[first.SheetNames[0]], { header: 1 }).map((r) => String(r[0] ?? ''));
    expect(lines.slice(0, 6).join('\n')).toContain('read as: the deals have no amount column: the audit counts deals');
  });

  it('scores single-KPI risk with perf evaluate\'s results score and perf score\'s behaviour score', async () => {
    // --as-of 2026-09-30: the activity log up to then covers September only, so the audit's scores are
    // exactly those of perf evaluate --period 2026-09 (targets of perf forecast as of 2026-06-30).
    const common = ['--team', fixture('teams.csv'), '--as-of', '2026-09-30', '--json'];
    const a = await perfInProcess(['audit', fixture('deals.csv'), '--activity', fixture('activity.csv'), ...common]);
    const e = await perfInProcess(['evaluate', '--deals', fixture('deals.csv'), '--activity', fixture('activity.csv'), '--period', '2026-09', ...common]);
    expect([a.code, e.code]).toEqual([0, 0]);
    const scores = (JSON.parse(a.stdout) as { scores: Score[] }).scores;
    const reps = (JSON.parse(e.stdout) as { reps: { name: string; results: number | null; behaviour: number | null; actual: number }[] }).reps;
    expect(scores.map((s) => [s.rep, s.results, s.behaviour, s.wonAmount])).toEqual(reps.map((r) => [r.name, r.results, r.behaviour, r.actual]));
    // Zhao Lei: results 100 (173,300 signed, above target) but a behaviour score of 34.8, below 50
    const flags = (JSON.parse(a.stdout) as { flags: (JFlag & { score: number; value: number })[] }).flags.filter((f) => f.kind === 'single_kpi');
    // scores travel unrounded; 34.8 is the behaviour score as reports print it (one decimal)
    expect(flags.map((f) => [f.rep, f.score, f.value.toFixed(1)])).toEqual([['Zhao Lei', 100, '34.8']]);
    // ... against a target the plan of 2026-06-30 called unreliable: the flag stands, its caveat said first
    const checks = (JSON.parse(a.stdout) as { checks: { code: string; message: { en: string } }[] }).checks;
    expect(checks.find((c) => c.code === 'single_kpi_unreliable_target')?.message.en).toMatch(/^the single-KPI flag of Zhao Lei rests on a results score against a 2026-09 target the forecast called unreliable/);
    const zhao = reps.find((r) => r.name === 'Zhao Lei')!;
    expect([zhao.results, zhao.behaviour!.toFixed(1), zhao.actual]).toEqual([100, '34.8', 173300]);
  });

  it('flags Wang Fang in the shipped fixture: cramming, the three fake orders reversed and closed in 1–2 days', async () => {
    const out = join(tmp.dir, 'audit.xlsx');
    const r = await perfInProcess(['audit', fixture('deals.csv'), '--activity', fixture('activity.csv'), '--team', fixture('teams.csv'), '--as-of', '2026-11-27', '-o', out]);
    expect(r.code).toBe(0);
    // the text report fits 100 columns; the quarter table says it leaves the running quarter out, as the flags do
    expect(linesWiderThan(r.stdout)).toEqual([]);
    expect(r.stdout).toContain('Quarter-end concentration (complete quarters only');
    expect(r.stdout.replace(/\n\s+/g, ' ')).toContain('Wang Fang: 10 of 40 won deals in complete quarters (25.0%');
    // amounts with thousands separators, scores with one decimal everywhere
    expect(r.stdout.replace(/\n\s+/g, ' ')).toContain('OPP-000107 (Wang Fang, Nanjing Hengtong Electronics Co., Ltd., 120,000)');
    // Zhao Lei's 2026-10 target was refused by the forecast: no results score for the span, no single-KPI flag, said first
    expect(r.stdout).toMatch(/│ Zhao Lei\s+│\s+279,400 │\s+— │\s+27\.8 │/);
    expect(r.stdout.replace(/\n\s+/g, ' ')).toContain('single-KPI risk not judged for Chen Jie, Liu Yang, Zhao Lei: the forecast refused their 2026-10 targets');
    expect(r.stdout).not.toContain('[single-KPI risk]');
    expect(r.stdout).not.toContain('wrote');
    expect(r.stderr).toContain(`wrote ${out}`);
    const wb = XLSX.readFile(out);
    expect(wb.SheetNames).toEqual(['Summary', 'Flags', 'Evidence', 'Problems']);
    const flags = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets.Flags);
    const fake = ['OPP-000107', 'OPP-000277', 'OPP-000358'];
    const reversed = flags.filter((f) => f.Kind === 'period-end deal reversed');
    expect(reversed.filter((f) => f.Rep === 'Wang Fang').map((f) => fake.some((id) => String(f.Finding).startsWith(id)))).toEqual([true, true, true]);
    // a genuine refund (1% of deals are refunded in the generator) that happened to be signed on a quarter's last day
    expect(reversed.filter((f) => f.Rep !== 'Wang Fang').map((f) => f.Rep)).toEqual(['Zhang Wei']);
    const fast = flags.filter((f) => f.Kind === 'unusually fast close');
    expect(fast.map((f) => f.Rep)).toEqual(['Wang Fang', 'Wang Fang', 'Wang Fang']);
    const cramming = flags.filter((f) => f.Kind === 'period-end cramming');
    expect(new Set(cramming.map((f) => f.Rep))).toEqual(new Set(['Wang Fang']));
    const evidence = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets.Evidence);
    expect(evidence.filter((e) => e.Flag === cramming[0].ID).every((e) => e.Rep === 'Wang Fang')).toBe(true);
  });

  it('speaks Chinese and refuses to overwrite without --force', async () => {
    const out = join(tmp.dir, 'zh.json');
    const r = await perfInProcess(['--lang', 'zh', 'audit', fixture('deals-zh.gbk.csv'), '--as-of', '2026-11-27', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('期末突击签单');
    expect(r.stdout).toContain('王芳');
    const again = await perfInProcess(['audit', fixture('deals.csv'), '--as-of', '2026-11-27', '-o', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
  });

  // The pair in test/fixtures/audit/previous: old.csv taken 2026-09-20, new.csv 2026-11-20. Quarter ends' last 3 days:
  // 06-28…06-30 and 09-28…09-30. P01 won 06-30 → lost; P02 won 06-29 → reopened for 10-15; P03 won 06-28 → deleted;
  // P06 open for 10-20 → won 09-29 → cancelled 10-12. Not evidence: P04 (06-27, a day before the window, lost), P05
  // (won and cancelled in new.csv alone: the reversal check's), P07 (pulled in, won, still won), P08 (expected in the
  // quarter all along), P09 (unchanged), P10 (new).
  it('--previous: quarter-end wins since lost, reopened, deleted, or pulled in and cancelled are cramming evidence, said first', async () => {
    const dir = join(ROOT, 'test/fixtures/audit/previous');
    const args = ['audit', join(dir, 'new.csv'), '--previous', join(dir, 'old.csv'), '--as-of', '2026-11-20'];
    const r = await perfInProcess([...args, '--json']);
    // old.csv ends 2026-08-03, over three months before --as-of: old on purpose, so not refused as stale
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { previous: unknown; checks: { code: string; message: { en: string } }[]; flags: (Omit<JFlag, 'evidence'> & { level: string; value: number; evidence: { file: string; row: number; id: string }[] })[] };
    expect(j.previous).toEqual({ file: join(dir, 'old.csv'), matched: 8, undone: 4 });
    const deals = j.flags.filter((f) => f.kind === 'cramming' && f.level === 'deal');
    // value: days before the quarter's last day; evidence: the win's row in old.csv (or new.csv when won there), then new.csv's row
    expect(deals.map((f) => [f.evidence[0].id, f.rep, f.period, f.value, f.evidence.map((e) => `${e.file}:${e.row}`).join(' ')])).toEqual([
      ['P01', 'Ann', '2026-Q2', 0, 'previous:2 deals:2'],
      ['P02', 'Ann', '2026-Q2', 1, 'previous:3 deals:3'],
      ['P03', 'Bob', '2026-Q2', 2, 'previous:4'],
      ['P06', 'Cat', '2026-Q3', 1, 'deals:6'],
    ]);
    expect(j.checks.find((c) => c.code === 'previous_compared')?.message.en).toBe(
      `compared with ${join(dir, 'old.csv')} (--previous) by deal id, 8 deals in both: 4 wins in the last 3 days of a quarter since lost, reopened, cancelled or deleted — flagged as cramming evidence`,
    );
    // wrapped lines joined
    const text = (await perfInProcess(args)).stdout.replace(/\n +/g, ' ');
    expect(text.indexOf('(--previous) by')).toBeLessThan(text.indexOf('Audit as of'));
    expect(text.indexOf('With --previous')).toBeLessThan(text.indexOf('Quarter-end concentration'));
    expect(text).toContain('pulled in from an expected close of 2026-10-20 in --previous; now cancelled on 2026-10-12');
    expect(text).toContain('rows: 2 · rows in --previous: 2');
  });
});
