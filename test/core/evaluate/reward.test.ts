import { describe, expect, it } from 'vitest';
import { rewardOf } from '../../../src/core/evaluate/index.js';
import { EvaluateConfigSchema } from '../../../src/schema/config/evaluate.js';

const cfg = EvaluateConfigSchema.parse({});

describe('accelerator reward', () => {
  it('pays nothing up to target + 15%', () => {
    expect(rewardOf(115, 100, cfg).amount).toBe(0);
    expect(rewardOf(50, 0, cfg).amount).toBe(0);
  });
  it('pays each tier on the amount inside it: 160 on a target of 100', () => {
    // 115–130: 15 × 5% = 0.75; 130–150: 20 × 8% = 1.6; 150–160: 10 × 12% = 1.2
    const r = rewardOf(160, 100, cfg);
    expect(r.tiers.map((t) => [t.base, t.reward])).toEqual([[15, 0.75], [20, 1.6], [10, 1.2]]);
    expect(r.amount).toBe(3.55);
  });
  it('adds the bonus base once past the band', () => {
    const c = EvaluateConfigSchema.parse({ bonusBase: 1000, accelerators: [{ attainment: 1.2, rate: 0.1 }] });
    expect(rewardOf(125, 100, c).amount).toBe(1000.5); // 1000 + (125 − 120) × 10%
    expect(rewardOf(110, 100, c).amount).toBe(0);
  });
});
