import { bi, tr, type Bi, type Lang } from '../../core/i18n.js';
import type { ForecastPlan, Level, Measure, SeriesPlan } from '../../core/plan/index.js';
import { NO_TEAM } from '../../core/teams.js';

// Shared by the text report and the workbook: both read the same plan numbers, so they name them alike.

export const levelName = (lang: Lang, s: Pick<SeriesPlan, 'level' | 'name'>) => (s.level === 'company' ? tr(lang, bi('Company', '公司')) : s.name);
export const levelLabel = (lang: Lang, l: Level) => tr(lang, { company: bi('company', '公司'), team: bi('team', '团队'), rep: bi('rep', '销售') }[l]);

/** The series a report shows: the requested levels, minus the placeholder team when the data has no teams. */
export function shownSeries(plan: ForecastPlan, levels: readonly Level[]): SeriesPlan[] {
  const noTeams = plan.series.filter((s) => s.level === 'team').every((s) => s.name === NO_TEAM);
  return plan.series.filter((s) => levels.includes(s.level) && !(noTeams && s.level === 'team') && (s.level !== 'rep' || s.active || s.historyMonths > 0));
}

export const P_FLOOR = bi('P(≥floor)', 'P(≥下限)');
export const P_TARGET = bi('P(≥target)', 'P(≥目标)');
export const P_BONUS = bi('P(≥bonus)', 'P(≥奖励线)');
export const SCOPES: Record<'all' | 'team' | 'rep', Bi> = { all: bi('all', '全部'), team: bi('team', '团队'), rep: bi('rep', '销售') };
export const MEASURE_NAMES: Record<Measure | 'both', Bi> = { amount: bi('amount', '金额'), count: bi('deal count', '单数'), both: bi('amount and deals', '金额和单数') };

/** Months the baseline sums: the configured span (baselineMonths), or the whole history when it is shorter. */
export const baselineSpan = (plan: ForecastPlan): number => Math.min(plan.options.baselineMonths, plan.months.history.length);
