import { createHash } from 'node:crypto';
import ical, {
  ICalAlarmType,
  ICalAttendeeRole,
  ICalCalendarMethod,
  ICalEventRepeatingFreq,
  type ICalTemporalPlainDateTimeStub,
  type ICalTemporalZonedDateTimeStub,
} from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { fromLocalTime, MS_PER_DAY, MS_PER_MINUTE, type LocalTime } from '../core/calendar.js';
import type { InviteFile } from '../core/calibrate/invite.js';
import { EXIT, PerfError } from '../core/errors.js';
import { bi } from '../core/i18n.js';

/**
 * A wall-clock time in a zone, shaped like Temporal.ZonedDateTime: ical-generator then writes
 * DTSTART;TZID=zone:local-time from these fields. A native Date would be formatted with the
 * machine's local getters, so the file would depend on the TZ of the machine that wrote it.
 */
function zoned(local: LocalTime, timeZone: string): ICalTemporalZonedDateTimeStub {
  const d = new Date(local);
  const fields = {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
  const iso = d.toISOString().slice(0, 19);
  const epochMilliseconds = fromLocalTime(local, timeZone);
  const plain: ICalTemporalPlainDateTimeStub = {
    ...fields,
    toJSON: () => iso,
    toString: () => iso,
    toPlainDate: () => ({ year: fields.year, month: fields.month, day: fields.day, toJSON: () => iso.slice(0, 10), toString: () => iso.slice(0, 10) }),
    toZonedDateTime: () => self,
  };
  const self: ICalTemporalZonedDateTimeStub = {
    ...fields,
    timeZoneId: timeZone,
    toPlainDateTime: () => plain,
    withTimeZone: () => self,
    toInstant: () => ({
      epochMilliseconds,
      toJSON: () => new Date(epochMilliseconds).toISOString(),
      toString: () => new Date(epochMilliseconds).toISOString(),
      toZonedDateTimeISO: () => self,
    }),
    toJSON: () => `${iso}[${timeZone}]`,
    toString: () => `${iso}[${timeZone}]`,
  };
  return self;
}

function vtimezone(timeZone: string): string {
  const block = tzlib_get_ical_block(timeZone);
  if (!Array.isArray(block) || !block[0]?.startsWith('BEGIN:VTIMEZONE'))
    throw new PerfError(EXIT.usage, bi(`no VTIMEZONE definition for the time zone ${timeZone}`, `时区 ${timeZone} 没有可用的 VTIMEZONE 定义`));
  return block[0];
}

/** A UID that is the same for the same series on every run and machine. */
const uidOf = (key: string) => `${createHash('sha256').update(key).digest('hex').slice(0, 32)}@calibrate.perf`;

export interface IcsOptions {
  timeZone: string;
  /** DTSTAMP: the run's --as-of date (a LocalTime at midnight in timeZone), never the clock */
  stamp: LocalTime;
  method: 'PUBLISH' | 'REQUEST';
  cadenceWeeks: number;
  reminderDays: number;
}

// Names come from CRM rosters: a line break, quote or control character must never end a property,
// start a component or break a parameter (RFC 5545 §3.1, §3.3.11; RFC 6868 for parameter values).
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029]/g;

/** TEXT that may span lines (a description): breaks normalised to \n (escaped by the writer), controls dropped. */
const multiLine = (s: string): string => s.replace(LINE_BREAKS, '\n').replace(/\t/g, ' ').replace(CONTROLS, '');
/** TEXT on one line (a summary, a name): breaks and tabs become spaces. */
const oneLine = (s: string): string => multiLine(s).replace(/\n/g, ' ');
/** RFC 5545 TEXT escaping, for the one property ical-generator writes unescaped (the calendar name). */
const escapeText = (s: string): string => s.replace(/[\\;,]/g, (c) => `\\${c}`);
/**
 * A quoted parameter value (CN): DQUOTE and ^ per RFC 6868. Written in place of ical-generator's
 * backslash escapes, which are not valid inside a parameter and break ORGANIZER/ATTENDEE in parsers.
 */
const paramValue = (s: string): string => `"${oneLine(s).replace(/\^/g, '^^').replace(/"/g, "^'")}"`;
/** A mailto URI: characters that would end the value or the URI are percent-encoded. */
const mailto = (email: string): string =>
  oneLine(email)
    .trim()
    .replace(/[\s"%;,:<>\\^`{|}()[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

const FOLD_OCTETS = 75;

/** Folds one content line at 75 octets without splitting a UTF-8 sequence or a surrogate pair. */
function fold(line: string): string {
  let out = '';
  let octets = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    if (octets + n > FOLD_OCTETS) {
      out += '\r\n ';
      octets = 1;
    }
    out += ch;
    octets += n;
  }
  return out;
}

/**
 * RFC 5545 text of one calendar file: CRLF lines folded at 75 octets, VERSION, PRODID, METHOD, the
 * zone's VTIMEZONE, and one recurring VEVENT per pair. Every name and text is escaped or encoded, so a
 * hostile roster can neither add a component nor drop an ORGANIZER or ATTENDEE.
 */
export function icsText(file: InviteFile, o: IcsOptions): string {
  // CN values are written by ical-generator as placeholders and replaced by RFC 6868 values after.
  const names: string[] = [];
  const cn = (name: string): string => `perf-cn-${names.push(paramValue(name)) - 1}`;
  const cal = ical({
    prodId: { company: 'sales-perf', product: 'perf calibrate', language: 'EN' },
    method: o.method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.PUBLISH,
    name: escapeText(oneLine(file.calendarName)),
    // name null: ical-generator would otherwise also write DTSTAMP in local time, which RFC 5545 forbids
    timezone: { name: null, generator: vtimezone },
    x: [['X-WR-TIMEZONE', o.timeZone]],
  });
  for (const e of file.events) {
    const event = cal.createEvent({
      id: uidOf(`${o.timeZone}\u0000${e.key}`),
      timezone: o.timeZone,
      start: zoned(e.start, o.timeZone),
      end: zoned(e.start + e.durationMinutes * MS_PER_MINUTE, o.timeZone),
      stamp: new Date(fromLocalTime(o.stamp, o.timeZone)),
      summary: oneLine(e.summary),
      description: multiLine(e.description),
      repeating: { freq: ICalEventRepeatingFreq.WEEKLY, interval: o.cadenceWeeks, count: e.count },
    });
    if (e.organizer.email) event.organizer({ name: cn(e.organizer.name), email: mailto(e.organizer.email) });
    for (const a of e.attendees)
      if (a.email) event.createAttendee({ name: cn(a.name), email: mailto(a.email), role: ICalAttendeeRole.REQ, rsvp: o.method === 'REQUEST' });
    if (e.alarm !== null)
      event.createAlarm({ type: ICalAlarmType.display, trigger: (o.reminderDays * MS_PER_DAY) / 1000, description: oneLine(e.alarm) });
  }
  const lines = cal
    .toString()
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .map((line) => fold(line.replace(/;CN="perf-cn-(\d+)"/g, (_, i: string) => `;CN=${names[Number(i)]}`)));
  return lines.join('\r\n') + '\r\n';
}
