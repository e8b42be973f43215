import type { TeamMember } from '../../schema/rows.js';
import type { Route } from '../../schema/config/alerts.js';
import type { Recipient } from './types.js';

export interface Routing {
  routes: readonly Route[];
  roster: readonly TeamMember[];
}

const firstDefined = <T>(values: (T | undefined)[]): T | undefined => values.find((v) => v !== undefined);

/**
 * The manager of a team or region: a config route for the team, else one for the region, else the
 * roster (--team) rows of that team/region. Config wins field by field; the roster fills the gaps.
 */
export function managerFor(routing: Routing, team: string | undefined, region: string | undefined): Recipient | undefined {
  const route =
    (team !== undefined ? routing.routes.find((r) => r.team === team) : undefined) ??
    (region !== undefined ? routing.routes.find((r) => r.region === region && r.team === undefined) : undefined);
  const members = routing.roster.filter((m) =>
    team !== undefined ? m.team === team : region !== undefined && m.region === region,
  );
  const name = route?.manager ?? firstDefined(members.map((m) => m.manager));
  if (name === undefined) return undefined;
  const same = members.filter((m) => m.manager === name);
  return {
    role: 'manager',
    name,
    email: route?.email ?? firstDefined(same.map((m) => m.manager_email)),
    webhook: route?.webhook ?? firstDefined(same.map((m) => m.webhook)),
    style: route?.style,
  };
}

/** The rep (with the webhook of their roster row) and their manager. */
export function repAndManager(routing: Routing, rep: string, team?: string, region?: string): Recipient[] {
  const member = routing.roster.find((m) => m.rep === rep);
  const manager = managerFor(routing, team ?? member?.team, region ?? member?.region);
  const self: Recipient = { role: 'rep', name: rep, email: member?.rep_email, webhook: member?.webhook ?? manager?.webhook, style: manager?.style };
  return manager ? [self, manager] : [self];
}

export const managerOnly = (routing: Routing, team?: string, region?: string): Recipient[] => {
  const m = managerFor(routing, team, region);
  return m ? [m] : [];
};
