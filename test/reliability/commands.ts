/**
 * The command matrix of the reliability suite: one line per command. Every test that covers "every
 * command" (time zones, determinism, safe outputs, broken inputs) iterates over this list and skips the
 * commands the built CLI does not have yet.
 */
import { join } from 'node:path';
import { fixture } from '../cli/helpers.js';
import { AVAILABLE } from './harness.js';

export const AS_OF = '2026-11-27';

export interface CommandCase {
  /** A label for test names. */
  label: string;
  /** The first word as `perf --help` lists it: the case is skipped until the CLI has it. */
  name: string;
  /**
   * The arguments after the global flags. `input` is the primary input (defaults to `primary`'s
   * fixture; the corpus swaps in a broken file), `dir` a private temp folder for state files.
   */
  args: (input: string, dir: string) => string[];
  /** The kind of the primary input, so the broken-deals corpus knows which commands it can feed. */
  primary: 'deals' | 'activities' | 'teams';
  /** What -o writes; absent when the command has no -o file. */
  out?: 'xlsx' | 'csv' | 'html';
  /** The command prints JSON with --json (otherwise its stdout is compared as text only). */
  json?: boolean;
  /** Exit codes a successful run may end with (alerts exits 3 when alerts fire). */
  ok?: number[];
  /** Workbook columns ("Sheet!Header") computed from the JSON's numbers rather than copied (see workbookAgreesWithJson). */
  derived?: string[];
}

const deals = fixture('deals.csv');
const activity = fixture('activity.xlsx');
const leads = fixture('leads.csv');
const teams = fixture('teams.csv');

// One line per command: add a command here and every matrix covers it.
export const COMMANDS: CommandCase[] = [
  { label: 'inspect', name: 'inspect', primary: 'deals', json: true, args: (input) => ['inspect', input] },
  { label: 'forecast', name: 'forecast', primary: 'deals', json: true, out: 'xlsx', derived: ['Targets!Statistical forecast', 'Targets!Adjustment'], args: (input) => ['forecast', input, '--team', teams, '--adjust', fixture('adjustments.csv')] },
  { label: 'target check', name: 'target', primary: 'deals', json: true, out: 'xlsx', args: (input) => ['target', 'check', input, '--proposed', '40%', '--period', '2027'] },
  { label: 'backtest', name: 'backtest', primary: 'deals', json: true, out: 'xlsx', args: (input) => ['backtest', input] },
  { label: 'score', name: 'score', primary: 'activities', json: true, out: 'xlsx', args: (input) => ['score', input, '--deals', deals, '--leads', leads, '--team', teams] },
  { label: 'audit', name: 'audit', primary: 'deals', json: true, out: 'xlsx', args: (input) => ['audit', input, '--activity', activity, '--team', teams] },
  { label: 'evaluate', name: 'evaluate', primary: 'deals', json: true, out: 'xlsx', args: (input) => ['evaluate', '--deals', input, '--activity', activity, '--team', teams, '--period', '2026-Q4'] },
  { label: 'alerts', name: 'alerts', primary: 'deals', json: true, out: 'csv', ok: [0, 3], args: (input, dir) => ['alerts', input, '--activity', fixture('activity.csv'), '--leads', leads, '--team', teams, '--state', join(dir, 'state.db'), '--dry-run'] },
  { label: 'calibrate prep', name: 'calibrate', primary: 'deals', json: true, out: 'xlsx', args: (input, dir) => ['calibrate', 'prep', '--deals', input, '--activity', activity, '--team', teams, '--state', join(dir, 'state.db')] },
  { label: 'calibrate plan', name: 'calibrate', primary: 'teams', json: true, args: (input) => ['calibrate', 'plan', '--team', input, '--start', '2026-12-07'] },
  { label: 'dashboard', name: 'dashboard', primary: 'deals', out: 'html', args: (input) => ['dashboard', input, '--activity', activity] },
];

export const primaryFixture = (c: CommandCase): string => ({ deals, activities: activity, teams })[c.primary];

export const available = (c: CommandCase): boolean => AVAILABLE.has(c.name);

/** The command the corpus uses to prove that a failed run leaves no output behind: the first with -o that reads deals. */
export const WRITER: CommandCase | undefined = COMMANDS.find((c) => c.out === 'xlsx' && c.primary === 'deals' && available(c));
