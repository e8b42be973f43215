import type { TeamMember } from '../schema/rows.js';
import { bi, type Bi } from './i18n.js';

export type Roster = Map<string, TeamMember>;

export const rosterOf = (members: readonly TeamMember[]): Roster => new Map(members.map((m) => [m.rep, m]));

/** Fills team and region from the roster where the export left them out; the export's own value wins. */
export function withRoster<T extends { rep: string; team?: string; region?: string }>(rows: T[], roster: Roster): T[] {
  if (roster.size === 0) return rows;
  for (const row of rows) {
    const m = roster.get(row.rep);
    if (!m) continue;
    if (row.team === undefined && m.team !== undefined) row.team = m.team;
    if (row.region === undefined && m.region !== undefined) row.region = m.region;
  }
  return rows;
}

/**
 * The rows with the roster's team and region where it gives them, as the forecast groups reps: the roster
 * wins over the export (copies; rows of reps not on it as they are). Alert rules grouped by team route to
 * the roster's managers: an export naming its teams otherwise (华东 where the roster says East) left a
 * new-customer alert with nobody to send it to.
 */
export function onRosterTeams<T extends { rep: string; team?: string; region?: string }>(rows: readonly T[], roster: Roster): readonly T[] {
  if (roster.size === 0) return rows;
  return rows.map((row) => {
    const m = roster.get(row.rep);
    return m && (m.team !== undefined || m.region !== undefined) ? { ...row, team: m.team ?? row.team, region: m.region ?? row.region } : row;
  });
}

/** The team-level group of rows that name neither a team nor a region. */
export const NO_TEAM = '—';

/** The group a row belongs to for team-level reports: its team, else its region, else NO_TEAM. */
export const teamOf = (row: { team?: string; region?: string }): string => row.team ?? row.region ?? NO_TEAM;

/**
 * How an alert names and keys a team-level group: NO_TEAM is the company when it is the only group, else
 * "deals without a team" — keyed by what it is, not by the "—" reports print for it (alerts remembered
 * under that key are found by `formerKey`).
 */
export function groupLabel(group: string, groups: number): { who: Bi; key: string; formerKey?: string } {
  if (group !== NO_TEAM) return { who: bi(group, group), key: `team=${group}` };
  const only = groups === 1;
  return { who: only ? bi('Company', '公司') : bi('Deals without a team', '未分团队的订单'), key: only ? 'company' : 'no-team', formerKey: `team=${NO_TEAM}` };
}
