import { bi, type Bi } from '../../core/i18n.js';
import type { CheckResult } from '../../core/plan/check.js';

// Shared by the text report and the workbook, so both name a verdict and the probability alike.
export const VERDICTS: Record<CheckResult['verdict'], Bi> = { achievable: bi('achievable', '可实现'), stretch: bi('stretch', '有挑战'), unrealistic: bi('unrealistic', '不现实') };
export const P_PROPOSED = bi('P(≥proposed)', 'P(≥建议目标)');
