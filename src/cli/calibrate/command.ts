import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { addDays, dayNumber, isoDate, isoWeekday, parseIsoDate, type LocalTime } from '../../core/calendar.js';
import { inviteFiles, pairsFromRoster, slug } from '../../core/calibrate/invite.js';
import { defaultDue, minutesTemplate, parseMinutes } from '../../core/calibrate/minutes.js';
import { prepMarkdown, prepPacket, prepWindow } from '../../core/calibrate/prep.js';
import { parseSlotSpec, planSlots } from '../../core/calibrate/slots.js';
import { progressOf, quarterPlans, repId } from '../../core/plan/index.js';
import { rosterOf } from '../../core/teams.js';
import { ScoreAccumulator } from '../../core/score/index.js';
import { EXIT, PerfError } from '../../core/errors.js';
import { bi, type Bi } from '../../core/i18n.js';
import { daysOverdue, type ActionItem } from '../../core/calibrate/actions.js';
import { ActionStore } from '../../io/action-store.js';
import { toCsv } from '../../io/csv-out.js';
import { icsText } from '../../io/ics.js';
import { checkOutputPath, writeTextFile } from '../../io/output.js';
import { streamDataset } from '../../io/read.js';
import { problemsSheet, writeWorkbook, type SheetSpec } from '../../io/workbook.js';
import { decodeText } from '../../io/source/sniff.js';
import type { Problem } from '../../schema/problem.js';
import { action, examples } from '../common.js';
import { strictExit, type Context } from '../context.js';
import { loadPlanInputs } from '../plan-inputs.js';
import { load } from '../load.js';
import { problemLines, renderTable } from '../render.js';

const WEEKDAYS: Bi[] = [
  bi('Mon', '周一'), bi('Tue', '周二'), bi('Wed', '周三'), bi('Thu', '周四'), bi('Fri', '周五'), bi('Sat', '周六'), bi('Sun', '周日'),
];

const dateFlag = (text: string | undefined, flag: string): LocalTime | undefined => {
  if (text === undefined) return undefined;
  const t = parseIsoDate(text);
  if (t === null) throw new PerfError(EXIT.usage, bi(`${flag} must be a date like 2026-12-07, not "${text}"`, `${flag} 必须是形如 2026-12-07 的日期，而不是"${text}"`));
  return t;
};

const positiveInt = (text: string | undefined, flag: string): number | undefined => {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new PerfError(EXIT.usage, bi(`${flag} must be a whole number ≥ 1, not "${text}"`, `${flag} 必须是 ≥ 1 的整数，而不是"${text}"`));
  return n;
};

const hhmm = (t: LocalTime) => new Date(t).toISOString().slice(11, 16);

/** Subcommands share the program's error handling: usage errors exit 2 instead of calling process.exit. */
const sub = (parent: Command, name: string): Command => parent.command(name).exitOverride().showHelpAfterError();

export const stateOption = (cmd: Command): Command =>
  cmd.option('--state <file>', 'the SQLite state store (default: $XDG_STATE_HOME/perf/state.db, else ~/.local/state/perf/state.db; shared with perf alerts)');

function withStore<T>(path: string | undefined, use: (store: ActionStore) => T): T {
  const store = ActionStore.open(path);
  try {
    return use(store);
  } finally {
    store.close();
  }
}

// ── plan ────────────────────────────────────────────────────────────────────────────────────────

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

function registerPlan(parent: Command): void {
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
    'perf calibrate plan --team fixtures/teams.csv --start 2026-12-07 -o calendars',
    "perf calibrate plan --team teams.csv --start 2026-12-07 --weeks 24 --slot 'Tue,Thu 14:00-18:00' --per-pair",
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
    if (!existsSync(outDir)) mkdirSync(outDir, { recursive: true });
    const teams = await load(ctx, flags.team!, 'teams', flags);
    const { pairs, withoutManager } = pairsFromRoster(teams.rows);
    if (pairs.length === 0)
      throw new PerfError(EXIT.usage, bi(`${flags.team}: no rep has a manager; the roster needs a Manager column`, `${flags.team}：没有任何销售填写了经理；名单需要"经理"列`));
    const planned = planSlots(pairs, { start, weeks, cadenceWeeks: c.cadenceWeeks, durationMinutes: c.durationMinutes, slots });
    const files = inviteFiles(planned, { lang: ctx.lang, questions: c.questions, cadenceWeeks: c.cadenceWeeks, reminderDays: c.reminderDays, perPair: Boolean(flags.perPair) });
    // Every path is checked before the first file is written: a refusal never leaves half a plan.
    const paths = files.map((f) => checkOutputPath(join(outDir, f.name), { force: flags.force, inputs: [flags.team!] }));
    for (const [i, f] of files.entries())
      await writeTextFile(
        paths[i],
        icsText(f, { timeZone: ctx.timeZone, stamp: ctx.asOf, method, cadenceWeeks: c.cadenceWeeks, reminderDays: c.reminderDays }),
        { force: flags.force, inputs: [flags.team!] },
      );
    for (const p of paths) ctx.note(ctx.t(bi(`wrote ${p}`, `已写入 ${p}`)));
    const fileOf = (manager: string, rep: string) =>
      join(flags.out ?? '.', files.find((f) => f.events.some((e) => e.organizer.name === manager && e.attendees.some((a) => a.name === rep)))!.name);
    const rows = planned.map((p) => ({
      manager: p.manager,
      rep: p.rep,
      first: isoDate(p.start),
      weekday: ctx.t(WEEKDAYS[isoWeekday(p.start) - 1]),
      time: hhmm(p.start),
      minutes: p.durationMinutes,
      count: p.count,
      emails: [p.managerEmail, p.repEmail].filter(Boolean).length,
      file: fileOf(p.manager, p.rep),
    }));
    const noEmail = planned.filter((p) => !p.managerEmail || !p.repEmail).map((p) => (p.managerEmail ? p.rep : p.manager));
    if (noEmail.length)
      ctx.note(ctx.t(bi(`no email for ${[...new Set(noEmail)].join(', ')}: named in the event, but not invited`, `${[...new Set(noEmail)].join('、')} 没有邮箱：事件中写明了姓名，但未作为参会人`)));
    if (withoutManager.length)
      ctx.note(ctx.t(bi(`no manager for ${withoutManager.map((m) => m.rep).join(', ')}: no calibration planned`, `${withoutManager.map((m) => m.rep).join('、')} 没有经理：未安排校准`)));
    if (flags.json) {
      ctx.print(JSON.stringify({ timeZone: ctx.timeZone, start: isoDate(start), weeks, cadenceWeeks: c.cadenceWeeks, method, files: paths, pairs: rows, problems: teams.problems }, null, 2));
      return strictExit(ctx, [teams]);
    }
    const head = ['Manager', 'Rep', 'First', 'Day', 'Time', 'Count', 'File'].map((h, i) => ctx.t(bi(h, ['经理', '销售', '首次', '星期', '时间', '次数', '文件'][i])));
    ctx.print(
      renderTable(head, rows.map((r) => [r.manager, r.rep, r.first, r.weekday, r.time, r.count, r.file]), {
        title: ctx.t(
          bi(
            `Calibrations: ${rows.length} pairs, ${c.durationMinutes} min every ${c.cadenceWeeks} weeks from ${isoDate(start)} for ${weeks} weeks (${ctx.timeZone})`,
            `校准面谈：${rows.length} 对，自 ${isoDate(start)} 起每 ${c.cadenceWeeks} 周 ${c.durationMinutes} 分钟，共 ${weeks} 周（${ctx.timeZone}）`,
          ),
        ),
      }),
    );
    ctx.print(problemLines(ctx, teams.problems, teams.problemCount));
    return strictExit(ctx, [teams]);
  });
}

// ── prep ────────────────────────────────────────────────────────────────────────────────────────

interface PrepFlags {
  deals?: string;
  activity?: string;
  team?: string;
  rep?: string;
  adjust?: string;
  out?: string;
  md?: string;
  force?: boolean;
  json?: boolean;
  state?: string;
}

const sheetName = (name: string, used: Set<string>): string => {
  const base = name.replace(/[[\]:*?/\\]/g, '-').slice(0, 28) || 'rep';
  let n = base;
  for (let i = 2; used.has(n.toLowerCase()); i++) n = `${base}-${i}`;
  used.add(n.toLowerCase());
  return n;
};

function registerPrep(parent: Command): void {
  const cmd = sub(parent, 'prep')
    .description('a one-page prep packet per rep: progress against the quarter target, KBI misses of the last two weeks, open action items, the four questions')
    .requiredOption('--deals <file>', 'deals export (targets and progress)')
    .requiredOption('--activity <file>', 'activity export (KBIs)')
    .option('--team <file>', 'the roster: teams, managers, and which reps get a packet')
    .option('--rep <name>', 'only this rep')
    .option('--adjust <file>', 'market adjustments, as for perf forecast')
    .option('-o, --out <file>', 'also write a workbook with one sheet per rep (.xlsx)')
    .option('--md <dir>', 'write one Markdown file per rep into this folder (default: print Markdown)')
    .option('--force', 'replace existing files')
    .option('--json', 'print the packets as JSON');
  stateOption(cmd);
  examples(cmd, [
    'perf calibrate prep --deals fixtures/deals.csv --activity fixtures/activity.xlsx --team fixtures/teams.csv --rep "Wang Fang"',
    'perf calibrate prep --deals deals.csv --activity activity.xlsx --team teams.csv --md prep -o prep.xlsx',
  ]);
  action<PrepFlags>(cmd, async (ctx, _args, flags) => {
    const inputs = [flags.deals!, flags.activity!, flags.team, flags.adjust].filter((f): f is string => f !== undefined);
    if (flags.out) checkOutputPath(flags.out, { force: flags.force, inputs });
    // The same deals, roster, adjustments and plan settings as `perf forecast` (no backtest: only targets are needed).
    const loaded = await loadPlanInputs(ctx, flags.deals!, { team: flags.team, adjust: flags.adjust });
    const roster = rosterOf(loaded.options.roster ?? []);
    const window = prepWindow(ctx.asOf);
    const acc = new ScoreAccumulator({ config: ctx.config.score, period: window, asOf: ctx.asOf, file: flags.activity!, deals: loaded.deals, dealsFile: flags.deals, roster });
    const activities = await streamDataset(flags.activity!, { ...ctx.readOptions({}), kind: 'activities' }, (a) => acc.add(a));
    const score = acc.finish();
    const plans = quarterPlans(loaded.deals, loaded.options);
    const nowPlan = plans.nowPlan;
    const known = roster.size
      ? [...roster.keys()]
      : [...new Set([...nowPlan.series.filter((s) => s.level === 'rep' && s.active).map((s) => s.name), ...score.weeks.map((w) => w.rep)])].sort();
    if (flags.rep !== undefined && !known.includes(flags.rep))
      throw new PerfError(EXIT.usage, bi(`no rep "${flags.rep}" in the data; known: ${known.join(', ')}`, `数据中没有销售"${flags.rep}"；已知：${known.join('、')}`));
    const reps = flags.rep !== undefined ? [flags.rep] : known;
    const actions = withStore(flags.state, (store) => store.list({ status: 'all' }));
    const packets = reps.map((rep) =>
      prepPacket({
        rep,
        team: roster.get(rep)?.team,
        manager: roster.get(rep)?.manager,
        asOf: ctx.asOf,
        progress: progressOf(plans, repId(rep), ctx.asOf),
        misses: score.misses.filter((m) => m.rep === rep),
        actions: actions.filter((a) => a.rep === rep),
        questions: ctx.config.calibrate.questions,
        currency: ctx.config.currency,
        lang: ctx.lang,
      }),
    );
    const problems = [...loaded.problems, ...activities.problems, ...score.problems, ...nowPlan.problems];
    const problemCount = loaded.problemCounts.reduce((n, s) => n + s.problemCount, 0) + activities.problemCount + score.problems.length + nowPlan.problems.length;
    if (flags.md) {
      mkdirSync(flags.md, { recursive: true });
      const paths = packets.map((p) => checkOutputPath(join(flags.md!, `prep-${isoDate(ctx.asOf)}-${slug(p.rep)}.md`), { force: flags.force, inputs }));
      for (const [i, p] of packets.entries()) await writeTextFile(paths[i], prepMarkdown(p, ctx.lang), { force: flags.force, inputs });
      ctx.note(ctx.t(bi(`wrote ${paths.length} prep file(s) to ${flags.md}`, `已向 ${flags.md} 写入 ${paths.length} 份准备材料`)));
    }
    if (flags.out) {
      const used = new Set<string>();
      const t = (en: string, zh: string) => ctx.t(bi(en, zh));
      const sheets: SheetSpec[] = packets.map((p) => ({
        name: sheetName(p.rep, used),
        notes: [prepMarkdown(p, ctx.lang).split('\n')[0].replace(/^# /, ''), t(`Behaviour window ${isoDate(p.window.from)} – ${isoDate(p.window.to)}`, `行为数据区间 ${isoDate(p.window.from)} – ${isoDate(p.window.to)}`)],
        columns: [
          { key: 'question', header: t('Question', '问题'), width: 36 },
          { key: 'kind', header: t('Kind', '类别'), width: 14 },
          { key: 'text', header: t('Data and talking points', '数据与建议话题'), width: 110 },
        ],
        rows: p.sections.flatMap((s, n) => [
          ...s.facts.map((x) => ({ question: `${n + 1}. ${ctx.t(s.question)}`, kind: t('data', '数据'), text: ctx.t(x) })),
          ...s.points.map((x) => ({ question: `${n + 1}. ${ctx.t(s.question)}`, kind: t('talking point', '建议话题'), text: ctx.t(x) })),
        ]),
        fill: (row, key) => (key === 'kind' && row.kind === t('talking point', '建议话题') ? 'info' : undefined),
      }));
      await writeWorkbook(flags.out, [...sheets, problemsSheet(ctx.lang, problems)], ctx.asOf, { force: flags.force, inputs });
      ctx.note(ctx.t(bi(`wrote ${flags.out}`, `已写入 ${flags.out}`)));
    }
    if (flags.json)
      ctx.print(
        JSON.stringify(
          {
            asOf: isoDate(ctx.asOf),
            window: { from: isoDate(window.from), to: isoDate(window.to) },
            packets: packets.map((p) => ({
              rep: p.rep,
              team: p.team,
              manager: p.manager,
              progress: p.progress,
              misses: p.misses.map((m) => ({ ...m, due: isoDate(m.due), note: ctx.t(m.note) })),
              open: p.open.map(itemJson),
              overdue: p.overdue.map(itemJson),
              recentlyDone: p.recentlyDone.map(itemJson),
              sections: p.sections.map((s) => ({ question: ctx.t(s.question), facts: s.facts.map(ctx.t), points: s.points.map(ctx.t) })),
            })),
            problems,
            problemCount,
          },
          null,
          2,
        ),
      );
    else if (!flags.md && !flags.out) ctx.print(packets.map((p) => prepMarkdown(p, ctx.lang)).join('\n---\n\n') + '\n' + problemLines(ctx, problems, problemCount));
    return strictExit(ctx, [{ problemCount }]);
  });
}

// ── minutes ─────────────────────────────────────────────────────────────────────────────────────

interface MinutesFlags {
  date?: string;
  manager?: string;
  team?: string;
  out?: string;
  force?: boolean;
}

function registerMinutes(parent: Command): void {
  const cmd = sub(parent, 'minutes')
    .argument('<rep>', 'the rep the calibration is with')
    .description('write a minutes template: the four questions and an action-item section that `record` reads back')
    .option('--date <date>', 'meeting date (default: --as-of, i.e. today)')
    .option('--manager <name>', 'the manager (default: from --team)')
    .option('--team <file>', 'the roster, to fill in the manager')
    .option('-o, --out <file>', 'write the template to FILE (default: stdout)', '-')
    .option('--force', 'replace an existing file');
  examples(cmd, ['perf calibrate minutes "Wang Fang" --date 2026-12-07 -o minutes.md', 'perf --lang zh calibrate minutes 王芳 --team teams.csv']);
  action<MinutesFlags>(cmd, async (ctx, [rep], flags) => {
    const date = dateFlag(flags.date, '--date') ?? ctx.asOf;
    const out = flags.out ?? '-';
    checkOutputPath(out, { force: flags.force });
    let manager = flags.manager;
    if (manager === undefined && flags.team) manager = (await load(ctx, flags.team, 'teams')).rows.find((m) => m.rep === rep)?.manager;
    const text = minutesTemplate({ lang: ctx.lang, rep, manager, date, questions: ctx.config.calibrate.questions, due: defaultDue(date) });
    await writeTextFile(out, text, { force: flags.force });
    if (out !== '-') ctx.note(ctx.t(bi(`wrote ${out}; after the meeting: perf calibrate record ${out}`, `已写入 ${out}；会后运行：perf calibrate record ${out}`)));
  });
}

// ── record ──────────────────────────────────────────────────────────────────────────────────────

/** Minutes saved by Notepad on Chinese Windows may be GBK or carry a BOM: decoded like an export. */
function readMinutes(file: string): string {
  let bytes: Buffer;
  try {
    bytes = file === '-' ? readFileSync(0) : readFileSync(file);
  } catch (e) {
    throw new PerfError(EXIT.usage, bi(`cannot read ${file}: ${(e as Error).message}`, `无法读取 ${file}：${(e as Error).message}`));
  }
  return decodeText(file, bytes);
}

/**
 * Archives minutes under DATE-REP.md in the folder, never replacing a file: a second, different
 * version becomes DATE-REP-2.md, and so on. The same text archived before is not archived again.
 */
function archiveMinutes(dir: string, base: string, text: string): { path: string; fresh: boolean } {
  mkdirSync(dir, { recursive: true });
  const pattern = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(-\\d+)?\\.md$`);
  for (const f of readdirSync(dir).filter((n) => pattern.test(n)).sort())
    if (readFileSync(join(dir, f), 'utf8') === text) return { path: join(dir, f), fresh: false };
  const tmp = join(dir, `.${base}.tmp-${process.pid}`);
  writeFileSync(tmp, text);
  try {
    for (let n = 1; ; n++) {
      const path = join(dir, n === 1 ? `${base}.md` : `${base}-${n}.md`);
      try {
        linkSync(tmp, path); // fails if the name is taken, even by a concurrent run: nothing is overwritten
        return { path, fresh: true };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
  } finally {
    rmSync(tmp, { force: true });
  }
}

interface RecordFlags {
  archive?: string;
  state?: string;
  json?: boolean;
}

function registerRecord(parent: Command): void {
  const cmd = sub(parent, 'record')
    .argument('<minutes>', 'a filled minutes file (from `perf calibrate minutes`)')
    .description('archive filled minutes and store their action items in the state store (recording twice adds nothing)')
    .option('--archive <dir>', 'archive folder (default: calibrate.archive, "calibrations")')
    .option('--json', 'print the result as JSON');
  stateOption(cmd);
  examples(cmd, ['perf calibrate record minutes.md', 'perf calibrate record minutes.md --archive ~/calibrations --state ops/state.db']);
  action<RecordFlags>(cmd, async (ctx, [file], flags) => {
    const text = readMinutes(file);
    const parsed = parseMinutes(text, file);
    if (parsed.header === null) {
      process.stderr.write(problemLines(ctx, parsed.problems) + '\n');
      throw new PerfError(EXIT.usage, bi(`${file} is not calibration minutes: it needs "Rep:" and "Date:" lines`, `${file} 不是校准纪要：需要"销售："和"日期："两行`));
    }
    const { rep, manager, date } = parsed.header;
    const archived = archiveMinutes(resolve(flags.archive ?? ctx.config.calibrate.archive), `${isoDate(date)}-${slug(rep)}`, text);
    const outcome = withStore(flags.state, (store) =>
      store.record(
        parsed.items.map((i) => ({ rep, manager, meetingDate: date, owner: i.owner, due: i.due, text: i.text, done: i.done, minutesFile: archived.path, line: i.line })),
        ctx.asOf,
      ),
    );
    const problemCount = parsed.problems.length;
    if (flags.json) {
      ctx.print(JSON.stringify({ rep, manager: manager ?? null, date: isoDate(date), archived: archived.path, archivedNow: archived.fresh, ...mapOutcome(outcome), problems: parsed.problems }, null, 2));
      return strictExit(ctx, [{ problemCount }]);
    }
    ctx.print(
      ctx.t(
        archived.fresh
          ? bi(`Minutes of ${rep}, ${isoDate(date)}: archived as ${archived.path}`, `${rep} ${isoDate(date)} 的纪要：已归档为 ${archived.path}`)
          : bi(`Minutes of ${rep}, ${isoDate(date)}: already archived as ${archived.path}`, `${rep} ${isoDate(date)} 的纪要：此前已归档为 ${archived.path}`),
      ),
    );
    ctx.print(
      ctx.t(
        bi(
          `Action items: ${outcome.added.length} new, ${outcome.existing.length} already recorded, ${outcome.closed.length} closed`,
          `行动项：新增 ${outcome.added.length} 项，已记录 ${outcome.existing.length} 项，关闭 ${outcome.closed.length} 项`,
        ),
      ),
    );
    if (outcome.added.length) ctx.print(taskTable(ctx, outcome.added));
    ctx.print(problemLines(ctx, parsed.problems, problemCount));
    return strictExit(ctx, [{ problemCount }]);
  });
}

const itemJson = (i: ActionItem) => ({
  id: i.id,
  rep: i.rep,
  manager: i.manager,
  meetingDate: isoDate(i.meetingDate),
  owner: i.owner,
  due: i.due === null ? null : isoDate(i.due),
  text: i.text,
  status: i.status,
  recordedOn: isoDate(i.recordedOn),
  doneOn: i.doneOn === null ? null : isoDate(i.doneOn),
  minutesFile: i.minutesFile,
  line: i.line,
});

const mapOutcome = (o: { added: ActionItem[]; existing: ActionItem[]; closed: ActionItem[] }) => ({
  added: o.added.map(itemJson),
  existing: o.existing.map(itemJson),
  closed: o.closed.map(itemJson),
});

// ── tasks and done ──────────────────────────────────────────────────────────────────────────────

function taskTable(ctx: Context, items: ActionItem[]): string {
  const head = ['ID', 'Rep', 'Owner', 'Due', 'Overdue', 'Status', 'Action'].map((h, i) => ctx.t(bi(h, ['编号', '销售', '负责人', '截止', '逾期天数', '状态', '行动项'][i])));
  return renderTable(
    head,
    items.map((i) => [i.id, i.rep, i.owner, i.due === null ? '—' : isoDate(i.due), daysOverdue(i, ctx.asOf) || '', ctx.t(i.status === 'open' ? bi('open', '未完成') : bi('done', '已完成')), i.text]),
  );
}

interface TasksFlags {
  rep?: string;
  overdue?: boolean;
  status?: string;
  format?: string;
  state?: string;
}

function registerTasks(parent: Command): void {
  const cmd = sub(parent, 'tasks')
    .description('list action items from recorded calibrations (open ones by default)')
    .option('--rep <name>', 'only this rep')
    .option('--overdue', 'only open items past their due date (as of --as-of)')
    .option('--status <s>', 'open, done or all', 'open')
    .option('--format <f>', 'text, csv or json', 'text');
  stateOption(cmd);
  examples(cmd, ['perf calibrate tasks', 'perf calibrate tasks --rep "Wang Fang" --overdue', 'perf calibrate tasks --status all --format csv > tasks.csv']);
  action<TasksFlags>(cmd, (ctx, _args, flags) => {
    const status = flags.status ?? 'open';
    if (status !== 'open' && status !== 'done' && status !== 'all')
      throw new PerfError(EXIT.usage, bi(`--status must be open, done or all, not "${status}"`, `--status 只能是 open、done 或 all，而不是"${status}"`));
    const format = flags.format ?? 'text';
    if (!['text', 'csv', 'json'].includes(format))
      throw new PerfError(EXIT.usage, bi(`--format must be text, csv or json, not "${format}"`, `--format 只能是 text、csv 或 json，而不是"${format}"`));
    let items = withStore(flags.state, (s) => s.list({ rep: flags.rep, status: flags.overdue ? 'open' : status }));
    if (flags.overdue) items = items.filter((i) => daysOverdue(i, ctx.asOf) > 0);
    const rows = items.map((i) => ({ ...itemJson(i), daysOverdue: daysOverdue(i, ctx.asOf) }));
    if (format === 'json') ctx.print(JSON.stringify(rows, null, 2));
    else if (format === 'csv')
      process.stdout.write(
        toCsv(
          ['id', 'rep', 'manager', 'meetingDate', 'owner', 'due', 'daysOverdue', 'status', 'text', 'doneOn', 'minutesFile', 'line'].map((k) => ({ key: k, header: k })),
          rows,
          { bom: false },
        ),
      );
    else if (items.length === 0) ctx.print(ctx.t(bi('No action items.', '没有行动项。')));
    else ctx.print(taskTable(ctx, items));
  });
}

function registerDone(parent: Command): void {
  const cmd = sub(parent, 'done').argument('<id...>', 'item ids, as `tasks` lists them').description('close action items');
  stateOption(cmd);
  examples(cmd, ['perf calibrate done 3', 'perf calibrate done 3 4 7 --state ops/state.db']);
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
        ctx.print(
          ctx.t(
            before.status === 'done'
              ? bi(`#${n} was already done (${isoDate(before.doneOn!)}): ${after.text}`, `#${n} 此前已完成（${isoDate(before.doneOn!)}）：${after.text}`)
              : bi(`#${n} done: ${after.text}`, `#${n} 已完成：${after.text}`),
          ),
        );
      }
      return EXIT.ok;
    });
  });
}

export function registerCalibrate(program: Command): void {
  const cmd = program
    .command('calibrate')
    .description('the bi-weekly coaching loop: calendar invites, prep packets, minutes and action items');
  examples(cmd, [
    'perf calibrate plan --team fixtures/teams.csv --start 2026-12-07 -o calendars',
    'perf calibrate prep --deals fixtures/deals.csv --activity fixtures/activity.xlsx --team fixtures/teams.csv --md prep',
    'perf calibrate minutes "Wang Fang" --date 2026-12-07 -o minutes.md',
    'perf calibrate record minutes.md',
    'perf calibrate tasks --overdue',
    'perf calibrate done 3',
  ]);
  registerPlan(cmd);
  registerPrep(cmd);
  registerMinutes(cmd);
  registerRecord(cmd);
  registerTasks(cmd);
  registerDone(cmd);
}
