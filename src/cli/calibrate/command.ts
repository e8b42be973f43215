import type { Command } from 'commander';
import { examples } from '../common.js';
import { registerMinutes } from './minutes.js';
import { registerPlan } from './plan.js';
import { registerPrep } from './prep.js';
import { registerRecord } from './record.js';
import { registerDone, registerTasks } from './tasks.js';

export function registerCalibrate(program: Command): void {
  const cmd = program
    .command('calibrate')
    .description('the bi-weekly coaching loop: calendar invites, prep packets, minutes and action items');
  examples(cmd, [
    'sales-perf calibrate plan --team fixtures/teams.csv --start 2026-12-07 -o calendars',
    'sales-perf calibrate prep --deals fixtures/deals.csv --activity fixtures/activity.xlsx --team fixtures/teams.csv --md prep',
    'sales-perf calibrate minutes "Wang Fang" --date 2026-12-07 -o minutes.md',
    'sales-perf calibrate record minutes.md',
    'sales-perf calibrate tasks --overdue',
    'sales-perf calibrate done 3',
  ]);
  registerPlan(cmd);
  registerPrep(cmd);
  registerMinutes(cmd);
  registerRecord(cmd);
  registerTasks(cmd);
  registerDone(cmd);
}
