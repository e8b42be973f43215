import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { ActivityDigest, decide, evaluateAlerts, NOTIFYING, type Decision, type Recipient } from '../../core/alerts/index.js';
import { alertMessage, recipientText } from '../../core/alerts/message.js';
import { EXIT, PerfError } from '../../core/errors.js';
import { bi } from '../../core/i18n.js';
import { quarterPlans } from '../../core/plan/pacing.js';
import { rosterOf, withRoster } from '../../core/teams.js';
import { AlertStore, type ClaimedDelivery, type DeliveryDraft } from '../../io/alert-store.js';
import { writeCsvFile } from '../../io/csv-out.js';
import { detectStyle, payloadFor, postJson, type PayloadStyle } from '../../io/notify.js';
import { checkOutputPath } from '../../io/output.js';
import { streamDataset, type DatasetInfo } from '../../io/read.js';
import { defaultStatePath } from '../../io/state.js';
import { action, addReadFlags, examples } from '../common.js';
import { strictExit, type Context } from '../context.js';
import { load } from '../load.js';
import { loadPlanInputs, type PlanFlags } from '../plan-inputs.js';
import { problemLines } from '../render.js';
import { CSV_COLUMNS, csvRows } from './csv.js';
import { record } from './json.js';
import { renderText } from './report.js';

interface AlertsFlags extends PlanFlags {
  activity?: string;
  leads?: string;
  state?: string;
  notify?: boolean;
  dryRun?: boolean;
  format?: string;
  json?: boolean;
  out?: string;
  force?: boolean;
}

/** One webhook message per alert and target URL (a rep and a manager sharing a team robot get one). */
function drafts(ctx: Context, decisions: Decision[]): { drafts: DeliveryDraft[]; unrouted: string[] } {
  const cfg = ctx.config.alerts.delivery;
  const out: DeliveryDraft[] = [];
  const unrouted: string[] = [];
  for (const d of decisions) {
    if (!NOTIFYING.has(d.event) || !d.condition) continue;
    const c = d.condition;
    const byUrl = new Map<string, Recipient[]>();
    for (const r of c.recipients) if (r.webhook) byUrl.set(r.webhook, [...(byUrl.get(r.webhook) ?? []), r]);
    if (byUrl.size === 0) unrouted.push(c.key);
    const msg = alertMessage(c, d.event, ctx.lang);
    for (const [url, rs] of byUrl) {
      const configured = rs.find((r) => r.style)?.style ?? cfg.style;
      const style: PayloadStyle = configured === 'auto' ? detectStyle(url) : (configured as PayloadStyle);
      const payload = payloadFor(style, cfg.format, { ...msg, lang: ctx.lang, alert: record(ctx.lang, ctx.asOf, d) });
      out.push({ key: c.key, target: url, style, recipients: rs.map((r) => recipientText(ctx.lang, r)).join('; '), payload: JSON.stringify(payload) });
    }
  }
  return { drafts: out, unrouted };
}

export function registerAlerts(program: Command): void {
  const cmd = program
    .command('alerts')
    .argument('<deals>', 'deals / opportunities export (CSV or XLSX)')
    .description('early warnings for cron: new-customer growth, leads without follow-up, touch KBI, quarter pacing; each sent once, never lost')
    .option('--activity <file>', 'activity log: the touch KBI rule and lead follow-ups')
    .option('--leads <file>', 'leads export: the 48-hour follow-up rule')
    .option('--team <file>', 'team roster: team, region, manager, emails, webhook per rep')
    .option('--adjust <file>', 'market adjustments, as for perf forecast (the pacing targets)')
    .option('--state <file>', `alert state (SQLite); default ${defaultStatePath()}`)
    .option('--notify', 'POST new alerts (and deliveries left pending by earlier runs) to the routed webhooks')
    .option('--dry-run', 'print what would be sent; send nothing, record nothing')
    .option('--format <format>', 'stdout: text (default) or json (one object per line)')
    .option('--json', 'same as --format json')
    .option('-o, --out <file.csv>', 'also write the alerts as CSV')
    .option('--force', 'replace an existing --out file');
  addReadFlags(cmd);
  examples(cmd, [
    'perf alerts fixtures/deals.csv --leads fixtures/leads.csv --activity fixtures/activity.csv --team fixtures/teams.csv --as-of 2026-11-27',
    'perf alerts deals.csv --team teams.csv --notify --state /var/lib/perf/state.db',
    'perf alerts deals.csv --dry-run --format json',
    '# cron, every day at 08:00:  0 8 * * * perf alerts /data/deals.csv --leads /data/leads.csv --notify -q || notify-ops',
    'Exit codes: 0 nothing new · 3 alerts raised/worsened/repeated or a delivery still pending · 1/2 errors',
  ]);
  action<AlertsFlags>(cmd, async (ctx, [dealsFile], flags) => {
    const format = flags.json ? 'json' : (flags.format ?? 'text');
    if (format !== 'text' && format !== 'json')
      throw new PerfError(EXIT.usage, bi(`--format must be text or json, not "${format}"`, `--format 只能是 text 或 json，而不是"${format}"`));
    if (flags.dryRun && flags.notify) ctx.note(ctx.t(bi('--dry-run: --notify shows what would be posted; nothing is sent', '--dry-run：--notify 仅显示将要发送的内容，不会实际发送')));
    const inputs = [dealsFile, flags.activity, flags.leads, flags.team, flags.adjust].filter((f): f is string => f !== undefined);
    if (flags.out) checkOutputPath(flags.out, { force: flags.force, inputs });
    const cfg = ctx.config.alerts;

    // Deals, roster and adjustments read, and planned, as perf forecast does: pacing uses its targets.
    const loaded = await loadPlanInputs(ctx, dealsFile, flags);
    const roster = rosterOf(loaded.options.roster ?? []);
    const datasets: Pick<DatasetInfo, 'problems' | 'problemCount'>[] = [{ problems: loaded.problems, problemCount: loaded.problemCounts.reduce((n, p) => n + p.problemCount, 0) }];
    const leads = flags.leads ? await load(ctx, flags.leads, 'leads') : undefined;
    if (leads) {
      withRoster(leads.rows.filter((l): l is typeof l & { rep: string } => l.rep !== undefined), roster);
      datasets.push(leads);
    }
    let digest: ActivityDigest | undefined;
    if (flags.activity) {
      const d = new ActivityDigest(cfg.touches.types, ctx.asOf);
      datasets.push(await streamDataset(flags.activity, { ...ctx.readOptions({}), kind: 'activities' }, (row) => d.add(row)));
      digest = d;
    }
    const routing = { routes: cfg.routing, roster: [...roster.values()] };
    const { conditions, evaluated, skipped } = evaluateAlerts(
      {
        deals: loaded.deals,
        leads: leads?.rows,
        activity: digest,
        routing,
        currency: ctx.config.currency,
        plans: cfg.pacing.enabled ? quarterPlans(loaded.deals, loaded.options) : undefined,
      },
      cfg,
      ctx.asOf,
    );
    const plan = (memory: Parameters<typeof decide>[1]) => {
      const decisions = decide(conditions, memory, evaluated, ctx.asOf, cfg.quietDays);
      const made = flags.notify ? drafts(ctx, decisions) : { drafts: [], unrouted: [] };
      return { decisions, ...made };
    };

    let decisions: Decision[];
    let claimed: ClaimedDelivery[] = [];
    let store: AlertStore | undefined;
    const extra: string[] = skipped.map((s) => ctx.t(s.reason));
    const runId = `${process.pid}-${randomBytes(6).toString('hex')}`;
    let unrouted: string[] = [];
    if (flags.dryRun) {
      const peek = AlertStore.peek(flags.state);
      const p = plan(peek.memory);
      decisions = p.decisions;
      unrouted = p.unrouted;
      for (const d of p.drafts) extra.push(ctx.t(bi(`would POST ${d.key} to ${d.target} (${d.style}): ${d.payload}`, `将 POST ${d.key} 到 ${d.target}（${d.style}）：${d.payload}`)));
      if (flags.notify && peek.pending > 0)
        extra.push(ctx.t(bi(`would retry ${peek.pending} delivery(ies) left pending by earlier runs`, `将重试此前未送达的 ${peek.pending} 条消息`)));
    } else {
      store = AlertStore.open(flags.state);
      let made: { unrouted: string[] } = { unrouted: [] };
      const result = store.cycle(
        ctx.asOf,
        runId,
        Date.now(),
        (memory) => {
          const p = plan(memory);
          made = p;
          return p;
        },
        Boolean(flags.notify),
      );
      decisions = result.decisions;
      claimed = result.claimed;
      unrouted = made.unrouted;
    }
    for (const key of unrouted)
      ctx.note(ctx.t(bi(`no webhook routed for ${key}: add one under alerts.routing or a webhook column in --team`, `${key} 没有可用的 webhook：请在 alerts.routing 或 --team 的 webhook 列中配置`)));

    if (format === 'json') {
      for (const s of skipped) ctx.note(ctx.t(s.reason));
      const lines = decisions.map((d) => JSON.stringify(record(ctx.lang, ctx.asOf, d)));
      if (lines.length) ctx.print(lines.join('\n'));
    } else {
      const problems = datasets.flatMap((d) => d.problems);
      const count = datasets.reduce((s, d) => s + d.problemCount, 0);
      ctx.print(`${renderText(ctx, decisions, extra, Boolean(flags.dryRun))}\n\n${problemLines(ctx, problems, count)}`);
    }
    if (flags.out) {
      await writeCsvFile(flags.out, CSV_COLUMNS, csvRows(ctx.lang, ctx.asOf, decisions), { force: flags.force, inputs });
      if (flags.out !== '-') ctx.note(ctx.t(bi(`wrote ${flags.out}`, `已写入 ${flags.out}`)));
    }

    let pending = 0;
    if (store) {
      const policy = ctx.config.alerts.delivery;
      let sent = 0;
      for (const c of claimed) {
        const outcome = await postJson(c.target, c.payload, c.style as PayloadStyle, policy);
        store.settle(c, ctx.asOf, runId, Date.now(), outcome);
        if (outcome.ok) sent++;
        else ctx.note(ctx.t(bi(`delivery of ${c.key} to ${c.target} failed after ${outcome.attempts} attempt(s): ${outcome.error}; kept pending for the next run`, `${c.key} 发送到 ${c.target} 失败（尝试 ${outcome.attempts} 次）：${outcome.error}；已保留，下次运行重试`)));
      }
      if (claimed.length) ctx.note(ctx.t(bi(`webhooks: ${sent} of ${claimed.length} delivered`, `webhook：已送达 ${sent}/${claimed.length}`)));
      pending = flags.notify ? store.pendingCount() : 0;
      store.close();
    }
    const strict = strictExit(ctx, datasets);
    if (strict !== EXIT.ok) return strict;
    return decisions.some((d) => NOTIFYING.has(d.event)) || pending > 0 ? EXIT.alerts : EXIT.ok;
  });
}
