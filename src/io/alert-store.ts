import { createHash } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { isoDate, parseIsoDate } from '../core/calendar.js';
import { NOTIFYING, type AlertEvent, type AlertMemory, type Decision } from '../core/alerts/index.js';
import type { RuleName, Severity } from '../core/alerts/types.js';
import { EXIT, PerfError } from '../core/errors.js';
import { bi } from '../core/i18n.js';
import { maskSecrets } from '../core/mask.js';
import { defaultStatePath, openState, openStateReadOnly, type Migration, type StateDb } from './state.js';

/**
 * `perf alerts` state: one row per alert key (its last known condition and when it was last raised), an
 * append-only event log (raised / worsened / repeated / resolved / delivered / failed / reclaimed), the
 * runs (their as-of dates), and the deliveries: one per raised event, channel and target, sent exactly
 * once. Raising and delivering are separate records: a run without --notify raises, and never delivers.
 */
export const MIGRATIONS: Migration[] = [
  {
    name: 'alerts-1',
    sql: `CREATE TABLE alerts (
      key TEXT PRIMARY KEY,
      rule TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('active', 'resolved')),
      severity TEXT NOT NULL,
      magnitude REAL NOT NULL,
      since TEXT NOT NULL,
      first_raised_on TEXT NOT NULL,
      last_seen_on TEXT NOT NULL,
      last_sent_on TEXT,
      last_sent_magnitude REAL,
      last_sent_severity TEXT,
      resolved_on TEXT,
      condition TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE TABLE alert_events (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      key TEXT NOT NULL,
      event TEXT NOT NULL,
      as_of TEXT NOT NULL,
      at TEXT NOT NULL,
      run_id TEXT NOT NULL,
      severity TEXT,
      magnitude REAL,
      detail TEXT
    );
    CREATE INDEX alert_events_key ON alert_events (key, id);
    CREATE TABLE alert_deliveries (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      key TEXT NOT NULL,
      event_id INTEGER NOT NULL REFERENCES alert_events (id),
      channel TEXT NOT NULL,
      target TEXT NOT NULL,
      style TEXT NOT NULL,
      recipients TEXT NOT NULL,
      payload TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'superseded')),
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT,
      created_at TEXT NOT NULL,
      claimed_by TEXT,
      claimed_at INTEGER,
      sent_at TEXT
    );
    CREATE INDEX alert_deliveries_status ON alert_deliveries (status, key);`,
  },
  {
    // alerts-1 wrote last_sent_* on every run, --notify or not: they were always "last raised".
    name: 'alerts-2',
    sql: `ALTER TABLE alerts RENAME COLUMN last_sent_on TO last_raised_on;
    ALTER TABLE alerts RENAME COLUMN last_sent_magnitude TO last_raised_magnitude;
    ALTER TABLE alerts RENAME COLUMN last_sent_severity TO last_raised_severity;
    ALTER TABLE alerts ADD COLUMN last_event_id INTEGER;
    UPDATE alerts SET last_event_id = (SELECT max(id) FROM alert_events e WHERE e.key = alerts.key AND e.event IN ('raised', 'worsened', 'repeated'));
    DELETE FROM alert_deliveries WHERE channel = 'stdout';
    ALTER TABLE alert_deliveries ADD COLUMN claim_host TEXT;
    ALTER TABLE alert_deliveries ADD COLUMN claim_pid INTEGER;
    ALTER TABLE alert_deliveries ADD COLUMN claim_until INTEGER;
    CREATE UNIQUE INDEX alert_deliveries_once ON alert_deliveries (event_id, channel, target);
    CREATE TABLE alert_runs (
      run_id TEXT PRIMARY KEY,
      as_of TEXT NOT NULL,
      at TEXT NOT NULL,
      notify INTEGER NOT NULL,
      replay INTEGER NOT NULL
    );`,
  },
];

export type Channel = 'webhook' | 'email';

/** Where one raised alert goes: a webhook URL or an e-mail address, with the message for it. */
export interface DeliveryDraft {
  channel: Channel;
  target: string;
  style: string;
  recipients: string;
  payload: string;
}

export interface ClaimedDelivery {
  id: number;
  key: string;
  channel: Channel;
  target: string;
  style: string;
  payload: string;
  attempts: number;
  recipients: string;
}

/** An alert holding today whose last raised event is not yet delivered everywhere it should go. */
export interface Undelivered {
  key: string;
  /** the event being delivered (raised by this run or an earlier one) and the as-of it was raised */
  event: AlertEvent;
  raisedOn: string;
}

interface AlertRow {
  key: string;
  rule: RuleName;
  status: 'active' | 'resolved';
  last_raised_on: string | null;
  last_raised_magnitude: number | null;
  last_raised_severity: Severity | null;
  former_key: string | null;
}

const hasTable = (db: StateDb, name: string) => Boolean(db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name));

function readMemory(db: StateDb): Map<string, AlertMemory> {
  // The former key its last condition named (a roster team's, the export's name for it), from the condition stored.
  const rows = db
    .prepare("SELECT key, rule, status, last_raised_on, last_raised_magnitude, last_raised_severity, json_extract(condition, '$.formerKey') AS former_key FROM alerts")
    .all() as AlertRow[];
  return new Map(
    rows.map((r) => [
      r.key,
      {
        key: r.key,
        rule: r.rule,
        status: r.status,
        lastRaisedOn: r.last_raised_on === null ? null : parseIsoDate(r.last_raised_on),
        lastRaisedMagnitude: r.last_raised_magnitude,
        lastRaisedSeverity: r.last_raised_severity,
        ...(r.former_key !== null ? { formerKey: r.former_key } : {}),
      },
    ]),
  );
}

/** Active alerts whose last raised event has no delivery sent, for `keys` (today's conditions). */
function undelivered(db: StateDb, keys: readonly string[]): Undelivered[] {
  const q = db.prepare(`SELECT a.key, e.event, e.as_of FROM alerts a JOIN alert_events e ON e.id = a.last_event_id
    WHERE a.key = ? AND a.status = 'active' AND NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.event_id = a.last_event_id AND d.status = 'sent')`);
  return keys.flatMap((key) => {
    const r = q.get(key) as { key: string; event: AlertEvent; as_of: string } | undefined;
    return r ? [{ key: r.key, event: r.event, raisedOn: r.as_of }] : [];
  });
}

/**
 * The state file of a data set when --state is not given: beside the default path, one file per deals
 * export (its real path), so two data sets never silence each other's alerts.
 */
export function dataSetStatePath(dealsFile: string, env: NodeJS.ProcessEnv = process.env): string {
  let identity = resolve(dealsFile);
  try {
    identity = realpathSync(identity);
  } catch {
    // not a file (stdin): the resolved name is the identity
  }
  const name = basename(identity).replace(/\.[^.]*$/, '').replace(/[^\p{L}\p{N}_-]+/gu, '_').slice(0, 40) || 'data';
  const hash = createHash('sha256').update(identity).digest('hex').slice(0, 12);
  return join(dirname(defaultStatePath(env)), 'alerts', `${name}-${hash}.db`);
}

/** Whether a claim's owner is gone: past its deadline, or a process of this host that no longer runs. */
function claimIsDead(row: { claim_host: string | null; claim_pid: number | null; claim_until: number | null; claimed_at: number | null }, nowMs: number): boolean {
  if ((row.claim_until ?? (row.claimed_at ?? 0) + 10 * 60_000) < nowMs) return true;
  if (row.claim_host !== hostname() || row.claim_pid === null) return false;
  try {
    process.kill(row.claim_pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export interface RunInfo {
  asOf: number;
  runId: string;
  nowMs: number;
  notify: boolean;
  replay: boolean;
}

export interface CycleResult {
  decisions: Decision[];
  /** today's alerts not yet delivered (before this run sends anything) */
  undelivered: Undelivered[];
  /** --notify: alerts with nowhere to go (no webhook, no e-mail) */
  unrouted: string[];
}

export interface ClaimResult {
  claimed: ClaimedDelivery[];
  /** deliveries a killed run had claimed, taken over by this one */
  reclaimed: ClaimedDelivery[];
}

export class AlertStore {
  private constructor(private readonly db: StateDb) {}

  static open(path: string): AlertStore {
    return new AlertStore(openState(path, MIGRATIONS));
  }

  /** --dry-run: what the store remembers, without creating or changing anything (empty if there is no store yet). */
  static peek(path: string): { memory: Map<string, AlertMemory>; pending: number } {
    const file = resolve(path);
    if (!existsSync(file)) return { memory: new Map(), pending: 0 };
    const db = openStateReadOnly(file);
    try {
      if (!hasTable(db, 'alerts')) return { memory: new Map(), pending: 0 };
      const pending = (db.prepare("SELECT count(*) AS n FROM alert_deliveries WHERE status IN ('pending', 'sending')").get() as { n: number }).n;
      if (!hasTable(db, 'alert_runs')) return { memory: new Map(), pending };
      return { memory: readMemory(db), pending };
    } finally {
      db.close();
    }
  }

  /**
   * One locked step (BEGIN IMMEDIATE: a concurrent run waits here, then sees this run's writes): refuse an
   * as-of earlier than the last run's (unless replaying), read what was raised before, let `plan` decide,
   * record the decisions, and (--notify) add a pending delivery for every route that today's alerts' last
   * raised event has not reached yet, whichever run raised it. Nothing is claimed or marked delivered here.
   */
  cycle(run: RunInfo, plan: (memory: Map<string, AlertMemory>) => Decision[], routes: (d: Decision, event: AlertEvent) => DeliveryDraft[]): CycleResult {
    const db = this.db;
    const day = isoDate(run.asOf);
    const at = new Date(run.nowMs).toISOString();
    const event = db.prepare(
      'INSERT INTO alert_events (key, event, as_of, at, run_id, severity, magnitude, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const upsert = db.prepare(`INSERT INTO alerts (key, rule, status, severity, magnitude, since, first_raised_on, last_seen_on,
        last_raised_on, last_raised_magnitude, last_raised_severity, last_event_id, resolved_on, condition, updated_at)
      VALUES (@key, @rule, 'active', @severity, @magnitude, @since, @day, @day, @raisedOn, @raisedMagnitude, @raisedSeverity, @eventId, NULL, @condition, @at)
      ON CONFLICT (key) DO UPDATE SET
        rule = excluded.rule, severity = excluded.severity, magnitude = excluded.magnitude, since = excluded.since,
        first_raised_on = CASE WHEN alerts.status = 'resolved' THEN excluded.first_raised_on ELSE alerts.first_raised_on END,
        status = 'active', last_seen_on = excluded.last_seen_on, resolved_on = NULL,
        last_raised_on = COALESCE(excluded.last_raised_on, alerts.last_raised_on),
        last_raised_magnitude = COALESCE(excluded.last_raised_magnitude, alerts.last_raised_magnitude),
        last_raised_severity = COALESCE(excluded.last_raised_severity, alerts.last_raised_severity),
        last_event_id = COALESCE(excluded.last_event_id, alerts.last_event_id),
        condition = excluded.condition, updated_at = excluded.updated_at`);
    const resolveKey = db.prepare("UPDATE alerts SET status = 'resolved', resolved_on = ?, updated_at = ? WHERE key = ?");
    // A resolved alert is no longer news: what was still waiting for it is dropped, not sent late.
    const dropResolved = db.prepare("UPDATE alert_deliveries SET status = 'superseded' WHERE key = ? AND status = 'pending'");
    const lastEvent = db.prepare('SELECT e.id, e.event FROM alerts a JOIN alert_events e ON e.id = a.last_event_id WHERE a.key = ?');
    // A newer event for the same target replaces an older one still waiting: the receiver gets the latest news once.
    const supersede = db.prepare("UPDATE alert_deliveries SET status = 'superseded' WHERE key = ? AND channel = ? AND target = ? AND status = 'pending' AND event_id < ?");
    const waitingFor = db.prepare("SELECT id, channel, target FROM alert_deliveries WHERE key = ? AND status = 'pending'");
    const drop = db.prepare("UPDATE alert_deliveries SET status = 'superseded' WHERE id = ?");
    // New, or back after its route was dropped; a delivery sent, waiting or in flight is left as it is.
    const upsertDelivery = db.prepare(`INSERT INTO alert_deliveries (key, event_id, channel, target, style, recipients, payload, status, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)
      ON CONFLICT (event_id, channel, target) DO UPDATE SET status = 'pending', style = excluded.style, recipients = excluded.recipients,
        payload = excluded.payload WHERE alert_deliveries.status = 'superseded'`);
    const live = db.prepare("SELECT count(*) AS n FROM alert_deliveries WHERE event_id = ? AND status != 'superseded'");
    const lastRun = db.prepare('SELECT max(as_of) AS asOf FROM alert_runs');
    const addRun = db.prepare('INSERT INTO alert_runs (run_id, as_of, at, notify, replay) VALUES (?, ?, ?, ?, ?)');

    const step = db.transaction((): CycleResult => {
      const last = (lastRun.get() as { asOf: string | null }).asOf;
      if (last !== null && last > day && !run.replay)
        throw new PerfError(
          EXIT.usage,
          bi(
            `--as-of ${day} is earlier than the last run on this state (${last}): it would judge today's alerts against a future. Add --replay to run it anyway, or give this data set its own --state`,
            `--as-of ${day} 早于此状态库上次运行的日期（${last}）：会用"未来"的记录判断预警。确需重跑请加 --replay，或为此数据集指定单独的 --state`,
          ),
        );
      const decisions = plan(readMemory(db));
      // An alert remembered under its former key goes on under the new one, its events and deliveries with it.
      for (const d of decisions)
        if (d.condition && d.memory && d.memory.key !== d.key)
          for (const table of ['alerts', 'alert_events', 'alert_deliveries']) db.prepare(`UPDATE ${table} SET key = ? WHERE key = ?`).run(d.key, d.memory.key);
      for (const d of decisions) {
        const c = d.condition;
        if (d.event === 'resolved') {
          resolveKey.run(day, at, d.key);
          dropResolved.run(d.key);
          event.run(d.key, 'resolved', day, at, run.runId, null, null, null);
          continue;
        }
        if (!c) continue;
        const raised = NOTIFYING.has(d.event);
        const eventId = raised ? Number(event.run(c.key, d.event, day, at, run.runId, c.severity, c.magnitude, JSON.stringify(c.numbers)).lastInsertRowid) : null;
        upsert.run({
          key: c.key,
          rule: c.rule,
          severity: c.severity,
          magnitude: c.magnitude,
          since: isoDate(c.since),
          day,
          raisedOn: raised ? day : null,
          raisedMagnitude: raised ? c.magnitude : null,
          raisedSeverity: raised ? c.severity : null,
          eventId,
          condition: JSON.stringify({ ...c, since: isoDate(c.since) }),
          at,
        });
      }
      const today = decisions.filter((d) => d.condition).map((d) => d.key);
      const waiting = undelivered(db, today);
      const unrouted: string[] = [];
      if (run.notify) {
        for (const d of decisions) {
          if (!d.condition) continue;
          const last = lastEvent.get(d.key) as { id: number; event: AlertEvent } | undefined;
          if (!last) continue;
          const eventId = last.id;
          const drafts = routes(d, last.event);
          // A target no longer among the alert's routes (the roster changed it) is not retried for ever.
          const current = new Set(drafts.map((r) => `${r.channel} ${r.target}`));
          for (const w of waitingFor.all(d.key) as { id: number; channel: Channel; target: string }[]) if (!current.has(`${w.channel} ${w.target}`)) drop.run(w.id);
          for (const r of drafts) {
            supersede.run(d.key, r.channel, r.target, eventId);
            upsertDelivery.run(d.key, eventId, r.channel, r.target, r.style, r.recipients, r.payload, at);
          }
          if ((live.get(eventId) as { n: number }).n === 0) unrouted.push(d.key);
        }
      }
      addRun.run(run.runId, day, at, run.notify ? 1 : 0, run.replay ? 1 : 0);
      return { decisions, undelivered: waiting, unrouted };
    });
    return step.immediate();
  }

  /**
   * Claims, for this run only, every delivery waiting to be sent (new, left pending by an earlier run, or
   * claimed by a run that was killed), until `claimUntil`. Called after the run's report was written.
   */
  claim(run: RunInfo, claimUntil: number): ClaimResult {
    const db = this.db;
    const rows = db.prepare(`SELECT id, key, channel, target, style, payload, attempts, recipients, status, claim_host, claim_pid, claim_until, claimed_at
      FROM alert_deliveries WHERE status IN ('pending', 'sending') ORDER BY id`);
    const take = db.prepare("UPDATE alert_deliveries SET status = 'sending', claimed_by = ?, claimed_at = ?, claim_host = ?, claim_pid = ?, claim_until = ? WHERE id = ?");
    const note = db.prepare("INSERT INTO alert_events (key, event, as_of, at, run_id, detail) VALUES (?, 'reclaimed', ?, ?, ?, ?)");
    const step = db.transaction((): ClaimResult => {
      type Row = ClaimedDelivery & { status: string; claim_host: string | null; claim_pid: number | null; claim_until: number | null; claimed_at: number | null };
      const claimed: ClaimedDelivery[] = [];
      const reclaimed: ClaimedDelivery[] = [];
      for (const r of rows.all() as Row[]) {
        if (r.status === 'sending' && !claimIsDead(r, run.nowMs)) continue;
        const d: ClaimedDelivery = { id: r.id, key: r.key, channel: r.channel, target: r.target, style: r.style, payload: r.payload, attempts: r.attempts, recipients: r.recipients };
        take.run(run.runId, run.nowMs, hostname(), process.pid, claimUntil, r.id);
        if (r.status === 'sending') {
          reclaimed.push(d);
          note.run(r.key, isoDate(run.asOf), new Date(run.nowMs).toISOString(), run.runId, JSON.stringify({ channel: r.channel, target: maskSecrets(r.target), from: `${r.claim_host}:${r.claim_pid}` }));
        }
        claimed.push(d);
      }
      return { claimed, reclaimed };
    });
    return step.immediate();
  }

  /** Records the outcome of one claimed delivery: sent (the receiver accepted it), or back to pending for the next run. */
  settle(delivery: ClaimedDelivery, run: RunInfo, nowMs: number, outcome: { ok: boolean; attempts: number; error?: string }): void {
    const at = new Date(nowMs).toISOString();
    const error = outcome.error === undefined ? null : maskSecrets(outcome.error);
    this.db
      .transaction(() => {
        if (outcome.ok)
          this.db.prepare("UPDATE alert_deliveries SET status = 'sent', sent_at = ?, attempts = attempts + ?, last_error = NULL WHERE id = ? AND claimed_by = ?").run(at, outcome.attempts, delivery.id, run.runId);
        else
          this.db
            .prepare("UPDATE alert_deliveries SET status = 'pending', attempts = attempts + ?, last_error = ?, claimed_by = NULL, claimed_at = NULL, claim_until = NULL WHERE id = ? AND claimed_by = ?")
            .run(outcome.attempts, error, delivery.id, run.runId);
        this.db
          .prepare('INSERT INTO alert_events (key, event, as_of, at, run_id, detail) VALUES (?, ?, ?, ?, ?, ?)')
          .run(delivery.key, outcome.ok ? 'delivered' : 'failed', isoDate(run.asOf), at, run.runId, JSON.stringify({ channel: delivery.channel, target: maskSecrets(delivery.target), recipients: delivery.recipients, error }));
      })
      .immediate();
  }

  /** Deliveries waiting for a later run (failed, or not tried before the deadline), with their last error. */
  pending(): { key: string; channel: Channel; target: string; error: string | null }[] {
    return this.db.prepare("SELECT key, channel, target, last_error AS error FROM alert_deliveries WHERE status = 'pending' ORDER BY key, id").all() as {
      key: string;
      channel: Channel;
      target: string;
      error: string | null;
    }[];
  }

  close(): void {
    this.db.close();
  }
}
