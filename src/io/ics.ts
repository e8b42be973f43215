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

/**
 * RFC 5545 text of one calendar file: CRLF lines folded at 75 octets (by ical-generator), VERSION,
 * PRODID, METHOD, the zone's VTIMEZONE, and one recurring VEVENT per pair.
 */
export function icsText(file: InviteFile, o: IcsOptions): string {
  const cal = ical({
    prodId: { company: 'sales-perf', product: 'perf calibrate', language: 'EN' },
    method: o.method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.PUBLISH,
    name: file.calendarName,
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
      summary: e.summary,
      description: e.description,
      repeating: { freq: ICalEventRepeatingFreq.WEEKLY, interval: o.cadenceWeeks, count: e.count },
    });
    if (e.organizer.email) event.organizer({ name: e.organizer.name, email: e.organizer.email });
    for (const a of e.attendees)
      if (a.email) event.createAttendee({ name: a.name, email: a.email, role: ICalAttendeeRole.REQ, rsvp: o.method === 'REQUEST' });
    if (e.alarm !== null)
      event.createAlarm({ type: ICalAlarmType.display, trigger: (o.reminderDays * MS_PER_DAY) / 1000, description: e.alarm });
  }
  return cal.toString() + '\r\n';
}
