import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, perfInProcess, tempDir } from './helpers.js';
import { linesWiderThan } from './terminal-width.js';

interface Json {
  counts: Record<string, number | null>;
  notChecked: Record<string, { en: string; zh: string }>;
  flags: { kind: string; severity: string; rep?: string; period?: string; message: { en: string }; evidence: { row: number }[] }[];
  checks: { code: string; message: { en: string; zh: string } }[];
  problems: { file: string; row: number | null; column: string | null; value: string | null; code: string; severity: string; message: { en: string } }[];
}

/** Ann signs on the 25th of each month of 2026, 24 days after engaging; `extra` rows follow. */
const ann = (header: string, row: (m: number) => string, extra: string[] = []) =>
  [header, ...Array.from({ length: 10 }, (_, i) => row(i + 1)), ...extra].join('\n') + '\n';
const mm = (m: number) => String(m).padStart(2, '0');

describe('perf audit: what it could not check, small samples, refused months, negative cycles', () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);
  const write = (name: string, text: string) => {
    const path = join(tmp.dir, name);
    writeFileSync(path, text);
    return path;
  };
  const json = async (args: string[]) => {
    const r = await perfInProcess(['audit', ...args, '--json']);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as Json;
  };

  it('lists a check whose input is missing as not checked, with why — in the text, the workbook and --json — never as 0', async () => {
    // No cancel date or status column, no created date, no customer: only cramming can run.
    const bare = write('bare.csv', ann('Opportunity ID,Owner,Stage,Amount,Close Date', (m) => `O${m},Ann,Won,100,2026-${mm(m)}-25`));
    const args = [bare, '--as-of', '2026-11-03'];
    const j = await json(args);
    expect(j.counts).toEqual({ cramming: 0, reversal: null, no_activity: null, fast_close: null, duplicate: null, split: null, single_kpi: null });
    expect(Object.fromEntries(Object.entries(j.notChecked).map(([k, v]) => [k, v.en]))).toEqual({
      reversal: 'the deals have no cancel date or status column, and no row says cancelled or carries a negative amount',
      no_activity: 'no activity log given (--activity)',
      fast_close: 'the deals have no created (engage) date column',
      duplicate: 'the deals have no customer column',
      split: 'the deals have no customer column',
      single_kpi: 'no activity log given (--activity)',
    });
    const text = (await perfInProcess(['audit', ...args, '--width', '80'])).stdout;
    expect(linesWiderThan(text, 80)).toEqual([]);
    const flat = text.replace(/\n\s*/g, ' ');
    expect(flat).toContain('— 0 flags period-end cramming 0 Not checked (the input they need is missing; no flag here is not an all-clear):');
    expect(flat).toContain('unusually fast close: the deals have no created (engage) date column');
    for (const zero of ['deal reversed 0', 'signing 0', 'fast close 0', 'duplicate 0', 'split order 0', 'single-KPI risk 0']) expect(flat).not.toContain(zero);
    const zh = (await perfInProcess(['--lang', 'zh', 'audit', ...args, '--width', '80'])).stdout;
    expect(linesWiderThan(zh, 80)).toEqual([]);
    expect(zh).toContain('未检查（缺少所需数据；此处没有标记不代表没有问题）：');
    expect(zh).toContain('  签约前无活动：未提供活动记录（--activity）');
    // The workbook's Summary says it under its heading note.
    const book = join(tmp.dir, 'bare.xlsx');
    expect((await perfInProcess(['audit', ...args, '-o', book])).code).toBe(0);
    const wb = XLSX.readFile(book);
    const cells = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets.Summary, { header: 1 }).map((r) => String(r[0] ?? ''));
    expect(cells).toContain('  single-KPI risk: no activity log given (--activity)');

    // With the columns present (and none of them filled), the checks run and their 0 means "none found".
    const full = write(
      'full.csv',
      ann('Opportunity ID,Owner,Account,Stage,Amount,Created Date,Close Date,Cancelled Date', (m) => `O${m},Ann,C${m},Won,${100 * m},2026-${mm(m)}-01,2026-${mm(m)}-25,`),
    );
    const k = await json([full, '--as-of', '2026-11-03']);
    expect(k.notChecked).toEqual({
      no_activity: { en: 'no activity log given (--activity)', zh: '未提供活动记录（--activity）' },
      single_kpi: { en: 'no activity log given (--activity)', zh: '未提供活动记录（--activity）' },
    });
    expect(k.counts).toMatchObject({ reversal: 0, fast_close: 0, duplicate: 0, split: 0 });
  });

  it('keeps a period-end share of fewer than 5 won deals a low note; 5 or more can be a high flag', async () => {
    // Bob, Cid and Dee sign 4 deals each quarter mid-month. Ann signs 2025-Q1's deals on Jan 10, Feb 10 (and, in
    // the second file, Mar 5) and 2 on Mar 30 and 31. Baselines: no earlier Q1, so the even share 3/90 shrunk with
    // 10 deals, raised to the even spread of March: 4 deals → 2/4 × 3/31 = 4.8%, z = (2 − 4 × 0.048) ÷ √(4 × 0.048 × 0.952) = 4.21;
    // 5 deals → 3/5 × 3/31 = 5.8%, z = (2 − 0.29) ÷ √(5 × 0.058 × 0.942) = 3.27: both ≥ 3, both flagged.
    const peers = ['Bob', 'Cid', 'Dee'].flatMap((rep, r) =>
      ['01', '02', '03', '03'].map((m, i) => `${rep}${i},${rep},K${r}${i},Won,100,2025-${m}-0${i + 1},2025-${m}-1${i + 1}`),
    );
    const file = (name: string, extra: string[]) =>
      write(
        name,
        ['Opportunity ID,Owner,Account,Stage,Amount,Created Date,Close Date', ...peers, 'A1,Ann,X1,Won,100,2024-12-20,2025-01-10', 'A2,Ann,X2,Won,100,2025-01-20,2025-02-10', ...extra, 'A8,Ann,X8,Won,100,2025-03-01,2025-03-30', 'A9,Ann,X9,Won,100,2025-03-01,2025-03-31'].join('\n') + '\n',
      );
    const annQ1 = (j: Json) => j.flags.find((f) => f.rep === 'Ann' && f.period === '2025-Q1')!;
    const four = await json([file('four.csv', []), '--as-of', '2025-04-20']);
    expect(annQ1(four).severity).toBe('low');
    expect(annQ1(four).message.en).toBe(
      'Ann: 2 of 4 deals of 2025-Q1 (50.0%, 50.0% of the amount) signed in its last 3 days; own history at this calendar position predicts 4.8%, peers 4.8%; only 4 deals in 2025-Q1, fewer than 5: too few to call it cramming',
    );
    // no high flag rests on Ann's 4 deals (the month's 2 of 2 and her whole history of 4 are low too)
    expect(four.flags.filter((f) => f.rep === 'Ann' && f.kind === 'cramming').map((f) => [f.period, f.severity])).toEqual([['2025-03', 'low'], ['2025-Q1', 'low'], ['all', 'low']]);
    const five = await json([file('five.csv', ['A3,Ann,X3,Won,100,2025-02-20,2025-03-05']), '--as-of', '2025-04-20']);
    expect([annQ1(five).severity, annQ1(five).message.en]).toEqual(['high', expect.stringMatching(/^Ann: 2 of 5 deals of 2025-Q1 \(40\.0%.*predicts 5\.8%, peers 5\.8%$/)]);
    const text = (await perfInProcess(['audit', join(tmp.dir, 'four.csv'), '--as-of', '2025-04-20', '--width', '80'])).stdout;
    expect(text).toMatch(/F\d{3} · {2}\[period-end cramming\] Ann: 2 of 4 deals of 2025-Q1/);
  });

  it('says the shipped fixture\'s 3 of 3 December deals are a low note, its Q4 (3 of 7) a high flag', async () => {
    const j = await json([fixture('deals.csv'), '--team', fixture('teams.csv'), '--as-of', '2026-11-27']);
    const wang = j.flags.filter((f) => f.rep === 'Wang Fang' && f.kind === 'cramming').map((f) => [f.period, f.severity]);
    expect(wang).toEqual([
      ['2025-Q4', 'high'],
      ['all', 'high'],
      ['all', 'high'],
      ['2025-12', 'low'],
    ]);
  });

  it('names exactly the months whose targets the forecast refused, as evaluate --period each month does', async () => {
    const common = ['--activity', fixture('activity.csv'), '--team', fixture('teams.csv'), '--as-of', '2026-11-27'];
    const j = await json([fixture('deals.csv'), ...common]);
    expect(j.checks.find((c) => c.code === 'single_kpi_not_judged')!.message).toEqual({
      en: 'single-KPI risk not judged for Chen Jie, Liu Yang, Zhao Lei: the forecast refused their 2026-10 targets, so there is no results score for 2026-09…2026-11 (see sales-perf evaluate --period 2026-10)',
      zh: '未判断 Chen Jie、Liu Yang、Zhao Lei 的单一指标风险：预测拒绝了其 2026-10 的目标，因此 2026-09…2026-11 没有业绩得分（见 sales-perf evaluate --period 2026-10）',
    });
    const refused = async (month: string) => {
      const e = await perfInProcess(['evaluate', '--deals', fixture('deals.csv'), '--period', month, ...common, '--json']);
      const reps = (JSON.parse(e.stdout) as { reps: { name: string; targetStatus: string }[] }).reps;
      return reps.filter((r) => r.targetStatus === 'refused').map((r) => r.name);
    };
    expect(await refused('2026-09')).toEqual([]);
    expect((await refused('2026-10')).sort()).toEqual(['Chen Jie', 'Liu Yang', 'Zhao Lei']);
    expect(await refused('2026-11')).toEqual([]);
  });

  it('reports a deal closed before it was created when reading it, and does not call it a fast close', async () => {
    // Ann's usual cycle is 24 days; O11 is dated closed 13 days before it was created. As a cycle of 0 days it would be
    // her one fast close in 11 (9% ≤ 10%) and flagged.
    const path = write(
      'negative.csv',
      ann('Opportunity ID,Owner,Account,Stage,Amount,Created Date,Close Date', (m) => `O${m},Ann,C${m},Won,${100 * m},2026-${mm(m)}-01,2026-${mm(m)}-25`, ['O11,Ann,C11,Won,500,2026-08-18,2026-08-05']),
    );
    const j = await json([path, '--as-of', '2026-11-03']);
    expect(j.flags.filter((f) => f.kind === 'fast_close')).toEqual([]);
    expect(j.counts.fast_close).toBe(0);
    expect(j.problems).toEqual([
      {
        file: path,
        row: 12,
        column: 'Close Date',
        value: '2026-08-05',
        code: 'closed_before_created',
        severity: 'warning',
        message: {
          en: 'the deal closed before it was created ("Created Date" 2026-08-18); row kept, but the audit measures no sales cycle on it (a negative cycle is no fast close). Correct the date that is wrong',
          zh: '该商机的关闭日期早于创建日期（"Created Date" 2026-08-18）；该行保留，但审计不计算其成交周期（负的周期不算快速成交）。请更正有误的日期',
        },
      },
    ]);
    // the close still counts: 11 won deals
    expect((await perfInProcess(['audit', path, '--as-of', '2026-11-03'])).stdout).toContain('11 won deals of 11 rows');
    const inspect = await perfInProcess(['inspect', path, '--as-of', '2026-11-03', '--width', '80']);
    expect(inspect.stdout.replace(/\n\s+/g, ' ')).toContain(`! ${path} row 12 [Close Date] "2026-08-05": the deal closed before it was created ("Created Date" 2026-08-18)`);
  });
});
