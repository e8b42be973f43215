import type { Kind, RowOf } from '../schema/rows.js';
import { reconcileRoster } from '../core/checks/roster.js';
import { rosterOf, withRoster, type Roster } from '../core/teams.js';
import { readDataset, streamDataset, type Dataset, type DatasetInfo } from '../io/read.js';
import type { ReadFlags } from './common.js';
import type { Context } from './context.js';

/** Reads one export as the given kind with the run's settings, and vets it (ctx.admit). */
export async function load<K extends Kind>(ctx: Context, file: string, kind: K, flags: ReadFlags = {}): Promise<Dataset<K>> {
  const data = await readDataset(file, { ...ctx.readOptions(flags), kind });
  ctx.admit(data);
  return data;
}

/** Streams a big export (activities) row by row with the run's settings, and vets it (ctx.admit). */
export async function stream<K extends Kind>(ctx: Context, file: string, kind: K, flags: ReadFlags, onRow: (row: RowOf<K>) => void): Promise<DatasetInfo & { kind: K }> {
  const info = await streamDataset(file, { ...ctx.readOptions(flags), kind }, onRow);
  ctx.admit(info);
  return info;
}

export interface Loaded<K extends Kind> {
  data: Dataset<K>;
  roster: Roster;
  /** every dataset read, for problem counts and --strict */
  sources: Dataset<Kind>[];
}

/** Reads an export and, with --team, joins each rep's team and region from the roster. */
export async function loadWithRoster<K extends 'deals' | 'activities' | 'leads'>(
  ctx: Context,
  file: string,
  kind: K,
  flags: ReadFlags & { team?: string },
): Promise<Loaded<K>> {
  return joinRoster(ctx, await load(ctx, file, kind, flags), flags);
}

/** With --team, joins each rep's team and region from the roster to rows already read. */
export async function joinRoster<K extends 'deals' | 'activities' | 'leads'>(ctx: Context, data: Dataset<K>, flags: ReadFlags & { team?: string }): Promise<Loaded<K>> {
  const teams = flags.team ? await load(ctx, flags.team, 'teams') : null;
  if (teams) {
    // Every run says how the data's names meet the roster; only the roster's own aliases rename.
    const rec = reconcileRoster(
      data.rows.map((r) => r.rep).filter((r): r is string => r !== undefined),
      teams.rows,
      { data: data.file, roster: teams.file },
    );
    for (const r of data.rows as { rep?: string }[]) if (r.rep !== undefined) r.rep = rec.renames.get(r.rep) ?? r.rep;
    teams.problems.push(...rec.problems);
    teams.problemCount += rec.problems.length;
    ctx.checks.push(...rec.checks);
  }
  const roster = rosterOf(teams?.rows ?? []);
  withRoster(data.rows as { rep: string; team?: string; region?: string }[], roster);
  return { data, roster, sources: teams ? [data, teams] : [data] };
}

/** An earlier export compared with the current one (--previous): old by design, it is vetted like any input except for its age. */
export async function loadEarlier(ctx: Context, file: string, flags: ReadFlags): Promise<Dataset<'deals'>> {
  const fresh = ctx.needsFreshData;
  ctx.needsFreshData = false;
  try {
    return await load(ctx, file, 'deals', flags);
  } finally {
    ctx.needsFreshData = fresh;
  }
}
