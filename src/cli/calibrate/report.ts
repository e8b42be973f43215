import { isoDate, type LocalTime } from '../../core/calendar.js';
import { daysOverdue, type ActionItem } from '../../core/calibrate/actions.js';
import { prepMarkdown, type PrepPacket } from '../../core/calibrate/prep.js';
import { bi } from '../../core/i18n.js';
import type { Problem } from '../../schema/problem.js';
import type { Context } from '../context.js';
import { problemLines, renderTable } from '../render.js';
import type { ScheduleRow } from './json.js';

/** `plan`: the pairs, their first meeting and the file each one is in. */
export function renderSchedule(ctx: Context, rows: ScheduleRow[], s: { durationMinutes: number; cadenceWeeks: number; start: LocalTime; weeks: number }): string {
  const head = ['Manager', 'Rep', 'First', 'Day', 'Time', 'Count', 'File'].map((h, i) => ctx.t(bi(h, ['经理', '销售', '首次', '星期', '时间', '次数', '文件'][i])));
  return renderTable(head, rows.map((r) => [r.manager, r.rep, r.first, r.weekday, r.time, r.count, r.file]), {
    title: ctx.t(
      bi(
        `Calibrations: ${rows.length} pairs, ${s.durationMinutes} min every ${s.cadenceWeeks} weeks from ${isoDate(s.start)} for ${s.weeks} weeks (${ctx.timeZone})`,
        `校准面谈：${rows.length} 对，自 ${isoDate(s.start)} 起每 ${s.cadenceWeeks} 周 ${s.durationMinutes} 分钟，共 ${s.weeks} 周（${ctx.timeZone}）`,
      ),
    ),
  });
}

/** `prep` without --md or -o: every packet as Markdown, then the data problems. */
export const renderPrep = (ctx: Context, packets: PrepPacket[], problems: Problem[], problemCount: number): string =>
  packets.map((p) => prepMarkdown(p, ctx.lang)).join('\n---\n\n') + '\n' + problemLines(ctx, problems, problemCount);

/** `record`: what was archived and stored, each block printed as it stands. */
export function recordBlocks(
  ctx: Context,
  r: { rep: string; date: LocalTime; archived: { path: string; fresh: boolean }; outcome: { added: ActionItem[]; existing: ActionItem[]; closed: ActionItem[] }; problems: Problem[]; problemCount: number },
): string[] {
  const { rep, date, archived, outcome } = r;
  return [
    ctx.t(
      archived.fresh
        ? bi(`Minutes of ${rep}, ${isoDate(date)}: archived as ${archived.path}`, `${rep} ${isoDate(date)} 的纪要：已归档为 ${archived.path}`)
        : bi(`Minutes of ${rep}, ${isoDate(date)}: already archived as ${archived.path}`, `${rep} ${isoDate(date)} 的纪要：此前已归档为 ${archived.path}`),
    ),
    ctx.t(
      bi(
        `Action items: ${outcome.added.length} new, ${outcome.existing.length} already recorded, ${outcome.closed.length} closed`,
        `行动项：新增 ${outcome.added.length} 项，已记录 ${outcome.existing.length} 项，关闭 ${outcome.closed.length} 项`,
      ),
    ),
    ...(outcome.added.length ? [taskTable(ctx, outcome.added)] : []),
    problemLines(ctx, r.problems, r.problemCount),
  ];
}

/** `done`: one line per item closed, or already closed before. */
export const doneLine = (ctx: Context, n: number, before: ActionItem, after: ActionItem): string =>
  ctx.t(
    before.status === 'done'
      ? bi(`#${n} was already done (${isoDate(before.doneOn!)}): ${after.text}`, `#${n} 此前已完成（${isoDate(before.doneOn!)}）：${after.text}`)
      : bi(`#${n} done: ${after.text}`, `#${n} 已完成：${after.text}`),
  );

export function taskTable(ctx: Context, items: ActionItem[]): string {
  const head = ['ID', 'Rep', 'Owner', 'Due', 'Overdue', 'Status', 'Action'].map((h, i) => ctx.t(bi(h, ['编号', '销售', '负责人', '截止', '逾期天数', '状态', '行动项'][i])));
  return renderTable(
    head,
    items.map((i) => [i.id, i.rep, i.owner, i.due === null ? '—' : isoDate(i.due), daysOverdue(i, ctx.asOf) || '', ctx.t(i.status === 'open' ? bi('open', '未完成') : bi('done', '已完成')), i.text]),
  );
}
