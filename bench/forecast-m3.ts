/**
 * M3 monthly accuracy benchmark for src/core/forecast.
 *   node dist/bench/forecast-m3.js [dataDir] [--methods snaive,theta,...] [--limit N] [--workers K] [--out file.md]
 *     [--variant monthly|quarterly|zero-min]
 * Variants: monthly (the M3 competition); quarterly (train and test summed into quarters from the end of
 * the training months; each method scored on forecasts of the quarterly series with period 4, and on its
 * monthly forecasts summed into quarters); zero-min (each series minus its training minimum, so every
 * series has a zero month, as sales series do; "(period 1)" rows are what theta and damped did before
 * they could adjust seasonality on series with zeros).
 * dataDir (default ../shared/data/m3, relative to the cwd) holds m3_monthly_{train,test,meta}.csv and REFERENCE.md.
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { cpus, availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { forecast, mase, maseScale, smape, type ForecastOptions } from '../src/core/forecast/index.js';
import { readLong } from './lib/m3.js';

const H = 18;
type Variant = 'monthly' | 'quarterly' | 'zero-min';

/** Benchmark rows: a label and the forecast() options it stands for. */
const METHODS: Record<string, ForecastOptions> = {
  snaive: { method: 'snaive' },
  naive: { method: 'naive' },
  theta: { method: 'theta' },
  ets: { method: 'ets' },
  damped: { method: 'damped' },
  auto: { method: 'auto' },
  'auto (combo)': { method: 'auto', autoStrategy: 'combo' },
  'theta (period 1)': { method: 'theta', period: 1 },
  'damped (period 1)': { method: 'damped', period: 1 },
  'auto (cv)': { method: 'auto', autoStrategy: 'cv' },
};
const DEFAULT_METHODS = ['snaive', 'theta', 'ets', 'damped', 'auto'];

interface Series {
  id: string;
  type: string;
  train: number[];
  test: number[];
}
interface Score {
  id: string;
  type: string;
  method: string;
  smape: number;
  mase: number;
  ms: number;
}

function readMeta(file: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/).slice(1)) {
    const cells = line.split(',').map((s) => s.replace(/^"|"$/g, ''));
    if (cells.length > 1) out.set(cells[0], cells[1]);
  }
  return out;
}

/** Sums consecutive triples counted back from the end (a leading remainder of 1–2 months is dropped). */
const quarters = (y: readonly number[]): number[] => {
  const out: number[] = [];
  for (let e = y.length; e >= 3; e -= 3) out.unshift(y[e - 3] + y[e - 2] + y[e - 1]);
  return out;
};

function score(series: Series[], methods: string[], variant: Variant): Score[] {
  const out: Score[] = [];
  const timed = (f: () => number[]): [number[], number] => {
    const t0 = performance.now();
    const r = f();
    return [r, performance.now() - t0];
  };
  for (const s of series) {
    if (variant === 'quarterly') {
      const qTrain = quarters(s.train);
      const qTest = quarters(s.test);
      const scale = maseScale(qTrain, 4);
      for (const m of methods) {
        const [q, qms] = timed(() => forecast(qTrain, qTest.length, { ...METHODS[m], period: 4 }).mean);
        out.push({ id: s.id, type: s.type, method: `${m} · quarterly series`, smape: smape(qTest, q), mase: mase(qTest, q, scale), ms: qms });
        const [f, ms] = timed(() => quarters(forecast(s.train, s.test.length, METHODS[m]).mean));
        out.push({ id: s.id, type: s.type, method: `${m} · months summed`, smape: smape(qTest, f), mase: mase(qTest, f, scale), ms });
      }
      continue;
    }
    const lo = variant === 'zero-min' ? Math.min(...s.train) : 0;
    const train = s.train.map((v) => v - lo);
    const test = s.test.map((v) => v - lo);
    const scale = maseScale(train, 12);
    for (const m of methods) {
      const [f, ms] = timed(() => forecast(train, H, METHODS[m]).mean);
      out.push({ id: s.id, type: s.type, method: m, smape: smape(test, f), mase: mase(test, f, scale), ms });
    }
  }
  return out;
}

function runShards(series: Series[], methods: string[], workers: number, variant: Variant): Promise<Score[]> {
  if (workers <= 1) return Promise.resolve(score(series, methods, variant));
  const shards: Series[][] = Array.from({ length: workers }, () => []);
  series.forEach((s, i) => shards[i % workers].push(s));
  return Promise.all(
    shards.map(
      (shard) =>
        new Promise<Score[]>((res, rej) => {
          const w = new Worker(new URL(import.meta.url), { workerData: { shard, methods, variant } });
          w.once('message', (m: Score[]) => res(m));
          w.once('error', rej);
        }),
    ),
  ).then((parts) => parts.flat());
}

const avg = (a: number[]): number => a.reduce((s, v) => s + v, 0) / Math.max(1, a.length);
const med = (a: number[]): number => {
  const s = [...a].sort((x, y) => x - y);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
  const dir = resolve(process.cwd(), positional[0] ?? '../shared/data/m3');
  const methods = (flag('--methods')?.split(',') ?? DEFAULT_METHODS).filter((m) => m in METHODS);
  const limit = Number(flag('--limit') ?? Infinity);
  const workers = Number(flag('--workers') ?? Math.min(2, availableParallelism()));
  const variant = (flag('--variant') ?? 'monthly') as Variant;
  if (!['monthly', 'quarterly', 'zero-min'].includes(variant)) throw new Error(`--variant ${variant}: monthly, quarterly or zero-min`);
  const outFile = resolve(process.cwd(), flag('--out') ?? `bench/results/forecast-m3${variant === 'monthly' ? '' : `-${variant}`}.md`);

  const train = readLong(resolve(dir, 'm3_monthly_train.csv'));
  const test = readLong(resolve(dir, 'm3_monthly_test.csv'));
  const meta = readMeta(resolve(dir, 'm3_monthly_meta.csv'));
  const series: Series[] = [...train.keys()]
    .filter((id) => test.has(id))
    .slice(0, limit)
    .map((id) => ({ id, type: meta.get(id) ?? '?', train: train.get(id)!, test: test.get(id)!.slice(0, H) }));

  const t0 = performance.now();
  const raw = await runShards(series, methods, workers, variant);
  const wall = (performance.now() - t0) / 1000;
  const labels = [...new Set(raw.map((x) => x.method))];
  const scores = raw;
  const zeroSeries = series.filter((x) => x.train.some((v) => v <= 0)).length;

  const lines: string[] = [];
  const title = { monthly: '', quarterly: ' (summed into quarters)', 'zero-min': ' (each series minus its training minimum)' }[variant];
  lines.push(`# M3 monthly benchmark of src/core/forecast${title}`, '');
  lines.push(
    variant === 'quarterly'
      ? `${series.length} series, horizon 6 quarters (the 18 test months). sMAPE on quarterly totals; MASE scale = in-sample mean |x_t − x_{t−4}| of the quarterly training series.`
      : `${series.length} series, horizon ${H}. sMAPE = mean over h of 200·|y−f|/(|y|+|f|), then over series; MASE scale = in-sample mean |x_t − x_{t−12}|.`,
    '',
    `Series with a zero or negative training month: ${zeroSeries} of ${series.length}${variant === 'zero-min' ? ' before the shift (after it, every series has one)' : ''}.`,
    '',
  );
  lines.push('| method | mean sMAPE | mean MASE | median sMAPE | CPU time, all series |', '|---|---|---|---|---|');
  for (const m of labels) {
    const s = scores.filter((x) => x.method === m);
    const ma = s.map((x) => x.mase).filter(Number.isFinite);
    lines.push(`| ${m} | ${avg(s.map((x) => x.smape)).toFixed(3)} | ${avg(ma).toFixed(4)} | ${med(s.map((x) => x.smape)).toFixed(3)} | ${(s.reduce((a, x) => a + x.ms, 0) / 1000).toFixed(1)} s |`);
  }
  lines.push('', `Wall time for all rows: ${wall.toFixed(1)} s on ${workers} worker(s).`, '');
  const autos = labels.filter((m) => m.startsWith('auto'));
  const types = [...new Set(series.map((s) => s.type))].sort();
  if (autos.length) {
    lines.push('## By series type (sMAPE / MASE)', '');
    const cols = labels;
    lines.push(`| type | n | ${cols.join(' | ')} |`, `|---|---|${cols.map(() => '---').join('|')}|`);
    for (const t of types) {
      const cells = cols.map((m) => {
        const s = scores.filter((x) => x.method === m && x.type === t);
        return `${avg(s.map((x) => x.smape)).toFixed(2)} / ${avg(s.map((x) => x.mase).filter(Number.isFinite)).toFixed(3)}`;
      });
      lines.push(`| ${t} | ${series.filter((s) => s.type === t).length} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  const cpu = cpus();
  lines.push('## Machine and command', '');
  lines.push(`- CPU: ${cpu.length} × ${cpu[0]?.model ?? '?'}`);
  lines.push(`- Node ${process.version}, ${process.platform}/${process.arch}`);
  lines.push(`- Command: \`node ${['dist/bench/forecast-m3.js', ...args].join(' ')}\` (run as \`npm run bench:forecast\`) in ${process.cwd()}`, '');
  const ref = resolve(dir, 'REFERENCE.md');
  if (existsSync(ref)) {
    lines.push('## Reference (from REFERENCE.md)', '');
    lines.push(readFileSync(ref, 'utf8').replace(/^# .*\n/, '').trim(), '');
  }
  const md = lines.join('\n');
  process.stdout.write(md + '\n');
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, md + '\n');
}

if (isMainThread) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  });
} else {
  const { shard, methods, variant } = workerData as { shard: Series[]; methods: string[]; variant: Variant };
  parentPort!.postMessage(score(shard, methods, variant));
}
