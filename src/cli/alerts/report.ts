import { isoDate } from '../../core/calendar.js';
import { NOTIFYING, type AlertEvent, type Decision } from '../../core/alerts/index.js';
import { alertMessage, EVENT_LABEL } from '../../core/alerts/message.js';
import { bi, labelled } from '../../core/i18n.js';
import type { Context } from '../context.js';
import { wrapText } from '../render.js';

/** The text report; `caveats` (what could not be judged, what is not delivered yet) come right after the head line. */
export function renderText(ctx: Context, decisions: Decision[], caveats: string[], extra: string[], dryRun: boolean): string {
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
  const quiet = decisions
    .filter((d) => d.event === 'ongoing')
    .map((d) => {
      const on = d.memory?.lastRaisedOn != null ? isoDate(d.memory.lastRaisedOn) : '—';
      return `  · ${ctx.t(d.condition!.title)} ${t(`(last raised ${on})`, `（上次提醒 ${on}）`)}`;
    });
  const resolved = decisions.filter((d) => d.event === 'resolved').map((d) => `  · ${labelled(ctx.lang, ctx.t(EVENT_LABEL.resolved), d.key)}`);
  return wrapText(
    [
      head,
      ...caveats,
      ...blocks.map((b) => `\n${b}`),
      ...(quiet.length ? [`\n${t('Ongoing, not re-sent during the quiet period:', '持续中（静默期内不重复发送）：')}`, ...quiet] : []),
      ...(resolved.length ? [`\n${t('Resolved:', '已解除：')}`, ...resolved] : []),
      ...(extra.length ? ['', ...extra] : []),
    ].join('\n'),
  );
}
