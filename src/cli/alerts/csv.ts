import type { Decision } from '../../core/alerts/index.js';
import { recipientText } from '../../core/alerts/message.js';
import type { Lang } from '../../core/i18n.js';
import { record } from './json.js';

/** `-o alerts.csv`: one row per decision, the JSON record flattened (recipients and details joined). */
export const CSV_COLUMNS = ['asOf', 'event', 'severity', 'rule', 'key', 'team', 'region', 'rep', 'recipients', 'since', 'title', 'details', 'action'].map((key) => ({
  key,
  header: key,
}));

export const csvRows = (lang: Lang, asOf: number, decisions: Decision[]): Record<string, unknown>[] =>
  decisions.map((d) => {
    const r = record(lang, asOf, d);
    const rs = (d.condition?.recipients ?? []).map((x) => recipientText(lang, x));
    return { ...r, recipients: rs.join('; '), details: ((r.details as string[] | undefined) ?? []).join('; ') };
  });
