import { Command, CommanderError, Option } from 'commander';
import { EXIT, PerfError } from '../core/errors.js';
import { tr } from '../core/i18n.js';
import { langFromEnv } from './context.js';
import { registerCommands } from './commands.js';
import { VERSION } from './version.js';

function langOf(argv: string[]) {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const v = i < 0 ? undefined : argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  return v === 'zh' || v === 'en' ? v : langFromEnv(process.env);
}

export function buildProgram(): Command {
  const program = new Command('perf')
    .description('Sales-performance toolkit: forecasts, targets, behaviour scores, audits, alerts and coaching from CRM exports.')
    .version(VERSION, '-V, --version')
    .addOption(new Option('--lang <lang>', 'language of messages and reports: zh or en (default from LC_ALL/LANG)'))
    .option('--no-color', 'no colours (also when NO_COLOR is set or output is not a terminal)')
    .option('-q, --quiet', 'no notes or progress on stderr')
    .option('--config <file>', 'config file (else $PERF_CONFIG, else ./perf.config.json)')
    .option('--as-of <date>', 'treat this date (YYYY-MM-DD) as today')
    .option('--strict', 'exit 4 when any data problem is found')
    .showHelpAfterError()
    .exitOverride();
  program.addHelpText(
    'after',
    `
Examples:
  perf inspect fixtures/deals.csv
  perf forecast fixtures/deals.csv --as-of 2026-11-27 -o targets.xlsx
  perf score fixtures/activity.xlsx --deals fixtures/deals.csv --month 2026-11
  perf --lang zh forecast fixtures/deals-zh.gbk.csv

Exit codes: 0 ok · 1 unexpected failure · 2 usage or unreadable input · 3 alerts fired · 4 data problems under --strict`,
  );
  registerCommands(program);
  for (const sub of program.commands) sub.exitOverride().showHelpAfterError();
  return program;
}

async function main(argv: string[]): Promise<number> {
  const lang = langOf(argv);
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return EXIT.usage;
    }
    if (e instanceof PerfError) {
      process.stderr.write(`perf: ${tr(lang, e.text)}\n`);
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

const code = await main(process.argv);
// Let stdout drain (pipes) before exiting with the code.
process.exitCode = code;
