import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../src/core/calendar.js';
import type { AlertCondition, Decision } from '../../src/core/alerts/index.js';
import { AlertStore, dataSetStatePath, MIGRATIONS, type RunInfo } from '../../src/io/alert-store.js';
import { openState } from '../../src/io/state.js';
import { ROOT as ROOT_DIR, tempDir } from '../cli/helpers.js';

const KEY = 'lead-follow-up:rep=Ann Lee';
const condition: AlertCondition = {
  key: KEY, rule: 'lead-follow-up', severity: 'critical', magnitude: 1, worsenBy: 1, since: 0,
  title: { en: 't', zh: 't' }, details: [], action: { en: 'a', zh: 'a' }, recipients: [], numbers: {},
};
const run = (asOf: string, over: Partial<RunInfo> = {}): RunInfo => ({ asOf: parseIsoDate(asOf)!, runId: `r-${asOf}-${Math.random()}`, nowMs: 1_700_000_000_000, notify: true, replay: false, ...over });
const hook = { channel: 'webhook' as const, target: 'http://127.0.0.1:9/hook', style: 'generic', recipients: 'Ann', payload: '{}' };
const decideAs = (event: Decision['event']) => () => [{ key: KEY, event, condition }];

describe('alert store', () => {
  it('upgrades an alerts-1 file: an alert raised by an old run without --notify is delivered by the next --notify run', () => {
    const tmp = tempDir();
    try {
      const file = join(tmp.dir, 'old.db');
      const old = openState(file, MIGRATIONS.slice(0, 1));
      old.prepare("INSERT INTO alert_events (key, event, as_of, at, run_id) VALUES (?, 'raised', '2026-11-27', 'x', 'old')").run(KEY);
      old.prepare(`INSERT INTO alerts (key, rule, status, severity, magnitude, since, first_raised_on, last_seen_on, last_sent_on, last_sent_magnitude, last_sent_severity, condition, updated_at)
        VALUES (?, 'lead-follow-up', 'active', 'critical', 1, '2026-11-22', '2026-11-27', '2026-11-27', '2026-11-27', 1, 'critical', '{}', 'x')`).run(KEY);
      old.prepare("INSERT INTO alert_deliveries (key, event_id, channel, target, style, recipients, payload, status, created_at) VALUES (?, 1, 'stdout', '-', 'text', '', '', 'sent', 'x')").run(KEY);
      old.close();
      const store = AlertStore.open(file);
      let seen: Decision['event'] | undefined;
      const cycle = store.cycle(run('2026-11-28'), (memory) => {
        expect(memory.get(KEY)).toMatchObject({ lastRaisedOn: parseIsoDate('2026-11-27'), lastRaisedSeverity: 'critical' });
        return decideAs('ongoing')();
      }, (_d, event) => ((seen = event), [hook]));
      expect(seen).toBe('raised');
      expect(cycle.undelivered).toEqual([{ key: KEY, event: 'raised', raisedOn: '2026-11-27' }]);
      expect(store.claim(run('2026-11-28'), 0).claimed.map((c) => c.target)).toEqual([hook.target]);
      store.close();
    } finally {
      tmp.cleanup();
    }
  });

  it('refuses an as-of before the last run unless replaying; a run without --notify queues nothing', () => {
    const tmp = tempDir();
    try {
      const store = AlertStore.open(join(tmp.dir, 's.db'));
      store.cycle(run('2026-11-27', { notify: false }), decideAs('raised'), () => []);
      expect(() => store.cycle(run('2026-11-20', { notify: false }), decideAs('ongoing'), () => [])).toThrow(/earlier than the last run on this state \(2026-11-27\)/);
      expect(store.cycle(run('2026-11-20', { notify: false, replay: true }), decideAs('ongoing'), () => []).decisions).toHaveLength(1);
      // a run without --notify raised it: nothing queued, nothing delivered
      expect(store.claim(run('2026-11-27'), 0).claimed).toEqual([]);
      store.close();
    } finally {
      tmp.cleanup();
    }
  });

  it('takes over a claim whose process is gone, and leaves one whose process still runs', () => {
    const tmp = tempDir();
    try {
      const file = join(tmp.dir, 's.db');
      const store = AlertStore.open(file);
      store.cycle(run('2026-11-27'), decideAs('raised'), () => [hook]);
      const first = run('2026-11-27');
      expect(store.claim(first, Date.now() + 600_000).claimed).toHaveLength(1);
      // claimed by this (live) process: another run leaves it alone
      expect(store.claim(run('2026-11-27'), 0)).toEqual({ claimed: [], reclaimed: [] });
      // the claimer was killed: its pid no longer runs
      const dead = spawnSync(process.execPath, ['-e', 'process.pid']).pid!;
      const db = openState(file, []);
      db.prepare('UPDATE alert_deliveries SET claim_pid = ?').run(dead);
      db.close();
      const next = store.claim(run('2026-11-27'), 0);
      expect(next.reclaimed.map((c) => c.key)).toEqual([KEY]);
      expect(next.claimed).toHaveLength(1);
      store.close();
    } finally {
      tmp.cleanup();
    }
  });

  it('opens a new store that another run holds locked: waits for it instead of failing', async () => {
    const tmp = tempDir();
    try {
      const file = join(tmp.dir, 'new.db');
      // Another run creating the same store (two cron jobs at once) is writing to it, not yet in WAL, for 0.3 s:
      // switching to WAL reads the file, then must write, and SQLite fails that upgrade at once instead of waiting.
      const holder = spawn(process.execPath, ['-e', `
        const db = new (require('better-sqlite3'))(process.argv[1]);
        db.exec('CREATE TABLE t (x); BEGIN IMMEDIATE; INSERT INTO t VALUES (1)');
        process.stdout.write('locked\\n');
        setTimeout(() => { db.exec('COMMIT'); db.close(); }, 300);
      `, file], { cwd: ROOT_DIR, stdio: ['ignore', 'pipe', 'inherit'] });
      const [first] = (await once(holder.stdout!, 'data')) as [Buffer];
      expect(String(first)).toBe('locked\n');
      const db = openState(file, MIGRATIONS);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.prepare('SELECT x FROM t').get()).toEqual({ x: 1 });
      db.close();
      await once(holder, 'exit');
    } finally {
      tmp.cleanup();
    }
  });

  it('keys the default state by the real path of the deals export', () => {
    const tmp = tempDir();
    try {
      mkdirSync(join(tmp.dir, 'a'));
      mkdirSync(join(tmp.dir, 'b'));
      writeFileSync(join(tmp.dir, 'a', 'deals.csv'), 'x');
      writeFileSync(join(tmp.dir, 'b', 'deals.csv'), 'x');
      symlinkSync(join(tmp.dir, 'a', 'deals.csv'), join(tmp.dir, 'link.csv'));
      const env = { XDG_STATE_HOME: join(tmp.dir, 'state') };
      const a = dataSetStatePath(join(tmp.dir, 'a', 'deals.csv'), env);
      expect(a.startsWith(join(tmp.dir, 'state', 'perf', 'alerts', 'deals-'))).toBe(true);
      expect(dataSetStatePath(join(tmp.dir, 'b', 'deals.csv'), env)).not.toBe(a);
      expect(dataSetStatePath(join(tmp.dir, 'link.csv'), env)).toBe(a);
    } finally {
      tmp.cleanup();
    }
  });
});
