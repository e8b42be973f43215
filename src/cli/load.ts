import type { Kind, RowOf, TeamMember } from '../schema/rows.js';
import { idleReport, reconcileRoster, rosterAliases, rosterMismatch, teamOverrideCheck } from '../core/checks/roster.js';
import type { Check } from '../schema/check.js';
import { unknownCreationCheck } from '../core/checks/sanity.js';
import type { Problem } from '../schema/problem.js';
import { addOverrides, onRoster, rosterOf, type Roster, type TeamOverrides } from '../core/teams.js';
import { readDataset, streamDataset, type Dataset, type DatasetInfo } from '../io/read.js';
import type { PieceSink } from '../io/parallel/piece.js';
import type { ReadFlags } from './common.js';
import type { Context } from './context.js';

type TeamRow = { rep?: string; team?: string; region?: string };

/**
 * The roster (`--team`) a run's exports are matched against: every export read with it has its reps
 * renamed by the roster's aliases and its mismatches (reps not on the roster, near misses) stated as
 * checks and counted as that export's problems (--strict). A roster rep without rows is one with none in
 * any export of the run (a rep with deals and activities but no leads is not idle): said once, as the
 * roster's problem, and restated as each export is read, so that it stands for all of them after the last.
 * Each row takes the roster's team (`onRoster`); rows that named another are said once for the run, restated
 * alike. One for every command that reads a roster, so they all reconcile and group alike.
 */
export class RosterMatch {
  /** a rep's name in the exports → the roster's name (the reading threads rename with it too) */
  readonly aliases: Map<string, string>;
  readonly roster: Roster;
  /** rows of roster reps whose export named another team, over every export read so far */
  readonly overrides: TeamOverrides = new Map();
  /** the exports with such rows */
  private readonly overridden: string[] = [];
  private overriddenRows = 0;
  private readonly seen = new Set<string>();
  /** roster names with rows in an export read so far */
  private readonly used = new Set<string>();
  /** roster names a rep of some export probably means (said as near misses, not as idle) */
  private readonly nearMissed = new Set<string>();
  private readonly files: string[] = [];
  /** the idle report and team overrides standing now, replaced after each export */
  private standing: { problems: Problem[]; checks: Check[] } = { problems: [], checks: [] };

  constructor(
    private readonly ctx: Context,
    readonly teams: { file: string; rows: readonly TeamMember[]; problems: Problem[]; problemCount: number },
  ) {
    this.aliases = rosterAliases(teams.rows);
    this.roster = rosterOf(teams.rows);
  }

  /** Notes a row's rep and gives it its roster name and team; rows are renamed as they arrive (streams too). */
  see(row: TeamRow): void {
    if (row.rep === undefined) return;
    this.seen.add(row.rep);
    this.place(row);
  }

  /** Matches every row of an export already read, then settles it. */
  matchAll(data: { file: string; rows: readonly object[]; problems: Problem[]; problemCount: number }): void {
    for (const r of data.rows as TeamRow[]) this.see(r);
    this.settle(data);
  }

  /**
   * An export whose reps are not matched against the roster (an earlier snapshot compared with the current
   * export, where a rep who has left since is no mismatch; audit's activity log): its rows take the roster's
   * names and teams all the same, so that they group as the matched exports' do.
   */
  join(data: { file: string; rows: readonly object[] }): void {
    for (const r of data.rows as TeamRow[]) this.place(r);
    this.noteOverrides(data.file);
    this.restate();
  }

  /** The overrides a reading thread tallied on its piece of an export (its rows were placed there). */
  addOverrides(overrides: TeamOverrides): void {
    addOverrides(this.overrides, overrides);
  }

  private place(row: TeamRow): void {
    if (row.rep !== undefined) row.rep = this.aliases.get(row.rep) ?? row.rep;
    onRoster(row, this.roster, this.overrides);
  }

  /** Names `file` among the exports with overridden teams when its rows added some. */
  private noteOverrides(file: string): void {
    let rows = 0;
    for (const o of this.overrides.values()) for (const n of o.named.values()) rows += n;
    if (rows > this.overriddenRows && !this.overridden.includes(file)) this.overridden.push(file);
    this.overriddenRows = rows;
  }

  /** After the last row of one export: its mismatches join its problems and the run's checks. */
  settle(data: { file: string; problems: Problem[]; problemCount: number }): void {
    const rec = reconcileRoster(this.seen, this.teams.rows, { data: data.file, roster: this.teams.file }, { idle: false });
    this.ctx.refuse([rosterMismatch(rec, { data: data.file, roster: this.teams.file })]);
    this.seen.clear();
    data.problems.push(...rec.problems);
    data.problemCount += rec.problems.length;
    this.ctx.addChecks(rec.checks);
    for (const rep of rec.used) this.used.add(rep);
    for (const rep of rec.nearMissed) this.nearMissed.add(rep);
    if (!this.files.includes(data.file)) this.files.push(data.file);
    this.noteOverrides(data.file);
    this.restate();
  }

  /** Replaces the idle reps and team overrides said so far by those standing after the exports read so far. */
  private restate(): void {
    const { teams, ctx } = this;
    const was = new Set<unknown>([...this.standing.problems, ...this.standing.checks]);
    teams.problems.splice(0, teams.problems.length, ...teams.problems.filter((p) => !was.has(p)));
    teams.problemCount -= this.standing.problems.length;
    ctx.checks.splice(0, ctx.checks.length, ...ctx.checks.filter((c) => !was.has(c)));
    const idle = this.files.length ? idleReport(teams.rows, this.used, this.nearMissed, { data: this.files, roster: teams.file }) : { problems: [], checks: [] };
    const overridden = teamOverrideCheck(this.overrides, { data: this.overridden, roster: teams.file });
    this.standing = { problems: idle.problems, checks: [...idle.checks, ...(overridden ? [overridden] : [])] };
    teams.problems.push(...this.standing.problems);
    teams.problemCount += this.standing.problems.length;
    ctx.addChecks(this.standing.checks);
  }
}

/**
 * Reads one export as the given kind with the run's settings, vets it (ctx.admit), and matches it to the roster when given.
 * `fresh` decides from the rows whether the export's age is vetted; by default, as the command needs.
 */
export async function load<K extends Kind>(
  ctx: Context,
  file: string,
  kind: K,
  flags: ReadFlags = {},
  roster?: RosterMatch,
  fresh?: (rows: readonly RowOf<K>[]) => boolean,
): Promise<Dataset<K>> {
  const data = await readDataset(file, { ...ctx.readOptions(flags), kind });
  ctx.admit(data, fresh ? ctx.needsFreshData && fresh(data.rows) : undefined);
  roster?.matchAll(data);
  return data;
}

/**
 * Streams a big export (activities) row by row with the run's settings, vets it (ctx.admit), and matches it to the roster when given.
 * With a sink, a large CSV's later pieces are consumed on their threads (the sink renames their reps by the roster itself).
 */
export async function stream<K extends Kind>(
  ctx: Context,
  file: string,
  kind: K,
  flags: ReadFlags,
  onRow: (row: RowOf<K>) => void,
  roster?: RosterMatch,
  sink?: PieceSink,
): Promise<DatasetInfo & { kind: K }> {
  const seen = roster
    ? (row: RowOf<K>) => {
        roster.see(row as { rep?: string });
        onRow(row);
      }
    : onRow;
  const info = await streamDataset(file, { ...ctx.readOptions(flags), kind, sink }, seen);
  ctx.admit(info);
  roster?.settle(info);
  return info;
}

export interface Loaded<K extends Kind> {
  data: Dataset<K>;
  roster: Roster;
  /** the --team roster, to match the run's other exports against */
  match?: RosterMatch;
  /** every dataset read, for problem counts and --strict */
  sources: Dataset<Kind>[];
}

/** Reads an export and, with --team, reconciles its reps with the roster and joins each rep's team and region. */
export async function loadWithRoster<K extends 'deals' | 'activities' | 'leads'>(
  ctx: Context,
  file: string,
  kind: K,
  flags: ReadFlags & { team?: string },
): Promise<Loaded<K>> {
  const { teams, match } = await rosterMatch(ctx, flags);
  return joined(await load(ctx, file, kind, flags, match), teams, match);
}

/**
 * The deals export of a command that reads it as of --as-of (forecast and every planning command, backtest,
 * accuracy): read like any export, and the as-of reading's assumption about deals without a created date
 * said first (the core reads the rows as of each date it plans at, `dealsAsOf`).
 */
export async function loadDealsAsOf(ctx: Context, file: string, flags: ReadFlags & { team?: string }): Promise<Loaded<'deals'>> {
  const loaded = await loadWithRoster(ctx, file, 'deals', flags);
  const check = unknownCreationCheck(loaded.data.file, loaded.data.rows, ctx.asOf);
  if (check) ctx.addChecks([check]);
  return loaded;
}

/** With --team, reconciles the reps of rows already read (a rebuilt export) with the roster and joins each rep's team and region. */
export async function joinRoster<K extends 'deals' | 'activities' | 'leads'>(ctx: Context, data: Dataset<K>, flags: ReadFlags & { team?: string }): Promise<Loaded<K>> {
  const { teams, match } = await rosterMatch(ctx, flags);
  match?.matchAll(data);
  return joined(data, teams, match);
}

async function rosterMatch(ctx: Context, flags: { team?: string }): Promise<{ teams: Dataset<'teams'> | null; match?: RosterMatch }> {
  const teams = flags.team ? await load(ctx, flags.team, 'teams') : null;
  return { teams, match: teams ? new RosterMatch(ctx, teams) : undefined };
}

function joined<K extends 'deals' | 'activities' | 'leads'>(data: Dataset<K>, teams: Dataset<'teams'> | null, match: RosterMatch | undefined): Loaded<K> {
  // The rows took the roster's names and teams as they were matched.
  const roster = match?.roster ?? rosterOf([]);
  return { data, roster, match, sources: teams ? [data, teams] : [data] };
}

/** An earlier export compared with the current one (--previous): old by design, it is vetted like any input except for its age. */
export async function loadEarlier(ctx: Context, file: string, flags: ReadFlags): Promise<Dataset<'deals'>> {
  return load(ctx, file, 'deals', flags, undefined, () => false);
}
