import { addDays, calendarDate, isoDate, parseIsoDate, type LocalTime } from '../calendar.js';
import { bi, tr, type Bi, type Lang } from '../i18n.js';
import type { Problem } from '../../schema/problem.js';

/**
 * The minutes file: Markdown a manager edits in any editor. The parser below accepts what people do
 * to it: full-width colons and pipes, Chinese labels, extra spaces, ticked boxes, other bullets,
 * fields in another order, dates written 2026/12/14, 12月14日 or 12-14.
 */

export interface MinutesHeader {
  rep: string;
  manager?: string;
  date: LocalTime;
}

export interface ParsedItem {
  /** 1-based line in the minutes file */
  line: number;
  owner: string;
  due?: LocalTime;
  text: string;
  done: boolean;
}

export interface ParsedMinutes {
  header: MinutesHeader | null;
  items: ParsedItem[];
  problems: Problem[];
}

const LABELS = {
  rep: ['rep', 'sales rep', 'salesperson', '销售', '销售人员', '销售代表', '被辅导人'],
  manager: ['manager', 'coach', '经理', '销售经理', '教练', '主管'],
  date: ['date', 'meeting date', '日期', '面谈日期', '会议日期', '校准日期'],
  owner: ['owner', 'who', 'assignee', 'responsible', '负责人', '责任人', '执行人', '跟进人', '负责'],
  due: ['due', 'due date', 'by', 'deadline', 'until', '截止', '截止日期', '截止时间', '期限', '完成时间', '完成日期', '到期'],
  text: ['action', 'task', 'item', 'what', 'todo', 'to do', '事项', '内容', '行动', '任务', '动作', '行动项'],
} as const;

// Anchored at the heading's start: question 4 ("next week's key actions?") is not the action section.
const ACTION_HEADING = /^\s*#+\s*(?:\d+[.)、]\s*)?(?:action items?|actions|next steps|to-?dos?|行动项|待办|跟进事项|行动计划)/i;

/** "label: value" with an ASCII or full-width colon; the label is matched case- and space-insensitively. */
function labelled(text: string): { label: keyof typeof LABELS; value: string } | null {
  const m = /^\s*\**\s*([^:：]{1,20}?)\s*\**\s*[:：]\s*\**\s*(.*?)\s*$/.exec(text);
  if (!m) return null;
  const key = m[1].toLowerCase().replace(/\s+/g, ' ').trim();
  for (const [label, names] of Object.entries(LABELS) as [keyof typeof LABELS, readonly string[]][])
    if (names.includes(key)) return { label, value: m[2].replace(/\*+$/, '').trim() };
  return null;
}

/**
 * A date as people write it in minutes: 2026-12-14, 2026/12/14, 2026.12.14, 2026年12月14日, or without
 * the year (12-14, 12/14, 12月14日) = the first such day on or after `from` (the meeting).
 */
export function parseLooseDate(text: string, from?: LocalTime): LocalTime | null {
  const s = text.normalize('NFKC').trim().replace(/[（(].*?[)）]\s*$/, '').trim();
  const full = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$/.exec(s);
  if (full) return calendarDate(Number(full[1]), Number(full[2]), Number(full[3]));
  const short = /^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$/.exec(s);
  if (short && from !== undefined) {
    const year = new Date(from).getUTCFullYear();
    const [m, d] = [Number(short[1]), Number(short[2])];
    const candidate = calendarDate(year, m, d);
    if (candidate === null) return null;
    return candidate >= from ? candidate : calendarDate(year + 1, m, d);
  }
  return null;
}

const LIST_ITEM = /^\s*(?:[-*+•·]|\d{1,3}[.)、])\s+(.*)$/;
const CHECKBOX = /^[[【［]\s*([xX✓✔√×]?)\s*[\]】］]\s*(.*)$/;

export function parseMinutes(text: string, file: string): ParsedMinutes {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const problems: Problem[] = [];
  const problem = (line: number | null, value: string | null, code: string, message: Bi, severity: Problem['severity'] = 'error') =>
    problems.push({ file, row: line, column: line === null ? null : 'action item', value, code, message, severity });

  // Header fields: the first Rep/Manager/Date lines, wherever they are (edits move them around).
  const fields: Partial<Record<'rep' | 'manager' | 'date', { value: string; line: number }>> = {};
  // HTML comments hold the template's hints: never data.
  let inComment = false;
  const visible = lines.map((l) => {
    if (inComment) {
      inComment = !l.includes('-->');
      return false;
    }
    if (!l.trim().startsWith('<!--')) return true;
    inComment = !l.includes('-->');
    return false;
  });
  lines.forEach((raw, i) => {
    if (!visible[i]) return;
    const body = (LIST_ITEM.exec(raw)?.[1] ?? raw).replace(/^#+\s*/, '');
    const f = labelled(body);
    if (f && (f.label === 'rep' || f.label === 'manager' || f.label === 'date') && !fields[f.label] && f.value !== '')
      fields[f.label] = { value: f.value, line: i + 1 };
  });
  let header: MinutesHeader | null = null;
  const date = fields.date ? parseIsoDate(fields.date.value) ?? parseLooseDate(fields.date.value) : null;
  if (!fields.rep) problem(null, null, 'minutes_no_rep', bi('no "Rep:" line: whose calibration is this?', '没有"销售："一行：这是谁的校准纪要？'));
  if (!fields.date) problem(null, null, 'minutes_no_date', bi('no "Date:" line with the meeting date', '没有写明会议日期的"日期："一行'));
  else if (date === null)
    problems.push({ file, row: fields.date.line, column: 'date', value: fields.date.value, code: 'bad_date', severity: 'error', message: bi('the meeting date is not a date like 2026-12-07', '会议日期不是形如 2026-12-07 的日期') });
  if (fields.rep && date !== null) header = { rep: fields.rep.value, manager: fields.manager?.value, date };

  // Action items: list lines under an action-item heading; without such a heading, any ticked or
  // unticked checkbox line or any line naming an owner.
  const sectionStart = lines.findIndex((l, i) => visible[i] && ACTION_HEADING.test(l));
  const items: ParsedItem[] = [];
  for (let i = sectionStart >= 0 ? sectionStart + 1 : 0; i < lines.length; i++) {
    if (!visible[i]) continue;
    const raw = lines[i];
    if (sectionStart >= 0 && /^\s*#/.test(raw)) break;
    const body = LIST_ITEM.exec(raw)?.[1];
    if (body === undefined) continue;
    const box = CHECKBOX.exec(body.trim());
    const content = (box ? box[2] : body).trim();
    const parts = content.split(/\s*[|｜]\s*/).map((p) => p.trim());
    if (sectionStart < 0 && !box && !parts.some((p) => labelled(p)?.label === 'owner')) continue;
    const item = { owner: '', due: undefined as string | undefined, text: [] as string[] };
    for (const p of parts) {
      if (p === '') continue;
      const f = labelled(p);
      if (f?.label === 'owner') item.owner = f.value.replace(/^@/, '');
      else if (f?.label === 'due') item.due = f.value;
      else if (f?.label === 'text') item.text.push(f.value);
      else item.text.push(p);
    }
    const line = i + 1;
    const text = item.text.join(' | ').trim();
    // The template's placeholder (an owner and a date, nothing to do) and empty bullets are not items.
    if (text === '') continue;
    if (item.owner === '') {
      problem(line, raw.trim(), 'item_no_owner', bi('action item without an owner: write "owner: NAME |" before the text', '行动项缺少负责人：请在内容前写"负责人：姓名 ｜"'));
      continue;
    }
    let due: LocalTime | undefined;
    if (item.due !== undefined && item.due !== '') {
      const parsed = parseLooseDate(item.due, header?.date);
      if (parsed === null) {
        // Named by its column and value like a bad cell of an export: the shell refuses the minutes over it.
        problems.push({ file, row: line, column: 'due', value: item.due, code: 'item_bad_due', severity: 'error', message: bi(`the due date is not a date: write it like 2026-12-14 or 12-14`, `截止日期不是有效日期：请写成 2026-12-14 或 12-14 的形式`) });
        continue;
      }
      due = parsed;
    } else problem(line, raw.trim(), 'item_no_due', bi('action item without a due date: kept, but it can never be overdue', '行动项没有截止日期：已保存，但不会被判定逾期'), 'warning');
    items.push({ line, owner: item.owner, due, text, done: Boolean(box && box[1] !== '') });
  }
  return { header, items, problems };
}

export interface TemplateOptions {
  lang: Lang;
  rep: string;
  manager?: string;
  date: LocalTime;
  questions: Bi[];
  /** the default due date of the placeholder item */
  due: LocalTime;
  /** filled-in data to show under each question (from prep), optional */
  notes?: string[][];
}

/** The minutes template. Its action-item form is what parseMinutes reads. */
export function minutesTemplate(o: TemplateOptions): string {
  const t = (text: Bi) => tr(o.lang, text);
  const zh = o.lang === 'zh';
  const colon = zh ? '：' : ': ';
  const out = [
    `# ${t(bi('Calibration minutes', '校准面谈纪要'))} · ${o.rep} · ${isoDate(o.date)}`,
    '',
    `- ${t(bi('Rep', '销售'))}${colon}${o.rep}`,
    `- ${t(bi('Manager', '经理'))}${colon}${o.manager ?? ''}`,
    `- ${t(bi('Date', '日期'))}${colon}${isoDate(o.date)}`,
    '',
  ];
  o.questions.forEach((q, i) => {
    out.push(`## ${i + 1}. ${t(q)}`, '');
    for (const note of o.notes?.[i] ?? []) out.push(`> ${note}`);
    if (o.notes?.[i]?.length) out.push('');
    out.push('', '');
  });
  const owner = t(bi('owner', '负责人'));
  const due = t(bi('due', '截止'));
  const sep = zh ? ' ｜ ' : ' | ';
  out.push(
    `## ${t(bi('Action items', '行动项'))}`,
    '',
    `<!-- ${t(
      bi(
        `One per line: - [ ] owner: NAME | due: YYYY-MM-DD | what will be done. Tick [x] when done. Then: sales-perf calibrate record THIS-FILE`,
        `每行一项：- [ ] 负责人：姓名 ｜ 截止：YYYY-MM-DD ｜ 要做的事。完成后勾选 [x]。会后运行：sales-perf calibrate record 本文件`,
      ),
    )} -->`,
    `- [ ] ${owner}${colon}${o.rep}${sep}${due}${colon}${isoDate(o.due)}${sep}`,
    `- [ ] ${owner}${colon}${o.manager ?? ''}${sep}${due}${colon}${isoDate(o.due)}${sep}`,
    '',
  );
  return out.join('\n');
}

/** The default due date of new action items: a week after the meeting (next week's key actions). */
export const defaultDue = (date: LocalTime): LocalTime => addDays(date, 7);
