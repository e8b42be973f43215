import { addDays, isoDate, parseIsoDate, type LocalTime } from '../../core/calendar.js';
import { pushCounts, replayLog, rowsAt, type RawDeals } from '../../core/changes/history.js';
import { usageError } from '../../core/errors.js';
import { bi, nounCount, byCount } from '../../core/i18n.js';
import { rowConverter } from '../../core/ingest/shape.js';
import { parseDate } from '../../core/values/date.js';
import type { Cell } from '../../core/values/types.js';
import { readDataset, type Dataset } from '../../io/read.js';
import type { Problem } from '../../schema/problem.js';
import type { Deal } from '../../schema/rows.js';
import type { Context } from '../context.js';
import { load } from '../load.js';

export interface Rebuilt {
  older: Dataset<'deals'>;
  newer: Dataset<'deals'>;
  /** what was read from disk: the deals export and the history (for problem counts and --strict) */
  read: Dataset<'deals' | 'history'>[];
  /** deal id → times its expected close moved later between the two dates */
  pushes: Map<string, number>;
  to: LocalTime;
}


function dateFlag(name: string, value: string | undefined): LocalTime {
  const t = value === undefined ? null : parseIsoDate(value);
  if (t === null)
    throw usageError(`--history needs ${name} YYYY-MM-DD (the date to rebuild the pipeline at), not "${value ?? ''}"`, `--history 需要 ${name} YYYY-MM-DD（重建商机的日期），而不是"${value ?? ''}"`);
  return t;
}

const problemKey = (p: Problem) => `${p.row} ${p.column} ${p.value} ${p.code}`;

/**
 * The pipeline at the end of --from and of --to, rebuilt from the deals export (its state now) by undoing the
 * logged changes made after each date. Values are replayed on the export's cells and read by the same
 * converter, so a logged "2026-12-31" or "赢单" means what it means in the export.
 */
export async function rebuildFromHistory(
  ctx: Context,
  file: string,
  flags: { history: string; from?: string; to?: string; encoding?: string; sheet?: string },
): Promise<Rebuilt> {
  const from = dateFlag('--from', flags.from);
  const to = dateFlag('--to', flags.to);
  if (from >= to) throw usageError(`--from ${flags.from} must be before --to ${flags.to}`, `--from ${flags.from} 必须早于 --to ${flags.to}`);
  const cells: { row: number; cells: Cell[] }[] = [];
  const opts = ctx.readOptions(flags);
  const now = await readDataset(file, { ...opts, kind: 'deals', onCells: (row, c) => cells.push({ row, cells: c }) });
  ctx.admit(now);
  const history = await load(ctx, flags.history, 'history', flags);
  const raw: RawDeals = { file: now.file, mapping: now.mapping, rows: cells, createdAt: new Map(now.rows.map((d) => [d.row, d.created_at])) };
  const log = replayLog(raw, history.rows, 'old_value' in history.mapping.fields);

  const seen = new Set(now.problems.map(problemKey));
  const at = (day: LocalTime): Dataset<'deals'> => {
    const rows: Deal[] = [];
    const name = `${now.file}@${isoDate(day)}`;
    const conv = rowConverter('deals', { ...opts, file: name, mapping: now.mapping, date1904: now.source.date1904 }, (d) => rows.push(d));
    for (const r of rowsAt(raw, log, addDays(day, 1))) conv.push(r.row, r.cells);
    conv.end();
    // A problem the export itself has is listed once; a new one comes from a logged value.
    const problems = conv.problems.filter((p) => !seen.has(problemKey(p)));
    for (const p of problems) seen.add(problemKey(p));
    return { ...now, file: name, rows, problems, problemCount: problems.length, rowsKept: rows.length, checks: [] };
  };

  const expected = now.mapping.fields.expected_close_at ?? now.mapping.fields.closed_at;
  const field = now.mapping.fields.expected_close_at === undefined ? 'closed_at' : 'expected_close_at';
  const order = now.dateStyles.find((s) => s.field === field)?.order ?? 'YMD';
  const parse = (c: Cell) => {
    const r = parseDate(c, { order, timeZone: opts.timeZone, years: opts.years });
    return r.ok ? r.value : null;
  };
  const pushes = expected === undefined ? new Map<string, number>() : pushCounts(log, expected, addDays(from, 1), addDays(to, 1), parse);

  const said = (n: number, en: string, zh: string) => n && ctx.checks.push({ code: 'history', status: 'guessed', file: history.file, message: bi(en, zh) });
  const unmatched = [...log.unmatched].map(([f, n]) => `${f} ×${n}`).join(', ');
  said(
    log.unmatched.size,
    `${history.file}: changes to fields ${now.file} has no column for are not replayed: ${unmatched}`,
    `${history.file}：${now.file} 中没有对应列的字段变更未被回放：${unmatched}`,
  );
  said(
    log.unknownDeals.size,
    `${history.file}: ${nounCount(log.unknownDeals.size, 'deal id')} ${byCount(log.unknownDeals.size, 'is', 'are')} not in ${now.file} (deleted before it was exported?): their changes are not replayed, and such deals are in neither date's pipeline`,
    `${history.file}：${log.unknownDeals.size} 个商机编号不在 ${now.file} 中（导出前已删除？）：其变更未被回放，也不计入任一日期的商机`,
  );
  return { older: at(from), newer: at(to), read: [now, history], pushes, to };
}
