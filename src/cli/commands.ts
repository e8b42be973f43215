import type { Command } from 'commander';

type Register = (program: Command) => void;

/**
 * Every subcommand, in the order `sales-perf --help` lists them. Each is imported only when the run needs it:
 * a run of one command loads that command's modules, not the charts, workbooks and SQLite of the others.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  inspect: async () => (await import('./inspect/command.js')).registerInspect,
  init: async () => (await import('./init/command.js')).registerInit,
  forecast: async () => (await import('./forecast/command.js')).registerForecast,
  target: async () => (await import('./target/command.js')).registerTarget,
  backtest: async () => (await import('./backtest/command.js')).registerBacktest,
  score: async () => (await import('./score/command.js')).registerScore,
  changes: async () => (await import('./changes/command.js')).registerChanges,
  accuracy: async () => (await import('./accuracy/command.js')).registerAccuracy,
  audit: async () => (await import('./audit/command.js')).registerAudit,
  evaluate: async () => (await import('./evaluate/command.js')).registerEvaluate,
  alerts: async () => (await import('./alerts/command.js')).registerAlerts,
  calibrate: async () => (await import('./calibrate/command.js')).registerCalibrate,
  dashboard: async () => (await import('./dashboard/command.js')).registerDashboard,
};

/** Global options that take a value, so the word after them is not the command. */
const VALUED = new Set(['--lang', '--config', '--as-of', '--width']);

/** The subcommand named on this command line, if it is one of ours. */
function commandOf(argv: string[]): string | undefined {
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return undefined;
    if (a.startsWith('-')) {
      if (VALUED.has(a)) i++;
      continue;
    }
    return Object.hasOwn(COMMANDS, a) ? a : undefined;
  }
  return undefined;
}

/** Registers the command this run names, or every command (help, a mistyped name and its suggestion). */
export async function registerCommands(program: Command, argv: string[]): Promise<void> {
  const one = commandOf(argv);
  const names = one ? [one] : Object.keys(COMMANDS);
  const registers = await Promise.all(names.map((n) => COMMANDS[n]()));
  for (const register of registers) register(program);
}
