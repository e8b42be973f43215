import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { perfInProcess, tempDir } from './helpers.js';
import { linesWiderThan } from './terminal-width.js';

const DIR = resolve(import.meta.dirname, '../fixtures/changes');
const OLD = join(DIR, 'old.csv');
const NEW = join(DIR, 'new.csv');
const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** A sheet's rows as arrays, from its header row on (the notes above it skipped). */
const table = (wb: XLSX.WorkBook, name: string, firstHeader: string) => {
  const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[name], { header: 1 });
  return rows.slice(rows.findIndex((r) => r[0] === firstHeader));
};

describe('perf changes', () => {
  it('prints the waterfall, its balance and the deals behind each bucket, within 100 columns', async () => {
    const r = await perfInProcess(['changes', OLD, NEW, '--as-of', '2026-12-01']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Window 2026-Q4 (2026-10-01 – 2026-12-31): the quarter holding --as-of 2026-12-01.');
    // the caveat comes before the numbers
    expect(r.stdout.indexOf('1 open deal in NEW has no expected close date')).toBeLessThan(r.stdout.indexOf('Start '));
    expect(r.stdout).toMatch(/^Start {14}█+ +10,400\.50 {2}10 deals$/m);
    expect(r.stdout).toMatch(/^Pushed out .*−2,350\.00 {2}2 deals$/m);
    expect(r.stdout).toMatch(/^End {16}█+ +5,450\.50 {2}8 deals$/m);
    expect(r.stdout).toContain('= end, to the cent ✓');
    expect(r.stdout).toMatch(/│ Ann │ 4,251 │ 1,250 │ +200 │ +2,250 │ +500 │ +0 │ +900 │ 2,051 │/);
    expect(r.stdout).toMatch(/│ Ann │ +1 │ +1 │ +0 │ +1 │ +1\.0 │ +2,000\.00 │/);
    expect(r.stdout).toMatch(/│ Cat │ +1 │ +1 │ +1 │ +— │ +— │ +350\.00 │/);
    expect(r.stdout).not.toContain('repeated pusher');
    expect(r.stdout).toContain('  D02          Ann                2026-12-31→2027-01-01 2,000.00              Proposal');
    expect(r.stdout).toContain('  D09          Ann→Bob            2026-11-30            900.00→1,000.00       Proposal');
    expect(linesWiderThan(r.stdout)).toEqual([]);
  });

  it('speaks Chinese on the Chinese pair and fits 100 columns', async () => {
    const r = await perfInProcess(['--lang', 'zh', 'changes', join(DIR, 'zh-old.csv'), join(DIR, 'zh-new.csv'), '--period', '2026-Q4']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('窗口 2026-Q4（2026-10-01 – 2026-12-31）：由 --period 指定');
    expect(r.stdout).toMatch(/^推迟出窗 .*−2,350\.00 {2}2 个$/m);
    expect(linesWiderThan(r.stdout)).toEqual([]);
  });

  it('writes JSON in cents that balances, and the workbook with one sheet per bucket', async () => {
    const j = JSON.parse((await perfInProcess(['changes', OLD, NEW, '--as-of', '2026-12-01', '--json'])).stdout);
    expect(j.window).toMatchObject({ quarter: '2026-Q4', start: '2026-10-01', end: '2026-12-31', rule: 'as_of', basis: '2026-12-01' });
    expect(j.total).toMatchObject({ start: 1040050, end: 545050, balanced: true });
    expect(j.total.buckets.won).toBe(530000);
    expect(j.levels.flatMap((l: { groups: { balanced: boolean }[] }) => l.groups.map((g) => g.balanced))).not.toContain(false);
    expect(j.checks.filter((c: { code: string }) => c.code === 'undated_open')).toEqual([
      { code: 'undated_open', status: 'guessed', file: null, message: { en: '1 open deal in NEW has no expected close date and is in no window', zh: '新导出中 1 个未结商机没有预计成交日期，不属于任何窗口' } },
    ]);
    expect(j.deals.find((d: { id: string }) => d.id === 'D02')).toMatchObject({ daysPushed: 1, old: { date: '2026-12-31' }, new: { date: '2027-01-01' } });

    const out = join(tmp.dir, 'changes.xlsx');
    const r = await perfInProcess(['changes', OLD, NEW, '--as-of', '2026-12-01', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`wrote ${out}`);
    // the waterfall chart is embedded as a picture
    expect(readFileSync(out).includes('xl/media/image1.png')).toBe(true);
    const wb = XLSX.readFile(out);
    expect(wb.SheetNames).toEqual([
      'Waterfall', 'Created', 'Pulled in', 'Reopened', 'Amount increased', 'Amount decreased', 'Pushed out', 'Moved earlier', 'Won', 'Lost', 'Deleted',
      'Stage and owner', 'Slippage', 'Problems',
    ]);
    const summary = table(wb, 'Waterfall', 'Level');
    expect(summary[1]).toEqual(['company', 'Company', 10400.5, 1700, 2350, 600, 0, 800, 200, 0, 2350, 250, 5300, 1500, 800, 5450.5, '✓']);
    const pushed = table(wb, 'Pushed out', 'Deal');
    expect(pushed.slice(1).map((row) => [row[0], row[1], row[2]])).toEqual([['D02', 2000, 'Ann'], ['D16', 350, 'Cat']]);
    // an existing output is kept without --force
    const again = await perfInProcess(['changes', OLD, NEW, '--as-of', '2026-12-01', '-o', out]);
    expect(again.code).toBe(2);
  });

  it('refuses a bad period, and an export listing a deal id twice, with exit 2 and the fix', async () => {
    const bad = await perfInProcess(['changes', OLD, NEW, '--period', '2026-13']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--period must be a quarter like 2026-Q4, not "2026-13"');
    const dup = join(tmp.dir, 'dup.csv');
    writeFileSync(dup, readFileSync(NEW, 'utf8') + 'D01,Ann,T1,Negotiation,5,2026-08-01,,2026-11-15\n');
    const r = await perfInProcess(['changes', OLD, dup, '--as-of', '2026-12-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('row 19: "D01" — duplicate id: already used on row 2');
    expect(r.stdout).toBe('');
  });

  it('refuses OLD in ¥ and NEW in $ with exit 2 (no currency conversion), naming both files', async () => {
    const usd = join(tmp.dir, 'usd.csv');
    writeFileSync(usd, readFileSync(join(DIR, 'cny-new.csv'), 'utf8').replaceAll('¥', '$'));
    const r = await perfInProcess(['changes', join(DIR, 'cny-old.csv'), usd, '--as-of', '2026-12-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(DIR, 'cny-old.csv')} has amounts in CNY, ${usd} in USD: perf does not convert currencies`);
    expect(r.stdout).toBe('');
  });

  describe('from a field history', () => {
    const HIST = join(DIR, 'history');
    const args = (history: string, deals: string) => ['changes', '--history', join(HIST, history), '--from', '2026-10-15', '--to', '2026-12-01', join(HIST, deals)];
    /** The JSON without what names the inputs: files, checks, source rows. */
    const comparable = (j: { total: unknown; levels: unknown; deals: { old: { row: number } | null; new: { row: number } | null }[]; window: { quarter: string } }) => ({
      quarter: j.window.quarter,
      total: j.total,
      levels: j.levels,
      deals: j.deals.map((d) => ({ ...d, old: d.old && { ...d.old, row: 0 }, new: d.new && { ...d.new, row: 0 } })),
    });

    it('rebuilds the planted pair from one export and its log, to the same waterfall, groups and deals', async () => {
      // deals.csv is the export of 2026-12-10: NEW's state, plus later changes the log undoes (D01 1,300, D10 → Ann,
      // D11 won, D19 created), and D05 with its 作废/deleted entry; D14's win is logged at 23:30 Shanghai on --to.
      const h = await perfInProcess([...args('history.csv', 'deals.csv'), '--json']);
      expect(h.code).toBe(0);
      const j = JSON.parse(h.stdout);
      const pair = JSON.parse((await perfInProcess(['changes', OLD, NEW, '--period', '2026-Q4', '--json'])).stdout);
      expect(comparable(j)).toEqual(comparable(pair));
      expect(j.window).toMatchObject({ rule: 'to', basis: '2026-12-01' });
      expect([j.pushesFrom, pair.pushesFrom]).toEqual(['history', 'snapshots']);
      // the log saw D02 pushed twice (12-31 → 2027-01-20, back to 12-15, → 2027-01-01): Ann is a repeated pusher
      expect(j.slippage).toEqual([
        { rep: 'Ann', deals: 1, times: 2, undated: 0, daysPushed: 1, cents: 2_000_00, repeated: true },
        { rep: 'Cat', deals: 1, times: 1, undated: 1, daysPushed: 0, cents: 350_00, repeated: false },
      ]);
      expect(j.checks.map((c: { message: { en: string } }) => c.message.en)).toContain(
        `${join(HIST, 'history.csv')}: changes to fields ${join(HIST, 'deals.csv')} has no column for are not replayed: NextStep ×1`,
      );
      const text = await perfInProcess(args('history.csv', 'deals.csv'));
      expect(text.stdout).toContain('the quarter holding --to 2026-12-01');
      expect(text.stdout).toMatch(/│ Ann ⚑ │ +1 │ +2 │ +0 │ +1 │ +1\.0 │ +2,000\.00 │/);
      expect(text.stdout).toContain('⚑ repeated pusher (2+ pushes): Ann 2×');
      expect(text.stdout.indexOf('NextStep ×1')).toBeLessThan(text.stdout.indexOf('Start '));
      // the workbook flags the repeated pusher too
      const out = join(tmp.dir, 'history.xlsx');
      expect((await perfInProcess([...args('history.csv', 'deals.csv'), '-o', out])).code).toBe(0);
      const slip = table(XLSX.readFile(out), 'Slippage', 'Rep');
      expect(slip.slice(0, 3)).toEqual([
        ['Rep', 'Deals pushed', 'Times pushed', 'Date removed', 'Days pushed', 'Amount pushed', 'Flag'],
        ['Ann', 1, 2, 0, 1, 2000, 'repeated pusher'],
        ['Cat', 1, 1, 1, 0, 350, ''],
      ]);
    });

    it('reads a Chinese change log (商机ID / 字段 / 原值 / 新值 / 变更时间) to the same waterfall', async () => {
      const j = JSON.parse((await perfInProcess(['--lang', 'zh', ...args('zh-history.csv', 'zh-deals.csv'), '--json'])).stdout);
      const pair = JSON.parse((await perfInProcess(['changes', join(DIR, 'zh-old.csv'), join(DIR, 'zh-new.csv'), '--period', '2026-Q4', '--json'])).stdout);
      expect(comparable(j)).toEqual(comparable(pair));
      expect(j.slippage[0]).toMatchObject({ rep: '安娜', times: 2, repeated: true });
    });

    it('refuses --from/--to without --history, one export too many, and a missing date, with exit 2', async () => {
      const a = await perfInProcess(['changes', OLD, NEW, '--from', '2026-10-15']);
      expect([a.code, a.stderr]).toEqual([2, expect.stringContaining('--from and --to go with --history')]);
      const b = await perfInProcess(['changes', '--history', join(HIST, 'history.csv'), '--from', '2026-10-15', '--to', '2026-12-01', OLD, NEW]);
      expect([b.code, b.stderr]).toEqual([2, expect.stringContaining('with --history, give one deals export')]);
      const c = await perfInProcess(['changes', '--history', join(HIST, 'history.csv'), '--to', '2026-12-01', join(HIST, 'deals.csv')]);
      expect([c.code, c.stderr]).toEqual([2, expect.stringContaining('--history needs --from YYYY-MM-DD')]);
    });
  });
});
