import { bi, formatNumber, formatPercent, type Bi } from '../i18n.js';
import { quarterKey, quarterOfMonth, parseMonthKey } from '../calendar.js';
import type { ForecastPlan, SeriesPlan } from './types.js';

/**
 * What the plan itself says against one series' target for one period (a month or a quarter): refused
 * (not to be signed: a target of 0 for an active series, or a forecast without spread), or unreliable
 * (the company's, its team's or its own history ends in a break; a rep's quarter outside 50 %–200 % of
 * their trailing-four-quarter average). Whoever reads a plan's targets carries these with them, so a
 * number the forecast would not sign is not scored or paid as if it were sound. The break is said the
 * same way for every series it touches (all the plan's breaks), so a reader can list them once.
 */
export function targetDoubts(plan: ForecastPlan, s: SeriesPlan, period: string): { refused: Bi | null; unreliable: Bi[] } {
  const refused = s.targets[period]?.[plan.measure]?.refused ?? null;
  const unreliable: Bi[] = [];
  if (plan.breaks.some((x) => x.id === s.id || x.id === s.parent || x.id === 'company')) {
    const shifts = plan.breaks.map((b) => {
      const who = b.id === 'company' ? bi('the company', '公司') : bi(`team ${b.name}`, `团队 ${b.name} `);
      const what = b.kind === 'collapse' ? bi('collapse', '骤降') : bi('surge', '骤升');
      return bi(`${who.en} ${what.en} to ${formatPercent('en', b.ratio, 0)}`, `${who.zh}${what.zh}至 ${formatPercent('zh', b.ratio, 0)}`);
    });
    unreliable.push(
      bi(
        `the history ends in a level shift (${shifts.map((x) => x.en).join(', ')} of the 3 months before)`,
        `历史末尾出现水平突变（${shifts.map((x) => x.zh).join('，')}，与此前 3 个月相比）`,
      ),
    );
  }
  const month = parseMonthKey(period);
  const quarter = month === null ? period : quarterKey(quarterOfMonth(month));
  const d = plan.measure === 'amount' ? 0 : 1;
  for (const f of s.targetFlags ?? [])
    if (f.period === quarter)
      unreliable.push(
        f.ratio === null
          ? bi(`nothing won in the trailing four quarters to compare ${f.period}'s target with`, `近四个季度没有赢单，${f.period} 目标无业绩可比`)
          : bi(
              `${f.period}'s target is ${formatPercent('en', f.ratio, 0)} of the rep's trailing-four-quarter average ${formatNumber('en', f.trailingQuarterAverage, d)} (outside 50%–200%)`,
              `${f.period} 目标为该销售近四个季度季均 ${formatNumber('zh', f.trailingQuarterAverage, d)} 的 ${formatPercent('zh', f.ratio, 0)}（超出 50%–200%）`,
            ),
      );
  return { refused, unreliable };
}

/** The rows each doubt concerns, one entry per doubt in first-seen order, their names listed as each language lists them. */
export function namesByDoubt<T>(rows: readonly T[], doubts: (row: T) => Bi[], who: (row: T) => Bi): { doubt: Bi; names: Bi; n: number }[] {
  const groups = new Map<string, { doubt: Bi; names: Bi[] }>();
  for (const r of rows) for (const d of doubts(r)) (groups.get(d.en) ?? groups.set(d.en, { doubt: d, names: [] }).get(d.en)!).names.push(who(r));
  return [...groups.values()].map(({ doubt, names }) => ({ doubt, names: bi(names.map((n) => n.en).join(', '), names.map((n) => n.zh).join('、')), n: names.length }));
}
