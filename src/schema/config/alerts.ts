import { z } from 'zod';

const enabled = z.boolean().default(true).describe('Evaluate this rule');
const weeks = (d: number, what: string) => z.number().int().min(1).max(52).default(d).describe(what);

export const WEBHOOK_STYLES = ['auto', 'generic', 'dingtalk', 'wecom', 'feishu'] as const;
export type WebhookStyle = (typeof WEBHOOK_STYLES)[number];

const style = z
  .enum(WEBHOOK_STYLES)
  .describe('Payload style: generic JSON, DingTalk robot, WeCom robot, Feishu bot; auto = by the URL host (oapi.dingtalk.com, qyapi.weixin.qq.com, open.feishu.cn / open.larksuite.com), else generic');

const RouteSchema = z
  .object({
    team: z.string().min(1).optional().describe('Matches alerts about this team (and reps in it)'),
    region: z.string().min(1).optional().describe('Matches alerts about this region (and reps in it) when no team entry matches'),
    manager: z.string().min(1).describe('Manager who receives the alerts'),
    email: z.string().min(1).optional().describe("Manager's e-mail address: --notify mails the alert there when SMTP is configured (alerts.email or PERF_SMTP_URL)"),
    webhook: z.string().url().optional().describe('Robot/webhook URL that --notify posts to'),
    style: style.optional(),
  })
  .strict()
  .refine((r) => r.team !== undefined || r.region !== undefined, { message: 'a route needs a team or a region' });
export type Route = z.infer<typeof RouteSchema>;

export const AlertsConfigSchema = z
  .object({
    newCustomerGrowth: z
      .object({
        enabled,
        minGrowth: z
          .number()
          .default(0.05)
          .describe('Growth of new customers signed in the window ending a week, against the window before it, below this ratio makes a weak week (0.05 = 5%)'),
        windowWeeks: weeks(4, 'Rolling window: each complete ISO week is judged on the new customers of the last this-many weeks against the same number of weeks before them (1 = plain week over week)'),
        minBase: z
          .number()
          .int()
          .min(1)
          .default(4)
          .describe('Fewer new customers than this in the base period (the window before) is "not enough data": the week is not judged'),
        consecutiveWeeks: weeks(2, 'Alert after this many consecutive weak complete ISO weeks'),
        groupBy: z.enum(['team', 'region']).default('team').describe('Count new customers per team or per region'),
        criticalWeeks: weeks(4, 'A streak this long is critical (sent again once when it becomes critical; a longer streak alone is re-sent only after the quiet period)'),
      })
      .prefault({}),
    leadFollowUp: z
      .object({
        enabled,
        maxHours: z.number().positive().default(48).describe('A lead assigned longer ago than this without any follow-up is overdue'),
        criticalHours: z.number().positive().default(96).describe('A lead waiting this long makes the alert critical'),
        worsenBy: z.number().positive().default(1).describe('Re-send at once when this many more leads are overdue'),
      })
      .prefault({}),
    touches: z
      .object({
        enabled,
        types: z
          .array(z.enum(['call', 'visit', 'email', 'demo', 'needs_analysis', 'objection_log', 'revisit', 'other']))
          .min(1)
          .default(['call', 'visit', 'email'])
          .describe('Activity types that count as a customer touch'),
        minPerWeek: z.number().min(0).default(8).describe('KBI: touches per ISO week'),
        consecutiveWeeks: weeks(2, 'Alert after this many consecutive complete weeks below the KBI'),
        criticalWeeks: weeks(4, 'A streak this long is critical'),
        worsenBy: z.number().positive().default(1).describe('Re-send at once when the streak grows by this many weeks'),
      })
      .prefault({}),
    pacing: z
      .object({
        enabled,
        floor: z.number().positive().default(0.85).describe("Band floor: alert when projected quarter attainment is below target × this (the article's −15%)"),
        criticalFloor: z.number().positive().default(0.7).describe('Projected attainment below target × this is critical'),
        worsenBy: z.number().positive().default(0.05).describe('Re-send at once when projected attainment drops by this much more (0.05 = 5 points)'),
      })
      .prefault({}),
    routing: z.array(RouteSchema).default([]).describe('Team/region → manager, email, webhook, style; --team teams.csv fills what is missing'),
    quietDays: z.number().int().min(0).default(7).describe('An unchanged alert is re-sent after this many days (0 = every run)'),
    delivery: z
      .object({
        style: style.default('auto'),
        format: z.enum(['markdown', 'text']).default('markdown').describe('markdown (Feishu: post) or plain text messages'),
        timeoutMs: z.number().int().positive().default(10_000).describe('Timeout of one HTTP POST'),
        retries: z.number().int().min(0).max(10).default(3).describe('Retries within a run after a failed POST'),
        backoffMs: z.number().int().min(0).default(1000).describe('First retry delay; doubles on each retry'),
        deadlineMs: z
          .number()
          .int()
          .positive()
          .default(60_000)
          .describe('All deliveries of one run (webhooks and e-mail, sent concurrently) end by this deadline; what is not accepted by then stays pending for the next run'),
        concurrency: z.number().int().min(1).max(64).default(8).describe('Deliveries in flight at once'),
      })
      .prefault({}),
    email: z
      .object({
        host: z.string().min(1).optional().describe('SMTP server; PERF_SMTP_URL (smtp://user@host:587, smtps://user@host:465) overrides host, port, security and user'),
        port: z.number().int().min(1).max(65535).optional().describe('SMTP port (default 587, or 465 with security tls)'),
        security: z
          .enum(['starttls', 'tls', 'none'])
          .default('starttls')
          .describe('starttls: upgrade the connection and refuse to send without TLS; tls: TLS from the start (port 465); none: plain (a relay on localhost only)'),
        user: z.string().min(1).optional().describe('SMTP login; the password is read from the PERF_SMTP_PASSWORD environment variable only, never from this file'),
        from: z.string().min(1).optional().describe('Sender address (default: the login, else sales-perf@localhost)'),
      })
      .strict()
      .prefault({})
      .describe('E-mail delivery of alerts to the e-mail columns of --team and the routes (with --notify)'),
  })
  .prefault({});

export type AlertsConfig = z.infer<typeof AlertsConfigSchema>;
