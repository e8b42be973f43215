import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, perfInProcess, tempDir } from '../cli/helpers.js';
import { AS_OF } from './commands.js';
import { expectClean, listing } from './harness.js';

const tmp = tempDir('perf-state-ro-');
const mounted: string[] = [];
afterAll(() => {
  for (const m of mounted) execFileSync('umount', [m]);
  tmp.cleanup();
});

/**
 * A folder perf cannot write to: a read-only bind mount when the tests run as root (root ignores file
 * modes), else a folder without write permission. Undefined when neither can be had here.
 */
function readOnly(source: string): string | undefined {
  if (process.getuid?.() !== 0) {
    execFileSync('chmod', ['a-w', source]);
    return source;
  }
  const target = `${source}-ro`;
  mkdirSync(target);
  try {
    execFileSync('mount', ['--bind', '-o', 'ro', source, target], { stdio: 'ignore' });
    mounted.push(target);
    execFileSync('mount', ['-o', 'remount,ro,bind', target], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  try {
    writeFileSync(join(target, 'probe'), '');
    return undefined; // the mount did not become read-only
  } catch {
    return target;
  }
}

const alerts = (state: string, extra: string[] = []) => [
  '--as-of', AS_OF, 'alerts', fixture('deals.csv'), '--activity', fixture('activity.csv'), '--leads', fixture('leads.csv'), '--team', fixture('teams.csv'), '--state', state, ...extra,
];

describe('alerts --dry-run with the state store on a read-only location', () => {
  it('reads the store, including writes still in its WAL, and changes nothing', async () => {
    const live = join(tmp.dir, 'live');
    mkdirSync(live);
    const state = join(live, 'state.db');
    const first = await perfInProcess(alerts(state));
    expect(first.code, first.stderr).toBe(3);
    // Another run's writes not yet merged into the file: the WAL is there, its shared-memory index is not.
    const db = new Database(state);
    db.exec('CREATE TABLE written_later (x)');
    const frozen = join(tmp.dir, 'frozen');
    mkdirSync(frozen);
    copyFileSync(state, join(frozen, 'state.db'));
    copyFileSync(`${state}-wal`, join(frozen, 'state.db-wal'));
    db.close();
    const ro = readOnly(frozen);
    if (!ro) return void console.warn('no read-only location available: skipped');

    const r = await perfInProcess(alerts(join(ro, 'state.db'), ['--dry-run']));
    expectClean(r);
    expect(r.code, r.stderr).toBe(0);
    const expected = await perfInProcess(alerts(state, ['--dry-run']));
    expect(r.stdout).toBe(expected.stdout);
    expect(listing(ro)).toEqual(['state.db', 'state.db-wal']);
    expect(existsSync(join(ro, 'state.db-shm'))).toBe(false);
  });
});
