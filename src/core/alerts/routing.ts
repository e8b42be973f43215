import type { TeamMember } from '../../schema/rows.js';
import type { Route } from '../../schema/config/alerts.js';
import type { Recipient } from './types.js';

export interface Routing {
  routes: readonly Route[];
  roster: readonly TeamMember[];
}

const firstDefined = <T>(values: (T | undefined)[]): T | undefined => values.find((v) => v !== undefined);

/**
 * Where a manager is reached: the config route, else a manager_webhook / manager_email column on their
 * reps' rows, else the manager's own roster row. A rep's `webhook` column is that rep's robot: it reaches
 * the manager only when every one of the manager's rows names the same one (a team robot, two rows or more).
 */
function managerContact(routing: Routing, name: string, rows: readonly TeamMember[], route: Route | undefined): Pick<Recipient, 'email' | 'webhook'> {
  const own = routing.roster.find((m) => m.rep === name);
  const hooks = [...new Set(rows.map((m) => m.webhook))];
  const teamRobot = rows.length >= 2 && hooks.length === 1 ? hooks[0] : undefined;
  return {
    email: route?.email ?? firstDefined(rows.map((m) => m.manager_email)) ?? own?.rep_email,
    webhook: route?.webhook ?? firstDefined(rows.map((m) => m.manager_webhook)) ?? own?.manager_webhook ?? own?.webhook ?? teamRobot,
  };
}

/** A manager's own row in their team (naming their own manager) is how to reach them, not one more rep. */
const reps = (rows: readonly TeamMember[]): TeamMember[] => {
  const managers = new Set(rows.map((m) => m.manager));
  return rows.filter((m) => !managers.has(m.rep));
};

/**
 * The managers of a team or region: a config route for the team, else one for the region, else every
 * distinct manager of the roster (--team) rows of that team, else of that region. Config wins field by
 * field; the roster fills the gaps.
 */
export function managersFor(routing: Routing, team: string | undefined, region: string | undefined): Recipient[] {
  const route =
    (team !== undefined ? routing.routes.find((r) => r.team === team) : undefined) ??
    (region !== undefined ? routing.routes.find((r) => r.region === region && r.team === undefined) : undefined);
  const byTeam = team !== undefined ? reps(routing.roster.filter((m) => m.team === team)) : [];
  const members = byTeam.length > 0 ? byTeam : region !== undefined ? reps(routing.roster.filter((m) => m.region === region)) : [];
  const names = route ? [route.manager] : [...new Set(members.map((m) => m.manager).filter((n): n is string => n !== undefined))];
  return names.map((name) => ({
    role: 'manager',
    name,
    ...managerContact(
      routing,
      name,
      members.filter((m) => m.manager === name),
      route,
    ),
    style: route?.style,
  }));
}

/** The rep (reached through their own roster row only) and their manager(s). */
export function repAndManager(routing: Routing, rep: string, team?: string, region?: string): Recipient[] {
  const member = routing.roster.find((m) => m.rep === rep);
  const all = managersFor(routing, team ?? member?.team, region ?? member?.region);
  // A rep's own roster row names their manager: only that one, when the team has several.
  const managers = member?.manager && all.some((m) => m.name === member.manager) ? all.filter((m) => m.name === member.manager) : all;
  const self: Recipient = { role: 'rep', name: rep, email: member?.rep_email, webhook: member?.webhook, style: managers[0]?.style };
  return [self, ...managers];
}

/** The manager(s) of a rep, for rules that alert the manager only. */
export const managersOfRep = (routing: Routing, rep: string, team?: string, region?: string): Recipient[] =>
  repAndManager(routing, rep, team, region).slice(1);
