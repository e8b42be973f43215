import type { ForecastResult } from '../forecast/index.js';

/**
 * Reconciliation and coherent rounding. The plan reconciles top-down by forecast proportions: the
 * company series is forecast on its own; each month, the teams' own forecasts are scaled so they sum
 * to the company's, and the reps' own forecasts so they sum to their team's. Each child keeps its own
 * spread, scaled by the same factor.
 */

type Arrays = Pick<ForecastResult, 'mean' | 'sd' | 'lower80' | 'upper80' | 'lower95' | 'upper95'>;
const KEYS = ['mean', 'sd', 'lower80', 'upper80', 'lower95', 'upper95'] as const;

/** A result whose step i is `from[i]`'s step i times `factor[i]` (steps may come from different results). */
export function stepwise(base: ForecastResult, from: readonly ForecastResult[], factor: readonly number[]): ForecastResult {
  const out = { ...base, notes: [...base.notes] } as ForecastResult;
  for (const k of KEYS) (out as Arrays)[k] = factor.map((f, i) => from[i][k][i] * (k === 'sd' ? Math.abs(f) : f));
  return out;
}

export const scaled = (r: ForecastResult, factor: readonly number[]): ForecastResult => stepwise(r, factor.map(() => r), factor);

export function zeroLike(r: ForecastResult, method: string): ForecastResult {
  return { ...r, method, params: {}, notes: [], ...Object.fromEntries(KEYS.map((k) => [k, r.mean.map(() => 0)])) } as ForecastResult;
}

/**
 * Scales the active children so that, every month, their means sum to the parent's mean. A month where
 * the active children forecast nothing but the parent something is split equally among them.
 * Inactive children are zero.
 */
export function topDown(parent: ForecastResult, children: readonly ForecastResult[], active: readonly boolean[]): ForecastResult[] {
  const h = parent.mean.length;
  const nActive = active.filter(Boolean).length;
  return children.map((c, k) => {
    if (!active[k]) return zeroLike(c, c.method);
    const from: ForecastResult[] = [];
    const factor: number[] = [];
    for (let i = 0; i < h; i++) {
      let sum = 0;
      children.forEach((o, j) => (sum += active[j] ? o.mean[i] : 0));
      if (sum > 0) {
        from.push(c);
        factor.push(parent.mean[i] / sum);
      } else {
        from.push(parent);
        factor.push(1 / nActive);
      }
    }
    return stepwise(c, from, factor);
  });
}

/**
 * Applies a known change to a distribution's mean per step: the spread scales with the mean (relative
 * uncertainty kept); from a zero mean the distribution is shifted.
 */
export function adjusted(r: ForecastResult, delta: readonly number[]): ForecastResult {
  const out = scaled(
    r,
    r.mean.map((m, i) => (m > 0 ? (m + delta[i]) / m : 1)),
  );
  return {
    ...out,
    mean: out.mean.map((m, i) => (r.mean[i] > 0 ? m : m + delta[i])),
    lower80: out.lower80.map((v, i) => (r.mean[i] > 0 ? v : v + delta[i])),
    upper80: out.upper80.map((v, i) => (r.mean[i] > 0 ? v : v + delta[i])),
    lower95: out.lower95.map((v, i) => (r.mean[i] > 0 ? v : v + delta[i])),
    upper95: out.upper95.map((v, i) => (r.mean[i] > 0 ? v : v + delta[i])),
  };
}

export interface TreeNode {
  id: string;
  children: readonly TreeNode[];
}

/** Rounds x to `decimals` places, half away from zero, without binary noise. */
export const round = (x: number, decimals: number): number => {
  const u = 10 ** decimals;
  const v = Math.round(Math.abs(x) * u + 1e-9) / u;
  return x < 0 ? -v : v + 0;
};

/**
 * Rounds every node's value so that, exactly, children sum to their parent: the root is rounded, then
 * each parent's rounded value is apportioned to its children by largest remainder.
 */
export function roundCoherent(root: TreeNode, value: (id: string) => number, decimals: number): Map<string, number> {
  const u = 10 ** decimals;
  const out = new Map<string, number>();
  const visit = (node: TreeNode, total: number) => {
    out.set(node.id, total / u);
    if (node.children.length === 0) return;
    const raw = node.children.map((c) => value(c.id) * u);
    const units = raw.map((x) => Math.round(x));
    let diff = total - units.reduce((a, b) => a + b, 0);
    const order = raw.map((x, i) => i).sort((a, b) => (diff > 0 ? raw[b] - units[b] - (raw[a] - units[a]) : raw[a] - units[a] - (raw[b] - units[b])) || a - b);
    for (let k = 0; diff !== 0; k = (k + 1) % order.length) {
      const step = diff > 0 ? 1 : -1;
      units[order[k]] += step;
      diff -= step;
    }
    node.children.forEach((c, i) => visit(c, units[i]));
  };
  visit(root, Math.round(value(root.id) * u + (value(root.id) >= 0 ? 1e-9 : -1e-9)));
  return out;
}
