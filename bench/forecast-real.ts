/**
 * Rolling-origin backtest of every forecast method and of the static target on real CRM exports
 * (the same planBacktest `perf backtest` prints), summarised as company WAPE, team WAPE (mean over
 * teams) and median rep WAPE.
 *   node dist/bench/forecast-real.js [crmDir] [--out file.md]
 * crmDir (default ../shared/data/crm, relative to the cwd) holds maven/ and olist/ as downloaded.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseIsoDate } from '../src/core/calendar.js';
import type { MethodName } from '../src/core/forecast/index.js';
import { planBacktest, STATIC, TEAM_SHARE, type Measure, type PlanBacktest } from '../src/core/plan/index.js';
import { onRoster, rosterOf } from '../src/core/teams.js';
import { readDataset } from '../src/io/read.js';

const METHODS: readonly MethodName[] = ['auto', 'combo', 'ets', 'theta', 'damped', 'sba', 'croston', 'snaive', 'moq'];
const ORIGINS = 4;
const H = 3;
const TZ = 'Asia/Shanghai';

interface Export {
  name: string;
  deals: string;
  teams?: string;
  asOf: string;
  measure: Measure;
}

const EXPORTS: Export[] = [
  { name: 'Maven (amounts)', deals: 'maven/sales_pipeline.csv', teams: 'maven/sales_teams.csv', asOf: '2018-01-01', measure: 'amount' },
  { name: 'Olist (counts)', deals: 'olist/olist_closed_deals_dataset.csv', asOf: '2018-12-01', measure: 'count' },
];

const median = (a: number[]): number | null => {
  if (!a.length) return null;
  const s = [...a].sort((x, y) => x - y);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
};
const mean = (a: number[]): number | null => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : null);
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** WAPE per method at one level: the company's own, the mean over teams, the median over reps. */
function summary(bt: PlanBacktest, level: 'company' | 'team' | 'rep', method: string): { value: number | null; n: number } {
  const w = bt.series
    .filter((s) => s.level === level)
    .map((s) => s.scores.find((x) => x.method === method)?.wape)
    .filter((x): x is number => typeof x === 'number');
  return { value: level === 'rep' ? median(w) : mean(w), n: w.length };
}

async function run(dir: string, e: Export): Promise<string[]> {
  const opts = { timeZone: TZ, dateFormat: 'auto' as const };
  const deals = await readDataset(resolve(dir, e.deals), { ...opts, kind: 'deals' });
  const rows = [...deals.rows];
  if (e.teams) {
    const roster = rosterOf((await readDataset(resolve(dir, e.teams), { ...opts, kind: 'teams' })).rows);
    for (const row of rows) onRoster(row, roster);
  }
  const t0 = performance.now();
  const bt = planBacktest(rows, { asOf: parseIsoDate(e.asOf)!, measure: e.measure, methods: METHODS, origins: ORIGINS, h: H, staticGrowth: null });
  const secs = (performance.now() - t0) / 1000;
  const names = [...METHODS, TEAM_SHARE, STATIC];
  const levels = (['company', 'team', 'rep'] as const).filter((l) => bt.series.some((s) => s.level === l));
  const out = [
    `## ${e.name}: ${e.deals}, as of ${e.asOf}`,
    '',
    `${bt.historyMonths} months of history; up to ${ORIGINS} rolling origins, ${H} months ahead each; ${e.measure === 'amount' ? 'won amount' : 'won deal count'} per month. CPU ${secs.toFixed(1)} s.`,
    '',
    `| method | ${levels.map((l) => (l === 'company' ? 'company WAPE' : l === 'team' ? 'team WAPE (mean)' : 'rep WAPE (median)')).join(' | ')} |`,
    `|---|${levels.map(() => '---:').join('|')}|`,
  ];
  for (const m of names) out.push(`| ${m === STATIC ? 'static target' : m} | ${levels.map((l) => pct(summary(bt, l, m).value)).join(' | ')} |`);
  out.push('', `Series scored: ${levels.map((l) => `${l} ${summary(bt, l, 'auto').n}`).join(', ')}.`, '');
  // The default at each level: auto for the company and teams, the team's auto × the rep's share for reps.
  const auto = levels.map((l) => [l, summary(bt, l, l === 'rep' ? TEAM_SHARE : 'auto').value, summary(bt, l, STATIC).value, summary(bt, l, 'snaive').value] as const);
  const goal = auto
    .filter(([l]) => l !== 'team')
    .map(([l, a, s, n]) => `${l}: default ${pct(a)} vs static ${pct(s)} and snaive ${pct(n)} → ${a !== null && s !== null && n !== null && a <= s && a <= n ? 'met' : 'missed'}`);
  out.push(`Goal (the default — auto; for reps the team's auto × share — ≤ static and ≤ seasonal naive): ${goal.join('; ')}.`, '');
  return out;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const i = args.indexOf('--out');
  const outFile = resolve(process.cwd(), i >= 0 ? args[i + 1] : 'bench/results/forecast-real.md');
  const dir = resolve(process.cwd(), args.find((a, k) => !a.startsWith('--') && args[k - 1] !== '--out') ?? '../shared/data/crm');
  const lines = ['# Real exports: rolling-origin backtest of src/core/forecast and the static target', ''];
  for (const e of EXPORTS) {
    if (!existsSync(resolve(dir, e.deals))) {
      lines.push(`## ${e.name}: ${resolve(dir, e.deals)} not found, skipped`, '');
      continue;
    }
    lines.push(...(await run(dir, e)));
  }
  lines.push(`Command: \`node dist/bench/forecast-real.js\` (part of \`npm run bench:forecast\`), Node ${process.version}.`);
  const md = lines.join('\n');
  process.stdout.write(md + '\n');
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, md + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
