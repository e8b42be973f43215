import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { ActivityDigest, decide, evaluateAlerts, judgeable, NOTIFYING, type AlertEvent, type Decision } from '../../core/alerts/index.js';
import { EXIT, PerfError } from '../../core/errors.js';
import { bi, nounCount, tr } from '../../core/i18n.js';
import { maskSecrets } from '../../core/mask.js';
import { quarterPlans } from '../../core/plan/pacing.js';
import { rosterOf, teamRenames } from '../../core/teams.js';
import { AlertStore, dataSetStatePath, type RunInfo, type Undelivered } from '../../io/alert-store.js';
import { writeCsvFile } from '../../io/csv-out.js';
import { checkOutputPath } from '../../io/output.js';
import type { DatasetInfo } from '../../io/read.js';
import { smtpSettings } from '../../io/smtp.js';
import { action, addReadFlags, examples } from '../common.js';
import { strictExit } from '../context.js';
import { load, stream } from '../load.js';
import { loadPlanInputs, type PlanFlags } from '../plan-inputs.js';
import { problemLines, terminal } from '../render.js';
import { CSV_COLUMNS, csvRows } from './csv.js';
import { deliver, report, routesOf } from './delivery.js';
import { record } from './json.js';
import { renderText } from './report.js';

interface AlertsFlags extends PlanFlags {
  activity?: string;
  leads?: string;
  state?: string;
  notify?: boolean;
  dryRun?: boolean;
  replay?: boolean;
  format?: string;
  json?: boolean;
  out?: string;
  force?: boolean;
}

// The default folder is the machine's, so this text is put together here, in the run's language, not looked up.
const stateHelp = (dir: string) =>
  tr(terminal.lang, bi(`alert state (SQLite); default: one file per deals export in ${dir}`, `预警状态（SQLite）；默认：每个商机导出一个文件，位于 ${dir}`));

export function registerAlerts(program: Command): void {
  const cmd = program
    .command('alerts')
    .argument('<deals>', 'deals / opportunities export (CSV or XLSX)')
    .description('early warnings for cron: new-customer growth, leads without follow-up, touch KBI, quarter pacing; each sent once, never lost')
    .option('--activity <file>', 'activity log: the touch KBI rule and lead follow-ups')
    .option('--leads <file>', 'leads export: the 48-hour follow-up rule')
    .option('--team <file>', 'team roster: team, region, manager, emails, webhook per rep')
    .option('--adjust <file>', 'market adjustments, as for perf forecast (the pacing targets)')
    .option('--state <file>', stateHelp(dataSetStatePath('deals.csv').replace(/[^/\\]+$/, '')))
    .option('--notify', 'deliver every alert not yet delivered to its routes (webhooks; e-mail when SMTP is configured), whichever run raised it')
    .option('--replay', 'allow an --as-of earlier than the last run on this state')
    .option('--dry-run', 'print what would be sent; send nothing, record nothing')
    .option('--format <format>', 'stdout: text (default) or json (one object per line)')
    .option('--json', 'same as --format json')
    .option('-o, --out <file.csv>', 'also write the alerts as CSV')
    .option('--force', 'replace an existing --out file');
  addReadFlags(cmd);
  examples(cmd, [
    'sales-perf alerts fixtures/deals.csv --leads fixtures/leads.csv --activity fixtures/activity.csv --team fixtures/teams.csv --as-of 2026-11-27',
    'sales-perf alerts deals.csv --team teams.csv --notify --state /var/lib/perf/state.db',
    'sales-perf alerts deals.csv --dry-run --format json',
    '# cron, every day at 08:00 (5 = a delivery is still pending: tell ops):',
    '#   0 8 * * * sales-perf alerts /data/deals.csv --team /data/teams.csv --notify -q >> /var/log/sales-perf-alerts.log 2>&1; [ $? -ne 5 ] || logger -t sales-perf "alert delivery pending"',
  ]);
  action<AlertsFlags>(cmd, async (ctx, [dealsFile], flags) => {
    const format = flags.json ? 'json' : (flags.format ?? 'text');
    if (format !== 'text' && format !== 'json')
      throw new PerfError(EXIT.usage, bi(`--format must be text or json, not "${format}"`, `--format 只能是 text 或 json，而不是"${format}"`));
    if (flags.dryRun && flags.notify) ctx.note(ctx.t(bi('--dry-run: --notify shows what would be posted; nothing is sent', '--dry-run：--notify 仅显示将要发送的内容，不会实际发送')));
    const inputs = [dealsFile, flags.activity, flags.leads, flags.team, flags.adjust, flags.state ?? dataSetStatePath(dealsFile)].filter((f): f is string => f !== undefined);
    if (flags.out) checkOutputPath(flags.out, { force: flags.force, inputs });
    const cfg = ctx.config.alerts;

    // Deals, roster and adjustments read, and planned, as perf forecast does: pacing uses its targets.
    const loaded = await loadPlanInputs(ctx, dealsFile, flags);
    const roster = rosterOf(loaded.options.roster ?? []);
    // Taken before the leads and activities add their overrides: the team-keyed rules group the deals.
    const renames = loaded.match ? teamRenames(loaded.match.overrides, loaded.deals) : undefined;
    // The deals' and roster's problems as they stand when counted: the roster's idle reps change as the leads and activities are matched.
    const planned = {
      get problems() {
        return loaded.problems;
      },
      get problemCount() {
        return loaded.problemCounts.reduce((n, p) => n + p.problemCount, 0);
      },
    };
    const datasets: Pick<DatasetInfo, 'problems' | 'problemCount'>[] = [planned];
    // A leads export none of whose leads the follow-up rule can judge (Olist's: no owner, no assignment time)
    // is said to be not checked; refusing it as stale would hold the whole run back to its dates.
    const leads = flags.leads ? await load(ctx, flags.leads, 'leads', {}, loaded.match, (rows) => cfg.leadFollowUp.enabled && rows.some(judgeable)) : undefined;
    if (leads) datasets.push(leads);
    let digest: ActivityDigest | undefined;
    if (flags.activity) {
      const d = new ActivityDigest(cfg.touches.types, ctx.asOf);
      datasets.push(await stream(ctx, flags.activity, 'activities', {}, (row) => d.add(row), loaded.match));
      digest = d;
    }
    const routing = { routes: cfg.routing, roster: [...roster.values()] };
    const { conditions, evaluated, checks } = evaluateAlerts(
      {
        deals: loaded.deals,
        leads: leads?.rows,
        activity: digest,
        files: { deals: dealsFile, activity: flags.activity, leads: flags.leads },
        routing,
        currency: ctx.config.currency,
        teamRenames: renames,
        plans: cfg.pacing.enabled ? quarterPlans(loaded.deals, loaded.options) : undefined,
      },
      cfg,
      ctx.asOf,
    );
    // What a rule did with an export that stops early is said per rule above; the general "counts as
    // nothing done" for its uncovered months or days is not what alerts do with them.
    const own = new Set([flags.activity, flags.leads]);
    const general = new Set(['uncovered_months', 'uncovered_days']);
    ctx.checks.splice(0, ctx.checks.length, ...ctx.checks.filter((c) => !(general.has(c.code) && own.has(c.file ?? undefined))));
    ctx.addChecks(checks);
    const smtp = flags.notify ? smtpSettings(cfg.email) : null;
    const secrets = smtp?.password ? [smtp.password] : [];
    const mask = (text: string) => maskSecrets(text, secrets);
    const note = (text: string) => ctx.note(mask(text));
    // A pending alert is the one thing cron must not miss: said on stderr even with -q.
    const warn = (text: string) => process.stderr.write(`${mask(text)}\n`);
    const plan = (memory: Parameters<typeof decide>[1]) => decide(conditions, memory, evaluated, ctx.asOf, cfg.quietDays);
    const routes = (d: Decision, event: AlertEvent) => routesOf(ctx, d, event, smtp);

    let decisions: Decision[];
    let store: AlertStore | undefined;
    const caveats: string[] = [];
    const extra: string[] = [];
    const statePath = flags.state ?? dataSetStatePath(dealsFile);
    const run: RunInfo = { asOf: ctx.asOf, runId: `${process.pid}-${randomBytes(6).toString('hex')}`, nowMs: Date.now(), notify: Boolean(flags.notify), replay: Boolean(flags.replay) };
    let waiting: Undelivered[] = [];
    let unrouted: string[] = [];
    if (flags.dryRun) {
      const peek = AlertStore.peek(statePath);
      decisions = plan(peek.memory);
      for (const d of decisions.filter((x) => NOTIFYING.has(x.event) && x.condition)) {
        const rs = flags.notify ? routes(d, d.event) : [];
        if (flags.notify && rs.length === 0) unrouted.push(d.key);
        for (const r of rs)
          extra.push(
            ctx.t(
              r.channel === 'webhook'
                ? bi(`would POST ${d.key} to ${r.target} (${r.style}): ${r.payload}`, `将 POST ${d.key} 到 ${r.target}（${r.style}）：${r.payload}`)
                : bi(`would mail ${d.key} to ${r.target}`, `将邮件发送 ${d.key} 到 ${r.target}`),
            ),
          );
      }
      if (flags.notify && peek.pending > 0)
        extra.push(ctx.t(bi(`would retry ${nounCount(peek.pending, 'delivery', undefined, 'deliveries')} left pending by earlier runs`, `将重试此前未送达的 ${peek.pending} 条消息`)));
      for (const key of unrouted) extra.push(ctx.t(bi(`${key}: no route, would stay pending`, `${key}：没有发送途径，将保持待发送`)));
    } else {
      store = AlertStore.open(statePath);
      const cycle = store.cycle(run, plan, routes);
      decisions = cycle.decisions;
      waiting = cycle.undelivered;
      unrouted = cycle.unrouted;
      const raisedNow = new Set(decisions.filter((d) => NOTIFYING.has(d.event)).map((d) => d.key));
      const earlier = waiting.filter((w) => !raisedNow.has(w.key)).map((w) => `${w.key} (${w.raisedOn})`);
      if (!flags.notify && waiting.length)
        caveats.push(
          ctx.t(
            bi(
              `not delivered yet: ${waiting.map((w) => w.key).join(', ')} (a run with --notify sends them)`,
              `尚未发送：${waiting.map((w) => w.key).join('、')}（加 --notify 运行即会发送）`,
            ),
          ),
        );
      else if (earlier.length)
        caveats.push(ctx.t(bi(`raised earlier, not delivered yet, sent by this run: ${earlier.join(', ')}`, `此前已提醒但尚未送达，本次发送：${earlier.join('、')}`)));
    }

    if (format === 'json') {
      // One JSON object per line is the decisions' format; the checks go to stderr beside the notes.
      for (const c of ctx.checks) ctx.note(ctx.t(c.message));
      for (const c of caveats) note(c);
      const lines = decisions.map((d) => JSON.stringify(record(ctx.lang, ctx.asOf, d)));
      if (lines.length) await report(ctx, mask(`${lines.join('\n')}\n`));
    } else {
      const problems = datasets.flatMap((d) => d.problems);
      const count = datasets.reduce((s, d) => s + d.problemCount, 0);
      await report(ctx, mask(`${ctx.checksText()}${renderText(ctx, decisions, caveats, extra, Boolean(flags.dryRun), store ? { undelivered: new Set(waiting.map((w) => w.key)), notify: Boolean(flags.notify) } : null)}\n\n${problemLines(ctx, problems, count)}\n`));
    }
    if (flags.out) {
      await writeCsvFile(flags.out, CSV_COLUMNS, csvRows(ctx.lang, ctx.asOf, decisions), { force: flags.force, inputs });
      if (flags.out !== '-') note(ctx.t(bi(`wrote ${flags.out}`, `已写入 ${flags.out}`)));
    }

    let pending = 0;
    if (store) {
      if (flags.notify) pending = await deliver(ctx, store, run, smtp, note, warn, unrouted);
      store.close();
    }
    const strict = strictExit(ctx, datasets);
    if (pending > 0) return EXIT.pending;
    if (strict !== EXIT.ok) return strict;
    return decisions.some((d) => NOTIFYING.has(d.event)) ? EXIT.alerts : EXIT.ok;
  });
}
