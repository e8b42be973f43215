import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isoDate, parseIsoDate } from '../core/calendar.js';
import type { AlertMemory, Decision } from '../core/alerts/index.js';
import type { RuleName, Severity } from '../core/alerts/types.js';
import { defaultStatePath, openState, sqlite, type Migration, type StateDb } from './state.js';


/**
 * `perf alerts` state in the shared store: one row per alert key (its last known condition and when it
 * was last notified), an append-only event log (raised / worsened / repeated / resolved / delivered /
 * failed), and the deliveries, one per alert notification and channel target.
 */
const MIGRATIONS: Migration[] = [
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
];

/** A claim older than this belongs to a run that died mid-send; another run may take it over. */
export const STALE_CLAIM_MS = 10 * 60_000;

export interface DeliveryDraft {
  key: string;
  target: string;
  style: string;
  recipients: string;
  payload: string;
}

export interface ClaimedDelivery {
  id: number;
  key: string;
  target: string;
  style: string;
  payload: string;
  attempts: number;
  recipients: string;
}

interface AlertRow {
  key: string;
  rule: RuleName;
  status: 'active' | 'resolved';
  last_sent_on: string | null;
  last_sent_magnitude: number | null;
  last_sent_severity: Severity | null;
}

const NOTIFY = new Set(['raised', 'worsened', 'repeated']);

const hasTable = (db: StateDb, name: string) => Boolean(db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name));

function readMemory(db: StateDb): Map<string, AlertMemory> {
  const rows = db.prepare('SELECT key, rule, status, last_sent_on, last_sent_magnitude, last_sent_severity FROM alerts').all() as AlertRow[];
  return new Map(
    rows.map((r) => [
      r.key,
      {
        key: r.key,
        rule: r.rule,
        status: r.status,
        lastSentOn: r.last_sent_on === null ? null : parseIsoDate(r.last_sent_on),
        lastSentMagnitude: r.last_sent_magnitude,
        lastSentSeverity: r.last_sent_severity,
      },
    ]),
  );
}

export interface CycleResult {
  decisions: Decision[];
  claimed: ClaimedDelivery[];
}

export class AlertStore {
  private constructor(private readonly db: StateDb) {}

  static open(path: string | undefined): AlertStore {
    return new AlertStore(openState(path, MIGRATIONS));
  }

  /** --dry-run: what the store remembers, without creating or changing anything (empty if there is no store yet). */
  static peek(path: string | undefined): { memory: Map<string, AlertMemory>; pending: number } {
    const file = resolve(path ?? defaultStatePath());
    if (!existsSync(file)) return { memory: new Map(), pending: 0 };
    const db = new (sqlite())(file, { readonly: true, fileMustExist: true, timeout: 15_000 });
    try {
      if (!hasTable(db, 'alerts')) return { memory: new Map(), pending: 0 };
      const pending = (db.prepare("SELECT count(*) AS n FROM alert_deliveries WHERE status IN ('pending', 'sending')").get() as { n: number }).n;
      return { memory: readMemory(db), pending };
    } finally {
      db.close();
    }
  }

  /**
   * One locked step (BEGIN IMMEDIATE: a concurrent run waits here, then sees this run's writes): read
   * what was notified before, let `plan` decide, record the decisions and the new deliveries, and claim
   * every delivery waiting to be sent (new or left pending by an earlier run) for this run only.
   */
  cycle(
    asOf: number,
    runId: string,
    nowMs: number,
    plan: (memory: Map<string, AlertMemory>) => { decisions: Decision[]; drafts: DeliveryDraft[] },
    claim: boolean,
  ): CycleResult {
    const db = this.db;
    const day = isoDate(asOf);
    const at = new Date(nowMs).toISOString();
    const event = db.prepare(
      'INSERT INTO alert_events (key, event, as_of, at, run_id, severity, magnitude, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const upsert = db.prepare(`INSERT INTO alerts (key, rule, status, severity, magnitude, since, first_raised_on, last_seen_on,
        last_sent_on, last_sent_magnitude, last_sent_severity, resolved_on, condition, updated_at)
      VALUES (@key, @rule, 'active', @severity, @magnitude, @since, @day, @day, @sentOn, @sentMagnitude, @sentSeverity, NULL, @condition, @at)
      ON CONFLICT (key) DO UPDATE SET
        rule = excluded.rule, severity = excluded.severity, magnitude = excluded.magnitude, since = excluded.since,
        first_raised_on = CASE WHEN alerts.status = 'resolved' THEN excluded.first_raised_on ELSE alerts.first_raised_on END,
        status = 'active', last_seen_on = excluded.last_seen_on, resolved_on = NULL,
        last_sent_on = COALESCE(excluded.last_sent_on, alerts.last_sent_on),
        last_sent_magnitude = COALESCE(excluded.last_sent_magnitude, alerts.last_sent_magnitude),
        last_sent_severity = COALESCE(excluded.last_sent_severity, alerts.last_sent_severity),
        condition = excluded.condition, updated_at = excluded.updated_at`);
    const resolve = db.prepare("UPDATE alerts SET status = 'resolved', resolved_on = ?, updated_at = ? WHERE key = ?");
    const stdout = db.prepare(`INSERT INTO alert_deliveries (key, event_id, channel, target, style, recipients, payload, status, attempts, created_at, sent_at)
      VALUES (?, ?, 'stdout', '-', 'text', '', '', 'sent', 1, ?, ?)`);
    const supersede = db.prepare("UPDATE alert_deliveries SET status = 'superseded' WHERE key = ? AND target = ? AND status = 'pending'");
    const insert = db.prepare(`INSERT INTO alert_deliveries (key, event_id, channel, target, style, recipients, payload, status, created_at)
      VALUES (?, ?, 'webhook', ?, ?, ?, ?, 'pending', ?)`);
    const claimable = db.prepare(`SELECT id, key, target, style, payload, attempts, recipients FROM alert_deliveries
      WHERE status = 'pending' OR (status = 'sending' AND claimed_at < ?) ORDER BY id`);
    const take = db.prepare("UPDATE alert_deliveries SET status = 'sending', claimed_by = ?, claimed_at = ? WHERE id = ?");

    const step = db.transaction((): CycleResult => {
      const { decisions, drafts } = plan(readMemory(db));
      const eventIds = new Map<string, number | bigint>();
      for (const d of decisions) {
        const c = d.condition;
        if (d.event === 'resolved') {
          resolve.run(day, at, d.key);
          event.run(d.key, 'resolved', day, at, runId, null, null, null);
          continue;
        }
        if (!c) continue;
        const sent = NOTIFY.has(d.event);
        upsert.run({
          key: c.key,
          rule: c.rule,
          severity: c.severity,
          magnitude: c.magnitude,
          since: isoDate(c.since),
          day,
          sentOn: sent ? day : null,
          sentMagnitude: sent ? c.magnitude : null,
          sentSeverity: sent ? c.severity : null,
          condition: JSON.stringify({ ...c, since: isoDate(c.since) }),
          at,
        });
        if (!sent) continue;
        const id = event.run(c.key, d.event, day, at, runId, c.severity, c.magnitude, JSON.stringify(c.numbers)).lastInsertRowid;
        eventIds.set(c.key, id);
        stdout.run(c.key, id, at, at);
      }
      for (const draft of drafts) {
        const id = eventIds.get(draft.key);
        if (id === undefined) continue;
        supersede.run(draft.key, draft.target);
        insert.run(draft.key, id, draft.target, draft.style, draft.recipients, draft.payload, at);
      }
      const claimed = claim ? (claimable.all(nowMs - STALE_CLAIM_MS) as ClaimedDelivery[]) : [];
      for (const c of claimed) take.run(runId, nowMs, c.id);
      return { decisions, claimed };
    });
    return step.immediate();
  }

  /** Records the outcome of one claimed delivery: sent, or back to pending for the next run. */
  settle(delivery: ClaimedDelivery, asOf: number, runId: string, nowMs: number, outcome: { ok: boolean; attempts: number; error?: string }): void {
    const at = new Date(nowMs).toISOString();
    this.db
      .transaction(() => {
        if (outcome.ok)
          this.db.prepare("UPDATE alert_deliveries SET status = 'sent', sent_at = ?, attempts = attempts + ?, last_error = NULL WHERE id = ? AND claimed_by = ?").run(at, outcome.attempts, delivery.id, runId);
        else
          this.db
            .prepare("UPDATE alert_deliveries SET status = 'pending', attempts = attempts + ?, last_error = ?, claimed_by = NULL, claimed_at = NULL WHERE id = ? AND claimed_by = ?")
            .run(outcome.attempts, outcome.error ?? null, delivery.id, runId);
        this.db
          .prepare('INSERT INTO alert_events (key, event, as_of, at, run_id, detail) VALUES (?, ?, ?, ?, ?, ?)')
          .run(delivery.key, outcome.ok ? 'delivered' : 'failed', isoDate(asOf), at, runId, JSON.stringify({ target: delivery.target, recipients: delivery.recipients, error: outcome.error ?? null }));
      })
      .immediate();
  }

  /** Deliveries still waiting (failed after retries in this or an earlier run). */
  pendingCount(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM alert_deliveries WHERE status = 'pending'").get() as { n: number }).n;
  }

  close(): void {
    this.db.close();
  }
}
