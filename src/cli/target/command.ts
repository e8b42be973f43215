import { existsSync } from 'node:fs';
import chalk from 'chalk';
import type { Command } from 'commander';
import { monthIndex, quarterKey, quarterOfMonth } from '../../core/calendar.js';
import { EXIT, PerfError } from '../../core/errors.js';
import { bi, formatNumber, formatPercent, tr, type Bi } from '../../core/i18n.js';
import { checkProposals, checkTarget, parsePeriod, parseProposal, parseProposals, type CheckResult, type ProposedRow } from '../../core/plan/index.js';
import type { Problem } from '../../schema/problem.js';
import { checkOutputPath } from '../../io/output.js';
import { problemsSheet, type SheetSpec } from '../../io/workbook.js';
import { action, addOutputFlags, addReadFlags, examples, writeJsonOrWorkbook, type OutputFlags } from '../common.js';
import { strictExit, type Context } from '../context.js';
import { textTable } from '../forecast/command.js';
import { loadPlanInputs, readRawRows, type PlanFlags } from '../plan-inputs.js';
import { problemLines, wrapText } from '../render.js';

interface CheckFlags extends PlanFlags, OutputFlags {
  proposed?: string;
  period?: string;
}

const VERDICTS: Record<CheckResult['verdict'], Bi> = { achievable: bi('achievable', '可实现'), stretch: bi('stretch', '有挑战'), unrealistic: bi('unrealistic', '不现实') };
const P_PROPOSED = bi('P(≥proposed)', 'P(≥建议目标)');

const yesNo = (ctx: Context, ok: boolean, what: string) => (ok ? ctx.t(bi('yes', '有')) : chalk.red(ctx.t(bi(`no ${what}`, `无`))));

function render(ctx: Context, file: string, period: string, results: CheckResult[], problems: Problem[], problemCount: number): string {
  const { lang } = ctx;
  const t = (en: string, zh: string) => ctx.t(bi(en, zh));
  // amounts in whole units; deal counts (deals without amounts) keep a tenth
  const money = (v: number) => formatNumber(lang, v, Number.isInteger(v) ? 0 : 1);
  const pct = (v: number | null) => (v === null ? '—' : `${v >= 0 ? '+' : ''}${formatPercent(lang, v, 1)}`);
  const out: string[] = [chalk.bold(t(`perf target check · ${file} · period ${period}`, `perf target check · ${file} · 期间 ${period}`)), ''];
  out.push(
    textTable(
      [t('Series', '对象'), t('Last 12 m', '近12个月'), t('Growth', '去年增长'), t('Proposed', '建议目标'), t('Implied', '隐含增长'), t('Forecast', '预测'), t('Fcst growth', '预测增长'), ctx.t(P_PROPOSED)],
      results.map((r) => [
        r.name ?? t('Company', '公司'),
        money(r.last12),
        pct(r.growthLast12),
        money(r.proposed),
        pct(r.impliedGrowth),
        money(r.expected),
        pct(r.expectedGrowth),
        formatPercent(lang, r.probability, 1),
      ]),
      [1, 2, 3, 4, 5, 6, 7],
      t('Proposal against history and forecast', '建议目标与历史、预测对比'),
    ),
  );
  out.push('');
  out.push(
    textTable(
      [t('Series', '对象'), t('Baseline (≥12 m)', '历史基线(≥12月)'), t('Milestones', '阶段里程碑'), t('Resources', '资源承诺'), t('Verdict', '结论')],
      results.map((r) => [
        r.name ?? t('Company', '公司'),
        r.baseline.ok ? t(`yes (${r.baseline.months} m)`, `有（${r.baseline.months} 个月）`) : chalk.red(t(`no (${r.baseline.months} m)`, `无（${r.baseline.months} 个月）`)),
        yesNo(ctx, r.milestones.ok, t('(not stated)', '')),
        r.resources.ok ? t('stated', '已说明') : chalk.red(t('not stated', '未说明')),
        { achievable: (s: string) => s, stretch: chalk.yellow, unrealistic: chalk.red }[r.verdict](ctx.t(VERDICTS[r.verdict])),
      ]),
      [],
      t('"三无" audit: baseline, milestones, resources', '"三无"审查：历史基线、阶段里程碑、资源承诺'),
    ),
  );
  out.push('');
  for (const r of results) out.push(`${chalk.bold('→')} ${ctx.t(r.sentence)}`);
  const first = results[0];
  if (first && !first.milestones.ok) {
    const split = Object.entries(first.milestones.suggested)
      .map(([k, v]) => `${k} ${money(v)}`)
      .join(' · ');
    out.push(t(`  Milestones the forecast suggests (${first.name ?? 'company'}): ${split}`, `  按预测建议的阶段拆分（${first.name ?? '公司'}）：${split}`));
  }
  if (results[0]?.measure === 'count')
    out.push(t('  The deals carry no amounts: last 12 months, proposal and forecast are in won deals.', '  商机数据没有金额：近12个月、建议目标和预测均按赢单数计。'));
  out.push(t('  Growth is measured against the last 12 complete months scaled to the period; P is the chance that won deals reach the proposal under the forecast distribution.', '  增长以最近 12 个完整月份（按期间长度折算）为基数；P 为按预测分布赢单达到建议目标的概率。'));
  out.push('');
  out.push(problemLines(ctx, problems, problemCount));
  return wrapText(out.join('\n'));
}

export function registerTarget(program: Command): void {
  const target = program.command('target').description('audit targets against the data');
  const cmd = target
    .command('check')
    .argument('<deals>', 'deals / opportunities export (CSV or XLSX)')
    .description('the "三无" audit of a proposed target: growth vs history, probability under the forecast, baseline, milestones, resources')
    .requiredOption('--proposed <value|file>', 'growth (40%), an amount for the period (1200000), or a per-team CSV: team,target[,headcount][,budget][,2027-Q1 …]')
    .option('--period <p>', 'the period the target is for: 2027, 2027-Q1, 2027-03 or 2027-01..2027-06 (default: next calendar year)')
    .option('--team <file>', 'team roster (rep → team/region)')
    .option('--method <m>', 'forecast method (default auto)')
    .option('--adjust <file>', 'market adjustments CSV');
  addReadFlags(cmd);
  addOutputFlags(cmd, 'write the audit to FILE (.xlsx or .json)');
  const shown = [
    'perf target check fixtures/deals.csv --proposed 40% --period 2027',
    'perf target check fixtures/deals.csv --proposed 8000000',
    'perf target check fixtures/deals.csv --proposed proposals.csv --period 2027-Q1',
  ];
  examples(cmd, shown);
  examples(target, shown);
  action<CheckFlags>(cmd, async (ctx, [file], flags) => {
    const periodText = flags.period ?? String(Math.floor(monthIndex(ctx.asOf) / 12) + 1);
    const period = parsePeriod(periodText);
    if (!period) throw new PerfError(EXIT.usage, bi(`--period must look like 2027, 2027-Q1, 2027-03 or 2027-01..2027-06, not "${periodText}"`, `--period 应形如 2027、2027-Q1、2027-03 或 2027-01..2027-06，而不是"${periodText}"`));
    if (period.to - monthIndex(ctx.asOf) > 35) throw new PerfError(EXIT.usage, bi('--period ends more than 36 months ahead', '--period 结束于 36 个月之后，太远'));
    const inputs = [file, flags.team, flags.adjust].filter((x): x is string => Boolean(x));
    const proposed = flags.proposed!;
    const asFile = /\.(csv|tsv|txt|xlsx|xlsm)$/i.test(proposed) || existsSync(proposed);
    if (asFile) inputs.push(proposed);
    if (flags.out) checkOutputPath(flags.out, { force: flags.force, inputs });
    const loaded = await loadPlanInputs(ctx, file, flags);
    let rows: ProposedRow[];
    let hasResources = false;
    const problems = [...loaded.problems];
    let problemCount = loaded.problemCounts.reduce((s, p) => s + p.problemCount, 0);
    if (asFile) {
      const raw = await readRawRows(proposed, flags);
      const parsed = parseProposals(proposed, raw.rows);
      rows = parsed.rows;
      hasResources = parsed.hasResources;
      problems.push(...raw.problems, ...parsed.problems);
      problemCount += raw.problems.length + parsed.problems.length;
    } else {
      const p = parseProposal(proposed);
      if (!p) throw new PerfError(EXIT.usage, bi(`--proposed must be a growth like 40%, an amount like 1200000, or a CSV file, not "${proposed}"`, `--proposed 应为增长率（如 40%）、金额（如 1200000）或 CSV 文件，而不是"${proposed}"`));
      rows = [{ row: null, name: null, proposal: p, headcount: null, budget: null, milestones: {} }];
    }
    const th = { achievable: ctx.config.targets.achievableProbability, unrealistic: ctx.config.targets.unrealisticProbability };
    const res = checkProposals(loaded.deals, loaded.options, period, rows, th, hasResources, asFile ? proposed : file);
    // Deals without amounts: the forecast is in won deals, so an amount cannot be weighed against it.
    if (res.plan.measure === 'count' && rows.some((r) => r.proposal.kind === 'absolute'))
      throw new PerfError(
        EXIT.usage,
        bi(
          `${file} has no deal amounts, so the forecast is in won deals and an amount target (${asFile ? `in ${proposed}` : proposed}) cannot be checked: propose a growth instead, e.g. --proposed 20%`,
          `${file} 没有商机金额，预测按赢单数计，无法审查金额目标（${asFile ? `见 ${proposed}` : proposed}）：请改为增长率，例如 --proposed 20%`,
        ),
      );
    // A per-team table also gets the company total (sum of the teams' proposed amounts).
    if (asFile && res.results.length > 1) {
      const total: ProposedRow = {
        row: null,
        name: null,
        proposal: { kind: 'absolute', value: res.results.reduce((s, r) => s + r.proposed, 0) },
        headcount: rows.some((r) => r.headcount !== null) ? rows.reduce((s, r) => s + (r.headcount ?? 0), 0) : null,
        budget: rows.some((r) => r.budget !== null) ? rows.reduce((s, r) => s + (r.budget ?? 0), 0) : null,
        milestones: rows.every((r) => Object.keys(r.milestones).length) ? Object.fromEntries(Object.keys(rows[0].milestones).map((k) => [k, rows.reduce((s, r) => s + (r.milestones[k] ?? 0), 0)])) : {},
      };
      res.results.unshift(checkTarget(res.plan.series[0], res.plan, period, total, th, hasResources));
    }
    problems.push(...res.plan.problems, ...res.problems);
    problemCount += res.plan.problems.length + res.problems.length;
    const json = () =>
      JSON.stringify(
        { file: res.plan.file, asOf: res.plan.asOf, period: period.label, currentQuarter: quarterKey(quarterOfMonth(monthIndex(ctx.asOf))), results: res.results, notes: res.plan.notes, problems },
        null,
        2,
      );
    if (flags.out) {
      const t = (en: string, zh: string) => tr(ctx.lang, bi(en, zh));
      await writeJsonOrWorkbook(ctx, flags.out, json, (): SheetSpec[] => [
        {
          name: t('Target check', '目标审查'),
          columns: [
            { key: 'name', header: t('Series', '对象'), width: 16 },
            { key: 'period', header: t('Period', '期间'), width: 10 },
            { key: 'last12', header: t('Last 12 months', '近12个月'), format: 'int', width: 14 },
            { key: 'growthLast12', header: t('Growth last year', '去年增长'), format: 'percent', width: 12 },
            { key: 'proposed', header: t('Proposed', '建议目标'), format: 'int', width: 14 },
            { key: 'impliedGrowth', header: t('Implied growth', '隐含增长'), format: 'percent', width: 12 },
            { key: 'expected', header: t('Forecast', '预测'), format: 'int', width: 14 },
            { key: 'expectedGrowth', header: t('Forecast growth', '预测增长'), format: 'percent', width: 12 },
            { key: 'probability', header: tr(ctx.lang, P_PROPOSED), format: 'percent', width: 12 },
            { key: 'verdictText', header: t('Verdict', '结论'), width: 12 },
            { key: 'sentence', header: t('In one sentence', '一句话结论'), width: 100 },
          ],
          rows: res.results.map((r) => ({ ...r, name: r.name ?? t('Company', '公司'), sentence: tr(ctx.lang, r.sentence), verdictText: tr(ctx.lang, VERDICTS[r.verdict]) })),
          fill: (row, key) => (key === 'verdictText' ? ({ achievable: 'good', stretch: 'warn', unrealistic: 'bad' } as const)[row.verdict as CheckResult['verdict']] : undefined),
        },
        problemsSheet(ctx.lang, problems),
      ], { force: flags.force, inputs });
    }
    ctx.print(flags.json ? json() : render(ctx, res.plan.file, period.label, res.results, problems, problemCount));
    return strictExit(ctx, [{ problemCount }]);
  });
}
