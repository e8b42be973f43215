import { linkSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { isoDate } from '../../core/calendar.js';
import { slug } from '../../core/calibrate/invite.js';
import { parseMinutes } from '../../core/calibrate/minutes.js';
import { EXIT, PerfError } from '../../core/errors.js';
import { bi, byCount } from '../../core/i18n.js';
import { decodeText } from '../../io/source/sniff.js';
import { action, examples } from '../common.js';
import { strictExit } from '../context.js';
import { problemLines } from '../render.js';
import { stateOption, sub, withStore } from './common.js';
import { recordJson } from './json.js';
import { recordBlocks } from './report.js';

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

export function registerRecord(parent: Command): void {
  const cmd = sub(parent, 'record')
    .argument('<minutes>', 'a filled minutes file (from `sales-perf calibrate minutes`)')
    .description('archive filled minutes and store their action items in the state store (recording twice adds nothing)')
    .option('--archive <dir>', 'archive folder (default: calibrate.archive, "calibrations")')
    .option('--json', 'print the result as JSON');
  stateOption(cmd);
  examples(cmd, ['sales-perf calibrate record minutes.md', 'sales-perf calibrate record minutes.md --archive ~/calibrations --state ops/state.db']);
  action<RecordFlags>(cmd, async (ctx, [file], flags) => {
    const text = readMinutes(file);
    const parsed = parseMinutes(text, file);
    if (parsed.header === null) {
      process.stderr.write(problemLines(ctx, parsed.problems) + '\n');
      throw new PerfError(EXIT.usage, bi(`${file} is not calibration minutes: it needs "Rep:" and "Date:" lines`, `${file} 不是校准纪要：需要"销售："和"日期："两行`));
    }
    // A due date that is not one (2026-13-40) is a typo, not a missing detail: storing the other items and dropping
    // this one would lose it silently behind "3 new". Nothing is archived or stored until it is fixed.
    const badDue = parsed.problems.filter((p) => p.code === 'item_bad_due');
    if (badDue.length) {
      process.stderr.write(problemLines(ctx, badDue) + '\n');
      const rows = badDue.map((p) => `${p.row} "${p.value}"`);
      throw new PerfError(
        EXIT.usage,
        bi(
          `${file}: ${byCount(badDue.length, 'an action item has a due date', `${badDue.length} action items have due dates`)} that ${byCount(badDue.length, 'is', 'are')} not a date (row ${rows.join(', row ')}); nothing archived or stored: correct ${byCount(badDue.length, 'it', 'them')} and record again`,
          `${file}：${badDue.length} 个行动项的截止日期不是有效日期（${rows.map((r) => `第 ${r.replace(' ', ' 行 ')}`).join('，')}）；未归档也未保存：请改正后重新记录`,
        ),
      );
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
      ctx.print(recordJson({ rep, manager, date, archived, outcome, problems: parsed.problems }));
      return strictExit(ctx, [{ problemCount }]);
    }
    for (const block of recordBlocks(ctx, { rep, date, archived, outcome, problems: parsed.problems, problemCount })) ctx.print(block);
    return strictExit(ctx, [{ problemCount }]);
  });
}
