import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, perf, ROOT } from '../cli/helpers.js';

/**
 * Opens the dashboard in headless Chromium (Debian's `chromium`) with every request but the page
 * itself refused, and checks what a reader sees: no console errors, the level selector, and each
 * chart's marks — one per month of the JSON behind it, carrying the JSON's numbers.
 */
const CHROMIUM = process.env.PERF_CHROMIUM ?? '/usr/bin/chromium';
const HAVE = existsSync(CHROMIUM);
if (!HAVE) console.warn(`test/browser/dashboard.test.ts skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set PERF_CHROMIUM)`);

const OUT = join(ROOT, 'test/tmp');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface Series {
  id: string;
  level: string;
  name: string;
  history: Record<string, { amount: number }>;
  forecast: Record<string, { amount: { mean: number; lower80: number; upper80: number } }>;
  targets: Record<string, { amount: { target: number } }>;
}

interface BoardData {
  plan: { months: { history: string[]; forecast: string[]; target: string[] }; series: Series[] };
  levels: { id: string; level: string; name: string; charts: { id: string; kind: string }[] }[];
  score: { months: string[]; reps: { rep: string; month: string; score: number | null; kbis: { compliance: number | null; due: number }[] }[]; teams: { team: string; month: string; score: number | null; kbis: { compliance: number | null }[] }[] } | null;
}

const num = (s: string) => Number(s.replace(/,/g, ''));

const MARKS = ['history', 'forecast', 'p80', 'p95', 'band', 'target', 'mtd', 'score', 'kbi', 'pace'] as const;

interface Seen {
  id: string;
  level: string;
  counts: Record<(typeof MARKS)[number], number>;
  history: string[];
  forecast: string[];
  target: string[];
}

describe.skipIf(!HAVE)('dashboard in headless Chromium', () => {
  const work = mkdtempSync(join(tmpdir(), 'perf-board-'));
  const page = join(work, 'board.html');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let context: any;
  let data: BoardData;

  beforeAll(async () => {
    const r = perf([
      'dashboard',
      fixture('deals.csv'),
      '--activity',
      fixture('activity.xlsx'),
      '--leads',
      fixture('leads.csv'),
      '--team',
      fixture('teams.csv'),
      '--as-of',
      '2026-11-27',
      '-o',
      page,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(page, 'utf8');
    data = JSON.parse(/<script type="application\/json" id="perf-data">([\s\S]*?)<\/script>/.exec(html)![1]);
    const { chromium } = await import('playwright-core');
    context = await chromium.launchPersistentContext(join(work, 'profile'), { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await context?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('renders offline without errors, with one mark per month of the JSON and its numbers', async () => {
    const url = pathToFileURL(page).href;
    const requests: string[] = [];
    const errors: string[] = [];
    await context.route('**/*', (route: { request(): { url(): string }; continue(): Promise<void>; abort(): Promise<void> }) => {
      const u = route.request().url();
      if (u === url) return route.continue();
      requests.push(u);
      return route.abort();
    });
    const p = await context.newPage();
    p.on('request', (req: { url(): string }) => req.url() !== url && requests.push(req.url()));
    p.on('console', (m: { type(): string; text(): string }) => m.type() === 'error' && errors.push(m.text()));
    p.on('pageerror', (e: Error) => errors.push(e.message));
    await p.goto(url, { waitUntil: 'load' });

    // Browser-side code as text: the project compiles without the DOM library.
    const seen: Seen[] = await p.evaluate(`[...document.querySelectorAll('figure.chart')].map((f) => {
      const count = (name) => f.querySelectorAll('g.' + name + '_marks > *').length;
      const labels = (name) => [...f.querySelectorAll('g.' + name + '_marks > [aria-label]')].map((e) => e.getAttribute('aria-label'));
      return {
        id: f.getAttribute('data-chart'),
        level: f.closest('section').getAttribute('data-level'),
        counts: Object.fromEntries(${JSON.stringify(MARKS)}.map((n) => [n, count(n)])),
        history: labels('history'),
        forecast: labels('forecast'),
        target: labels('target'),
      };
    })`);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    const { months } = data.plan;
    const byLevel = new Map(data.plan.series.map((s) => [s.id, s]));
    let forecastCharts = 0;
    let scoreCharts = 0;
    for (const c of seen) {
      const s = byLevel.get(c.level);
      if (c.id.startsWith('forecast-') && s) {
        forecastCharts++;
        const hist = months.history.filter((m) => s.history[m]);
        expect(c.counts.history, c.id).toBe(hist.length);
        expect(c.counts.forecast, c.id).toBe(months.forecast.length);
        expect(c.counts.p80, c.id).toBe(months.forecast.length);
        expect(c.counts.p95, c.id).toBe(months.forecast.length);
        expect(c.counts.band, c.id).toBe(months.target.length);
        expect(c.counts.target, c.id).toBe(months.target.length);
        expect(c.counts.mtd, c.id).toBe(1);
        // Every mark says its month and number: they are the JSON's.
        expect(c.history.map((l) => l.split(' · ')[0])).toEqual(hist);
        c.history.forEach((l, i) => expect(num(l.split(' ').at(-1)!), l).toBe(Math.round(s.history[hist[i]].amount)));
        expect(c.forecast).toHaveLength(months.forecast.length);
        expect(c.target).toHaveLength(months.target.length);
        c.forecast.forEach((l, i) => {
          const f = s.forecast[months.forecast[i]].amount;
          const [, mean, lo80, hi80] = /Forecast ([\d,]+) · 80% ([\d,]+)–([\d,]+)/.exec(l)!;
          expect([num(mean), num(lo80), num(hi80)], l).toEqual([f.mean, f.lower80, f.upper80]);
        });
        c.target.forEach((l, i) => expect(num(/Target ([\d,]+)/.exec(l)![1]), l).toBe(s.targets[months.target[i]].amount.target));
      }
      if (c.id.startsWith('score-') || c.id.startsWith('kbi-')) {
        scoreCharts++;
        const lvl = data.levels.find((l) => l.id === c.level)!;
        const rows =
          lvl.level === 'rep'
            ? data.score!.reps.filter((r) => r.rep === lvl.name)
            : lvl.level === 'team'
              ? data.score!.teams.filter((r) => r.team === lvl.name)
              : data.score!.months.map((month) => {
                  const reps = data.score!.reps.filter((r) => r.month === month);
                  return { score: reps.some((r) => r.score !== null) ? 1 : null, kbis: reps[0].kbis.map((_, k) => ({ compliance: reps.some((r) => r.kbis[k].due > 0) ? 1 : null })) };
                });
        if (c.id.startsWith('score-')) expect(c.counts.score, c.id).toBe(rows.filter((r) => r.score !== null).length);
        else expect(c.counts.kbi, c.id).toBe(rows.flatMap((r) => r.kbis).filter((k) => k.compliance !== null).length);
      }
      if (c.id.startsWith('pacing-')) expect(c.counts.pace, c.id).toBe(2);
    }
    expect(forecastCharts).toBe(data.plan.series.length);
    expect(scoreCharts).toBe(2 * data.levels.length);

    // The selector: one level at a time, all of them for printing.
    const visible = (): Promise<string[]> => p.evaluate(`[...document.querySelectorAll('section.level')].filter((s) => !s.hidden).map((s) => s.getAttribute('data-level'))`);
    expect(await visible()).toEqual(['company']);
    mkdirSync(OUT, { recursive: true });
    await p.screenshot({ path: join(OUT, 'dashboard.png'), fullPage: true });
    await p.selectOption('#level', 'rep:Wang Fang');
    expect(await visible()).toEqual(['rep:Wang Fang']);
    expect(await p.locator('section[data-level="rep:Wang Fang"] .alerts li').count()).toBeGreaterThan(0);
    await p.screenshot({ path: join(OUT, 'dashboard-rep.png'), fullPage: true });
    await p.selectOption('#level', '*');
    expect(await visible()).toHaveLength(data.levels.length);
    await p.emulateMedia({ media: 'print' });
    expect(await p.locator('#level').isVisible()).toBe(false);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });
});
