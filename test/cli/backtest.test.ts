import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, perfInProcess, tempDir } from './helpers.js';

interface Score {
  method: string;
  mae: number;
  wape: number | null;
  coverage80: number | null;
}

describe('perf backtest', () => {
  it('scores each method, auto and the static target per level on the fixtures', async () => {
    const r = await perfInProcess(['backtest', fixture('deals.csv'), '--as-of', '2026-11-27', '--by', 'company,team', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.series.map((s: { id: string }) => s.id)).toEqual(['company', 'team:East', 'team:West']);
    const company = j.series[0];
    expect(company.scores.map((s: Score) => s.method)).toEqual(['snaive', 'ets', 'theta', 'croston', 'sba', 'auto', 'static']);
    const stat = company.scores.find((s: Score) => s.method === 'static');
    expect(stat.coverage80).toBeNull();
    expect(stat.mae).toBeGreaterThan(0);
    for (const s of company.scores) expect(s.wape).toBeGreaterThan(0);
    expect(j.notes).toEqual([]);
  });

  it('shows by default the same company WAPE for auto and the static target as perf forecast prints on its first screen', async () => {
    const bt = await perfInProcess(['backtest', fixture('deals.csv'), '--as-of', '2026-11-27', '--by', 'company']);
    const fc = await perfInProcess(['forecast', fixture('deals.csv'), '--as-of', '2026-11-27', '--by', 'company']);
    const [, wape, st] = /backtest WAPE ([\d.]+%) vs static target ([\d.]+%)/.exec(fc.stdout.split('\nWon amount')[0].replace(/\n {2,}/g, ' '))!;
    expect(bt.stdout).toMatch(new RegExp(`│ [ ★] auto +│ +[\\d,]+ │ +${wape.replace('.', '\\.')} │`));
    // The static target's WAPE agrees to the printed tenth (perf backtest rounds to 4 decimals before formatting).
    const btStatic = /│ [ ★] static target +│ +[\d,]+ │ +([\d.]+)% │/.exec(bt.stdout)![1];
    expect(Math.abs(Math.round(Number(btStatic) * 10) - Math.round(parseFloat(st) * 10))).toBeLessThanOrEqual(1);
  });

  it('says so on a short history (10 months, like the Maven export) and does not crash', async () => {
    const tmp = tempDir();
    try {
      const file = join(tmp.dir, 'short.csv');
      const rows = ['opportunity_id,sales_agent,deal_stage,close_date,close_value'];
      for (let m = 3; m <= 12; m++)
        for (const [k, rep] of ['Moses', 'Darcel', 'Anna'].entries()) rows.push(`X${m}${k},${rep},Won,2017-${String(m).padStart(2, '0')}-1${k},${1000 + 100 * m + 37 * k}`);
      rows.push('Y1,Anna,Won,2017-12-20,500');
      writeFileSync(file, rows.join('\n') + '\n');
      const r = await perfInProcess(['backtest', file, '--as-of', '2018-01-01']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Only 10 months of won deals: seasonality cannot be learned');
      expect(r.stdout).toContain('static target');
      expect(r.stdout).toMatch(/Company \(10 months\)/);
      const zh = await perfInProcess(['--lang', 'zh', 'backtest', file, '--as-of', '2018-01-01']);
      expect(zh.stdout).toContain('公司（10 个月）');
      const f = await perfInProcess(['forecast', file, '--as-of', '2018-01-01']);
      expect(f.code).toBe(0);
      expect(f.stdout).toContain('Only 10 complete months of won deals');
      expect(f.stdout).toContain('No team or region in the data');
    } finally {
      tmp.cleanup();
    }
  });
});
