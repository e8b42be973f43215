import { isoDate } from '../../core/calendar.js';
import { NOTIFYING, type AlertEvent, type Decision } from '../../core/alerts/index.js';
import { alertMessage, EVENT_LABEL } from '../../core/alerts/message.js';
import { bi, labelled } from '../../core/i18n.js';
import type { Context } from '../context.js';
import { wrapText } from '../render.js';

/**
 * The text report; `caveats` (what is not delivered yet) come right after the head line. `sending`: the
 * alerts whose last raised event has not reached its receivers, and whether this run (--notify) sends
 * them; null on a dry run, which reads no deliveries.
 */
export function renderText(
  ctx: Context,
  decisions: Decision[],
  caveats: string[],
  extra: string[],
  dryRun: boolean,
  sending: { undelivered: ReadonlySet<string>; notify: boolean } | null,
): string {
  const t = (en: string, zh: string) => ctx.t(bi(en, zh));
  const count = (e: AlertEvent) => decisions.filter((d) => d.event === e).length;
  const due = decisions.filter((d) => NOTIFYING.has(d.event));
  const head = t(
    `Alerts as of ${isoDate(ctx.asOf)}${dryRun ? ' (dry run: nothing is sent or recorded)' : ''}: ${due.length} raised (${count('raised')} new, ${count('worsened')} worsened, ${count('repeated')} reminders), ${count('ongoing')} ongoing in the quiet period, ${count('resolved')} resolved`,
    `预警（截至 ${isoDate(ctx.asOf)}${dryRun ? '；演练模式：不发送、不记录' : ''}）：提醒 ${due.length} 条（新 ${count('raised')}、恶化 ${count('worsened')}、再次提醒 ${count('repeated')}），静默期内持续 ${count('ongoing')} 条，已解除 ${count('resolved')} 条`,
  );
  const blocks = due.map((d) => {
    const m = alertMessage(d.condition!, d.event, ctx.lang);
    return [m.title, ...m.lines.map((l) => `  ${l}`)].join('\n');
  });
  const line = (d: Decision) => {
    const on = d.memory?.lastRaisedOn != null ? isoDate(d.memory.lastRaisedOn) : '—';
    return `  · ${ctx.t(d.condition!.title)} ${t(`(last raised ${on})`, `（上次提醒 ${on}）`)}`;
  };
  // Ongoing within the quiet period is "not re-sent" only once it was sent: raised by a run without
  // --notify, or not accepted yet, it is sent by this --notify run or still waits for one.
  const ongoing = decisions.filter((d) => d.event === 'ongoing');
  const waiting = ongoing.filter((d) => sending?.undelivered.has(d.key));
  const quiet = ongoing.filter((d) => !waiting.includes(d));
  const ongoingBlocks = [
    ...(quiet.length
      ? [
          `\n${sending ? t('Ongoing, already sent, not re-sent during the quiet period:', '持续中（已发送，静默期内不重复发送）：') : t('Ongoing, not re-sent during the quiet period:', '持续中（静默期内不重复发送）：')}`,
          ...quiet.map(line),
        ]
      : []),
    ...(waiting.length
      ? [
          `\n${sending!.notify ? t('Ongoing, raised earlier, not delivered yet, sent by this run:', '持续中（此前已提醒但尚未送达，本次发送）：') : t('Ongoing, not sent yet (a run with --notify sends them):', '持续中（尚未发送，加 --notify 运行即会发送）：')}`,
          ...waiting.map(line),
        ]
      : []),
  ];
  const resolved = decisions.filter((d) => d.event === 'resolved').map((d) => `  · ${labelled(ctx.lang, ctx.t(EVENT_LABEL.resolved), d.key)}`);
  return wrapText(
    [
      head,
      ...caveats,
      ...blocks.map((b) => `\n${b}`),
      ...ongoingBlocks,
      ...(resolved.length ? [`\n${t('Resolved:', '已解除：')}`, ...resolved] : []),
      ...(extra.length ? ['', ...extra] : []),
    ].join('\n'),
  );
}
