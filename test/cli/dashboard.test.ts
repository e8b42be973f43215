import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, perf, ROOT, tempDir } from './helpers.js';

const AS_OF = ['--as-of', '2026-11-27'];
const dataOf = (html: string) => JSON.parse(/<script type="application\/json" id="perf-data">([\s\S]*?)<\/script>/.exec(html)![1]);
const numbers = (plan: { series: { id: string; history: unknown; forecast: unknown; targets: unknown }[] }) =>
  plan.series.map((s) => ({ id: s.id, history: s.history, forecast: s.forecast, targets: s.targets }));

describe('perf dashboard', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);

  it('writes one self-contained page in Chinese, the charts as SVG/PNG, with the numbers of perf forecast --json', () => {
    const out = join(dir, '看板.html');
    const charts = join(dir, 'charts');
    const r = perf(['dashboard', fixture('deals.csv'), '--activity', fixture('activity.csv'), '--team', fixture('teams.csv'), ...AS_OF, '--lang', 'zh', '-o', out, '--chart', charts]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`已写入 ${out}：9 个层级`);
    const html = readFileSync(out, 'utf8');
    // Nothing fetched at view time: a CSP that forbids requests, no external references.
    expect(html).toContain(`content="default-src 'none'`);
    expect(html).not.toMatch(/<link|<img|\ssrc=|@import|https?:\/\/(?!www\.w3\.org\/)/);
    expect(html).toContain('<title>销售看板</title>');
    expect(html).toContain('公司 · 月度签约金额');
    expect(html).toContain('Zhang Wei · KBI 达成率');
    const data = dataOf(html);
    expect(data.levels.map((l: { id: string }) => l.id)).toEqual(['company', 'team:East', 'team:West', 'rep:Li Na', 'rep:Wang Fang', 'rep:Zhang Wei', 'rep:Chen Jie', 'rep:Liu Yang', 'rep:Zhao Lei']);
    // Wang Fang's 10 weeks under 8 touches is among the alerts shown on her level.
    expect(data.alerts.some((a: { rule: string; rep: string }) => a.rule === 'touches' && a.rep === 'Wang Fang')).toBe(true);
    expect(data.score.months).toEqual(['2026-09', '2026-10', '2026-11']);

    const files = readdirSync(charts).sort();
    expect(files).toContain('forecast-company.svg');
    expect(files).toContain('kbi-rep-wang-fang.png');
    expect(files.filter((f) => f.endsWith('.png'))).toHaveLength(files.length / 2);
    const png = readFileSync(join(charts, 'forecast-company.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(readFileSync(join(charts, 'forecast-company.svg'), 'utf8')).toMatch(/^<svg /);

    const f = perf(['forecast', fixture('deals.csv'), '--team', fixture('teams.csv'), ...AS_OF, '--json']);
    expect(f.code, f.stderr).toBe(0);
    expect(numbers(data.plan)).toEqual(numbers(JSON.parse(f.stdout)));

    // --targets draws a saved plan as it is.
    const plan = JSON.parse(f.stdout);
    plan.series[0].targets['2027-01'].amount.target = 4242;
    const saved = join(dir, 'plan.json');
    writeFileSync(saved, JSON.stringify(plan));
    const again = perf(['dashboard', fixture('deals.csv'), '--team', fixture('teams.csv'), ...AS_OF, '--targets', saved, '-o', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
    const forced = perf(['dashboard', fixture('deals.csv'), '--team', fixture('teams.csv'), ...AS_OF, '--targets', saved, '-o', out, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    const html2 = readFileSync(out, 'utf8');
    expect(html2).toContain('2027-01 · Target 4,242');
    expect(dataOf(html2).score).toBeNull();
  });

  it('charts deal counts by default when the deals carry no amounts; --measure amount still overrides', () => {
    const noAmount = join(ROOT, 'test/fixtures/plan/no-amount.csv');
    const out = join(dir, 'no-amount.html');
    const r = perf(['dashboard', noAmount, ...AS_OF, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    const data = dataOf(html);
    expect(data.measure).toBe('count');
    expect(html).toContain('Company · monthly won deals');
    expect(html).not.toMatch(/signed amount/i);
    // the quarter's pace in deals: no Q4 win by 2026-11-27, a positive count target set on 2026-09-30
    expect(data.paces.company).toMatchObject({ quarter: '2026-Q4', measure: 'count', wonToDate: 0 });
    expect(data.paces.company.target).toBeGreaterThan(0);
    expect(data.paces.company.attainment).toBeCloseTo(data.paces.company.projected / data.paces.company.target, 6);
    const amount = perf(['dashboard', noAmount, ...AS_OF, '--measure', 'amount', '-o', out, '--force']);
    expect(amount.code, amount.stderr).toBe(0);
    expect(dataOf(readFileSync(out, 'utf8')).measure).toBe('amount');
  });

  it('refuses a file that is not a plan, and a bad --measure', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"hello": 1}');
    const r = perf(['dashboard', fixture('deals.csv'), ...AS_OF, '--targets', bad, '-o', join(dir, 'x.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not the JSON of perf forecast --json');
    expect(existsSync(join(dir, 'x.html'))).toBe(false);
    const m = perf(['dashboard', fixture('deals.csv'), ...AS_OF, '--measure', 'profit', '-o', join(dir, 'x.html')]);
    expect(m.code).toBe(2);
    expect(m.stderr).toContain('--measure must be amount or count');
  });
});
