import { balance, type Changes, type Snap } from '../../core/changes/index.js';
import { isoDate } from '../../core/calendar.js';
import type { Check } from '../../schema/check.js';
import type { Problem } from '../../schema/problem.js';

const snapJson = (s: Snap | null) => (s === null ? null : { ...s, date: s.date === null ? null : isoDate(s.date) });

/** `--json` and `-o changes.json`: every amount in integer cents, so the waterfall balances exactly here too. */
export const changesJson = (files: { old: string; new: string }, c: Changes, problems: Problem[], checks: Check[]): string =>
  JSON.stringify(
    {
      files,
      money: 'cents',
      window: { ...c.window, start: isoDate(c.window.start), end: isoDate(c.window.end), basis: c.window.basis === null ? null : isoDate(c.window.basis) },
      checks,
      total: { ...c.total, balanced: balance(c.total) === c.total.end },
      levels: c.levels.map((l) => ({ level: l.level, groups: l.groups.map((g) => ({ ...g, balanced: balance(g) === g.end })) })),
      slippage: c.slippage,
      pushesFrom: c.pushesFrom,
      deals: c.movements.map((m) => ({ ...m, old: snapJson(m.old), new: snapJson(m.new) })),
      problems,
    },
    null,
    2,
  );
