import type { Command } from 'commander';
import { isoDate } from '../../core/calendar.js';
import { slug, uniqueFileName } from '../../core/calibrate/invite.js';
import { coverageCheck, prepMarkdown, prepPacket, prepWindow, repProgress, packetTargetChecks, windowCoverage } from '../../core/calibrate/prep.js';
import { EXIT, PerfError } from '../../core/errors.js';
import { bi, nounCount } from '../../core/i18n.js';
import { repId } from '../../core/plan/index.js';
import { methodChecks, quarterPlans } from '../../core/plan/pacing.js';
import { ScoreAccumulator } from '../../core/score/index.js';
import { rosterOf } from '../../core/teams.js';
import { checkOutputPath, writeFiles } from '../../io/output.js';
import { defaultStatePath } from '../../io/state.js';
import { stream } from '../load.js';
import { action, writeCommandWorkbook, examples } from '../common.js';
import { strictExit } from '../context.js';
import { loadPlanInputs } from '../plan-inputs.js';
import { stateOption, sub, withStore } from './common.js';
import { prepJson } from './json.js';
import { wrapText } from '../render.js';
import { renderPrep } from './report.js';
import { prepSheets } from './workbook.js';

interface PrepFlags {
  deals?: string;
  activity?: string;
  team?: string;
  rep?: string;
  adjust?: string;
  out?: string;
  md?: string;
  force?: boolean;
  json?: boolean;
  state?: string;
}

export function registerPrep(parent: Command): void {
  const cmd = sub(parent, 'prep')
    .description('a one-page prep packet per rep: progress against the quarter target, KBI misses of the last two weeks, open action items, the four questions')
    .requiredOption('--deals <file>', 'deals export (targets and progress)')
    .requiredOption('--activity <file>', 'activity export (KBIs)')
    .option('--team <file>', 'the roster: teams, managers, and which reps get a packet')
    .option('--rep <name>', 'only this rep')
    .option('--adjust <file>', 'market adjustments, as for perf forecast')
    .option('-o, --out <file>', 'also write a workbook with one sheet per rep (.xlsx)')
    .option('--md <dir>', 'write one Markdown file per rep into this folder (default: print Markdown)')
    .option('--force', 'replace existing files')
    .option('--json', 'print the packets as JSON');
  stateOption(cmd);
  examples(cmd, [
    'sales-perf calibrate prep --deals fixtures/deals.csv --activity fixtures/activity.xlsx --team fixtures/teams.csv --rep "Wang Fang"',
    'sales-perf calibrate prep --deals deals.csv --activity activity.xlsx --team teams.csv --md prep -o prep.xlsx',
  ]);
  action<PrepFlags>(cmd, async (ctx, _args, flags) => {
    const inputs = [flags.deals!, flags.activity!, flags.team, flags.adjust, flags.state ?? defaultStatePath()].filter((f): f is string => f !== undefined);
    if (flags.out) checkOutputPath(flags.out, { force: flags.force, inputs });
    // The same deals, roster, adjustments and plan settings as `perf forecast` (no backtest: only targets are needed).
    const loaded = await loadPlanInputs(ctx, flags.deals!, { team: flags.team, adjust: flags.adjust });
    const roster = rosterOf(loaded.options.roster ?? []);
    const window = prepWindow(ctx.asOf);
    const acc = new ScoreAccumulator({ config: ctx.config.score, period: window, asOf: ctx.asOf, file: flags.activity!, deals: loaded.deals, dealsFile: flags.deals, roster });
    const activities = await stream(ctx, flags.activity!, 'activities', {}, (a) => acc.add(a), loaded.match);
    const score = acc.finish();
    const plans = quarterPlans(loaded.deals, loaded.options);
    const nowPlan = plans.nowPlan;
    const known = roster.size
      ? [...roster.keys()]
      : [...new Set([...nowPlan.series.filter((s) => s.level === 'rep' && s.active).map((s) => s.name), ...score.weeks.map((w) => w.rep)])].sort();
    if (flags.rep !== undefined && !known.includes(flags.rep))
      throw new PerfError(EXIT.usage, bi(`no rep "${flags.rep}" in the data; known: ${known.join(', ')}`, `数据中没有销售"${flags.rep}"；已知：${known.join('、')}`));
    const reps = flags.rep !== undefined ? [flags.rep] : known;
    const actions = withStore(flags.state, (store) => store.list({ status: 'all' }));
    const coverage = windowCoverage(window, { file: flags.activity!, period: score.period, afterAsOf: score.stats.afterAsOf }, ctx.asOf);
    const packets = reps.map((rep) =>
      prepPacket({
        rep,
        team: roster.get(rep)?.team,
        manager: roster.get(rep)?.manager,
        asOf: ctx.asOf,
        progress: repProgress(plans, rep, ctx.asOf),
        misses: Array.from(score.misses).filter((m) => m.rep === rep),
        coverage,
        actions: actions.filter((a) => a.rep === rep),
        questions: ctx.config.calibrate.questions,
        currency: ctx.config.currency,
        lang: ctx.lang,
      }),
    );
    // Before the packets: targets the forecast refused or doubts, and days the activity log does not cover.
    ctx.addChecks(packetTargetChecks(packets));
    const notJudged = coverageCheck(flags.activity!, coverage);
    if (notJudged) ctx.addChecks([notJudged]);
    // A rep's progress projected with a method chosen today can move without a new deal: said first, as perf alerts says it of teams.
    ctx.addChecks(methodChecks(plans, packets.filter((p) => p.progress.target !== null).map((p) => repId(p.rep)), flags.deals!));
    const problems = [...loaded.problems, ...activities.problems, ...score.problems, ...nowPlan.problems];
    const problemCount = loaded.problemCounts.reduce((n, s) => n + s.problemCount, 0) + activities.problemCount + score.problems.length + nowPlan.problems.length;
    if (flags.md) {
      const used = new Set<string>();
      const files = packets.map((p) => ({ name: uniqueFileName(`prep-${isoDate(ctx.asOf)}-${slug(p.rep)}`, '.md', used), data: prepMarkdown(p, ctx.lang) }));
      const paths = writeFiles(flags.md, files, { force: flags.force, inputs });
      ctx.note(ctx.t(bi(`wrote ${nounCount(paths.length, 'prep file')} to ${flags.md}`, `已向 ${flags.md} 写入 ${paths.length} 份准备材料`)));
    }
    if (flags.out) {
      await writeCommandWorkbook(ctx, flags.out, bi('Calibration 1:1 prep', '校准 1:1 准备材料'), prepSheets(ctx, packets, problems), { force: flags.force, inputs });
      ctx.note(ctx.t(bi(`wrote ${flags.out}`, `已写入 ${flags.out}`)));
    }
    if (flags.json) ctx.print(prepJson(ctx, window, packets, problems, problemCount, ctx.checks));
    // Printed Markdown wraps to the terminal (a wrapped list item stays one item); --md files keep their lines.
    else if (!flags.md && !flags.out) ctx.print(wrapText(renderPrep(ctx, packets, problems, problemCount)));
    return strictExit(ctx, [{ problemCount }]);
  });
}
