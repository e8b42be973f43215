import type { Kind } from '../schema/rows.js';
import { rosterOf, withRoster, type Roster } from '../core/teams.js';
import { readDataset, type Dataset } from '../io/read.js';
import type { ReadFlags } from './common.js';
import type { Context } from './context.js';

/** Reads one export as the given kind with the run's settings. */
export const load = <K extends Kind>(ctx: Context, file: string, kind: K, flags: ReadFlags = {}): Promise<Dataset<K>> =>
  readDataset(file, { ...ctx.readOptions(flags), kind });

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
  const data = await load(ctx, file, kind, flags);
  const teams = flags.team ? await load(ctx, flags.team, 'teams') : null;
  const roster = rosterOf(teams?.rows ?? []);
  withRoster(data.rows as { rep: string; team?: string; region?: string }[], roster);
  return { data, roster, sources: teams ? [data, teams] : [data] };
}
