/**
 * Robot URLs carry their credential in the URL itself (DingTalk `access_token` and `sign`, WeCom `key`,
 * Feishu's hook path), SMTP URLs in their user info; cron appends stderr to logs that many people read.
 * Every message that may hold a URL or an error text passes through here.
 */
// A credential is ASCII: a non-ASCII character ends it (a Chinese message goes on right after a URL, "…access_token=…：连接被拒绝").
const SECRET_PARAM = /([?&](?:access_token|token|key|sign|signature|secret|password|passwd|pwd|apikey|api_key)=)[^&\s#"'<>:;,)\u0080-\uffff]*/gi;
const USER_INFO_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:)[^\s@/]*@/gi;
const HOOK_PATH = /(\/(?:open-apis\/bot\/v2\/hook|hooks?)\/)[^\s?#"'<>/\u0080-\uffff]+/gi;

export function maskSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(SECRET_PARAM, '$1***').replace(USER_INFO_PASSWORD, '$1***@').replace(HOOK_PATH, '$1***');
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***');
  return out;
}
