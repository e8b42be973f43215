import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ActivityDigest, evaluateAlerts, judgeable } from '../../core/alerts/index.js';
import { methodChecks, progressOf, quarterPlans, type QuarterPlans } from '../../core/plan/pacing.js';
import { isoDate, monthIndex, monthStart, parseIsoDate } from '../../core/calendar.js';
import { buildBoard, type BoardLevel, type BoardPlan, type Pace } from '../../core/charts/index.js';
import { EXIT, PerfError } from '../../core/errors.js';
import { bi, labelled, nounCount } from '../../core/i18n.js';
import { planPeriodRefusal } from '../../core/checks/periods.js';
import { checkLines } from '../../core/checks/report.js';
import { COMPANY_ID, planForecast, planJson, PLAN_JSON_VERSION, type Measure } from '../../core/plan/index.js';
import type { Problem } from '../../schema/problem.js';
import { periodOf, ScoreAccumulator, type ScoreResult } from '../../core/score/index.js';
import { rosterOf } from '../../core/teams.js';
import { LEVELS, balance, changes, pairCurrency, waterfallSteps } from '../../core/changes/index.js';
import { waterfallChart } from '../../core/charts/changes.js';
import type { Deal } from '../../schema/rows.js';
import { stepLabel } from '../changes/labels.js';
import { dashboardHtml } from '../../io/dashboard-html.js';
import { checkOutputPath, writeTextFile } from '../../io/output.js';
import { missingCjkNote, renderCharts, type RenderedChart } from '../../io/render-chart.js';
import { checkCharts, writeCharts } from '../chart-files.js';
import { action, addReadFlags, examples } from '../common.js';
import { problemItems } from '../render.js';
import { strictExit, type Context } from '../context.js';
import { loadPlanInputs, type PlanFlags } from '../plan-inputs.js';
import { load, loadEarlier, stream, type RosterMatch } from '../load.js';
import { boardData } from './json.js';
import { renderWritten } from './report.js';

interface DashboardFlags extends PlanFlags {
  activity?: string;
  leads?: string;
  targets?: string;
  months?: string;
  measure?: string;
  chart?: string;
  out?: string;
  force?: boolean;
  previous?: string;
  state?: string;
}

export function registerDashboard(program: Command): void {
  const cmd = program
    .command('dashboard')
    .argument('<deals>', 'deals / opportunities export (CSV or XLSX)')
    .description('the dashboard (看板): one self-contained HTML page with trend charts per level — history, forecast and intervals, target band, quarter pace, behaviour scores, KBI compliance, active alerts')
    .option('--activity <file>', 'activity log: behaviour-score trend, KBI compliance, touch alerts')
    .option('--leads <file>', 'leads export: lead follow-up (score rule and alerts)')
    .option('--team <file>', 'team roster: team of each rep, managers for the alerts')
    .option('--adjust <file>', 'market adjustments for the forecast, as in perf forecast')
    .option('--targets <plan.json>', 'draw this plan (the output of perf forecast --json, e.g. with its --adjust) instead of forecasting the deals again')
    .option('--months <n>', 'months of behaviour scores to show, ending with the month of --as-of', '3')
    .option('--measure <amount|count>', "what the forecast charts show: signed amount or number of won deals (default: the plan's measure, count when the deals carry no amounts)")
    .option('--previous <file>', "an earlier export of the same deals: adds the pipeline waterfall (perf changes) of the --as-of quarter to each level")
    .option('--chart <dir>', 'also write every chart as SVG and PNG into DIR (for email)')
    .option('--state <file>', 'the forecast ledger (forecast --record): adds forecast vs actual per quarter to each level and the accuracy to the notes')
    .option('-o, --out <file.html>', 'the page to write (- for stdout)')
    .option('--force', 'replace an existing page or chart files');
  addReadFlags(cmd);
  examples(cmd, [
    'sales-perf dashboard fixtures/deals.csv --activity fixtures/activity.xlsx --leads fixtures/leads.csv --team fixtures/teams.csv --as-of 2026-11-27 -o board.html',
    'sales-perf forecast deals.csv --adjust adjustments.csv --json > plan.json && perf dashboard deals.csv --targets plan.json -o board.html',
    'sales-perf dashboard deals.csv --team teams.csv --lang zh -o 看板.html --chart charts/',
    'sales-perf dashboard deals-2026-12-01.csv --previous deals-2026-11-01.csv --team teams.csv -o board.html',
  ]);
  action<DashboardFlags>(cmd, async (ctx, [dealsFile], flags) => {
    const t = ctx.t;
    if (!flags.out && !flags.chart) throw new PerfError(EXIT.usage, bi('say where to write: -o board.html (and/or --chart DIR)', '请指定输出：-o board.html（和/或 --chart 目录）'));
    if (flags.measure !== undefined && flags.measure !== 'amount' && flags.measure !== 'count')
      throw new PerfError(EXIT.usage, bi(`--measure must be amount or count, not "${flags.measure}"`, `--measure 只能是 amount 或 count，而不是"${flags.measure}"`));
    const months = Number(flags.months);
    if (!Number.isInteger(months) || months < 1 || months > 24)
      throw new PerfError(EXIT.usage, bi(`--months must be a whole number from 1 to 24, not "${flags.months}"`, `--months 必须是 1 到 24 的整数，而不是"${flags.months}"`));
    const inputs = [dealsFile, flags.activity, flags.leads, flags.team, flags.adjust, flags.targets, flags.previous, flags.state].filter((f): f is string => f !== undefined);
    if (flags.out) checkOutputPath(flags.out, { force: flags.force, inputs });

    // The same reading and options as perf forecast, so the charts show its numbers.
    const loaded = await loadPlanInputs(ctx, dealsFile, flags);
    const deals = loaded.deals;
    const roster = rosterOf(loaded.options.roster ?? []);
    let problems: Problem[] = [];
    let problemCount = 0;
    // As in alerts: leads none of which can be judged (no owner or no assignment time) do not hold the run back as stale.
    const leads = flags.leads ? await load(ctx, flags.leads, 'leads', {}, loaded.match, (rows) => rows.some(judgeable)) : undefined;
    if (leads) {
      problems.push(...leads.problems);
      problemCount += leads.problemCount;
    }
    const plan = flags.targets ? readPlan(ctx, flags.targets) : planJson(planForecast(deals, loaded.options));
    // By default the charts follow the plan: deal counts when the deals carry no amounts.
    const measure = (flags.measure as Measure | undefined) ?? plan.measure;

    let score: ScoreResult | undefined;
    let digest: ActivityDigest | undefined;
    if (flags.activity) {
      const current = monthIndex(ctx.asOf);
      const period = periodOf({ from: isoDate(monthStart(current - months + 1)), to: isoDate(ctx.asOf) }, ctx.asOf);
      const acc = new ScoreAccumulator({
        config: ctx.config.score,
        period,
        asOf: ctx.asOf,
        file: flags.activity,
        deals,
        dealsFile: loaded.options.file,
        leads: leads?.rows,
        leadsFile: leads?.file,
        roster: roster.size ? roster : undefined,
      });
      const d = new ActivityDigest(ctx.config.alerts.touches.types, ctx.asOf);
      digest = d;
      const info = await stream(ctx, flags.activity, 'activities', flags, (a) => {
        acc.add(a);
        d.add(a);
      }, loaded.match);
      score = acc.finish();
      problems.push(...info.problems, ...score.problems);
      problemCount += info.problemCount + score.problems.length;
    }
    // The plans that set this quarter's targets and project it, shared by the pace charts and the pacing alert.
    const plans = quarterPlans(deals, loaded.options);
    // The active conditions only: the state store (what was sent when) is perf alerts' business.
    const { conditions, checks: alertChecks } = evaluateAlerts(
      {
        deals,
        leads: leads?.rows,
        activity: digest,
        files: { deals: dealsFile, activity: flags.activity, leads: flags.leads },
        plans,
        routing: { routes: ctx.config.alerts.routing, roster: [...roster.values()] },
        currency: ctx.config.currency,
      },
      ctx.config.alerts,
      ctx.asOf,
    );
    // The active alerts are counted on the page: what their rules could not judge is said first, as in perf alerts.
    ctx.addChecks(alertChecks);

    const paceByLevel = paces(plan, plans, ctx.asOf);
    // The company's pace is not an alert rule (teams' are, and say why they are not judged): said here when it is not drawn.
    const company = progressOf(plans, COMPANY_ID, ctx.asOf);
    if (company.noTarget?.why === 'refused' && company.noTarget.refused)
      ctx.addChecks([
        {
          code: 'pace_not_drawn',
          status: 'caveat',
          file: dealsFile,
          message: bi(`Company: no quarter pace is drawn: ${company.noTarget.refused.en}`, `公司：未绘制季度进度：${company.noTarget.refused.zh}`),
        },
      ]);
    // A pace projected with a method chosen today can move without a new deal: said first, as perf alerts says it of its teams.
    ctx.addChecks(methodChecks(plans, paceByLevel.keys(), dealsFile));
    const board = buildBoard({ plan, measure, paces: paceByLevel, score, alerts: conditions }, ctx.lang);
    const moved = flags.previous ? await pipelineWaterfalls(ctx, flags.previous, deals, loaded.options.file ?? dealsFile, loaded.currency, board, loaded.match, flags) : null;
    if (moved) {
      problems.push(...moved.problems);
      problemCount += moved.problemCount;
    }
    const ledger = flags.state ? (await import('./ledger.js')).ledgerBoard(ctx, flags.state, deals, loaded.options) : null;
    if (ledger) for (const level of board) level.charts.push(...(ledger.charts.get(level.id) ?? []));
    // Every chart target is checked before the charts are rendered and the page is written; then the charts are written all or none.
    if (flags.chart) checkCharts(flags.chart, board.flatMap((level) => level.charts), { force: flags.force, inputs });
    const rendered: RenderedChart[][] = [];
    for (const level of board) rendered.push(await renderCharts(level.charts, { png: Boolean(flags.chart) }));
    problems.push(...plan.problems);
    problemCount += plan.problems.length;
    // The deals' and roster's problems first, taken once the leads and activities are matched (the roster's idle reps follow them).
    problems = [...loaded.problems, ...problems];
    problemCount += loaded.problemCounts.reduce((s, p) => s + p.problemCount, 0);
    const data = { checks: ctx.checks, ...boardData(ctx.lang, ctx.asOf, measure, board, plan, paceByLevel, score, conditions), changes: moved?.json ?? null, ...(ledger ? { accuracy: ledger.accuracy } : {}) };
    const title = t(bi('Sales board', '销售看板'));
    const listed = problemItems(ctx, problems);
    const html = dashboardHtml({
      lang: ctx.lang,
      title,
      meta: [
        t(bi(`as of ${isoDate(ctx.asOf)}`, `截至 ${isoDate(ctx.asOf)}`)),
        ...inputs.map((f) => f.split(/[\\/]/).pop()!),
        t(bi(`${nounCount(board.length, 'level')} · ${nounCount(board.reduce((s, l) => s + l.charts.length, 0), 'chart')} · ${nounCount(conditions.length, 'active alert')}`, `${board.length} 个层级 · ${board.reduce((s, l) => s + l.charts.length, 0)} 张图 · ${conditions.length} 条生效预警`)),
      ],
      levels: board.map((level, i) => ({ level, charts: rendered[i] })),
      checks: checkLines(ctx.lang, ctx.checks),
      notes: [
        ...(moved ? [t(moved.note)] : []),
        ...(ledger?.notes ?? []),
        ...plan.notes.map(t),
        t(plan.reconciliation),
        ...(score ? [labelled(ctx.lang, t(bi('Behaviour score', '行为得分')), t(score.formula))] : [t(bi('No --activity: behaviour scores and KBI compliance are not shown.', '未提供 --activity：不显示行为得分与 KBI 达成率。'))]),
        // The page is read by people who never saw the command's output: the problems are on it.
        t(problemCount ? bi(`Data problems: ${problemCount}`, `数据问题：${problemCount} 条`) : bi('Data problems: none', '数据问题：无')),
        ...listed.map((i) => `${i.error ? '✗' : '!'} ${i.text}`),
        ...(problemCount > listed.length
          ? [t(bi(`… and ${problemCount - listed.length} more: sales-perf inspect FILE lists each export's own`, `… 另有 ${problemCount - listed.length} 条：sales-perf inspect 文件 可列出每个导出文件的问题`))]
          : []),
      ],
      data,
    });
    if (flags.out) await writeTextFile(flags.out, html, { force: flags.force, inputs });
    if (flags.chart) writeCharts(flags.chart, rendered.flat(), { force: flags.force, inputs });
    const note = flags.chart ? missingCjkNote(rendered.flat()) : null;
    if (note) ctx.note(note);
    if (flags.out !== '-') ctx.print(renderWritten(ctx, { out: flags.out, chart: flags.chart, board, rendered, alerts: conditions.length, problems, problemCount }));
    return strictExit(ctx, [{ problemCount }]);
  });
}

/**
 * With --previous: where each level's pipeline went since the earlier export (the --as-of quarter, as perf
 * changes computes it), one waterfall chart per level that has deals in it; its caveats join the run's checks.
 */
async function pipelineWaterfalls(ctx: Context, file: string, deals: readonly Deal[], dealsFile: string, current: string | null, board: BoardLevel[], roster: RosterMatch | undefined, flags: DashboardFlags) {
  const earlier = await loadEarlier(ctx, file, flags);
  roster?.join(earlier);
  const currency = pairCurrency(earlier, { file: dealsFile, currency: current });
  const c = changes(earlier.rows, deals, { asOf: ctx.asOf, levels: LEVELS, stageProbabilities: ctx.config.forecast.stageProbabilities, files: { old: earlier.file, new: dealsFile } });
  ctx.checks.push(...[...(currency ? [currency] : []), ...c.checks].map((ch) => ({ code: ch.code, status: 'guessed' as const, file: null, message: ch.message })));
  const groups = new Map(c.levels.flatMap((l) => l.groups.map((g) => [l.level === 'company' ? 'company' : `${l.level}:${g.key}`, g] as const)));
  for (const level of board) {
    const g = groups.get(level.id);
    if (!g) continue;
    const steps = waterfallSteps(g).map((s) => ({ ...s, label: ctx.t(stepLabel(s.step)) }));
    level.charts.push(waterfallChart(steps, c.window.quarter, ctx.lang, { id: level.id, name: level.name }));
  }
  const balanced = c.levels.every((l) => l.groups.every((g) => balance(g) === g.end));
  return {
    problems: earlier.problems,
    problemCount: earlier.problemCount,
    json: { previous: earlier.file, window: c.window.quarter, money: 'cents', groups: Object.fromEntries([...groups].map(([id, g]) => [id, { ...g, balanced: balance(g) === g.end }])) },
    note: bi(
      `Pipeline waterfalls: ${c.window.quarter}, ${earlier.file} → ${dealsFile}, matched by deal id (perf changes has the deals behind each bucket); every level ${balanced ? 'balances to the cent' : 'does NOT balance — please report this as a bug'}.`,
      `商机瀑布图：${c.window.quarter}，${earlier.file} → ${dealsFile}，按商机编号匹配（各项背后的商机见 perf changes）；各层级${balanced ? '均精确到分平衡' : '不平衡——请报告此缺陷'}。`,
    ),
  };
}

type Plan = BoardPlan & Pick<ReturnType<typeof planJson>, 'notes' | 'reconciliation' | 'problems' | 'measure'>;

/** A plan written by `perf forecast --json`: checked for the version and the parts drawn. */
function readPlan(ctx: Context, file: string): Plan {
  let v: Partial<ReturnType<typeof planJson>>;
  try {
    v = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new PerfError(EXIT.usage, bi(`cannot read ${file} as a plan: ${(e as Error).message}`, `无法把 ${file} 读作预测计划：${(e as Error).message}`));
  }
  if (v?.version !== PLAN_JSON_VERSION || !Array.isArray(v.series) || !v.months || !v.options)
    throw new PerfError(
      EXIT.usage,
      bi(`${file} is not the JSON of perf forecast --json (version ${PLAN_JSON_VERSION})`, `${file} 不是 perf forecast --json 输出的 JSON（版本 ${PLAN_JSON_VERSION}）`),
    );
  // Another quarter's plan would pace this quarter against that one's targets.
  const madeOn = typeof v.asOf === 'string' ? parseIsoDate(v.asOf) : null;
  if (madeOn !== null) ctx.refuse([planPeriodRefusal(file, { asOf: madeOn, target: (v.months as { target?: string[] }).target ?? [] }, ctx.asOf)]);
  // a plan written before plans had a measure is in amounts
  return { notes: [], problems: [], reconciliation: bi('', ''), measure: 'amount', ...v } as Plan;
}

/** The current quarter's pace per level: the same target and projection as the pacing alert. */
function paces(plan: BoardPlan, plans: QuarterPlans, asOf: number): Map<string, Pace> {
  const out = new Map<string, Pace>();
  for (const s of plan.series) {
    const p = progressOf(plans, s.id, asOf);
    if (p.target !== null && p.projectedShare !== null)
      out.set(s.id, { quarter: p.quarter, target: p.target, wonToDate: p.wonToDate, rest: p.rest, projected: p.projected, attainment: p.projectedShare, measure: p.measure });
  }
  return out;
}

