import { isoDate, isoWeekday, type LocalTime } from '../../core/calendar.js';
import { daysOverdue, type ActionItem } from '../../core/calibrate/actions.js';
import type { PrepPacket } from '../../core/calibrate/prep.js';
import type { PlannedPair } from '../../core/calibrate/slots.js';
import { bi, type Bi } from '../../core/i18n.js';
import type { Check } from '../../schema/check.js';
import type { Problem } from '../../schema/problem.js';
import type { Context } from '../context.js';

const WEEKDAYS: Bi[] = [
  bi('Mon', '周一'), bi('Tue', '周二'), bi('Wed', '周三'), bi('Thu', '周四'), bi('Fri', '周五'), bi('Sat', '周六'), bi('Sun', '周日'),
];

const hhmm = (t: LocalTime) => new Date(t).toISOString().slice(11, 16);

/** `plan`: one row per manager–rep pair, as `--json` prints it and the text table shows it. */
export const scheduleRows = (ctx: Context, planned: PlannedPair[], fileOf: (manager: string, rep: string) => string) =>
  planned.map((p) => ({
    manager: p.manager,
    rep: p.rep,
    first: isoDate(p.start),
    weekday: ctx.t(WEEKDAYS[isoWeekday(p.start) - 1]),
    time: hhmm(p.start),
    minutes: p.durationMinutes,
    count: p.count,
    emails: [p.managerEmail, p.repEmail].filter(Boolean).length,
    file: fileOf(p.manager, p.rep),
  }));

export type ScheduleRow = ReturnType<typeof scheduleRows>[number];

export interface Schedule {
  timeZone: string;
  start: LocalTime;
  weeks: number;
  cadenceWeeks: number;
  method: string;
  files: string[];
  pairs: ScheduleRow[];
  problems: Problem[];
}

/** `plan --json`. */
export const scheduleJson = (s: Schedule): string =>
  JSON.stringify({ timeZone: s.timeZone, start: isoDate(s.start), weeks: s.weeks, cadenceWeeks: s.cadenceWeeks, method: s.method, files: s.files, pairs: s.pairs, problems: s.problems }, null, 2);

/** `prep --json`: the packets with dates as days and texts in the run's language. */
export const prepJson = (ctx: Context, window: { from: LocalTime; to: LocalTime }, packets: PrepPacket[], problems: Problem[], problemCount: number, checks: Check[]): string =>
  JSON.stringify(
    {
      asOf: isoDate(ctx.asOf),
      window: { from: isoDate(window.from), to: isoDate(window.to) },
      checks,
      packets: packets.map((p) => ({
        rep: p.rep,
        team: p.team,
        manager: p.manager,
        progress: p.progress,
        behaviour: { judged: p.coverage.judged, from: p.coverage.from === null ? null : isoDate(p.coverage.from), to: p.coverage.to === null ? null : isoDate(p.coverage.to), notJudged: p.coverage.notJudged && ctx.t(p.coverage.notJudged) },
        misses: p.misses.map((m) => ({ ...m, due: isoDate(m.due), note: ctx.t(m.note) })),
        open: p.open.map(itemJson),
        overdue: p.overdue.map(itemJson),
        recentlyDone: p.recentlyDone.map(itemJson),
        sections: p.sections.map((s) => ({ question: ctx.t(s.question), facts: s.facts.map(ctx.t), points: s.points.map(ctx.t) })),
      })),
      problems,
      problemCount,
    },
    null,
    2,
  );

export const itemJson = (i: ActionItem) => ({
  id: i.id,
  rep: i.rep,
  manager: i.manager,
  meetingDate: isoDate(i.meetingDate),
  owner: i.owner,
  due: i.due === null ? null : isoDate(i.due),
  text: i.text,
  status: i.status,
  recordedOn: isoDate(i.recordedOn),
  doneOn: i.doneOn === null ? null : isoDate(i.doneOn),
  minutesFile: i.minutesFile,
  line: i.line,
});

const mapOutcome = (o: { added: ActionItem[]; existing: ActionItem[]; closed: ActionItem[] }) => ({
  added: o.added.map(itemJson),
  existing: o.existing.map(itemJson),
  closed: o.closed.map(itemJson),
});

/** `tasks --format json` (and the CSV's columns): each item with its days overdue as of --as-of. */
export const taskRows = (items: ActionItem[], asOf: LocalTime) => items.map((i) => ({ ...itemJson(i), daysOverdue: daysOverdue(i, asOf) }));

/** `record --json`: the meeting, where its minutes are archived, and the action items added, already there and closed. */
export const recordJson = (
  r: { rep: string; manager: string | undefined; date: LocalTime; archived: { path: string; fresh: boolean }; outcome: Parameters<typeof mapOutcome>[0]; problems: Problem[] },
): string =>
  JSON.stringify({ rep: r.rep, manager: r.manager ?? null, date: isoDate(r.date), archived: r.archived.path, archivedNow: r.archived.fresh, ...mapOutcome(r.outcome), problems: r.problems }, null, 2);
