import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, perfInProcess, ROOT, tempDir } from './helpers.js';

const AS_OF = ['--as-of', '2026-11-27'];
const dataOf = (html: string) => JSON.parse(/<script type="application\/json" id="perf-data">([\s\S]*?)<\/script>/.exec(html)![1]);
const numbers = (plan: { series: { id: string; history: unknown; forecast: unknown; targets: unknown }[] }) =>
  plan.series.map((s) => ({ id: s.id, history: s.history, forecast: s.forecast, targets: s.targets }));

describe('perf dashboard', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);

  it('writes one self-contained page in Chinese, the charts as SVG/PNG, with the numbers of perf forecast --json', async () => {
    const out = join(dir, '看板.html');
    const charts = join(dir, 'charts');
    const r = await perfInProcess(['dashboard', fixture('deals.csv'), '--activity', fixture('activity.csv'), '--team', fixture('teams.csv'), ...AS_OF, '--lang', 'zh', '-o', out, '--chart', charts]);
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
    // The forecast set no 2026-10 target for West and its reps: no quarter pace is drawn against their Q4 sums
    // (West read "projected 208% of the target 178,361"), as the pacing alert does not judge them.
    const paced = Object.entries(data.paces as Record<string, unknown>).filter(([, p]) => p !== null).map(([id]) => id);
    // Nor against the company's, which includes West's (as evaluate refuses a sum with a refused part); said first.
    expect(paced).toEqual(['team:East', 'rep:Li Na', 'rep:Wang Fang', 'rep:Zhang Wei']);
    expect(data.checks.find((c: { code: string }) => c.code === 'pace_not_drawn').message.en).toBe(
      "Company: no quarter pace is drawn: it includes West's 2026-Q4 target, which the forecast refused (it set no 2026-10 target: 0 for an active series)",
    );

    const files = readdirSync(charts).sort();
    expect(files).toContain('forecast-company.svg');
    expect(files).toContain('kbi-rep-wang-fang.png');
    expect(files).toContain('pacing-team-east.svg');
    expect(files).not.toContain('pacing-team-west.svg');
    expect(files.filter((f) => f.endsWith('.png'))).toHaveLength(files.length / 2);
    const png = readFileSync(join(charts, 'forecast-company.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(readFileSync(join(charts, 'forecast-company.svg'), 'utf8')).toMatch(/^<svg /);

    const f = await perfInProcess(['forecast', fixture('deals.csv'), '--team', fixture('teams.csv'), ...AS_OF, '--json']);
    expect(f.code, f.stderr).toBe(0);
    expect(numbers(data.plan)).toEqual(numbers(JSON.parse(f.stdout)));

    // --targets draws a saved plan as it is.
    const plan = JSON.parse(f.stdout);
    plan.series[0].targets['2027-01'].amount.target = 4242;
    const saved = join(dir, 'plan.json');
    writeFileSync(saved, JSON.stringify(plan));
    const again = await perfInProcess(['dashboard', fixture('deals.csv'), '--team', fixture('teams.csv'), ...AS_OF, '--targets', saved, '-o', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
    const forced = await perfInProcess(['dashboard', fixture('deals.csv'), '--team', fixture('teams.csv'), ...AS_OF, '--targets', saved, '-o', out, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    const html2 = readFileSync(out, 'utf8');
    expect(html2).toContain('2027-01 · Target 4,242');
    expect(dataOf(html2).score).toBeNull();
  });

  it('charts deal counts by default when the deals carry no amounts; --measure amount still overrides', async () => {
    const noAmount = join(ROOT, 'test/fixtures/plan/no-amount.csv');
    const out = join(dir, 'no-amount.html');
    const r = await perfInProcess(['dashboard', noAmount, ...AS_OF, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    const data = dataOf(html);
    expect(data.measure).toBe('count');
    expect(html).toContain('Company · monthly won deals');
    expect(html).not.toMatch(/signed amount/i);
    // The page lists its data problems itself: its readers never saw the command's output.
    expect(html).toMatch(/<li>Data problems: 1<\/li><li>! [^<]*no-amount\.csv: no amount column: targets, band, probabilities and pipeline are in deal counts<\/li>/);
    // the quarter's pace in deals: no Q4 win by 2026-11-27, a positive count target set on 2026-09-30
    expect(data.paces.company).toMatchObject({ quarter: '2026-Q4', measure: 'count', wonToDate: 0 });
    expect(data.paces.company.target).toBeGreaterThan(0);
    expect(data.paces.company.attainment).toBeCloseTo(data.paces.company.projected / data.paces.company.target, 6);
    const amount = await perfInProcess(['dashboard', noAmount, ...AS_OF, '--measure', 'amount', '-o', out, '--force']);
    expect(amount.code, amount.stderr).toBe(0);
    expect(dataOf(readFileSync(out, 'utf8')).measure).toBe('amount');
  });

  it('refuses a file that is not a plan, and a bad --measure', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"hello": 1}');
    const r = await perfInProcess(['dashboard', fixture('deals.csv'), ...AS_OF, '--targets', bad, '-o', join(dir, 'x.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not the JSON of perf forecast --json');
    expect(existsSync(join(dir, 'x.html'))).toBe(false);
    const m = await perfInProcess(['dashboard', fixture('deals.csv'), ...AS_OF, '--measure', 'profit', '-o', join(dir, 'x.html')]);
    expect(m.code).toBe(2);
    expect(m.stderr).toContain('--measure must be amount or count');
  });

  // An export of fixtures/deals.csv as it stood on 2026-11-01: the deals created in November not yet there, the
  // five closed since then still open. Window 2026-Q4 (--as-of 2026-11-27), hand-computed:
  //   start 705,500 = 361 135,200 + 365 55,900 + 363 97,400 + 362 85,800 (open, December) + 360 33,500 + 366 133,600 + 367 164,100
  //   created 195,300 = 372 53,400 + 373 24,400 + 380 53,300 (open in the window) + 371 64,200 (created and lost)
  //   pushed 133,600 (366: 2026-12-15 → 2027-01-20) · won 85,800 (362) · lost 352,700 (361, 365, 363, 371)
  //   end 328,700 = 360 + 367 + 372 + 373 + 380
  // West (Chen Jie, Liu Yang) ends empty: 135,200 + 55,900 + 85,800 + 64,200 − 85,800 − 255,300 = 0.
  it('--previous: a pipeline waterfall per level, with the numbers of perf changes, balanced to the cent', async () => {
    const open: Record<string, string> = { '000361': 'Proposal,135200,2026-10-13,,2026-11-30', '000365': 'Proposal,55900,2026-10-22,,2026-12-10', '000363': 'Proposal,97400,2026-10-21,,2026-12-05', '000362': 'Negotiation,85800,2026-10-14,,2026-12-20' };
    const lines = readFileSync(fixture('deals.csv'), 'utf8').trimEnd().split('\n');
    const previous = lines
      .filter((l, i) => i === 0 || !/,2026-11-\d\d,,/.test(l) || /^OPP-0003(61|65|63|62),/.test(l))
      .filter((l) => !/^OPP-0003(69|70|71|72|73|74|75|76|77|78|79|80),/.test(l))
      .map((l) => {
        const id = /^OPP-(\d+),/.exec(l)?.[1];
        if (id && open[id]) return l.replace(/(Closed Won|Closed Lost),\d+,[\d-]+,[\d-]+,[\d-]*/, open[id]);
        return id === '000366' ? l.replace('2027-01-20', '2026-12-15') : l;
      });
    const prev = join(dir, 'deals-2026-11-01.csv');
    writeFileSync(prev, previous.join('\n') + '\n');
    const out = join(dir, 'waterfall.html');
    const r = await perfInProcess(['dashboard', fixture('deals.csv'), '--previous', prev, '--team', fixture('teams.csv'), ...AS_OF, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    const data = dataOf(html);
    expect(data.changes.window).toBe('2026-Q4');
    const company = data.changes.groups.company;
    expect([company.start, company.end, company.buckets.created, company.buckets.pushed, company.buckets.won, company.buckets.lost]).toEqual([705_500_00, 328_700_00, 195_300_00, 133_600_00, 85_800_00, 352_700_00]);
    expect(data.changes.groups['team:West']).toMatchObject({ start: 276_900_00, end: 0, balanced: true });
    expect(Object.values(data.changes.groups).every((g) => (g as { balanced: boolean }).balanced)).toBe(true);
    const charts = (id: string) => data.levels.find((l: { id: string }) => l.id === id).charts.map((c: { id: string }) => c.id);
    expect(charts('company')).toContain('waterfall-company');
    expect(charts('team:West')).toContain('waterfall-team-west');
    expect(html).toContain('Pipeline waterfalls: 2026-Q4');
    expect(html).toContain('every level balances to the cent');
    // the same numbers as perf changes on the same pair
    const c = JSON.parse((await perfInProcess(['changes', prev, fixture('deals.csv'), ...AS_OF, '--team', fixture('teams.csv'), '--json'])).stdout);
    expect(c.total).toMatchObject({ start: company.start, end: company.end, buckets: company.buckets });
  });
});
