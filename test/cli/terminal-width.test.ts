/**
 * Every command's default report fits the terminal: at 80 and 120 columns, in English and Chinese, no line is
 * wider than the terminal (tables abbreviate or leave out columns instead of wrapping). Run in-process: no Node
 * start-up and no module loading per report.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, perfInProcess, ROOT, tempDir } from './helpers.js';
import { linesWiderThan, stubHeaders } from './terminal-width.js';

const { dir, cleanup } = tempDir('perf-width-');
afterAll(cleanup);

const DEALS = fixture('deals.csv');
const REPORTS: Record<string, string[]> = {
  inspect: ['inspect', DEALS],
  forecast: ['forecast', DEALS, '--team', fixture('teams.csv')],
  'target check': ['target', 'check', DEALS, '--proposed', '40%', '--period', '2027'],
  backtest: ['backtest', DEALS],
  score: ['score', fixture('activity.xlsx'), '--deals', DEALS, '--leads', fixture('leads.csv'), '--team', fixture('teams.csv')],
  audit: ['audit', DEALS, '--activity', fixture('activity.csv'), '--team', fixture('teams.csv')],
  evaluate: ['evaluate', '--deals', DEALS, '--activity', fixture('activity.xlsx'), '--team', fixture('teams.csv'), '--period', '2026-Q4'],
  alerts: ['alerts', DEALS, '--leads', fixture('leads.csv'), '--activity', fixture('activity.csv'), '--team', fixture('teams.csv'), '--dry-run'],
  'calibrate prep': ['calibrate', 'prep', '--deals', DEALS, '--activity', fixture('activity.xlsx'), '--team', fixture('teams.csv')],
  'calibrate tasks': ['calibrate', 'tasks', '--state', join(dir, 'state.db'), '--status', 'all'],
  changes: ['changes', join(ROOT, 'test/fixtures/changes/old.csv'), join(ROOT, 'test/fixtures/changes/new.csv')],
  dashboard: ['dashboard', DEALS, '--team', fixture('teams.csv'), '-o', join(dir, 'dashboard.html'), '--force'],
};


describe.each([80, 120])('at %i columns', (width) => {
  for (const lang of ['en', 'zh'] as const)
    for (const [name, args] of Object.entries(REPORTS))
      it(`${name} (${lang}) fits`, async () => {
        const r = await perfInProcess(['--lang', lang, '--width', String(width), '--as-of', '2026-11-27', ...args]);
        expect([0, 3], r.stdout).toContain(r.code);
        expect(r.stdout.trim().length).toBeGreaterThan(0);
        expect(linesWiderThan(r.stdout, width)).toEqual([]);
        // A header cut to a stub ("R…" over a count) says nothing: a column is left out instead.
        expect(stubHeaders(r.stdout)).toEqual([]);
      });
});

describe('the width', () => {
  it.each([60, 72])('at %i columns leaves out columns in the stated order and says which, rather than wrapping', async (width) => {
    for (const lang of ['en', 'zh']) {
      const narrow = await perfInProcess(['--lang', lang, '--width', String(width), '--as-of', '2026-11-27', 'forecast', DEALS, '--team', fixture('teams.csv')]);
      expect(linesWiderThan(narrow.stdout, width)).toEqual([]);
      expect(narrow.stdout).toMatch(new RegExp(lang === 'en' ? `left out at ${width} columns` : `${width} 列宽放不下`));
    }
    const wide = await perfInProcess(['--width', '200', '--as-of', '2026-11-27', 'forecast', DEALS]);
    expect(wide.stdout).not.toContain('left out at');
  });

  it('is 100 when not a terminal and no --width or COLUMNS is given, COLUMNS when set', async () => {
    const { terminalWidth } = await import('../../src/cli/render.js');
    expect(terminalWidth(undefined, { isTTY: false }, {})).toBe(100);
    expect(terminalWidth(undefined, { isTTY: false }, { COLUMNS: '132' })).toBe(132);
    expect(terminalWidth(undefined, { isTTY: true, columns: 90 }, { COLUMNS: '132' })).toBe(90);
    expect(terminalWidth('72', { isTTY: true, columns: 90 }, {})).toBe(72);
    expect(() => terminalWidth('wide', { isTTY: false }, {})).toThrow(/--width/);
  });
});
