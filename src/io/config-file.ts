import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigSchema, type Config } from '../schema/config/index.js';
import { EXIT, PerfError } from '../core/errors.js';
import { bi } from '../core/i18n.js';
import { noteInput } from './output.js';

export interface LoadedConfig {
  config: Config;
  path: string | null;
}

/**
 * The config is parsed once per run: zod's compiled fast path (code generated for every object in the
 * schema) cost 35-65 ms of start-up to generate, parsing without it 10-20 ms (measured, the default config).
 */
const ONCE = { jitless: true };

/** --config, else $PERF_CONFIG, else ./perf.config.json when present, else the defaults. */
export function loadConfig(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): LoadedConfig {
  const explicit = flag ?? env.PERF_CONFIG;
  const path = explicit ? resolve(cwd, explicit) : resolve(cwd, 'perf.config.json');
  if (!explicit && !existsSync(path)) return { config: ConfigSchema.parse({}, ONCE), path: null };
  let text: string;
  noteInput(path);
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new PerfError(EXIT.usage, bi(`cannot read config ${path}: ${(e as Error).message}`, `无法读取配置文件 ${path}：${(e as Error).message}`));
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new PerfError(EXIT.usage, bi(`config ${path} is not valid JSON: ${(e as Error).message}`, `配置文件 ${path} 不是有效的 JSON：${(e as Error).message}`));
  }
  const parsed = ConfigSchema.safeParse(json, ONCE);
  if (!parsed.success) {
    const lines = (issues: z.core.$ZodIssue[], colon: string) => issues.map((i) => `  ${i.path.join('.') || '(root)'}${colon}${i.message}`).join('\n');
    // zod words its messages in one language per parse: the Chinese ones come from parsing again with its zh-CN locale.
    const zh = ConfigSchema.safeParse(json, { ...ONCE, error: z.locales.zhCN().localeError });
    throw new PerfError(
      EXIT.usage,
      bi(`config ${path} has invalid settings:\n${lines(parsed.error.issues, ': ')}`, `配置文件 ${path} 中有无效设置：\n${lines(zh.error?.issues ?? parsed.error.issues, '：')}`),
    );
  }
  return { config: parsed.data, path };
}
