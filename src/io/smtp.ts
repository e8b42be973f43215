// nodemailer is loaded only when a mail is sent: it is ~60 modules every other run would pay for at start-up.
import type { Transporter } from 'nodemailer';
import type { AlertsConfig } from '../schema/config/alerts.js';
import { EXIT, PerfError } from '../core/errors.js';
import { bi } from '../core/i18n.js';
import { withRetries, type Attempt, type PostPolicy, type PostResult } from './notify.js';

export type SmtpSecurity = AlertsConfig['email']['security'];

export interface SmtpSettings {
  host: string;
  port: number;
  security: SmtpSecurity;
  user?: string;
  password?: string;
  from: string;
}

const SECURITIES: readonly SmtpSecurity[] = ['starttls', 'tls', 'none'];

/**
 * The SMTP server alerts are mailed through: PERF_SMTP_URL (smtp://user@host:587, smtps://user@host:465,
 * ?security=none for a plain relay) else alerts.email in the config; null when neither names a host.
 * The password comes from the environment only: PERF_SMTP_PASSWORD, or the URL's own user info.
 */
export function smtpSettings(cfg: AlertsConfig['email'], env: NodeJS.ProcessEnv = process.env): SmtpSettings | null {
  const raw = env.PERF_SMTP_URL;
  let host = cfg.host;
  let security = cfg.security;
  let port = cfg.port;
  let user = cfg.user;
  let password = env.PERF_SMTP_PASSWORD || undefined;
  if (raw) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      url = new URL('invalid:');
    }
    const wanted = url.searchParams.get('security');
    if ((url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || url.hostname === '' || (wanted !== null && !SECURITIES.includes(wanted as SmtpSecurity)))
      throw new PerfError(
        EXIT.usage,
        bi(
          'PERF_SMTP_URL must look like smtp://user@host:587 or smtps://user@host:465 (optionally ?security=starttls|tls|none)',
          'PERF_SMTP_URL 应形如 smtp://user@host:587 或 smtps://user@host:465（可加 ?security=starttls|tls|none）',
        ),
      );
    host = url.hostname;
    security = (wanted as SmtpSecurity | null) ?? (url.protocol === 'smtps:' ? 'tls' : 'starttls');
    port = url.port ? Number(url.port) : undefined;
    if (url.username) user = decodeURIComponent(url.username);
    if (url.password) password = decodeURIComponent(url.password);
  }
  if (host === undefined) return null;
  if (user !== undefined && password === undefined)
    throw new PerfError(
      EXIT.usage,
      bi(
        `SMTP login "${user}" has no password: set PERF_SMTP_PASSWORD in the environment (the config file never holds it)`,
        `SMTP 账号"${user}"没有密码：请设置环境变量 PERF_SMTP_PASSWORD（配置文件中不保存密码）`,
      ),
    );
  const from = cfg.from ?? (user?.includes('@') ? user : 'sales-perf@localhost');
  return { host, port: port ?? (security === 'tls' ? 465 : 587), security, user, password, from };
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** One transport per run: a connection per message, each bounded by the per-message timeout. */
export async function mailer(s: SmtpSettings, timeoutMs: number): Promise<Transporter> {
  const { createTransport } = await import('nodemailer');
  return createTransport({
    host: s.host,
    port: s.port,
    secure: s.security === 'tls',
    requireTLS: s.security === 'starttls',
    ignoreTLS: s.security === 'none',
    auth: s.user !== undefined ? { user: s.user, pass: s.password } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    logger: false,
  });
}

/**
 * Sends one mail, retrying after connection errors and 4xx answers with doubling backoff (a 5xx answer is
 * final). Accepted means the server took the message for every recipient; the deadline cuts it short.
 */
export function sendMail(transport: Transporter, from: string, m: MailMessage, policy: PostPolicy, deadline?: AbortSignal): Promise<PostResult> {
  return withRetries(policy, deadline, async (): Promise<Attempt> => {
    try {
      const stop = new Promise<never>((_, reject) => deadline?.addEventListener('abort', () => reject(deadline.reason), { once: true }));
      const info = await Promise.race([transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text }), stop]);
      return (info.rejected ?? []).length === 0 ? { ok: true } : { ok: false, error: `rejected: ${info.response}`, final: false };
    } catch (e) {
      const err = e as Error & { responseCode?: number; code?: string };
      if (err.responseCode) return { ok: false, error: `SMTP ${err.responseCode}: ${err.message}`, final: err.responseCode >= 500 };
      return { ok: false, error: err.code ?? err.message, final: false };
    }
  });
}
