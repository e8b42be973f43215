import type { Command } from 'commander';
import { daysOverdue } from '../../core/calibrate/actions.js';
import { EXIT, PerfError } from '../../core/errors.js';
import { bi } from '../../core/i18n.js';
import { action, examples } from '../common.js';
import { stateOption, sub, withStore } from './common.js';
import { tasksCsv } from './csv.js';
import { taskRows } from './json.js';
import { doneLine, taskTable } from './report.js';

interface TasksFlags {
  rep?: string;
  overdue?: boolean;
  status?: string;
  format?: string;
  state?: string;
}

export function registerTasks(parent: Command): void {
  const cmd = sub(parent, 'tasks')
    .description('list action items from recorded calibrations (open ones by default)')
    .option('--rep <name>', 'only this rep')
    .option('--overdue', 'only open items past their due date (as of --as-of)')
    .option('--status <s>', 'open, done or all', 'open')
    .option('--format <f>', 'text, csv or json', 'text');
  stateOption(cmd);
  examples(cmd, ['sales-perf calibrate tasks', 'sales-perf calibrate tasks --rep "Wang Fang" --overdue', 'sales-perf calibrate tasks --status all --format csv > tasks.csv']);
  action<TasksFlags>(cmd, (ctx, _args, flags) => {
    const status = flags.status ?? 'open';
    if (status !== 'open' && status !== 'done' && status !== 'all')
      throw new PerfError(EXIT.usage, bi(`--status must be open, done or all, not "${status}"`, `--status 只能是 open、done 或 all，而不是"${status}"`));
    const format = flags.format ?? 'text';
    if (!['text', 'csv', 'json'].includes(format))
      throw new PerfError(EXIT.usage, bi(`--format must be text, csv or json, not "${format}"`, `--format 只能是 text、csv 或 json，而不是"${format}"`));
    let items = withStore(flags.state, (s) => s.list({ rep: flags.rep, status: flags.overdue ? 'open' : status }));
    if (flags.overdue) items = items.filter((i) => daysOverdue(i, ctx.asOf) > 0);
    const rows = taskRows(items, ctx.asOf);
    if (format === 'json') ctx.print(JSON.stringify(rows, null, 2));
    else if (format === 'csv') process.stdout.write(tasksCsv(rows));
    else if (items.length === 0) ctx.print(ctx.t(bi('No action items.', '没有行动项。')));
    else ctx.print(taskTable(ctx, items));
  });
}

export function registerDone(parent: Command): void {
  const cmd = sub(parent, 'done').argument('<id...>', 'item ids, as `tasks` lists them').description('close action items');
  stateOption(cmd);
  examples(cmd, ['sales-perf calibrate done 3', 'sales-perf calibrate done 3 4 7 --state ops/state.db']);
  action<{ state?: string }>(cmd, (ctx, ids, flags) => {
    const numbers = ids.map((id) => {
      const n = Number(id);
      if (!Number.isInteger(n) || n < 1) throw new PerfError(EXIT.usage, bi(`"${id}" is not an action-item id`, `"${id}" 不是行动项编号`));
      return n;
    });
    return withStore(flags.state, (store) => {
      const missing = numbers.filter((n) => store.get(n) === null);
      if (missing.length)
        throw new PerfError(EXIT.usage, bi(`no action item with id ${missing.join(', ')}`, `没有编号为 ${missing.join('、')} 的行动项`));
      for (const n of numbers) {
        const before = store.get(n)!;
        const after = store.done(n, ctx.asOf)!;
        ctx.print(doneLine(ctx, n, before, after));
      }
      return EXIT.ok;
    });
  });
}
