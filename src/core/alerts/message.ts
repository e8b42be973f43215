import { formatLocal } from '../calendar.js';
import { bi, labelled, tr, type Bi, type Lang } from '../i18n.js';
import type { AlertEvent } from './plan.js';
import type { AlertCondition, Recipient } from './types.js';

export const EVENT_LABEL: Record<AlertEvent, Bi> = {
  raised: bi('NEW', '新预警'),
  worsened: bi('WORSENED', '恶化'),
  repeated: bi('REMINDER', '再次提醒'),
  ongoing: bi('ONGOING', '持续中'),
  resolved: bi('RESOLVED', '已解除'),
};

export const SEVERITY_LABEL = { warning: bi('warning', '警告'), critical: bi('critical', '严重') } as const;

const ROLE: Record<Recipient['role'], Bi> = { manager: bi('manager', '经理'), rep: bi('rep', '销售') };

export const recipientText = (lang: Lang, r: Recipient): string => {
  const about = `${tr(lang, ROLE[r.role])}${r.email ? `${lang === 'zh' ? '，' : ', '}${r.email}` : ''}`;
  return lang === 'zh' ? `${r.name}（${about}）` : `${r.name} (${about})`;
};

export interface AlertMessage {
  /** "[NEW · warning] East: new-customer growth below 5% for 2 consecutive weeks" */
  title: string;
  /** To / since / the numbers / the suggested action, one line each */
  lines: string[];
}

/** The alert as a reader sees it, in one language: what, who, since when, the numbers, the action. */
export function alertMessage(c: AlertCondition, event: AlertEvent, lang: Lang): AlertMessage {
  const t = (b: Bi) => tr(lang, b);
  const to = c.recipients.length ? c.recipients.map((r) => recipientText(lang, r)).join(lang === 'zh' ? '、' : ', ') : t(bi('no manager routed', '未配置接收经理'));
  return {
    title: `[${t(EVENT_LABEL[event])} · ${t(SEVERITY_LABEL[c.severity])}] ${t(c.title)}`,
    lines: [
      labelled(lang, t(bi('To', '接收人')), to),
      labelled(lang, t(bi('Since', '起始')), formatLocal(c.since)),
      ...c.details.map(t),
      labelled(lang, t(bi('Action', '建议行动')), t(c.action)),
    ],
  };
}
