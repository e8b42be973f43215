import { bi, labelled, tr, type Bi, type Lang } from '../../core/i18n.js';
import type { ForecastPlan, Level, SeriesPlan } from '../../core/plan/index.js';
import { targetDoubts } from '../../core/plan/doubts.js';
import type { Problem } from '../../schema/problem.js';
import { problemsSheet, targetFormat, type ColumnFormat, type Fill, type Headline, type SheetImage, type SheetSpec } from '../../io/workbook.js';
import { baselineSpan, levelLabel, levelName, MEASURE_NAMES, P_BONUS, P_FLOOR, P_TARGET, SCOPES, shownSeries } from './present.js';

export const probFill = (p: unknown): Fill | undefined =>
  typeof p !== 'number' ? undefined : p >= 0.8 ? 'good' : p >= 0.5 ? 'warn' : 'bad';

/** The workbook's note on a target that rests on the team rather than the rep's own history. */
const shortHistoryNote = (lang: Lang, plan: ForecastPlan, s: SeriesPlan) =>
  s.shortHistory
    ? tr(
        lang,
        bi(
          `short history (${s.historyMonths} of ${plan.options.minRepMonths} months): team average per head`,
          `历史较短（${s.historyMonths} 个月，不足 ${plan.options.minRepMonths} 个月）：按团队人均`,
        ),
      )
    : null;

/** Why a target row needs a second look, or '' when it does not: the plan's own doubts (targetDoubts), worded as evaluate and alerts word them. */
function flagText(lang: Lang, plan: ForecastPlan, s: SeriesPlan, period: string): string {
  const { refused, unreliable } = targetDoubts(plan, s, period);
  const out = [
    ...(refused ? [bi(`refused: ${refused.en}`, `已拒绝：${refused.zh}`)] : []),
    ...unreliable.map((u) => bi(`unreliable: ${u.en}`, `不可靠：${u.zh}`)),
  ];
  return out.map((x) => tr(lang, x)).join(lang === 'zh' ? '；' : '; ');
}

function targetRows(plan: ForecastPlan, series: SeriesPlan[], lang: Lang): Record<string, unknown>[] {
  const periods = [...plan.months.target, ...plan.months.targetQuarters];
  const M = plan.measure;
  return series.flatMap((s) =>
    periods.map((p) => {
      const a = s.targets[p][M];
      // A refused target is not a number to sign: the cell says so, and the band and probabilities stay empty.
      const cell = a.refused
        ? { target: tr(lang, bi('refused', '已拒绝')), floor: null, ceiling: null, bonus: null, pFloor: null, pTarget: null, pBonus: null }
        : { target: a.target, floor: a.floor, ceiling: a.ceiling, bonus: a.bonus, pFloor: a.pFloor, pTarget: a.pTarget, pBonus: a.pBonus };
      const c = s.targets[p].count;
      const f = s.forecast[p]?.[M];
      const months = p.includes('Q') ? plan.months.forecast.filter((mk) => `${mk.slice(0, 4)}-Q${Math.floor((Number(mk.slice(5)) - 1) / 3) + 1}` === p) : [p];
      const sum = (k: 'statistical' | 'adjustment') => months.reduce((acc, mk) => acc + s.forecast[mk][M][k], 0);
      const pipe = months.reduce((acc, mk) => acc + s.pipeline.months[mk][M === 'amount' ? 'openAmount' : 'openCount'], 0);
      return {
        level: levelLabel(lang, s.level),
        name: levelName(lang, s),
        team: s.level === 'rep' ? s.team : '',
        period: p,
        measure: tr(lang, MEASURE_NAMES[M]),
        basis: shortHistoryNote(lang, plan, s),
        statistical: sum('statistical'),
        adjustment: sum('adjustment'),
        ...cell,
        refused: Boolean(a.refused),
        flag: flagText(lang, plan, s, p),
        targetCount: c.target,
        floorCount: c.floor,
        pCountTarget: c.pTarget,
        lower80: f?.lower80 ?? null,
        upper80: f?.upper80 ?? null,
        pipeline: pipe,
        adjustedTarget: null,
        note: null,
      };
    }),
  );
}

export function forecastSheets(plan: ForecastPlan, levels: Level[], lang: Lang, problems: Problem[], currency: string, images: SheetImage[] = []): SheetSpec[] {
  const t = (en: string, zh: string) => tr(lang, bi(en, zh));
  const shown = shownSeries(plan, levels);
  const company = plan.series[0];
  const m = plan.months;
  const M = plan.measure;
  const num = M === 'amount' ? ('int' as const) : ('decimal' as const);
  const money = M === 'amount' ? ('money' as const) : ('decimal' as const);
  const tgt = targetFormat(M);
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const { band, bonusThreshold } = plan.options;
  const cq = m.currentQuarter;
  // What a manager acts on first: each target quarter's company target, floor and bonus threshold with the
  // chance of reaching each, then where the current quarter stands.
  const headline: Headline[] = [
    ...m.targetQuarters.flatMap((q): Headline[] => {
      const c = company.targets[q][M];
      return [
        { label: t(`${q} company target`, `${q} 公司目标`), value: c.target, format: tgt },
        { label: tr(lang, P_TARGET), value: c.pTarget, format: 'percent' },
        { label: t(`Floor (target − ${pct(band)})`, `下限（目标 − ${pct(band)}）`), value: c.floor, format: tgt },
        { label: tr(lang, P_FLOOR), value: c.pFloor, format: 'percent' },
        { label: t(`Bonus threshold (target + ${pct(bonusThreshold)})`, `奖励线（目标 + ${pct(bonusThreshold)}）`), value: c.bonus, format: tgt },
        { label: tr(lang, P_BONUS), value: c.pBonus, format: 'percent' },
      ];
    }),
    { label: t(`${cq} won to date`, `${cq} 已签`), value: company.outlook[M].wonToDate, format: money },
    { label: t(`${cq} projected by quarter end`, `${cq} 季末预计`), value: company.outlook[M].projected, format: tgt },
    { label: t(`Baseline: last ${baselineSpan(plan)} months won`, `基线：近 ${baselineSpan(plan)} 个月赢单`), value: company.baseline[M], format: money },
  ];
  const measure = M === 'amount' ? (currency.trim() ? t(`amount (${currency.trim()})`, `金额（${currency.trim()}）`) : t('amount (no currency named)', '金额（未注明货币）')) : t('deal count (the file has no amounts)', '单数（文件中没有金额）');
  const details: [Bi, unknown, ColumnFormat?][] = [
    [bi('Measure', '度量'), measure],
    [bi('Deals read', '商机数'), plan.deals.total],
    [bi('Won (counted)', '赢单（计入）'), plan.deals.won],
    [bi('Won but cancelled (left out)', '赢单后取消（不计入）'), plan.deals.cancelled],
    [bi('Lost', '输单'), plan.deals.lost],
    [bi('Open', '进行中'), plan.deals.open],
    [bi('History', '历史'), m.history.length ? `${m.history[0]} … ${m.history[m.history.length - 1]} (${m.history.length})` : '—'],
    [bi('Horizon', '预测期'), `${m.forecast[0]} … ${m.forecast[m.forecast.length - 1]}`],
    [bi('Target months', '目标月份'), m.target.join(', ')],
    [bi('Method', '方法'), plan.options.method],
    [bi('Target', '目标'), plan.options.targetQuantile === null ? t('adjusted forecast (mean)', '调整后预测（均值）') : t(`quantile ${plan.options.targetQuantile}`, `${plan.options.targetQuantile} 分位数`)],
    [bi('Overall win rate (every stage without a configured probability)', '整体赢率（未配置概率的阶段均用此值）'), plan.winRate, 'percent'],
  ];
  const pctCols = new Set(['pFloor', 'pTarget', 'pBonus', 'pCountTarget']);
  return [
    {
      name: t('Summary', '概要'),
      headline: [...headline, ...details.map(([label, value, format]): Headline => ({ label: tr(lang, label), value, format, detail: true }))],
      // Caveats right under the figures they qualify; then how the levels were reconciled.
      notes: [...plan.notes.map((n) => tr(lang, n)), labelled(lang, t('Reconciliation', '协调方式'), tr(lang, plan.reconciliation))],
      columns: [],
      rows: [],
      images,
    },
    {
      name: t('Targets', '目标'),
      notes: [
        t(
          `Targets per level and month (and quarter), in ${measure}. Floor/ceiling = target ∓ ${plan.options.band * 100}%, bonus at target + ${plan.options.bonusThreshold * 100}%${plan.options.band === plan.options.bonusThreshold ? ' (the ceiling equals the bonus threshold by default)' : ''}. P(…) = probability of reaching it under the forecast. Fill in "Adjusted target" and "Note" to override; perf evaluate reads them back.`,
          `各层级各月（及季度）目标，单位：${measure}。下限/上限 = 目标 ∓ ${plan.options.band * 100}%，奖励线 = 目标 + ${plan.options.bonusThreshold * 100}%${plan.options.band === plan.options.bonusThreshold ? '（默认上限即奖励线）' : ''}。P(…) 为按预测分布达到该值的概率。可填写"调整后目标"和"备注"覆盖；perf evaluate 会读回。`,
        ),
        ...(shown.some((s) => s.shortHistory)
          ? [t('"Target basis" marks reps with too short a history: their target is the team average per head, so their attainment does not compare with the others\'.', '"目标依据"标出历史过短的销售：其目标为团队人均，达成率不宜与他人直接比较。')]
          : []),
      ],
      columns: [
        { key: 'level', header: t('Level', '层级'), width: 9 },
        { key: 'name', header: t('Name', '名称'), width: 16 },
        { key: 'team', header: t('Team', '团队'), width: 10 },
        { key: 'period', header: t('Period', '期间'), width: 9 },
        { key: 'measure', header: t('Measure', '度量'), width: 10 },
        { key: 'statistical', header: t('Statistical forecast', '统计预测'), format: num, width: 13 },
        { key: 'adjustment', header: t('Adjustment', '市场调整'), format: num, width: 11 },
        { key: 'target', header: t('Target', '目标'), format: num, width: 12 },
        { key: 'flag', header: t('Flag', '提示'), width: 40 },
        { key: 'floor', header: t('Floor', '下限'), format: num, width: 12 },
        { key: 'ceiling', header: t('Ceiling', '上限'), format: num, width: 12 },
        { key: 'bonus', header: t('Bonus threshold', '奖励线'), format: num, width: 12 },
        { key: 'pFloor', header: tr(lang, P_FLOOR), format: 'percent', width: 10 },
        { key: 'pTarget', header: tr(lang, P_TARGET), format: 'percent', width: 10 },
        { key: 'pBonus', header: tr(lang, P_BONUS), format: 'percent', width: 10 },
        { key: 'targetCount', header: t('Target deals', '目标单数'), format: 'decimal', width: 10 },
        { key: 'floorCount', header: t('Floor deals', '下限单数'), format: 'decimal', width: 10 },
        { key: 'pCountTarget', header: t('P(≥target deals)', 'P(≥目标单数)'), format: 'percent', width: 12 },
        { key: 'lower80', header: t('80% low', '80% 下界'), format: num, width: 11 },
        { key: 'upper80', header: t('80% high', '80% 上界'), format: num, width: 11 },
        { key: 'pipeline', header: M === 'amount' ? t('Open pipeline', '管道金额') : t('Open deals', '管道单数'), format: 'int', width: 12 },
        { key: 'basis', header: t('Target basis', '目标依据'), width: 30 },
        { key: 'adjustedTarget', header: t('Adjusted target', '调整后目标'), format: num, width: 14 },
        { key: 'note', header: t('Note', '备注'), width: 30 },
      ],
      rows: targetRows(plan, shown, lang),
      fill: (row, key) => {
        if (key === 'flag' || (key === 'target' && row.refused)) return row.refused ? 'bad' : row.flag ? 'warn' : undefined;
        if (pctCols.has(key)) return probFill(row[key]);
        return key === 'floor' ? 'warn' : key === 'target' ? 'info' : key === 'bonus' ? 'good' : undefined;
      },
    },
    {
      name: t('Forecast', '预测'),
      columns: [
        { key: 'level', header: t('Level', '层级'), width: 9 },
        { key: 'name', header: t('Name', '名称'), width: 16 },
        { key: 'month', header: t('Month', '月份'), width: 9 },
        { key: 'statistical', header: t('Statistical', '统计预测'), format: num, width: 12 },
        { key: 'adjustment', header: t('Adjustment', '市场调整'), format: num, width: 11 },
        { key: 'mean', header: t('Forecast', '预测'), format: num, width: 12 },
        { key: 'lower80', header: t('80% low', '80% 下界'), format: num, width: 11 },
        { key: 'upper80', header: t('80% high', '80% 上界'), format: num, width: 11 },
        { key: 'lower95', header: t('95% low', '95% 下界'), format: num, width: 11 },
        { key: 'upper95', header: t('95% high', '95% 上界'), format: num, width: 11 },
        { key: 'count', header: t('Deals', '单数'), format: 'decimal', width: 9 },
        { key: 'open', header: M === 'amount' ? t('Open pipeline', '管道金额') : t('Open deals', '管道单数'), format: M === 'amount' ? 'int' : 'decimal', width: 12 },
        { key: 'weighted', header: t('Weighted pipeline', '加权管道'), format: M === 'amount' ? 'int' : 'decimal', width: 12 },
      ],
      rows: shown.flatMap((s) =>
        m.forecast.map((mk) => ({
          level: levelLabel(lang, s.level),
          name: levelName(lang, s),
          month: mk,
          ...s.forecast[mk][M],
          count: s.forecast[mk].count.mean,
          open: M === 'amount' ? s.pipeline.months[mk].openAmount : s.pipeline.months[mk].openCount,
          weighted: M === 'amount' ? s.pipeline.months[mk].weighted : s.pipeline.months[mk].weightedCount,
        })),
      ),
    },
    {
      // Excel reserves the sheet name "History".
      name: t('Won history', '历史'),
      columns: [
        { key: 'level', header: t('Level', '层级'), width: 9 },
        { key: 'name', header: t('Name', '名称'), width: 16 },
        { key: 'month', header: t('Month', '月份'), width: 9 },
        { key: 'count', header: t('Won deals', '赢单数'), format: 'int', width: 10 },
        { key: 'amount', header: t('Won amount', '赢单金额'), format: 'money', width: 14 },
        { key: 'newCount', header: t('New customers', '新客户数'), format: 'int', width: 12 },
        { key: 'newAmount', header: t('New-customer amount', '新客户金额'), format: 'money', width: 16 },
        { key: 'status', header: t('Status', '状态'), width: 14 },
      ],
      rows: shown.flatMap((s) => [
        ...Object.entries(s.history).map(([month, a]) => ({ level: levelLabel(lang, s.level), name: levelName(lang, s), month, ...a, status: t('complete', '完整月') })),
        { level: levelLabel(lang, s.level), name: levelName(lang, s), month: m.current, ...s.monthToDate, status: t(`to ${plan.asOf}`, `截至 ${plan.asOf}`) },
      ]),
    },
    {
      name: t('Method', '方法'),
      columns: [
        { key: 'level', header: t('Level', '层级'), width: 9 },
        { key: 'name', header: t('Name', '名称'), width: 16 },
        { key: 'measure', header: t('Measure', '指标'), width: 9 },
        { key: 'months', header: t('History months', '历史月数'), format: 'int', width: 10 },
        { key: 'method', header: t('Method', '方法'), width: 36 },
        { key: 'params', header: t('Parameters', '参数'), width: 40 },
        { key: 'origins', header: t('Backtest origins', '回测起点数'), format: 'int', width: 10 },
        { key: 'mae', header: 'MAE', format: 'decimal', width: 12 },
        { key: 'wape', header: 'WAPE', format: 'percent', width: 9 },
        { key: 'mase', header: 'MASE', format: 'decimal', width: 9 },
        { key: 'bias', header: t('Bias', '偏差'), format: 'decimal', width: 12 },
        { key: 'coverage80', header: t('80% coverage', '80% 覆盖'), format: 'percent', width: 10 },
        { key: 'notes', header: t('Notes', '说明'), width: 60 },
      ],
      rows: shown.flatMap((s) =>
        (['amount', 'count'] as const).map((me) => {
          const x = s.method[me];
          return {
            level: levelLabel(lang, s.level),
            name: levelName(lang, s),
            measure: me === 'amount' ? t('amount', '金额') : t('deals', '单数'),
            months: s.historyMonths,
            method: x.method,
            params: Object.entries(x.params)
              .map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toPrecision(4)) : v}`)
              .join(' '),
            ...(x.backtest ?? {}),
            notes: x.notes.map((note) => tr(lang, note)).join(lang === 'zh' ? '；' : '; '),
          };
        }),
      ),
    },
    {
      name: t('Adjustments', '市场调整'),
      columns: [
        { key: 'row', header: t('Row', '行号'), format: 'int', width: 7 },
        { key: 'scope', header: t('Scope', '范围'), width: 8 },
        { key: 'name', header: t('Name', '名称'), width: 14 },
        { key: 'from', header: t('From', '开始'), width: 9 },
        { key: 'to', header: t('To', '结束'), width: 9 },
        { key: 'change', header: t('Change', '调整'), width: 10 },
        { key: 'measure', header: t('Measure', '指标'), width: 9 },
        { key: 'reason', header: t('Reason', '原因'), width: 40 },
        { key: 'total', header: t('Effect on company', '对公司的影响'), format: 'int', width: 14 },
        { key: 'byMonth', header: t('Effect by month', '分月影响'), width: 40 },
        { key: 'skipped', header: t('Months outside horizon', '超出预测期的月份'), width: 20 },
      ],
      rows: plan.adjustments.map((a) => ({
        ...a,
        scope: tr(lang, SCOPES[a.scope]),
        measure: tr(lang, MEASURE_NAMES[a.measure]),
        byMonth: Object.entries(a.effect)
          .map(([k, v]) => `${k}: ${v}`)
          .join(', '),
        skipped: a.skippedMonths.join(', '),
      })),
    },
    problemsSheet(lang, problems),
  ];
}
