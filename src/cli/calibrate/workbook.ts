import { isoDate } from '../../core/calendar.js';
import { prepMarkdown, type PrepPacket } from '../../core/calibrate/prep.js';
import { bi } from '../../core/i18n.js';
import type { Problem } from '../../schema/problem.js';
import { problemsSheet, type SheetSpec } from '../../io/workbook.js';
import type { Context } from '../context.js';

/** `prep -o prep.xlsx`: one sheet per rep (the questions with their data and talking points), then the data problems. */
export function prepSheets(ctx: Context, packets: PrepPacket[], problems: Problem[]): SheetSpec[] {
  const t = (en: string, zh: string) => ctx.t(bi(en, zh));
  const sheets: SheetSpec[] = packets.map((p) => ({
    name: p.rep,
    fromData: true,
    notes: [prepMarkdown(p, ctx.lang).split('\n')[0].replace(/^# /, ''), t(`Behaviour window ${isoDate(p.window.from)} – ${isoDate(p.window.to)}`, `行为数据区间 ${isoDate(p.window.from)} – ${isoDate(p.window.to)}`)],
    columns: [
      { key: 'question', header: t('Question', '问题'), width: 36 },
      { key: 'kind', header: t('Kind', '类别'), width: 14 },
      { key: 'text', header: t('Data and talking points', '数据与建议话题'), width: 110 },
    ],
    rows: p.sections.flatMap((s, n) => [
      ...s.facts.map((x) => ({ question: `${n + 1}. ${ctx.t(s.question)}`, kind: t('data', '数据'), text: ctx.t(x) })),
      ...s.points.map((x) => ({ question: `${n + 1}. ${ctx.t(s.question)}`, kind: t('talking point', '建议话题'), text: ctx.t(x) })),
    ]),
    fill: (row, key) => (key === 'kind' && row.kind === t('talking point', '建议话题') ? 'info' : undefined),
  }));
  return [...sheets, problemsSheet(ctx.lang, problems)];
}
