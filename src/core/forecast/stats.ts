/** Small numeric helpers shared by the forecasting methods. Pure; no global randomness. */

export function mean(x: readonly number[]): number {
  if (x.length === 0) return 0;
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
}

export function median(x: readonly number[]): number {
  if (x.length === 0) return 0;
  const s = [...x].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}

/** Root mean square; 0 for an empty array. */
export function rms(x: readonly number[]): number {
  if (x.length === 0) return 0;
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s / x.length);
}

export function isConstant(x: readonly number[]): boolean {
  for (let i = 1; i < x.length; i++) if (x[i] !== x[0]) return false;
  return true;
}

/** Least-squares line through (t0 + i, y[i]); returns intercept at t = 0 and slope. */
export function linearFit(y: readonly number[], t0 = 0): { intercept: number; slope: number } {
  const n = y.length;
  if (n === 0) return { intercept: 0, slope: 0 };
  if (n === 1) return { intercept: y[0], slope: 0 };
  const tbar = t0 + (n - 1) / 2;
  const ybar = mean(y);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dt = t0 + i - tbar;
    sxy += dt * (y[i] - ybar);
    sxx += dt * dt;
  }
  const slope = sxy / sxx;
  return { intercept: ybar - slope * tbar, slope };
}

/** Sample autocorrelations r_1..r_maxLag, as R's acf(). */
export function acf(x: readonly number[], maxLag: number): number[] {
  const n = x.length;
  const xbar = mean(x);
  let c0 = 0;
  for (const v of x) c0 += (v - xbar) ** 2;
  const r: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    let c = 0;
    for (let t = 0; t + k < n; t++) c += (x[t] - xbar) * (x[t + k] - xbar);
    r.push(c0 > 0 ? c / c0 : 0);
  }
  return r;
}

/** Standard normal CDF (W. J. Cody's rational erfc approximation via Numerical Recipes erfcc, |rel err| < 1.2e-7). */
export function normalCdf(z: number): number {
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  const x = -z / Math.SQRT2;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.5 * a);
  const erfc =
    t *
    Math.exp(
      -a * a -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  const e = x >= 0 ? erfc : 2 - erfc;
  return 0.5 * e;
}

/** Standard normal quantile (Acklam's algorithm, |rel err| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const plow = 0.02425;
  if (p < plow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - plow) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

export const Z80 = normalQuantile(0.9);
export const Z95 = normalQuantile(0.975);

/** Seeded PRNG (mulberry32): deterministic uniform draws in [0, 1). */
export function makeRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws from a uniform source (Box–Muller). */
export function makeNormal(rng: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    const u = 1 - rng();
    const v = rng();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/** Linear-interpolated sample quantile (R type 7) of an ascending-sorted array. */
export function sortedQuantile(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
