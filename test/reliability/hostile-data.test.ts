/**
 * Issue 20 through the CLI: names from the data that are hostile to calendars and workbooks, folders of
 * outputs written all or nothing, inputs that are never outputs, and --as-of years.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import XLSX from 'xlsx';
import { fixture, perfInProcess } from '../cli/helpers.js';
import { AS_OF } from './commands.js';
import { expectClean, fingerprint, folders, listing, run } from './harness.js';

const folder = folders('perf-hostile-');

/** Copies of fixtures with reps renamed the same way in every file. */
function renamed(d: string, names: Record<string, string>, files: string[]): Record<string, string> {
  return Object.fromEntries(
    files.map((f) => {
      let text = readFileSync(fixture(f), 'utf8');
      for (const [from, to] of Object.entries(names)) text = text.replaceAll(from, to);
      writeFileSync(join(d, f), text);
      return [f, join(d, f)];
    }),
  );
}

const SHIM = join(import.meta.dirname, 'write-shim.cjs');
const plan = (team: string, out: string, extra: string[] = []) => ['--as-of', AS_OF, 'calibrate', 'plan', '--team', team, '--start', '2026-12-07', '-o', out, ...extra];

describe('names from the data', () => {
  it('calibrate prep -o: reps named History, Problems and \'Li Na\' get valid sheets of their own', async () => {
    const d = folder();
    const f = renamed(d, { 'Wang Fang': 'History', 'Zhang Wei': 'Problems', 'Li Na': "'Li Na'" }, ['deals.csv', 'activity.csv', 'teams.csv']);
    const out = join(d, 'prep.xlsx');
    const r = await perfInProcess(['--as-of', AS_OF, 'calibrate', 'prep', '--deals', f['deals.csv'], '--activity', f['activity.csv'], '--team', f['teams.csv'], '--state', join(d, 'state.db'), '-o', out]);
    expectClean(r);
    expect(r.code, r.stderr).toBe(0);
    const wb = XLSX.read(readFileSync(out));
    expect(wb.SheetNames).toEqual(['Problems (2)', 'Li Na', 'History (2)', 'Chen Jie', 'Zhao Lei', 'Liu Yang', 'Problems']);
    expect(String(wb.Sheets['History (2)'].A1.v)).toContain('History');
    expect(wb.Sheets.Problems.A1.v).toBe('File');
  });

  it('calibrate plan: managers and reps whose names hold line breaks, quotes, semicolons, commas and CJK give one VEVENT per pair, ORGANIZER and ATTENDEE intact', async () => {
    const d = folder();
    const hostile = { 'Sun Li': '"Sun Li\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:injected"', 'Zhang Wei': '"Zhang ""Z"" Wei; CEO, Ltd"', 'Li Na': '李娜（华东）' };
    const f = renamed(d, hostile, ['teams.csv']);
    const out = join(d, 'cal');
    const r = await perfInProcess(plan(f['teams.csv'], out));
    expectClean(r);
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toHaveLength(2);
    const events = files.flatMap((file) => new ICAL.Component(ICAL.parse(readFileSync(join(out, file), 'utf8'))).getAllSubcomponents('vevent'));
    const pairs = events.map((e) => [e.getFirstProperty('organizer')!.getParameter('cn'), e.getAllProperties('attendee').map((a) => a.getParameter('cn'))]);
    const sun = 'Sun Li END:VEVENT BEGIN:VEVENT SUMMARY:injected';
    expect(pairs).toEqual(
      expect.arrayContaining([
        [sun, ['Zhang "Z" Wei; CEO, Ltd', sun]],
        [sun, ['李娜（华东）', sun]],
        [sun, ['Wang Fang', sun]],
      ]),
    );
    // One event per manager–rep pair of the roster (six reps with a manager), no injected ones.
    expect(events).toHaveLength(6);
    for (const e of events) expect(e.getFirstProperty('organizer')!.getFirstValue()).toMatch(/^mailto:\S+@example\.com$/);
  });
});

describe('a folder of outputs is written all or nothing', () => {
  it('calibrate plan -o DIR on a full disk: exit 2, the folder it would have created is not there', async () => {
    const d = folder();
    const out = join(d, 'cal');
    const r = await run(plan(fixture('teams.csv'), out), { env: { NODE_OPTIONS: `--require ${SHIM}`, PERF_SHIM_FAIL: '1' } });
    expectClean(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/perf: cannot write into .*cal: ENOSPC: no space left on device/);
    expect(listing(d)).toEqual([]);
  });

  it('calibrate plan -o DIR where the last calendar exists: exit 2 before any file is written', async () => {
    const d = folder();
    writeFileSync(join(d, 'calibrate-zhou-min.ics'), 'last week');
    const r = await perfInProcess(plan(fixture('teams.csv'), d));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/calibrate-zhou-min\.ics already exists; add --force to replace it/);
    expect(listing(d)).toEqual(['calibrate-zhou-min.ics']);
  });

  it('dashboard --chart DIR where one chart exists: exit 2, neither the page nor any chart written', async () => {
    const d = folder();
    const charts = join(d, 'charts');
    mkdirSync(charts);
    writeFileSync(join(charts, 'score-team-west.png'), 'keep');
    const r = await perfInProcess(['--as-of', AS_OF, 'dashboard', fixture('deals.csv'), '--activity', fixture('activity.xlsx'), '--team', fixture('teams.csv'), '-o', join(d, 'board.html'), '--chart', charts]);
    expectClean(r);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/charts\/score-team-west\.png already exists; add --force to replace it/);
    expect(listing(d)).toEqual(['charts']);
    expect(listing(charts)).toEqual(['score-team-west.png']);
  });
});

describe('inputs are never outputs, --force or not', () => {
  it('-o onto the config being read, and onto the alert state store, are refused', async () => {
    const d = folder();
    const config = join(d, 'perf.config.json');
    writeFileSync(config, '{}');
    const state = join(d, 'state.db');
    const [a, b] = await Promise.all([
      perfInProcess(['--as-of', AS_OF, 'forecast', fixture('deals.csv'), '-o', config, '--force'], { cwd: d }),
      perfInProcess(['--as-of', AS_OF, '--config', config, 'alerts', fixture('deals.csv'), '--state', state, '--dry-run', '-o', state, '--force'], { cwd: d }),
    ]);
    for (const r of [a, b]) {
      expectClean(r);
      expect(r.code).toBe(2);
    }
    expect(a.stderr).toMatch(/refusing to write .*perf\.config\.json: it is one of the input files/);
    expect(b.stderr).toMatch(/refusing to write .*state\.db: it is one of the input files/);
    expect(readFileSync(config, 'utf8')).toBe('{}');
    expect(fingerprint(state)).toBeNull();
    expect(listing(d)).toEqual(['perf.config.json']);
  });

  it('a 245-byte output name works', async () => {
    const d = folder();
    const name = `${'t'.repeat(240)}.xlsx`;
    // No chart images: the name is what is tested, and rendering them is most of a workbook's cost.
    const r = await perfInProcess(['--as-of', AS_OF, 'forecast', fixture('deals.csv'), '-o', join(d, name), '--no-charts']);
    expectClean(r);
    expect(r.code, r.stderr).toBe(0);
    expect(listing(d)).toEqual([name]);
  });
});

describe('--as-of years', () => {
  it.each([
    ['0026-11-27', /--as-of must be a date like 2026-11-27, not "0026-11-27"/],
    ['9999-12-31', /--as-of 9999-12-31 is outside the supported years 1990–2100 \(config dateRange\); give a date like 2026-11-27/],
    ['1989-12-31', /--as-of 1989-12-31 is outside the supported years 1990–2100/],
  ])('%s is refused with exit 2', async (asOf, message) => {
    const r = await perfInProcess(['--lang', 'en', '--as-of', asOf, 'inspect', fixture('deals.csv')]);
    expectClean(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});

