import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { inviteFiles } from '../../src/core/calibrate/invite.js';
import { icsText } from '../../src/io/ics.js';

const START = Date.UTC(2026, 11, 7, 10);
const OPTIONS = { timeZone: 'Asia/Shanghai', stamp: Date.UTC(2026, 10, 27), method: 'REQUEST', cadenceWeeks: 2, reminderDays: 1 } as const;

/** One manager's calendar with one rep, written by perf and parsed back by ical.js. */
function roundTrip(manager: string, rep: string, managerEmail = 'boss@example.com') {
  const [file] = inviteFiles(
    [{ manager, managerEmail, rep, repEmail: 'rep@example.com', start: START, durationMinutes: 30, count: 6 }],
    { lang: 'en', questions: [], cadenceWeeks: 2, reminderDays: 1, perPair: false },
  );
  const text = icsText(file, OPTIONS);
  const cal = new ICAL.Component(ICAL.parse(text));
  const events = cal.getAllSubcomponents('vevent');
  return { text, cal, events };
}

/** What a name becomes inside the calendar: one line, no control characters. */
const shown = (name: string): string =>
  name
    .replace(/\r\n|[\r\n\u0085\u2028\u2029\t]/g, ' ')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');

const unescapeText = (s: string): string => s.replace(/\\([\\;,nN])/g, (_, c: string) => (c.toLowerCase() === 'n' ? '\n' : c));

const HOSTILE = [
  'Evil\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected\r\nEND:VEVENT\r\nBEGIN:VEVENT',
  'Line\nfeed',
  'Carriage\rreturn',
  'O"Brien "the closer"',
  "'Li Na'",
  'Semi;colon,comma:colon',
  'Back\\slash ^caret^',
  'Tab\there\u0007bell\u0000nul',
  '张伟'.repeat(40),
  '王芳😀'.repeat(20),
];

describe('calendar files with hostile names (RFC 5545, parsed back by ical.js)', () => {
  it.each(HOSTILE.map((n) => [JSON.stringify(n).slice(0, 40), n]))('%s as manager and as rep: one VEVENT, ORGANIZER and ATTENDEEs intact', (_label, name) => {
    for (const [manager, rep] of [[name, 'Wang Fang'], ['Sun Li', name]]) {
      const { text, cal, events } = roundTrip(manager, rep);
      expect(events).toHaveLength(1);
      // ical.js keeps NAME (RFC 7986) raw: unescape it as TEXT.
      expect(unescapeText(String(cal.getFirstPropertyValue('name')))).toBe(`Calibrations of ${shown(manager)}`);
      const ev = events[0];
      expect(ev.getFirstPropertyValue('summary')).toBe(`Calibration 1:1: ${shown(manager)} / ${shown(rep)}`);
      const organizer = ev.getFirstProperty('organizer')!;
      expect(organizer.getParameter('cn')).toBe(shown(manager));
      expect(organizer.getFirstValue()).toBe('mailto:boss@example.com');
      const attendees = ev.getAllProperties('attendee').map((a) => [a.getParameter('cn'), String(a.getFirstValue()).toLowerCase()]);
      expect(attendees).toEqual([
        [shown(rep), 'mailto:rep@example.com'],
        [shown(manager), 'mailto:boss@example.com'],
      ]);
      // The description may keep a name's line break (escaped as \n): compare with whitespace collapsed.
      const flat = (t: string) => t.replace(/\s+/g, ' ');
      expect(flat(new ICAL.Event(ev).description)).toContain(flat(`between ${shown(manager)} (coach) and ${shown(rep)}`));
      for (const line of text.split('\r\n')) {
        expect(Buffer.byteLength(line), line).toBeLessThanOrEqual(75);
        expect(line).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f]/);
      }
      expect(text.match(/^BEGIN:VEVENT$/gm)).toHaveLength(1);
    }
  });

  it('an e-mail address with quotes, semicolons or spaces stays one mailto URI', () => {
    const { events } = roundTrip('Sun Li', 'Wang Fang', 'sun "li";x@example.com');
    expect(events[0].getFirstPropertyValue('organizer')).toBe('mailto:sun%20%22li%22%3Bx@example.com');
    expect(events[0].getAllProperties('attendee')).toHaveLength(2);
  });

  it('any name whatsoever: the file parses, one VEVENT, the names read back as written on one line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }), (manager, rep) => {
        const { events } = roundTrip(manager, rep);
        expect(events).toHaveLength(1);
        expect(events[0].getFirstProperty('organizer')!.getParameter('cn')).toBe(shown(manager));
        expect(events[0].getAllProperties('attendee')[0].getParameter('cn')).toBe(shown(rep));
      }),
      { numRuns: 200, seed: 20 },
    );
  });
});
