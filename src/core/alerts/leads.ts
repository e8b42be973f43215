import { formatLocal, MS_PER_HOUR } from '../calendar.js';
import { bi, nounCount } from '../i18n.js';
import type { Lead } from '../../schema/rows.js';
import type { AlertsConfig } from '../../schema/config/alerts.js';
import { repAndManager, type Routing } from './routing.js';
import type { AlertCondition } from './types.js';
import { compareText } from '../values/text.js';

export interface OverdueLead {
  id: string;
  customer?: string;
  assignedAt: number;
  hours: number;
  row: number;
}

/** A lead the follow-up rule can judge: it has an owner and an assignment time. */
export const judgeable = (l: Lead): l is Lead & { rep: string; assigned_at: number } => l.rep !== undefined && l.assigned_at !== undefined;

/**
 * Leads assigned more than `maxHours` before `asOf` with no follow-up before `asOf`: neither a first
 * contact in the leads export nor an activity about the lead other than its assignment.
 */
export function overdueLeads(leads: readonly Lead[], followUps: ReadonlyMap<string, number>, asOf: number, maxHours: number): Map<string, OverdueLead[]> {
  const out = new Map<string, OverdueLead[]>();
  for (const l of leads) {
    if (!judgeable(l) || l.assigned_at >= asOf) continue;
    const contacts = [l.first_contact_at, followUps.get(l.id)].filter((t): t is number => t !== undefined && t < asOf);
    if (contacts.length > 0) continue;
    const hours = (asOf - l.assigned_at) / MS_PER_HOUR;
    if (hours <= maxHours) continue;
    const list = out.get(l.rep) ?? [];
    list.push({ id: l.id, customer: l.customer, assignedAt: l.assigned_at, hours, row: l.row });
    out.set(l.rep, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.assignedAt - b.assignedAt || compareText(a.id, b.id));
  return out;
}

export function leadAlerts(
  leads: readonly Lead[],
  followUps: ReadonlyMap<string, number>,
  asOf: number,
  cfg: AlertsConfig['leadFollowUp'],
  routing: Routing,
): AlertCondition[] {
  const out: AlertCondition[] = [];
  const byRep = overdueLeads(leads, followUps, asOf, cfg.maxHours);
  for (const [rep, list] of [...byRep].sort(([a], [b]) => compareText(a, b))) {
    const lead = leads.find((l) => l.rep === rep && (l.team !== undefined || l.region !== undefined));
    const recipients = repAndManager(routing, rep, lead?.team, lead?.region);
    const member = routing.roster.find((m) => m.rep === rep);
    const n = list.length;
    const oldest = Math.floor(list[0].hours);
    out.push({
      key: `lead-follow-up:rep=${rep}`,
      rule: 'lead-follow-up',
      rep,
      team: lead?.team ?? member?.team,
      region: lead?.region ?? member?.region,
      severity: list.some((l) => l.hours >= cfg.criticalHours) ? 'critical' : 'warning',
      magnitude: n,
      worsenBy: cfg.worsenBy,
      since: list[0].assignedAt + cfg.maxHours * MS_PER_HOUR,
      title: bi(
        `${rep}: ${nounCount(n, 'lead')} without follow-up for more than ${cfg.maxHours} hours`,
        `${rep}：${n} 条线索分配后超过 ${cfg.maxHours} 小时未跟进`,
      ),
      details: list.slice(0, 10).map((l) =>
        bi(
          `${l.id}${l.customer ? ` ${l.customer}` : ''}: assigned ${formatLocal(l.assignedAt)}, ${Math.floor(l.hours)} h without follow-up`,
          `${l.id}${l.customer ? ` ${l.customer}` : ''}：${formatLocal(l.assignedAt)} 分配，已 ${Math.floor(l.hours)} 小时未跟进`,
        ),
      ).concat(n > 10 ? [bi(`… and ${n - 10} more`, `… 另有 ${n - 10} 条`)] : []),
      action: bi(
        `${rep}: contact these leads today (oldest waiting ${oldest} h); each one left over ${cfg.maxHours} h costs 10 behaviour points.`,
        `${rep}：今天内联系这些线索（最久已等待 ${oldest} 小时）；超过 ${cfg.maxHours} 小时未跟进每条扣 10 分。`,
      ),
      recipients,
      numbers: {
        maxHours: cfg.maxHours,
        leads: list.map((l) => ({ id: l.id, customer: l.customer ?? null, assignedAt: formatLocal(l.assignedAt), hours: Math.floor(l.hours), row: l.row })),
      },
    });
  }
  return out;
}
