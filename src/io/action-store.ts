import { createHash } from 'node:crypto';
import { isoDate, parseIsoDate, type LocalTime } from '../core/calendar.js';
import type { ActionItem } from '../core/calibrate/actions.js';
import { openState, type Migration, type StateDb } from './state.js';

export type { ActionItem };

/** Action items agreed at calibrations, in the calibration state store (alerts keep theirs per data set). */
const MIGRATIONS: Migration[] = [
  {
    name: 'actions-1',
    sql: `CREATE TABLE actions (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      item_key TEXT NOT NULL UNIQUE,
      rep TEXT NOT NULL,
      manager TEXT,
      meeting_date TEXT NOT NULL,
      owner TEXT NOT NULL,
      due TEXT,
      text TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('open', 'done')),
      recorded_on TEXT NOT NULL,
      done_on TEXT,
      minutes_file TEXT,
      line INTEGER
    );
    CREATE INDEX actions_rep ON actions (rep, status);`,
  },
];

export interface NewItem {
  rep: string;
  manager?: string;
  meetingDate: LocalTime;
  owner: string;
  due?: LocalTime;
  text: string;
  done: boolean;
  minutesFile: string;
  line: number;
}

interface Row {
  id: number;
  rep: string;
  manager: string | null;
  meeting_date: string;
  owner: string;
  due: string | null;
  text: string;
  status: 'open' | 'done';
  recorded_on: string;
  done_on: string | null;
  minutes_file: string | null;
  line: number | null;
}

const day = (s: string | null): LocalTime | null => (s === null ? null : parseIsoDate(s));

const fromRow = (r: Row): ActionItem => ({
  id: r.id,
  rep: r.rep,
  manager: r.manager,
  meetingDate: day(r.meeting_date)!,
  owner: r.owner,
  due: day(r.due),
  text: r.text,
  status: r.status,
  recordedOn: day(r.recorded_on)!,
  doneOn: day(r.done_on),
  minutesFile: r.minutes_file,
  line: r.line,
});

/**
 * What makes an item the same item when minutes are recorded again: the meeting (rep, date) and the
 * item's words (owner, due, text; spacing and case ignored). Ticking its box does not change it.
 */
export function itemKey(i: Pick<NewItem, 'rep' | 'meetingDate' | 'owner' | 'due' | 'text'>): string {
  const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
  const parts = [norm(i.rep), isoDate(i.meetingDate), norm(i.owner), i.due === undefined ? '' : isoDate(i.due), norm(i.text)];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

export interface RecordOutcome {
  added: ActionItem[];
  /** already stored from an earlier recording of the same minutes */
  existing: ActionItem[];
  /** already stored as open, now ticked in the minutes */
  closed: ActionItem[];
}

export class ActionStore {
  private constructor(private readonly db: StateDb) {}

  static open(path: string | undefined): ActionStore {
    return new ActionStore(openState(path, MIGRATIONS));
  }

  close(): void {
    this.db.close();
  }

  /** Stores the items of one set of minutes in one transaction; recording the same minutes again adds nothing. */
  record(items: NewItem[], today: LocalTime): RecordOutcome {
    const find = this.db.prepare<[string], Row>('SELECT * FROM actions WHERE item_key = ?');
    const insert = this.db.prepare(
      `INSERT INTO actions (item_key, rep, manager, meeting_date, owner, due, text, status, recorded_on, done_on, minutes_file, line)
       VALUES (@key, @rep, @manager, @meeting, @owner, @due, @text, @status, @today, @doneOn, @file, @line)`,
    );
    const closeStmt = this.db.prepare("UPDATE actions SET status = 'done', done_on = ? WHERE id = ?");
    const out: RecordOutcome = { added: [], existing: [], closed: [] };
    this.db
      .transaction(() => {
        for (const i of items) {
          const key = itemKey(i);
          const found = find.get(key);
          if (found) {
            if (i.done && found.status === 'open') {
              closeStmt.run(isoDate(today), found.id);
              out.closed.push(fromRow(find.get(key)!));
            } else out.existing.push(fromRow(found));
            continue;
          }
          insert.run({
            key,
            rep: i.rep,
            manager: i.manager ?? null,
            meeting: isoDate(i.meetingDate),
            owner: i.owner,
            due: i.due === undefined ? null : isoDate(i.due),
            text: i.text,
            status: i.done ? 'done' : 'open',
            today: isoDate(today),
            doneOn: i.done ? isoDate(today) : null,
            file: i.minutesFile,
            line: i.line,
          });
          out.added.push(fromRow(find.get(key)!));
        }
      })
      .immediate();
    return out;
  }

  list(filter: { rep?: string; status?: 'open' | 'done' | 'all' } = {}): ActionItem[] {
    const where: string[] = [];
    const args: string[] = [];
    if (filter.rep !== undefined) {
      where.push('rep = ?');
      args.push(filter.rep);
    }
    if (filter.status !== undefined && filter.status !== 'all') {
      where.push('status = ?');
      args.push(filter.status);
    }
    const sql = `SELECT * FROM actions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY due IS NULL, due, id`;
    return this.db.prepare<string[], Row>(sql).all(...args).map(fromRow);
  }

  get(id: number): ActionItem | null {
    const r = this.db.prepare<[number], Row>('SELECT * FROM actions WHERE id = ?').get(id);
    return r ? fromRow(r) : null;
  }

  /** Closes an open item; returns it as it is now (unchanged when it was already done). */
  done(id: number, today: LocalTime): ActionItem | null {
    this.db.prepare("UPDATE actions SET status = 'done', done_on = ? WHERE id = ? AND status = 'open'").run(isoDate(today), id);
    return this.get(id);
  }
}
