import chalk from 'chalk';
import { bi, formatNumber, formatPercent, nounCount, tr, type Lang } from '../../core/i18n.js';
import { type ForecastPlan, type Level, type Measure, type PipelineCell, type SeriesPlan, type TargetCell } from '../../core/plan/index.js';
import type { Problem } from '../../schema/problem.js';
import type { Context } from '../context.js';
import { clipText, problemLines, sparkline, textTable, wrapText } from '../render.js';
import { baselineSpan, levelName, P_BONUS, P_FLOOR, P_TARGET, SCOPES, shownSeries } from './present.js';

const indent = (s: SeriesPlan) => (s.level === 'company' ? '' : s.level === 'team' ? '  ' : '    ');
const money = (lang: Lang, v: number) => formatNumber(lang, v, 0);
const count = (lang: Lang, v: number) => formatNumber(lang, v, 1);
/** 1.2M, 845k: for ranges in narrow columns. */
const compact = (lang: Lang, v: number) =>
  Math.abs(v) >= 1e6 ? `${formatNumber(lang, v / 1e6, 2)}M` : Math.abs(v) >= 1e4 ? `${formatNumber(lang, v / 1e3, 0)}k` : formatNumber(lang, v, 0);
const pct = (lang: Lang, v: number | null) => (v === null ? '—' : formatPercent(lang, v, 1));

/** 12 months of history, a thin bar, then the forecast (won amount). */
/** Months of history the sparkline draws before the forecast. */
const SPARK_MONTHS = 12;

export function trend(plan: ForecastPlan, s: SeriesPlan, measure: Measure = 'amount'): string {
  const hist = plan.months.history.slice(-SPARK_MONTHS).map((m) => s.history[m]?.[measure] ?? 0);
  const fc = plan.months.forecast.map((m) => s.forecast[m][measure].mean);
  const line = sparkline([...hist, ...fc]);
  return `${line.slice(0, hist.length)}┊${line.slice(hist.length)}`;
}

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

export function renderForecast(ctx: Context, plan: ForecastPlan, levels: Level[], problems: Problem[], problemCount: number): string {
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
      `${n(d.total)} deals: ${n(d.won)} won, ${n(d.lost)} lost, ${n(d.open)} open` + (d.cancelled ? `, ${n(d.cancelled)} cancelled after signing (left out)` : '') + `\nHistory ${hist} (${nounCount(m.history.length, 'month')})`,
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
  // A refused target is shown crossed out, with no probabilities: it must not be signed.
  const tgt = (a: TargetCell) => (a.refused ? `✗ ${mt.fmt(a.target)}` : mt.fmt(a.target));
  const prob = (a: TargetCell, p: number) => (a.refused ? '—' : pct(lang, p));
  // Nor a band: a floor and a bonus line of a target not to be signed would read as terms to sign.
  const bandOf = (a: TargetCell, v: number) => (a.refused ? '—' : mt.fmt(v));

  const name = (s: SeriesPlan) => indent(s) + clipText(levelName(lang, s), NAME_WIDTH) + (s.shortHistory ? ' †' : '');
  const cq = m.currentQuarter;
  const head = plan.series[0];
  const hq = m.targetQuarters[0];
  if (hq) {
    const a = head.targets[hq][M];
    if (a.refused) out.push(chalk.bold(t(`→ ${hq} company target refused: ${a.refused.en}`, `→ ${hq} 公司目标被拒绝：${a.refused.zh}`)));
    else out.push(
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
  // The baseline and the sparkline say how many months they hold: fewer than 12 on a short history.
  const span = baselineSpan(plan);
  const spark = Math.min(SPARK_MONTHS, m.history.length);
  out.push(
    textTable(
      [t('Series', '对象'), t(`${spark} m ┊ forecast`, `近${spark}月 ┊ 预测`), t(`Last ${span} m`, `近${span}个月`), t('Won to date', '已签'), t('Projected', '预计'), t('80% range', '80% 区间')],
      shown.map((s) => {
        const o = s.outlook[M];
        return [name(s), trend(plan, s, M), mt.whole(s.baseline[M]), mt.whole(o.wonToDate), mt.fmt(o.projected), mt.range(o.lower80, o.upper80)];
      }),
      [2, 3, 4, 5],
      M === 'amount'
        ? t(`Won amount: last ${span} months, then the forecast; ${cq} so far and projected`, `赢单金额：近 ${span} 个月与预测；${cq} 已签与预计`)
        : t(`Won deals: last ${span} months, then the forecast; ${cq} so far and projected`, `赢单数：近 ${span} 个月与预测；${cq} 已签与预计`),
      // On a narrow terminal the sparkline goes first, then the range: the quarter's figures stay.
      [0, -2, 0, 0, 0, -1],
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
          return [name(s), tgt(a), bandOf(a, a.floor), bandOf(a, a.bonus), prob(a, a.pFloor), ...(quantileTargets ? [prob(a, a.pTarget)] : []), prob(a, a.pBonus), ...(withDeals ? [count(lang, s.targets[p].count.target)] : [])];
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
            return [i === 0 ? name(s) : '', mk, tgt(a), bandOf(a, a.floor), bandOf(a, a.bonus), prob(a, a.pFloor), prob(a, a.pBonus), ...(withDeals ? [count(lang, s.targets[mk].count.target)] : [])];
          }),
        ),
        [2, 3, 4, 5, 6, 7],
        t('Monthly targets (reps: -o targets.xlsx)', '月度目标（销售个人见 -o targets.xlsx）'),
      ),
    );
    out.push('');
  }
  if (shown.some((s) => Object.values(s.targets).some((x) => x[M].refused)))
    out.push(t('✗ refused: a target of 0, or a forecast without spread (no probabilities); do not sign it', '✗ 已拒绝：目标为 0，或预测没有波动（无概率）；请勿据此签署'), '');
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
            // Open deals without an expected close date could fall in any period: the coverage shown is then a lower bound.
            // A quarter whose target was refused has no gap to cover: its pipeline stands, the gap and coverage do not.
            s.pipeline.coverage.map((c, i) => {
              const refused = Boolean(s.targets[c.period]?.[M]?.refused);
              const coverage = refused || c.coverage === null ? '—' : `${s.pipeline.undated.openCount ? '≥ ' : ''}${formatNumber(lang, c.coverage, 2)}×`;
              return [i === 0 ? name(s) : '', c.period, refused ? `✗ ${mt.fmt(c.gap)}` : mt.fmt(c.gap), mt.fmt(mt.open(c)), mt.fmt(mt.weighted(c)), coverage];
            }),
          ),
        [2, 3, 4, 5],
        t(`Pipeline (open deals by expected close) · win rates: ${rates}`, `销售管道（按预计成交月份）· 赢率：${rates}`),
      ),
    );
    const c = shown.find((s) => s.level === 'company') ?? shown[0];
    if (c && (c.pipeline.overdue.openCount || c.pipeline.undated.openCount || c.pipeline.later.openCount))
      out.push(
        t(
          `  Not placed: ${n(c.pipeline.overdue.openCount)} overdue (${mt.fmt(mt.open(c.pipeline.overdue))}), ${n(c.pipeline.later.openCount)} expected after the horizon (${mt.fmt(mt.open(c.pipeline.later))}), ${n(c.pipeline.undated.openCount)} without expected close date (${mt.fmt(mt.open(c.pipeline.undated))})${c.pipeline.undated.openCount ? ': their coverage is a lower bound (≥)' : ''}`,
          `  未计入：已逾期 ${n(c.pipeline.overdue.openCount)} 个（${mt.fmt(mt.open(c.pipeline.overdue))}），预计在预测期之后 ${n(c.pipeline.later.openCount)} 个（${mt.fmt(mt.open(c.pipeline.later))}），无预计成交日期 ${n(c.pipeline.undated.openCount)} 个（${mt.fmt(mt.open(c.pipeline.undated))}）${c.pipeline.undated.openCount ? '：覆盖率为下限（≥）' : ''}`,
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
  out.push(t(`Methods: ${[...methods].map(([k, v]) => `${k} ×${v}`).join('; ')}`, `方法：${[...methods].map(([k, v]) => `${k} ×${v}`).join('；')}`));
  out.push(ctx.t(bi('Reconciliation: ', '协调方式：')) + ctx.t(plan.reconciliation).split(/[:：]/)[0]);
  for (const note of plan.notes) out.push(`${chalk.yellow('!')} ${ctx.t(note)}`);
  out.push('');
  out.push(problemLines(ctx, problems, problemCount));
  out.push(
    chalk.dim(
      t(
        'Next: -o targets.xlsx (every rep and month; managers fill "Adjusted target") · --adjust adjustments.csv · sales-perf backtest (how far to trust this) · sales-perf target check --proposed 40%',
        '下一步：-o targets.xlsx（每位销售每月目标；经理可填"调整后目标"）· --adjust adjustments.csv · sales-perf backtest（预测可信度）· sales-perf target check --proposed 40%',
      ),
    ),
  );
  return wrapText(out.join('\n'));
}
