import chalk from 'chalk';
import { isoDate, parseIsoDate, type LocalTime } from '../core/calendar.js';
import { withinYears } from '../core/values/date.js';
import { EXIT, PerfError } from '../core/errors.js';
import { bi, tr, type Bi, type Lang, nounCount } from '../core/i18n.js';
import type { Config } from '../schema/config/index.js';
import type { DatasetInfo, ReadOptions } from '../io/read.js';
import type { Check } from '../schema/check.js';
import { lossRefusals } from '../core/checks/losses.js';
import { enforce, type Refusal } from '../core/checks/refusal.js';
import { checkLines } from '../core/checks/report.js';
import { staleRefusal, uncoveredMonths } from '../core/checks/sanity.js';
import { wrapText } from './render.js';
import { loadConfig } from '../io/config-file.js';
import { today } from '../io/clock.js';
import { terminal, terminalWidth } from './render.js';
import { stepProgress, type StepProgress } from '../io/progress.js';

export interface GlobalFlags {
  lang?: string;
  color?: boolean;
  quiet?: boolean;
  config?: string;
  asOf?: string;
  strict?: boolean;
  allowProblems?: boolean;
  allowStale?: boolean;
  decimalComma?: boolean;
  width?: string;
}

export interface Context {
  lang: Lang;
  color: boolean;
  quiet: boolean;
  strict: boolean;
  config: Config;
  configPath: string | null;
  timeZone: string;
  /** "Today": --as-of, else the current date in the configured time zone. */
  asOf: LocalTime;
  t: (text: Bi) => string;
  /** The report: stdout. */
  print: (text: string) => void;
  /** Notes and progress: stderr, silenced by --quiet. */
  note: (text: string) => void;
  readOptions: (flags: { encoding?: string; sheet?: string }) => ReadOptions;
  /** A redrawn progress line for long work after the read (charts, a workbook's rows); null under --quiet or off a terminal. */
  steps: (text: (done: number) => string) => StepProgress | null;
  /**
   * What was refused-but-allowed, guessed or reconciled; the first `print` of a text report starts with it
   * and every JSON carries it as `checks`.
   */
  checks: Check[];
  /** False for --json and other machine formats: no checks block is printed before them. */
  textReport: boolean;
  /** Commands whose results go stale with old data (forecast, score …) set this: stale inputs are refused. */
  needsFreshData: boolean;
  /**
   * Vets a dataset just read: refuses (exit 2) a cause that dropped too many rows or, when the command
   * needs fresh data, an export that ended long ago — unless --allow-problems / --allow-stale — and
   * collects its checks. The amounts' currency, when the file names it, replaces the configured symbol.
   * `fresh` overrides whether its age is vetted (an export the command cannot use is not refused for its age).
   */
  admit: (data: DatasetInfo, fresh?: boolean) => void;
  /** Refusals a command decides itself (no won deal …), through the same flags and checks. */
  refuse: (refusals: readonly (Refusal | null)[]) => void;
  /** The checks block a text report starts with ('' when there is none), for reports not written by `print`. */
  checksText: () => string;
  /** Adds checks to `checks`, each said once: a file read twice (deals for the plan and for the pace) says its readings once. */
  addChecks: (checks: readonly Check[]) => void;
}

const SYMBOL: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', GBP: '£', JPY: 'JP¥', HKD: 'HK$', BRL: 'R$' };

export function langFromEnv(env: NodeJS.ProcessEnv): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(locale) ? 'zh' : 'en';
}

export function makeContext(flags: GlobalFlags): Context {
  const envLang = langFromEnv(process.env);
  const preLang: Lang = flags.lang === 'zh' || flags.lang === 'en' ? flags.lang : envLang;
  if (flags.lang !== undefined && flags.lang !== 'zh' && flags.lang !== 'en')
    throw new PerfError(EXIT.usage, bi(`--lang must be zh or en, not "${flags.lang}"`, `--lang 只能是 zh 或 en，而不是"${flags.lang}"`));
  const { config, path } = loadConfig(flags.config, process.env, process.cwd());
  const lang: Lang = flags.lang ? preLang : (config.lang ?? envLang);
  const color = flags.color !== false && !process.env.NO_COLOR && Boolean(process.stdout.isTTY);
  chalk.level = color ? chalk.level || 1 : 0;
  const timeZone = config.timezone;
  let asOf: LocalTime;
  if (flags.asOf !== undefined) {
    const parsed = parseIsoDate(flags.asOf);
    if (parsed === null)
      throw new PerfError(EXIT.usage, bi(`--as-of must be a date like 2026-11-27, not "${flags.asOf}"`, `--as-of 必须是形如 2026-11-27 的日期，而不是"${flags.asOf}"`));
    const { minYear, maxYear } = config.dateRange;
    // 0026-11-27 is a typo for 2026, 9999 a placeholder: either would silently shift every window.
    if (!withinYears(parsed, config.dateRange))
      throw new PerfError(
        EXIT.usage,
        bi(
          `--as-of ${isoDate(parsed)} is outside the supported years ${minYear}–${maxYear} (config dateRange); give a date like 2026-11-27`,
          `--as-of ${isoDate(parsed)} 超出支持的年份范围 ${minYear}–${maxYear}（配置项 dateRange）；请给出形如 2026-11-27 的日期`,
        ),
      );
    asOf = parsed;
  } else asOf = today(timeZone);
  const quiet = Boolean(flags.quiet);
  // Progress lines are for a person at a terminal: not under --quiet, not into a pipe or a log.
  const live = !quiet && Boolean(process.stderr.isTTY);
  const numberFormat = flags.decimalComma ? 'comma' : config.numberFormat;
  const allowed = { allowProblems: flags.allowProblems, allowStale: flags.allowStale };
  let checksShown = false;
  terminal.width = terminalWidth(flags.width, process.stdout, process.env);
  terminal.lang = lang;
  const ctx: Context = {
    lang,
    color,
    quiet,
    strict: Boolean(flags.strict),
    config,
    configPath: path,
    timeZone,
    asOf,
    t: (text) => tr(lang, text),
    print: (text) => {
      if (!checksShown && ctx.textReport && ctx.checks.length > 0) {
        checksShown = true;
        process.stdout.write(ctx.checksText());
      }
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    note: (text) => {
      if (!quiet) process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    readOptions: (f) => ({
      encoding: f.encoding,
      sheet: f.sheet,
      timeZone,
      dateFormat: config.dateFormat,
      numberFormat,
      years: config.dateRange,
      columns: config.columns,
      maxUncompressedMB: config.limits.maxUncompressedMB,
      maxCellMB: config.limits.maxCellMB,
      maxMemoryMB: config.limits.maxMemoryMB,
      progress: live && lang,
    }),
    steps: (text) => (live ? stepProgress(text) : null),
    checks: [],
    textReport: true,
    needsFreshData: false,
    admit: (data, fresh = ctx.needsFreshData && data.kind !== 'teams') => {
      const stale = fresh ? staleRefusal(data.file, data.dataEnd, asOf, config.guards.staleMonths) : null;
      ctx.refuse([...lossRefusals(data, config.guards.maxDroppedShare), stale]);
      // Stale data that went ahead (--allow-stale) say so already; fresher data may still leave whole months empty.
      const uncovered = fresh && !stale ? uncoveredMonths(data.file, data.dataEnd, asOf, data.recentDays) : null;
      if (uncovered) ctx.addChecks([uncovered]);
      ctx.addChecks(data.checks);
      if (data.currency) ctx.config.currency = SYMBOL[data.currency] ?? `${data.currency} `;
      else if (data.kind === 'deals' && 'amount' in data.mapping.fields && config.currency === '')
        ctx.addChecks([{
          code: 'currency',
          status: 'guessed',
          file: data.file,
          message: bi(
            'the amounts name no currency (no symbol, code, header unit or currency column): shown without one; set "currency" in perf.config.json',
            '金额未注明货币（没有符号、代码、表头单位或货币列）：不显示货币符号；可在 perf.config.json 中设置 "currency"',
          ),
        }]);
    },
    refuse: (refusals) => {
      ctx.addChecks(enforce(refusals.filter((r): r is Refusal => r !== null), allowed));
    },
    checksText: () => (ctx.checks.length === 0 ? '' : checkLines(lang, ctx.checks).map((l) => wrapText(l)).join('\n') + '\n\n'),
    addChecks: (checks) => {
      // Said once: the same file read twice, or two exports of one CRM, repeat their reading checks.
      const key = (c: Check) => `${c.code}\u0000${c.status}\u0000${c.message.en}`;
      const said = new Set(ctx.checks.map(key));
      for (const c of checks) if (!said.has(key(c))) {
        said.add(key(c));
        ctx.checks.push(c);
      }
    },
  };
  return ctx;
}

/** Exit code after a run that met `count` data problems: --strict makes any problem fatal (4). */
export function strictExit(ctx: Context, problems: { problemCount: number }[]): number {
  const total = problems.reduce((s, p) => s + p.problemCount, 0);
  if (ctx.strict && total > 0) {
    process.stderr.write(
      ctx.t(bi(`--strict: ${nounCount(total, 'data problem')} found; exit 4`, `--strict：发现 ${total} 个数据问题；退出码 4`)) + '\n',
    );
    return EXIT.strict;
  }
  return EXIT.ok;
}

