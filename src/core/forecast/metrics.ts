/** Accuracy measures as used for M3 (Hyndman & Koehler 2006; Makridakis & Hibon 2000). */

/** Mean over steps of 200·|y − f| / (|y| + |f|); a step where both are 0 counts as 0. */
export function smape(actual: readonly number[], fc: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i]) + Math.abs(fc[i]);
    s += d > 0 ? (200 * Math.abs(actual[i] - fc[i])) / d : 0;
  }
  return actual.length ? s / actual.length : 0;
}

/** In-sample mean |x_t − x_{t−m}| (seasonal naive MAE); falls back to lag 1 when n ≤ m. */
export function maseScale(train: readonly number[], m = 12): number {
  const lag = train.length > m ? m : 1;
  let s = 0;
  let k = 0;
  for (let t = lag; t < train.length; t++) {
    s += Math.abs(train[t] - train[t - lag]);
    k++;
  }
  return k ? s / k : 0;
}

/** Mean absolute error divided by `scale`; NaN when the scale is 0 (callers skip those series). */
export function mase(actual: readonly number[], fc: readonly number[], scale: number): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(actual[i] - fc[i]);
  return actual.length && scale > 0 ? s / actual.length / scale : NaN;
}
