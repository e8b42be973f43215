import { toCsv } from '../../io/csv-out.js';
import type { taskRows } from './json.js';

const TASK_COLUMNS = ['id', 'rep', 'manager', 'meetingDate', 'owner', 'due', 'daysOverdue', 'status', 'text', 'doneOn', 'minutesFile', 'line'].map((k) => ({ key: k, header: k }));

/** `tasks --format csv`: the JSON rows as CSV, without a BOM (it goes to stdout). */
export const tasksCsv = (rows: ReturnType<typeof taskRows>): string => toCsv(TASK_COLUMNS, rows, { bom: false });
