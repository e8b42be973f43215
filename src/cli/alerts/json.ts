import { formatLocal, isoDate } from '../../core/calendar.js';
import type { Decision } from '../../core/alerts/index.js';
import { tr, type Lang } from '../../core/i18n.js';

/** One line of --format json / one CSV row: the decision with its condition in the run's language. */
export function record(lang: Lang, asOf: number, d: Decision): Record<string, unknown> {
  const c = d.condition;
  if (!c) return { asOf: isoDate(asOf), event: d.event, key: d.key, rule: d.memory?.rule };
  return {
    asOf: isoDate(asOf),
    event: d.event,
    key: c.key,
    rule: c.rule,
    severity: c.severity,
    magnitude: c.magnitude,
    since: formatLocal(c.since),
    team: c.team ?? null,
    region: c.region ?? null,
    rep: c.rep ?? null,
    recipients: c.recipients.map((r) => ({ role: r.role, name: r.name, email: r.email ?? null, webhook: r.webhook ? true : false })),
    title: tr(lang, c.title),
    details: c.details.map((b) => tr(lang, b)),
    action: tr(lang, c.action),
    numbers: c.numbers,
  };
}
