import { EXIT, PerfError } from '../../core/errors.js';
import { bi } from '../../core/i18n.js';

/** A file perf cannot read: exit 2 with a message naming the file and the way out. */
export const unreadable = (path: string, en: string, zh: string): PerfError =>
  new PerfError(EXIT.usage, bi(`${path}: ${en}`, `${path}：${zh}`));

export const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MiB`;
