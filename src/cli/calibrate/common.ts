import type { Command } from 'commander';
import { parseIsoDate, type LocalTime } from '../../core/calendar.js';
import { EXIT, PerfError } from '../../core/errors.js';
import { bi } from '../../core/i18n.js';
import { ActionStore } from '../../io/action-store.js';

// Flags and plumbing the calibrate subcommands share.

export const dateFlag = (text: string | undefined, flag: string): LocalTime | undefined => {
  if (text === undefined) return undefined;
  const t = parseIsoDate(text);
  if (t === null) throw new PerfError(EXIT.usage, bi(`${flag} must be a date like 2026-12-07, not "${text}"`, `${flag} 必须是形如 2026-12-07 的日期，而不是"${text}"`));
  return t;
};

export const positiveInt = (text: string | undefined, flag: string): number | undefined => {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new PerfError(EXIT.usage, bi(`${flag} must be a whole number ≥ 1, not "${text}"`, `${flag} 必须是 ≥ 1 的整数，而不是"${text}"`));
  return n;
};

/** Subcommands share the program's error handling: usage errors exit 2 instead of calling process.exit. */
export const sub = (parent: Command, name: string): Command => parent.command(name).exitOverride().showHelpAfterError();

export const stateOption = (cmd: Command): Command =>
  cmd.option('--state <file>', 'the SQLite state store (default: $XDG_STATE_HOME/perf/state.db, else ~/.local/state/perf/state.db)');

export function withStore<T>(path: string | undefined, use: (store: ActionStore) => T): T {
  const store = ActionStore.open(path);
  try {
    return use(store);
  } finally {
    store.close();
  }
}
