import { Command, CommanderError, Option } from 'commander';
import { EXIT, PerfError } from '../core/errors.js';
import { bi, tr, type Bi, type Lang } from '../core/i18n.js';
import { forgetInputs } from '../io/output.js';
import { langFromEnv } from './context.js';
import { registerCommands } from './commands.js';
import { examplesText } from './common.js';
import { helpInChinese, layoutHelp } from './help-zh.js';
import { terminal, wrapText } from './render.js';
import { VERSION } from './version.js';

function langOf(argv: string[]) {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const v = i < 0 ? undefined : argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  return v === 'zh' || v === 'en' ? v : langFromEnv(process.env);
}

export async function buildProgram(argv: string[] = process.argv): Promise<Command> {
  // Named sales-perf in help and usage lines: a bare `perf` is Linux's profiler on most machines.
  const program = new Command('sales-perf')
    .description('Sales-performance toolkit: forecasts, targets, behaviour scores, audits, alerts and coaching from CRM exports.')
    .version(VERSION, '-V, --version')
    .addOption(new Option('--lang <lang>', 'language of messages and reports: zh or en (default from LC_ALL/LANG)'))
    .option('--no-color', 'no colours (also when NO_COLOR is set or output is not a terminal)')
    .option('-q, --quiet', 'no notes or progress on stderr')
    .option('--config <file>', 'config file (else $PERF_CONFIG, else ./perf.config.json)')
    .option('--as-of <date>', 'treat this date (YYYY-MM-DD) as today')
    .option('--strict', 'exit 4 when any data problem is found')
    .option('--allow-problems', 'go on when one cause drops more than guards.maxDroppedShare of a file\'s rows (stated first in the report)')
    .option('--allow-stale', 'go on when the data end more than guards.staleMonths before the as-of date (stated first)')
    .option('--decimal-comma', 'numbers are written 1.234,56 (European Excel); same as "numberFormat": "comma"')
    .option('--width <n>', 'fit reports to N columns (default: the terminal width, else $COLUMNS, else 100)')
    .showHelpAfterError()
    .exitOverride();
  const lang = langOf(argv);
  // The help's own texts (examples heading, exit codes) follow the language of the run.
  terminal.lang = lang;
  program.addHelpText('after', () =>
    examplesText([
      'sales-perf inspect fixtures/deals.csv',
      'sales-perf forecast fixtures/deals.csv --as-of 2026-11-27 -o targets.xlsx',
      'sales-perf score fixtures/activity.xlsx --deals fixtures/deals.csv --month 2026-11',
      'sales-perf --lang zh forecast fixtures/deals-zh.gbk.csv',
    ]) +
      // at commander's help width: the terminal's on one, else 80
      `\n${wrapText(
        tr(
          lang,
          bi(
            'Exit codes: 0 ok · 1 unexpected failure · 2 usage or unreadable input · 3 alerts fired · 4 data problems under --strict · 5 alert delivery pending',
            '退出码：0 成功 · 1 意外错误 · 2 用法错误或无法读取输入 · 3 触发了预警 · 4 --strict 下发现数据问题 · 5 预警尚未送达',
          ),
        ),
        (process.stdout.isTTY && process.stdout.columns) || 80,
      )}\n`,
  );
  await registerCommands(program, argv);
  if (lang === 'zh') helpInChinese(program);
  layoutHelp(program, lang === 'zh');
  localiseUsageErrors(program, lang, 'sales-perf');
  return program;
}

/** Commander's usage errors in the user's language, each followed by a one-line pointer to the help (not the whole
 * help, which would push the error off the screen). Applied to every command and subcommand. */
function localiseUsageErrors(cmd: Command, lang: Lang, path: string): void {
  cmd
    .exitOverride()
    .showHelpAfterError(tr(lang, bi(`(run '${path} --help' for the flags and examples)`, `（运行 '${path} --help' 查看参数和示例）`)))
    .configureOutput({ outputError: (str, write) => write(usageErrorText(lang, str)) });
  for (const sub of cmd.commands) localiseUsageErrors(sub, lang, `${path} ${sub.name()}`);
}

const USAGE_ERRORS: [RegExp, (m: RegExpMatchArray) => Bi][] = [
  [/^error: unknown option '(.*)'$/, (m) => bi(`unknown option '${m[1]}'`, `未知选项 '${m[1]}'`)],
  [/^error: unknown command '(.*)'$/, (m) => bi(`unknown command '${m[1]}'`, `未知命令 '${m[1]}'`)],
  [/^error: required option '(.*)' not specified$/, (m) => bi(`required option '${m[1]}' not specified`, `缺少必需选项 '${m[1]}'`)],
  [/^error: missing required argument '(.*)'$/, (m) => bi(`missing required argument '${m[1]}'`, `缺少必需参数 '${m[1]}'`)],
  [/^error: option '(.*)' argument missing$/, (m) => bi(`option '${m[1]}' needs a value`, `选项 '${m[1]}' 缺少取值`)],
  [
    /^error: too many arguments(?: for '(.*)'\. Expected (\d+) arguments? but got (\d+)\.)?$/,
    (m) => (m[1] ? bi(`too many arguments for '${m[1]}': expected ${m[2]}, got ${m[3]}`, `'${m[1]}' 的参数过多：应为 ${m[2]} 个，实际 ${m[3]} 个`) : bi('too many arguments', '参数过多')),
  ],
  [/^\(Did you mean (.*)\?\)$/, (m) => bi(`(did you mean ${m[1]}?)`, `（是否想输入 ${m[1]}？）`)],
];

/** "error: unknown option '--x'" → "perf: unknown option '--x'" / "perf: 未知选项 '--x'"; unknown wordings pass through. */
export function usageErrorText(lang: Lang, str: string): string {
  return str
    .split('\n')
    .map((line) => {
      for (const [re, text] of USAGE_ERRORS) {
        const m = re.exec(line);
        if (m) return `${line.startsWith('error:') ? 'perf: ' : ''}${tr(lang, text(m))}`;
      }
      return line.replace(/^error: /, 'perf: ');
    })
    .join('\n');
}

/** Runs perf with these arguments (`node perf …`) and returns the exit code; the report goes to stdout. */
export async function run(argv: string[]): Promise<number> {
  const lang = langOf(argv);
  process.exitCode = undefined;
  forgetInputs();
  try {
    await (await buildProgram(argv)).parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return EXIT.usage;
    }
    if (e instanceof PerfError) {
      // Wrapped like the reports for a reader at a terminal or one who set --width (a refusal naming a file and
      // its headers ran to 150-190 columns); whole lines in a log, where a message is grepped.
      const text = `perf: ${tr(lang, e.text)}`;
      const wrap = process.stderr.isTTY || argv.some((a) => a === '--width' || a.startsWith('--width='));
      process.stderr.write(`${wrap ? wrapText(text) : text}\n`);
      return e.code;
    }
    const err = e as Error;
    process.stderr.write(
      lang === 'zh'
        ? `perf: 意外错误：${err?.message ?? String(e)}（设置 PERF_DEBUG=1 可查看详情）\n`
        : `perf: unexpected error: ${err?.message ?? String(e)} (set PERF_DEBUG=1 for details)\n`,
    );
    if (process.env.PERF_DEBUG) process.stderr.write(`${err?.stack ?? ''}\n`);
    return EXIT.unexpected;
  }
}
