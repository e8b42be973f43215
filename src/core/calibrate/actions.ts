import { dayNumber, type LocalTime } from '../calendar.js';

/** An action item agreed at a calibration, as the state store holds it. */
export interface ActionItem {
  id: number;
  rep: string;
  manager: string | null;
  meetingDate: LocalTime;
  owner: string;
  due: LocalTime | null;
  text: string;
  status: 'open' | 'done';
  recordedOn: LocalTime;
  doneOn: LocalTime | null;
  minutesFile: string | null;
  line: number | null;
}

/** Days an open item is past its due date on `asOf` (0 when not overdue; due today is not overdue). */
export const daysOverdue = (i: ActionItem, asOf: LocalTime): number =>
  i.status === 'open' && i.due !== null && i.due < asOf ? dayNumber(asOf) - dayNumber(i.due) : 0;
