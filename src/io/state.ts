import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import { EXIT, PerfError } from '../core/errors.js';
import { bi } from '../core/i18n.js';
import { noteInput } from './output.js';

// The native SQLite module loads only when a command opens the store: reports that keep no state start faster.
export const sqlite = (): typeof Database => createRequire(import.meta.url)('better-sqlite3') as typeof Database;

export type StateDb = Database.Database;

/** --state, else $XDG_STATE_HOME/perf/state.db, else ~/.local/state/perf/state.db. */
export function defaultStatePath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME && env.XDG_STATE_HOME !== '' ? env.XDG_STATE_HOME : join(homedir(), '.local', 'state');
  return join(base, 'perf', 'state.db');
}

export interface Migration {
  /** a unique, never-renamed name: migrations run once each, in the order given */
  name: string;
  sql: string;
}

const BUSY_MS = 15_000;

/**
 * Runs `step` again while SQLite answers "database is locked", for up to BUSY_MS. Switching a store to WAL
 * reads it, then writes: SQLite fails that upgrade at once, without its busy handler, while another
 * connection writes (deadlock avoidance). Two cron runs that created the same store at once failed so one
 * time in 20-60; the other run's lock lasts milliseconds.
 */
function whenFree<T>(step: () => T): T {
  const until = Date.now() + BUSY_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      return step();
    } catch (e) {
      if (!String((e as { code?: string }).code).startsWith('SQLITE_BUSY') || Date.now() > until) throw e;
      Atomics.wait(pause, 0, 0, 10);
    }
  }
}

/**
 * Opens the shared state store (alerts, action items). WAL and a busy timeout let two cron runs
 * at the same time wait for each other instead of failing or corrupting the file.
 */
export function openState(path: string | undefined, migrations: Migration[]): StateDb {
  const file = resolve(path ?? defaultStatePath());
  noteInput(file);
  try {
    mkdirSync(dirname(file), { recursive: true });
    const db = new (sqlite())(file, { timeout: BUSY_MS });
    whenFree(() => db.pragma('journal_mode = WAL'));
    db.pragma('foreign_keys = ON');
    db.exec('CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
    const applied = db.prepare('SELECT 1 FROM migrations WHERE name = ?');
    // Checked again inside the write lock: a concurrent run may have applied it meanwhile.
    const apply = db.transaction((m: Migration) => {
      if (applied.get(m.name)) return;
      db.exec(m.sql);
      db.prepare("INSERT OR IGNORE INTO migrations (name, applied_at) VALUES (?, datetime('now'))").run(m.name);
    });
    for (const m of migrations) if (!applied.get(m.name)) apply.immediate(m);
    return db;
  } catch (e) {
    if (e instanceof PerfError) throw e;
    throw cannotOpen(file, e);
  }
}

const cannotOpen = (file: string, e: unknown): PerfError =>
  new PerfError(EXIT.usage, bi(`cannot open the state store ${file}: ${(e as Error).message}`, `无法打开状态库 ${file}：${(e as Error).message}`));

/**
 * Opens the state store for reading only (dry runs), changing nothing on disk. On a read-only location
 * SQLite cannot create the WAL's shared-memory file that a store with unmerged writes needs; then the
 * store and its WAL are copied to a private folder, merged there, and read from memory.
 */
export function openStateReadOnly(path: string): StateDb {
  const file = resolve(path);
  noteInput(file);
  try {
    const db = new (sqlite())(file, { readonly: true, fileMustExist: true, timeout: BUSY_MS });
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
      return db;
    } catch (e) {
      db.close();
      if ((e as { code?: string }).code !== 'SQLITE_CANTOPEN') throw e;
    }
  } catch (e) {
    if ((e as { code?: string }).code !== 'SQLITE_CANTOPEN') throw cannotOpen(file, e);
  }
  const dir = mkdtempSync(join(tmpdir(), 'perf-state-'));
  try {
    const copy = join(dir, 'state.db');
    copyFileSync(file, copy);
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
    // Leaving WAL mode merges the WAL into the file: a store in memory cannot use one.
    const merged = new (sqlite())(copy);
    merged.pragma('journal_mode = DELETE');
    merged.close();
    return new (sqlite())(readFileSync(copy), { readonly: true });
  } catch (e) {
    throw cannotOpen(file, e);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
