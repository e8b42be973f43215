import type { TeamMember } from '../schema/rows.js';
import { bi, type Bi } from './i18n.js';

export type Roster = Map<string, TeamMember>;

export const rosterOf = (members: readonly TeamMember[]): Roster => new Map(members.map((m) => [m.rep, m]));

/** The rows whose team the roster overrode (`onRoster`), by rep: the roster's team, and how many rows named each other team. */
export type TeamOverrides = Map<string, { roster: string; named: Map<string, number> }>;

/**
 * Puts a row of a roster rep in the roster's team and region, as the forecast groups reps: the roster wins
 * over the export, so every command rolls a rep up under the same team (score, evaluate, audit and the lead
 * alerts kept an export's own team, and an export naming its teams otherwise — 华东 where the roster says
 * East — split one team in two or routed an alert to nobody). The roster's team is its team, else its
 * region: beside a roster of regional offices (Maven's) an export's team would split a region the forecast
 * keeps whole. A rep not on the roster, or on it without a team or region, keeps the row's. Rows named by
 * an alias must be renamed first. A row that named a team other than the roster's is tallied in `overrides`.
 */
export function onRoster(row: { rep?: string; team?: string; region?: string }, roster: Roster, overrides?: TeamOverrides): void {
  const m = row.rep === undefined ? undefined : roster.get(row.rep);
  const team = m?.team ?? m?.region;
  if (m === undefined || team === undefined) return;
  // What the row names at the roster's level: its team, or its region where the roster names regions only.
  const named = row.team ?? (m.team === undefined ? row.region : undefined);
  // A team the export spells in another case (east, East) is the same team: only its spelling is the roster's.
  if (overrides && named !== undefined && named.toLowerCase() !== team.toLowerCase()) {
    const o = overrides.get(m.rep) ?? overrides.set(m.rep, { roster: team, named: new Map() }).get(m.rep)!;
    o.named.set(named, (o.named.get(named) ?? 0) + 1);
  }
  if (m.team !== undefined) row.team = m.team;
  else delete row.team;
  if (m.region !== undefined) row.region = m.region;
}

/** Adds the overrides a reading thread tallied to the run's. */
export function addOverrides(into: TeamOverrides, from: TeamOverrides): void {
  for (const [rep, o] of from) {
    const mine = into.get(rep) ?? into.set(rep, { roster: o.roster, named: new Map() }).get(rep)!;
    for (const [team, n] of o.named) mine.named.set(team, (mine.named.get(team) ?? 0) + n);
  }
}

/**
 * The roster's teams that are an export's team under another name (`onRoster` put every row the export
 * named Y in roster team X, and every row of X came from Y: 华东 is East): roster team → the export's name.
 * An alert remembered under the export's name goes on under the roster's (groupLabel's `former`) rather than
 * resolving and being raised anew when a run adds --team. A team the roster split or merged, or whose rows
 * partly named it already, is no rename. `rows`: every row the overrides were tallied on, as placed.
 */
export function teamRenames(overrides: TeamOverrides, rows: readonly { team?: string; region?: string }[]): Map<string, string> {
  const named = new Map<string, Map<string, number>>(); // roster team → export team → rows
  for (const o of overrides.values()) {
    const to = named.get(o.roster) ?? named.set(o.roster, new Map()).get(o.roster)!;
    for (const [from, n] of o.named) to.set(from, (to.get(from) ?? 0) + n);
  }
  const placed = new Map<string, number>();
  for (const r of rows) placed.set(teamOf(r), (placed.get(teamOf(r)) ?? 0) + 1);
  const rosterTeamsOf = new Map<string, number>(); // export team → how many roster teams took its rows
  for (const to of named.values()) for (const from of to.keys()) rosterTeamsOf.set(from, (rosterTeamsOf.get(from) ?? 0) + 1);
  const out = new Map<string, string>();
  for (const [team, to] of named) {
    const [from, n] = [...to][0];
    if (to.size === 1 && n === placed.get(team) && rosterTeamsOf.get(from) === 1 && !placed.has(from)) out.set(team, from);
  }
  return out;
}

/** The team-level group of rows that name neither a team nor a region. */
export const NO_TEAM = '—';

/** The group a row belongs to for team-level reports: its team, else its region, else NO_TEAM. */
export const teamOf = (row: { team?: string; region?: string }): string => row.team ?? row.region ?? NO_TEAM;

/**
 * How an alert names and keys a team-level group: NO_TEAM is the company when it is the only group, else
 * "deals without a team" — keyed by what it is, not by the "—" reports print for it (alerts remembered
 * under that key are found by `formerKey`). `former`: the export's name for a roster team (teamRenames),
 * the key alerts were remembered under by runs without the roster.
 */
export function groupLabel(group: string, groups: number, former?: string): { who: Bi; key: string; formerKey?: string } {
  if (group !== NO_TEAM) return { who: bi(group, group), key: `team=${group}`, ...(former !== undefined ? { formerKey: `team=${former}` } : {}) };
  const only = groups === 1;
  return { who: only ? bi('Company', '公司') : bi('Deals without a team', '未分团队的订单'), key: only ? 'company' : 'no-team', formerKey: `team=${NO_TEAM}` };
}
