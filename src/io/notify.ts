import type { Lang } from '../core/i18n.js';

export type PayloadStyle = 'generic' | 'dingtalk' | 'wecom' | 'feishu';
export type MessageFormat = 'markdown' | 'text';

export interface OutgoingMessage {
  title: string;
  lines: string[];
  lang: Lang;
  /** the alert itself, sent as-is by the generic style */
  alert: Record<string, unknown>;
}

/** The robot a URL belongs to, by host; anything else is a generic JSON webhook. */
export function detectStyle(url: string): PayloadStyle {
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    return 'generic';
  }
  if (host === 'oapi.dingtalk.com' || host.endsWith('.dingtalk.com')) return 'dingtalk';
  if (host === 'qyapi.weixin.qq.com') return 'wecom';
  if (host.endsWith('feishu.cn') || host.endsWith('larksuite.com')) return 'feishu';
  return 'generic';
}

// WeCom caps markdown content at 4096 bytes and text at 2048; DingTalk and Feishu allow more, but long
// chat messages are unread anyway: every style is trimmed to the WeCom text limit.
const MAX_BYTES = 2000;
const clip = (text: string): string => {
  if (Buffer.byteLength(text) <= MAX_BYTES) return text;
  let out = text;
  while (Buffer.byteLength(`${out}…`) > MAX_BYTES) out = out.slice(0, -1);
  return `${out}…`;
};

const plain = (m: OutgoingMessage) => clip([m.title, ...m.lines].join('\n'));

/**
 * The request body each service documents for its text / markdown message:
 * DingTalk robot {msgtype: text|markdown}, WeCom robot {msgtype: text|markdown}, Feishu custom bot
 * {msg_type: text|post}; generic: {text, title, lines, alert}.
 */
export function payloadFor(style: PayloadStyle, format: MessageFormat, m: OutgoingMessage): Record<string, unknown> {
  switch (style) {
    case 'dingtalk':
      return format === 'markdown'
        ? { msgtype: 'markdown', markdown: { title: m.title.slice(0, 64), text: clip([`#### ${m.title}`, ...m.lines.map((l) => `- ${l}`)].join('\n\n')) } }
        : { msgtype: 'text', text: { content: plain(m) } };
    case 'wecom':
      return format === 'markdown'
        ? { msgtype: 'markdown', markdown: { content: clip([`**${m.title}**`, ...m.lines.map((l) => `> ${l}`)].join('\n')) } }
        : { msgtype: 'text', text: { content: plain(m) } };
    case 'feishu':
      return format === 'markdown'
        ? {
            msg_type: 'post',
            content: { post: { [m.lang === 'zh' ? 'zh_cn' : 'en_us']: { title: m.title, content: m.lines.map((l) => [{ tag: 'text', text: clip(l) }]) } } },
          }
        : { msg_type: 'text', content: { text: plain(m) } };
    default:
      return { title: m.title, text: plain(m), lines: m.lines, alert: m.alert };
  }
}

export interface PostPolicy {
  timeoutMs: number;
  retries: number;
  backoffMs: number;
}

export type PostResult = { ok: true; attempts: number } | { ok: false; attempts: number; error: string };

/**
 * Robots answer HTTP 200 with an error code in the body (DingTalk/WeCom errcode, Feishu code or
 * StatusCode) when they refuse a message (bad keyword, signature, rate limit): that is a failure too.
 */
function bodyError(style: PayloadStyle, text: string): string | null {
  if (style === 'generic') return null;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
  for (const field of ['errcode', 'code', 'StatusCode']) {
    const v = body[field];
    if (typeof v === 'number' && v !== 0) return `${field} ${v}: ${String(body.errmsg ?? body.msg ?? body.StatusMessage ?? '')}`;
  }
  return null;
}

/** Waits `ms`, or less when `signal` aborts (the run's deadline). */
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((r) => {
    if (signal?.aborted) return r();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      r();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** One try of a delivery: accepted, or the error and whether another try may help. */
export type Attempt = { ok: true } | { ok: false; error: string; final: boolean };

/**
 * Tries a delivery up to 1 + `policy.retries` times with doubling backoff, stopping at a final refusal
 * or when `deadline` (the run's) aborts; `attempt` gets the signal to cut its own request short.
 */
export async function withRetries(policy: PostPolicy, deadline: AbortSignal | undefined, attempt: () => Promise<Attempt>): Promise<PostResult> {
  const stopped = (attempts: number): PostResult => ({ ok: false, attempts, error: String((deadline?.reason as Error | undefined)?.message ?? 'run deadline reached') });
  let error = '';
  let attempts = 0;
  for (let i = 0; i <= policy.retries; i++) {
    if (i > 0) await sleep(policy.backoffMs * 2 ** (i - 1), deadline);
    if (deadline?.aborted) return stopped(attempts);
    attempts++;
    const r = await attempt();
    if (r.ok) return { ok: true, attempts };
    if (deadline?.aborted) return stopped(attempts);
    error = r.error;
    if (r.final) break;
  }
  return { ok: false, attempts, error };
}

/**
 * POSTs JSON with a timeout, retrying after network errors, timeouts, 429/5xx and robot error codes with
 * doubling backoff; `deadline` (the run's) cuts the request and the retries short.
 */
export function postJson(url: string, body: string, style: PayloadStyle, policy: PostPolicy, deadline?: AbortSignal): Promise<PostResult> {
  return withRetries(policy, deadline, async (): Promise<Attempt> => {
    try {
      const timeout = AbortSignal.timeout(policy.timeoutMs);
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body,
        signal: deadline ? AbortSignal.any([timeout, deadline]) : timeout,
      });
      const text = await res.text();
      if (!res.ok) return { ok: false, error: `HTTP ${res.status}`, final: res.status < 500 && res.status !== 429 && res.status !== 408 };
      const refused = bodyError(style, text);
      return refused === null ? { ok: true } : { ok: false, error: refused, final: false };
    } catch (e) {
      // fetch says only "fetch failed": the reason is its cause (ECONNREFUSED, ENOTFOUND …, or "bad port").
      const err = e as Error & { cause?: { code?: string; message?: string } };
      return { ok: false, error: err.name === 'TimeoutError' ? `timeout after ${policy.timeoutMs} ms` : (err.cause?.code ?? err.cause?.message ?? err.message), final: false };
    }
  });
}
