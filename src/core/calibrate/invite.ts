import { isoDate, type LocalTime } from '../calendar.js';
import { bi, tr, type Bi, type Lang } from '../i18n.js';
import type { TeamMember } from '../../schema/rows.js';
import type { Pair, PlannedPair } from './slots.js';

export interface InviteEvent {
  /** identifies the series: manager, rep and first date (hashed into the UID by the writer) */
  key: string;
  summary: string;
  description: string;
  alarm: string | null;
  start: LocalTime;
  durationMinutes: number;
  count: number;
  organizer: { name: string; email?: string };
  attendees: { name: string; email?: string }[];
}

export interface InviteFile {
  /** file name without folder */
  name: string;
  calendarName: string;
  events: InviteEvent[];
}

export interface InviteOptions {
  lang: Lang;
  questions: Bi[];
  cadenceWeeks: number;
  reminderDays: number;
  perPair: boolean;
}

/** Manager–rep pairs from the roster, in roster order; reps without a manager are returned apart. */
export function pairsFromRoster(members: readonly TeamMember[]): { pairs: Pair[]; withoutManager: TeamMember[] } {
  const pairs: Pair[] = [];
  const withoutManager: TeamMember[] = [];
  const seen = new Set<string>();
  for (const m of members) {
    if (!m.manager || m.manager === m.rep) {
      if (!m.manager) withoutManager.push(m);
      continue;
    }
    const key = `${m.manager}\u0000${m.rep}`;
    if (seen.has(key)) continue;
    seen.add(key);
    pairs.push({ manager: m.manager, managerEmail: m.manager_email, rep: m.rep, repEmail: m.rep_email });
  }
  return { pairs, withoutManager };
}

/** A file-name-safe form of a name that keeps letters of any script (张伟 stays 张伟). */
export const slug = (name: string): string =>
  name
    .normalize('NFKC')
    .trim()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase() || 'unnamed';

/** BASE.EXT, else BASE-2.EXT…: two people whose names differ only in punctuation or case never share a file. */
export function uniqueFileName(base: string, ext: string, used: Set<string>): string {
  let name = `${base}${ext}`;
  for (let n = 2; used.has(name); n++) name = `${base}-${n}${ext}`;
  used.add(name);
  return name;
}

export const numberedQuestions = (lang: Lang, questions: Bi[]): string[] => questions.map((q, i) => `${i + 1}. ${tr(lang, q)}`);

function eventOf(p: PlannedPair, o: InviteOptions): InviteEvent {
  const t = (text: Bi) => tr(o.lang, text);
  const every = o.cadenceWeeks === 1 ? t(bi('every week', '每周')) : t(bi(`every ${o.cadenceWeeks} weeks`, `每 ${o.cadenceWeeks} 周`));
  const description = [
    t(bi(`Calibration 1:1 between ${p.manager} (coach) and ${p.rep}, ${p.durationMinutes} minutes ${every}.`, `${p.manager}（教练）与 ${p.rep} 的校准面谈，${every} ${p.durationMinutes} 分钟。`)),
    t(bi('The manager coaches, not referees. Four questions:', '经理是教练，不是裁判。四个问题：')),
    ...numberedQuestions(o.lang, o.questions),
    '',
    t(bi(`Prepare: perf calibrate prep --rep "${p.rep}" (progress, KBI misses, open action items).`, `会前准备：perf calibrate prep --rep "${p.rep}"（目标进度、行为指标缺口、未完成的行动项）。`)),
    t(bi(`Minutes: sales-perf calibrate minutes "${p.rep}", then sales-perf calibrate record.`, `会议纪要：sales-perf calibrate minutes "${p.rep}"，会后 sales-perf calibrate record。`)),
  ].join('\n');
  const when = o.reminderDays === 1 ? t(bi('tomorrow', '明天')) : t(bi(`in ${o.reminderDays} days`, `${o.reminderDays} 天后`));
  return {
    key: `${p.manager}\u0000${p.rep}\u0000${isoDate(p.start)}`,
    summary: t(bi(`Calibration 1:1: ${p.manager} / ${p.rep}`, `双周校准：${p.manager} / ${p.rep}`)),
    description,
    alarm:
      o.reminderDays > 0
        ? t(bi(`Calibration with ${p.manager} and ${p.rep} ${when}: both please prepare the four questions.`, `${when}与 ${p.manager}、${p.rep} 的校准面谈：请双方准备好四个问题。`))
        : null,
    start: p.start,
    durationMinutes: p.durationMinutes,
    count: p.count,
    organizer: { name: p.manager, email: p.managerEmail },
    attendees: [
      { name: p.rep, email: p.repEmail },
      { name: p.manager, email: p.managerEmail },
    ],
  };
}

/** One calendar per manager (every pair of theirs), or one per pair. */
export function inviteFiles(planned: readonly PlannedPair[], o: InviteOptions): InviteFile[] {
  const files = new Map<string, InviteFile>();
  const names = new Set<string>();
  for (const p of planned) {
    const key = o.perPair ? `${p.manager}\u0000${p.rep}` : p.manager;
    let file = files.get(key);
    if (!file) {
      const base = o.perPair ? `calibrate-${slug(p.manager)}-${slug(p.rep)}` : `calibrate-${slug(p.manager)}`;
      const name = uniqueFileName(base, '.ics', names);
      const calendarName = o.perPair
        ? tr(o.lang, bi(`Calibration ${p.manager} / ${p.rep}`, `校准 ${p.manager} / ${p.rep}`))
        : tr(o.lang, bi(`Calibrations of ${p.manager}`, `${p.manager} 的校准面谈`));
      file = { name, calendarName, events: [] };
      files.set(key, file);
    }
    file.events.push(eventOf(p, o));
  }
  return [...files.values()];
}
