import type { EvaluateConfig } from '../../schema/config/evaluate.js';

export interface RewardTier {
  attainment: number;
  rate: number;
  /** amount signed inside this tier's attainment range */
  base: number;
  reward: number;
}

export interface Reward {
  amount: number;
  bonusBase: number;
  tiers: RewardTier[];
}

/**
 * Accelerator pay-out: each tier's rate applies to the amount signed between its attainment and the
 * next tier's (the last tier is open-ended); the bonus base is paid once attainment passes 1 + band.
 */
export function rewardOf(actual: number, target: number, cfg: EvaluateConfig): Reward {
  if (!(target > 0) || actual <= target * (1 + cfg.band)) return { amount: 0, bonusBase: 0, tiers: [] };
  const tiers = [...cfg.accelerators].sort((a, b) => a.attainment - b.attainment);
  const out: RewardTier[] = [];
  tiers.forEach((t, i) => {
    const lo = target * t.attainment;
    const hi = i + 1 < tiers.length ? target * tiers[i + 1].attainment : Infinity;
    const base = Math.max(0, Math.min(actual, hi) - lo);
    if (base > 0) out.push({ attainment: t.attainment, rate: t.rate, base: round2(base), reward: round2(base * t.rate) });
  });
  const amount = round2(out.reduce((s, t) => s + t.reward, 0) + cfg.bonusBase);
  return { amount, bonusBase: cfg.bonusBase, tiers: out };
}

export const round2 = (v: number) => Math.round(v * 100) / 100;
