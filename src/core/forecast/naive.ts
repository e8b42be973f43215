import { fallbackSd, normalResult, PERIOD, type ForecastResult } from './types.js';
import { mean, rms } from './stats.js';

/** Last value carried forward; sd = σ·√h with σ the RMS of first differences (random walk). */
export function naive(y: readonly number[], h: number): ForecastResult {
  const n = y.length;
  const last = n > 0 ? y[n - 1] : 0;
  const diffs: number[] = [];
  for (let t = 1; t < n; t++) diffs.push(y[t] - y[t - 1]);
  const notes: string[] = [];
  let sigma = rms(diffs);
  if (diffs.length < 2) {
    sigma = fallbackSd(y);
    if (n > 0) notes.push('too few observations to estimate the spread; sd = mean absolute level');
  }
  const m = new Array<number>(h).fill(last);
  const sd = m.map((_, i) => sigma * Math.sqrt(i + 1));
  return normalResult('naive', {}, m, sd, sigma, notes);
}

/** Historical mean with constant sd (the series' own sd, inflated for the estimated mean). */
export function meanForecast(y: readonly number[], h: number): ForecastResult {
  const n = y.length;
  const mu = mean(y);
  const notes: string[] = [];
  let sigma: number;
  if (n >= 3) {
    sigma = Math.sqrt(y.reduce((s, v) => s + (v - mu) ** 2, 0) / (n - 1));
  } else {
    sigma = fallbackSd(y);
    if (n > 0) notes.push('too few observations to estimate the spread; sd = mean absolute level');
  }
  const sdh = sigma * Math.sqrt(1 + 1 / Math.max(1, n));
  return normalResult('mean', {}, new Array<number>(h).fill(mu), new Array<number>(h).fill(sdh), sigma, notes);
}

/**
 * Seasonal naive: month h repeats the same month one year earlier. sd = σ·√(k+1), k = ⌊(h−1)/m⌋,
 * σ the RMS of y_t − y_{t−m}. Shorter than one cycle: falls back to naive.
 */
export function snaive(y: readonly number[], h: number, m = PERIOD): ForecastResult {
  const n = y.length;
  if (n < m) {
    const r = naive(y, h);
    return { ...r, method: 'naive', notes: [...r.notes, `fewer than ${m} months: seasonal naive unavailable, used naive`] };
  }
  const res: number[] = [];
  for (let t = m; t < n; t++) res.push(y[t] - y[t - m]);
  const notes: string[] = [];
  let sigma = rms(res);
  if (res.length < 2) {
    sigma = fallbackSd(y);
    notes.push('too few seasonal differences to estimate the spread; sd = mean absolute level');
  }
  const mu: number[] = [];
  const sd: number[] = [];
  for (let i = 0; i < h; i++) {
    mu.push(y[n - m + (i % m)]);
    sd.push(sigma * Math.sqrt(Math.floor(i / m) + 1));
  }
  return normalResult('snaive', {}, mu, sd, sigma, notes);
}

/**
 * The static target the article criticises: last year's total × (1 + growth), split evenly over the
 * months (m = 4: quarters; m = 1 is read as monthly). With fewer than a year of training the available months are annualised; without a fixed
 * growth it uses the training's own trailing year-over-year growth (0 before 24 months).
 */
export function staticForecast(train: readonly number[], h: number, growth: number | null, m = PERIOD): number[] {
  const year = Math.max(1, m === 1 ? PERIOD : m);
  const k = Math.min(year, train.length);
  const last = train.slice(train.length - k).reduce((a, b) => a + b, 0);
  let g = growth ?? 0;
  if (growth === null && train.length >= 2 * year) {
    const prior = train.slice(train.length - 2 * year, train.length - year).reduce((a, b) => a + b, 0);
    g = prior > 0 ? last / prior - 1 : 0;
  }
  const perMonth = k ? (last / k) * (1 + g) : 0;
  return new Array<number>(h).fill(perMonth);
}

/** The static target as a forecast: its flat months, with the spread of the historical mean of the months it sums. */
export function staticTarget(y: readonly number[], h: number, m = PERIOD): ForecastResult {
  const k = Math.min(m === 1 ? PERIOD : m, y.length);
  const spread = meanForecast(y.slice(y.length - k), h);
  return normalResult('static', {}, staticForecast(y, h, null, m), spread.sd, spread.fittedResidualSd);
}
