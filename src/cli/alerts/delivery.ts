import type { AlertEvent, Decision, Recipient } from '../../core/alerts/index.js';
import { alertMessage, recipientText } from '../../core/alerts/message.js';
import { EXIT, PerfError } from '../../core/errors.js';
import { bi, nounCount, type Bi } from '../../core/i18n.js';
import type { AlertStore, ClaimedDelivery, DeliveryDraft, RunInfo } from '../../io/alert-store.js';
import { deliverAll } from '../../io/deliver.js';
import { detectStyle, payloadFor, postJson, type PayloadStyle } from '../../io/notify.js';
import { writeStdout } from '../../io/output.js';
import { mailer, sendMail, type SmtpSettings } from '../../io/smtp.js';
import type { Context } from '../context.js';
import { record } from './json.js';

/**
 * Where one alert goes: one webhook message per target URL (a rep and a manager sharing a team robot get
 * one), and with SMTP configured one mail per e-mail address. `event` is the event being delivered, which
 * an earlier run (a hand run, or a run whose delivery failed) may have raised.
 */
export function routesOf(ctx: Context, d: Decision, event: AlertEvent, smtp: SmtpSettings | null): DeliveryDraft[] {
  const cfg = ctx.config.alerts.delivery;
  const c = d.condition!;
  const msg = alertMessage(c, event, ctx.lang);
  const out: DeliveryDraft[] = [];
  const byUrl = new Map<string, Recipient[]>();
  for (const r of c.recipients) if (r.webhook) byUrl.set(r.webhook, [...(byUrl.get(r.webhook) ?? []), r]);
  for (const [url, rs] of byUrl) {
    const configured = rs.find((r) => r.style)?.style ?? cfg.style;
    const style: PayloadStyle = configured === 'auto' ? detectStyle(url) : (configured as PayloadStyle);
    const payload = payloadFor(style, cfg.format, { ...msg, lang: ctx.lang, alert: record(ctx.lang, ctx.asOf, { ...d, event }) });
    out.push({ channel: 'webhook', target: url, style, recipients: rs.map((r) => recipientText(ctx.lang, r)).join('; '), payload: JSON.stringify(payload) });
  }
  if (smtp) {
    const byAddress = new Map<string, Recipient[]>();
    for (const r of c.recipients) if (r.email) byAddress.set(r.email, [...(byAddress.get(r.email) ?? []), r]);
    const text = [...msg.lines, '', ctx.t(bi('— sales-perf alerts', '—— sales-perf 预警'))].join('\n');
    for (const [address, rs] of byAddress)
      out.push({ channel: 'email', target: address, style: 'email', recipients: rs.map((r) => recipientText(ctx.lang, r)).join('; '), payload: JSON.stringify({ subject: msg.title, text }) });
  }
  return out;
}

/** What the network said, as words: the system's code (ECONNREFUSED …) stays beside them for a search. */
const NETWORK_ERRORS: Record<string, Bi> = {
  ECONNREFUSED: bi('connection refused (ECONNREFUSED): nothing listens at that address and port', '连接被拒绝（ECONNREFUSED）：该地址和端口上没有服务在监听'),
  ENOTFOUND: bi('host not found (ENOTFOUND)', '找不到主机（ENOTFOUND）'),
  ECONNRESET: bi('connection reset by the receiver (ECONNRESET)', '连接被接收方重置（ECONNRESET）'),
  ETIMEDOUT: bi('connection timed out (ETIMEDOUT)', '连接超时（ETIMEDOUT）'),
  EHOSTUNREACH: bi('host unreachable (EHOSTUNREACH)', '主机不可达（EHOSTUNREACH）'),
  'bad port': bi('port not allowed: Node never connects to this port (e.g. 9, 25, 6000); use another one', '端口不允许：Node 不会连接此端口（如 9、25、6000），请换一个端口'),
};

/** The errors the delivery itself words (io/notify.ts, io/deliver.ts), with their numbers. */
const WORDED: [RegExp, (n: string) => Bi][] = [
  [/^timeout after (\d+) ms$/, (n) => bi(`no answer within ${n} ms (timeout)`, `${n} 毫秒内无响应（超时）`)],
  [/^run deadline of (\d+) ms reached$/, (n) => bi(`the run's deadline of ${n} ms was reached`, `已到本次运行的截止时间（${n} 毫秒）`)],
  [/^run deadline reached()$/, () => bi("the run's deadline was reached", '已到本次运行的截止时间')],
];

export const deliveryError = (error: string): Bi => {
  if (NETWORK_ERRORS[error]) return NETWORK_ERRORS[error];
  for (const [re, words] of WORDED) {
    const m = re.exec(error);
    if (m) return words(m[1]);
  }
  return bi(error, error);
};

/** Writes the report; a report that did not reach stdout (full disk) ends the run before anything is delivered. */
export async function report(ctx: Context, text: string): Promise<void> {
  try {
    await writeStdout(text);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new PerfError(
      EXIT.unexpected,
      bi(
        `the report could not be written to stdout (${why}): nothing was delivered; the alerts stay pending for the next run`,
        `报告无法写入标准输出（${why}）：未发送任何预警，留待下次运行发送`,
      ),
    );
  }
}

/**
 * Sends what this run claimed (new, pending from earlier runs, or left mid-send by a killed run), all at
 * once within the run's deadline, recording each delivery as the receiver accepts it. Returns how many
 * alerts are still pending (no route, refused, or not done by the deadline), each listed on stderr.
 */
export async function deliver(
  ctx: Context,
  store: AlertStore,
  run: RunInfo,
  smtp: SmtpSettings | null,
  note: (text: string) => void,
  warn: (text: string) => void,
  unrouted: string[],
): Promise<number> {
  const policy = ctx.config.alerts.delivery;
  const { claimed, reclaimed } = store.claim(run, Date.now() + policy.deadlineMs + 30_000);
  // A killed run is news for ops even under -q.
  if (reclaimed.length)
    warn(
      ctx.t(
        bi(
          `reclaimed ${nounCount(reclaimed.length, 'delivery', undefined, 'deliveries')} claimed by a run that stopped mid-send: ${reclaimed.map((c) => c.key).join(', ')} (sent again; a receiver may see one twice)`,
          `接管了 ${reclaimed.length} 条被中断运行占用的消息：${reclaimed.map((c) => c.key).join('、')}（重新发送；接收方可能收到两次）`,
        ),
      ),
    );
  const transport = smtp && claimed.some((c) => c.channel === 'email') ? await mailer(smtp, Math.min(policy.timeoutMs, policy.deadlineMs)) : null;
  let sent = 0;
  const send = (c: ClaimedDelivery, deadline: AbortSignal) => {
    if (c.channel === 'webhook') return postJson(c.target, c.payload, c.style as PayloadStyle, policy, deadline);
    if (!transport) return Promise.resolve({ ok: false as const, attempts: 0, error: 'no SMTP server configured (alerts.email or PERF_SMTP_URL)' });
    const mail = JSON.parse(c.payload) as { subject: string; text: string };
    return sendMail(transport, smtp!.from, { to: c.target, ...mail }, policy, deadline);
  };
  await deliverAll(claimed, send, policy, (c, outcome) => {
    store.settle(c, run, Date.now(), outcome);
    if (outcome.ok) sent++;
    else
      note(
        ctx.t(
          bi(
            `delivery of ${c.key} to ${c.target} failed after ${nounCount(outcome.attempts, 'attempt')}: ${deliveryError(outcome.error).en}; kept pending for the next run`,
            `${c.key} 发送到 ${c.target} 失败（尝试 ${outcome.attempts} 次）：${deliveryError(outcome.error).zh}；已保留，下次运行重试`,
          ),
        ),
      );
  });
  transport?.close();
  if (claimed.length) note(ctx.t(bi(`deliveries: ${sent} of ${claimed.length} accepted`, `发送：已送达 ${sent}/${claimed.length}`)));
  const left = store.pending();
  for (const p of left)
    warn(ctx.t(p.error === null ? bi(`pending: ${p.key} → ${p.target}: not sent yet`, `待发送：${p.key} → ${p.target}：尚未发送`) : bi(`pending: ${p.key} → ${p.target}: ${deliveryError(p.error).en}`, `待发送：${p.key} → ${p.target}：${deliveryError(p.error).zh}`)));
  for (const key of unrouted)
    warn(
      ctx.t(
        bi(
          `pending: ${key}: no route: give its receivers a webhook or e-mail (alerts.routing, or the webhook / manager_webhook / e-mail columns of --team; e-mail needs alerts.email or PERF_SMTP_URL)`,
          `待发送：${key}：没有发送途径：请为接收人配置 webhook 或邮箱（alerts.routing，或 --team 的 webhook / 经理机器人 / 邮箱列；邮件需配置 alerts.email 或 PERF_SMTP_URL）`,
        ),
      ),
    );
  return new Set([...left.map((p) => p.key), ...unrouted]).size;
}

