import { startOfDay, toLocalTime, type LocalTime } from '../core/calendar.js';

/** Today's date in the configured zone: the one place perf reads the machine's clock. */
export const today = (timeZone: string): LocalTime => startOfDay(toLocalTime(Date.now(), timeZone));
