import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { addDays, isoWeekday } from '../../core/calendar.js';
import { inviteFiles, pairsFromRoster } from '../../core/calibrate/invite.js';
import { parseSlotSpec, planSlots } from '../../core/calibrate/slots.js';
import { EXIT, PerfError } from '../../core/errors.js';
import { bi, nounCount } from '../../core/i18n.js';
import { list as firstNames } from '../../core/checks/roster.js';
import { writeFiles } from '../../io/output.js';
import { action, examples } from '../common.js';
import { strictExit } from '../context.js';
import { load } from '../load.js';
import { problemLines, wrapText } from '../render.js';
import { dateFlag, positiveInt, sub } from './common.js';
import { scheduleJson, scheduleRows } from './json.js';
import { renderSchedule } from './report.js';

interface PlanFlags {
  team?: string;
  start?: string;
  weeks?: string;
  slot?: string;
  perPair?: boolean;
  out?: string;
  force?: boolean;
  json?: boolean;
  method?: string;
  encoding?: string;
  sheet?: string;
}

export function registerPlan(parent: Command): void {
  const cmd = sub(parent, 'plan')
    .description('write iCalendar (.ics) files with a recurring calibration 1:1 for every manager–rep pair, free of clashes')
    .requiredOption('--team <file>', 'the roster: rep, manager, and optionally Manager Email / Email columns')
    .option('--start <date>', 'first day of the series (default: the Monday after --as-of)')
    .option('--weeks <n>', 'how many weeks the series runs (default: calibrate.weeks, 12)')
    .option('--slot <spec>', "days and hours for the 1:1s, e.g. 'Mon-Fri 10:00-17:00' (default: calibrate.slots)")
    .option('--per-pair', 'one file per manager–rep pair instead of one per manager')
    .option('--method <m>', 'iCalendar METHOD: publish (import as entries) or request (an invitation Outlook can send); default: calibrate.method')
    .option('-o, --out <dir>', 'folder for the .ics files (created if missing); the paths written are listed on stderr', '.')
    .option('--force', 'replace existing .ics files (without it, an existing file stops the run before anything is written)')
    .option('--json', 'print the schedule as JSON');
  examples(cmd, [
    'sales-perf calibrate plan --team fixtures/teams.csv --start 2026-12-07 -o calendars',
    "sales-perf calibrate plan --team teams.csv --start 2026-12-07 --weeks 24 --slot 'Tue,Thu 14:00-18:00' --per-pair",
  ]);
  action<PlanFlags>(cmd, async (ctx, _args, flags) => {
    const c = ctx.config.calibrate;
    const start = dateFlag(flags.start, '--start') ?? addDays(ctx.asOf, 8 - isoWeekday(ctx.asOf));
    const weeks = positiveInt(flags.weeks, '--weeks') ?? c.weeks;
    const slots = parseSlotSpec(flags.slot ?? c.slots);
    const method = (flags.method ?? c.method).toUpperCase();
    if (method !== 'PUBLISH' && method !== 'REQUEST')
      throw new PerfError(EXIT.usage, bi(`--method must be publish or request, not "${flags.method}"`, `--method 只能是 publish 或 request，而不是"${flags.method}"`));
    const outDir = resolve(flags.out ?? '.');
    const teams = await load(ctx, flags.team!, 'teams', flags);
    const { pairs, withoutManager } = pairsFromRoster(teams.rows);
    if (pairs.length === 0)
      throw new PerfError(EXIT.usage, bi(`${flags.team}: no rep has a manager; the roster needs a Manager column`, `${flags.team}：没有任何销售填写了经理；名单需要"经理"列`));
    const planned = planSlots(pairs, { start, weeks, cadenceWeeks: c.cadenceWeeks, durationMinutes: c.durationMinutes, slots });
    const files = inviteFiles(planned, { lang: ctx.lang, questions: c.questions, cadenceWeeks: c.cadenceWeeks, reminderDays: c.reminderDays, perPair: Boolean(flags.perPair) });
    // ical-generator loads only for the command that writes calendars.
    const { icsText } = await import('../../io/ics.js');
    // All calendars or none: a refusal or a full disk never leaves some managers invited and others not.
    const paths = writeFiles(
      outDir,
      files.map((f) => ({ name: f.name, data: icsText(f, { timeZone: ctx.timeZone, stamp: ctx.asOf, method, cadenceWeeks: c.cadenceWeeks, reminderDays: c.reminderDays }) })),
      { force: flags.force, inputs: [flags.team!] },
    );
    for (const p of paths) ctx.note(ctx.t(bi(`wrote ${p}`, `已写入 ${p}`)));
    const fileOf = (manager: string, rep: string) =>
      join(flags.out ?? '.', files.find((f) => f.events.some((e) => e.organizer.name === manager && e.attendees.some((a) => a.name === rep)))!.name);
    const rows = scheduleRows(ctx, planned, fileOf);
    // Everyone without an email, manager or rep; a roster without email columns names them all, so past five
    // the names are cut (all are in the events) and the line is wrapped to the terminal like the report.
    const noEmail = [...new Set(planned.flatMap((p) => [...(p.managerEmail ? [] : [p.manager]), ...(p.repEmail ? [] : [p.rep])]))];
    if (noEmail.length)
      ctx.note(
        wrapText(
          ctx.t(
            bi(
              `no email for ${nounCount(noEmail.length, 'person', String(noEmail.length), 'people')} (${firstNames(noEmail)}): named in the events, but not invited`,
              `${noEmail.length} 人没有邮箱（${firstNames(noEmail, '、')}）：事件中写明了姓名，但未作为参会人`,
            ),
          ),
        ),
      );
    const noManager = withoutManager.map((m) => m.rep);
    if (noManager.length)
      ctx.note(
        wrapText(
          ctx.t(
            bi(
              `no manager for ${nounCount(noManager.length, 'rep')} (${firstNames(noManager)}): no calibration planned`,
              `${noManager.length} 名销售没有经理（${firstNames(noManager, '、')}）：未安排校准`,
            ),
          ),
        ),
      );
    if (flags.json) {
      ctx.print(scheduleJson({ timeZone: ctx.timeZone, start, weeks, cadenceWeeks: c.cadenceWeeks, method, files: paths, pairs: rows, problems: teams.problems }));
      return strictExit(ctx, [teams]);
    }
    ctx.print(renderSchedule(ctx, rows, { durationMinutes: c.durationMinutes, cadenceWeeks: c.cadenceWeeks, start, weeks }));
    ctx.print(problemLines(ctx, teams.problems, teams.problemCount));
    return strictExit(ctx, [teams]);
  });
}
