import chalk from 'chalk';
import Table from 'cli-table3';
import type { Command } from 'commander';
import { EXIT, PerfError } from '../../core/errors.js';
import { bi, formatNumber, formatPercent, tr, type Bi, type Lang } from '../../core/i18n.js';
import {
  LEVELS,
  planForecast,
  planJson,
  type ForecastPlan,
  type Level,
  type Measure,
  type PipelineCell,
  type SeriesPlan,
} from '../../core/plan/index.js';
import type { Problem } from '../../schema/problem.js';
import { checkOutputPath } from '../../io/output.js';
import { problemsSheet, type Fill, type SheetSpec } from '../../io/workbook.js';
import { action, addOutputFlags, addReadFlags, examples, writeJsonOrWorkbook, type OutputFlags } from '../common.js';
import { addChartFlags, chartOutputs, type ChartFlags } from '../chart-files.js';
import { forecastCharts } from '../../core/charts/index.js';
import { strictExit, type Context } from '../context.js';
import { loadPlanInputs, METHODS, type PlanFlags } from '../plan-inputs.js';
import { clipText, problemLines, sparkline, wrapText } from '../render.js';


interface ForecastFlags extends PlanFlags, OutputFlags, ChartFlags {
  by?: string;
  targetQuantile?: string;
}

const usage = (en: string, zh: string) => new PerfError(EXIT.usage, bi(en, zh));

function parseLevels(text: string | undefined): Level[] {
  if (!text) return [...LEVELS];
  const out = text.split(',').map((s) => s.trim().toLowerCase());
  const bad = out.filter((l) => !LEVELS.includes(l as Level));
  if (bad.length || out.length === 0) throw usage(`--by takes company,team,rep (any of them), not "${text}"`, `--by 只能是 company,team,rep 的组合，而不是"${text}"`);
  return LEVELS.filter((l) => out.includes(l));
}

// ---------- shared presentation helpers (text and workbook agree because both read the same plan numbers) ----------

export const levelName = (lang: Lang, s: Pick<SeriesPlan, 'level' | 'name'>) => (s.level === 'company' ? tr(lang, bi('Company', '公司')) : s.name);
export const levelLabel = (lang: Lang, l: Level) => tr(lang, { company: bi('company', '公司'), team: bi('team', '团队'), rep: bi('rep', '销售') }[l]);

/** The series a report shows: the requested levels, minus the placeholder team when the data has no teams. */
export function shownSeries(plan: ForecastPlan, levels: readonly Level[]): SeriesPlan[] {
  const noTeams = plan.series.filter((s) => s.level === 'team').every((s) => s.name === '—');
  return plan.series.filter((s) => levels.includes(s.level) && !(noTeams && s.level === 'team') && (s.level !== 'rep' || s.active || s.historyMonths > 0));
}

export function textTable(head: string[], rows: string[][], right: number[], title?: string): string {
  const table = new Table({
    head: head.map((h) => chalk.bold(h)),
    style: { head: [], border: [], compact: true, 'padding-left': 1, 'padding-right': 1 },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    colAligns: head.map((_, i) => (right.includes(i) ? 'right' : 'left')),
  });
  for (const r of rows) table.push(r);
  return `${title ? `${chalk.bold(title)}\n` : ''}${table.toString()}`;
}

const indent = (s: SeriesPlan) => (s.level === 'company' ? '' : s.level === 'team' ? '  ' : '    ');
const money = (lang: Lang, v: number) => formatNumber(lang, v, 0);
const count = (lang: Lang, v: number) => formatNumber(lang, v, 1);
/** 1.2M, 845k: for ranges in narrow columns. */
const compact = (lang: Lang, v: number) =>
  Math.abs(v) >= 1e6 ? `${formatNumber(lang, v / 1e6, 2)}M` : Math.abs(v) >= 1e4 ? `${formatNumber(lang, v / 1e3, 0)}k` : formatNumber(lang, v, 0);
const pct = (lang: Lang, v: number | null) => (v === null ? '—' : formatPercent(lang, v, 1));

/** 12 months of history, a thin bar, then the forecast (won amount). */
export function trend(plan: ForecastPlan, s: SeriesPlan, measure: Measure = 'amount'): string {
  const hist = plan.months.history.slice(-12).map((m) => s.history[m]?.[measure] ?? 0);
  const fc = plan.months.forecast.map((m) => s.forecast[m][measure].mean);
  const line = sparkline([...hist, ...fc]);
  return `${line.slice(0, hist.length)}┊${line.slice(hist.length)}`;
}

export const P_FLOOR = bi('P(≥floor)', 'P(≥下限)');
export const P_TARGET = bi('P(≥target)', 'P(≥目标)');
export const P_BONUS = bi('P(≥bonus)', 'P(≥奖励线)');
const SCOPES: Record<'all' | 'team' | 'rep', Bi> = { all: bi('all', '全部'), team: bi('team', '团队'), rep: bi('rep', '销售') };
const MEASURE_NAMES: Record<Measure | 'both', Bi> = { amount: bi('amount', '金额'), count: bi('deal count', '单数'), both: bi('amount and deals', '金额和单数') };

export const probFill = (p: unknown): Fill | undefined =>
  typeof p !== 'number' ? undefined : p >= 0.8 ? 'good' : p >= 0.5 ? 'warn' : 'bad';

// ---------- text ----------

/** Widest rep or team name in a text table (terminal columns); JSON and workbooks keep the full name. */
const NAME_WIDTH = 18;

/** How one measure reads in text: amounts in currency units, deal counts to a tenth. */
function measureText(lang: Lang, measure: Measure, currency: string) {
  const fmt = measure === 'amount' ? (v: number) => money(lang, v) : (v: number) => count(lang, v);
  return {
    fmt,
    /** Won deals so far are whole numbers. */
    whole: (v: number) => money(lang, v),
    range: measure === 'amount' ? (lo: number, hi: number) => `${compact(lang, lo)}–${compact(lang, hi)}` : (lo: number, hi: number) => `${count(lang, lo)}–${count(lang, hi)}`,
    total: measure === 'amount' ? (v: number) => `${currency}${money(lang, v)}` : (v: number) => tr(lang, bi(`${count(lang, v)} deals`, `${count(lang, v)} 单`)),
    open: (c: PipelineCell) => (measure === 'amount' ? c.openAmount : c.openCount),
    weighted: (c: PipelineCell) => (measure === 'amount' ? c.weighted : c.weightedCount),
  };
}

/** The stage win rates in one phrase: configured ones per stage, the learned overall rate once. */
function stageRates(lang: Lang, plan: ForecastPlan): string {
  const t = (en: string, zh: string) => tr(lang, bi(en, zh));
  const conf = plan.stageProbabilities.filter((s) => s.source === 'config').map((s) => `${s.label} ${formatPercent(lang, s.probability, 0)}*`);
  const rate = plan.winRate === null ? '—' : formatPercent(lang, plan.winRate, 0);
  const learned = plan.stageProbabilities.some((s) => s.source === 'learned')
    ? t(
        `${conf.length ? 'other stages: ' : ''}overall win rate ${rate} (per-stage rates need stage history or \`forecast.stageProbabilities\` in the config)`,
        `${conf.length ? '其他阶段：' : ''}整体赢率 ${rate}（分阶段赢率需要阶段历史，或在配置中设置 \`forecast.stageProbabilities\`）`,
      )
    : '';
  return [...conf, learned].filter(Boolean).join(lang === 'zh' ? '，' : ', ');
}

function renderForecast(ctx: Context, plan: ForecastPlan, levels: Level[], problems: Problem[], problemCount: number): string {
  const { lang } = ctx;
  const t = (en: string, zh: string) => ctx.t(bi(en, zh));
  const n = (v: number) => formatNumber(lang, v, 0);
  const M = plan.measure;
  const mt = measureText(lang, M, ctx.config.currency);
  const shown = shownSeries(plan, levels);
  const d = plan.deals;
  const m = plan.months;
  const out: string[] = [];
  out.push(chalk.bold(t(`perf forecast · ${plan.file} · as of ${plan.asOf}`, `perf forecast · ${plan.file} · 基准日期 ${plan.asOf}`)));
  const hist = m.history.length ? `${m.history[0]}…${m.history[m.history.length - 1]}` : '—';
  out.push(
    t(
      `${n(d.total)} deals: ${n(d.won)} won, ${n(d.lost)} lost, ${n(d.open)} open` + (d.cancelled ? `, ${n(d.cancelled)} cancelled after signing (left out)` : '') + `\nHistory ${hist} (${m.history.length} months)`,
      `共 ${n(d.total)} 条商机：赢单 ${n(d.won)}、输单 ${n(d.lost)}、进行中 ${n(d.open)}` + (d.cancelled ? `、赢单后取消 ${n(d.cancelled)}（不计入）` : '') + `\n历史 ${hist}（${m.history.length} 个月）`,
    ),
  );
  const tq = m.targetQuarters.join(', ') || m.target.join(', ');
  out[out.length - 1] += t(
    ` · forecast ${m.forecast[0]}…${m.forecast[m.forecast.length - 1]} · targets ${tq} · ${plan.options.method}`,
    ` · 预测期 ${m.forecast[0]}…${m.forecast[m.forecast.length - 1]} · 目标期 ${tq} · ${plan.options.method}`,
  );
  if (M === 'count')
    out.push(chalk.bold(t('Measure: deal count (the file has no amounts): targets, band, probabilities and pipeline count won deals.', '度量：单数（文件中没有金额）：目标、浮动区间、概率和销售管道均按赢单数计算。')));
  out.push('');

  const name = (s: SeriesPlan) => indent(s) + clipText(levelName(lang, s), NAME_WIDTH) + (s.shortHistory ? ' †' : '');
  const cq = m.currentQuarter;
  const head = plan.series[0];
  const hq = m.targetQuarters[0];
  if (hq) {
    const a = head.targets[hq][M];
    out.push(
      chalk.bold(
        t(
          `→ ${hq} company target ${mt.total(a.target)} · floor ${mt.fmt(a.floor)} (P ${pct(lang, a.pFloor)}) · bonus from ${mt.fmt(a.bonus)} (P ${pct(lang, a.pBonus)})`,
          `→ ${hq} 公司目标 ${mt.total(a.target)} · 下限 ${mt.fmt(a.floor)}（达成概率 ${pct(lang, a.pFloor)}）· 奖励线 ${mt.fmt(a.bonus)}（达成概率 ${pct(lang, a.pBonus)}）`,
        ),
      ),
    );
    out.push(
      t(
        `→ ${cq}: ${mt.whole(head.outlook[M].wonToDate)} won so far, ${mt.fmt(head.outlook[M].projected)} projected by quarter end`,
        `→ ${cq}：已签 ${mt.whole(head.outlook[M].wonToDate)}，预计季末 ${mt.fmt(head.outlook[M].projected)}`,
      ),
    );
    out.push('');
  }
  out.push(
    textTable(
      [t('Series', '对象'), t('12 m ┊ forecast', '近12月 ┊ 预测'), t('Last 12 m', '近12个月'), t('Won to date', '已签'), t('Projected', '预计'), t('80% range', '80% 区间')],
      shown.map((s) => {
        const o = s.outlook[M];
        return [name(s), trend(plan, s, M), mt.whole(s.baseline[M]), mt.whole(o.wonToDate), mt.fmt(o.projected), mt.range(o.lower80, o.upper80)];
      }),
      [2, 3, 4, 5],
      M === 'amount'
        ? t(`Won amount: last 12 months, then the forecast; ${cq} so far and projected`, `赢单金额：近 12 个月与预测；${cq} 已签与预计`)
        : t(`Won deals: last 12 months, then the forecast; ${cq} so far and projected`, `赢单数：近 12 个月与预测；${cq} 已签与预计`),
    ),
  );
  out.push('');

  const periods = m.targetQuarters.length ? m.targetQuarters : m.target;
  // With mean targets P(≥target) is 50% by construction; it is shown only for quantile targets.
  const quantileTargets = plan.options.targetQuantile !== null;
  const withDeals = M === 'amount';
  const pHead = [ctx.t(P_FLOOR), ...(quantileTargets ? [ctx.t(P_TARGET)] : []), ctx.t(P_BONUS)];
  const band = formatPercent(lang, plan.options.band, 0);
  const bonusAt = formatPercent(lang, plan.options.bonusThreshold, 0);
  const ceiling =
    plan.options.band === plan.options.bonusThreshold
      ? t(`; the ceiling, target + ${band}, equals "Bonus at"`, `；上限（目标 + ${band}）即奖励线`)
      : t(`; the ceiling, target + ${band}, is in the workbook`, `；上限（目标 + ${band}）见工作簿`);
  for (const p of periods) {
    out.push(
      textTable(
        [t('Series', '对象'), t('Target', '目标'), t('Floor', '下限'), t('Bonus at', '奖励线'), ...pHead, ...(withDeals ? [t('Deals', '单数')] : [])],
        shown.map((s) => {
          const a = s.targets[p][M];
          return [name(s), mt.fmt(a.target), mt.fmt(a.floor), mt.fmt(a.bonus), pct(lang, a.pFloor), ...(quantileTargets ? [pct(lang, a.pTarget)] : []), pct(lang, a.pBonus), ...(withDeals ? [count(lang, s.targets[p].count.target)] : [])];
        }),
        [1, 2, 3, 4, 5, 6, 7],
        t(
          `Targets ${p} (target = ${plan.options.targetQuantile === null ? 'adjusted forecast' : `${plan.options.targetQuantile} quantile`}, band ±${band}, bonus at +${bonusAt}${ceiling})`,
          `${p} 目标（目标 = ${plan.options.targetQuantile === null ? '调整后预测' : `${plan.options.targetQuantile} 分位数`}，浮动 ±${band}，超 +${bonusAt} 奖励${ceiling}）`,
        ),
      ),
    );
    out.push('');
  }

  const top = shown.filter((s) => s.level !== 'rep');
  if (top.length) {
    out.push(
      textTable(
        [t('Series', '对象'), t('Month', '月份'), t('Target', '目标'), t('Floor', '下限'), t('Bonus at', '奖励线'), ctx.t(P_FLOOR), ctx.t(P_BONUS), ...(withDeals ? [t('Deals', '单数')] : [])],
        top.flatMap((s) =>
          m.target.map((mk, i) => {
            const a = s.targets[mk][M];
            return [i === 0 ? name(s) : '', mk, mt.fmt(a.target), mt.fmt(a.floor), mt.fmt(a.bonus), pct(lang, a.pFloor), pct(lang, a.pBonus), ...(withDeals ? [count(lang, s.targets[mk].count.target)] : [])];
          }),
        ),
        [2, 3, 4, 5, 6, 7],
        t('Monthly targets (reps: -o targets.xlsx)', '月度目标（销售个人见 -o targets.xlsx）'),
      ),
    );
    out.push('');
  }
  const short = shown.filter((s) => s.shortHistory);
  if (short.length) {
    out.push(t(`† fewer than ${plan.options.minRepMonths} months of history: target = the team's average per head`, `† 历史不足 ${plan.options.minRepMonths} 个月：目标 = 团队人均`));
    out.push('');
  }

  if (d.open > 0) {
    const rates = stageRates(lang, plan);
    out.push(
      textTable(
        [t('Series', '对象'), t('Period', '期间'), t('Gap', '缺口'), M === 'amount' ? t('Open', '管道金额') : t('Open deals', '管道单数'), t('Weighted', '加权'), t('Coverage', '覆盖率')],
        shown
          .filter((s) => s.level !== 'rep')
          .flatMap((s) =>
            s.pipeline.coverage.map((c, i) => [i === 0 ? name(s) : '', c.period, mt.fmt(c.gap), mt.fmt(mt.open(c)), mt.fmt(mt.weighted(c)), c.coverage === null ? '—' : `${formatNumber(lang, c.coverage, 2)}×`]),
          ),
        [2, 3, 4, 5],
        t(`Pipeline (open deals by expected close) · win rates: ${rates}`, `销售管道（按预计成交月份）· 赢率：${rates}`),
      ),
    );
    const c = shown.find((s) => s.level === 'company') ?? shown[0];
    if (c && (c.pipeline.overdue.openCount || c.pipeline.undated.openCount))
      out.push(
        t(
          `  Not placed: ${n(c.pipeline.overdue.openCount)} overdue (${mt.fmt(mt.open(c.pipeline.overdue))}), ${n(c.pipeline.undated.openCount)} without expected close date`,
          `  未计入：已逾期 ${n(c.pipeline.overdue.openCount)} 个（${mt.fmt(mt.open(c.pipeline.overdue))}），无预计成交日期 ${n(c.pipeline.undated.openCount)} 个`,
        ),
      );
    out.push(
      M === 'amount'
        ? t('  Coverage = open pipeline ÷ (target − won so far); for the current quarter the target is the projection.', '  覆盖率 = 管道金额 ÷（目标 − 已签）；本季度以预计值为目标。')
        : t('  Coverage = open deals ÷ (target − won so far), in deals; for the current quarter the target is the projection.', '  覆盖率 = 管道单数 ÷（目标 − 已签），按单数；本季度以预计值为目标。'),
    );
    out.push('');
  }

  if (plan.adjustments.length) {
    out.push(chalk.bold(t('Market adjustments (applied after the statistical forecast)', '市场调整（在统计预测之后应用）')));
    for (const a of plan.adjustments) {
      const who = a.scope === 'all' ? ctx.t(SCOPES.all) : `${ctx.t(SCOPES[a.scope])} ${a.name}`;
      const eff = a.measure === 'count' ? count(lang, a.total) : money(lang, a.total);
      out.push(`  ${who} ${a.from}…${a.to} ${a.change}: ${a.reason || '—'} → ${a.total >= 0 ? '+' : ''}${eff}`);
    }
    out.push('');
  }

  const methods = new Map<string, number>();
  for (const s of shown) methods.set(s.method[M].method, (methods.get(s.method[M].method) ?? 0) + 1);
  const comp = shown.find((s) => s.level === 'company');
  const w = comp?.method[M].backtest?.wape;
  out.push(
    t(
      `Methods: ${[...methods].map(([k, v]) => `${k} ×${v}`).join('; ')}` + (w != null ? ` · company backtest WAPE ${formatPercent(lang, w, 1)}` : ''),
      `方法：${[...methods].map(([k, v]) => `${k} ×${v}`).join('；')}` + (w != null ? ` · 公司回测 WAPE ${formatPercent(lang, w, 1)}` : ''),
    ),
  );
  out.push(ctx.t(bi('Reconciliation: ', '协调方式：')) + ctx.t(plan.reconciliation).split(/[:：]/)[0]);
  for (const note of plan.notes) out.push(`${chalk.yellow('!')} ${ctx.t(note)}`);
  out.push('');
  out.push(problemLines(ctx, problems, problemCount));
  out.push(
    chalk.dim(
      t(
        'Next: -o targets.xlsx (every rep and month; managers fill "Adjusted target") · --adjust adjustments.csv · perf backtest (how far to trust this) · perf target check --proposed 40%',
        '下一步：-o targets.xlsx（每位销售每月目标；经理可填"调整后目标"）· --adjust adjustments.csv · perf backtest（预测可信度）· perf target check --proposed 40%',
      ),
    ),
  );
  return wrapText(out.join('\n'));
}

// ---------- workbook ----------

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

function targetRows(plan: ForecastPlan, series: SeriesPlan[], lang: Lang): Record<string, unknown>[] {
  const periods = [...plan.months.target, ...plan.months.targetQuarters];
  const M = plan.measure;
  return series.flatMap((s) =>
    periods.map((p) => {
      const a = s.targets[p][M];
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
        ...a,
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

export function forecastSheets(plan: ForecastPlan, levels: Level[], lang: Lang, problems: Problem[], currency: string): SheetSpec[] {
  const t = (en: string, zh: string) => tr(lang, bi(en, zh));
  const shown = shownSeries(plan, levels);
  const company = plan.series[0];
  const m = plan.months;
  const M = plan.measure;
  const unit = M === 'amount' ? currency : t('deals', '单');
  const num = M === 'amount' ? ('int' as const) : ('decimal' as const);
  const summary: [Bi, unknown][] = [
    [bi('Deals file', '商机文件'), plan.file],
    [bi('Measure', '度量'), M === 'amount' ? t(`amount (${currency})`, `金额（${currency}）`) : t('deal count (the file has no amounts)', '单数（文件中没有金额）')],
    [bi('As of', '基准日期'), plan.asOf],
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
    [bi('Band (floor/ceiling = target ∓ band)', '浮动区间（下限/上限 = 目标 ∓ 浮动）'), plan.options.band],
    [bi('Bonus threshold (target × (1 + x))', '奖励线（目标 × (1 + x)）'), plan.options.bonusThreshold],
    [bi('Overall win rate (every stage without a configured probability)', '整体赢率（未配置概率的阶段均用此值）'), plan.winRate],
    [bi('Reconciliation', '协调方式'), tr(lang, plan.reconciliation)],
    [bi(`Baseline: last ${plan.options.baselineMonths} months won (${unit})`, `基线：近 ${plan.options.baselineMonths} 个月赢单（${unit}）`), company.baseline[M]],
    [bi(`${m.currentQuarter} won to date`, `${m.currentQuarter} 已签`), company.outlook[M].wonToDate],
    [bi(`${m.currentQuarter} projected`, `${m.currentQuarter} 预计`), company.outlook[M].projected],
    ...m.targetQuarters.map((q): [Bi, unknown] => [bi(`${q} company target`, `${q} 公司目标`), company.targets[q][M].target]),
    ...plan.notes.map((n): [Bi, unknown] => [bi('Note', '说明'), tr(lang, n)]),
  ];
  const pctCols = new Set(['pFloor', 'pTarget', 'pBonus', 'pCountTarget']);
  return [
    {
      name: t('Summary', '概要'),
      columns: [
        { key: 'item', header: t('Item', '项目'), width: 44 },
        { key: 'value', header: t('Value', '值'), width: 90 },
      ],
      rows: summary.map(([k, v]) => ({ item: tr(lang, k), value: v })),
    },
    {
      name: t('Targets', '目标'),
      notes: [
        t(
          `Targets per level and month (and quarter) in ${M === 'amount' ? currency : 'won deals (the file has no amounts)'}. Floor/ceiling = target ∓ ${plan.options.band * 100}%, bonus at target + ${plan.options.bonusThreshold * 100}%${plan.options.band === plan.options.bonusThreshold ? ' (the ceiling equals the bonus threshold by default)' : ''}. P(…) = probability of reaching it under the forecast. Fill in "Adjusted target" and "Note" to override; perf evaluate reads them back.`,
          `各层级各月（及季度）目标，单位 ${M === 'amount' ? currency : '赢单数（文件中没有金额）'}。下限/上限 = 目标 ∓ ${plan.options.band * 100}%，奖励线 = 目标 + ${plan.options.bonusThreshold * 100}%${plan.options.band === plan.options.bonusThreshold ? '（默认上限即奖励线）' : ''}。P(…) 为按预测分布达到该值的概率。可填写"调整后目标"和"备注"覆盖；perf evaluate 会读回。`,
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
      fill: (row, key) =>
        pctCols.has(key)
          ? probFill(row[key])
          : key === 'floor'
            ? 'warn'
            : key === 'target'
              ? 'info'
              : key === 'bonus'
                ? 'good'
                : undefined,
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

export function registerForecast(program: Command): void {
  const cmd = program
    .command('forecast')
    .argument('<deals>', 'deals / opportunities export (CSV or XLSX)')
    .description('rolling forecast of won deals per company, team and rep, and next-quarter targets with a ±15% band')
    .option('--by <levels>', 'levels to report: company,team,rep (default all three)')
    .option('--horizon <n>', 'months to forecast, counting the current one (default: rest of this quarter + next quarter)')
    .option('--method <m>', `forecast method: ${METHODS.join('|')} (default auto)`)
    .option('--adjust <file>', 'market adjustments CSV: scope,name,from,to,change,reason')
    .option('--target-quantile <q>', 'set targets at this quantile of the forecast (e.g. 0.6) instead of its mean')
    .option('--team <file>', 'team roster (rep → team/region, manager)');
  addReadFlags(cmd);
  addChartFlags(cmd);
  addOutputFlags(cmd, 'write the targets workbook (.xlsx, charts in its Summary sheet) or JSON (.json) to FILE');
  examples(cmd, [
    'perf forecast fixtures/deals.csv',
    'perf forecast fixtures/deals.csv --as-of 2026-11-27 --adjust fixtures/adjustments.csv -o targets.xlsx',
    'perf forecast fixtures/deals.csv --by company,team --horizon 6 --json',
    'perf --lang zh forecast fixtures/deals-zh.gbk.csv --team fixtures/teams.csv',
  ]);
  action<ForecastFlags>(cmd, async (ctx, [file], flags) => {
    const levels = parseLevels(flags.by);
    let targetQuantile: number | undefined;
    if (flags.targetQuantile !== undefined) {
      targetQuantile = Number(flags.targetQuantile);
      if (!(targetQuantile > 0 && targetQuantile < 1))
        throw usage(`--target-quantile must be between 0 and 1, e.g. 0.6, not "${flags.targetQuantile}"`, `--target-quantile 必须在 0 与 1 之间，例如 0.6，而不是"${flags.targetQuantile}"`);
    }
    const inputs = [file, flags.team, flags.adjust].filter((x): x is string => Boolean(x));
    if (flags.out) checkOutputPath(flags.out, { force: flags.force, inputs });
    const loaded = await loadPlanInputs(ctx, file, flags);
    const plan = planForecast(loaded.deals, { ...loaded.options, ...(targetQuantile !== undefined ? { targetQuantile } : {}) });
    const problems = [...loaded.problems, ...plan.problems];
    const problemCount = loaded.problemCounts.reduce((s, p) => s + p.problemCount, 0) + plan.problems.length;
    const json = () => JSON.stringify({ ...planJson(plan, levels), problems }, null, 2);
    const toJson = flags.out !== undefined && /\.json$/i.test(flags.out);
    const shown = planJson(plan, levels);
    const images = await chartOutputs(ctx, () => forecastCharts(shown, plan.measure, ctx.lang), { ...flags, out: toJson ? undefined : flags.out }, { col: 3, row: 1 });
    if (flags.out)
      await writeJsonOrWorkbook(
        ctx,
        flags.out,
        json,
        () => {
          const sheets = forecastSheets(plan, levels, ctx.lang, problems, ctx.config.currency);
          sheets[0].images = images;
          return sheets;
        },
        { force: flags.force, inputs },
      );
    ctx.print(flags.json ? json() : renderForecast(ctx, plan, levels, problems, problemCount));
    return strictExit(ctx, [{ problemCount }]);
  });
}
