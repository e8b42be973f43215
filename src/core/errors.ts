import { bi, type Bi } from './i18n.js';

export const EXIT = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  alerts: 3,
  strict: 4,
  /** an alert is still waiting for delivery: no route, a receiver refused it, or the run's deadline passed */
  pending: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An expected failure with a message for the user; the shell prints it and exits with `code`. */
export class PerfError extends Error {
  constructor(
    readonly code: ExitCode,
    readonly text: Bi,
  ) {
    super(text.en);
    this.name = 'PerfError';
  }
}

/** A usage mistake (a bad flag value, a missing argument): exit 2 with the message in both languages. */
export const usageError = (en: string, zh: string): PerfError => new PerfError(EXIT.usage, bi(en, zh));
